//! The quality report: every headline figure of a help desk from one pass over its
//! interactions and survey answers — KPIs with intervals and target status, breakdowns by
//! agent, channel and priority, a trend by period, the first-response distribution, the
//! weekday × hour volume heatmap, and the data-quality findings.
//!
//! The CLI's `report`, the Python and JS `report` and the browser dashboard all render this
//! one structure, so they cannot disagree. Definitions are in docs/metrics.md ("Report").
//!
//! ```
//! use support_metrics::demo::{demo, DemoOptions};
//! use support_metrics::interaction::SummaryRow;
//! use support_metrics::quality::DataQuality;
//! use support_metrics::report::{report, ReportData, ReportOptions};
//! use support_metrics::BusinessCalendar;
//! let d = demo(&DemoOptions { interactions: 500, seed: 1 })?;
//! let interactions = d.interactions.iter().map(SummaryRow::to_interaction).collect::<Result<Vec<_>, _>>()?;
//! let cal = BusinessCalendar::from_json(&d.calendar)?;
//! let policies = support_metrics::demo::policies()?;
//! let mut opts = ReportOptions::default();
//! opts.tickets = opts.tickets.as_of(d.as_of);
//! let data = ReportData { interactions: &interactions, surveys: &d.surveys, quality: &DataQuality::default() };
//! let r = report(&data, &cal, Some(&policies), &opts)?;
//! assert_eq!(r.tickets.interactions, 500);
//! assert_eq!(r.volume_heatmap.iter().flatten().sum::<u64>(), 500);
//! let kpi = r.kpis.iter().find(|k| k.name == "first_response_median").unwrap();
//! assert!(kpi.interval.is_some());
//! # Ok::<(), support_metrics::Error>(())
//! ```

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::BusinessCalendar;
use crate::error::{Error, Result};
use crate::hash::{FxMap, Interner};
use crate::interaction::{Channel, Interaction, InteractionRows, Measures, RowScratch};
use crate::keyed::Keyed;
use crate::metrics::{
    accumulate_range, dimension_value, merge_groups, merge_groups_with, BreakdownOptions,
    Dimension, Groups, Period, PeriodLabels, QuantileMode, RepeatFlags, TicketAccumulator,
    TicketOptions, TicketReport,
};
use crate::quality::{DataQuality, Finding, Severity, UNKNOWN_INTERACTION};
use crate::sla::{SlaMetric, SlaPolicies, TimeBasis};
use crate::stats::{self, Interval, NpsEstimate};
use crate::survey::{
    prefers, AnswerKey, CesResult, CsatDefinition, CsatResult, SurveyConfig, SurveyKind,
    SurveyResponse, SurveyTally, Surveys,
};
use crate::targets::{Metric, Target, TargetStatus};
use crate::tz::Zone;

/// What the report shows and how each figure is defined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ReportOptions {
    /// The ticket definitions: `as_of` (needed with SLA policies), business or calendar time,
    /// FCR preset, repeat window, quantile mode, interval options.
    pub tickets: TicketOptions,
    /// Survey scales and the re-rating rule.
    pub surveys: SurveyConfig,
    /// What "CSAT" means. Default top box.
    pub csat: CsatDefinition,
    /// One breakdown per dimension. Default agent, channel, priority.
    pub by: Vec<Dimension>,
    /// The trend's period (`null`: no trend). Default ISO week.
    pub period: Option<Period>,
    /// IANA zone of periods and the heatmap. Default the calendar's zone.
    pub timezone: Option<String>,
    /// Targets by metric; `null` (the default) uses the project's defaults
    /// ([`Target::default_for`]), an empty list shows no target.
    pub targets: Option<Vec<Target>>,
    /// Upper edges, in seconds, of the first-response histogram's bins (strictly increasing,
    /// positive); a last bin holds everything at or above the last edge. Default 15 min,
    /// 30 min, 1 h, 2 h, 4 h, 8 h, 1 d, 3 d.
    pub first_response_edges: Vec<f64>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            tickets: TicketOptions::default(),
            surveys: SurveyConfig::default(),
            csat: CsatDefinition::TopBox,
            by: vec![Dimension::Agent, Dimension::Channel, Dimension::Priority],
            period: Some(Period::IsoWeek),
            timezone: None,
            targets: None,
            first_response_edges: vec![
                900.0, 1_800.0, 3_600.0, 7_200.0, 14_400.0, 28_800.0, 86_400.0, 259_200.0,
            ],
        }
    }
}

impl ReportOptions {
    /// Reads the JSON form (every key optional; unknown keys are refused, `invalid_json`).
    pub fn from_json(text: &str) -> Result<ReportOptions> {
        crate::json::from_str(text).map_err(|e| Error::InvalidJson {
            message: e.to_string(),
        })
    }
}

/// What the report is computed from.
#[derive(Debug, Clone, Copy)]
pub struct ReportData<'a> {
    /// The interactions (validated, e.g. by the summary readers).
    pub interactions: &'a [Interaction],
    /// Survey answers; each is joined to its interaction by id for the breakdowns.
    pub surveys: &'a [SurveyResponse],
    /// The readers' findings, carried into the report's data-quality section.
    pub quality: &'a DataQuality,
}

/// [`ReportData`] with interactions read one at a time ([`InteractionRows`]): a
/// [`SummaryTable`](crate::interaction::SummaryTable) builds each one when the report asks.
#[derive(Clone, Copy)]
pub struct ReportRows<'a> {
    /// The interactions (validated, e.g. by the summary readers).
    pub interactions: &'a dyn InteractionRows,
    /// Survey answers; each is joined to its interaction by id for the breakdowns.
    pub surveys: &'a [SurveyResponse],
    /// The readers' findings, carried into the report's data-quality section.
    pub quality: &'a DataQuality,
}

/// Where a plan reads its interactions.
#[derive(Clone, Copy)]
enum Source<'a> {
    Slice(&'a [Interaction]),
    Rows(&'a dyn InteractionRows),
}

impl Source<'_> {
    fn rows(&self) -> &dyn InteractionRows {
        match self {
            Source::Slice(s) => s,
            Source::Rows(r) => *r,
        }
    }
}

/// The unit of a KPI's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unit {
    /// A count of interactions.
    Count,
    /// A share in [0, 1].
    Share,
    /// Seconds (business or calendar, per the report's `time`).
    Seconds,
    /// Points of a net score (−100 to 100).
    Points,
    /// A mean rating on the survey's scale.
    Rating,
}

/// One headline figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// Stable snake_case name, e.g. `first_response_median`, `csat`, `sla_first_reply`.
    pub name: String,
    /// The value's unit.
    pub unit: Unit,
    /// `None` when undefined (no data).
    pub value: Option<f64>,
    /// The confidence interval, when one is defined.
    pub interval: Option<Interval>,
    /// How many observations the value rests on.
    pub n: u64,
    /// True when `n` is below the interval options' `min_n`.
    pub too_few: bool,
    /// The target, when the metric has one.
    pub target: Option<Target>,
    /// The target status given the interval; `None` without a target.
    pub status: Option<TargetStatus>,
}

/// Survey figures of a set of answers (one answer per interaction and kind, per the
/// re-rating rule).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyFigures {
    /// CSAT, NPS and CES answers counted (CSI answers are not part of the report).
    pub answers: u64,
    /// CSAT, NPS and CES answers set aside as superseded re-ratings.
    pub superseded: u64,
    /// CSAT under the report's definition.
    pub csat: CsatResult,
    /// NPS in points.
    pub nps: NpsEstimate,
    /// Customer effort.
    pub ces: CesResult,
}

/// One group of a breakdown. Either side is `None` when the group has no interactions or no
/// survey answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// The group's value (`None`: interactions without one).
    pub key: Option<String>,
    /// The ticket figures of its interactions.
    pub tickets: Option<TicketReport>,
    /// The survey figures of the answers about its interactions.
    pub surveys: Option<SurveyFigures>,
}

/// A breakdown by one dimension, rows sorted by key (`None` first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// The dimension.
    pub dimension: Dimension,
    /// One row per value.
    pub rows: Vec<GroupRow>,
}

/// One period of the trend: interactions by creation, answers by response time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodRow {
    /// The period label (e.g. `2026-W45`).
    pub period: String,
    /// The ticket figures of the interactions created in it.
    pub tickets: Option<TicketReport>,
    /// The survey figures of the answers given in it.
    pub surveys: Option<SurveyFigures>,
}

/// Interactions by first-response time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Upper bin edges in seconds; bin `i` is `[edges[i-1], edges[i])` (from 0 for the first).
    pub edges: Vec<f64>,
    /// `edges.len() + 1` counts; the last is everything at or above the last edge.
    pub counts: Vec<u64>,
    /// Interactions without a first-response time (unanswered, or answered only in a figure
    /// that has no business time).
    pub excluded: u64,
}

/// What was left out of every figure, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    /// Interactions created after `as_of`.
    pub interactions_after_as_of: u64,
    /// Survey answers given after `as_of`.
    pub surveys_after_as_of: u64,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The instant it is as of, when given.
    pub as_of: Option<DateTime<Utc>>,
    /// The zone of periods and the heatmap.
    pub timezone: String,
    /// Business or calendar time for every duration.
    pub time: TimeBasis,
    /// Headline figures, in a fixed order.
    pub kpis: Vec<Kpi>,
    /// Every ticket aggregate of all interactions.
    pub tickets: TicketReport,
    /// Every survey figure of all answers.
    pub surveys: SurveyFigures,
    /// One per `by` dimension.
    pub breakdowns: Vec<Breakdown>,
    /// The trend, sorted by period label (empty without a period).
    pub trend: Vec<PeriodRow>,
    /// First-response times of the interactions counted (spam and merged excluded).
    pub first_response_histogram: Histogram,
    /// Interactions created per local weekday (rows, Monday first) and hour (columns, 0–23).
    pub volume_heatmap: Vec<Vec<u64>>,
    /// What was left out for `as_of`.
    pub excluded: Excluded,
    /// The readers' findings and the report's own (answers about unknown interactions).
    pub data_quality: DataQuality,
}

/// The KPI name of an SLA metric's compliance: `sla_first_reply`, `sla_next_reply`,
/// `sla_periodic_update`, `sla_resolution` (also the metric names of breakdown rows in the
/// command line's outputs).
#[must_use]
pub fn sla_kpi_name(metric: SlaMetric) -> &'static str {
    match metric {
        SlaMetric::FirstReply => "sla_first_reply",
        SlaMetric::NextReply => "sla_next_reply",
        SlaMetric::PeriodicUpdate => "sla_periodic_update",
        SlaMetric::Resolution => "sla_resolution",
    }
}

/// The survey figures of a tally and the answers seen (kept or superseded).
pub(crate) fn survey_figures(
    (t, seen): &(SurveyTally, u64),
    opts: &ReportOptions,
) -> Result<SurveyFigures> {
    let so = &opts.tickets.stats;
    let answers = t.answers();
    Ok(SurveyFigures {
        answers,
        superseded: seen.saturating_sub(answers),
        csat: opts.surveys.csat(t, opts.csat, so)?,
        nps: opts.surveys.nps(t, so)?,
        ces: opts.surveys.ces(t, so)?,
    })
}

/// A caller's own text, blank as `None`.
fn filled(own: Option<&String>) -> Option<&str> {
    own.map(String::as_str).filter(|s| !s.trim().is_empty())
}

/// Computes the report (see the [module docs](self)).
///
/// Errors: invalid options (`invalid_argument`, `unknown_time_zone`), SLA policies without
/// `as_of`, and the errors of the measures. A survey answer that fails the scale checks is a
/// `rejected` finding; one about an interaction not in `interactions` is counted in the
/// totals and the trend but in no breakdown, and reported as a `suspicious` finding
/// `unknown_interaction`.
pub fn report(
    data: &ReportData<'_>,
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &ReportOptions,
) -> Result<Report> {
    let plan = ReportPlan::new(*data, cal, policies, opts)?;
    one_thread(&plan)
}

/// The report of a plan on the calling thread.
fn one_thread(plan: &ReportPlan<'_>) -> Result<Report> {
    let tickets = plan.tickets(0..plan.source.rows().len())?;
    let surveys = plan.surveys()?;
    plan.finish(vec![tickets], surveys)
}

/// Interactions at least this many are reported in parts by [`report_in_parts`].
pub const PARALLEL_INTERACTIONS: usize = 50_000;

/// The most threads the `*_in_parts` functions start; a caller asking for more gets these.
pub const MAX_THREADS: usize = 64;

/// [`report`] on up to `threads` threads, with exactly its result: through [`ReportPlan`], one
/// range of the interactions per thread and the survey answers on the calling thread, then
/// [`ReportPlan::finish`] (the proptest `parts_merge_to_the_whole_report` checks that parts
/// merge into the whole).
///
/// The core never asks the machine how many cores it has: the caller says how many threads to
/// use (at most [`MAX_THREADS`]). One thread, fewer than [`PARALLEL_INTERACTIONS`]
/// interactions or a platform that cannot start threads (wasm) give the one-thread report.
pub fn report_in_parts(
    data: &ReportData<'_>,
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &ReportOptions,
    threads: usize,
) -> Result<Report> {
    let plan = ReportPlan::new(*data, cal, policies, opts)?;
    plan_in_parts(&plan, threads)
}

/// [`report_in_parts`] of interactions read one at a time (a
/// [`SummaryTable`](crate::interaction::SummaryTable)): the same report as of the same
/// interactions in a slice.
///
/// ```
/// use support_metrics::demo::{demo, DemoOptions};
/// use support_metrics::interaction::{read_summary_csv, write_summary_csv, ReadOptions, SummaryTable};
/// use support_metrics::report::{report, report_rows_in_parts, ReportData, ReportOptions, ReportRows};
/// use support_metrics::BusinessCalendar;
/// let d = demo(&DemoOptions { interactions: 300, seed: 3 })?;
/// let text = write_summary_csv(&d.interactions);
/// let cal = BusinessCalendar::from_json(&d.calendar)?;
/// let opts = ReportOptions::default();
/// let table = SummaryTable::read(&text, 2)?;
/// let rows = ReportRows { interactions: &table, surveys: &d.surveys, quality: table.quality() };
/// let batch = read_summary_csv(&text, &ReadOptions::default())?;
/// let data = ReportData { interactions: &batch.interactions, surveys: &d.surveys, quality: &batch.quality };
/// assert_eq!(report_rows_in_parts(&rows, &cal, None, &opts, 2)?, report(&data, &cal, None, &opts)?);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn report_rows_in_parts(
    data: &ReportRows<'_>,
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    opts: &ReportOptions,
    threads: usize,
) -> Result<Report> {
    let plan = ReportPlan::of_rows(*data, cal, policies, opts)?;
    plan_in_parts(&plan, threads)
}

/// The report of a plan: one range of the interactions per thread, the answers on the calling
/// thread.
fn plan_in_parts(plan: &ReportPlan<'_>, threads: usize) -> Result<Report> {
    let n = plan.source.rows().len();
    let threads = threads.min(MAX_THREADS);
    // No threads in a wasm module (and no thread code in its size).
    if threads < 2 || n < PARALLEL_INTERACTIONS || cfg!(target_family = "wasm") {
        return one_thread(plan);
    }
    let ranges: Vec<_> = (0..threads)
        .map(|k| n * k / threads..n * (k + 1) / threads)
        .collect();
    let (parts, surveys) = std::thread::scope(|s| {
        let started: Vec<_> = ranges
            .iter()
            .map(|r| {
                let r = r.clone();
                let h = std::thread::Builder::new().spawn_scoped(s, move || plan.tickets(r));
                h.ok()
            })
            .collect();
        let surveys = plan.surveys();
        let parts: Vec<_> = started
            .into_iter()
            .zip(&ranges)
            .map(|(h, r)| match h {
                Some(h) => h.join().ok(),
                // Not started (a platform without threads): this thread does it.
                None => Some(plan.tickets(r.clone())),
            })
            .collect();
        (parts, surveys)
    });
    let mut ok = Vec::with_capacity(parts.len());
    for p in parts {
        match p {
            Some(part) => ok.push(part?),
            // A thread that panicked (a bug): the one-thread report does what it does.
            None => return one_thread(plan),
        }
    }
    plan.finish_on(ok, surveys?, threads)
}

/// The report computed in parts, so that a caller can spread it over threads
/// ([`report_in_parts`] does it on the threads it is given): [`new`](Self::new) checks the
/// options; the first [`tickets`](Self::tickets) call computes what needs every interaction
/// (the repeat-contact flags, once, while [`surveys`](Self::surveys) may run on another
/// thread); [`tickets`](Self::tickets) accumulates a range of the interactions and
/// [`surveys`](Self::surveys) the answers, independently; [`finish`]
/// (Self::finish) merges the ticket parts and builds the report, exactly the one
/// [`report`] gives (accumulators merge by addition and concatenation).
///
/// ```
/// use support_metrics::demo::{demo, DemoOptions};
/// use support_metrics::interaction::SummaryRow;
/// use support_metrics::quality::DataQuality;
/// use support_metrics::report::{report, ReportData, ReportOptions, ReportPlan};
/// use support_metrics::BusinessCalendar;
/// let d = demo(&DemoOptions { interactions: 300, seed: 3 })?;
/// let its = d.interactions.into_iter().map(SummaryRow::into_interaction).collect::<Result<Vec<_>, _>>()?;
/// let cal = BusinessCalendar::from_json(&d.calendar)?;
/// let opts = ReportOptions::default();
/// let q = DataQuality::default();
/// let data = ReportData { interactions: &its, surveys: &d.surveys, quality: &q };
/// let plan = ReportPlan::new(data, &cal, None, &opts)?;
/// let parts = vec![plan.tickets(0..100)?, plan.tickets(100..300)?];
/// assert_eq!(plan.finish(parts, plan.surveys()?)?, report(&data, &cal, None, &opts)?);
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub struct ReportPlan<'a> {
    source: Source<'a>,
    surveys: &'a [SurveyResponse],
    quality: &'a DataQuality,
    cal: &'a BusinessCalendar,
    policies: Option<&'a SlaPolicies>,
    opts: &'a ReportOptions,
    tz: Zone,
    tz_name: String,
    bys: Vec<BreakdownOptions>,
    /// The repeat-contact flags of all the interactions, computed by the first ticket part.
    flags: std::sync::OnceLock<RepeatFlags>,
}

/// The interactions' share of a report, from one range of them ([`ReportPlan::tickets`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketsPart {
    total: TicketAccumulator,
    groups: Vec<Groups>,
    histogram: Histogram,
    heatmap: Vec<Vec<u64>>,
    chat: Vec<f64>,
    /// Interactions of the range created after `as_of`.
    after_as_of: u64,
    /// Whether the range has a chat interaction (the chat KPI is shown when any has).
    has_chat: bool,
}

impl TicketsPart {
    /// An empty part (for a state that has only survey answers).
    fn empty(opts: &ReportOptions, breakdowns: usize) -> TicketsPart {
        let edges = &opts.first_response_edges;
        TicketsPart {
            total: TicketAccumulator::new(&opts.tickets),
            groups: vec![Vec::new(); breakdowns],
            histogram: Histogram {
                edges: edges.clone(),
                counts: vec![0; edges.len() + 1],
                excluded: 0,
            },
            heatmap: vec![vec![0u64; 24]; 7],
            chat: Vec::new(),
            after_as_of: 0,
            has_chat: false,
        }
    }

    /// Adds another part (merging is order-free: durations are sorted and groups keyed when
    /// the report is built).
    fn merge(&mut self, other: TicketsPart) {
        self.after_as_of += other.after_as_of;
        self.has_chat |= other.has_chat;
        self.total.merge(&other.total);
        // The other part's groups are moved, not copied (a merged group still copies its
        // samples).
        for (g, o) in self.groups.iter_mut().zip(other.groups) {
            merge_groups(g, o.into_iter().map(std::borrow::Cow::Owned));
        }
        for (c, o) in self
            .histogram
            .counts
            .iter_mut()
            .zip(&other.histogram.counts)
        {
            *c += o;
        }
        self.histogram.excluded += other.histogram.excluded;
        for (row, o) in self.heatmap.iter_mut().zip(&other.heatmap) {
            for (c, x) in row.iter_mut().zip(o) {
                *c += x;
            }
        }
        self.chat.extend(other.chat);
    }
}

/// One breakdown's survey tallies while the answers are read: each group's key (copied when
/// the group is made: the interaction may be one built for the moment; `None`: answers
/// without a value) and tallies, the groups by value, and by the rows' numbers of values
/// ([`InteractionRows::dimension_number`]), so that most answers find their group by an
/// integer probe.
#[derive(Debug, Clone, Default)]
struct DimTallies {
    groups: Vec<(Option<String>, (SurveyTally, u64))>,
    by_value: FxMap<String, usize>,
    none: Option<usize>,
    numbered: FxMap<u64, usize>,
}

impl DimTallies {
    /// The group of `value`, made when new.
    fn group(&mut self, value: Option<&str>) -> usize {
        let groups = &mut self.groups;
        let mut make = |key: Option<String>| {
            groups.push((key, Default::default()));
            groups.len() - 1
        };
        match value {
            None => *self.none.get_or_insert_with(|| make(None)),
            Some(k) => match self.by_value.get(k) {
                Some(&g) => g,
                None => {
                    let g = make(Some(k.to_string()));
                    self.by_value.insert(k.to_string(), g);
                    g
                }
            },
        }
    }
}

/// Where an answer is filed in one breakdown: the group its number was filed under before, a
/// value (the answer's own, or its interaction's, with the rows' number of it), or the value of
/// its interaction once built.
#[derive(Debug, Clone, Copy)]
enum Found<'v> {
    Group(usize),
    Value(Option<&'v str>, Option<u64>),
    Build,
}

/// The survey answers' share of a report ([`ReportPlan::surveys`]): tallies, and answers
/// seen, in total, per breakdown group and per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveysPart {
    quality: DataQuality,
    all: (SurveyTally, u64),
    by_dim: Vec<Keyed<Option<String>, (SurveyTally, u64)>>,
    by_period: Keyed<String, (SurveyTally, u64)>,
    surveys_after: u64,
}

impl SurveysPart {
    fn empty(breakdowns: usize) -> SurveysPart {
        SurveysPart {
            quality: DataQuality::default(),
            all: Default::default(),
            by_dim: vec![Keyed::new(); breakdowns],
            by_period: Keyed::new(),
            surveys_after: 0,
        }
    }

    /// Adds the part of other answers (answers of one interaction must be in one part: the
    /// re-rating rule keeps one of them).
    fn merge(&mut self, other: SurveysPart) {
        let add = |a: &mut (SurveyTally, u64), b: &(SurveyTally, u64)| {
            a.0.merge(&b.0);
            a.1 += b.1;
        };
        self.quality.merge(other.quality);
        add(&mut self.all, &other.all);
        for (mine, theirs) in self.by_dim.iter_mut().zip(&other.by_dim) {
            for (k, v) in theirs.iter() {
                add(mine.entry_or_default(k.clone()), v);
            }
        }
        for (k, v) in other.by_period.iter() {
            add(self.by_period.entry_or_default(k.clone()), v);
        }
        self.surveys_after += other.surveys_after;
    }
}

/// A report's partial state, to ship as bytes ([`crate::state`]) and merge: the report of a
/// data set split into parts is exactly the merge of the parts' states, as long as all the
/// interactions of one customer are in one part (the repeat-contact flags) and all the
/// answers about one interaction are in one part, with that interaction (the re-rating rule
/// and the join). It carries its options, so [`finish`](Self::finish) needs nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportState {
    /// The options' JSON (states merge only under equal options).
    options: String,
    /// The zone of periods and the heatmap.
    timezone: String,
    /// The readers' findings.
    quality: DataQuality,
    tickets: Option<TicketsPart>,
    surveys: Option<SurveysPart>,
}

impl crate::state::State for ReportState {
    const KIND: &'static str = "report";
}

impl crate::state::Mergeable for ReportState {
    fn merge_state(&mut self, other: Self) -> Result<()> {
        self.merge(other)
    }
}

impl ReportState {
    /// Adds another part's state (`state_mismatch` under other options).
    pub fn merge(&mut self, other: ReportState) -> Result<()> {
        if self.options != other.options || self.timezone != other.timezone {
            return Err(Error::StateMismatch {
                reason: "report states computed under different options".to_string(),
            });
        }
        self.quality.merge(other.quality);
        match (&mut self.tickets, other.tickets) {
            (Some(a), Some(b)) => a.merge(b),
            (a @ None, b) => *a = b,
            (Some(_), None) => {}
        }
        match (&mut self.surveys, other.surveys) {
            (Some(a), Some(b)) => a.merge(b),
            (a @ None, b) => *a = b,
            (Some(_), None) => {}
        }
        Ok(())
    }

    /// The report of everything merged into this state.
    pub fn finish(self) -> Result<Report> {
        let opts = ReportOptions::from_json(&self.options)?;
        let breakdowns = opts.by.len() + usize::from(opts.period.is_some());
        let tickets = self
            .tickets
            .unwrap_or_else(|| TicketsPart::empty(&opts, breakdowns));
        let surveys = self
            .surveys
            .unwrap_or_else(|| SurveysPart::empty(opts.by.len()));
        build(
            &opts,
            self.timezone,
            self.quality,
            (tickets, Apart::default()),
            surveys,
            1,
        )
    }
}

impl<'a> ReportPlan<'a> {
    /// Checks the options (`invalid_argument`, `unknown_time_zone`).
    pub fn new(
        data: ReportData<'a>,
        cal: &'a BusinessCalendar,
        policies: Option<&'a SlaPolicies>,
        opts: &'a ReportOptions,
    ) -> Result<ReportPlan<'a>> {
        let source = Source::Slice(data.interactions);
        ReportPlan::of_source(source, data.surveys, data.quality, cal, policies, opts)
    }

    /// [`new`](Self::new) for interactions read one at a time ([`ReportRows`]).
    pub fn of_rows(
        data: ReportRows<'a>,
        cal: &'a BusinessCalendar,
        policies: Option<&'a SlaPolicies>,
        opts: &'a ReportOptions,
    ) -> Result<ReportPlan<'a>> {
        let source = Source::Rows(data.interactions);
        ReportPlan::of_source(source, data.surveys, data.quality, cal, policies, opts)
    }

    fn of_source(
        source: Source<'a>,
        surveys: &'a [SurveyResponse],
        quality: &'a DataQuality,
        cal: &'a BusinessCalendar,
        policies: Option<&'a SlaPolicies>,
        opts: &'a ReportOptions,
    ) -> Result<ReportPlan<'a>> {
        let edges = &opts.first_response_edges;
        if edges.iter().any(|e| !e.is_finite() || *e <= 0.0)
            || edges.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(Error::InvalidArgument {
                name: "first_response_edges",
                value: format!("{edges:?}"),
                expected: "finite, positive, strictly increasing seconds",
            });
        }
        let so = &opts.tickets.stats;
        so.validate()?;
        let tz_name = opts
            .timezone
            .clone()
            .unwrap_or_else(|| cal.timezone().name().to_string());
        let tz: Zone = tz_name.parse()?;
        let mut bys: Vec<BreakdownOptions> = opts
            .by
            .iter()
            .map(|d| {
                BreakdownOptions::default()
                    .dimensions(vec![d.clone()])
                    .timezone(tz_name.clone())
            })
            .collect();
        if let Some(p) = opts.period {
            bys.push(
                BreakdownOptions::default()
                    .period(Some(p))
                    .timezone(tz_name.clone()),
            );
        }
        Ok(ReportPlan {
            source,
            surveys,
            quality,
            cal,
            policies,
            opts,
            tz,
            tz_name,
            bys,
            flags: std::sync::OnceLock::new(),
        })
    }

    /// The ticket figures of `data.interactions[range]` (an empty range gives an empty part;
    /// ranges past the end are cut).
    pub fn tickets(&self, range: std::ops::Range<usize>) -> Result<TicketsPart> {
        let (rows, opts, tz) = (self.source.rows(), self.opts, self.tz);
        let edges = &opts.first_response_edges;
        // Interactions: the catalogue's one pass, plus the histogram, heatmap and chat times.
        let mut histogram = Histogram {
            edges: edges.clone(),
            counts: vec![0; edges.len() + 1],
            excluded: 0,
        };
        let mut heatmap = vec![vec![0u64; 24]; 7];
        let mut chat_first_response = Vec::new();
        let time = opts.tickets.time;
        // Rows past `as_of` are the ones `accumulate_range` skips: all it does not visit.
        let mut visited = 0u64;
        let (total, groups) = accumulate_range(
            rows,
            range.clone(),
            self.flags
                .get_or_init(|| RepeatFlags::of(self.source.rows(), &self.opts.tickets)),
            self.cal,
            self.policies,
            &opts.tickets,
            &self.bys,
            |_, it: &Interaction, m: &Measures| {
                visited += 1;
                if m.spam || m.merged {
                    return;
                }
                let l = it.created_at.with_timezone(&tz);
                if let Some(row) = heatmap.get_mut(l.weekday().num_days_from_monday() as usize) {
                    if let Some(c) = row.get_mut(l.hour() as usize) {
                        *c += 1;
                    }
                }
                let frt = m.first_response.and_then(|e| match time {
                    TimeBasis::Business => e.business_seconds,
                    TimeBasis::Calendar => Some(e.calendar_seconds),
                });
                match frt {
                    Some(x) => {
                        let bin = edges.partition_point(|&e| e <= x);
                        if let Some(c) = histogram.counts.get_mut(bin) {
                            *c += 1;
                        }
                        if it.channel == Channel::Chat {
                            chat_first_response.push(x);
                        }
                    }
                    None => histogram.excluded += 1,
                }
            },
        )?;
        let range = range.start.min(rows.len())..range.end.min(rows.len());
        Ok(TicketsPart {
            total,
            groups,
            histogram,
            heatmap,
            chat: chat_first_response,
            after_as_of: (range.len() as u64).saturating_sub(visited),
            has_chat: range
                .into_iter()
                .any(|i| rows.channel(i) == Some(Channel::Chat)),
        })
    }

    /// The survey figures of `data.surveys`, joined to the interactions.
    pub fn surveys(&self) -> Result<SurveysPart> {
        let (rows, surveys, opts, tz) = (self.source.rows(), self.surveys, self.opts, self.tz);
        let as_of = opts.tickets.measures.as_of;
        // Surveys: checked, joined to their interaction, one kept answer per interaction and kind
        // (the re-rating rule of `Surveys`), then tallied into the totals, each breakdown group
        // and each period. Tallies hold score counts, so groups cost no copy of any answer.
        let mut quality = DataQuality::default();
        let checker = Surveys::new(opts.surveys.clone())?;
        // The interactions the answers name: the answered ids numbered in order of first
        // appearance (one table, smaller than the interactions; an `Interner`, whose copies of
        // the ids lie together, where a map's keys would point into every answer's own
        // allocation), each answer's number, and the interaction of each number, found by one
        // pass over the interactions' ids. The answers' passes below then index arrays
        // instead of hashing ids again.
        let mut number = Interner::with_capacity(surveys.len());
        // A batch of ids is hashed, then the table slots and texts its probes read are loaded
        // before the probes, so that their cache misses overlap instead of each waiting
        // behind the previous one (the same below for the rows' ids).
        const BATCH: usize = 32;
        let mut ids: Vec<usize> = Vec::with_capacity(surveys.len());
        for batch in surveys.chunks(BATCH) {
            let mut hashes = [0u64; BATCH];
            for (h, r) in hashes.iter_mut().zip(batch) {
                *h = (number.hash)(&r.interaction_id);
            }
            std::hint::black_box(number.touch(&hashes));
            std::hint::black_box(number.touch_texts(&hashes));
            for (r, &h) in batch.iter().zip(&hashes) {
                let id = number.id_hashed(Some(&r.interaction_id), h);
                ids.push((id as usize).saturating_sub(1));
            }
        }
        // Each answered id's first interaction (row + 1; 0: none, in 8 bytes, not an option's
        // 16: the ids are numbered in the answers' order, not the rows', so each write below is
        // at a random place of this array, and a smaller one misses the cache less).
        let mut row_of: Vec<u64> = vec![0; number.len()];
        // The rows' numbers of each answered interaction's values for `opts.by`
        // ([`InteractionRows::dimension_number`]; `u64::MAX`: none), `dims` per answered id,
        // read while this pass goes through the rows in order: read per answer below, a row is
        // a cache miss at a random place of the table.
        let dims = opts.by.len();
        let mut numbers = vec![u64::MAX; number.len() * dims];
        let n_rows = if number.len() > 0 { rows.len() } else { 0 };
        for from in (0..n_rows).step_by(BATCH) {
            let batch = from..n_rows.min(from + BATCH);
            let mut hashes = [0u64; BATCH];
            for (h, i) in hashes.iter_mut().zip(batch.clone()) {
                *h = rows.id(i).map_or(0, number.hash);
            }
            std::hint::black_box(number.touch(&hashes));
            std::hint::black_box(number.touch_texts(&hashes));
            for (i, h) in batch.zip(hashes) {
                let found = rows.id(i).and_then(|id| number.find_hashed(id, h));
                let Some(n) = found.and_then(|n| (n as usize).checked_sub(1)) else {
                    continue;
                };
                if let Some(slot) = row_of.get_mut(n).filter(|x| **x == 0) {
                    *slot = i as u64 + 1;
                    let mine = numbers
                        .get_mut(n * dims..(n + 1) * dims)
                        .unwrap_or_default();
                    for (x, d) in mine.iter_mut().zip(&opts.by) {
                        *x = rows.dimension_number(i, d).unwrap_or(u64::MAX);
                    }
                }
            }
        }
        drop(number);
        /// One valid answer: its index, interaction, agent, score and re-rating key.
        struct Answer<'a> {
            index: usize,
            interaction: Option<usize>,
            score: i64,
            key: AnswerKey<'a>,
        }
        let mut answers: Vec<Answer<'_>> = Vec::with_capacity(surveys.len());
        // The kept answer of each (answered id, kind).
        const KINDS: usize = 4;
        let kind_index = |k: SurveyKind| match k {
            SurveyKind::Csat => 0,
            SurveyKind::Nps => 1,
            SurveyKind::Ces => 2,
            SurveyKind::Csi => 3,
        };
        let mut winner: Vec<[usize; KINDS]> = vec![[usize::MAX; KINDS]; row_of.len()];
        let mut surveys_after = 0u64;
        for (index, r) in surveys.iter().enumerate() {
            if as_of.is_some_and(|t| r.responded_at > t) {
                surveys_after += 1;
                continue;
            }
            let score = match checker.check(r) {
                Ok(s) => s,
                Err(e) => {
                    let column = match e {
                        Error::InvalidArgument { .. } => "interaction_id",
                        _ => "score",
                    };
                    quality.push(Finding::rejected(
                        "surveys",
                        None,
                        Some(&r.interaction_id),
                        Some(column),
                        &e,
                    ));
                    continue;
                }
            };
            let id = ids.get(index).copied().unwrap_or(usize::MAX);
            let interaction = row_of
                .get(id)
                .and_then(|&r| usize::try_from(r).ok()?.checked_sub(1));
            let has_comment = r.comment.as_deref().is_some_and(|c| !c.trim().is_empty());
            // The answer's own fields order re-ratings, exactly as `Surveys` does.
            let own = (filled(r.topic.as_ref()), filled(r.agent.as_ref()));
            let a = Answer {
                index,
                interaction,
                score,
                key: (r.responded_at, score, has_comment, own.0, own.1),
            };
            if interaction.is_none() {
                quality.push(Finding {
                    source: "surveys".to_string(),
                    line: None,
                    id: Some(r.interaction_id.clone()),
                    column: Some("interaction_id".to_string()),
                    severity: Severity::Suspicious,
                    code: UNKNOWN_INTERACTION.to_string(),
                    message: format!(
                        "no interaction `{}`: the answer counts in the totals and the trend, in no breakdown",
                        r.interaction_id
                    ),
                });
            }
            let slot = answers.len();
            if let Some(w) = winner
                .get_mut(id)
                .and_then(|w| w.get_mut(kind_index(r.kind)))
            {
                let old = answers.get(*w).map(|o| o.key);
                if old.map_or(true, |old| prefers(opts.surveys.rerating, &a.key, &old)) {
                    *w = slot;
                }
            }
            answers.push(a);
        }
        let mut kept = vec![false; answers.len()];
        for &w in winner.iter().flatten() {
            if let Some(k) = kept.get_mut(w) {
                *k = true;
            }
        }
        // Tallies, and answers seen, per total, group and period (superseded = seen − kept).
        let mut all = (SurveyTally::default(), 0u64);
        let mut by_dim: Vec<DimTallies> = vec![DimTallies::default(); opts.by.len()];
        let mut scratch = RowScratch::default();
        // Where each of `opts.by` files the answer, reused from answer to answer.
        let mut found: Vec<Found<'_>> = Vec::with_capacity(opts.by.len());
        // Periods by label id (the labels of the tickets' breakdowns, found the same way).
        let mut labels = opts.period.map(|p| PeriodLabels::new(p, tz));
        let mut by_period: Vec<(SurveyTally, u64)> = Vec::new();
        for (a, &is_kept) in answers.iter().zip(&kept) {
            let Some(r) = surveys.get(a.index) else {
                continue;
            };
            if r.kind == SurveyKind::Csi {
                // The satisfaction index needs the attribute ratings; the report shows CSAT, NPS
                // and CES only, so CSI answers are neither answers nor superseded here.
                continue;
            }
            let add = |slot: &mut (SurveyTally, u64)| {
                slot.1 += 1;
                if is_kept {
                    slot.0.push(r.kind, a.score);
                }
            };
            add(&mut all);
            if let Some(labels) = &mut labels {
                let id = labels.id(r.responded_at) as usize;
                if by_period.len() <= id {
                    by_period.resize_with(id + 1, Default::default);
                }
                if let Some(slot) = by_period.get_mut(id) {
                    add(slot);
                }
            }
            let Some(i) = a.interaction.filter(|_| !opts.by.is_empty()) else {
                continue;
            };
            // Each dimension's group: the group its number was filed under before, else its
            // value. The interaction is built only for a dimension the rows cannot give as
            // they are (a table's custom attribute), and then once.
            found.clear();
            let id = ids.get(a.index).copied().unwrap_or(usize::MAX);
            let number_of = |k: usize| {
                let at = id.checked_mul(dims)?.checked_add(k)?;
                numbers.get(at).copied().filter(|&x| x != u64::MAX)
            };
            for (k, (d, t)) in opts.by.iter().zip(&by_dim).enumerate() {
                let own = match d {
                    // An answer's own agent column wins over the interaction's assignee.
                    Dimension::Agent => filled(r.agent.as_ref()),
                    _ => None,
                };
                let number = own.map_or_else(|| number_of(k), |_| None);
                let known = number.and_then(|n| t.numbered.get(&n).copied());
                found.push(match (own, known, number) {
                    (Some(v), _, _) => Found::Value(Some(v), None),
                    (None, Some(g), _) => Found::Group(g),
                    (None, None, n) => match rows.dimension(i, d) {
                        Some(v) => Found::Value(v, n),
                        None => Found::Build,
                    },
                });
            }
            let built = if found.iter().any(|f| matches!(f, Found::Build)) {
                match rows.get(i, &mut scratch)? {
                    Some(it) => Some(it),
                    None => continue,
                }
            } else {
                None
            };
            for ((d, t), f) in opts.by.iter().zip(by_dim.iter_mut()).zip(&found) {
                let slot = match *f {
                    Found::Group(g) => Some(g),
                    Found::Value(v, n) => {
                        let g = t.group(v);
                        if let Some(n) = n {
                            t.numbered.insert(n, g);
                        }
                        Some(g)
                    }
                    Found::Build => Some(t.group(built.and_then(|it| dimension_value(it, d)))),
                };
                if let Some((_, slot)) = slot.and_then(|g| t.groups.get_mut(g)) {
                    add(slot);
                }
            }
        }
        Ok(SurveysPart {
            quality,
            all,
            by_dim: by_dim
                .into_iter()
                .map(|t| t.groups.into_iter().collect())
                .collect(),
            by_period: labels
                .map(|l| l.into_names().into_iter().zip(by_period).collect())
                .unwrap_or_default(),
            surveys_after,
        })
    }

    /// The state of some parts (none: leave that share out), with the readers' findings
    /// (`data.quality`).
    pub fn state(
        &self,
        tickets: Vec<TicketsPart>,
        surveys: Option<SurveysPart>,
    ) -> Result<ReportState> {
        Ok(ReportState {
            options: serde_json::to_string(self.opts).map_err(|e| Error::InvalidJson {
                message: e.to_string(),
            })?,
            timezone: self.tz_name.clone(),
            quality: self.quality.clone(),
            tickets: merge_parts(tickets),
            surveys,
        })
    }

    /// The fingerprint of the definitions (calendar, policies, options) for
    /// [`crate::state::to_bytes`].
    pub fn fingerprint(&self) -> crate::state::Fingerprint {
        let policies = self
            .policies
            .and_then(|p| serde_json::to_string(p).ok())
            .unwrap_or_default();
        let options = serde_json::to_string(self.opts).unwrap_or_default();
        crate::state::Fingerprint::of(&["report", &self.cal.to_json(), &policies, &options])
    }

    /// Merges the ticket parts (which must cover the interactions once, in any order) and
    /// builds the report.
    pub fn finish(&self, parts: Vec<TicketsPart>, surveys: SurveysPart) -> Result<Report> {
        self.finish_on(parts, surveys, 1)
    }

    /// [`finish`](Self::finish), the durations' summaries on up to `threads` threads.
    fn finish_on(
        &self,
        parts: Vec<TicketsPart>,
        surveys: SurveysPart,
        threads: usize,
    ) -> Result<Report> {
        if parts.is_empty() {
            return Err(Error::InvalidArgument {
                name: "parts",
                value: "none".to_string(),
                expected: "at least one ticket part",
            });
        }
        // The plan has the options at hand: no round trip through the state's JSON form.
        let (merged, apart) = merge_parts_apart(parts).unwrap_or_else(|| {
            (
                TicketsPart::empty(self.opts, self.bys.len()),
                Apart::default(),
            )
        });
        build(
            self.opts,
            self.tz_name.clone(),
            self.quality.clone(),
            (merged, apart),
            surveys,
            threads,
        )
    }
}

/// Sorts the total's durations in place and finishes every group, on up to `threads` threads
/// (each of the total's three sorts and each group is an item of its own): the groups'
/// reports by breakdown, in group order.
fn finish_summaries(
    total: &mut TicketAccumulator,
    groups: &[Groups],
    apart: &Apart,
    opts: &TicketOptions,
    threads: usize,
) -> std::vec::IntoIter<Vec<Result<TicketReport>>> {
    enum Work<'a> {
        Sort(&'a [f64], &'a [Vec<f64>]),
        Finish(&'a TicketAccumulator, Option<&'a Samples>),
    }
    enum Done {
        Sorted(Vec<f64>),
        Finished(Box<Result<TicketReport>>),
    }
    // A sample's own values and those kept apart for it, sorted together.
    let with = |own: &'_ [f64], more: &[Vec<f64>]| {
        let parts: Vec<&[f64]> = std::iter::once(own)
            .chain(more.iter().map(Vec::as_slice))
            .collect();
        stats::sorted_total_parts(&parts)
    };
    let (sorted, reports) = {
        let durations = [
            &total.first_response,
            &total.first_resolution,
            &total.full_resolution,
        ];
        let mut items: Vec<Work<'_>> = durations
            .iter()
            .zip(&apart.total)
            .map(|(d, more)| Work::Sort(&d.values, more))
            .collect();
        for (b, g) in groups.iter().enumerate() {
            // (None in wasm, where parts are never kept apart: the module has no code for it.)
            let more = apart
                .groups
                .get(b)
                .filter(|_| !cfg!(target_family = "wasm"));
            items.extend(
                g.iter()
                    .enumerate()
                    .map(|(i, (_, _, acc))| Work::Finish(acc, more.and_then(|m| m.get(i)))),
            );
        }
        let done = crate::threads::map(&items, threads, |w| match w {
            Work::Sort(own, more) => Done::Sorted(with(own, more)),
            Work::Finish(acc, None) => Done::Finished(Box::new(acc.finish(opts))),
            Work::Finish(acc, Some([a, b, c])) => Done::Finished(Box::new(acc.finish_with(
                opts,
                [
                    with(&acc.first_response.values, a),
                    with(&acc.first_resolution.values, b),
                    with(&acc.full_resolution.values, c),
                ],
            ))),
        });
        let (mut sorted, mut reports) = (Vec::new(), Vec::new());
        for d in done {
            match d {
                Done::Sorted(v) => sorted.push(v),
                Done::Finished(r) => reports.push(*r),
            }
        }
        (sorted, reports)
    };
    let slots = [
        &mut total.first_response,
        &mut total.first_resolution,
        &mut total.full_resolution,
    ];
    for (d, v) in slots.into_iter().zip(sorted) {
        d.values = v;
    }
    let mut reports = reports.into_iter();
    groups
        .iter()
        .map(|g| reports.by_ref().take(g.len()).collect())
        .collect::<Vec<_>>()
        .into_iter()
}

/// The first-response, first-resolution and full-resolution samples of one accumulator kept
/// apart from it: one vector per part after the first.
type Samples = [Vec<Vec<f64>>; 3];

/// The samples [`merge_parts_apart`] keeps apart: of the total, and of each breakdown's
/// merged groups by index (none past the last group that has some).
#[derive(Default)]
struct Apart {
    total: Samples,
    groups: Vec<Vec<Samples>>,
}

/// Moves `from`'s first-response, first- and full-resolution samples into `apart` when both
/// accumulators keep exact samples (merging `from` then adds its counts and no samples).
fn take_samples(to: &TicketAccumulator, from: &mut TicketAccumulator, apart: &mut Samples) {
    let to = [
        &to.first_response,
        &to.first_resolution,
        &to.full_resolution,
    ];
    let from = [
        &mut from.first_response,
        &mut from.first_resolution,
        &mut from.full_resolution,
    ];
    for ((t, f), a) in to.into_iter().zip(from).zip(apart) {
        if t.mode == QuantileMode::Exact && f.mode == QuantileMode::Exact {
            a.push(std::mem::take(&mut f.values));
        }
    }
}

/// [`merge_parts`] for the report's build: the samples of the parts after the first are kept
/// apart (by accumulator) instead of being copied behind the first part's, and the build sorts
/// each accumulator's from its parts at once. Copying them was most of the merge, on one core
/// while the other waited (a million interactions on two cores: merge and build 109-131 ms
/// before, 79-80 ms after).
fn merge_parts_apart(parts: Vec<TicketsPart>) -> Option<(TicketsPart, Apart)> {
    if cfg!(target_family = "wasm") {
        // One part (no threads): nothing to keep apart, and no code for it in the module.
        return merge_parts(parts).map(|p| (p, Apart::default()));
    }
    let mut parts = parts.into_iter();
    let mut merged = parts.next()?;
    let mut apart = Apart {
        total: Samples::default(),
        groups: vec![Vec::new(); merged.groups.len()],
    };
    for mut p in parts {
        take_samples(&merged.total, &mut p.total, &mut apart.total);
        let theirs = std::mem::take(&mut p.groups);
        for ((mine, theirs), kept) in merged.groups.iter_mut().zip(theirs).zip(&mut apart.groups) {
            let theirs = theirs.into_iter().map(std::borrow::Cow::Owned);
            merge_groups_with(mine, theirs, |i, group, g| {
                let mut g = g.into_owned();
                if kept.len() <= i {
                    kept.resize_with(i + 1, Samples::default);
                }
                if let Some(k) = kept.get_mut(i) {
                    take_samples(&group.2, &mut g.2, k);
                }
                group.2.merge(&g.2);
            });
        }
        // The groups are merged above; the rest adds up.
        merged.merge(p);
    }
    Some((merged, apart))
}

/// One part from several (none: `None`).
fn merge_parts(parts: Vec<TicketsPart>) -> Option<TicketsPart> {
    let mut parts = parts.into_iter();
    let mut merged = parts.next()?;
    for p in parts {
        merged.merge(p);
    }
    Some(merged)
}

/// Builds the report from the merged parts.
fn build(
    opts: &ReportOptions,
    tz_name: String,
    mut quality: DataQuality,
    (merged, apart): (TicketsPart, Apart),
    surveys: SurveysPart,
    threads: usize,
) -> Result<Report> {
    let so = &opts.tickets.stats;
    let as_of = opts.tickets.measures.as_of;
    let time = opts.tickets.time;
    let TicketsPart {
        mut total,
        groups,
        histogram,
        heatmap,
        chat: chat_first_response,
        after_as_of,
        has_chat,
    } = merged;
    let SurveysPart {
        quality: survey_quality,
        all,
        by_dim,
        by_period,
        surveys_after,
    } = surveys;
    quality.merge(survey_quality);

    let figures = |x: &(SurveyTally, u64)| survey_figures(x, opts);
    // The median KPIs need the durations sorted, and so does `finish`: sort them once (finish
    // then takes them as they are). The sorts are most of the build: the total's and the
    // groups' are spread over the threads.
    let mut finished = finish_summaries(&mut total, &groups, &apart, &opts.tickets, threads);
    drop(apart);
    let tickets = total.finish(&opts.tickets)?;
    let surveys = figures(&all)?;

    let mut groups = groups.into_iter();
    let mut breakdowns = Vec::with_capacity(opts.by.len());
    for (d, survey_groups) in opts.by.iter().zip(by_dim) {
        let mut rows: Keyed<Option<String>, GroupRow> = Keyed::new();
        let reports = finished.next().unwrap_or_default();
        for ((key, _, _), report) in groups.next().unwrap_or_default().into_iter().zip(reports) {
            let key = key.into_iter().next().flatten();
            rows.insert(
                key.clone(),
                GroupRow {
                    key,
                    tickets: Some(report?),
                    surveys: None,
                },
            );
        }
        for (key, s) in survey_groups {
            let f = figures(&s)?;
            rows.get_or_insert_with(key.clone(), || GroupRow {
                key,
                tickets: None,
                surveys: None,
            })
            .surveys = Some(f);
        }
        breakdowns.push(Breakdown {
            dimension: d.clone(),
            rows: rows.into_iter().map(|(_, row)| row).collect(),
        });
    }
    let mut trend: Keyed<String, PeriodRow> = Keyed::new();
    if opts.period.is_some() {
        let reports = finished.next().unwrap_or_default();
        for ((_, period, _), report) in groups.next().unwrap_or_default().into_iter().zip(reports) {
            let Some(period) = period else { continue };
            trend.insert(
                period.clone(),
                PeriodRow {
                    period,
                    tickets: Some(report?),
                    surveys: None,
                },
            );
        }
        for (period, s) in by_period {
            let f = figures(&s)?;
            trend
                .get_or_insert_with(period.clone(), || PeriodRow {
                    period,
                    tickets: None,
                    surveys: None,
                })
                .surveys = Some(f);
        }
    }

    // KPIs.
    let target_of = |m: Metric| -> Option<Target> {
        match &opts.targets {
            None => Some(Target::default_for(m)),
            Some(list) => list.iter().copied().find(|t| t.metric == m),
        }
    };
    let mut kpis = Vec::new();
    let mut push = |name: &str,
                    unit: Unit,
                    value: Option<f64>,
                    interval: Option<Interval>,
                    n: u64,
                    target: Option<Target>| {
        let status = target.map(|t: Target| t.status(value, interval.as_ref()));
        kpis.push(Kpi {
            name: name.to_string(),
            unit,
            value,
            interval,
            n,
            too_few: n < so.min_n,
            target,
            status,
        });
    };
    let n = tickets.interactions;
    push("interactions", Unit::Count, Some(n as f64), None, n, None);
    if let Some(b) = tickets.backlog {
        push("backlog", Unit::Count, Some(b as f64), None, n, None);
    }
    // `values` are sorted (above).
    let median = |sorted: &[f64], count: u64, summary_median: Option<f64>| -> Result<_> {
        if opts.tickets.quantiles == QuantileMode::Exact {
            let e = stats::quantile_interval(sorted, 0.5, so)?;
            Ok((e.value, e.interval, count))
        } else {
            Ok((summary_median, None, count))
        }
    };
    let frt = &tickets.first_response_time;
    let (v, i, c) = median(
        &total.first_response.values,
        frt.count,
        frt.summary.map(|s| s.median),
    )?;
    push("first_response_median", Unit::Seconds, v, i, c, None);
    if !chat_first_response.is_empty() || has_chat {
        let sorted = stats::sorted_total(&chat_first_response);
        let e = stats::quantile_interval(&sorted, 0.5, so)?;
        push(
            "chat_first_response_median",
            Unit::Seconds,
            e.value,
            e.interval,
            e.count,
            target_of(Metric::ChatFirstResponseSeconds),
        );
    }
    let res = &tickets.full_resolution_time;
    let (v, i, c) = median(
        &total.full_resolution.values,
        res.count,
        res.summary.map(|s| s.median),
    )?;
    push(
        "resolution_median",
        Unit::Seconds,
        v,
        i,
        c,
        target_of(Metric::ResolutionSeconds),
    );
    for (name, r, m) in [
        ("resolution_rate", &tickets.resolution_rate, None),
        ("fcr", &tickets.fcr, Some(Metric::Fcr)),
        ("reopen_rate", &tickets.reopen_rate, None),
        (
            "escalation_rate",
            &tickets.escalation_rate,
            Some(Metric::EscalationRate),
        ),
        (
            "repeat_contact_rate",
            &tickets.repeat_contact_rate,
            Some(Metric::RepeatContactRate),
        ),
    ] {
        push(
            name,
            Unit::Share,
            r.value,
            r.interval,
            r.denominator,
            m.and_then(target_of),
        );
    }
    for s in &tickets.sla {
        let name = sla_kpi_name(s.metric);
        let r = &s.compliance;
        push(name, Unit::Share, r.value, r.interval, r.denominator, None);
    }
    let csat_unit = match opts.csat {
        CsatDefinition::MeanRating => Unit::Rating,
        CsatDefinition::HelpScout => Unit::Points,
        _ => Unit::Share,
    };
    let c = &surveys.csat;
    let csat_target = match csat_unit {
        Unit::Share => target_of(Metric::Csat),
        _ => None,
    };
    push(
        "csat",
        csat_unit,
        c.value,
        c.interval,
        c.responses,
        csat_target,
    );
    let p = &surveys.nps;
    push(
        "nps",
        Unit::Points,
        p.value,
        p.interval,
        p.count,
        target_of(Metric::Nps),
    );
    let e = &surveys.ces.mean;
    push("ces", Unit::Rating, e.mean, e.interval, e.count, None);

    Ok(Report {
        as_of,
        timezone: tz_name,
        time,
        kpis,
        tickets,
        surveys,
        breakdowns,
        trend: trend.into_iter().map(|(_, row)| row).collect(),
        first_response_histogram: histogram,
        volume_heatmap: heatmap,
        excluded: Excluded {
            interactions_after_as_of: after_as_of,
            surveys_after_as_of: surveys_after,
        },
        data_quality: quality,
    })
}
