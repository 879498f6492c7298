//! The scorecard against the report: the same summary rows and answers, with the faults of
//! real exports, give the report's figures of the same names (the report's path reads the CSV
//! text and builds each interaction's events; the scorecard reads columns).

use support_metrics::calendar::parse_instant;
use support_metrics::csv::{CsvReader, Record};
use support_metrics::demo::{demo, DemoOptions};
use support_metrics::interaction::{read_summary_csv, write_summary_csv, ReadOptions};
use support_metrics::kpi::{
    scorecard, scorecard_of, AnswerInput, InteractionColumns, InteractionInput, KpiScorecard,
    KpiTickets, SurveyColumns, TextChunks, TextColumns, MISSING,
};
use support_metrics::metrics::{Dimension, TicketReport};
use support_metrics::report::{report, ReportData, ReportOptions};
use support_metrics::sla::{SlaMetric, SlaPolicies, TimeBasis};
use support_metrics::survey::{read_surveys_csv, write_surveys_csv, Rerating};
use support_metrics::BusinessCalendar;

/// A CSV table as cells.
struct Cells {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Cells {
    fn read(text: &str) -> Cells {
        let mut r = CsvReader::new(text);
        let mut rec = Record::default();
        let mut all = Vec::new();
        while r.read(&mut rec).unwrap() {
            all.push(
                (0..rec.len())
                    .map(|i| rec.get(i).unwrap().to_string())
                    .collect::<Vec<_>>(),
            );
        }
        let header = all.remove(0);
        Cells { header, rows: all }
    }

    fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap()
    }

    fn set(&mut self, row: usize, name: &str, value: &str) {
        let c = self.col(name);
        self.rows[row][c] = value.to_string();
    }

    fn csv(&self) -> String {
        let quote = |s: &String| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.clone()
            }
        };
        let mut out = String::new();
        for r in std::iter::once(&self.header).chain(&self.rows) {
            out.push_str(&r.iter().map(quote).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }

    fn texts(&self, name: &str) -> TextColumns {
        let c = self.col(name);
        TextColumns::from_cells(self.rows.iter().map(|r| r[c].as_str()))
    }

    fn instants(&self, name: &str) -> Vec<i64> {
        let c = self.col(name);
        self.rows
            .iter()
            .map(|r| match r[c].trim() {
                "" => MISSING,
                t => parse_instant(name, t)
                    .unwrap()
                    .timestamp_nanos_opt()
                    .unwrap(),
            })
            .collect()
    }

    fn numbers(&self, name: &str) -> Vec<f64> {
        let c = self.col(name);
        self.rows
            .iter()
            .map(|r| r[c].trim().parse::<f64>().unwrap_or(f64::NAN))
            .collect()
    }
}

/// The report's figures that the scorecard has.
fn tickets_of(t: &TicketReport) -> KpiTickets {
    KpiTickets {
        interactions: t.interactions,
        first_response_time: t.first_response_time,
        full_resolution_time: t.full_resolution_time,
        resolution_rate: t.resolution_rate,
        backlog: t.backlog.unwrap(),
        sla: t
            .sla
            .iter()
            .filter(|s| matches!(s.metric, SlaMetric::FirstReply | SlaMetric::Resolution))
            .cloned()
            .collect(),
    }
}

/// Demo data with faults in both files: the scorecard from columns against the report from
/// the CSV texts.
fn check(seed: u64, n: u64, opts: &ReportOptions, policies: &str) {
    let d = demo(&DemoOptions {
        interactions: n,
        seed,
    })
    .unwrap();
    let cal = BusinessCalendar::from_json(&d.calendar).unwrap();
    let pol = SlaPolicies::from_json(policies).unwrap();
    let mut it = Cells::read(&write_summary_csv(&d.interactions));
    let mut sv = Cells::read(&write_surveys_csv(&d.surveys));
    let as_of = d.as_of;
    let late = (as_of + chrono::Duration::hours(5)).to_rfc3339();
    let id3 = it.rows[3][it.col("id")].clone();
    it.set(5, "id", "  ");
    it.set(7, "channel", "fax");
    it.set(9, "id", &id3);
    let created11 = it.rows[11][it.col("created_at")].clone();
    it.set(11, "created_at", &late);
    it.set(11, "first_response_at", &created11);
    it.set(13, "created_at", "");
    it.set(15, "created_at", &late);
    it.set(17, "agent", " ");
    it.set(19, "priority", "");
    it.set(21, "first_response_at", &late);
    it.set(23, "resolved_at", &late);
    let answered = sv.rows[2][sv.col("interaction_id")].clone();
    let own = sv.col("agent");
    sv.set(1, "kind", "bogus");
    sv.set(3, "score", "");
    sv.set(4, "kind", "csat");
    sv.set(4, "score", "9");
    sv.set(5, "responded_at", "");
    sv.set(6, "interaction_id", "nope");
    sv.set(7, "interaction_id", " ");
    sv.set(8, "responded_at", &late);
    sv.set(9, "interaction_id", &answered);
    sv.set(10, "interaction_id", &it.rows[15][it.col("id")].clone());
    sv.rows[11][own] = "someone else".to_string();
    sv.rows[12][own] = "dmitry".to_string();
    sv.set(13, "interaction_id", &answered);
    sv.set(13, "comment", "a comment, \"quoted\"");
    // A reply a quarter of a second after its second: durations that are not whole, beside
    // the whole ones.
    let reply = it.col("first_response_at");
    if let Some((i, t)) = (25..it.rows.len()).find_map(|i| {
        let t = chrono::DateTime::parse_from_rfc3339(&it.rows[i][reply]).ok()?;
        Some((i, t + chrono::Duration::milliseconds(250)))
    }) {
        it.set(i, "first_response_at", &t.to_rfc3339());
    }

    // The report, from the texts.
    let batch = read_summary_csv(&it.csv(), &ReadOptions::default()).unwrap();
    let answers = read_surveys_csv(&sv.csv(), &opts.surveys, &ReadOptions::default()).unwrap();
    let mut quality = batch.quality.clone();
    quality.merge(answers.quality.clone());
    let data = ReportData {
        interactions: &batch.interactions,
        surveys: &answers.responses,
        quality: &quality,
    };
    let r = report(&data, &cal, Some(&pol), opts).unwrap();

    // The scorecard, from columns.
    let (ids, channels) = (it.texts("id"), it.texts("channel"));
    let (agents, groups, topics, priorities) = (
        it.texts("agent"),
        it.texts("group"),
        it.texts("topic"),
        it.texts("priority"),
    );
    let (created, replied, resolved) = (
        it.instants("created_at"),
        it.instants("first_response_at"),
        it.instants("resolved_at"),
    );
    let columns = InteractionColumns::new(ids.column(), channels.column(), &created)
        .agent(agents.column())
        .group(groups.column())
        .topic(topics.column())
        .priority(priorities.column())
        .first_response_at(&replied)
        .resolved_at(&resolved);
    let (sid, kind, comment, topic, agent) = (
        sv.texts("interaction_id"),
        sv.texts("kind"),
        sv.texts("comment"),
        sv.texts("topic"),
        sv.texts("agent"),
    );
    let (score, at) = (sv.numbers("score"), sv.instants("responded_at"));
    let answers_columns = SurveyColumns::new(sid.column(), kind.column(), &score, &at)
        .comment(comment.column())
        .topic(topic.column())
        .agent(agent.column());
    let card: KpiScorecard =
        scorecard(&cal, Some(&pol), &columns, Some(&answers_columns), opts, 2).unwrap();
    // Two threads give the one thread's scorecard (the parts merge by value, not number).
    let one = scorecard(&cal, Some(&pol), &columns, Some(&answers_columns), opts, 1).unwrap();
    assert_eq!(one, card);
    // Every text column in pieces (Arrow's chunks, here of uneven sizes: empty, one row, and
    // across the pieces' table's blocks of 1,024 rows): the same scorecard.
    let split = |t: &TextColumns| -> Vec<TextColumns> {
        let c = t.column();
        let mut pieces = Vec::new();
        let (mut i, mut k) = (0, 0);
        while i < c.len() {
            let size = [0, 1, 2, 1023, 1, 2047, 5][k % 7];
            let mut p = TextColumns::default();
            for j in i..(i + size).min(c.len()) {
                p.push(c.get(j));
            }
            pieces.push(p);
            (i, k) = (i + size, k + 1);
        }
        pieces
    };
    let texts = [
        &ids,
        &channels,
        &agents,
        &groups,
        &topics,
        &priorities,
        &sid,
        &kind,
        &comment,
        &topic,
        &agent,
    ];
    let held: Vec<Vec<TextColumns>> = texts.iter().map(|t| split(t)).collect();
    let chunks: Vec<TextChunks<'_>> = held
        .iter()
        .map(|p| TextChunks::new(p.iter().map(TextColumns::column).collect()))
        .collect();
    let c = |k: usize| chunks[k].column();
    let columns_in_pieces = InteractionColumns::new(c(0), c(1), &created)
        .agent(c(2))
        .group(c(3))
        .topic(c(4))
        .priority(c(5))
        .first_response_at(&replied)
        .resolved_at(&resolved);
    let answers_in_pieces = SurveyColumns::new(c(6), c(7), &score, &at)
        .comment(c(8))
        .topic(c(9))
        .agent(c(10));
    for threads in [1, 2] {
        let pieces = scorecard(
            &cal,
            Some(&pol),
            &columns_in_pieces,
            Some(&answers_in_pieces),
            opts,
            threads,
        )
        .unwrap();
        assert_eq!(pieces, card, "in pieces, {threads} threads");
    }

    let findings = |q: &support_metrics::quality::DataQuality| {
        let mut f: Vec<_> = q
            .findings
            .iter()
            .map(|f| {
                (
                    f.source.clone(),
                    f.code.clone(),
                    f.id.clone(),
                    f.column.clone(),
                )
            })
            .collect();
        f.sort();
        f
    };
    assert_eq!(findings(&card.data_quality), findings(&r.data_quality));
    assert_eq!(findings(&card.data_quality), findings(&r.data_quality));
    assert_eq!(Some(card.as_of), opts.tickets.measures.as_of);
    assert_eq!(card.tickets, tickets_of(&r.tickets));
    assert_eq!(card.surveys, r.surveys);
    assert_eq!(card.excluded, r.excluded);
    assert_eq!(card.breakdowns.len(), r.breakdowns.len());
    for (a, b) in card.breakdowns.iter().zip(&r.breakdowns) {
        assert_eq!(a.dimension, b.dimension);
        let keys = |x: Vec<Option<String>>| x;
        assert_eq!(
            keys(a.rows.iter().map(|r| r.key.clone()).collect()),
            keys(b.rows.iter().map(|r| r.key.clone()).collect()),
            "{:?}",
            a.dimension
        );
        for (x, y) in a.rows.iter().zip(&b.rows) {
            assert_eq!(
                x.tickets,
                y.tickets.as_ref().map(tickets_of),
                "{:?} {:?}",
                a.dimension,
                x.key
            );
            assert_eq!(x.surveys, y.surveys, "{:?} {:?}", a.dimension, x.key);
        }
    }
    assert_eq!(card.data_quality.rows_read, r.data_quality.rows_read);
    assert_eq!(
        card.data_quality.rows_rejected,
        r.data_quality.rows_rejected
    );
    assert!(
        card.data_quality.rows_rejected >= 10,
        "the faults are found"
    );

    // The same from the CSV texts (the command line's path): the same figures, and the
    // readers' findings with their lines, exactly the report's.
    let (it_csv, sv_csv) = (it.csv(), sv.csv());
    let via_csv = scorecard_of(
        &cal,
        Some(&pol),
        InteractionInput::Csv(&it_csv),
        Some(AnswerInput::Csv(&sv_csv)),
        opts,
        2,
    )
    .unwrap();
    assert_eq!(via_csv.data_quality, r.data_quality);
    assert_eq!(
        KpiScorecard {
            data_quality: card.data_quality.clone(),
            ..via_csv
        },
        card
    );
}

fn options(as_of: chrono::DateTime<chrono::Utc>) -> ReportOptions {
    let mut o = ReportOptions::default();
    o.tickets.measures.as_of = Some(as_of);
    o.by = vec![
        Dimension::Agent,
        Dimension::Channel,
        Dimension::Group,
        Dimension::Topic,
        Dimension::Priority,
    ];
    o
}

const PAUSED: &str = r#"{"policies": [
  {"name": "urgent", "match": {"priority": ["urgent"], "group": ["tier2"]},
   "targets": [{"metric": "first_reply", "seconds": 1800, "pause": ["new"]},
               {"metric": "resolution", "seconds": 14400, "time": "calendar"}]},
  {"name": "tagged", "match": {"tags_any": ["vip"]}, "targets": [{"metric": "first_reply", "seconds": 60}]},
  {"name": "live", "match": {"channel": ["chat", "phone"]},
   "targets": [{"metric": "first_reply", "seconds": 300.5}, {"metric": "periodic_update", "seconds": 600}]},
  {"name": "standard", "targets": [{"metric": "resolution", "seconds": 0}]}
]}"#;

#[test]
fn scorecard_is_the_reports_figures() {
    let d = demo(&DemoOptions {
        interactions: 10,
        seed: 1,
    })
    .unwrap();
    check(1, 3000, &options(d.as_of), &d.policies);
    // Enough rows for the radix sort of the whole-second durations (over 4,096 of them).
    check(3, 6000, &options(d.as_of), &d.policies);
}

#[test]
fn scorecard_in_calendar_time_with_other_policies_and_rules() {
    let d = demo(&DemoOptions {
        interactions: 10,
        seed: 1,
    })
    .unwrap();
    let mut o = options(d.as_of);
    o.tickets.time = TimeBasis::Calendar;
    o.surveys.rerating = Rerating::First;
    check(7, 2000, &o, PAUSED);
    let mut o = options(d.as_of - chrono::Duration::days(40));
    o.by = vec![Dimension::Agent];
    check(11, 1500, &o, PAUSED);
}

/// Re-ratings of one interaction in both halves of the answers (which the scorecard reads on
/// two threads): the kept answer is the one the rule prefers wherever it is, hand-derived.
/// Latest keeps the latest time, then the higher score (10:00, 5); first keeps the earliest
/// (03:00, 2). Both as the report.
#[test]
fn rerating_across_the_answers_halves() {
    let cal = BusinessCalendar::always_open(chrono_tz::UTC);
    let it = "id,channel,created_at\nt1,chat,2026-03-02T00:00:00Z\n";
    let sv = "interaction_id,kind,score,responded_at\n\
              t1,ces,5,2026-03-02T10:00:00Z\n\
              t1,ces,3,2026-03-02T05:00:00Z\n\
              t1,ces,4,2026-03-02T10:00:00Z\n\
              t1,ces,2,2026-03-02T03:00:00Z\n";
    for (rule, kept) in [(Rerating::Latest, 5.0), (Rerating::First, 2.0)] {
        let mut o = ReportOptions::default();
        o.tickets.measures.as_of = Some(parse_instant("t", "2026-03-03T00:00:00Z").unwrap());
        o.surveys.rerating = rule;
        for threads in [1, 2] {
            let card = scorecard_of(
                &cal,
                None,
                InteractionInput::Csv(it),
                Some(AnswerInput::Csv(sv)),
                &o,
                threads,
            )
            .unwrap();
            assert_eq!((card.surveys.answers, card.surveys.superseded), (1, 3));
            assert_eq!(card.surveys.ces.mean.mean, Some(kept), "{rule:?}");
            let rows = read_summary_csv(it, &ReadOptions::default()).unwrap();
            let answers = read_surveys_csv(sv, &o.surveys, &ReadOptions::default()).unwrap();
            let quality = Default::default();
            let data = ReportData {
                interactions: &rows.interactions,
                surveys: &answers.responses,
                quality: &quality,
            };
            assert_eq!(report(&data, &cal, None, &o).unwrap().surveys, card.surveys);
        }
    }
}

#[test]
fn scorecard_refuses_what_it_cannot_read() {
    let cal = BusinessCalendar::always_open(chrono_tz::UTC);
    let ids = TextColumns::from_cells(["a", "b"]);
    let ch = TextColumns::from_cells(["chat"]);
    let created = [0i64, 0];
    let mut o = ReportOptions::default();
    o.tickets.measures.as_of = Some(chrono::DateTime::from_timestamp(10, 0).unwrap());
    let c = InteractionColumns::new(ids.column(), ch.column(), &created);
    let e = scorecard(&cal, None, &c, None, &o, 1).unwrap_err();
    assert_eq!(e.code(), "length_mismatch");
    let ch = TextColumns::from_cells(["chat", "email"]);
    let c = InteractionColumns::new(ids.column(), ch.column(), &created);
    o.by = vec![Dimension::Attribute("plan".into())];
    assert_eq!(
        scorecard(&cal, None, &c, None, &o, 1).unwrap_err().code(),
        "invalid_argument"
    );
    o.by.clear();
    o.tickets.measures.as_of = None;
    assert_eq!(
        scorecard(&cal, None, &c, None, &o, 1).unwrap_err().code(),
        "invalid_argument"
    );
    // Empty input: undefined figures, not zeros.
    o.tickets.measures.as_of = Some(chrono::DateTime::from_timestamp(10, 0).unwrap());
    let none = TextColumns::from_cells(Vec::<&str>::new());
    let c = InteractionColumns::new(none.column(), none.column(), &[]);
    let card = scorecard(&cal, None, &c, None, &o, 1).unwrap();
    assert_eq!(card.tickets.interactions, 0);
    assert_eq!(card.tickets.resolution_rate.value, None);
    assert_eq!(card.tickets.first_response_time.summary, None);
    assert_eq!(card.surveys.csat.value, None);
}

#[test]
fn scorecard_of_objects_is_the_scorecard_of_their_csv() {
    let d = demo(&DemoOptions {
        interactions: 800,
        seed: 9,
    })
    .unwrap();
    let cal = BusinessCalendar::from_json(&d.calendar).unwrap();
    let pol = SlaPolicies::from_json(&d.policies).unwrap();
    let mut rows = d.interactions.clone();
    rows[4].id = rows[2].id.clone(); // a repeated id, rejected by both paths
    let o = options(d.as_of);
    let objects = scorecard_of(
        &cal,
        Some(&pol),
        InteractionInput::Rows(&rows),
        Some(AnswerInput::Responses(&d.surveys)),
        &o,
        2,
    )
    .unwrap();
    let (it, sv) = (write_summary_csv(&rows), write_surveys_csv(&d.surveys));
    let texts = scorecard_of(
        &cal,
        Some(&pol),
        InteractionInput::Csv(&it),
        Some(AnswerInput::Csv(&sv)),
        &o,
        1,
    )
    .unwrap();
    assert_eq!(objects.tickets, texts.tickets);
    assert_eq!(objects.surveys, texts.surveys);
    assert_eq!(objects.breakdowns, texts.breakdowns);
    assert_eq!(objects.data_quality.rows_read, texts.data_quality.rows_read);
    assert_eq!(objects.data_quality.rows_rejected, 1);
    // Objects have no lines: a finding's line is the row's position.
    let f = &objects.data_quality.findings[0];
    assert_eq!((f.code.as_str(), f.line), ("duplicate_id", Some(5)));
    assert_eq!(texts.data_quality.findings[0].line, Some(6));
}

mod laws {
    //! Random summary rows and answers, faults included: the scorecard from columns equals the
    //! report from the same cells' CSV text, on one thread and on two.
    use super::*;
    use proptest::prelude::*;
    use support_metrics::interaction::SummaryTable;
    use support_metrics::report::{report_rows_in_parts, ReportRows};

    const BASE: i64 = 1_772_442_000; // 2026-03-02T09:00:00Z, a Monday
    const AS_OF: i64 = BASE + 6 * 86_400;

    fn instant(s: i64) -> String {
        chrono::DateTime::from_timestamp(s, 0).unwrap().to_rfc3339()
    }

    /// An instant `ms` milliseconds after the epoch (fractions of a second included).
    fn instant_ms(ms: i64) -> String {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .to_rfc3339()
    }

    prop_compose! {
        fn row()(
            id in prop_oneof![Just(String::new()), "[a-h]"],
            channel in prop_oneof![Just("chat"), Just("email"), Just("phone"), Just("fax"), Just("")],
            agent in prop_oneof![Just(""), Just("ana"), Just("bo"), Just(" ")],
            priority in prop_oneof![Just(""), Just("urgent"), Just("high"), Just("low")],
            group in prop_oneof![Just(""), Just("tier1"), Just("tier2")],
            created in prop_oneof![Just(None), (0i64..8 * 86_400).prop_map(Some)],
            reply in prop_oneof![Just(None), (-3_600i64..3 * 86_400).prop_map(Some)],
            solved in prop_oneof![Just(None), (0i64..4 * 86_400).prop_map(Some)],
            // Some replies and resolutions a fraction of a second later (durations that are
            // not whole seconds).
            reply_ms in prop_oneof![Just(0i64), 1i64..1000],
            solved_ms in prop_oneof![Just(0i64), 1i64..1000],
        ) -> Vec<String> {
            let at = |d: Option<i64>, ms: i64| {
                created.zip(d).map_or(String::new(), |(c, d)| instant_ms((BASE + c + d) * 1000 + ms))
            };
            vec![id, channel.into(), agent.into(), priority.into(), group.into(),
                 created.map_or(String::new(), |c| instant(BASE + c)), at(reply, reply_ms),
                 at(solved, solved_ms)]
        }
    }

    prop_compose! {
        fn answer()(
            id in prop_oneof![Just(String::new()), "[a-j]"],
            kind in prop_oneof![Just("csat"), Just("nps"), Just("ces"), Just("csi"), Just("poll")],
            score in prop_oneof![Just(String::new()), (0i64..12).prop_map(|s| s.to_string()), Just("4.5".to_string())],
            // Some answers at the same instant: the re-rating rule's later keys decide.
            at in prop_oneof![0i64..8 * 86_400, Just(86_400i64)],
            agent in prop_oneof![Just(""), Just("ana"), Just("cy")],
            comment in prop_oneof![Just(""), Just("ok")],
        ) -> Vec<String> {
            vec![id, kind.into(), score, instant(BASE + at), comment.into(), agent.into()]
        }
    }

    fn csv(header: &str, rows: &[Vec<String>]) -> String {
        let mut out = format!("{header}\n");
        for r in rows {
            out.push_str(&r.join(","));
            out.push('\n');
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn the_scorecard_is_the_reports(
            rows in proptest::collection::vec(row(), 0..40),
            answers in proptest::collection::vec(answer(), 0..30),
            calendar_time in any::<bool>(),
            first_rule in any::<bool>(),
        ) {
            let cal = BusinessCalendar::from_json(
                r#"{"timezone": "Europe/Moscow", "week": {"mon": [["09:00","13:00"],["14:00","18:00"]],
                "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]], "thu": [["09:00","18:00"]],
                "fri": [["09:00","17:00"]]}, "holidays": ["2026-03-04"]}"#).unwrap();
            let pol = SlaPolicies::from_json(PAUSED).unwrap();
            let mut o = ReportOptions::default();
            o.tickets.measures.as_of = chrono::DateTime::from_timestamp(AS_OF, 0);
            if calendar_time {
                o.tickets.time = TimeBasis::Calendar;
            }
            if first_rule {
                o.surveys.rerating = Rerating::First;
            }
            o.by = vec![Dimension::Agent, Dimension::Channel, Dimension::Priority, Dimension::Group];
            let it = csv("id,channel,agent,priority,group,created_at,first_response_at,resolved_at", &rows);
            let sv = csv("interaction_id,kind,score,responded_at,comment,agent", &answers);

            // The report of the texts, its figures of the scorecard's names.
            let table = SummaryTable::read(&it, 1).unwrap();
            let read = read_surveys_csv(&sv, &o.surveys, &ReadOptions::default()).unwrap();
            let mut quality = table.quality().clone();
            quality.merge(read.quality.clone());
            let data = ReportRows { interactions: &table, surveys: &read.responses, quality: &quality };
            let r = report_rows_in_parts(&data, &cal, Some(&pol), &o, 1).unwrap();

            // The scorecard of the same cells as columns.
            let col = |k: usize| TextColumns::from_cells(rows.iter().map(|r| r[k].as_str()));
            let at = |k: usize| -> Vec<i64> {
                rows.iter().map(|r| match r[k].as_str() {
                    "" => MISSING,
                    t => parse_instant("t", t).unwrap().timestamp_nanos_opt().unwrap(),
                }).collect()
            };
            let (id, ch, ag, pr, gr) = (col(0), col(1), col(2), col(3), col(4));
            let (created, replied, solved) = (at(5), at(6), at(7));
            let columns = InteractionColumns::new(id.column(), ch.column(), &created)
                .agent(ag.column()).priority(pr.column()).group(gr.column())
                .first_response_at(&replied).resolved_at(&solved);
            let acol = |k: usize| TextColumns::from_cells(answers.iter().map(|a| a[k].as_str()));
            let (aid, kind, comment, agent) = (acol(0), acol(1), acol(4), acol(5));
            let score: Vec<f64> = answers.iter().map(|a| a[2].parse().unwrap_or(f64::NAN)).collect();
            let at_: Vec<i64> = answers.iter()
                .map(|a| parse_instant("t", &a[3]).unwrap().timestamp_nanos_opt().unwrap()).collect();
            let acols = SurveyColumns::new(aid.column(), kind.column(), &score, &at_)
                .comment(comment.column()).agent(agent.column());
            let card = scorecard(&cal, Some(&pol), &columns, Some(&acols), &o, 1).unwrap();
            prop_assert_eq!(&scorecard(&cal, Some(&pol), &columns, Some(&acols), &o, 2).unwrap(), &card);

            prop_assert_eq!(&card.tickets, &tickets_of(&r.tickets));
            prop_assert_eq!(&card.surveys, &r.surveys);
            prop_assert_eq!(card.excluded, r.excluded);
            prop_assert_eq!(card.breakdowns.len(), r.breakdowns.len());
            for (a, b) in card.breakdowns.iter().zip(&r.breakdowns) {
                let rows: Vec<_> = b.rows.iter()
                    .map(|g| (g.key.clone(), g.tickets.as_ref().map(tickets_of), g.surveys.clone()))
                    .collect();
                let mine: Vec<_> = a.rows.iter()
                    .map(|g| (g.key.clone(), g.tickets.clone(), g.surveys.clone()))
                    .collect();
                prop_assert_eq!(mine, rows);
            }
            // The same findings; a column's row is the text's line - 1 (the header).
            let shifted: Vec<_> = r.data_quality.findings.iter()
                .map(|f| (f.source.clone(), f.line.map(|l| l - 1), f.code.clone(), f.id.clone(), f.column.clone()))
                .collect();
            let mine: Vec<_> = card.data_quality.findings.iter()
                .map(|f| (f.source.clone(), f.line, f.code.clone(), f.id.clone(), f.column.clone()))
                .collect();
            prop_assert_eq!(mine, shifted);
            prop_assert_eq!(card.data_quality.rows_read, r.data_quality.rows_read);
            prop_assert_eq!(card.data_quality.rows_rejected, r.data_quality.rows_rejected);
        }
    }
}
