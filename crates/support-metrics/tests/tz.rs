//! `tz::Zone` against chrono-tz at random instants and local times of random zones: the unit
//! test in `src/tz` covers every transition; this covers everything in between, 1800–2200.

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone};
use proptest::prelude::*;
use support_metrics::tz::Zone;

const FROM: i64 = -5_364_662_400; // 1800-01-01
const TO: i64 = 7_258_118_400; // 2200-01-01

fn naive(t: i64) -> NaiveDateTime {
    DateTime::from_timestamp(t, 0).unwrap().naive_utc()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn zone_is_chrono_tz(zone in 0..chrono_tz::TZ_VARIANTS.len(), t in FROM..TO) {
        same(zone, t)?;
    }

    /// Near a transition, where gaps and overlaps are.
    #[test]
    fn zone_is_chrono_tz_near_transitions(
        zone in 0..chrono_tz::TZ_VARIANTS.len(),
        pick in any::<prop::sample::Index>(),
        dt in -4 * 3600i64..4 * 3600,
    ) {
        let at = Zone::from(chrono_tz::TZ_VARIANTS[zone]).transitions();
        if !at.is_empty() {
            same(zone, at[pick.index(at.len())] + dt)?;
        }
    }
}

fn same(zone: usize, t: i64) -> Result<(), TestCaseError> {
    {
        let tz = chrono_tz::TZ_VARIANTS[zone];
        let z = Zone::from(tz);
        prop_assert_eq!(z.name(), tz.name());
        let (a, b) = (
            z.offset_from_utc_datetime(&naive(t)),
            tz.offset_from_utc_datetime(&naive(t)),
        );
        prop_assert_eq!(a.fix(), b.fix());
        prop_assert_eq!(a.to_string(), b.to_string());
        // The same seconds read as a local wall time: single, ambiguous or in a gap alike.
        let local = naive(t);
        prop_assert_eq!(
            z.offset_from_local_datetime(&local).map(|o| o.fix()),
            tz.offset_from_local_datetime(&local).map(|o| o.fix())
        );
        prop_assert_eq!(
            z.offset_from_local_date(&local.date()).map(|o| o.fix()),
            tz.offset_from_local_date(&local.date()).map(|o| o.fix())
        );
        // Conversions through chrono's own API agree too.
        let utc = DateTime::from_timestamp(t, 0).unwrap();
        prop_assert_eq!(
            utc.with_timezone(&z).to_rfc3339(),
            utc.with_timezone(&tz).to_rfc3339()
        );
    }
    Ok(())
}
