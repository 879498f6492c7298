//! The scorecard: business-hours first response and resolution times, resolution rate, SLA
//! compliance (first reply and resolution), backlog, CSAT, NPS and CES, in total and by agent
//! (or any of agent, channel, group, topic, priority), computed straight from columns.
//!
//! Why: a notebook or a dashboard that has its interactions as columns (a DataFrame, Arrow
//! arrays) and wants these figures should not write them out as CSV text for the core to read
//! back, nor build an event timeline per interaction, nor compute the report's other figures
//! (FCR, reopens, repeat contacts, the trend, the heatmap). The scorecard works on int64
//! instants and Arrow-layout text columns, with the calendar's O(1) business-time lookups.
//!
//! Every figure is the [report](crate::report)'s figure of the same name, computed from the
//! same definitions (docs/metrics.md): the same summary rows give the same numbers (the tests
//! check it on generated data, with the faults of real exports). The figures themselves are
//! built by the report's own code ([`DurationAccumulator`], [`rate`], the survey scales).
//!
//! Input rules (those of the summary CSV, docs/formats.md): a text cell is trimmed, and a
//! blank one is missing; instants are nanoseconds since the Unix epoch, [`MISSING`] for none.
//! A row without an id, with an unknown channel, without a creation instant, with an instant
//! outside the supported range or before its creation, or with an id an earlier row has, is
//! rejected and reported in [`Scorecard::data_quality`] (`line`: the row's 1-based position).
//!
//! ```
//! use support_metrics::scorecard::{scorecard, InteractionColumns, TextColumns, MISSING};
//! use support_metrics::{report::ReportOptions, BusinessCalendar};
//! let cal = BusinessCalendar::always_open(chrono_tz::UTC);
//! let ids = TextColumns::from_cells(["t1", "t2", "t2"]);
//! let channels = TextColumns::from_cells(["chat", "email", "chat"]);
//! let h = 3_600_000_000_000i64; // an hour in nanoseconds
//! let created = [0, 0, h];
//! let replied = [h / 2, MISSING, MISSING];
//! let columns = InteractionColumns::new(ids.column(), channels.column(), &created)
//!     .first_response_at(&replied);
//! let mut opts = ReportOptions::default();
//! opts.by.clear();
//! opts.tickets.measures.as_of = Some(chrono::DateTime::from_timestamp(7200, 0).unwrap());
//! let card = scorecard(&cal, None, &columns, None, &opts)?;
//! assert_eq!(card.tickets.interactions, 2);
//! assert_eq!(card.tickets.first_response_time.count, 1);
//! assert_eq!(card.data_quality.rows_rejected, 1); // the repeated id
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{
    BusinessCalendar, BusinessDuration, MAX_INSTANT_SECONDS, MIN_INSTANT_SECONDS,
};
use crate::error::{Error, Result};
use crate::hash::{Interner, SeenIds};
use crate::interaction::measures::nanos_to_secs;
use crate::interaction::{Channel, FirstResponseStart, Status};
use crate::metrics::{
    Counts, Dimension, DurationAccumulator, DurationStats, SlaCompliance, SlaCounts,
};
use crate::quality::{DataQuality, Finding, Severity, UNKNOWN_INTERACTION};
use crate::report::{survey_figures, Excluded, ReportOptions, SurveyFigures};
use crate::sla::{SlaMetric, SlaPolicies, TimeBasis};
use crate::stats::{rate, Rate};
use crate::survey::{prefers, AnswerKey, SurveyKind, SurveyTally, Surveys};

/// The marker of a missing instant in an instant column (`i64::MIN`, numpy's `NaT`).
pub const MISSING: i64 = i64::MIN;

/// A column of texts in Arrow's layout: row `i` is `data[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, Copy)]
pub struct TextColumn<'a> {
    offsets: &'a [i64],
    data: &'a str,
}

impl<'a> TextColumn<'a> {
    /// A column of `offsets.len() - 1` rows. Errors (`invalid_argument`) unless the offsets
    /// start at 0 or more, never decrease, end within `data`, and fall on character
    /// boundaries.
    pub fn new(offsets: &'a [i64], data: &'a str) -> Result<TextColumn<'a>> {
        let bad = |expected: &'static str| Error::InvalidArgument {
            name: "text column offsets",
            value: format!("{} offsets into {} bytes", offsets.len(), data.len()),
            expected,
        };
        if offsets.is_empty() {
            return Err(bad("one offset more than there are rows"));
        }
        let mut last = 0i64;
        for (k, &o) in offsets.iter().enumerate() {
            if (k > 0 && o < last) || o < 0 {
                return Err(bad("offsets that never decrease and are not negative"));
            }
            let at = usize::try_from(o).unwrap_or(usize::MAX);
            if !data.is_char_boundary(at) {
                return Err(bad("offsets within the text, on character boundaries"));
            }
            last = o;
        }
        Ok(TextColumn { offsets, data })
    }

    /// How many rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// True when there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`; `None` when empty (or past the end). As in the summary CSV, a text is taken
    /// as it is, white space included.
    #[inline]
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let a = usize::try_from(*self.offsets.get(i)?).ok()?;
        let b = usize::try_from(*self.offsets.get(i + 1)?).ok()?;
        self.data.get(a..b).filter(|s| !s.is_empty())
    }

    /// Row `i` trimmed, as the surveys CSV reads its fields; `None` when blank.
    #[inline]
    fn trimmed(&self, i: usize) -> Option<&'a str> {
        self.get(i).map(crate::csv::trim).filter(|s| !s.is_empty())
    }
}

/// An owned text column (its offsets and text), for callers that have cells rather than
/// Arrow buffers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextColumns {
    offsets: Vec<i64>,
    data: String,
}

impl TextColumns {
    /// The column of these cells (`""` for a missing one).
    pub fn from_cells<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> TextColumns {
        let mut t = TextColumns {
            offsets: vec![0],
            data: String::new(),
        };
        for c in cells {
            t.data.push_str(c.as_ref());
            t.offsets.push(t.data.len() as i64);
        }
        t
    }

    /// The borrowed column.
    #[must_use]
    pub fn column(&self) -> TextColumn<'_> {
        TextColumn {
            offsets: &self.offsets,
            data: &self.data,
        }
    }
}

/// The interactions, one row per interaction: the summary CSV's columns that the scorecard
/// reads (docs/formats.md). Optional columns left out are missing in every row.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct InteractionColumns<'a> {
    /// Unique per interaction (a repeated id's later rows are rejected).
    pub id: TextColumn<'a>,
    /// A channel name (`email`, `chat`, ... exact, lower case).
    pub channel: TextColumn<'a>,
    /// The agent.
    pub agent: Option<TextColumn<'a>>,
    /// The group (team).
    pub group: Option<TextColumn<'a>>,
    /// The topic.
    pub topic: Option<TextColumn<'a>>,
    /// The priority.
    pub priority: Option<TextColumn<'a>>,
    /// Creation, nanoseconds since the epoch (never [`MISSING`] in a good row).
    pub created_at: &'a [i64],
    /// The first agent reply ([`MISSING`]: none).
    pub first_response_at: Option<&'a [i64]>,
    /// The resolution ([`MISSING`]: unresolved).
    pub resolved_at: Option<&'a [i64]>,
}

impl<'a> InteractionColumns<'a> {
    /// The required columns; the others start missing.
    #[must_use]
    pub fn new(
        id: TextColumn<'a>,
        channel: TextColumn<'a>,
        created_at: &'a [i64],
    ) -> InteractionColumns<'a> {
        InteractionColumns {
            id,
            channel,
            agent: None,
            group: None,
            topic: None,
            priority: None,
            created_at,
            first_response_at: None,
            resolved_at: None,
        }
    }

    /// Sets the agents.
    #[must_use]
    pub fn agent(mut self, c: TextColumn<'a>) -> Self {
        self.agent = Some(c);
        self
    }
    /// Sets the groups.
    #[must_use]
    pub fn group(mut self, c: TextColumn<'a>) -> Self {
        self.group = Some(c);
        self
    }
    /// Sets the topics.
    #[must_use]
    pub fn topic(mut self, c: TextColumn<'a>) -> Self {
        self.topic = Some(c);
        self
    }
    /// Sets the priorities.
    #[must_use]
    pub fn priority(mut self, c: TextColumn<'a>) -> Self {
        self.priority = Some(c);
        self
    }
    /// Sets the first responses.
    #[must_use]
    pub fn first_response_at(mut self, c: &'a [i64]) -> Self {
        self.first_response_at = Some(c);
        self
    }
    /// Sets the resolutions.
    #[must_use]
    pub fn resolved_at(mut self, c: &'a [i64]) -> Self {
        self.resolved_at = Some(c);
        self
    }

    fn len(&self) -> usize {
        self.id.len()
    }

    fn check_lengths(&self) -> Result<()> {
        let n = self.len();
        let texts = [
            ("channel", Some(self.channel)),
            ("agent", self.agent),
            ("group", self.group),
            ("topic", self.topic),
            ("priority", self.priority),
        ];
        for (name, c) in texts {
            same_length("id", n, name, c.map(|c| c.len()))?;
        }
        same_length("id", n, "created_at", Some(self.created_at.len()))?;
        same_length(
            "id",
            n,
            "first_response_at",
            self.first_response_at.map(<[i64]>::len),
        )?;
        same_length("id", n, "resolved_at", self.resolved_at.map(<[i64]>::len))
    }

    /// The text of dimension `d` in row `i`.
    fn text(&self, d: Dim, i: usize) -> Option<&'a str> {
        let c = match d {
            Dim::Agent => self.agent,
            Dim::Group => self.group,
            Dim::Topic => self.topic,
            Dim::Priority => self.priority,
            Dim::Channel => return None,
        };
        c.and_then(|c| c.get(i))
    }
}

/// Survey answers, one row per answer: the surveys CSV's columns (docs/formats.md).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct SurveyColumns<'a> {
    /// The interaction answered about.
    pub interaction_id: TextColumn<'a>,
    /// `csat`, `nps`, `ces` or `csi`.
    pub kind: TextColumn<'a>,
    /// The score (`NaN`: missing).
    pub score: &'a [f64],
    /// When it was given, nanoseconds since the epoch.
    pub responded_at: &'a [i64],
    /// A comment (a re-rating with one wins a tie).
    pub comment: Option<TextColumn<'a>>,
    /// The answer's own topic.
    pub topic: Option<TextColumn<'a>>,
    /// The answer's own agent (wins over the interaction's in the agent breakdown).
    pub agent: Option<TextColumn<'a>>,
}

impl<'a> SurveyColumns<'a> {
    /// The required columns; the others start missing.
    #[must_use]
    pub fn new(
        interaction_id: TextColumn<'a>,
        kind: TextColumn<'a>,
        score: &'a [f64],
        responded_at: &'a [i64],
    ) -> SurveyColumns<'a> {
        SurveyColumns {
            interaction_id,
            kind,
            score,
            responded_at,
            comment: None,
            topic: None,
            agent: None,
        }
    }

    /// Sets the comments.
    #[must_use]
    pub fn comment(mut self, c: TextColumn<'a>) -> Self {
        self.comment = Some(c);
        self
    }
    /// Sets the answers' own topics.
    #[must_use]
    pub fn topic(mut self, c: TextColumn<'a>) -> Self {
        self.topic = Some(c);
        self
    }
    /// Sets the answers' own agents.
    #[must_use]
    pub fn agent(mut self, c: TextColumn<'a>) -> Self {
        self.agent = Some(c);
        self
    }

    fn len(&self) -> usize {
        self.interaction_id.len()
    }

    fn check_lengths(&self) -> Result<()> {
        let n = self.len();
        for (name, c) in [
            ("kind", Some(self.kind)),
            ("comment", self.comment),
            ("topic", self.topic),
            ("agent", self.agent),
        ] {
            same_length("interaction_id", n, name, c.map(|c| c.len()))?;
        }
        same_length("interaction_id", n, "score", Some(self.score.len()))?;
        same_length(
            "interaction_id",
            n,
            "responded_at",
            Some(self.responded_at.len()),
        )
    }
}

fn same_length(left: &'static str, n: usize, right: &'static str, m: Option<usize>) -> Result<()> {
    match m {
        Some(m) if m != n => Err(Error::LengthMismatch {
            left,
            left_len: n,
            right,
            right_len: m,
        }),
        _ => Ok(()),
    }
}

/// The ticket figures of a set of interactions (each as the report's [`TicketReport`] field
/// of the same name).
///
/// [`TicketReport`]: crate::metrics::TicketReport
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorecardTickets {
    /// Interactions counted.
    pub interactions: u64,
    /// First response time; `excluded` = unanswered at `as_of`.
    pub first_response_time: DurationStats,
    /// Full resolution time; `excluded` = unresolved at `as_of`.
    pub full_resolution_time: DurationStats,
    /// Resolved / all.
    pub resolution_rate: Rate,
    /// Unresolved at `as_of`.
    pub backlog: u64,
    /// SLA compliance of the first-reply and resolution targets that have outcomes.
    pub sla: Vec<SlaCompliance>,
}

/// One group of a breakdown; a side is `None` when the group has no interactions, or no
/// survey answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorecardRow {
    /// The group's value (`None`: interactions without one).
    pub key: Option<String>,
    /// The ticket figures of its interactions.
    pub tickets: Option<ScorecardTickets>,
    /// The survey figures of the answers about its interactions.
    pub surveys: Option<SurveyFigures>,
}

/// A breakdown by one dimension, rows sorted by key (`None` first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorecardBreakdown {
    /// The dimension.
    pub dimension: Dimension,
    /// One row per value.
    pub rows: Vec<ScorecardRow>,
}

/// The scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// The instant it is as of.
    pub as_of: DateTime<Utc>,
    /// Business or calendar time for every duration.
    pub time: TimeBasis,
    /// The figures of all interactions.
    pub tickets: ScorecardTickets,
    /// The figures of all answers.
    pub surveys: SurveyFigures,
    /// One per `by` dimension.
    pub breakdowns: Vec<ScorecardBreakdown>,
    /// What was left out for `as_of`.
    pub excluded: Excluded,
    /// Rejected rows and answers about unknown interactions.
    pub data_quality: DataQuality,
}

/// A breakdown dimension the scorecard reads from its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dim {
    Agent,
    Channel,
    Group,
    Topic,
    Priority,
}

impl Dim {
    fn of(d: &Dimension) -> Result<Dim> {
        Ok(match d {
            Dimension::Agent => Dim::Agent,
            Dimension::Channel => Dim::Channel,
            Dimension::Group => Dim::Group,
            Dimension::Topic => Dim::Topic,
            Dimension::Priority => Dim::Priority,
            _ => {
                return Err(Error::InvalidArgument {
                    name: "by",
                    value: format!("{d:?}"),
                    expected: "agent, channel, group, topic or priority (the scorecard has no custom attributes)",
                })
            }
        })
    }
}

/// What the ticket figures of one group accumulate.
#[derive(Debug, Clone)]
struct Tally {
    interactions: u64,
    backlog: u64,
    resolved: Counts,
    first_response: DurationAccumulator,
    full_resolution: DurationAccumulator,
    /// First reply, resolution.
    sla: [SlaCounts; 2],
}

impl Tally {
    fn new(opts: &ReportOptions) -> Tally {
        Tally {
            interactions: 0,
            backlog: 0,
            resolved: Counts::default(),
            first_response: DurationAccumulator::new(opts.tickets.quantiles),
            full_resolution: DurationAccumulator::new(opts.tickets.quantiles),
            sla: [SlaCounts::default(); 2],
        }
    }

    fn add(&mut self, r: &RowFigures) {
        self.interactions += 1;
        self.resolved.push(r.resolved);
        self.backlog += u64::from(!r.resolved);
        self.first_response.push(r.first_response);
        self.full_resolution.push(r.full_resolution);
        for (counts, state) in self.sla.iter_mut().zip(r.sla) {
            if let Some(s) = state {
                counts.push(s);
            }
        }
    }

    fn finish(&self, opts: &ReportOptions) -> Result<ScorecardTickets> {
        let mut sla = Vec::new();
        for (metric, c) in [SlaMetric::FirstReply, SlaMetric::Resolution]
            .into_iter()
            .zip(self.sla)
        {
            if c != SlaCounts::default() {
                sla.push(SlaCompliance {
                    metric,
                    counts: c,
                    compliance: rate(c.met, c.met + c.breached, &opts.tickets.stats)?,
                });
            }
        }
        Ok(ScorecardTickets {
            interactions: self.interactions,
            first_response_time: self.first_response.finish(),
            full_resolution_time: self.full_resolution.finish(),
            resolution_rate: rate(
                self.resolved.numerator,
                self.resolved.denominator,
                &opts.tickets.stats,
            )?,
            backlog: self.backlog,
            sla,
        })
    }
}

/// What one interaction adds to a tally.
#[derive(Debug, Clone, Copy)]
struct RowFigures {
    resolved: bool,
    first_response: Option<f64>,
    full_resolution: Option<f64>,
    sla: [Option<crate::sla::SlaState>; 2],
}

/// One SLA target as the scorecard applies it.
#[derive(Debug, Clone, Copy)]
struct Target {
    nanos: i64,
    business: bool,
    /// The clock never runs on a summary row (its status is `new` until it is solved).
    paused: bool,
}

/// A policy's first-reply and resolution targets, and which of the row's values it matches.
struct Policy {
    targets: [Option<Target>; 2],
}

/// The groups of one dimension: each distinct value's number (0: missing), its text, and the
/// tallies.
struct Groups<'a> {
    names: Interner<'a>,
    keys: Vec<Option<&'a str>>,
    tickets: Vec<Option<Tally>>,
    surveys: Vec<(SurveyTally, u64)>,
}

impl<'a> Groups<'a> {
    fn new() -> Groups<'a> {
        Groups {
            names: Interner::with_capacity(64),
            keys: vec![None],
            tickets: vec![None],
            surveys: vec![(SurveyTally::default(), 0)],
        }
    }

    fn group(&mut self, v: Option<&'a str>) -> usize {
        let g = self.names.id(v) as usize;
        if g >= self.keys.len() {
            self.keys.push(v);
            self.tickets.push(None);
            self.surveys.push((SurveyTally::default(), 0));
        }
        g
    }
}

/// Computes the scorecard (see the [module docs](self)). `opts` is the report's options:
/// `tickets.measures.as_of` is required; `by` may name agent, channel, group, topic and
/// priority; the period, targets and histogram options are not used. Errors: columns of
/// unequal lengths (`length_mismatch`), no `as_of`, a custom-attribute breakdown or the
/// `first_customer_message` start (`invalid_argument`), and the report's own option errors.
pub fn scorecard(
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    interactions: &InteractionColumns<'_>,
    surveys: Option<&SurveyColumns<'_>>,
    opts: &ReportOptions,
) -> Result<Scorecard> {
    interactions.check_lengths()?;
    if let Some(s) = surveys {
        s.check_lengths()?;
    }
    let as_of = opts
        .tickets
        .measures
        .as_of
        .ok_or_else(|| Error::InvalidArgument {
            name: "as_of",
            value: "none".to_string(),
            expected: "an instant: the scorecard's SLA states and backlog need one",
        })?;
    if opts.tickets.measures.first_response_start == FirstResponseStart::FirstCustomerMessage {
        return Err(Error::InvalidArgument {
            name: "first_response_start",
            value: "first_customer_message".to_string(),
            expected: "creation or bot_handoff (summary rows have no customer messages)",
        });
    }
    opts.tickets.stats.validate()?;
    let checker = Surveys::new(opts.surveys.clone())?;
    if let Some(p) = policies {
        p.validate()?;
    }
    let dims = opts.by.iter().map(Dim::of).collect::<Result<Vec<_>>>()?;
    let as_of_ns = ns_of(as_of)?;
    let business = opts.tickets.time == TimeBasis::Business;

    let rules = match policies {
        Some(p) => p
            .policies
            .iter()
            .map(Policy::of)
            .collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    let n = interactions.len();
    let mut quality = DataQuality::default();
    let mut excluded = Excluded::default();

    // The answered ids, numbered (0: blank), so that the pass over the interactions can note
    // each answered one's row and groups as it goes.
    let m = surveys.map_or(0, SurveyColumns::len);
    let mut answered = Interner::with_capacity(m);
    let mut answer_ids: Vec<u32> = Vec::with_capacity(m);
    if let Some(s) = surveys {
        for j in 0..m {
            answer_ids.push(answered.id(s.interaction_id.trimmed(j)));
        }
    }
    let mut row_of: Vec<u64> = vec![0; answered.len() + 1];
    let mut numbers: Vec<u32> = vec![0; (answered.len() + 1) * dims.len()];

    let mut groups: Vec<Groups<'_>> = dims.iter().map(|_| Groups::new()).collect();
    let mut total = Tally::new(opts);
    let mut seen = SeenIds::with_capacity(n);
    // The policy of each (priority, channel, group) met so far.
    let mut cond_names = [Interner::with_capacity(64), Interner::with_capacity(64)];
    let mut policy_cache: crate::hash::FxMap<(u32, Channel, u32), Option<usize>> =
        crate::hash::FxMap::default();
    // The latest creation whose deadline of a business target the report places, per policy
    // and metric (see `check_deadlines`).
    let mut latest: Vec<[Option<i64>; 2]> = vec![[None; 2]; rules.len()];
    let mut mine: Vec<u32> = vec![0; dims.len()];
    quality.rows_read += n as u64;
    for i in 0..n {
        let row = match Row::read(interactions, i) {
            Ok(r) => r,
            Err((column, e)) => {
                let id = interactions.id.get(i);
                let column = (!column.is_empty()).then_some(column);
                quality.push(Finding::rejected(
                    "interactions",
                    Some(i as u64 + 1),
                    id,
                    column,
                    &e,
                ));
                continue;
            }
        };
        if !seen.insert(row.id, i, |r| interactions.id.get(r)) {
            let e = Error::DuplicateId {
                id: row.id.to_string(),
            };
            quality.push(Finding::rejected(
                "interactions",
                Some(i as u64 + 1),
                Some(row.id),
                Some("id"),
                &e,
            ));
            continue;
        }
        for ((g, d), x) in groups.iter_mut().zip(&dims).zip(mine.iter_mut()) {
            let v = match d {
                Dim::Channel => Some(row.channel.as_str()),
                _ => interactions.text(*d, i),
            };
            *x = g.group(v) as u32;
        }
        if m > 0 {
            if let Some(a) = answered.find_hashed(row.id, (answered.hash)(row.id)) {
                let a = a as usize;
                if let Some(slot) = row_of.get_mut(a).filter(|r| **r == 0) {
                    *slot = i as u64 + 1;
                    if let Some(out) = numbers.get_mut(a * dims.len()..(a + 1) * dims.len()) {
                        out.copy_from_slice(&mine);
                    }
                }
            }
        }
        if row.created > as_of_ns {
            excluded.interactions_after_as_of += 1;
            continue;
        }
        let policy = if rules.is_empty() {
            None
        } else {
            let (p, c, g) = (
                interactions.priority.and_then(|c| c.get(i)),
                row.channel,
                interactions.group.and_then(|c| c.get(i)),
            );
            let key = (cond_names[0].id(p), c, cond_names[1].id(g));
            *policy_cache.entry(key).or_insert_with(|| {
                policies.and_then(|ps| {
                    ps.policies
                        .iter()
                        .position(|x| x.conditions.matches_values(p, c, g, &[]))
                })
            })
        };
        let fig = row.figures(
            cal,
            business,
            as_of_ns,
            policy.and_then(|p| rules.get(p)),
            |k, created| {
                if let Some(l) = policy
                    .and_then(|p| latest.get_mut(p))
                    .and_then(|l| l.get_mut(k))
                {
                    *l = Some(l.map_or(created, |x: i64| x.max(created)));
                }
            },
        );
        total.add(&fig);
        for (g, &x) in groups.iter_mut().zip(&mine) {
            if let Some(t) = g.tickets.get_mut(x as usize) {
                t.get_or_insert_with(|| Tally::new(opts)).add(&fig);
            }
        }
    }
    check_deadlines(cal, &rules, &latest)?;

    // The answers: read and checked as the surveys CSV reader does, then one kept per
    // interaction and kind under the re-rating rule, as the report does.
    let mut all = (SurveyTally::default(), 0u64);
    if let Some(s) = surveys {
        quality.rows_read += m as u64;
        struct Answer<'a> {
            index: usize,
            kind: SurveyKind,
            interaction: Option<usize>,
            score: i64,
            key: AnswerKey<'a>,
        }
        const KINDS: usize = 4;
        let kind_index = |k: SurveyKind| match k {
            SurveyKind::Csat => 0,
            SurveyKind::Nps => 1,
            SurveyKind::Ces => 2,
            _ => 3,
        };
        let mut winner: Vec<[usize; KINDS]> = vec![[usize::MAX; KINDS]; row_of.len()];
        let mut answers: Vec<Answer<'_>> = Vec::with_capacity(m);
        for j in 0..m {
            let line = Some(j as u64 + 1);
            let id_text = s.interaction_id.trimmed(j);
            let read = read_answer(s, j).and_then(|(kind, score, at)| {
                let checked = checker.check_values(id_text.unwrap_or(""), kind, score);
                checked.map(|score| (kind, score, at)).map_err(|e| {
                    let column = match e {
                        Error::InvalidArgument { .. } => "interaction_id",
                        _ => "score",
                    };
                    (column, e)
                })
            });
            let (kind, score, at) = match read {
                Ok(x) => x,
                Err((column, e)) => {
                    quality.push(Finding::rejected(
                        "surveys",
                        line,
                        id_text,
                        Some(column),
                        &e,
                    ));
                    continue;
                }
            };
            if at > as_of {
                excluded.surveys_after_as_of += 1;
                continue;
            }
            let number = answer_ids.get(j).copied().unwrap_or(0) as usize;
            let interaction = row_of
                .get(number)
                .and_then(|&r| usize::try_from(r).ok()?.checked_sub(1));
            if interaction.is_none() {
                let id = id_text.unwrap_or("");
                quality.push(Finding {
                    source: "surveys".to_string(),
                    line,
                    id: Some(id.to_string()),
                    column: Some("interaction_id".to_string()),
                    severity: Severity::Suspicious,
                    code: UNKNOWN_INTERACTION.to_string(),
                    message: format!(
                        "no interaction `{id}`: the answer counts in the totals and the trend, in no breakdown"
                    ),
                });
            }
            let has_comment = s.comment.and_then(|c| c.trimmed(j)).is_some();
            let own = (
                s.topic.and_then(|c| c.trimmed(j)),
                s.agent.and_then(|c| c.trimmed(j)),
            );
            let a = Answer {
                index: j,
                kind,
                interaction,
                score,
                key: (at, score, has_comment, own.0, own.1),
            };
            let slot = answers.len();
            if let Some(w) = winner
                .get_mut(number)
                .and_then(|w| w.get_mut(kind_index(kind)))
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
        for (a, &is_kept) in answers.iter().zip(&kept) {
            if a.kind == SurveyKind::Csi {
                // As in the report: CSI needs attribute ratings, and is in no figure here.
                continue;
            }
            let add = |slot: &mut (SurveyTally, u64)| {
                slot.1 += 1;
                if is_kept {
                    slot.0.push(a.kind, a.score);
                }
            };
            add(&mut all);
            if a.interaction.is_none() {
                continue;
            }
            let number = answer_ids.get(a.index).copied().unwrap_or(0) as usize;
            for (k, (g, d)) in groups.iter_mut().zip(&dims).enumerate() {
                // An answer's own agent wins over the interaction's.
                let own = match d {
                    Dim::Agent => s.agent.and_then(|c| c.trimmed(a.index)),
                    _ => None,
                };
                let x = match own {
                    Some(v) => g.group(Some(v)),
                    None => numbers.get(number * dims.len() + k).copied().unwrap_or(0) as usize,
                };
                if let Some(slot) = g.surveys.get_mut(x) {
                    add(slot);
                }
            }
        }
    }

    let breakdowns = groups
        .into_iter()
        .zip(&opts.by)
        .map(|(g, d)| -> Result<ScorecardBreakdown> {
            let mut rows = Vec::new();
            for ((key, tickets), surveys) in g.keys.iter().zip(&g.tickets).zip(&g.surveys) {
                if tickets.is_none() && surveys.1 == 0 {
                    continue;
                }
                rows.push(ScorecardRow {
                    key: key.map(str::to_string),
                    tickets: tickets.as_ref().map(|t| t.finish(opts)).transpose()?,
                    surveys: (surveys.1 > 0)
                        .then(|| survey_figures(surveys, opts))
                        .transpose()?,
                });
            }
            rows.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(ScorecardBreakdown {
                dimension: d.clone(),
                rows,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Scorecard {
        as_of,
        time: opts.tickets.time,
        tickets: total.finish(opts)?,
        surveys: survey_figures(&all, opts)?,
        breakdowns,
        excluded,
        data_quality: quality,
    })
}

/// A good row's values.
struct Row<'a> {
    id: &'a str,
    channel: Channel,
    created: i64,
    first_response: Option<i64>,
    resolved: Option<i64>,
}

impl<'a> Row<'a> {
    /// Row `i`, checked as the summary CSV reader checks it; the error names its column.
    fn read(
        c: &InteractionColumns<'a>,
        i: usize,
    ) -> std::result::Result<Row<'a>, (&'static str, Error)> {
        let id = c.id.get(i).ok_or_else(|| {
            (
                "id",
                Error::InvalidValue {
                    field: "id".to_string(),
                    value: String::new(),
                    expected: "a non-empty id",
                },
            )
        })?;
        let channel =
            Channel::from_str(c.channel.get(i).unwrap_or("")).map_err(|e| ("channel", e))?;
        let instant = |field: &'static str,
                       col: Option<&[i64]>|
         -> std::result::Result<Option<i64>, (&'static str, Error)> {
            match col.and_then(|c| c.get(i)).copied() {
                None | Some(MISSING) => Ok(None),
                Some(t) if in_range(t) => Ok(Some(t)),
                Some(t) => Err((
                    field,
                    Error::InvalidTimestamp {
                        field: field.to_string(),
                        value: format!("{t} ns since the epoch (outside the supported range)"),
                    },
                )),
            }
        };
        let created = instant("created_at", Some(c.created_at))?.ok_or_else(|| {
            (
                "created_at",
                Error::InvalidTimestamp {
                    field: "created_at".to_string(),
                    value: String::new(),
                },
            )
        })?;
        let first_response = instant("first_response_at", c.first_response_at)?;
        let resolved = instant("resolved_at", c.resolved_at)?;
        for (what, t) in [
            ("first_response_at", first_response),
            ("resolved_at", resolved),
        ] {
            if let Some(t) = t.filter(|&t| t < created) {
                return Err((
                    "",
                    Error::EventBeforeCreation {
                        id: id.to_string(),
                        what: what.to_string(),
                        at: crate::calendar::rfc3339(from_ns(t)),
                        created_at: crate::calendar::rfc3339(from_ns(created)),
                    },
                ));
            }
        }
        Ok(Row {
            id,
            channel,
            created,
            first_response,
            resolved,
        })
    }

    /// What the row adds to its tallies as of `as_of` (events after it are ignored), under
    /// `policy`; `placed(k, created)` is told of each business target `k` (0 first reply,
    /// 1 resolution) whose deadline the report places.
    fn figures(
        &self,
        cal: &BusinessCalendar,
        business: bool,
        as_of: i64,
        policy: Option<&Policy>,
        mut placed: impl FnMut(usize, i64),
    ) -> RowFigures {
        let reply = self.first_response.filter(|&t| t <= as_of);
        let solved = self.resolved.filter(|&t| t <= as_of);
        let elapsed = |business: bool, to: i64| {
            if business {
                cal.between_ns(self.created, to)
            } else {
                to - self.created
            }
        };
        let secs = |to: i64| nanos_to_secs(elapsed(business, to));
        let mut sla = [None; 2];
        if let Some(p) = policy {
            // The first-reply clock stops at the first reply or the resolution, whichever is
            // first; the resolution clock at the resolution.
            let stops = [
                match (reply, solved) {
                    (Some(r), Some(s)) => Some(r.min(s)),
                    (r, s) => r.or(s),
                },
                solved,
            ];
            for (k, (t, stop)) in p.targets.iter().zip(stops).enumerate() {
                let Some(t) = t else { continue };
                use crate::sla::SlaState::{Active, Breached, Met, Paused};
                let state = if t.paused {
                    if stop.is_some() {
                        Met
                    } else {
                        Paused
                    }
                } else if elapsed(t.business, stop.unwrap_or(as_of)) > t.nanos {
                    Breached
                } else if stop.is_some() {
                    Met
                } else {
                    Active
                };
                if t.business && matches!(state, Met | Active) {
                    placed(k, self.created);
                }
                if let Some(s) = sla.get_mut(k) {
                    *s = Some(state);
                }
            }
        }
        RowFigures {
            resolved: solved.is_some(),
            first_response: reply.map(secs),
            full_resolution: solved.map(secs),
            sla,
        }
    }
}

impl Policy {
    fn of(p: &crate::sla::SlaPolicy) -> Result<Policy> {
        let target = |m: SlaMetric| -> Result<Option<Target>> {
            let Some(t) = p.targets.iter().find(|t| t.metric == m) else {
                return Ok(None);
            };
            Ok(Some(Target {
                nanos: BusinessDuration::from_secs_f64(t.seconds)?.as_nanos(),
                business: t.time == TimeBasis::Business,
                paused: t.pause.contains(&Status::New),
            }))
        };
        Ok(Policy {
            targets: [
                target(SlaMetric::FirstReply)?,
                target(SlaMetric::Resolution)?,
            ],
        })
    }
}

/// The report places the deadline of every met or active business target, and fails when the
/// calendar cannot (`no_working_time`: no business time left in the supported range). A
/// deadline is later for a later start, so the latest start of each target decides whether
/// any fails: one placement per target instead of one per row.
fn check_deadlines(
    cal: &BusinessCalendar,
    rules: &[Policy],
    latest: &[[Option<i64>; 2]],
) -> Result<()> {
    for (p, l) in rules.iter().zip(latest) {
        for (t, at) in p.targets.iter().zip(l) {
            if let (Some(t), Some(at)) = (t, at) {
                cal.add_business_duration(from_ns(*at), BusinessDuration::from_nanos(t.nanos)?)?;
            }
        }
    }
    Ok(())
}

/// Answer `j`'s kind, score and instant, read as the surveys CSV reader reads them.
fn read_answer(
    s: &SurveyColumns<'_>,
    j: usize,
) -> std::result::Result<(SurveyKind, f64, DateTime<Utc>), (&'static str, Error)> {
    let kind = SurveyKind::parse(s.kind.trimmed(j).unwrap_or("")).map_err(|e| ("kind", e))?;
    let score = s
        .score
        .get(j)
        .copied()
        .filter(|x| !x.is_nan())
        .ok_or_else(|| {
            (
                "score",
                Error::InvalidScore {
                    value: String::new(),
                },
            )
        })?;
    let at = s
        .responded_at
        .get(j)
        .copied()
        .filter(|&t| t != MISSING && in_range(t));
    let at = at.ok_or_else(|| {
        let value = match s.responded_at.get(j) {
            Some(&t) if t != MISSING => {
                format!("{t} ns since the epoch (outside the supported range)")
            }
            _ => String::new(),
        };
        (
            "responded_at",
            Error::InvalidArgument {
                name: "responded_at",
                value,
                expected: "an RFC 3339 instant with an offset, like 2026-03-02T10:00:00Z",
            },
        )
    })?;
    Ok((kind, score, from_ns(at)))
}

fn in_range(t: i64) -> bool {
    let s = t.div_euclid(1_000_000_000);
    (MIN_INSTANT_SECONDS..=MAX_INSTANT_SECONDS).contains(&s)
}

fn from_ns(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(
        t.div_euclid(1_000_000_000),
        t.rem_euclid(1_000_000_000) as u32,
    )
    .unwrap_or_default()
}

fn ns_of(t: DateTime<Utc>) -> Result<i64> {
    crate::calendar::instant_ns(t)
}
