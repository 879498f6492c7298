//! The compiled fast path against the naive reference of `support-metrics-testkit`, on random
//! calendars in DST-rich zones and instants drawn near transitions, midnights and edges.

use proptest::prelude::*;
use support_metrics::calendar::BusinessDuration;
use support_metrics_testkit::gen::{self, dt, ns, Scenario};
use support_metrics_testkit::reference;

use super::{cal, config};

/// Asserts that the engine's deadline matches the reference's (`None` = an error that says
/// there is no such instant in range).
fn check_add(sc: &Scenario, a: i64, amount: i64) -> Result<(), TestCaseError> {
    let engine =
        cal(&sc.spec).add_business_duration(dt(a), BusinessDuration::from_nanos(amount).unwrap());
    let expect = reference::add_business_nanos(&sc.spec, a, amount);
    match (engine, expect) {
        (Ok(x), Some(y)) => prop_assert_eq!(ns(x), y, "add({}, {} ns)", dt(a), amount),
        (Err(e), None) => prop_assert!(
            ["no_working_time", "out_of_range"].contains(&e.code()),
            "unexpected error {e}"
        ),
        (got, want) => prop_assert!(
            false,
            "add({}, {amount} ns): engine {got:?}, reference {:?}",
            dt(a),
            want.map(dt)
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48, 512))]

    #[test]
    fn business_duration_matches((sc, a, b) in gen::scenario_and_span()) {
        let got = cal(&sc.spec).business_duration(dt(a), dt(b)).unwrap().as_nanos();
        prop_assert_eq!(got, reference::business_nanos(&sc.spec, a, b), "[{}, {})", dt(a), dt(b));
    }

    #[test]
    fn add_business_duration_matches((sc, a, _b) in gen::scenario_and_span(), amount in gen::amount()) {
        check_add(&sc, a, amount)?;
    }

    /// Amounts that are exactly the business time up to some instant, so deadlines land on
    /// closings (and must move on to the next opening).
    #[test]
    fn add_business_duration_matches_at_edges((sc, a, b) in gen::scenario_and_span()) {
        let amount = reference::business_nanos(&sc.spec, a, b);
        check_add(&sc, a, amount)?;
    }

    #[test]
    fn is_open_matches((sc, ts) in gen::scenario_and_instants(8)) {
        let c = cal(&sc.spec);
        for t in ts {
            prop_assert_eq!(c.is_open(dt(t)).unwrap(), reference::is_open(&sc.spec, t), "at {}", dt(t));
        }
    }

    #[test]
    fn next_open_matches((sc, ts) in gen::scenario_and_instants(8)) {
        let c = cal(&sc.spec);
        for t in ts {
            prop_assert_eq!(c.next_open(dt(t)).unwrap().map(ns), reference::next_open(&sc.spec, t), "from {}", dt(t));
        }
    }

    #[test]
    fn next_close_matches((sc, ts) in gen::scenario_and_instants(8)) {
        let c = cal(&sc.spec);
        for t in ts {
            prop_assert_eq!(c.next_close(dt(t)).unwrap().map(ns), reference::next_close(&sc.spec, t), "from {}", dt(t));
        }
    }

    #[test]
    fn open_intervals_match((sc, a, b) in gen::scenario_and_span()) {
        let got: Vec<(i64, i64)> = cal(&sc.spec)
            .open_intervals(dt(a), dt(b))
            .unwrap()
            .map(|iv| (ns(iv.start), ns(iv.end)))
            .collect();
        prop_assert_eq!(got, reference::open_intervals(&sc.spec, a, b), "[{}, {})", dt(a), dt(b));
    }
}
