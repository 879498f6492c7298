//! proptest strategies for random calendars and the instants worth asking them about.
//!
//! A [`Scenario`] is a random [`CalendarSpec`] plus the window of time its holidays, overrides
//! and closures are concentrated in (about a year chosen for its DST history), and the zone's
//! offset transitions inside that window, so that instants can be drawn where bugs live: on and
//! around transitions, at local midnights and exactly on (or a nanosecond off) the edges of the
//! open intervals.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::sample::select;
use support_metrics::calendar::{CalendarSpec, WallInterval, WallTime};

use crate::reference::{self, DAY_NS, NS};

/// The zones the generators draw from: DST in the north and south, 30-minute DST, a zone that
/// changed its rules, one whose old DST switched at midnight, one without DST, and UTC.
pub const ZONES: [Tz; 7] = [
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::Europe::Moscow,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::America::Sao_Paulo,
    chrono_tz::UTC,
];

/// Years whose DST history is interesting in at least one of [`ZONES`]: Moscow's 2011 move to
/// permanent +04 and 2014 return to +03, Sao Paulo's last DST (2018/19), and ordinary years.
pub const YEARS: [i32; 8] = [1975, 1996, 2011, 2014, 2018, 2019, 2024, 2026];

/// Unix nanoseconds of an instant.
#[must_use]
pub fn ns(dt: DateTime<Utc>) -> i64 {
    dt.timestamp() * NS + i64::from(dt.timestamp_subsec_nanos())
}

/// The instant at Unix nanoseconds `ns`.
#[must_use]
pub fn dt(ns: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ns.div_euclid(NS), ns.rem_euclid(NS) as u32)
        .expect("instant within chrono's range")
}

/// A random calendar and the window its dates are concentrated in.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The calendar.
    pub spec: CalendarSpec,
    /// Start of the window, Unix nanoseconds.
    pub from_ns: i64,
    /// End of the window, Unix nanoseconds.
    pub to_ns: i64,
    /// The zone's UTC-offset changes within the window, Unix nanoseconds.
    pub transitions: Vec<i64>,
}

/// The instants in `[from_ns, to_ns)` at which the zone's UTC offset changes (found by sampling
/// the offset every 6 hours and bisecting each change to the second).
#[must_use]
pub fn transitions(tz: Tz, from_ns: i64, to_ns: i64) -> Vec<i64> {
    let offset = |secs: i64| {
        let t = DateTime::from_timestamp(secs, 0).expect("instant within chrono's range");
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let step = 6 * 3600;
    let (from, to) = (from_ns.div_euclid(NS), to_ns.div_euclid(NS));
    let mut out = Vec::new();
    let mut t = from;
    while t < to {
        let next = (t + step).min(to);
        if offset(t) != offset(next) {
            // The change happens in (lo, hi]: the offset at hi differs from the one at lo.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset(mid) == offset(t) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(hi * NS);
        }
        t = next;
    }
    out
}

/// A start-of-interval time: often a DST-relevant hour, otherwise any minute, sometimes with
/// seconds.
pub fn wall_time() -> BoxedStrategy<WallTime> {
    let special = select(vec![
        0,
        1800,
        3600,
        5400,
        7200,
        9000,
        10_800,
        12_600,
        8 * 3600,
        9 * 3600,
        12 * 3600,
        13 * 3600,
        17 * 3600,
        18 * 3600,
        22 * 3600,
        23 * 3600,
        23 * 3600 + 1800,
    ]);
    prop_oneof![
        3 => special,
        3 => (0u32..1440).prop_map(|m| m * 60),
        1 => 0u32..86_400,
    ]
    .prop_map(|s| WallTime::from_seconds(s).expect("below 24:00"))
    .boxed()
}

/// An end time: like [`wall_time`], or `24:00`.
pub fn end_time() -> BoxedStrategy<WallTime> {
    prop_oneof![
        5 => wall_time(),
        1 => Just(WallTime::END_OF_DAY),
    ]
    .boxed()
}

/// A valid wall interval: same-day, overnight (`end < start`) or ending at `24:00`.
pub fn wall_interval() -> BoxedStrategy<WallInterval> {
    (wall_time(), end_time())
        .prop_filter_map("start equals end", |(s, e)| WallInterval::new(s, e).ok())
        .boxed()
}

/// One day's schedule: split shifts, overlapping intervals, overnight ones.
pub fn day_intervals() -> BoxedStrategy<Vec<WallInterval>> {
    prop_oneof![
        1 => Just(Vec::new()),
        1 => Just(vec![WallInterval::WHOLE_DAY]),
        2 => Just(vec![WallInterval::parse("09:00", "17:00").expect("valid")]),
        1 => Just(vec![
            WallInterval::parse("09:00", "13:00").expect("valid"),
            WallInterval::parse("14:00", "18:00").expect("valid"),
        ]),
        1 => Just(vec![WallInterval::parse("22:00", "06:00").expect("valid")]),
        6 => prop::collection::vec(wall_interval(), 1..=4),
        1 => dense_day(),
    ]
    .boxed()
}

/// Many short intervals: every `step` minutes, open for `len` of them, from a random start.
fn dense_day() -> BoxedStrategy<Vec<WallInterval>> {
    (1u32..=4, 0u32..60, 5u32..=60)
        .prop_map(|(k, first, step)| {
            let (len, step) = (step / k.max(2) + 1, step);
            (0..)
                .map(|i| (first + i * step) * 60)
                .take_while(|&s| s + len * 60 <= 86_400)
                .map(|s| {
                    let start = WallTime::from_seconds(s).expect("in the day");
                    let end = WallTime::from_seconds(s + len * 60).expect("in the day");
                    WallInterval::new(start, end).expect("len > 0")
                })
                .collect()
        })
        .boxed()
}

/// A weekly schedule; now and then the same schedule every day.
pub fn week() -> BoxedStrategy<[Vec<WallInterval>; 7]> {
    prop_oneof![
        3 => prop::array::uniform7(day_intervals()),
        1 => day_intervals().prop_map(|d| std::array::from_fn(|_| d.clone())),
        1 => (day_intervals(), day_intervals()).prop_map(|(work, weekend)| {
            std::array::from_fn(|i| if i < 5 { work.clone() } else { weekend.clone() })
        }),
    ]
    .boxed()
}

/// A date in the window, often the local date of a transition or one either side of it.
fn date_near(tz: Tz, from_ns: i64, to_ns: i64, transitions: &[i64]) -> BoxedStrategy<NaiveDate> {
    let (first, last) = (
        NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid"),
        NaiveDate::from_ymd_opt(2099, 12, 31).expect("valid"),
    );
    let local_date = move |t: i64| {
        tz.from_utc_datetime(&dt(t).naive_utc())
            .date_naive()
            .clamp(first, last)
    };
    let days = ((to_ns - from_ns) / DAY_NS).max(1);
    let uniform = (0..days)
        .prop_map(move |d| local_date(from_ns + d * DAY_NS))
        .boxed();
    if transitions.is_empty() {
        return uniform;
    }
    let special = (select(transitions.to_vec()), -1i64..=1)
        .prop_map(move |(t, d)| (local_date(t) + Duration::days(d)).clamp(first, last))
        .boxed();
    prop_oneof![1 => uniform, 2 => special].boxed()
}

/// A random calendar in a random zone, with its window and transitions.
pub fn scenario() -> BoxedStrategy<Scenario> {
    let year = prop_oneof![3 => select(YEARS.to_vec()), 1 => 1900i32..=2098];
    (select(ZONES.to_vec()), year)
        .prop_flat_map(|(tz, year)| {
            let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
            let end = NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("valid year");
            let at = |d: NaiveDate| ns(d.and_hms_opt(0, 0, 0).expect("midnight").and_utc());
            let (from_ns, to_ns) = (at(start), at(end));
            let trans = transitions(tz, from_ns, to_ns);
            let date = date_near(tz, from_ns, to_ns, &trans);
            let holidays = prop::collection::btree_set(date.clone(), 0..=6);
            let overrides = prop::collection::btree_map(date.clone(), day_intervals(), 0..=4);
            let closures = prop::collection::btree_map(
                date,
                prop::collection::vec(wall_interval(), 1..=2),
                0..=4,
            );
            let name = prop::option::of("[a-z ]{0,8}");
            (week(), holidays, overrides, closures, name).prop_map(
                move |(week, holidays, overrides, closures, name)| {
                    let mut spec = CalendarSpec::new(tz);
                    spec.name = name;
                    spec.week = week;
                    spec.holidays = holidays;
                    spec.overrides = overrides;
                    spec.closures = closures;
                    Scenario {
                        spec,
                        from_ns,
                        to_ns,
                        transitions: trans.clone(),
                    }
                },
            )
        })
        .boxed()
}

/// A random calendar alone (see [`scenario`]).
pub fn calendar_spec() -> impl Strategy<Value = CalendarSpec> {
    scenario().prop_map(|s| s.spec)
}

/// An instant worth asking `sc` about: anywhere in its window, near a transition, at a local
/// midnight (or a nanosecond or a second either side), or on an edge of an open interval (or a
/// nanosecond or a second either side); sometimes with a sub-second fraction.
pub fn instant(sc: &Scenario) -> BoxedStrategy<i64> {
    let (from, to) = (sc.from_ns, sc.to_ns);
    let tz = reference::chrono_tz_of(sc.spec.timezone);
    let trans = if sc.transitions.is_empty() {
        vec![from + (to - from) / 2]
    } else {
        sc.transitions.clone()
    };
    let nudge = select(vec![0, 0, 0, -1, 1, -NS, NS, -1800 * NS, 1800 * NS]);
    let uniform = (from..to).boxed();
    let around = (select(trans.clone()), -3 * 86_400i64..3 * 86_400).prop_map(|(t, s)| t + s * NS);
    let close = (select(trans.clone()), -180i64..180, nudge.clone())
        .prop_map(|(t, m, n)| t + m * 60 * NS + n);
    let midnight = (select(trans.clone()), -2i64..=2, nudge.clone()).prop_map(move |(t, d, n)| {
        let date = tz.from_utc_datetime(&dt(t).naive_utc()).date_naive() + Duration::days(d);
        reference::resolve(tz, date, 0) + n
    });
    let spec = sc.spec.clone();
    let somewhere = prop_oneof![
        1 => from..to,
        1 => (select(trans.clone()), -2 * 86_400i64..2 * 86_400).prop_map(|(t, s)| t + s * NS),
    ];
    let edge =
        (somewhere, any::<prop::sample::Index>(), nudge.clone()).prop_map(move |(p, i, n)| {
            let open = reference::open_set(&spec, p - 4 * DAY_NS, p + 4 * DAY_NS);
            if open.is_empty() {
                return p;
            }
            let (s, e) = open[i.index(open.len())];
            if i.index(2) == 0 {
                s + n
            } else {
                e + n
            }
        });
    let base = prop_oneof![
        2 => uniform,
        2 => around,
        2 => close,
        2 => midnight,
        3 => edge,
    ];
    (base, prop_oneof![4 => Just(0i64), 1 => 0..NS])
        .prop_map(|(t, frac)| (t + frac).clamp(reference::MIN_NS, reference::MAX_NS))
        .boxed()
}

/// A scenario and one instant in it.
pub fn scenario_and_instant() -> BoxedStrategy<(Scenario, i64)> {
    scenario()
        .prop_flat_map(|sc| {
            let t = instant(&sc);
            (Just(sc), t)
        })
        .boxed()
}

/// A scenario and `1..=n` instants in it (several questions per compiled calendar).
pub fn scenario_and_instants(n: usize) -> BoxedStrategy<(Scenario, Vec<i64>)> {
    scenario()
        .prop_flat_map(move |sc| {
            let ts = prop::collection::vec(instant(&sc), 1..=n);
            (Just(sc), ts)
        })
        .boxed()
}

/// A scenario and `a <= b`: mostly a short span (up to ~40 days), sometimes two arbitrary
/// instants of the window.
pub fn scenario_and_span() -> BoxedStrategy<(Scenario, i64, i64)> {
    scenario()
        .prop_flat_map(|sc| {
            let a = instant(&sc);
            let b = instant(&sc);
            let len = prop_oneof![
                1 => Just(0i64),
                3 => 0i64..3 * DAY_NS,
                2 => 0i64..40 * DAY_NS,
            ];
            (Just(sc), a, b, len, any::<bool>()).prop_map(|(sc, a, b, len, pair)| {
                let (a, b) = if pair {
                    (a.min(b), a.max(b))
                } else {
                    (a, (a + len).min(reference::MAX_NS))
                };
                (sc, a, b)
            })
        })
        .boxed()
}

/// A business amount to add, in nanoseconds: zero, whole quarter-hours, or any value up to
/// 30 days.
pub fn amount() -> impl Strategy<Value = i64> {
    prop_oneof![
        1 => Just(0i64),
        3 => (0i64..400).prop_map(|q| q * 900 * NS),
        2 => 0i64..30 * DAY_NS,
    ]
}

/// Builds a spec from parts (the struct is `#[non_exhaustive]`).
#[must_use]
pub fn spec(
    tz: Tz,
    week: [Vec<WallInterval>; 7],
    holidays: BTreeSet<NaiveDate>,
    overrides: BTreeMap<NaiveDate, Vec<WallInterval>>,
    closures: BTreeMap<NaiveDate, Vec<WallInterval>>,
) -> CalendarSpec {
    let mut spec = CalendarSpec::new(tz);
    spec.week = week;
    spec.holidays = holidays;
    spec.overrides = overrides;
    spec.closures = closures;
    spec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_transitions() {
        let from = ns(Utc
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("valid"));
        let to = ns(Utc
            .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
            .single()
            .expect("valid"));
        let berlin = transitions(chrono_tz::Europe::Berlin, from, to);
        let expect = [
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0)
                .single()
                .expect("valid"),
            Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0)
                .single()
                .expect("valid"),
        ];
        assert_eq!(berlin, expect.map(ns));
        assert!(transitions(chrono_tz::Asia::Kolkata, from, to).is_empty());
        assert_eq!(
            transitions(chrono_tz::Australia::Lord_Howe, from, to).len(),
            2
        );
    }
}
