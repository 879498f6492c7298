//! The operations' partial states: `report_state`, `ticket_state`, `survey_state`,
//! `queue_state`, `agent_state` and `qa_state` give the state of one part of the data as
//! base64 bytes ([`crate::state`]); `merge_states` merges
//! states of one kind and one set of definitions; `finish_state` answers what the
//! single-machine operation answers for all the parts together.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::to_json;
use crate::calendar::BusinessCalendar;
use crate::contact_centre::{AgentStateAccumulator, QueueAccumulator};
use crate::error::{Error, Result};
use crate::metrics::{BreakdownOptions, CatalogueAccumulator, TicketOptions};
use crate::qa::QualityScores;
use crate::quality::DataQuality;
use crate::report::ReportState;
use crate::sla::SlaPolicies;
use crate::state::{self, Fingerprint, Mergeable, State};
use crate::stats::StatsOptions;
use crate::survey::Surveys;

fn text<T: Serialize>(x: &T) -> Result<String> {
    serde_json::to_string(x).map_err(|e| Error::InvalidJson {
        message: e.to_string(),
    })
}

/// A state as the operations answer it: base64 text.
pub(super) fn encode<T: State>(st: &T, fp: Fingerprint) -> Result<Value> {
    Ok(Value::String(state::to_base64(&state::to_bytes(st, fp)?)))
}

/// The ticket catalogue's state: its accumulators, and the definitions to finish them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct TicketState {
    acc: CatalogueAccumulator,
    options: String,
    by: Option<String>,
    quality: Option<DataQuality>,
}

impl State for TicketState {
    const KIND: &'static str = "tickets";
}

impl Mergeable for TicketState {
    fn merge_state(&mut self, other: Self) -> Result<()> {
        self.merge(other)
    }
}

impl TicketState {
    pub(super) fn new(
        acc: CatalogueAccumulator,
        cal: &BusinessCalendar,
        policies: Option<&SlaPolicies>,
        opts: &TicketOptions,
        by: Option<&BreakdownOptions>,
        quality: Option<DataQuality>,
    ) -> Result<(TicketState, Fingerprint)> {
        let options = text(opts)?;
        let by = by.map(text).transpose()?;
        let policies = policies.map(text).transpose()?.unwrap_or_default();
        let fp = Fingerprint::of(&[
            "tickets",
            &cal.to_json(),
            &policies,
            &options,
            by.as_deref().unwrap_or_default(),
        ]);
        Ok((
            TicketState {
                acc,
                options,
                by,
                quality,
            },
            fp,
        ))
    }

    fn merge(&mut self, other: TicketState) -> Result<()> {
        if (&self.options, &self.by) != (&other.options, &other.by) {
            return Err(mismatch("ticket states computed under different options"));
        }
        self.acc.merge(&other.acc);
        merge_quality(&mut self.quality, other.quality);
        Ok(())
    }

    /// `{"report": ticket_report's answer, "breakdown": ticket_breakdown's rows (with `by`),
    /// "quality": the findings of reading the summary CSV (when one was read)}`.
    fn finish(&self) -> Result<Value> {
        let opts = TicketOptions::from_json(&self.options)?;
        let c = self.acc.finish(&opts)?;
        let mut out = json!({"report": to_json(&c.report)?});
        if self.by.is_some() {
            out["breakdown"] = to_json(&c.breakdown)?;
        }
        if let Some(q) = &self.quality {
            out["quality"] = to_json(q)?;
        }
        Ok(out)
    }
}

/// `survey_report`'s state: the kept answers (one per interaction and kind, by the
/// re-rating rule, so any split of the answers merges exactly), the findings of reading the
/// CSV and the surveys sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct SurveyState {
    pub(super) surveys: Surveys,
    options: String,
    pub(super) quality: Option<DataQuality>,
    pub(super) sent: Option<u64>,
}

impl State for SurveyState {
    const KIND: &'static str = "surveys";
}

impl Mergeable for SurveyState {
    fn merge_state(&mut self, other: Self) -> Result<()> {
        self.merge(other)
    }
}

impl SurveyState {
    pub(super) fn new(
        surveys: Surveys,
        so: &StatsOptions,
        quality: Option<DataQuality>,
        sent: Option<u64>,
    ) -> Result<SurveyState> {
        Ok(SurveyState {
            surveys,
            options: text(so)?,
            quality,
            sent,
        })
    }

    pub(super) fn stats(&self) -> Result<StatsOptions> {
        crate::json::from_str(&self.options).map_err(|e| Error::InvalidJson {
            message: e.to_string(),
        })
    }

    pub(super) fn fingerprint(&self) -> Result<Fingerprint> {
        Ok(Fingerprint::of(&[
            "surveys",
            &text(self.surveys.config())?,
            &self.options,
        ]))
    }

    fn merge(&mut self, other: SurveyState) -> Result<()> {
        if self.options != other.options {
            return Err(mismatch("survey states computed under different options"));
        }
        self.surveys
            .merge(&other.surveys)
            .map_err(|_| mismatch("survey states computed under different configs"))?;
        merge_quality(&mut self.quality, other.quality);
        self.sent = match (self.sent, other.sent) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        };
        Ok(())
    }
}

/// `queue_report`'s state: the accumulator and the statistics options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct QueueState {
    acc: QueueAccumulator,
    stats: String,
}

/// `agent_report`'s state: the accumulator and the shrinkage reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct AgentState {
    acc: AgentStateAccumulator,
    reasons: Option<BTreeSet<String>>,
}

/// `internal_quality`'s state: the accumulator, the statistics options and the findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct QaState {
    acc: QualityScores,
    stats: String,
    quality: DataQuality,
}

macro_rules! simple_states {
    ($($t:ty => $kind:literal;)*) => {$(
        impl State for $t {
            const KIND: &'static str = $kind;
        }
        impl Mergeable for $t {
            fn merge_state(&mut self, other: Self) -> Result<()> {
                self.merge(other)
            }
        }
    )*};
}

simple_states! {
    QueueState => "queue";
    AgentState => "agents";
    QaState => "qa";
}

impl QueueState {
    /// The state, and the fingerprint of its definitions (an empty accumulator's JSON holds
    /// the options).
    pub(super) fn new(
        acc: QueueAccumulator,
        empty: &QueueAccumulator,
        so: &StatsOptions,
    ) -> Result<(QueueState, Fingerprint)> {
        let stats = text(so)?;
        let fp = Fingerprint::of(&["queue", &text(empty)?, &stats]);
        Ok((QueueState { acc, stats }, fp))
    }
    fn merge(&mut self, other: QueueState) -> Result<()> {
        if self.stats != other.stats {
            return Err(mismatch("queue states computed under different options"));
        }
        self.acc.merge(&other.acc)
    }
    fn finish(&self) -> Result<Value> {
        let so: StatsOptions =
            crate::json::from_str(&self.stats).map_err(|e| Error::InvalidJson {
                message: e.to_string(),
            })?;
        to_json(&self.acc.finish(&so)?)
    }
}

impl AgentState {
    pub(super) fn new(
        acc: AgentStateAccumulator,
        empty: &AgentStateAccumulator,
        reasons: Option<BTreeSet<String>>,
    ) -> Result<(AgentState, Fingerprint)> {
        let fp = Fingerprint::of(&["agents", &text(empty)?, &text(&reasons)?]);
        Ok((AgentState { acc, reasons }, fp))
    }
    fn merge(&mut self, other: AgentState) -> Result<()> {
        if self.reasons != other.reasons {
            return Err(mismatch("agent states with different shrinkage reasons"));
        }
        self.acc.merge(&other.acc)
    }
    fn finish(&self) -> Result<Value> {
        to_json(&self.acc.finish(self.reasons.as_ref()))
    }
}

impl QaState {
    pub(super) fn new(
        acc: QualityScores,
        empty: &QualityScores,
        so: &StatsOptions,
        quality: DataQuality,
    ) -> Result<(QaState, Fingerprint)> {
        let stats = text(so)?;
        let fp = Fingerprint::of(&["qa", &text(empty)?, &stats]);
        Ok((
            QaState {
                acc,
                stats,
                quality,
            },
            fp,
        ))
    }
    fn merge(&mut self, other: QaState) -> Result<()> {
        if self.stats != other.stats {
            return Err(mismatch("QA states computed under different options"));
        }
        self.acc.merge(&other.acc)?;
        self.quality.merge(other.quality);
        Ok(())
    }
    /// `internal_quality`'s answer: `{"quality", "rows"}`.
    fn finish(&self) -> Result<Value> {
        let so: StatsOptions =
            crate::json::from_str(&self.stats).map_err(|e| Error::InvalidJson {
                message: e.to_string(),
            })?;
        Ok(json!({"quality": to_json(&self.quality)?, "rows": to_json(&self.acc.finish(&so)?)?}))
    }
}

fn merge_quality(a: &mut Option<DataQuality>, b: Option<DataQuality>) {
    match (a.as_mut(), b) {
        (Some(x), Some(y)) => x.merge(y),
        (None, y) => *a = y,
        (Some(_), None) => {}
    }
}

fn mismatch(reason: &str) -> Error {
    Error::StateMismatch {
        reason: reason.to_string(),
    }
}

/// Merges base64 states of one kind (the first's) and one fingerprint.
pub(super) fn merge(states: &[String]) -> Result<Value> {
    let bytes = states
        .iter()
        .map(|s| state::from_base64(s))
        .collect::<Result<Vec<_>>>()?;
    let Some(first) = bytes.first() else {
        return Err(Error::InvalidArgument {
            name: "states",
            value: "[]".to_string(),
            expected: "at least one state",
        });
    };
    match state::header(first)?.kind.as_str() {
        "report" => merged::<ReportState>(&bytes),
        "tickets" => merged::<TicketState>(&bytes),
        "surveys" => merged::<SurveyState>(&bytes),
        "queue" => merged::<QueueState>(&bytes),
        "agents" => merged::<AgentState>(&bytes),
        "qa" => merged::<QaState>(&bytes),
        other => Err(no_operation(other)),
    }
}

fn merged<T: Mergeable>(bytes: &[Vec<u8>]) -> Result<Value> {
    let (acc, fp) = state::merge_bytes::<T>(bytes)?;
    encode(&acc, fp)
}

fn no_operation(kind: &str) -> Error {
    Error::InvalidState {
        reason: format!(
            "a `{kind}` state: the operations merge and finish `report`, `tickets`, `surveys`, `queue`, `agents` and `qa` states (use the Rust API for the accumulators' own states)"
        ),
    }
}

/// The answer of a (merged) state's operation.
pub(super) fn finish(text: &str) -> Result<Value> {
    let bytes = state::from_base64(text)?;
    match state::header(&bytes)?.kind.as_str() {
        "report" => to_json(&state::from_bytes::<ReportState>(&bytes)?.0.finish()?),
        "tickets" => state::from_bytes::<TicketState>(&bytes)?.0.finish(),
        "surveys" => super::ops::survey_answer(&state::from_bytes::<SurveyState>(&bytes)?.0),
        "queue" => state::from_bytes::<QueueState>(&bytes)?.0.finish(),
        "agents" => state::from_bytes::<AgentState>(&bytes)?.0.finish(),
        "qa" => state::from_bytes::<QaState>(&bytes)?.0.finish(),
        other => Err(no_operation(other)),
    }
}
