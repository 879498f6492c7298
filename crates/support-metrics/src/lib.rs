//! # support-metrics
//!
//! Customer-support quality metrics computed exactly and fast, with one set of definitions
//! shared by Rust services, Python notebooks and browser dashboards.
//!
//! Every time-based metric (first response, resolution, SLA deadlines) is only as right as its
//! business time, so the foundation is [`BusinessCalendar`]: an IANA time zone, a weekly
//! schedule with split and overnight shifts, holidays, date overrides and partial closures,
//! resolved to the second across DST changes, and compiled so that a business duration is two
//! array lookups.
//!
//! The core does no I/O: no files, no network, no environment, no clock. "Now" is always a
//! parameter.
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use support_metrics::BusinessCalendar;
//!
//! let cal = BusinessCalendar::from_json(r#"{
//!     "timezone": "Europe/Moscow",
//!     "week": {"mon": [["09:00","13:00"],["14:00","18:00"]],
//!              "tue": [["09:00","13:00"],["14:00","18:00"]]},
//!     "holidays": ["2026-01-01"]
//! }"#)?;
//! let created: DateTime<Utc> = "2026-03-02T09:30:00Z".parse().unwrap(); // Mon 12:30 MSK
//! let replied: DateTime<Utc> = "2026-03-03T06:15:00Z".parse().unwrap(); // Tue 09:15 MSK
//! // 30 min before lunch, 4 h after it, 15 min on Tuesday.
//! assert_eq!(cal.business_seconds(created, replied)?, 4.75 * 3600.0);
//! // An 8-business-hour target: 4.5 h left on Monday, 3.5 h on Tuesday from 09:00.
//! let due = cal.add_business_seconds(created, 8.0 * 3600.0)?;
//! assert_eq!(due.to_rfc3339(), "2026-03-03T09:30:00+00:00"); // Tue 12:30 MSK
//! assert!(!cal.is_open(due + chrono::Duration::minutes(45))?); // 13:15, lunch break
//! # Ok::<(), support_metrics::Error>(())
//! ```
//!
//! ## Crate features
//!
//! None yet: the crate depends only on chrono (without its clock), chrono-tz, serde,
//! serde_json and thiserror, and builds for `wasm32-unknown-unknown`.

#![forbid(unsafe_code)]

pub mod api;
pub mod calendar;
pub mod contact_centre;
pub mod csv;
pub mod demo;
pub mod erlang;
pub mod error;
mod hash;
pub mod interaction;
mod json;
mod keyed;
pub mod kpi;
pub mod metrics;
pub mod qa;
pub mod quality;
pub mod report;
pub mod sla;
pub mod state;
pub mod stats;
pub mod survey;
pub mod targets;
mod threads;
pub mod tz;

pub use calendar::BusinessCalendar;
pub use error::{Error, Result};
