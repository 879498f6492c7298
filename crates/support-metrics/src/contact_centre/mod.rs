//! Contact-centre queue KPIs measured from history: service level (with Cisco's three
//! treatments of abandoned contacts and a short-abandon threshold), ASA, time to abandon,
//! abandonment, AHT, hold and transfer rates from queue records; occupancy, utilisation and
//! shrinkage from agent-state intervals. Breakdowns by queue, agent and 15/30/60-minute
//! interval in an IANA time zone, through mergeable, serde-serializable accumulators.
//!
//! Planning (Erlang B, C, A) lives in [`crate::erlang`]; both use the same definitions of
//! service level and occupancy, so a plan and its measurement can be compared.
//!
//! Every formula, with its source, is in `docs/metrics.md`, section "Contact centre".

mod agents;
mod queue;

pub use agents::{
    agent_report, AgentReport, AgentState, AgentStateAccumulator, AgentStateInterval, AgentTime,
    AgentTimeKpis, IntervalAgentKpis,
};
pub use queue::{
    queue_report, Channel, IntervalQueueKpis, QueueAccumulator, QueueCounts, QueueKpis,
    QueueOptions, QueueRecord, QueueReport, ServiceLevels,
};

use chrono::{DateTime, Offset, TimeZone, Timelike, Utc};

use crate::erlang::IntervalLength;
use crate::error::{Error, Result};
use crate::tz::Zone;

/// Checks that an instant lies in the range the calendar engine supports (1900-01-01T00:00Z
/// ..= 2100-01-01T00:00Z): the bundled tz data is right there, and local-clock intervals need it.
pub(crate) fn check_instant(what: &'static str, t: DateTime<Utc>) -> Result<()> {
    let (min, max) = (
        crate::calendar::min_instant(),
        crate::calendar::max_instant(),
    );
    if t < min || t > max {
        let f = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        return Err(Error::OutOfRange {
            what,
            value: f(t),
            min: f(min),
            max: f(max),
        });
    }
    Ok(())
}

/// Parses an IANA time-zone name.
pub(crate) fn parse_zone(name: &str) -> Result<Zone> {
    name.parse()
}

/// The start of the local-clock interval holding `t`: the local wall time floored to a multiple
/// of the interval length since local midnight, as the instant the local clock showed it (in
/// the offset in force at `t`).
pub(crate) fn bucket_start(t: DateTime<Utc>, tz: Zone, interval: IntervalLength) -> DateTime<Utc> {
    let local = t.with_timezone(&tz);
    let since_midnight = i64::from(local.num_seconds_from_midnight());
    let into = since_midnight % interval.seconds();
    let nanos = i64::from(local.nanosecond() % 1_000_000_000);
    let back = chrono::Duration::seconds(into) + chrono::Duration::nanoseconds(nanos);
    // Only the first hour of chrono's range has no room to step back: keep `t` there.
    t.checked_sub_signed(back).unwrap_or(t)
}

/// The bucket's start as RFC 3339 with the zone's offset (`2026-03-02T09:00:00+01:00`).
pub(crate) fn bucket_label(start: DateTime<Utc>, tz: Zone) -> String {
    let local = start.with_timezone(&tz);
    let offset = tz.offset_from_utc_datetime(&start.naive_utc()).fix();
    local
        .with_timezone(&offset)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Serde for a time zone as its IANA name.
pub(crate) mod zone_serde {
    use crate::tz::Zone;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(tz: &Zone, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let name = String::deserialize(d)?;
        name.parse::<Zone>()
            .map_err(|_| serde::de::Error::custom(format!("unknown time zone `{name}`")))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn buckets_follow_the_local_clock() {
        let kolkata = parse_zone("Asia/Kolkata").unwrap(); // +05:30
        let start = bucket_start(
            t("2026-03-02T04:10:00Z"),
            kolkata,
            IntervalLength::Minutes60,
        );
        // 04:10Z = 09:40 IST, whose hour began at 09:00 IST = 03:30Z.
        assert_eq!(start, t("2026-03-02T03:30:00Z"));
        assert_eq!(bucket_label(start, kolkata), "2026-03-02T09:00:00+05:30");
        let berlin = parse_zone("Europe/Berlin").unwrap();
        // Fall back 2026-10-25 03:00 CEST -> 02:00 CET: two local 02:00 buckets.
        let a = bucket_start(t("2026-10-25T00:20:00Z"), berlin, IntervalLength::Minutes30);
        let b = bucket_start(t("2026-10-25T01:20:00Z"), berlin, IntervalLength::Minutes30);
        assert_eq!(bucket_label(a, berlin), "2026-10-25T02:00:00+02:00");
        assert_eq!(bucket_label(b, berlin), "2026-10-25T02:00:00+01:00");
        assert_ne!(a, b);
    }
}
