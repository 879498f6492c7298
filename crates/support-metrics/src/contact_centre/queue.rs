//! Queue records (call, chat, callback) and the KPIs measured from them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{bucket_label, bucket_start, check_instant, parse_zone, zone_serde};
use crate::erlang::IntervalLength;
use crate::error::{Error, Result};
use crate::keyed::Keyed;
use crate::quality::{DataQuality, Finding};
use crate::stats::{mean_estimate, rate, MeanEstimate, Moments, Rate, StatsOptions};
use crate::tz::Zone;

/// The kind of contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// An inbound phone call (the default).
    #[default]
    Call,
    /// A chat or messaging session routed through a queue.
    Chat,
    /// A callback (virtual hold): the wait runs from the request to the agent's connection.
    Callback,
}

/// One contact that entered a queue: answered (after a wait) or abandoned (after a wait).
///
/// Exactly one of `answered_at` and `abandoned_at` is set. The wait is
/// `answered_at − offered_at` or `abandoned_at − offered_at`, in calendar seconds (queues run
/// on the clock, not on business hours).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueRecord {
    /// The contact's id, used in data-quality findings.
    #[serde(default)]
    pub id: Option<String>,
    /// Call, chat or callback.
    #[serde(default)]
    pub channel: Channel,
    /// The queue (skill, split, call type) the contact waited in.
    pub queue: String,
    /// The agent who answered, if any.
    #[serde(default)]
    pub agent: Option<String>,
    /// When the contact entered the queue.
    pub offered_at: DateTime<Utc>,
    /// When an agent answered.
    #[serde(default)]
    pub answered_at: Option<DateTime<Utc>>,
    /// When the caller hung up (or the chat was closed) before an answer.
    #[serde(default)]
    pub abandoned_at: Option<DateTime<Utc>>,
    /// Talk time, seconds (0 for an abandoned contact).
    #[serde(default, deserialize_with = "crate::api::lenient_f64")]
    pub talk_seconds: f64,
    /// Time on hold during the contact, seconds.
    #[serde(default, deserialize_with = "crate::api::lenient_f64")]
    pub hold_seconds: f64,
    /// After-call work (wrap-up), seconds.
    #[serde(default, deserialize_with = "crate::api::lenient_f64")]
    pub after_call_work_seconds: f64,
    /// How many times the contact was transferred.
    #[serde(default)]
    pub transfers: u32,
}

/// How a valid record ended.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Answered { wait: f64 },
    Abandoned { wait: f64 },
}

fn seconds_between(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    let d = b - a;
    d.num_seconds() as f64 + f64::from(d.subsec_nanos()) / 1e9
}

fn check_seconds(name: &'static str, value: f64) -> Result<()> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidArgument {
            name,
            value: value.to_string(),
            expected: "a finite number of seconds, zero or more",
        })
    }
}

impl QueueRecord {
    fn label(&self) -> String {
        self.id.clone().unwrap_or_else(|| "(no id)".to_string())
    }

    /// Checks the record: instants within 1900–2100 (`out_of_range`), exactly one outcome, not
    /// before it was offered, durations finite and not negative. The error names the field at
    /// fault.
    pub fn validate(&self) -> Result<()> {
        self.classify().map(|_| ()).map_err(|(_, e)| e)
    }

    fn classify(&self) -> std::result::Result<Outcome, (Option<&'static str>, Error)> {
        for (name, t) in [
            ("offered_at", Some(self.offered_at)),
            ("answered_at", self.answered_at),
            ("abandoned_at", self.abandoned_at),
        ] {
            if let Some(t) = t {
                check_instant("instant", t).map_err(|e| (Some(name), e))?;
            }
        }
        let outcome = match (self.answered_at, self.abandoned_at) {
            (Some(_), Some(_)) => {
                return Err((
                    None,
                    Error::InvalidRecord {
                        id: self.label(),
                        reason: "both answered_at and abandoned_at are set: a contact is either \
                                 answered or abandoned",
                    },
                ))
            }
            (None, None) => {
                return Err((
                    None,
                    Error::InvalidRecord {
                        id: self.label(),
                        reason: "neither answered_at nor abandoned_at is set: drop contacts still \
                                 in queue, or set the one that happened",
                    },
                ))
            }
            (Some(at), None) | (None, Some(at)) => {
                if at < self.offered_at {
                    let column = if self.answered_at.is_some() {
                        "answered_at"
                    } else {
                        "abandoned_at"
                    };
                    return Err((
                        Some(column),
                        Error::EndBeforeStart {
                            start: self.offered_at.to_rfc3339(),
                            end: at.to_rfc3339(),
                        },
                    ));
                }
                let wait = seconds_between(self.offered_at, at);
                if self.answered_at.is_some() {
                    Outcome::Answered { wait }
                } else {
                    Outcome::Abandoned { wait }
                }
            }
        };
        for (name, value) in [
            ("talk_seconds", self.talk_seconds),
            ("hold_seconds", self.hold_seconds),
            ("after_call_work_seconds", self.after_call_work_seconds),
        ] {
            check_seconds(name, value).map_err(|e| (Some(name), e))?;
        }
        Ok(outcome)
    }
}

/// What the queue KPIs are measured with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QueueOptions {
    /// The service-level answer-time threshold, seconds ("answered within Y s"); a wait equal
    /// to it counts as within.
    pub threshold_seconds: f64,
    /// Abandons with a wait strictly below this are *short abandons* (misdials, hang-ups during
    /// the greeting): excluded from offered contacts, service level and the abandonment rate
    /// (Cisco's "abandon wait time"); 0 (the default) means none.
    #[serde(default)]
    pub short_abandon_seconds: f64,
    /// The length of the breakdown intervals; 30 minutes by default.
    #[serde(default = "default_interval")]
    pub interval: IntervalLength,
    /// The IANA time zone whose local clock the intervals follow.
    #[serde(with = "zone_serde")]
    pub timezone: Zone,
}

fn default_interval() -> IntervalLength {
    IntervalLength::Minutes30
}

impl QueueOptions {
    /// Options for a threshold in a time zone: no short abandons, 30-minute intervals.
    ///
    /// ```
    /// use support_metrics::contact_centre::QueueOptions;
    /// let opts = QueueOptions::new(20.0, "Europe/Berlin")?.short_abandon_seconds(5.0);
    /// assert!(QueueOptions::new(-1.0, "UTC").is_err());
    /// assert_eq!(QueueOptions::new(20.0, "Mars/Base").unwrap_err().code(), "unknown_time_zone");
    /// # Ok::<(), support_metrics::Error>(())
    /// ```
    pub fn new(threshold_seconds: f64, timezone: &str) -> Result<QueueOptions> {
        let opts = QueueOptions {
            threshold_seconds,
            short_abandon_seconds: 0.0,
            interval: default_interval(),
            timezone: parse_zone(timezone)?,
        };
        opts.validate()?;
        Ok(opts)
    }

    /// The same options with a short-abandon threshold.
    #[must_use]
    pub fn short_abandon_seconds(mut self, seconds: f64) -> QueueOptions {
        self.short_abandon_seconds = seconds;
        self
    }

    /// The same options with another interval length.
    #[must_use]
    pub fn interval(mut self, interval: IntervalLength) -> QueueOptions {
        self.interval = interval;
        self
    }

    /// Checks the thresholds.
    pub fn validate(&self) -> Result<()> {
        if !(self.threshold_seconds.is_finite() && self.threshold_seconds >= 0.0) {
            return Err(Error::InvalidArgument {
                name: "threshold_seconds",
                value: self.threshold_seconds.to_string(),
                expected: "an answer-time threshold: a finite number of seconds, zero or more",
            });
        }
        if !(self.short_abandon_seconds.is_finite() && self.short_abandon_seconds >= 0.0) {
            return Err(Error::InvalidArgument {
                name: "short_abandon_seconds",
                value: self.short_abandon_seconds.to_string(),
                expected: "a finite number of seconds, zero or more (0 for no short abandons)",
            });
        }
        Ok(())
    }
}

/// The mergeable counts and moments behind the queue KPIs of one group of contacts.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct QueueCounts {
    /// Valid contacts, short abandons included.
    pub contacts: u64,
    /// Contacts answered (handled).
    pub answered: u64,
    /// Contacts abandoned, short abandons included.
    pub abandoned: u64,
    /// Abandons with a wait below the short-abandon threshold.
    pub short_abandoned: u64,
    /// Answered with a wait `<= threshold` (Cisco's ServiceLevelCalls).
    pub answered_within: u64,
    /// Abandoned, not short, with a wait `<= threshold` (Cisco's ServiceLevelAband).
    pub abandoned_within: u64,
    /// Answered contacts with some hold time.
    pub held: u64,
    /// Answered contacts transferred at least once.
    pub transferred: u64,
    /// Waits of answered contacts, seconds.
    pub answer_wait: Moments,
    /// Waits of abandoned contacts that are not short abandons, seconds.
    pub abandon_wait: Moments,
    /// Handle times `talk + hold + after-call work` of answered contacts, seconds.
    pub handle_time: Moments,
}

impl QueueCounts {
    fn push(&mut self, r: &QueueRecord, outcome: Outcome, opts: &QueueOptions) {
        self.contacts += 1;
        match outcome {
            Outcome::Answered { wait } => {
                self.answered += 1;
                self.answered_within += u64::from(wait <= opts.threshold_seconds);
                self.held += u64::from(r.hold_seconds > 0.0);
                self.transferred += u64::from(r.transfers > 0);
                self.answer_wait.push(wait);
                self.handle_time
                    .push(r.talk_seconds + r.hold_seconds + r.after_call_work_seconds);
            }
            Outcome::Abandoned { wait } => {
                self.abandoned += 1;
                if wait < opts.short_abandon_seconds {
                    self.short_abandoned += 1;
                } else {
                    self.abandoned_within += u64::from(wait <= opts.threshold_seconds);
                    self.abandon_wait.push(wait);
                }
            }
        }
    }

    /// Adds another group's counts.
    pub fn merge(&mut self, other: &QueueCounts) {
        self.contacts += other.contacts;
        self.answered += other.answered;
        self.abandoned += other.abandoned;
        self.short_abandoned += other.short_abandoned;
        self.answered_within += other.answered_within;
        self.abandoned_within += other.abandoned_within;
        self.held += other.held;
        self.transferred += other.transferred;
        self.answer_wait.merge(&other.answer_wait);
        self.abandon_wait.merge(&other.abandon_wait);
        self.handle_time.merge(&other.handle_time);
    }

    /// Contacts offered: all contacts less short abandons (Cisco's ServiceLevelCallsOffered).
    #[must_use]
    pub fn offered(&self) -> u64 {
        // Saturating: counts built by hand (or deserialized) may be inconsistent; `rate` then
        // reports `count_exceeds_total` instead of a panic.
        self.contacts.saturating_sub(self.short_abandoned)
    }

    /// The KPIs with their intervals.
    pub fn kpis(&self, stats: &StatsOptions) -> Result<QueueKpis> {
        let offered = self.offered();
        let long_abandons = self.abandoned.saturating_sub(self.short_abandoned);
        Ok(QueueKpis {
            contacts: self.contacts,
            offered,
            answered: self.answered,
            abandoned: self.abandoned,
            short_abandoned: self.short_abandoned,
            service_level: ServiceLevels {
                abandons_ignored: rate(
                    self.answered_within,
                    offered.saturating_sub(self.abandoned_within),
                    stats,
                )?,
                abandons_counted_against: rate(self.answered_within, offered, stats)?,
                abandons_counted_for: rate(
                    self.answered_within.saturating_add(self.abandoned_within),
                    offered,
                    stats,
                )?,
            },
            asa_seconds: mean_estimate(&self.answer_wait, stats)?,
            average_time_to_abandon_seconds: mean_estimate(&self.abandon_wait, stats)?,
            abandonment_rate: rate(long_abandons, offered, stats)?,
            abandonment_rate_with_short: rate(self.abandoned, self.contacts, stats)?,
            aht_seconds: mean_estimate(&self.handle_time, stats)?,
            hold_rate: rate(self.held, self.answered, stats)?,
            transfer_rate: rate(self.transferred, self.answered, stats)?,
        })
    }
}

/// The service level under Cisco's three treatments of contacts abandoned within the threshold
/// (Cisco Unified ICM/CCE reporting: "SL Aban Ignored", "SL Aban Negative", "SL Aban Positive").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ServiceLevels {
    /// `answered_within / (offered − abandoned_within)`.
    pub abandons_ignored: Rate,
    /// `answered_within / offered`.
    pub abandons_counted_against: Rate,
    /// `(answered_within + abandoned_within) / offered`.
    pub abandons_counted_for: Rate,
}

/// The queue KPIs of one group of contacts. Proportions are [`Rate`]s and means
/// [`MeanEstimate`]s, each with its interval; an empty group gives `None` values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QueueKpis {
    /// Valid contacts, short abandons included.
    pub contacts: u64,
    /// Contacts offered (short abandons excluded).
    pub offered: u64,
    /// Contacts answered.
    pub answered: u64,
    /// Contacts abandoned, short abandons included.
    pub abandoned: u64,
    /// Short abandons.
    pub short_abandoned: u64,
    /// "X% answered within Y s", three ways.
    pub service_level: ServiceLevels,
    /// Average speed of answer: the mean wait of answered contacts, seconds.
    pub asa_seconds: MeanEstimate,
    /// Mean wait of abandoned contacts that are not short abandons, seconds.
    pub average_time_to_abandon_seconds: MeanEstimate,
    /// Abandons (not short) / offered.
    pub abandonment_rate: Rate,
    /// All abandons / all contacts, short abandons included in both.
    pub abandonment_rate_with_short: Rate,
    /// Average handle time `(talk + hold + after-call work) / answered`, seconds.
    pub aht_seconds: MeanEstimate,
    /// Answered contacts with hold time / answered.
    pub hold_rate: Rate,
    /// Answered contacts transferred at least once / answered.
    pub transfer_rate: Rate,
}

/// Mergeable state for queue KPIs by queue, agent and interval: push records (in any order,
/// in any number of pieces), merge pieces, then [`finish`](QueueAccumulator::finish).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueAccumulator {
    options: QueueOptions,
    total: QueueCounts,
    by_queue: Keyed<String, QueueCounts>,
    by_agent: Keyed<String, QueueCounts>,
    by_interval: Keyed<DateTime<Utc>, QueueCounts>,
    quality: DataQuality,
}

/// The KPIs of one interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalQueueKpis {
    /// The interval's start (UTC).
    pub start: DateTime<Utc>,
    /// The interval's start on the local clock, RFC 3339 with the offset.
    pub local_start: String,
    /// Its KPIs.
    pub kpis: QueueKpis,
}

/// Queue KPIs overall and by queue, agent and interval, with the data-quality findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueReport {
    /// All valid contacts.
    pub total: QueueKpis,
    /// By queue name.
    pub by_queue: BTreeMap<String, QueueKpis>,
    /// By answering agent (contacts without an agent, such as abandons, appear only in the
    /// other breakdowns).
    pub by_agent: BTreeMap<String, QueueKpis>,
    /// By interval of `offered_at` on the local clock, in time order.
    pub by_interval: Vec<IntervalQueueKpis>,
    /// Rows read, rows rejected and why.
    pub quality: DataQuality,
}

impl QueueAccumulator {
    /// An empty accumulator.
    pub fn new(options: QueueOptions) -> Result<QueueAccumulator> {
        options.validate()?;
        Ok(QueueAccumulator {
            options,
            total: QueueCounts::default(),
            by_queue: Keyed::new(),
            by_agent: Keyed::new(),
            by_interval: Keyed::new(),
            quality: DataQuality::default(),
        })
    }

    /// The options it measures with.
    #[must_use]
    pub fn options(&self) -> &QueueOptions {
        &self.options
    }

    /// Adds one record; a bad record is counted as a rejected [`Finding`] and contributes to
    /// no KPI.
    pub fn push(&mut self, record: &QueueRecord) {
        self.quality.rows_read += 1;
        let outcome = match record.classify() {
            Ok(o) => o,
            Err((column, error)) => {
                self.quality.push(Finding::rejected(
                    "queue_records",
                    None,
                    record.id.as_deref(),
                    column,
                    &error,
                ));
                return;
            }
        };
        let opts = self.options;
        self.total.push(record, outcome, &opts);
        self.by_queue
            .entry_or_default(record.queue.clone())
            .push(record, outcome, &opts);
        if let Some(agent) = &record.agent {
            self.by_agent
                .entry_or_default(agent.clone())
                .push(record, outcome, &opts);
        }
        let start = bucket_start(record.offered_at, opts.timezone, opts.interval);
        self.by_interval
            .entry_or_default(start)
            .push(record, outcome, &opts);
    }

    /// Adds the records summarised by `other`, which must use the same options.
    pub fn merge(&mut self, other: &QueueAccumulator) -> Result<()> {
        if self.options != other.options {
            return Err(Error::InvalidArgument {
                name: "options",
                value: format!("{:?}", other.options),
                expected: "accumulators measured with the same options",
            });
        }
        self.total.merge(&other.total);
        for (k, v) in other.by_queue.iter() {
            self.by_queue.entry_or_default(k.clone()).merge(v);
        }
        for (k, v) in other.by_agent.iter() {
            self.by_agent.entry_or_default(k.clone()).merge(v);
        }
        for (k, v) in other.by_interval.iter() {
            self.by_interval.entry_or_default(*k).merge(v);
        }
        self.quality.merge(other.quality.clone());
        Ok(())
    }

    /// The counts of all valid contacts so far.
    #[must_use]
    pub fn total(&self) -> &QueueCounts {
        &self.total
    }

    /// The report: KPIs with intervals for every group.
    pub fn finish(&self, stats: &StatsOptions) -> Result<QueueReport> {
        let map = |m: &Keyed<String, QueueCounts>| -> Result<BTreeMap<String, QueueKpis>> {
            m.iter()
                .map(|(k, v)| Ok((k.clone(), v.kpis(stats)?)))
                .collect()
        };
        Ok(QueueReport {
            total: self.total.kpis(stats)?,
            by_queue: map(&self.by_queue)?,
            by_agent: map(&self.by_agent)?,
            by_interval: self
                .by_interval
                .iter()
                .map(|(start, v)| {
                    Ok(IntervalQueueKpis {
                        start: *start,
                        local_start: bucket_label(*start, self.options.timezone),
                        kpis: v.kpis(stats)?,
                    })
                })
                .collect::<Result<_>>()?,
            quality: self.quality.clone(),
        })
    }
}

/// Queue KPIs of a batch of records in one call.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use support_metrics::contact_centre::{queue_report, QueueOptions, QueueRecord};
/// use support_metrics::stats::StatsOptions;
/// let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
/// let call = |offered: &str, answered: Option<&str>, abandoned: Option<&str>| QueueRecord {
///     id: None, channel: Default::default(), queue: "billing".into(), agent: None,
///     offered_at: t(offered), answered_at: answered.map(t), abandoned_at: abandoned.map(t),
///     talk_seconds: 0.0, hold_seconds: 0.0, after_call_work_seconds: 0.0, transfers: 0,
/// };
/// let records = [
///     call("2026-03-02T09:00:00Z", Some("2026-03-02T09:00:10Z"), None), // answered in 10 s
///     call("2026-03-02T09:01:00Z", Some("2026-03-02T09:01:45Z"), None), // answered in 45 s
///     call("2026-03-02T09:02:00Z", None, Some("2026-03-02T09:02:15Z")), // abandoned at 15 s
///     call("2026-03-02T09:03:00Z", None, Some("2026-03-02T09:03:02Z")), // short abandon
/// ];
/// let opts = QueueOptions::new(20.0, "UTC")?.short_abandon_seconds(5.0);
/// let report = queue_report(&records, &opts, &StatsOptions::default())?;
/// let sl = report.total.service_level;
/// assert_eq!(report.total.offered, 3);
/// assert_eq!(sl.abandons_ignored.value, Some(0.5)); // 1 / (3 − 1)
/// assert_eq!(sl.abandons_counted_against.value, Some(1.0 / 3.0));
/// assert_eq!(sl.abandons_counted_for.value, Some(2.0 / 3.0));
/// assert_eq!(report.total.asa_seconds.mean, Some(27.5));
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn queue_report(
    records: &[QueueRecord],
    options: &QueueOptions,
    stats: &StatsOptions,
) -> Result<QueueReport> {
    stats.validate()?;
    let mut acc = QueueAccumulator::new(*options)?;
    for r in records {
        acc.push(r);
    }
    acc.finish(stats)
}
