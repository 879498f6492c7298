//! The demo: business durations and SLA deadlines on a demo Moscow support calendar.
//!
//! Run with `cargo run --release -p support-metrics --example demo`; it needs no input files.
//! (The README's first command is the command line's `report --demo`.)

use chrono::{DateTime, Duration, Utc};
use support_metrics::demo::CALENDAR;
use support_metrics::tz::Zone;
use support_metrics::{BusinessCalendar, Error};

/// An overnight support line in Berlin across the 2026 autumn DST change.
const NIGHT_LINE: &str = r#"{
  "timezone": "Europe/Berlin",
  "week": {"sat": [["22:00", "06:00"]], "sun": [["00:00", "03:00"]]}
}"#;

fn t(s: &str) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| Error::InvalidDate {
            path: "demo".into(),
            value: format!("{s}: {e}"),
        })
}

fn local(cal: &BusinessCalendar, at: DateTime<Utc>) -> String {
    let tz: Zone = cal.timezone();
    at.with_timezone(&tz)
        .format("%a %Y-%m-%d %H:%M %Z")
        .to_string()
}

fn hours(seconds: f64) -> String {
    format!("{:>6.2} h", seconds / 3600.0)
}

fn main() -> Result<(), Error> {
    let cal = BusinessCalendar::from_json(CALENDAR)?;
    println!(
        "Calendar: {}\n",
        cal.spec().name.as_deref().unwrap_or("(unnamed)")
    );

    // (ticket, created, first reply, resolved) as RFC 3339 instants with offsets.
    let tickets = [
        (
            "T-1001",
            "2026-03-06T16:30:00+03:00",
            "2026-03-10T10:00:00+03:00",
            "2026-03-11T12:00:00+03:00",
        ),
        (
            "T-1002",
            "2026-04-30T17:45:00+03:00",
            "2026-05-04T09:20:00+03:00",
            "2026-05-12T11:00:00+03:00",
        ),
        (
            "T-1003",
            "2026-06-10T13:30:00+03:00",
            "2026-06-10T16:30:00+03:00",
            "2026-06-11T09:30:00+03:00",
        ),
        (
            "T-1004",
            "2026-11-06T19:00:00+03:00",
            "2026-11-07T10:30:00+03:00",
            "2026-11-09T15:00:00+03:00",
        ),
        (
            "T-1005",
            "2026-12-30T17:00:00+03:00",
            "2026-12-30T17:40:00+03:00",
            "2027-01-11T10:00:00+03:00",
        ),
    ];
    let first_reply_target = 4.0 * 3600.0; // 4 business hours
    let resolution_target = 16.0 * 3600.0; // 2 business days of 8 h

    println!(
        "{:<7} {:<24} {:>9} {:>9} {:<24} {:<8} {:>9} {:<24} {:<8}",
        "ticket",
        "created (local)",
        "FRT wall",
        "FRT biz",
        "reply due",
        "reply",
        "res biz",
        "resolution due",
        "res"
    );
    for (id, created, replied, resolved) in tickets {
        let (created, replied, resolved) = (t(created)?, t(replied)?, t(resolved)?);
        let frt_biz = cal.business_seconds(created, replied)?;
        let frt_wall = (replied - created).num_seconds() as f64;
        let reply_due = cal.add_business_seconds(created, first_reply_target)?;
        let res_biz = cal.business_seconds(created, resolved)?;
        let res_due = cal.add_business_seconds(created, resolution_target)?;
        let status =
            |at: DateTime<Utc>, due: DateTime<Utc>| if at <= due { "met" } else { "breached" };
        println!(
            "{:<7} {:<24} {:>9} {:>9} {:<24} {:<8} {:>9} {:<24} {:<8}",
            id,
            local(&cal, created),
            hours(frt_wall),
            hours(frt_biz),
            local(&cal, reply_due),
            status(replied, reply_due),
            hours(res_biz),
            local(&cal, res_due),
            status(resolved, res_due),
        );
    }

    let now = t("2026-06-10T15:00:00+03:00")?;
    println!(
        "\nAt {}: open = {}, next open = {}, next close = {}",
        local(&cal, now),
        cal.is_open(now)?,
        cal.next_open(now)?
            .map_or("never".into(), |x| local(&cal, x)),
        cal.next_close(now)?
            .map_or("never".into(), |x| local(&cal, x)),
    );
    println!("Open intervals on the working Saturday 2026-11-07:");
    for iv in cal.open_intervals(
        t("2026-11-07T00:00:00+03:00")?,
        t("2026-11-08T00:00:00+03:00")?,
    )? {
        println!("  {} .. {}", local(&cal, iv.start), local(&cal, iv.end));
    }

    let night = BusinessCalendar::from_json(NIGHT_LINE)?;
    let sat = t("2026-10-24T20:00:00+02:00")?;
    let sun = sat + Duration::hours(13);
    println!(
        "\nBerlin night line, Sat 22:00 to Sun 06:00 local on the fall-back night: {} of business \
         time, not 8 (02:00-03:00 happens twice).",
        hours(night.business_seconds(sat, sun)?)
    );
    Ok(())
}
