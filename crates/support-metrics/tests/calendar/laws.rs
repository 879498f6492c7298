//! Laws the engine must obey whatever the calendar, checked on the engine alone (no oracle).

use std::sync::OnceLock;

use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::sample::select;
use support_metrics::calendar::{
    BusinessDuration, CalendarSpec, MAX_INSTANT_SECONDS, MIN_INSTANT_SECONDS,
};
use support_metrics::BusinessCalendar;
use support_metrics_testkit::gen::{self, dt, ns, ZONES};
use support_metrics_testkit::reference::NS;

use super::{cal, config};

fn d(c: &BusinessCalendar, a: i64, b: i64) -> i64 {
    c.business_duration(dt(a), dt(b)).unwrap().as_nanos()
}

fn add(c: &BusinessCalendar, a: i64, s: i64) -> Option<i64> {
    c.add_business_duration(dt(a), BusinessDuration::from_nanos(s).unwrap())
        .ok()
        .map(ns)
}

/// One 24/7 calendar per zone, shared by all cases so each block is compiled once.
fn always_open(tz: Tz) -> &'static BusinessCalendar {
    static CALS: OnceLock<Vec<BusinessCalendar>> = OnceLock::new();
    let cals = CALS.get_or_init(|| {
        ZONES
            .iter()
            .map(|&z| BusinessCalendar::always_open(z))
            .collect()
    });
    let i = ZONES
        .iter()
        .position(|&z| z == tz)
        .expect("a generated zone");
    &cals[i]
}

fn any_instant() -> impl Strategy<Value = i64> {
    MIN_INSTANT_SECONDS * NS..=MAX_INSTANT_SECONDS * NS
}

/// Three sorted instants of one scenario.
fn scenario_and_three() -> impl Strategy<Value = (CalendarSpec, i64, i64, i64)> {
    gen::scenario()
        .prop_flat_map(|sc| {
            let (a, b, c) = (gen::instant(&sc), gen::instant(&sc), gen::instant(&sc));
            (Just(sc.spec), a, b, c)
        })
        .prop_map(|(spec, a, b, c)| {
            let mut v = [a, b, c];
            v.sort_unstable();
            (spec, v[0], v[1], v[2])
        })
}

proptest! {
    #![proptest_config(config(48, 512))]

    #[test]
    fn durations_add_up((spec, a, b, c) in scenario_and_three()) {
        let cal = cal(&spec);
        prop_assert_eq!(d(&cal, a, b) + d(&cal, b, c), d(&cal, a, c));
        // Monotone in the end, and never more than the elapsed time.
        prop_assert!(d(&cal, a, b) <= d(&cal, a, c));
        prop_assert!(d(&cal, a, c) <= c - a);
        prop_assert_eq!(d(&cal, a, a), 0);
    }

    #[test]
    fn adding_gives_back_the_amount((sc, a, _b) in gen::scenario_and_span(), s1 in gen::amount(), s2 in gen::amount()) {
        let cal = cal(&sc.spec);
        let (x1, x2) = (add(&cal, a, s1.min(s2)), add(&cal, a, s1.max(s2)));
        if let Some(x1) = x1 {
            prop_assert!(x1 >= a);
            prop_assert_eq!(d(&cal, a, x1), s1.min(s2));
            // The deadline is the latest such instant: the calendar is open there, so one
            // nanosecond more is more business time.
            prop_assert!(cal.is_open(dt(x1)).unwrap(), "deadline {} is closed", dt(x1));
        }
        if let Some(x2) = x2 {
            prop_assert_eq!(d(&cal, a, x2), s1.max(s2));
            // Monotone in the amount.
            prop_assert!(x1.is_some_and(|x1| x1 <= x2), "add({}, {s1}/{s2}) not monotone", dt(a));
        }
    }

    /// The SLA law: a reply meets the target exactly when it is no later than the deadline.
    #[test]
    fn deadline_law((sc, created, reply) in gen::scenario_and_span(), target in gen::amount()) {
        let cal = cal(&sc.spec);
        if let Some(deadline) = add(&cal, created, target) {
            prop_assert_eq!(reply <= deadline, d(&cal, created, reply) <= target,
                "created {} reply {} deadline {}", dt(created), dt(reply), dt(deadline));
        }
    }

    /// Exact targets taken from the business time to some reply.
    #[test]
    fn deadline_law_at_edges((sc, created, reply) in gen::scenario_and_span()) {
        let cal = cal(&sc.spec);
        let target = d(&cal, created, reply);
        match add(&cal, created, target) {
            Some(deadline) => {
                prop_assert!(reply <= deadline);
                prop_assert_eq!(d(&cal, created, deadline), target);
            }
            // No deadline only when the calendar never opens again after the reply.
            None => prop_assert_eq!(cal.next_open(dt(reply)).unwrap(), None),
        }
    }

    #[test]
    fn always_open_is_elapsed_time(tz in select(ZONES.to_vec()), a in any_instant(), b in any_instant(), near in 0i64..30 * 86_400 * NS) {
        let cal = always_open(tz);
        let (a, b) = (a.min(b), a.max(b));
        prop_assert_eq!(d(cal, a, b), b - a);
        let c = a.saturating_add(near).min(MAX_INSTANT_SECONDS * NS);
        prop_assert_eq!(d(cal, a, c), c - a);
        prop_assert!(cal.is_open(dt(a)).unwrap());
        prop_assert_eq!(cal.next_open(dt(a)).unwrap(), Some(dt(a)));
        if c < MAX_INSTANT_SECONDS * NS {
            prop_assert_eq!(add(cal, a, c - a), Some(c));
        }
        let spans: Vec<_> = cal.open_intervals(dt(a), dt(c)).unwrap().map(|iv| (ns(iv.start), ns(iv.end))).collect();
        let expect = if a < c { vec![(a, c)] } else { vec![] };
        prop_assert_eq!(spans, expect);
    }

    #[test]
    fn json_round_trips(spec in gen::calendar_spec()) {
        let c = cal(&spec);
        let text = c.to_json();
        let back = BusinessCalendar::from_json(&text).unwrap();
        prop_assert_eq!(&back, &c);
        prop_assert_eq!(back.to_json(), text);
        // Through serde as well.
        let value = serde_json::to_value(&c).unwrap();
        let again: BusinessCalendar = serde_json::from_value(value).unwrap();
        prop_assert_eq!(again, c);
    }

    #[test]
    fn batch_equals_scalar(
        (sc, ts) in gen::scenario_and_instants(12),
        holes in prop::collection::vec(0u8..8, 12),
        amounts in prop::collection::vec(prop_oneof![4 => (0.0..400_000.0f64).prop_map(Some), 1 => Just(None), 1 => Just(Some(-1.0)), 1 => Just(Some(f64::NAN))], 12),
    ) {
        let cal = cal(&sc.spec);
        let n = ts.len();
        // Pairs of consecutive instants (some reversed), with some inputs missing.
        let starts: Vec<_> = (0..n).map(|i| (holes[i] != 0).then(|| dt(ts[i]))).collect();
        let ends: Vec<_> = (0..n).map(|i| (holes[i] != 1).then(|| dt(ts[(i + 1) % n]))).collect();
        let out = cal.business_seconds_batch(&starts, &ends).unwrap();
        prop_assert_eq!(out.values.len(), n);
        for i in 0..n {
            let scalar = match (starts[i], ends[i]) {
                (Some(s), Some(e)) => cal.business_seconds(s, e).map(Some),
                _ => Ok(None),
            };
            prop_assert_eq!(out.row(i).unwrap().map_err(Clone::clone), scalar);
        }
        let secs = &amounts[..n];
        let out = cal.add_business_seconds_batch(&starts, secs).unwrap();
        for i in 0..n {
            let scalar = match (starts[i], secs[i]) {
                (Some(s), Some(x)) => cal.add_business_seconds(s, x).map(Some),
                _ => Ok(None),
            };
            prop_assert_eq!(out.row(i).unwrap().map_err(Clone::clone), scalar);
        }
    }
}
