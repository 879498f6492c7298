//! Service-level agreements: ordered policies, their targets, and each target's state as of
//! an instant. Definitions: `docs/metrics.md`, "SLA".
//!
//! A policy applies to the interactions its conditions match; the first matching policy wins.
//! Each target measures a clock from a start event to a stop event; the clock runs only while
//! the interaction is in a status that is neither resolved (`solved`, `closed`) nor one of
//! the target's pause statuses, and counts business time on the calendar (or clock time for
//! `"time": "calendar"`). All arithmetic is in exact nanoseconds, so
//! `stop <= deadline` holds exactly when `elapsed <= target`.
//!
//! ```
//! use support_metrics::BusinessCalendar;
//! use support_metrics::interaction::Interaction;
//! use support_metrics::sla::{SlaPolicies, SlaState};
//! let cal = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]]}}"#)?;
//! let policies = SlaPolicies::from_json(r#"{"policies": [
//!   {"name": "urgent", "match": {"priority": ["urgent"]},
//!    "targets": [{"metric": "first_reply", "seconds": 3600}]},
//!   {"name": "default",
//!    "targets": [{"metric": "first_reply", "seconds": 14400, "pause": ["pending"]},
//!                {"metric": "resolution", "seconds": 86400, "time": "calendar"}]}
//! ]}"#)?;
//! let it = Interaction::from_json(r#"{"id":"T-1","channel":"email","created_at":"2026-03-02T16:00:00Z"}"#)?;
//! let as_of = "2026-03-03T10:00:00Z".parse().unwrap();
//! let eval = policies.evaluate(&it, &cal, as_of)?;
//! assert_eq!(eval.policy.as_deref(), Some("default"));
//! let first = &eval.targets[0];
//! // 1 business hour on Monday + 1 on Tuesday = 2 h of the 4 h target: 2 h remain,
//! // so the deadline is Tuesday 12:00.
//! assert_eq!(first.state, SlaState::Active);
//! assert_eq!(first.remaining_seconds, Some(7200.0));
//! assert_eq!(first.deadline.unwrap().to_rfc3339(), "2026-03-03T12:00:00+00:00");
//! # Ok::<(), support_metrics::Error>(())
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{BusinessCalendar, BusinessDuration};
use crate::error::{Error, Result};
use crate::interaction::{Channel, EventKind, Interaction, Party, Status};

/// What a target measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SlaMetric {
    /// Creation to the first public agent reply.
    FirstReply,
    /// Each unanswered customer message (after the first reply) to the next agent reply.
    NextReply,
    /// Each public agent reply to the next one.
    PeriodicUpdate,
    /// Creation to the final resolution.
    Resolution,
}

impl SlaMetric {
    /// Every metric, in declaration order.
    pub const ALL: [SlaMetric; 4] = [
        SlaMetric::FirstReply,
        SlaMetric::NextReply,
        SlaMetric::PeriodicUpdate,
        SlaMetric::Resolution,
    ];
}

/// Business or clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TimeBasis {
    /// Business time on the calendar.
    #[default]
    Business,
    /// Clock time.
    Calendar,
}

/// One target of a policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaTarget {
    /// What it measures.
    pub metric: SlaMetric,
    /// The target, in seconds of [`time`](Self::time).
    pub seconds: f64,
    /// Business (default) or calendar time.
    #[serde(default)]
    pub time: TimeBasis,
    /// Statuses that stop the clock besides `solved` and `closed` (which always do).
    #[serde(default)]
    pub pause: Vec<Status>,
}

/// Which interactions a policy applies to. Every non-empty list must match; an empty list
/// matches anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlaConditions {
    /// The priority is one of these.
    pub priority: Vec<String>,
    /// The channel is one of these.
    pub channel: Vec<Channel>,
    /// The group is one of these.
    pub group: Vec<String>,
    /// The interaction has at least one of these tags.
    pub tags_any: Vec<String>,
    /// The interaction has all of these tags.
    pub tags_all: Vec<String>,
}

impl SlaConditions {
    /// True when the interaction matches.
    #[must_use]
    pub fn matches(&self, it: &Interaction) -> bool {
        self.matches_values(
            it.priority.as_deref(),
            it.channel,
            it.group.as_deref(),
            &it.tags,
        )
    }

    /// [`matches`](Self::matches) of an interaction with these values (the scorecard's
    /// columns, which have no interaction).
    pub(crate) fn matches_values(
        &self,
        priority: Option<&str>,
        channel: Channel,
        group: Option<&str>,
        tags: &[String],
    ) -> bool {
        let one_of = |list: &[String], v: Option<&str>| {
            list.is_empty() || v.is_some_and(|v| list.iter().any(|x| x == v))
        };
        one_of(&self.priority, priority)
            && one_of(&self.group, group)
            && (self.channel.is_empty() || self.channel.contains(&channel))
            && (self.tags_any.is_empty() || self.tags_any.iter().any(|t| tags.contains(t)))
            && self.tags_all.iter().all(|t| tags.contains(t))
    }
}

/// One policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    /// Its name, reported with each evaluation.
    pub name: String,
    /// Which interactions it applies to (JSON key `match`).
    #[serde(default, rename = "match")]
    pub conditions: SlaConditions,
    /// At most one target per metric.
    pub targets: Vec<SlaTarget>,
}

/// An ordered list of policies; the first that matches applies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicies {
    /// In priority order.
    pub policies: Vec<SlaPolicy>,
}

/// The state of a target as of an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SlaState {
    /// Stopped within the target.
    Met,
    /// More time than the target elapsed (stopped late, or still running past the deadline).
    Breached,
    /// Running, within the target.
    Active,
    /// Within the target, clock stopped by a pause status (or a resolution that a later
    /// reopen may restart).
    Paused,
}

/// One target's outcome for one interaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetOutcome {
    /// What it measures.
    pub metric: SlaMetric,
    /// Business or calendar time.
    pub time: TimeBasis,
    /// Met, breached, active or paused.
    pub state: SlaState,
    /// The target, seconds.
    pub target_seconds: f64,
    /// Time counted by the clock, to the stop or to `as_of`, seconds.
    pub elapsed_seconds: f64,
    /// The latest instant at which the stop still meets the target, when the timeline
    /// known at `as_of` determines it (not while paused).
    pub deadline: Option<DateTime<Utc>>,
    /// Time left, for active and paused targets.
    pub remaining_seconds: Option<f64>,
    /// When the breach happened (the deadline passed), for breached targets.
    pub breached_at: Option<DateTime<Utc>>,
    /// How far past the target, for breached targets, seconds.
    pub overshoot_seconds: Option<f64>,
    /// Cycles measured (next reply and periodic update can have several; the outcome is the
    /// first breached cycle, else the open one, else the last).
    pub cycles: u32,
}

/// The SLA of one interaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaEvaluation {
    /// The policy applied, `None` when none matched.
    pub policy: Option<String>,
    /// One outcome per target that has at least one cycle (a next-reply target without a
    /// customer follow-up has none).
    pub targets: Vec<TargetOutcome>,
}

impl SlaPolicies {
    /// Reads and [validates](Self::validate) the JSON form (see the module example).
    pub fn from_json(text: &str) -> Result<SlaPolicies> {
        let p: SlaPolicies = crate::json::from_str(text).map_err(|e| {
            let message = e.to_string();
            if message.contains("unknown variant") && message.contains("on_hold") {
                // An unknown status in `pause`: keep the typed code.
                Error::UnknownStatus {
                    value: quoted(&message).unwrap_or_default(),
                }
            } else if message.contains("unknown variant") && message.contains("web_form") {
                Error::UnknownChannel {
                    value: quoted(&message).unwrap_or_default(),
                }
            } else {
                Error::InvalidJson { message }
            }
        })?;
        p.validate()?;
        Ok(p)
    }

    /// Checks names are non-empty and unique, targets are finite and non-negative, and no
    /// policy has two targets for one metric.
    pub fn validate(&self) -> Result<()> {
        for (i, p) in self.policies.iter().enumerate() {
            let path = format!("policies[{i}]");
            if p.name.trim().is_empty() {
                return Err(Error::InvalidSlaPolicy {
                    path,
                    reason: "the policy name is empty: give each policy a name".to_string(),
                });
            }
            if self.policies[..i].iter().any(|q| q.name == p.name) {
                return Err(Error::InvalidSlaPolicy {
                    path,
                    reason: format!("the policy name `{}` is used twice", p.name),
                });
            }
            for (j, t) in p.targets.iter().enumerate() {
                if !(t.seconds.is_finite() && t.seconds >= 0.0) {
                    return Err(Error::InvalidDuration {
                        value: format!("{path}.targets[{j}].seconds = {}", t.seconds),
                    });
                }
                BusinessDuration::from_secs_f64(t.seconds)?;
                if p.targets[..j].iter().any(|u| u.metric == t.metric) {
                    return Err(Error::InvalidSlaPolicy {
                        path: format!("{path}.targets[{j}]"),
                        reason: "a second target for the same metric: keep one per metric"
                            .to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The first policy whose conditions match.
    #[must_use]
    pub fn find(&self, it: &Interaction) -> Option<&SlaPolicy> {
        self.policies.iter().find(|p| p.conditions.matches(it))
    }

    /// Evaluates every target of the matching policy as of `as_of` (events after it are
    /// ignored). Business time uses `cal`. Errors only for instants outside the calendar's
    /// range, or a deadline that the calendar cannot place (`no_working_time`).
    pub fn evaluate(
        &self,
        it: &Interaction,
        cal: &BusinessCalendar,
        as_of: DateTime<Utc>,
    ) -> Result<SlaEvaluation> {
        let mut targets = Vec::new();
        let policy =
            self.evaluate_with(it, cal, as_of, &mut SlaScratch::default(), &mut targets)?;
        Ok(SlaEvaluation {
            policy: policy.map(|p| p.name.clone()),
            targets,
        })
    }

    /// [`evaluate`](Self::evaluate) into reused buffers, for batch callers: `targets` is
    /// cleared and filled; the matching policy is returned. Allocating a timeline, cycle lists
    /// and a name per interaction was a large share of a million-row catalogue.
    pub(crate) fn evaluate_with(
        &self,
        it: &Interaction,
        cal: &BusinessCalendar,
        as_of: DateTime<Utc>,
        scratch: &mut SlaScratch,
        targets: &mut Vec<TargetOutcome>,
    ) -> Result<Option<&SlaPolicy>> {
        targets.clear();
        let Some(policy) = self.find(it) else {
            return Ok(None);
        };
        let SlaScratch {
            segments,
            cycles,
            known,
            states_only,
        } = scratch;
        let tl = Timeline::new(it, as_of, segments, known, *states_only);
        for t in &policy.targets {
            let clock = match t.time {
                TimeBasis::Business => Clock::Business(cal),
                TimeBasis::Calendar => Clock::Calendar,
            };
            let target = BusinessDuration::from_secs_f64(t.seconds)?.as_nanos();
            tl.cycles(t.metric, cycles);
            let mut chosen: Option<Cycle> = None;
            let mut n = 0u32;
            for &(start, stop) in cycles.iter() {
                n += 1;
                let c = tl.cycle(&clock, &t.pause, start, stop, as_of, target)?;
                if !matches!(
                    chosen,
                    Some(Cycle {
                        state: SlaState::Breached,
                        ..
                    })
                ) {
                    chosen = Some(c);
                }
            }
            if let Some(c) = chosen {
                targets.push(TargetOutcome {
                    metric: t.metric,
                    time: t.time,
                    state: c.state,
                    target_seconds: t.seconds,
                    elapsed_seconds: secs(c.elapsed),
                    deadline: c.deadline,
                    remaining_seconds: matches!(c.state, SlaState::Active | SlaState::Paused)
                        .then(|| secs(target - c.elapsed)),
                    breached_at: (c.state == SlaState::Breached)
                        .then_some(c.deadline)
                        .flatten(),
                    overshoot_seconds: (c.state == SlaState::Breached)
                        .then(|| secs(c.elapsed - target)),
                    cycles: n,
                });
            }
        }
        Ok(Some(policy))
    }
}

/// Buffers [`SlaPolicies::evaluate_with`] reuses from one interaction to the next.
#[derive(Debug, Default)]
pub(crate) struct SlaScratch {
    segments: Vec<(DateTime<Utc>, Status)>,
    cycles: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    /// What the caller already measured of this interaction on the same calendar and `as_of`
    /// ([`Measures::compute_recording`]); empty otherwise. Filled by the caller.
    ///
    /// [`Measures::compute_recording`]: crate::interaction::Measures
    pub(crate) known: Known,
    /// The caller reads only each target's state: a deadline that cannot change it (a
    /// breached cycle's, which lies inside the measured time) is not placed, and the deadline
    /// and breach instant are left out (`None`). A deadline that could fail to place
    /// (`no_working_time`) is still placed, after the cycle's time is measured: an evaluation
    /// that fails in full mode fails here too (when an out-of-range instant also fails, that
    /// error may be the one reported).
    pub(crate) states_only: bool,
}

/// Business time an interaction's measures computed, reused by its SLA evaluation so that no
/// span is walked on the calendar twice.
#[derive(Debug, Default)]
pub(crate) struct Known {
    /// Business nanoseconds of the closed status segments, in order.
    pub(crate) segments: Vec<i64>,
    /// `(from, to, business nanoseconds)` of reply spans (first response, next replies).
    pub(crate) spans: Vec<(DateTime<Utc>, DateTime<Utc>, i64)>,
}

impl Known {
    pub(crate) fn clear(&mut self) {
        self.segments.clear();
        self.spans.clear();
    }
}

fn quoted(message: &str) -> Option<String> {
    let a = message.find('`')?;
    let rest = message.get(a + 1..)?;
    let b = rest.find('`')?;
    rest.get(..b).map(str::to_string)
}

fn secs(ns: i64) -> f64 {
    (ns / 1_000_000_000) as f64 + (ns % 1_000_000_000) as f64 / 1e9
}

enum Clock<'a> {
    Business(&'a BusinessCalendar),
    Calendar,
}

impl Clock<'_> {
    fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Result<i64> {
        match self {
            Clock::Business(cal) => Ok(cal.business_duration(a, b)?.as_nanos()),
            // Past ~292 years a span no longer fits i64 nanoseconds: an error, not a
            // silently capped elapsed time.
            Clock::Calendar => (b - a)
                .num_nanoseconds()
                .map(|ns| ns.max(0))
                .ok_or_else(|| Error::OutOfRange {
                    what: "elapsed calendar time",
                    value: format!("{a} to {b}"),
                    min: "0 s".to_string(),
                    max: format!("{} s", i64::MAX / 1_000_000_000),
                }),
        }
    }

    fn add(&self, a: DateTime<Utc>, ns: i64) -> Result<DateTime<Utc>> {
        match self {
            Clock::Business(cal) => cal.add_business_duration(a, BusinessDuration::from_nanos(ns)?),
            Clock::Calendar => a
                .checked_add_signed(Duration::nanoseconds(ns))
                .ok_or_else(|| Error::OutOfRange {
                    what: "deadline",
                    value: format!("{a} + {} s", secs(ns)),
                    min: DateTime::<Utc>::MIN_UTC.to_string(),
                    max: DateTime::<Utc>::MAX_UTC.to_string(),
                }),
        }
    }
}

struct Cycle {
    state: SlaState,
    elapsed: i64,
    deadline: Option<DateTime<Utc>>,
}

/// The status segments and events of an interaction up to `as_of`.
struct Timeline<'a> {
    /// `(from, status)`; each segment runs to the next one's `from`, the last one onwards.
    segments: &'a [(DateTime<Utc>, Status)],
    /// Business nanoseconds of `segments[i]` (to `segments[i + 1]`), where known.
    known: &'a [i64],
    events: &'a [crate::interaction::Event],
    created_at: DateTime<Utc>,
    skip_first_reply: bool,
    /// See [`Known::spans`].
    spans: &'a [(DateTime<Utc>, DateTime<Utc>, i64)],
    /// See [`SlaScratch::states_only`].
    states_only: bool,
}

impl<'a> Timeline<'a> {
    fn new(
        it: &'a Interaction,
        as_of: DateTime<Utc>,
        segments: &'a mut Vec<(DateTime<Utc>, Status)>,
        measured: &'a Known,
        states_only: bool,
    ) -> Timeline<'a> {
        let n = it.events.partition_point(|e| e.at <= as_of);
        let events = it.events.get(..n).unwrap_or(&it.events);
        segments.clear();
        segments.push((it.created_at, Status::New));
        for e in events {
            if let EventKind::StatusChange { status } = e.kind {
                if segments.last().map(|s| s.1) != Some(status) {
                    segments.push((e.at, status));
                }
            }
        }
        // The recorded lengths belong to exactly these segments, or they are not used.
        let known = if measured.segments.len() + 1 == segments.len() {
            &measured.segments[..]
        } else {
            &[]
        };
        Timeline {
            segments,
            known,
            events,
            created_at: it.created_at,
            skip_first_reply: it.opened_by == Party::Agent,
            spans: &measured.spans,
            states_only,
        }
    }

    /// `clock.between(a, b)`, from the measured spans when one is exactly `[a, b)` in business
    /// time.
    fn between(&self, clock: &Clock<'_>, a: DateTime<Utc>, b: DateTime<Utc>) -> Result<i64> {
        if let Clock::Business(_) = clock {
            if let Some(&(_, _, d)) = self.spans.iter().find(|k| k.0 == a && k.1 == b) {
                return Ok(d);
            }
        }
        clock.between(a, b)
    }

    /// The first resolution at or after `t`.
    fn resolve_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut prev = Status::New;
        for &(at, s) in self.segments {
            if !prev.is_resolved() && s.is_resolved() && at >= t {
                return Some(at);
            }
            prev = s;
        }
        None
    }

    fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// `(start, stop)` of each cycle of a metric; `stop` is `None` while running at `as_of`.
    fn cycles(&self, metric: SlaMetric, out: &mut Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>) {
        out.clear();
        let replies = self
            .events
            .iter()
            .filter(|e| e.kind == EventKind::AgentReply)
            .map(|e| e.at);
        match metric {
            SlaMetric::FirstReply => {
                let reply = {
                    let mut r = replies;
                    r.nth(usize::from(self.skip_first_reply))
                };
                let stop = Self::earliest(reply, self.resolve_after(self.created_at));
                out.push((self.created_at, stop));
            }
            SlaMetric::Resolution => {
                let last = self.segments.last().map(|s| s.1);
                let stop = match last {
                    Some(s) if s.is_resolved() => {
                        // The final resolution: the last entry into a resolved status.
                        let mut at = None;
                        let mut prev = Status::New;
                        for &(t, s) in self.segments {
                            if !prev.is_resolved() && s.is_resolved() {
                                at = Some(t);
                            }
                            prev = s;
                        }
                        at
                    }
                    _ => None,
                };
                out.push((self.created_at, stop));
            }
            SlaMetric::NextReply => {
                let mut replied = false;
                let mut open: Option<DateTime<Utc>> = None;
                for e in self.events {
                    match e.kind {
                        EventKind::AgentReply => {
                            if let Some(s) = open.take() {
                                out.push((s, Some(e.at)));
                            }
                            replied = true;
                        }
                        EventKind::CustomerMessage if replied && open.is_none() => {
                            open = Some(e.at);
                        }
                        _ => {}
                    }
                }
                if let Some(s) = open {
                    out.push((s, self.resolve_after(s)));
                }
                // A resolution before the reply also stops a cycle.
                for c in out.iter_mut() {
                    c.1 = Self::earliest(c.1, self.resolve_after(c.0));
                }
            }
            SlaMetric::PeriodicUpdate => {
                let replies: Vec<DateTime<Utc>> = replies.collect();
                for (i, &s) in replies.iter().enumerate() {
                    let resolve = self.resolve_after(s);
                    if resolve == Some(s) {
                        continue;
                    }
                    let next = replies.get(i + 1).copied();
                    out.push((s, Self::earliest(next, resolve)));
                }
            }
        }
    }

    fn status_at(&self, t: DateTime<Utc>) -> Status {
        let i = self.segments.partition_point(|s| s.0 <= t);
        self.segments
            .get(i.saturating_sub(1))
            .map_or(Status::New, |s| s.1)
    }

    /// One cycle's state.
    fn cycle(
        &self,
        clock: &Clock<'_>,
        pause: &[Status],
        start: DateTime<Utc>,
        stop: Option<DateTime<Utc>>,
        as_of: DateTime<Utc>,
        target: i64,
    ) -> Result<Cycle> {
        let active = |s: Status| !s.is_resolved() && !pause.contains(&s);
        let end = stop.unwrap_or(as_of).max(start);
        let mut elapsed = 0i64;
        let mut remaining = target;
        let mut deadline = None;
        // In states-only mode the one deadline placement is deferred until the state is known.
        let mut deferred: Option<(DateTime<Utc>, i64)> = None;
        let mut place = |s: DateTime<Utc>, ns: i64| -> Result<Option<DateTime<Utc>>> {
            if self.states_only {
                deferred = Some((s, ns));
                return Ok(None);
            }
            clock.add(s, ns).map(Some)
        };
        let mut sought = false;
        for (i, &(from, status)) in self.segments.iter().enumerate() {
            let to = self.segments.get(i + 1).map(|s| s.0);
            if to.is_some_and(|to| to <= start) || !active(status) {
                continue;
            }
            let s = from.max(start);
            // Elapsed: the part inside [start, end).
            let upto = to.map_or(end, |to| to.min(end));
            // The whole piece [s, to), measured once: it is the elapsed part too when the
            // piece ends before `end` (the common case).
            let whole = match to {
                Some(to) if !sought || upto == to => match (clock, self.known.get(i)) {
                    (Clock::Business(_), Some(&d)) if s == from => Some(d),
                    _ => Some(self.between(clock, s, to)?),
                },
                _ => None,
            };
            if upto > s {
                elapsed += match whole {
                    Some(d) if to == Some(upto) => d,
                    _ => self.between(clock, s, upto)?,
                };
            }
            // Deadline: the first active piece where the remaining budget runs out.
            if !sought {
                match (to, whole) {
                    (None, _) => {
                        deadline = place(s, remaining)?;
                        sought = true;
                    }
                    (Some(_), None) => {}
                    (Some(_), Some(d)) => {
                        if d > remaining {
                            deadline = place(s, remaining)?;
                            sought = true;
                        } else {
                            remaining -= d;
                        }
                    }
                }
            }
        }
        // A breached cycle's deadline lies before `end`, inside measured time, so it always
        // places; any other is placed for its errors only.
        if let Some((s, ns)) = deferred.filter(|_| elapsed <= target) {
            clock.add(s, ns)?;
        }
        let state = if elapsed > target {
            SlaState::Breached
        } else if stop.is_some() {
            SlaState::Met
        } else if active(self.status_at(as_of)) {
            SlaState::Active
        } else {
            SlaState::Paused
        };
        let deadline = if state == SlaState::Paused {
            None
        } else {
            deadline
        };
        Ok(Cycle {
            state,
            elapsed,
            deadline,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{SlaPolicies, SlaScratch};
    use crate::interaction::{
        Channel, Event, EventKind, Interaction, MeasureOptions, Measures, Status,
    };
    use crate::BusinessCalendar;
    use chrono::{DateTime, Duration, Utc};
    use proptest::prelude::*;

    proptest! {
        /// Evaluating with the segment lengths the measures recorded gives exactly what a
        /// fresh evaluation gives, target for target (states, elapsed, deadlines).
        #[test]
        fn recorded_segments_change_nothing(
            created_min in 0i64..(20 * 24 * 60),
            evs in prop::collection::vec((0i64..(30 * 60), 0u8..7), 0..10),
            as_of_min in 0i64..(12 * 24 * 60),
            target_min in 0u32..(24 * 60),
            pause_pending: bool,
            calendar_time: bool,
        ) {
            let cal = BusinessCalendar::from_json(
                r#"{"timezone":"Europe/Berlin","week":{"mon":[["08:00","12:00"],["13:00","17:00"]],
                    "tue":[["08:00","12:00"],["13:00","17:00"]],"wed":[["09:00","17:00"]],
                    "thu":[["22:00","24:00"]],"fri":[["00:00","02:00"],["09:00","15:00"]]}}"#,
            ).unwrap();
            let base: DateTime<Utc> = "2026-03-20T00:00:00Z".parse().unwrap();
            let created = base + Duration::minutes(created_min);
            let mut it = Interaction::new("x", Channel::Email, created);
            let mut t = created;
            for (gap, kind) in evs {
                t += Duration::minutes(gap);
                let kind = match kind {
                    0 => EventKind::AgentReply,
                    1 => EventKind::CustomerMessage,
                    2 => EventKind::StatusChange { status: Status::Pending },
                    3 => EventKind::StatusChange { status: Status::OnHold },
                    4 => EventKind::StatusChange { status: Status::Open },
                    5 => EventKind::StatusChange { status: Status::Open },
                    _ => EventKind::StatusChange { status: Status::Solved },
                };
                it.events.push(Event::new(t, kind));
            }
            let as_of = created + Duration::minutes(as_of_min);
            let pause = if pause_pending { r#"["pending"]"# } else { "[]" };
            let time = if calendar_time { "calendar" } else { "business" };
            let p = SlaPolicies::from_json(&format!(
                r#"{{"policies":[{{"name":"p","targets":[
                    {{"metric":"first_reply","seconds":{s},"pause":{pause},"time":"{time}"}},
                    {{"metric":"next_reply","seconds":{s},"pause":{pause}}},
                    {{"metric":"periodic_update","seconds":{s}}},
                    {{"metric":"resolution","seconds":{s},"pause":{pause}}}]}}]}}"#,
                s = target_min * 60
            )).unwrap();
            let fresh = p.evaluate(&it, &cal, as_of).unwrap();
            let mut scratch = SlaScratch::default();
            let opts = MeasureOptions::default().as_of(Some(as_of));
            Measures::compute_recording(&it, &cal, &opts, Some(&mut scratch.known)).unwrap();
            let mut targets = Vec::new();
            p.evaluate_with(&it, &cal, as_of, &mut scratch, &mut targets).unwrap();
            prop_assert_eq!(&fresh.targets, &targets);
            // States only: the same outcomes without deadline and breach instant.
            scratch.states_only = true;
            Measures::compute_recording(&it, &cal, &opts, Some(&mut scratch.known)).unwrap();
            p.evaluate_with(&it, &cal, as_of, &mut scratch, &mut targets).unwrap();
            let mut expected = fresh.targets;
            for t in &mut expected {
                t.deadline = None;
                t.breached_at = None;
            }
            prop_assert_eq!(expected, targets);
        }
    }

    /// A calendar with no working time cannot place a deadline: the full evaluation fails with
    /// `no_working_time`, and the states-only one (which places only what it must) fails too.
    #[test]
    fn states_only_still_fails_where_a_deadline_cannot_be_placed() {
        let cal = BusinessCalendar::from_json(r#"{"timezone":"UTC","week":{}}"#).unwrap();
        let created: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        let mut it = Interaction::new("x", Channel::Email, created);
        it.events.push(Event::new(
            created + Duration::hours(1),
            EventKind::AgentReply,
        ));
        let p = SlaPolicies::from_json(
            r#"{"policies":[{"name":"p","targets":[{"metric":"first_reply","seconds":60}]}]}"#,
        )
        .unwrap();
        let as_of = created + Duration::hours(2);
        let full = p.evaluate(&it, &cal, as_of).unwrap_err();
        assert_eq!(full.code(), "no_working_time");
        let mut scratch = SlaScratch {
            states_only: true,
            ..SlaScratch::default()
        };
        let mut targets = Vec::new();
        let only = p
            .evaluate_with(&it, &cal, as_of, &mut scratch, &mut targets)
            .unwrap_err();
        assert_eq!(only.code(), "no_working_time");
    }
}
