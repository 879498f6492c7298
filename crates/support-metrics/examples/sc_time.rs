#![allow(missing_docs, clippy::unwrap_used)]
use support_metrics::interaction::{ReadOptions, SummaryTable};
use support_metrics::kpi::{scorecard, InteractionTable, SurveyTable};
use support_metrics::report::ReportOptions;
use support_metrics::sla::SlaPolicies;
use support_metrics::survey::read_surveys_csv;
use support_metrics::BusinessCalendar;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let rd = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
    let (it, sv) = (rd("interactions.csv"), rd("surveys.csv"));
    let cal = BusinessCalendar::from_json(&rd("calendar.json")).unwrap();
    let pol = SlaPolicies::from_json(&rd("policies.json")).unwrap();
    let mut o = ReportOptions::default();
    o.tickets.measures.as_of = Some("2026-12-31T21:00:00Z".parse().unwrap());
    let t = SummaryTable::read(&it, 2).unwrap();
    let a = read_surveys_csv(&sv, &o.surveys, &ReadOptions::default()).unwrap();
    let it = InteractionTable::from_summary(&t);
    let sv = SurveyTable::from_responses(&a.responses);
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|x| x.parse().ok())
        .unwrap_or(5);
    for _ in 0..runs {
        let s = std::time::Instant::now();
        let c = scorecard(
            &cal,
            Some(&pol),
            &it.columns(),
            Some(&sv.columns()),
            &o,
            std::env::var("THREADS")
                .ok()
                .and_then(|x| x.parse().ok())
                .unwrap_or(2),
        )
        .unwrap();
        eprintln!(
            "{:.3} s  ({} interactions)",
            s.elapsed().as_secs_f64(),
            c.tickets.interactions
        );
    }
}
