//! The `support-metrics` binary, run as a user runs it: every shared vector through
//! `call --jsonl` in one process, golden answers of `calendar` and `staffing` derived by hand,
//! error messages with their positions and exit codes, `--help` of every option, and every
//! example of docs/cli.md.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};
use support_metrics::api;
use support_metrics_testkit::vectors;

const BIN: &str = env!("CARGO_BIN_EXE_support-metrics");

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A scratch directory of this test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs the binary in `dir` with `args` and `stdin`.
fn run_in(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin");
    let text = stdin.to_owned();
    // Written from a thread, so a large input cannot deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().expect("the binary finishes");
    writer.join().expect("stdin written");
    out
}

fn run(args: &[&str]) -> Output {
    run_in(&data(), args, "")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 stderr")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("an exit code, not a signal")
}

/// Asserts success and returns stdout.
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    stdout(&o)
}

// ---------------------------------------------------------------------------------------------
// The shared vectors.

#[test]
fn every_vector_through_call_jsonl_in_one_process() {
    let cases = vectors::all();
    assert!(cases.len() >= 800, "only {} cases", cases.len());
    let mut requests = String::new();
    for (i, case) in cases.iter().enumerate() {
        let line = json!({"id": i, "op": case.op, "args": case.args});
        requests.push_str(&line.to_string());
        requests.push('\n');
    }
    let o = run_in(&data(), &["call", "--jsonl"], &requests);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), cases.len(), "one answer line per request");
    let mut failures = Vec::new();
    for (i, (case, line)) in cases.iter().zip(&lines).enumerate() {
        let reply: Value = serde_json::from_str(line).expect("each answer line is JSON");
        assert_eq!(reply["id"], json!(i), "answers come in request order");
        let got = match (reply.get("ok"), reply.get("error")) {
            (Some(v), None) => Ok(v.clone()),
            (None, Some(e)) => {
                for key in ["code", "family", "message"] {
                    assert!(
                        e[key].is_string(),
                        "{}: error without {key}: {line}",
                        case.name
                    );
                }
                Err(e["code"].as_str().unwrap_or_default().to_owned())
            }
            _ => panic!("{}: neither ok nor error: {line}", case.name),
        };
        let diffs = vectors::check(case, |_, _| got);
        if !diffs.is_empty() {
            failures.push(format!("{}/{}: {}", case.file, case.name, diffs.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed through the CLI:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn call_one_operation_matches_the_core() {
    // A sample of vectors, one process each, through every way of passing the arguments.
    let dir = scratch("call-one");
    for (n, case) in vectors::all().iter().step_by(53).enumerate() {
        let want = api::call(&case.op, &case.args);
        let args = case.args.to_string();
        let o = match n % 3 {
            0 => run_in(&dir, &["call", &case.op, &args], ""),
            1 => run_in(&dir, &["call", &case.op], &args),
            _ => {
                std::fs::write(dir.join("args.json"), &args).expect("write args");
                run_in(&dir, &["call", &case.op, "@args.json"], "")
            }
        };
        match want {
            Ok(v) => {
                assert_eq!(code(&o), 0, "{}: {}", case.name, stderr(&o));
                let got: Value = serde_json::from_str(&stdout(&o)).expect("JSON answer");
                assert_eq!(got, v, "{}", case.name);
            }
            Err(e) => {
                assert_eq!(code(&o), 3, "{}", case.name);
                assert!(stdout(&o).is_empty(), "{}", case.name);
                let err = stderr(&o);
                assert!(
                    err.ends_with(&format!("[{}]\n", e.code())),
                    "{}: {err}",
                    case.name
                );
            }
        }
    }
}

#[test]
fn call_pretty_and_jsonl_errors() {
    let args = r#"{"numerator": 5, "denominator": 10}"#;
    let pretty = ok(&["call", "rate", "--pretty", args]);
    let compact = ok(&["call", "rate", args]);
    assert_eq!(compact.lines().count(), 1);
    assert!(pretty.lines().count() > 3, "{pretty}");
    let (a, b): (Value, Value) = (
        serde_json::from_str(&pretty).expect("JSON"),
        serde_json::from_str(&compact).expect("JSON"),
    );
    assert_eq!(a, b);
    let out = ok(&["call", "normal_cdf", "{\"x\": 0}"]);
    assert_eq!(out, "0.5\n");
    // Every malformed request is an error line naming its line; blank lines are skipped; ids
    // are echoed.
    let requests = "{\"id\": \"a\", \"op\": \"normal_cdf\", \"args\": {\"x\": 0}}\n\
                    \n\
                    {\"op\": \"normal_cdf\", \"args\": \n\
                    [1, 2]\n\
                    {\"id\": 7, \"args\": {}}\n\
                    {\"id\": 8, \"op\": \"nope\"}\n\
                    {\"id\": 9, \"op\": \"normal_cdf\", \"args\": {\"y\": 1}}\n";
    let o = run_in(&data(), &["call", "--jsonl"], requests);
    assert_eq!(code(&o), 0);
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[0], json!({"id": "a", "ok": 0.5}));
    let err = |i: usize| &lines[i]["error"];
    assert_eq!(err(1)["code"], "invalid_json");
    assert_eq!(err(1)["line"], 3);
    assert!(err(1)["message"]
        .as_str()
        .unwrap_or_default()
        .contains("line 3"));
    assert_eq!(err(2)["code"], "invalid_type");
    assert_eq!(err(2)["line"], 4);
    assert_eq!(
        (&lines[3]["id"], &err(3)["code"]),
        (&json!(7), &json!("missing_field"))
    );
    assert_eq!(err(4)["code"], "unknown_operation");
    assert_eq!(err(4)["family"], "value");
    assert_eq!(err(5)["code"], "unknown_field");
    // The same from a file.
    let dir = scratch("jsonl-file");
    std::fs::write(dir.join("req.jsonl"), requests).expect("write");
    let o = run_in(&dir, &["call", "--jsonl", "--input", "req.jsonl"], "");
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o).lines().count(), 6);
}

// ---------------------------------------------------------------------------------------------
// calendar: goldens on tests/data/cal.json, Mon–Fri 09:00–17:00 UTC (2026-03-02 is a Monday).

#[test]
fn calendar_pair_goldens() {
    let cal = ["calendar", "--calendar", "cal.json"];
    let with = |extra: &[&str]| ok(&[&cal[..], extra].concat());
    // Mon 08:00 → Mon 10:30: open 09:00–10:30 = 1.5 h = 5400 s.
    let out = with(&[
        "--start",
        "2026-03-02T08:00:00Z",
        "--end",
        "2026-03-02T10:30:00Z",
    ]);
    assert_eq!(out, "5400\n");
    // Mon 08:00 → Wed 12:00: Mon 8 h + Tue 8 h + Wed 09:00–12:00 3 h = 19 h = 68400 s.
    let out = with(&[
        "--start",
        "2026-03-02T08:00:00Z",
        "--end",
        "2026-03-04T12:00:00Z",
    ]);
    assert_eq!(out, "68400\n");
    // Fri 16:00 → Mon 10:00 (Moscow and Berlin offsets): Fri 16–17 1 h + Mon 09–10 1 h = 7200.
    let out = with(&[
        "--start",
        "2026-03-06T19:00:00+03:00",
        "--end",
        "2026-03-09T11:00:00+01:00",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        v,
        json!({"start": "2026-03-06T16:00:00Z", "end": "2026-03-09T10:00:00Z", "business_seconds": 7200.0})
    );
    // Deadline: Fri 16:00 + 7200 s: 1 h on Friday, 1 h on Monday from 09:00 → Mon 10:00.
    let out = with(&["--start", "2026-03-06T16:00:00Z", "--add", "7200"]);
    assert_eq!(out, "2026-03-09T10:00:00Z\n");
    // Fri 16:00 + 3600 s ends at Friday's close; the *latest* instant with exactly 3600 s of
    // business time is the next opening, Mon 09:00 (the weekend adds none).
    let out = with(&["--start", "2026-03-06T16:00:00Z", "--add", "3600"]);
    assert_eq!(out, "2026-03-09T09:00:00Z\n");
    // Saturday noon: closed; opens Mon 09:00, and that opening closes Mon 17:00.
    let out = with(&["--at", "2026-03-07T12:00:00Z"]);
    assert_eq!(
        out,
        "open: false\nnext_open: 2026-03-09T09:00:00Z\nnext_close: 2026-03-09T17:00:00Z\n"
    );
    // Tuesday 10:00: open; closes 17:00 the same day.
    let out = with(&["--at", "2026-03-03T10:00:00Z", "--json"]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        v,
        json!({"at": "2026-03-03T10:00:00Z", "is_open": true,
               "next_open": "2026-03-03T10:00:00Z", "next_close": "2026-03-03T17:00:00Z"})
    );
}

#[test]
fn calendar_csv_golden() {
    let out = ok(&["calendar", "--calendar", "cal.json", "--input", "pairs.csv"]);
    // a: Mon 08:00 → 10:30 = 1.5 h = 5400.
    // b: Fri 16:00 → Mon 10:00 = 1 h + 1 h = 7200.
    // c: Mon 12:30+03:00 (09:30Z) → Tue 09:15+01:00 (08:15Z): Mon 09:30–17:00 = 7.5 h = 27000,
    //    Tuesday before opening adds nothing.
    // d: no end: a missing value, no error.
    assert_eq!(
        out,
        "start,end,business_seconds,error\n\
         2026-03-02T08:00:00Z,2026-03-02T10:30:00Z,5400,\n\
         2026-03-06T16:00:00Z,2026-03-09T10:00:00Z,7200,\n\
         2026-03-02T09:30:00Z,2026-03-03T08:15:00Z,27000,\n\
         2026-03-02T10:00:00Z,,,\n"
    );
    // --output writes the same to a file.
    let dir = scratch("calendar-out");
    let out_file = dir.join("out.csv");
    let o = run(&[
        "calendar",
        "--calendar",
        "cal.json",
        "--input",
        "pairs.csv",
        "--output",
        out_file.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).is_empty());
    assert_eq!(std::fs::read_to_string(out_file).expect("written"), out);
}

#[test]
fn calendar_csv_bad_rows_are_data_with_positions_and_exit_3() {
    let o = run(&[
        "calendar",
        "--calendar",
        "cal.json",
        "--input",
        "bad_pairs.csv",
    ]);
    assert_eq!(code(&o), 3);
    let out = stdout(&o);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 4, "every row is written: {out}");
    // Mon 09:00 → 11:00 = 7200.
    assert_eq!(rows[1], "2026-03-02T09:00:00Z,2026-03-02T11:00:00Z,7200,");
    assert!(rows[2].starts_with(
        "2026-03-02 09:00,2026-03-02T11:00:00Z,,\"invalid_timestamp: start: invalid timestamp"
    ));
    assert!(rows[3].ends_with(
        ",,end_before_start: end 2026-03-03T10:00:00Z is before start 2026-03-03T12:00:00Z"
    ));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("bad_pairs.csv:3:1: start: invalid timestamp `2026-03-02 09:00`"),
        "{err}"
    );
    assert!(lines[0].ends_with("[invalid_timestamp]"), "{err}");
    // The end column of line 4 starts at character 22.
    assert_eq!(
        lines[1],
        "bad_pairs.csv:4:22: end 2026-03-03T10:00:00Z is before start 2026-03-03T12:00:00Z [end_before_start]"
    );
    assert_eq!(
        lines[2],
        "bad_pairs.csv: 2 of 3 rows have errors (see the `error` column) [row_errors]"
    );
    // --allow-row-errors: the same output, exit 0.
    let o = run(&[
        "calendar",
        "--calendar",
        "cal.json",
        "--input",
        "bad_pairs.csv",
        "--allow-row-errors",
    ]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), out);
}

// ---------------------------------------------------------------------------------------------
// staffing

#[test]
fn staffing_textbook_case() {
    // The Erlang C worked example (e.g. Call Centre Helper's "Erlang C formula made simple"):
    // 100 calls in 30 minutes, AHT 180 s → 100 × 180 / 1800 = 10 Erlangs; 80% answered within
    // 20 s needs 14 agents (13 give SL 79.6%, 14 give 88.8%), probability of waiting 17.4%,
    // ASA 7.8 s, occupancy 10/14 = 71.4%; with 30% shrinkage 14 / 0.7 = 20 scheduled agents.
    let out = ok(&[
        "staffing",
        "--calls",
        "100",
        "--aht-seconds",
        "180",
        "--json",
    ]);
    let s: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(s["traffic_erlangs"], 10.0);
    assert_eq!(s["agents"], 14);
    assert_eq!(s["limited_by"], "service_level");
    let near = |k: &str, want: f64, tol: f64| {
        let got = s[k].as_f64().unwrap_or(f64::NAN);
        assert!((got - want).abs() <= tol, "{k}: {got} vs {want}");
    };
    near("service_level", 0.888, 0.001);
    near("probability_of_waiting", 0.174, 0.001);
    near("asa_seconds", 7.8, 0.05);
    near("occupancy", 10.0 / 14.0, 1e-12);
    // The same numbers as the core's agents_needed through api::call.
    let core = api::call(
        "agents_needed",
        &json!({"traffic_erlangs": 10.0, "aht_seconds": 180.0,
                "target": {"service_level": 0.8, "threshold_seconds": 20.0}}),
    )
    .expect("core answer");
    assert_eq!(s, core);
    // Shrinkage 30%: 20 scheduled agents; CSV output.
    let out = ok(&[
        "staffing",
        "--calls",
        "100",
        "--aht-seconds",
        "180",
        "--shrinkage",
        "0.3",
    ]);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "calls,aht_seconds,traffic_erlangs,agents,agents_fractional,scheduled_agents,\
         service_level,asa_seconds,occupancy,limited_by,error"
    );
    let cells: Vec<&str> = rows[1].split(',').collect();
    assert_eq!(
        (cells[2], cells[3], cells[5], cells[9], cells[10]),
        ("10", "14", "20", "service_level", "")
    );
}

#[test]
fn staffing_csv_golden_and_cross_check() {
    let out = ok(&["staffing", "--input", "forecast.csv", "--interval", "30m"]);
    let rows: Vec<Vec<String>> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    // 09:00: the textbook 10 Erlangs → 14 agents. 09:30: no calls, no agents.
    assert_eq!((rows[0][2].as_str(), rows[0][3].as_str()), ("10", "14"));
    assert_eq!(
        &rows[1][2..],
        ["0", "0", "0", "0", "1", "0", "0", "no_traffic", ""]
    );
    // 10:00: 200 × 240 / 1800 = 26.67 Erlangs; whatever the core says for it, through api::call.
    let core = api::call(
        "agents_needed",
        &json!({"traffic_erlangs": 200.0 * 240.0 / 1800.0, "aht_seconds": 240.0,
                "target": {"service_level": 0.8, "threshold_seconds": 20.0}}),
    )
    .expect("core answer");
    assert_eq!(rows[2][3], core["agents"].to_string());
    assert_eq!(
        rows[2][4].parse::<f64>().ok(),
        core["agents_fractional"].as_f64()
    );
    assert_eq!(
        rows[2][6].parse::<f64>().ok(),
        core["service_level"].as_f64()
    );
}

#[test]
fn staffing_bad_rows_and_bad_target() {
    let dir = scratch("staffing-bad");
    std::fs::write(
        dir.join("f.csv"),
        "calls,aht_seconds\n100,180\nmany,180\n-5,180\n10,0\n",
    )
    .expect("write");
    let o = run_in(&dir, &["staffing", "--input", "f.csv"], "");
    assert_eq!(code(&o), 3);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 5, "{out}");
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        "f.csv:3:1: calls: invalid value `many`: expected a number [invalid_value]"
    );
    assert!(
        lines[1].starts_with("f.csv:4:1: invalid calls -5") && lines[1].ends_with("[invalid_rate]"),
        "{err}"
    );
    assert!(
        lines[2].starts_with("f.csv:5:4: ") && lines[2].ends_with("[invalid_argument]"),
        "{err}"
    );
    assert_eq!(
        lines[3],
        "f.csv: 3 of 4 rows have errors (see the `error` column) [row_errors]"
    );
    // A bad target fails the whole call.
    let o = run(&[
        "staffing",
        "--calls",
        "100",
        "--aht-seconds",
        "180",
        "--service-level",
        "80",
    ]);
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).starts_with("support-metrics: invalid target service level 80"));
    assert!(stderr(&o).ends_with("[invalid_target]\n"));
    let o = run(&[
        "staffing",
        "--calls",
        "100",
        "--aht-seconds",
        "180",
        "--interval",
        "20m",
    ]);
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).ends_with("[invalid_argument]\n"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// sla: goldens on tests/data/tickets.csv with policies.{json,toml} and cal.json (Mon–Fri
// 09:00–17:00 UTC; 2026-03-02 is a Monday), as of Tuesday 2026-03-03 12:00 UTC.

const SLA_HEADER: &str = "id,policy,metric,time,state,target_seconds,elapsed_seconds,deadline,\
                          remaining_seconds,breached_at,overshoot_seconds,cycles";

fn sla_args<'a>(policies: &'a str, as_of: &'a str) -> Vec<&'a str> {
    vec![
        "sla",
        "--interactions",
        "tickets.csv",
        "--policies",
        policies,
        "--calendar",
        "cal.json",
        "--as-of",
        as_of,
    ]
}

#[test]
fn sla_golden_by_hand() {
    let o = run(&sla_args("policies.json", "2026-03-03T12:00:00Z"));
    // Policies: `urgent` (priority urgent): first_reply 1 business hour, resolution 4 business
    // hours; `standard` (email, phone): first_reply 4 business hours, resolution 24 clock hours.
    //
    // T1 urgent, created Mon 09:00, reply 09:30, solved 11:00.
    //   first_reply: 09:00→09:30 = 1800 ≤ 3600, met; deadline 09:00 + 1 h = Mon 10:00.
    //   resolution: 09:00→11:00 = 7200 ≤ 14400, met; the solve stops the clock with budget
    //   left, so the known timeline has no deadline (empty).
    // T2 urgent (chat), created Mon 16:30, reply Tue 09:45, unresolved.
    //   first_reply: Mon 16:30–17:00 1800 + Tue 09:00–09:45 2700 = 4500 > 3600: breached;
    //   deadline = breached_at: 1800 left after Monday → Tue 09:30; overshoot 900.
    //   resolution: running: 1800 + Tue 09:00–12:00 10800 = 12600 ≤ 14400, active,
    //   remaining 1800, deadline Tue 12:30.
    // T3 standard (email, no priority), created Mon 15:00, no reply, unresolved.
    //   first_reply: Mon 15–17 7200 + Tue 09–12 10800 = 18000 > 14400: breached while still
    //   running; deadline 7200 left after Monday → Tue 11:00; overshoot 3600.
    //   resolution (clock time): Mon 15:00 → Tue 12:00 = 21 h = 75600 ≤ 86400, active,
    //   remaining 10800, deadline Tue 15:00.
    // T4 standard (phone), created Tue 08:00, reply 08:30, solved 10:00.
    //   first_reply: 08:00→08:30 is before opening: 0 business seconds, met; solved with budget
    //   left: no deadline.
    //   resolution (clock): 08:00→10:00 = 7200, met, no deadline.
    // T5 channel `fax`: rejected at line 6, column 4 (the channel field); no row.
    // T6 chat without priority: no policy matches: one row, empty policy and metric.
    let want = format!(
        "{SLA_HEADER}\n\
         T1,urgent,first_reply,business,met,3600,1800,2026-03-02T10:00:00Z,,,,1\n\
         T1,urgent,resolution,business,met,14400,7200,,,,,1\n\
         T2,urgent,first_reply,business,breached,3600,4500,2026-03-03T09:30:00Z,,2026-03-03T09:30:00Z,900,1\n\
         T2,urgent,resolution,business,active,14400,12600,2026-03-03T12:30:00Z,1800,,,1\n\
         T3,standard,first_reply,business,breached,14400,18000,2026-03-03T11:00:00Z,,2026-03-03T11:00:00Z,3600,1\n\
         T3,standard,resolution,calendar,active,86400,75600,2026-03-03T15:00:00Z,10800,,,1\n\
         T4,standard,first_reply,business,met,14400,0,,,,,1\n\
         T4,standard,resolution,calendar,met,86400,7200,,,,,1\n\
         T6,,,,,,,,,,,\n"
    );
    assert_eq!(stdout(&o), want);
    assert_eq!(
        stderr(&o),
        "tickets.csv:6:4: unknown channel `fax`: use email, chat, phone, social, messenger, \
         web_form or other [unknown_channel]\n\
         tickets.csv: 1 of 6 rows rejected or not evaluated (reported above) [row_errors]\n"
    );
    assert_eq!(code(&o), 3);
    // --allow-row-errors: the same output and report, exit 0.
    let mut args = sla_args("policies.json", "2026-03-03T12:00:00Z");
    args.push("--allow-row-errors");
    let o2 = run(&args);
    assert_eq!(code(&o2), 0);
    assert_eq!((stdout(&o2), stderr(&o2)), (stdout(&o), stderr(&o)));

    // Cross-check T2 and T3 against the core's evaluate_sla through api::call, with the
    // interactions written by hand as the timelines the summary rows stand for.
    let cal: Value =
        serde_json::from_str(&std::fs::read_to_string(data().join("cal.json")).expect("cal.json"))
            .expect("JSON");
    let policies: Value = serde_json::from_str(
        &std::fs::read_to_string(data().join("policies.json")).expect("policies.json"),
    )
    .expect("JSON");
    let eval = |interaction: Value| {
        api::call(
            "evaluate_sla",
            &json!({"calendar": cal, "policies": policies, "interaction": interaction,
                    "as_of": "2026-03-03T12:00:00Z"}),
        )
        .expect("core answer")
    };
    let t2 = eval(json!({"id": "T2", "channel": "chat", "priority": "urgent",
        "created_at": "2026-03-02T16:30:00Z",
        "events": [{"at": "2026-03-03T09:45:00Z", "type": "agent_reply"}]}));
    assert_eq!(t2["policy"], "urgent");
    assert_eq!(
        t2["targets"][0],
        json!({"metric": "first_reply", "time": "business", "state": "breached",
               "target_seconds": 3600.0, "elapsed_seconds": 4500.0,
               "deadline": "2026-03-03T09:30:00Z", "remaining_seconds": null,
               "breached_at": "2026-03-03T09:30:00Z", "overshoot_seconds": 900.0, "cycles": 1})
    );
    assert_eq!(t2["targets"][1]["remaining_seconds"], 1800.0);
    let t3 = eval(json!({"id": "T3", "channel": "email",
        "created_at": "2026-03-02T15:00:00Z"}));
    assert_eq!(t3["policy"], "standard");
    assert_eq!(t3["targets"][0]["overshoot_seconds"], 3600.0);
    assert_eq!(t3["targets"][1]["deadline"], "2026-03-03T15:00:00Z");
    assert_eq!(t3["targets"][1]["elapsed_seconds"], 75600.0);
}

#[test]
fn sla_toml_policies_give_identical_output() {
    let from_json = run(&sla_args("policies.json", "2026-03-03T12:00:00Z"));
    let from_toml = run(&sla_args("policies.toml", "2026-03-03T12:00:00Z"));
    assert_eq!(stdout(&from_json), stdout(&from_toml));
    assert_eq!(stderr(&from_json), stderr(&from_toml));
    assert_eq!(code(&from_json), code(&from_toml));
    // The same documents, as the core sees them.
    let json_text = std::fs::read_to_string(data().join("policies.json")).expect("read");
    let want = api::call("validate_sla_policies", &json!({"policies": json_text}));
    assert_eq!(want.ok(), Some(json!(true)));
    // JSON Lines interactions give the same rows as the CSV.
    let dir = scratch("sla-jsonl");
    for f in ["cal.json", "policies.toml"] {
        std::fs::copy(data().join(f), dir.join(f)).expect("copy");
    }
    std::fs::write(
        dir.join("t.ndjson"),
        "{\"id\": \"T1\", \"channel\": \"email\", \"priority\": \"urgent\", \
         \"created_at\": \"2026-03-02T09:00:00Z\", \"first_response_at\": \"2026-03-02T09:30:00Z\", \
         \"resolved_at\": \"2026-03-02T11:00:00Z\"}\n",
    )
    .expect("write");
    let out_file = dir.join("out.csv");
    let o = run_in(
        &dir,
        &[
            "sla",
            "--interactions",
            "t.ndjson",
            "--policies",
            "policies.toml",
            "--calendar",
            "cal.json",
            "--as-of",
            "2026-03-03T12:00:00Z",
            "--output",
            out_file.to_str().expect("UTF-8 path"),
        ],
        "",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let written = std::fs::read_to_string(out_file).expect("written");
    let csv_rows: Vec<String> = stdout(&from_json)
        .lines()
        .take(3)
        .map(str::to_owned)
        .collect();
    assert_eq!(written, format!("{}\n", csv_rows.join("\n")));
}

#[test]
fn sla_as_of_is_required_and_now_reads_the_clock() {
    let o = run(&[
        "sla",
        "--interactions",
        "tickets.csv",
        "--policies",
        "policies.json",
        "--calendar",
        "cal.json",
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("--as-of"));
    let mut args = sla_args("policies.json", "now");
    args.push("--allow-row-errors");
    let o = run(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Long after March 2026 every open target of the fixtures is breached.
    assert_eq!(stdout(&o).lines().count(), 10);
    let o = run(&sla_args("policies.json", "2026-03-03 12:00"));
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).starts_with("support-metrics: --as-of: invalid timestamp `2026-03-03 12:00`"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
    let o = run(&sla_args("nope.toml", "2026-03-03T12:00:00Z"));
    assert_eq!(code(&o), 4);
}

#[test]
fn toml_policy_errors_have_line_and_column() {
    let dir = scratch("toml-errors");
    std::fs::copy(data().join("cal.json"), dir.join("cal.json")).expect("copy");
    std::fs::copy(data().join("tickets.csv"), dir.join("tickets.csv")).expect("copy");
    // Line 3 is `name = "urgent` (14 characters, the string never closed): toml points just
    // past its end, column 15, where the closing quote is missing.
    std::fs::write(
        dir.join("p.toml"),
        "# policies\n[[policies]]\nname = \"urgent\n[[policies.targets]]\n",
    )
    .expect("write");
    let o = run_in(
        &dir,
        &[
            "sla",
            "--interactions",
            "tickets.csv",
            "--policies",
            "p.toml",
            "--calendar",
            "cal.json",
            "--as-of",
            "2026-03-03T12:00:00Z",
        ],
        "",
    );
    assert_eq!(code(&o), 3);
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert_eq!(
        err,
        "p.toml:3:15: invalid TOML: invalid basic string, expected `\"` [invalid_toml]\n"
    );
    assert!(err.ends_with(" [invalid_toml]\n"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // Valid TOML, invalid policies: the core's code, at the place of the offending value.
    std::fs::write(
        dir.join("q.toml"),
        "[[policies]]\nname = \"a\"\n[[policies.targets]]\nmetric = \"first_reply\"\nseconds = -60\n",
    )
    .expect("write");
    let o = run_in(&dir, &["validate", "--policies", "q.toml"], "");
    assert_eq!(code(&o), 3);
    assert_eq!(
        stdout(&o),
        "q.toml:5:11: invalid duration policies[0].targets[0].seconds = -60: it must be a finite \
         number of seconds, zero or more [invalid_duration]\n\
         q.toml: policies: invalid\n"
    );
    // An unknown key: the core's invalid_json (its position in the JSON made from the TOML
    // would mean nothing, so only the file is named).
    std::fs::write(
        dir.join("r.toml"),
        "[[policies]]\nname = \"a\"\n[[policies.targets]]\nmetric = \"first_reply\"\nsecs = 60\n",
    )
    .expect("write");
    let o = run_in(&dir, &["validate", "--policies", "r.toml"], "");
    assert_eq!(code(&o), 3);
    assert!(
        stdout(&o).starts_with("r.toml: invalid policies: unknown field `secs`"),
        "{}",
        stdout(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// validate

#[test]
fn validate_good_files_exit_0() {
    let dir = scratch("validate-good");
    for f in ["cal.json", "policies.toml", "policies.json", "surveys.csv"] {
        std::fs::copy(data().join(f), dir.join(f)).expect("copy");
    }
    std::fs::write(
        dir.join("t.csv"),
        "id,channel,created_at\nA,email,2026-03-02T09:00:00Z\nB,chat,2026-03-02T10:00:00Z\n",
    )
    .expect("write");
    let args = [
        "validate",
        "--interactions",
        "t.csv",
        "--surveys",
        "surveys.csv",
        "--calendar",
        "cal.json",
        "--policies",
        "policies.toml",
    ];
    let o = run_in(&dir, &args, "");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "t.csv: interactions: 2 rows read, 0 rejected\n\
         surveys.csv: surveys: 2 rows read, 0 rejected\n\
         cal.json: calendar: valid\n\
         policies.toml: policies: valid\n"
    );
    assert!(stderr(&o).is_empty());
    let mut strict = args.to_vec();
    strict.extend(["--strict", "--json"]);
    let o = run_in(&dir, &strict, "");
    assert_eq!(code(&o), 0);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        v["files"][0],
        json!({"path": "t.csv", "kind": "interactions", "rows_read": 2, "rows_rejected": 0,
               "findings": []})
    );
    assert_eq!(
        v["files"][3],
        json!({"path": "policies.toml", "kind": "policies", "rows_read": null,
               "rows_rejected": null, "findings": []})
    );
    // At least one file is required.
    let o = run_in(&dir, &["validate", "--json"], "");
    assert_eq!(code(&o), 2);
}

#[test]
fn validate_bad_files_report_every_finding() {
    let o = run(&[
        "validate",
        "--interactions",
        "bad_tickets.csv",
        "--surveys",
        "bad_surveys.csv",
    ]);
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    // Columns: `2026-03-02 09:00` is the 4th field of line 3 (character 12); A3's reply time
    // is the 5th field of line 4 (character 35); A1 again at line 5 is a duplicate id (field
    // 1); `many` is the 7th field of line 6 (character 37); line 7 lacks its 7th field, so the
    // error is just past the row's end (35 characters).
    assert_eq!(
        stdout(&o),
        "bad_tickets.csv:3:12: created_at: invalid timestamp `2026-03-02 09:00`: expected RFC 3339 \
         with an offset, such as 2026-03-02T09:30:00Z or 2026-03-02T12:30:00+03:00 [invalid_timestamp]\n\
         bad_tickets.csv:4:35: interaction `A3`: first_response_at at 2026-03-02T09:00:00Z is before \
         the creation at 2026-03-02T10:00:00Z: check the time zone offsets of both [event_before_creation]\n\
         bad_tickets.csv:5:1: duplicate interaction id `A1`: ids must be unique within a batch [duplicate_id]\n\
         bad_tickets.csv:6:37: agent_replies: invalid value `many`: expected a whole number, 0 or more [invalid_value]\n\
         bad_tickets.csv:7:36: the row has a different number of fields than the header [invalid_csv]\n\
         bad_tickets.csv: interactions: 6 rows read, 5 rejected\n\
         bad_surveys.csv:3:9: score 11 is outside the csat scale 1 to 5: check the scale option or the data [score_out_of_scale]\n\
         bad_surveys.csv:4:4: unknown survey kind `stars`: use one of csat, nps, ces, csi [unknown_definition]\n\
         bad_surveys.csv: surveys: 3 rows read, 2 rejected\n"
    );
    // --json: the same findings, machine-readable.
    let o = run(&[
        "validate",
        "--interactions",
        "bad_tickets.csv",
        "--surveys",
        "bad_surveys.csv",
        "--json",
    ]);
    assert_eq!(code(&o), 3);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], "bad_tickets.csv");
    assert_eq!(files[0]["kind"], "interactions");
    assert_eq!(
        (&files[0]["rows_read"], &files[0]["rows_rejected"]),
        (&json!(6), &json!(5))
    );
    let codes: Vec<(u64, u64, &str)> = files[0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            (3, 12, "invalid_timestamp"),
            (4, 35, "event_before_creation"),
            (5, 1, "duplicate_id"),
            (6, 37, "invalid_value"),
            (7, 36, "invalid_csv"),
        ]
    );
    assert_eq!(
        files[0]["findings"][3],
        json!({"line": 6, "column": 37, "field": "agent_replies", "id": "A4",
               "severity": "rejected", "code": "invalid_value",
               "message": "agent_replies: invalid value `many`: expected a whole number, 0 or more"})
    );
    assert_eq!(files[1]["findings"][0]["field"], "score");
    // --strict: the first bad row is the error, on stderr, and nothing else is printed.
    let o = run(&["validate", "--interactions", "bad_tickets.csv", "--strict"]);
    assert_eq!(code(&o), 3);
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).starts_with("bad_tickets.csv:3:12: created_at: invalid timestamp")
            && stderr(&o).ends_with("[invalid_timestamp]\n")
            && stderr(&o).lines().count() == 1,
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "validate",
        "--surveys",
        "bad_surveys.csv",
        "--strict",
        "--json",
    ]);
    assert_eq!(code(&o), 3);
    assert!(stdout(&o).is_empty());
    assert_eq!(
        stderr(&o),
        "bad_surveys.csv:3:9: score 11 is outside the csat scale 1 to 5: check the scale option \
         or the data [score_out_of_scale]\n"
    );
}

#[test]
fn validate_invalid_documents_and_files() {
    let dir = scratch("validate-docs");
    std::fs::write(
        dir.join("cal.json"),
        r#"{"timezone": "UTC", "week": {"mon": [["09:00", "25:00"]]}}"#,
    )
    .expect("write");
    std::fs::write(
        dir.join("p.json"),
        "{\"policies\": [{\"name\": \"a\", \"targets\": []},\n {\"name\": \"a\", \"targets\": []}]}",
    )
    .expect("write");
    std::fs::write(dir.join("s.csv"), "interaction_id,kind\nT1,csat\n").expect("write");
    std::fs::write(
        dir.join("t.jsonl"),
        "{\"id\": \"1\", \"channel\": \"chat\", \"created_at\": \"2026-03-02T09:00:00Z\"}\n\n\
         {\"id\": \"2\", \"channel\": \"chat\" \"x\"}\n",
    )
    .expect("write");
    // JSON Lines: line 3's `"x"` (character 31) comes where a `,` or `}` must.
    let o = run_in(
        &dir,
        &[
            "validate",
            "--interactions",
            "t.jsonl",
            "--surveys",
            "s.csv",
            "--calendar",
            "cal.json",
            "--policies",
            "p.json",
        ],
        "",
    );
    assert_eq!(code(&o), 3);
    assert_eq!(
        stdout(&o),
        "t.jsonl:3:31: invalid JSON: expected `,` or `}` [invalid_json]\n\
         t.jsonl: interactions: 2 rows read, 1 rejected\n\
         s.csv:1:1: missing required column `score` (the header has: interaction_id,kind) [missing_column]\n\
         s.csv: surveys: invalid\n\
         cal.json:1:48: week.mon[0][1]: invalid wall-clock time `25:00`: hour must be 00 to 24 [invalid_time]\n\
         cal.json: calendar: invalid\n\
         p.json:2:2: policies[1]: the policy name `a` is used twice [invalid_sla_policy]\n\
         p.json: policies: invalid\n"
    );
    let o = run_in(&dir, &["validate", "--surveys", "s.csv", "--json"], "");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["files"][0]["rows_read"], Value::Null);
    assert_eq!(v["files"][0]["findings"][0]["severity"], "invalid");
    assert_eq!(v["files"][0]["findings"][0]["code"], "missing_column");
    // A file that is not UTF-8 text is an invalid file.
    std::fs::write(dir.join("latin1.toml"), b"name = \"caf\xe9\"\n").expect("write");
    let o = run_in(&dir, &["validate", "--policies", "latin1.toml"], "");
    assert_eq!(code(&o), 3);
    assert_eq!(
        stdout(&o),
        "latin1.toml:1:12: the input is not UTF-8 text [invalid_utf8]\nlatin1.toml: policies: invalid\n"
    );
    // A file that cannot be read stops everything: exit 4, nothing on stdout.
    let o = run_in(
        &dir,
        &["validate", "--surveys", "s.csv", "--calendar", "nope.json"],
        "",
    );
    assert_eq!(code(&o), 4);
    assert!(stdout(&o).is_empty());
    assert_eq!(
        stderr(&o),
        "nope.json: cannot read the file: No such file or directory [file_not_found]\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors: positions and exit codes.

#[test]
fn missing_file_exits_4() {
    let o = run(&[
        "calendar",
        "--calendar",
        "nope.json",
        "--at",
        "2026-03-02T10:00:00Z",
    ]);
    assert_eq!(code(&o), 4);
    assert_eq!(
        stderr(&o),
        "nope.json: cannot read the file: No such file or directory [file_not_found]\n"
    );
    let o = run(&["calendar", "--calendar", "cal.json", "--input", "nope.csv"]);
    assert_eq!(code(&o), 4);
    assert!(stderr(&o).starts_with("nope.csv: cannot read the file"));
    let o = run(&["call", "normal_cdf", "@nope.json"]);
    assert_eq!(code(&o), 4);
    let o = run(&["call", "--jsonl", "--input", "nope.jsonl"]);
    assert_eq!(code(&o), 4);
    assert!(stdout(&o).is_empty());
}

#[test]
fn bad_json_has_file_line_column_and_exits_3() {
    let dir = scratch("bad-json");
    std::fs::write(
        dir.join("bad.json"),
        "{\n  \"timezone\": \"UTC\",\n  \"week\": {mon}\n}\n",
    )
    .expect("write");
    // Line 3 is `  "week": {mon}`: the unquoted key `mon` starts at column 12.
    let o = run_in(
        &dir,
        &[
            "calendar",
            "--calendar",
            "bad.json",
            "--at",
            "2026-03-02T10:00:00Z",
        ],
        "",
    );
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "bad.json:3:12: invalid JSON: key must be a string [invalid_json]\n"
    );
    let o = run_in(&dir, &["call", "validate_calendar", "@bad.json"], "");
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "bad.json:3:12: invalid JSON: key must be a string [invalid_json]\n"
    );
    // Inline arguments and stdin are named too.
    let o = run_in(&dir, &["call", "normal_cdf", "{\"x\": }"], "");
    assert_eq!(
        stderr(&o),
        "<args>:1:7: invalid JSON: expected value [invalid_json]\n"
    );
    let o = run_in(&dir, &["call", "normal_cdf", "-"], "\n{\"x\" 1}");
    assert_eq!(
        stderr(&o),
        "<stdin>:2:6: invalid JSON: expected `:` [invalid_json]\n"
    );
    assert_eq!(code(&o), 3);
    // A calendar that is valid JSON but not a valid calendar: the core's message names the place.
    std::fs::write(
        dir.join("cal.json"),
        r#"{"timezone": "UTC", "week": {"mon": [["09:00", "25:00"]]}}"#,
    )
    .expect("write");
    let o = run_in(
        &dir,
        &[
            "calendar",
            "--calendar",
            "cal.json",
            "--at",
            "2026-03-02T10:00:00Z",
        ],
        "",
    );
    assert_eq!(code(&o), 3);
    let err = stderr(&o);
    // ... and the line and column of the offending value: `"25:00"` starts at column 48.
    assert_eq!(
        err,
        "cal.json:1:48: week.mon[0][1]: invalid wall-clock time `25:00`: hour must be 00 to 24 \
         [invalid_time]\n"
    );
    // An argument of `call` read from a file: the place of the bad value in that file.
    std::fs::write(
        dir.join("args.json"),
        "{\n  \"calendar\": {\"timezone\": \"UTC\"},\n  \"at\": \"2026-03-02 10:00\"\n}\n",
    )
    .expect("write");
    let o = run_in(&dir, &["call", "is_open", "@args.json"], "");
    assert_eq!(code(&o), 3);
    let err = stderr(&o);
    assert!(
        err.starts_with("args.json:3:9: at: invalid timestamp"),
        "{err}"
    );
    // Not UTF-8.
    std::fs::write(dir.join("latin1.json"), b"{\"x\": \"caf\xe9\"}").expect("write");
    let o = run_in(&dir, &["call", "normal_cdf", "@latin1.json"], "");
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "latin1.json:1:11: the input is not UTF-8 text [invalid_utf8]\n"
    );
}

#[test]
fn unknown_op_exits_3_without_reading_stdin() {
    let o = run(&["call", "busines_seconds"]);
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "support-metrics: unknown operation `busines_seconds`: `support-metrics ops` lists them [unknown_operation]\n"
    );
    // A core error of a known op: its message and code.
    let o = run(&[
        "call",
        "erlang_c",
        r#"{"agents": 2, "traffic_erlangs": -1}"#,
    ]);
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "<args>: invalid traffic_erlangs -1: it must be a finite number, zero or more [invalid_rate]\n"
    );
}

#[test]
fn missing_csv_column_names_the_header_line() {
    let dir = scratch("missing-column");
    std::fs::write(
        dir.join("p.csv"),
        "\nbegin,end\n2026-03-02T09:00:00Z,2026-03-02T10:00:00Z\n",
    )
    .expect("write");
    std::fs::copy(data().join("cal.json"), dir.join("cal.json")).expect("copy");
    let o = run_in(
        &dir,
        &["calendar", "--calendar", "cal.json", "--input", "p.csv"],
        "",
    );
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "p.csv:2:1: missing required column `start` (the header has: begin,end) [missing_column]\n"
    );
    assert!(
        stdout(&o).is_empty(),
        "nothing is written for a file that cannot be read"
    );
    std::fs::write(dir.join("f.csv"), "calls,aht\n1,2\n").expect("write");
    let o = run_in(&dir, &["staffing", "--input", "f.csv"], "");
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "f.csv:1:1: missing required column `aht_seconds` (the header has: calls,aht) [missing_column]\n"
    );
    // A CSV that breaks the format: the core reader's line and column.
    std::fs::write(dir.join("q.csv"), "start,end\n\"2026-03-02T09:00:00Z,x\n").expect("write");
    let o = run_in(
        &dir,
        &["calendar", "--calendar", "cal.json", "--input", "q.csv"],
        "",
    );
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "q.csv:2:1: a quoted field is never closed [invalid_csv]\n"
    );
    // A row with too many fields is a row error at the extra field.
    std::fs::write(
        dir.join("r.csv"),
        "start,end\n2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,x\n",
    )
    .expect("write");
    let o = run_in(
        &dir,
        &["calendar", "--calendar", "cal.json", "--input", "r.csv"],
        "",
    );
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).starts_with(
            "r.csv:2:43: the row has a different number of fields than the header [invalid_csv]\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_timestamp_option_and_usage_errors() {
    let o = run(&[
        "calendar",
        "--calendar",
        "cal.json",
        "--at",
        "2026-03-02 10:00",
    ]);
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).starts_with("support-metrics: --at: invalid timestamp `2026-03-02 10:00`"));
    assert!(stderr(&o).ends_with("[invalid_timestamp]\n"));
    // clap's usage errors: exit 2.
    for args in [
        &["calendar", "--calendar", "cal.json"][..],
        &[
            "calendar",
            "--calendar",
            "cal.json",
            "--start",
            "2026-03-02T10:00:00Z",
        ],
        &[
            "calendar",
            "--calendar",
            "cal.json",
            "--at",
            "2026-03-02T10:00:00Z",
            "--input",
            "pairs.csv",
        ],
        &["staffing", "--calls", "100"],
        &["call"],
        &["call", "--jsonl", "normal_cdf"],
        &["frobnicate"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
    }
}

// ---------------------------------------------------------------------------------------------
// --help and ops.

#[test]
fn help_explains_every_option() {
    let top = ok(&["--help"]);
    for word in [
        "ops",
        "call",
        "calendar",
        "staffing",
        "validate",
        "sla",
        "Exit codes:",
    ] {
        assert!(top.contains(word), "{word}");
    }
    let expect: &[(&str, &[&str])] = &[
        ("ops", &["--json"]),
        (
            "call",
            &["[OP]", "[ARGS]", "--pretty", "--jsonl", "--input"],
        ),
        (
            "calendar",
            &[
                "--calendar",
                "--start",
                "--end",
                "--add",
                "--at",
                "--input",
                "--output",
                "--allow-row-errors",
                "--json",
            ],
        ),
        (
            "staffing",
            &[
                "--input",
                "--calls",
                "--aht-seconds",
                "--interval",
                "--service-level",
                "--threshold-seconds",
                "--max-occupancy",
                "--shrinkage",
                "--max-agents",
                "--output",
                "--allow-row-errors",
                "--json",
            ],
        ),
        (
            "validate",
            &[
                "--interactions",
                "--events",
                "--event-map",
                "--surveys",
                "--calendar",
                "--policies",
                "--json",
                "--strict",
            ],
        ),
        (
            "sla",
            &[
                "--interactions",
                "--policies",
                "--calendar",
                "--as-of",
                "--output",
                "--allow-row-errors",
            ],
        ),
    ];
    for (cmd, options) in expect {
        let help = ok(&[cmd, "--help"]);
        assert!(help.contains("Exit codes:"), "{cmd}");
        for option in *options {
            // Each option is listed with a line of explanation after it.
            let at = help
                .find(&format!("  {option}"))
                .unwrap_or_else(|| panic!("{cmd} {option}"));
            let rest = &help[at..];
            let explained = rest.lines().nth(1).is_some_and(|l| l.trim().len() > 10)
                || rest
                    .lines()
                    .next()
                    .is_some_and(|l| l.len() > option.len() + 20);
            assert!(explained, "{cmd} {option} has no explanation:\n{help}");
        }
    }
}

#[test]
fn ops_lists_every_operation() {
    let v: Value = serde_json::from_str(&ok(&["ops", "--json"])).expect("JSON");
    let names: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    let want: Vec<&str> = api::OPS.iter().map(|o| o.name).collect();
    assert_eq!(names, want);
    assert_eq!(
        v[1]["args"][0],
        json!({"name": "calendar", "required": true})
    );
    let text = ok(&["ops"]);
    for op in api::OPS {
        assert!(text.contains(&format!(
            "  {}({})\n      {}\n",
            op.name, op.args_text, op.summary
        )));
    }
}

// ---------------------------------------------------------------------------------------------
// docs/cli.md: every `console` example runs as shown, in tests/data.

#[test]
fn docs_examples_run_as_shown() {
    let doc_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/cli.md");
    let doc = std::fs::read_to_string(doc_path).expect("docs/cli.md");
    let mut examples = 0;
    let mut in_block = false;
    let mut current: Option<(String, Vec<String>)> = None;
    let mut finished = Vec::new();
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            if in_block {
                finished.extend(current.take());
            }
            in_block = !in_block && line.trim() == "```console";
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            finished.extend(current.take());
            current = Some((cmd.to_owned(), Vec::new()));
        } else if let Some((_, out)) = current.as_mut() {
            out.push(line.to_owned());
        }
    }
    for (cmd, expected) in finished {
        examples += 1;
        let words = shell_words(&cmd);
        assert_eq!(words[0], "support-metrics", "{cmd}");
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let o = run(&args);
        let (want_code, expected) = match expected.last().and_then(|l| l.strip_prefix("[exit ")) {
            Some(n) => (
                n.trim_end_matches(']').parse().expect("exit code"),
                &expected[..expected.len() - 1],
            ),
            None => (0, &expected[..]),
        };
        let got = format!("{}{}", stdout(&o), stderr(&o));
        let want: String = expected.iter().map(|l| format!("{l}\n")).collect();
        assert_eq!(got, want, "docs/cli.md: $ {cmd}");
        assert_eq!(code(&o), want_code, "docs/cli.md: $ {cmd}");
    }
    assert!(examples >= 8, "only {examples} examples in docs/cli.md");
}

/// Splits a command line on spaces, keeping '...' quoted words whole.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

// ---------------------------------------------------------------------------------------------
// report and generate

/// `report --json` on the fixtures equals the core's `report` op on the same texts: the
/// command line reads and renders, it does not compute.
#[test]
fn report_json_is_the_core_report() {
    let out = ok(&[
        "report",
        "--interactions",
        "desk.csv",
        "--surveys",
        "desk-surveys.csv",
        "--calendar",
        "cal.json",
        "--as-of",
        "2026-03-10T00:00:00Z",
        "--by",
        "agent",
        "--json",
    ]);
    let got: Value = serde_json::from_str(&out).expect("JSON");
    let read = |f: &str| std::fs::read_to_string(data().join(f)).expect("fixture");
    let calendar: Value = serde_json::from_str(&read("cal.json")).expect("calendar");
    let mut want = api::call(
        "report",
        &json!({
            "calendar": calendar,
            "summary_csv": read("desk.csv"),
            "surveys_csv": read("desk-surveys.csv"),
            "options": {"tickets": {"measures": {"as_of": "2026-03-10T00:00:00Z"}}, "by": ["agent"]},
        }),
    )
    .expect("report");
    // The command line names the files where the core says `interactions` / `surveys`.
    for f in want["data_quality"]["findings"]
        .as_array_mut()
        .expect("findings")
    {
        f["source"] = json!("desk-surveys.csv");
    }
    assert_eq!(got, want);
    // Hand-derived figures (report.json, small_desk).
    let kpi = |name: &str| {
        got["kpis"]
            .as_array()
            .and_then(|k| k.iter().find(|k| k["name"] == name))
            .cloned()
            .expect("kpi")
    };
    assert_eq!(kpi("first_response_median")["value"], json!(600.0));
    assert_eq!(kpi("resolution_median")["status"], json!("met"));
    assert_eq!(got["data_quality"]["rows_rejected"], json!(1));
}

/// `--save-state` on the parts of a data set (interactions split by customer, each answer
/// with its interaction) and `--from-states` give exactly the report of the whole; states of
/// other definitions and foreign files are refused with their codes.
#[test]
fn report_states_of_parts_merge_to_the_whole() {
    let dir = scratch("states");
    let dir_s = dir.to_str().expect("utf-8 path");
    ok(&["generate", "--n", "2500", "--seed", "4", "--out", dir_s]);
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect("generated file");
    let interactions = read("interactions.csv");
    let mut lines = interactions.lines();
    let header = lines.next().expect("header");
    let mut part_of = std::collections::HashMap::new();
    let mut parts = [header.to_string() + "\n", header.to_string() + "\n"];
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        let p = f[6].bytes().map(usize::from).sum::<usize>() % 2; // by customer_id
        part_of.insert(f[0].to_string(), p);
        parts[p].push_str(l);
        parts[p].push('\n');
    }
    let surveys = read("surveys.csv");
    let mut lines = surveys.lines();
    let sh = lines.next().expect("header");
    let mut sparts = [sh.to_string() + "\n", sh.to_string() + "\n"];
    for l in lines {
        let id = l.split(',').next().unwrap_or_default();
        let p = part_of.get(id).copied().unwrap_or(0);
        sparts[p].push_str(l);
        sparts[p].push('\n');
    }
    let as_of = "2026-12-31T21:00:00Z";
    let common = |i: &str, s: &str| -> Vec<String> {
        [
            "report",
            "--interactions",
            i,
            "--surveys",
            s,
            "--calendar",
            "calendar.json",
            "--policies",
            "policies.json",
            "--as-of",
            as_of,
        ]
        .iter()
        .map(|x| x.to_string())
        .collect()
    };
    for p in 0..2 {
        std::fs::write(dir.join(format!("i{p}.csv")), &parts[p]).expect("write");
        std::fs::write(dir.join(format!("s{p}.csv")), &sparts[p]).expect("write");
        let mut args = common(&format!("i{p}.csv"), &format!("s{p}.csv"));
        args.extend(["--save-state".to_string(), format!("p{p}.state")]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run_in(&dir, &args, "");
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let mut args = common("interactions.csv", "surveys.csv");
    args.push("--json".to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let whole = run_in(&dir, &args, "");
    assert_eq!(code(&whole), 0, "{}", stderr(&whole));
    let merged = run_in(
        &dir,
        &["report", "--from-states", "p1.state", "p0.state", "--json"],
        "",
    );
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    let norm = |o: &Output| {
        let mut v: Value = serde_json::from_str(&stdout(o)).expect("JSON");
        let f = v["data_quality"]["findings"]
            .as_array_mut()
            .expect("findings");
        for x in f.iter_mut() {
            x["line"] = Value::Null; // lines of the part files
            x["source"] = Value::Null; // the command line names the files
        }
        f.sort_by_key(|x| x.to_string());
        v
    };
    let (w, m) = (norm(&whole), norm(&merged));
    assert!(w["tickets"]["interactions"].as_u64().unwrap_or(0) > 1000);
    assert_eq!(w, m);
    // A state of other definitions, a foreign file.
    let o = run_in(
        &dir,
        &[
            "report",
            "--interactions",
            "i0.csv",
            "--calendar",
            "calendar.json",
            "--as-of",
            as_of,
            "--save-state",
            "q.state",
        ],
        "",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run_in(
        &dir,
        &["report", "--from-states", "p0.state", "q.state"],
        "",
    );
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).contains("[state_mismatch]"), "{}", stderr(&o));
    let o = run_in(&dir, &["report", "--from-states", "calendar.json"], "");
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).contains("[invalid_state]"), "{}", stderr(&o));
}

#[test]
fn report_csv_has_one_row_per_figure() {
    let out = ok(&[
        "report",
        "--interactions",
        "desk.csv",
        "--calendar",
        "cal.json",
        "--csv",
        "--by",
        "channel",
        "--period",
        "none",
    ]);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "section,group,key,metric,value,lower,upper,n");
    assert!(rows.contains(&"kpi,,,first_response_median,600,,,3"));
    // chat: a (600 s) and d (0 s): median 300; email: b (7200 s), c unanswered.
    assert!(rows.contains(&"breakdown,channel,chat,first_response_median,300,,,2"));
    assert!(rows.contains(&"breakdown,channel,email,first_response_median,7200,,,1"));
    assert!(rows.contains(&"volume_heatmap,Sat,10,interactions,1,,,1"));
    assert_eq!(
        rows.iter()
            .filter(|r| r.starts_with("volume_heatmap,"))
            .count(),
        168
    );
}

#[test]
fn report_html_is_self_contained() {
    let dir = scratch("report-html");
    let page = dir.join("report.html");
    let o = run(&[
        "report",
        "--demo",
        "--demo-size",
        "500",
        "--html",
        page.to_str().expect("path"),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "--html alone prints nothing");
    let html = std::fs::read_to_string(&page).expect("page");
    for id in [
        "frt-histogram",
        "sla-by-channel",
        "csat-by-agent",
        "nps-by-agent",
        "volume-heatmap",
        "trend-volume",
        "data-quality",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
    assert!(html.contains("data-kpi=\"csat\""));
    for external in ["<script", "src=\"http", "href=\"http", "@import"] {
        assert!(
            !html.contains(external),
            "{external} in a self-contained page"
        );
    }
}

#[test]
fn report_demo_is_deterministic_and_complete() {
    let a = ok(&["report", "--demo", "--demo-size", "800", "--json"]);
    let b = ok(&["report", "--demo", "--demo-size", "800", "--json"]);
    assert_eq!(a, b);
    let r: Value = serde_json::from_str(&a).expect("JSON");
    assert_eq!(r["tickets"]["interactions"], json!(800));
    assert_eq!(r["as_of"], json!("2026-12-31T21:00:00Z"));
    let heat: u64 = r["volume_heatmap"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|row| row.as_array().expect("row").iter())
        .map(|c| c.as_u64().expect("count"))
        .sum();
    assert_eq!(heat, 800);
    let table = ok(&["report", "--demo", "--demo-size", "800"]);
    assert!(table.starts_with("Support quality report — Demo help desk (Moscow)"));
    assert!(table.contains("By agent") && table.contains("Trend"));
}

#[test]
fn report_input_errors() {
    let o = run(&[
        "report",
        "--interactions",
        "desk.csv",
        "--calendar",
        "missing.json",
    ]);
    assert_eq!(code(&o), 4);
    assert!(stderr(&o).starts_with("missing.json: "), "{}", stderr(&o));
    let o = run(&[
        "report",
        "--interactions",
        "surveys.csv",
        "--calendar",
        "cal.json",
    ]);
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).contains("[missing_column]"), "{}", stderr(&o));
    let o = run(&[
        "report",
        "--interactions",
        "desk.csv",
        "--calendar",
        "cal.json",
        "--period",
        "fortnight",
    ]);
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).contains("--period: unknown value `fortnight`"));
    let o = run(&[
        "report",
        "--interactions",
        "desk.csv",
        "--calendar",
        "cal.json",
        "--policies",
        "policies.toml",
    ]);
    assert_eq!(code(&o), 3, "policies need --as-of");
    assert!(stderr(&o).contains("[invalid_argument]"), "{}", stderr(&o));
    let o = run(&["report", "--demo", "--interactions", "desk.csv"]);
    assert_eq!(code(&o), 2, "--demo conflicts with input files");
    let o = run(&["report", "--calendar", "cal.json"]);
    assert_eq!(code(&o), 2, "--interactions is required without --demo");
}

#[test]
fn report_rejected_rows_are_listed_at_their_place() {
    let out = ok(&[
        "report",
        "--interactions",
        "bad_tickets.csv",
        "--calendar",
        "cal.json",
    ]);
    let listed: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("bad_tickets.csv:"))
        .collect();
    assert!(!listed.is_empty(), "{out}");
    let v = validate_lines("bad_tickets.csv");
    assert_eq!(
        listed.len(),
        v.len(),
        "report lists what validate finds:\n{out}"
    );
    for (l, w) in listed.iter().zip(&v) {
        assert_eq!(l.trim_start(), w);
    }
}

/// The finding lines `validate` prints for one interactions file.
fn validate_lines(file: &str) -> Vec<String> {
    let o = run(&["validate", "--interactions", file]);
    stdout(&o)
        .lines()
        .filter(|l| {
            l.strip_prefix(&format!("{file}:"))
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn generate_writes_the_demo_files_deterministically() {
    let (a, b) = (scratch("gen-a"), scratch("gen-b"));
    for d in [&a, &b] {
        let o = run(&[
            "generate",
            "--n",
            "300",
            "--seed",
            "9",
            "--out",
            d.to_str().expect("path"),
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    for f in [
        "interactions.csv",
        "surveys.csv",
        "calendar.json",
        "policies.json",
    ] {
        let x = std::fs::read(a.join(f)).expect("written");
        assert_eq!(x, std::fs::read(b.join(f)).expect("written"), "{f}");
    }
    // The files read back into the same report as --demo with that size and seed.
    let files = ok(&[
        "report",
        "--interactions",
        a.join("interactions.csv").to_str().expect("path"),
        "--surveys",
        a.join("surveys.csv").to_str().expect("path"),
        "--calendar",
        a.join("calendar.json").to_str().expect("path"),
        "--policies",
        a.join("policies.json").to_str().expect("path"),
        "--as-of",
        "2026-12-31T21:00:00Z",
        "--json",
    ]);
    let demo = ok(&[
        "report",
        "--demo",
        "--demo-size",
        "300",
        "--seed",
        "9",
        "--json",
    ]);
    let (mut x, y): (Value, Value) = (
        serde_json::from_str(&files).expect("JSON"),
        serde_json::from_str(&demo).expect("JSON"),
    );
    assert_eq!(
        x["data_quality"]["rows_read"],
        json!(
            300 + y["surveys"]["answers"].as_u64().unwrap_or(0)
                + y["surveys"]["superseded"].as_u64().unwrap_or(0)
                + y["excluded"]["surveys_after_as_of"].as_u64().unwrap_or(0)
        )
    );
    x["data_quality"] = y["data_quality"].clone();
    assert_eq!(x, y);
}

// ---------------------------------------------------------------------------------------------
// report and validate on an event log: tests/data/helpdesk.csv (the columns of the public
// Helpdesk event log) with helpdesk-map.toml / helpdesk-map.json; the figures are derived by
// hand in the `helpdesk_report` case of crates/support-metrics/tests/vectors/event_log.json.

const EVENTS_AS_OF: &str = "2026-03-06T00:00:00Z";

fn events_report(map: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        "--events",
        "helpdesk.csv",
        "--event-map",
        map,
        "--calendar",
        "cal.json",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn report_on_an_event_log_is_the_core_report_with_hand_derived_figures() {
    let o = events_report(
        "helpdesk-map.toml",
        &[
            "--as-of",
            EVENTS_AS_OF,
            "--by",
            "agent",
            "--period",
            "none",
            "--json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "",
        "no progress line when stderr is not a terminal"
    );
    let got: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    // The JSON mapping is the TOML one's twin: the same report.
    let json_map = events_report(
        "helpdesk-map.json",
        &[
            "--as-of",
            EVENTS_AS_OF,
            "--by",
            "agent",
            "--period",
            "none",
            "--json",
        ],
    );
    assert_eq!(stdout(&json_map), stdout(&o));
    // The command line reads and renders; the core computes.
    let read = |f: &str| std::fs::read_to_string(data().join(f)).expect("fixture");
    let mut want = api::call(
        "report",
        &json!({
            "calendar": serde_json::from_str::<Value>(&read("cal.json")).expect("calendar"),
            "event_log": read("helpdesk.csv"),
            "event_mapping": read("helpdesk-map.json"),
            "options": {"tickets": {"measures": {"as_of": EVENTS_AS_OF}}, "by": ["agent"], "period": null},
        }),
    )
    .expect("report");
    for f in want["data_quality"]["findings"]
        .as_array_mut()
        .expect("findings")
    {
        assert_eq!(f["source"], json!("event_log"));
        f["source"] = json!("helpdesk.csv");
    }
    assert_eq!(got, want);
    let kpi = |name: &str| {
        got["kpis"]
            .as_array()
            .and_then(|k| k.iter().find(|k| k["name"] == name))
            .map(|k| (k["value"].clone(), k["n"].clone()))
            .expect("kpi")
    };
    // FRT 600, 1200, 1800, 7200 (Case 2: Mon 16-17 + Tue 09-10); Case 6 unanswered.
    assert_eq!(kpi("first_response_median"), (json!(1500.0), json!(4)));
    // Resolutions 3600, 7200, 14400, 21600.
    assert_eq!(kpi("resolution_median"), (json!(10800.0), json!(4)));
    assert_eq!(kpi("resolution_rate"), (json!(0.8), json!(5)));
    assert_eq!(kpi("fcr"), (json!(0.75), json!(4)));
    assert_eq!(kpi("escalation_rate"), (json!(0.2), json!(5)));
    assert_eq!(kpi("repeat_contact_rate"), (json!(0.2), json!(5)));
    assert_eq!(kpi("backlog").0, json!(1.0));
    let dq = &got["data_quality"];
    assert_eq!(
        (&dq["rows_read"], &dq["rows_rejected"]),
        (&json!(27), &json!(7))
    );
    let lines: Vec<_> = dq["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["line"].as_u64(), f["code"].as_str().map(str::to_owned)))
        .collect();
    let code_at = |l: u64, c: &str| (Some(l), Some(c.to_owned()));
    assert_eq!(
        lines,
        [
            code_at(15, "unknown_activity"),
            code_at(22, "invalid_timestamp"),
            code_at(23, "invalid_transition"),
            code_at(27, "invalid_value"),
        ]
    );
}

#[test]
fn event_log_findings_and_errors_have_positions_and_exit_codes() {
    // --strict: the first finding, at its line and the activity's column.
    let o = events_report("helpdesk-map.json", &["--strict"]);
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "helpdesk.csv:15:8: unknown activity `DUPLICATE`: map it in the event mapping's \
         `activities` (to an event type, `create` or `ignore`), or set `unknown_activities` to \
         `ignore` (4 finding(s) in all; --strict) [unknown_activity]\n"
    );
    // validate lists what report lists, with the file's summary line.
    let o = run(&[
        "validate",
        "--events",
        "helpdesk.csv",
        "--event-map",
        "helpdesk-map.toml",
    ]);
    assert_eq!(code(&o), 3);
    let out = stdout(&o);
    assert!(
        out.contains("helpdesk.csv:22:23: Complete Timestamp: invalid timestamp"),
        "{out}"
    );
    assert!(
        out.ends_with("helpdesk.csv: events: 27 rows read, 7 rejected\n"),
        "{out}"
    );
    let o = run(&[
        "validate",
        "--events",
        "helpdesk.csv",
        "--event-map",
        "helpdesk-map.toml",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["files"][0]["kind"], json!("events"));
    assert_eq!(v["files"][0]["findings"][0]["field"], json!("Activity"));
    assert_eq!(v["files"][0]["findings"][0]["column"], json!(8));
    // A mapping error at its place: in TOML ...
    let o = events_report("bad-map.toml", &[]);
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).starts_with("bad-map.toml:9:10: activities.Wait: invalid value `status_change`"),
        "{}",
        stderr(&o)
    );
    // ... and in JSON, for a core error and for a syntax error.
    let dir = scratch("event-maps");
    std::fs::copy(data().join("helpdesk.csv"), dir.join("helpdesk.csv")).expect("copy");
    std::fs::copy(data().join("cal.json"), dir.join("cal.json")).expect("copy");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    write(
        "status.json",
        "{\"activities\": {\n  \"Wait\": {\"type\": \"status_change\", \"status\": \"waiting\"}\n}}\n",
    );
    write(
        "syntax.json",
        "{\"activities\": {\n  \"Wait\": \"ignore\",\n}}\n",
    );
    write(
        "columns.json",
        "{\"columns\": {\"case_id\": \"Case\"}, \"activities\": {}}\n",
    );
    let with = |map: &str| {
        run_in(
            &dir,
            &[
                "report",
                "--events",
                "helpdesk.csv",
                "--event-map",
                map,
                "--calendar",
                "cal.json",
            ],
            "",
        )
    };
    let o = with("status.json");
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "status.json: unknown status `waiting`: use new, open, pending, on_hold, solved or closed \
         [unknown_status]\n"
    );
    let o = with("syntax.json");
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).starts_with("syntax.json:3:1: invalid JSON: "),
        "{}",
        stderr(&o)
    );
    // A column the mapping names that the log lacks: on the header's line.
    let o = with("columns.json");
    assert_eq!(code(&o), 3);
    assert_eq!(
        stderr(&o),
        "helpdesk.csv:1:1: missing required column `Case` (the header has: Case ID,Activity,\
         Resource,Complete Timestamp,seriousness,customer,product) [missing_column]\n"
    );
    // Files that cannot be read, and usage errors.
    assert_eq!(code(&with("missing.json")), 4);
    assert_eq!(
        code(&run(&[
            "report",
            "--events",
            "helpdesk.csv",
            "--calendar",
            "cal.json"
        ])),
        2,
        "--events needs --event-map"
    );
    let o = run(&[
        "report",
        "--events",
        "helpdesk.csv",
        "--event-map",
        "helpdesk-map.json",
        "--interactions",
        "desk.csv",
        "--calendar",
        "cal.json",
    ]);
    assert_eq!(code(&o), 2, "--events conflicts with --interactions");
    let o = run(&[
        "report",
        "--demo",
        "--events",
        "helpdesk.csv",
        "--event-map",
        "helpdesk-map.json",
    ]);
    assert_eq!(code(&o), 2, "--demo conflicts with --events");
    let help = ok(&["report", "--help"]);
    assert!(help.contains("--events <FILE>") && help.contains("--event-map <FILE>"));
}

#[test]
fn kpi_scorecard_is_the_operation_and_prints_a_table() {
    // The demo's texts through the operation, and the subcommand on the same demo.
    let demo: serde_json::Value = serde_json::from_str(&ok(&[
        "call",
        "demo_data",
        r#"{"interactions": 400, "seed": 7}"#,
    ]))
    .expect("demo JSON");
    let args = serde_json::json!({
        "calendar": demo["calendar"], "policies": demo["policies"],
        "summary_csv": demo["summary_csv"], "surveys_csv": demo["surveys_csv"],
        "options": {"tickets": {"measures": {"as_of": demo["as_of"]}}},
    });
    let op: serde_json::Value =
        serde_json::from_str(&ok(&["call", "kpi_scorecard", &args.to_string()])).expect("JSON");
    let cli = ok(&[
        "kpi-scorecard",
        "--demo",
        "--demo-size",
        "400",
        "--seed",
        "7",
        "--json",
    ]);
    let cli: serde_json::Value = serde_json::from_str(&cli).expect("JSON");
    assert_eq!(cli, op);
    assert_eq!(cli["tickets"]["interactions"], 400);
    let table = ok(&[
        "kpi-scorecard",
        "--demo",
        "--demo-size",
        "400",
        "--seed",
        "7",
        "--by",
        "channel",
    ]);
    assert!(
        table.contains("SLA first reply") && table.contains("channel: chat"),
        "{table}"
    );
    assert!(
        !table.contains("agent: "),
        "--by replaces the default breakdowns: {table}"
    );
    // Without --as-of (and no demo): the core's refusal, exit 3.
    let o = run(&[
        "kpi-scorecard",
        "--interactions",
        "desk.csv",
        "--calendar",
        "cal.json",
    ]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    assert!(stderr(&o).contains("as_of"), "{}", stderr(&o));
}
