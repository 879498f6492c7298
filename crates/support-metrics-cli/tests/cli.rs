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
    for word in ["ops", "call", "calendar", "staffing", "Exit codes:"] {
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
