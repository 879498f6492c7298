//! Agent-state intervals and the time KPIs measured from them: occupancy, utilisation,
//! shrinkage.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{bucket_label, bucket_start, check_instant, zone_serde};
use crate::erlang::IntervalLength;
use crate::error::{Error, Result};
use crate::keyed::Keyed;
use crate::quality::{DataQuality, Finding};
use crate::tz::Zone;

/// What an agent is doing while logged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AgentState {
    /// Ready and waiting for a contact (idle).
    Available,
    /// On a contact, hold included.
    Talking,
    /// Wrap-up after a contact.
    AfterCallWork,
    /// Logged in but not taking contacts (break, meeting, training...), with a reason.
    NotReady,
}

/// The longest state interval accepted, in days: each interval is split into one slice per
/// reporting interval, so the bound keeps one record's work bounded (2,976 quarter hours).
pub const MAX_STATE_DAYS: i64 = 31;

/// One interval of one agent in one state: `[start, end)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentStateInterval {
    /// The agent.
    pub agent: String,
    /// The state.
    pub state: AgentState,
    /// The not-ready reason (`break`, `training`...); ignored for other states. A not-ready
    /// interval without one is counted under `unspecified`.
    #[serde(default)]
    pub reason: Option<String>,
    /// Start.
    pub start: DateTime<Utc>,
    /// End.
    pub end: DateTime<Utc>,
}

/// Mergeable time per state, in exact nanoseconds (so any split merges to the same total).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AgentTime {
    /// Available, ns.
    pub available_nanos: i64,
    /// Talking (hold included), ns.
    pub talking_nanos: i64,
    /// After-call work, ns.
    pub after_call_work_nanos: i64,
    /// Not ready, ns, by reason.
    pub not_ready_nanos: BTreeMap<String, i64>,
}

/// The name under which a not-ready interval without a reason is counted.
const UNSPECIFIED: &str = "unspecified";

impl AgentTime {
    fn add(&mut self, state: AgentState, reason: Option<&str>, nanos: i64) {
        let slot = match state {
            AgentState::Available => &mut self.available_nanos,
            AgentState::Talking => &mut self.talking_nanos,
            AgentState::AfterCallWork => &mut self.after_call_work_nanos,
            AgentState::NotReady => self
                .not_ready_nanos
                .entry(reason.unwrap_or(UNSPECIFIED).to_string())
                .or_default(),
        };
        *slot = slot.saturating_add(nanos);
    }

    /// Adds another group's time.
    pub fn merge(&mut self, other: &AgentTime) {
        self.available_nanos = self.available_nanos.saturating_add(other.available_nanos);
        self.talking_nanos = self.talking_nanos.saturating_add(other.talking_nanos);
        self.after_call_work_nanos = self
            .after_call_work_nanos
            .saturating_add(other.after_call_work_nanos);
        for (k, v) in &other.not_ready_nanos {
            let slot = self.not_ready_nanos.entry(k.clone()).or_default();
            *slot = slot.saturating_add(*v);
        }
    }

    /// The KPIs; `shrinkage_reasons` limits which not-ready reasons count as shrinkage
    /// (`None`: all of them).
    #[must_use]
    pub fn kpis(&self, shrinkage_reasons: Option<&BTreeSet<String>>) -> AgentTimeKpis {
        let s = |n: i64| n as f64 / 1e9;
        let not_ready: i64 = self
            .not_ready_nanos
            .values()
            .fold(0i64, |a, b| a.saturating_add(*b));
        let shrink: i64 = self
            .not_ready_nanos
            .iter()
            .filter(|(k, _)| shrinkage_reasons.map_or(true, |set| set.contains(*k)))
            .fold(0i64, |a, (_, b)| a.saturating_add(*b));
        let handling = self
            .talking_nanos
            .saturating_add(self.after_call_work_nanos);
        let ready = handling.saturating_add(self.available_nanos);
        let logged_in = ready.saturating_add(not_ready);
        let ratio = |num: i64, den: i64| (den > 0).then(|| num as f64 / den as f64);
        AgentTimeKpis {
            logged_in_seconds: s(logged_in),
            available_seconds: s(self.available_nanos),
            talking_seconds: s(self.talking_nanos),
            after_call_work_seconds: s(self.after_call_work_nanos),
            not_ready_seconds: s(not_ready),
            not_ready_by_reason_seconds: self
                .not_ready_nanos
                .iter()
                .map(|(k, v)| (k.clone(), s(*v)))
                .collect(),
            occupancy: ratio(handling, ready),
            utilisation: ratio(handling, logged_in),
            shrinkage: ratio(shrink, logged_in),
        }
    }
}

/// Time KPIs of one group of agent-state intervals. Ratios are `None` when their denominator
/// is zero. They are ratios of times, not proportions of independent trials, so they carry no
/// binomial interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentTimeKpis {
    /// All logged-in time, seconds.
    pub logged_in_seconds: f64,
    /// Available (idle), seconds.
    pub available_seconds: f64,
    /// Talking, hold included, seconds.
    pub talking_seconds: f64,
    /// After-call work, seconds.
    pub after_call_work_seconds: f64,
    /// Not ready, seconds.
    pub not_ready_seconds: f64,
    /// Not ready by reason, seconds.
    pub not_ready_by_reason_seconds: BTreeMap<String, f64>,
    /// `(talking + after-call work) / (talking + after-call work + available)`.
    pub occupancy: Option<f64>,
    /// `(talking + after-call work) / logged in`.
    pub utilisation: Option<f64>,
    /// `not ready (counted reasons) / logged in`.
    pub shrinkage: Option<f64>,
}

/// Mergeable state for agent-time KPIs by agent and interval. An interval spanning several
/// breakdown intervals is split at their boundaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentStateAccumulator {
    interval: IntervalLength,
    #[serde(with = "zone_serde")]
    timezone: Zone,
    total: AgentTime,
    by_agent: Keyed<String, AgentTime>,
    by_interval: Keyed<DateTime<Utc>, AgentTime>,
    quality: DataQuality,
}

/// The time KPIs of one interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalAgentKpis {
    /// The interval's start (UTC).
    pub start: DateTime<Utc>,
    /// The interval's start on the local clock, RFC 3339 with the offset.
    pub local_start: String,
    /// Its KPIs.
    pub kpis: AgentTimeKpis,
}

/// Agent-time KPIs overall, by agent and by interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentReport {
    /// All agents.
    pub total: AgentTimeKpis,
    /// By agent.
    pub by_agent: BTreeMap<String, AgentTimeKpis>,
    /// By interval on the local clock, in time order.
    pub by_interval: Vec<IntervalAgentKpis>,
    /// Rows read, rows rejected and why.
    pub quality: DataQuality,
}

impl AgentStateAccumulator {
    /// An empty accumulator for intervals of `interval` on the local clock of `timezone`.
    pub fn new(interval: IntervalLength, timezone: &str) -> Result<AgentStateAccumulator> {
        Ok(AgentStateAccumulator {
            interval,
            timezone: super::parse_zone(timezone)?,
            total: AgentTime::default(),
            by_agent: Keyed::new(),
            by_interval: Keyed::new(),
            quality: DataQuality::default(),
        })
    }

    /// Adds one state interval; one that ends before it starts, lies outside 1900–2100 or lasts
    /// more than [`MAX_STATE_DAYS`] days is a rejected finding.
    pub fn push(&mut self, s: &AgentStateInterval) {
        self.quality.rows_read += 1;
        let checked = check_instant("instant", s.start)
            .map_err(|e| ("start", e))
            .and_then(|()| check_instant("instant", s.end).map_err(|e| ("end", e)))
            .and_then(|()| {
                if s.end < s.start {
                    Err((
                        "end",
                        Error::EndBeforeStart {
                            start: s.start.to_rfc3339(),
                            end: s.end.to_rfc3339(),
                        },
                    ))
                } else if s.end - s.start > chrono::Duration::days(MAX_STATE_DAYS) {
                    // A state is split into one slice per interval, so an interval of decades
                    // would cost millions of slices; no agent holds one state that long.
                    Err((
                        "end",
                        Error::InvalidValue {
                            field: "end".to_string(),
                            value: format!(
                                "{} (from {})",
                                s.end.to_rfc3339(),
                                s.start.to_rfc3339()
                            ),
                            expected: "a state interval of at most 31 days (split longer ones)",
                        },
                    ))
                } else {
                    Ok(())
                }
            });
        if let Err((column, error)) = checked {
            self.quality.push(Finding::rejected(
                "agent_states",
                None,
                Some(&s.agent),
                Some(column),
                &error,
            ));
            return;
        }
        let reason = s.reason.as_deref();
        let mut from = s.start;
        while from < s.end {
            let bucket = bucket_start(from, self.timezone, self.interval);
            let mut to = bucket
                .checked_add_signed(chrono::Duration::seconds(self.interval.seconds()))
                .map_or(s.end, |bucket_end| bucket_end.min(s.end));
            if to <= from {
                // Only possible at the very ends of chrono's range: count the rest here.
                to = s.end;
            }
            // Both instants are within chrono's range, so the span fits in i64 nanoseconds
            // for any span under 292 years; saturate beyond.
            let nanos = (to - from).num_nanoseconds().unwrap_or(i64::MAX);
            self.total.add(s.state, reason, nanos);
            self.by_agent
                .entry_or_default(s.agent.clone())
                .add(s.state, reason, nanos);
            self.by_interval
                .entry_or_default(bucket)
                .add(s.state, reason, nanos);
            from = to;
        }
    }

    /// Adds the intervals summarised by `other`, which must use the same interval and zone.
    pub fn merge(&mut self, other: &AgentStateAccumulator) -> Result<()> {
        if self.interval != other.interval || self.timezone != other.timezone {
            return Err(Error::InvalidArgument {
                name: "options",
                value: format!("{} in {}", other.interval.name(), other.timezone.name()),
                expected: "accumulators with the same interval and time zone",
            });
        }
        self.total.merge(&other.total);
        for (k, v) in other.by_agent.iter() {
            self.by_agent.entry_or_default(k.clone()).merge(v);
        }
        for (k, v) in other.by_interval.iter() {
            self.by_interval.entry_or_default(*k).merge(v);
        }
        self.quality.merge(other.quality.clone());
        Ok(())
    }

    /// The report; `shrinkage_reasons` limits which not-ready reasons count as shrinkage
    /// (`None`: all).
    #[must_use]
    pub fn finish(&self, shrinkage_reasons: Option<&BTreeSet<String>>) -> AgentReport {
        AgentReport {
            total: self.total.kpis(shrinkage_reasons),
            by_agent: self
                .by_agent
                .iter()
                .map(|(k, v)| (k.clone(), v.kpis(shrinkage_reasons)))
                .collect(),
            by_interval: self
                .by_interval
                .iter()
                .map(|(start, v)| IntervalAgentKpis {
                    start: *start,
                    local_start: bucket_label(*start, self.timezone),
                    kpis: v.kpis(shrinkage_reasons),
                })
                .collect(),
            quality: self.quality.clone(),
        }
    }
}

/// Agent-time KPIs of a batch of state intervals in one call.
///
/// ```
/// use chrono::{DateTime, Utc};
/// use support_metrics::contact_centre::{agent_report, AgentState, AgentStateInterval};
/// use support_metrics::erlang::IntervalLength;
/// let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
/// let iv = |state, reason: Option<&str>, a: &str, b: &str| AgentStateInterval {
///     agent: "ana".into(), state, reason: reason.map(str::to_string), start: t(a), end: t(b),
/// };
/// let states = [
///     iv(AgentState::Talking, None, "2026-03-02T09:00:00Z", "2026-03-02T09:30:00Z"),
///     iv(AgentState::AfterCallWork, None, "2026-03-02T09:30:00Z", "2026-03-02T09:40:00Z"),
///     iv(AgentState::Available, None, "2026-03-02T09:40:00Z", "2026-03-02T09:50:00Z"),
///     iv(AgentState::NotReady, Some("break"), "2026-03-02T09:50:00Z", "2026-03-02T10:00:00Z"),
/// ];
/// let r = agent_report(&states, IntervalLength::Minutes60, "UTC", None)?;
/// assert_eq!(r.total.occupancy, Some(0.8)); // 40 min handling / 50 min ready or handling
/// assert_eq!(r.total.utilisation, Some(40.0 / 60.0));
/// assert_eq!(r.total.shrinkage, Some(10.0 / 60.0));
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn agent_report(
    states: &[AgentStateInterval],
    interval: IntervalLength,
    timezone: &str,
    shrinkage_reasons: Option<&BTreeSet<String>>,
) -> Result<AgentReport> {
    let mut acc = AgentStateAccumulator::new(interval, timezone)?;
    for s in states {
        acc.push(s);
    }
    Ok(acc.finish(shrinkage_reasons))
}
