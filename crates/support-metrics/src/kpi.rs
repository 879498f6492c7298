//! The KPI scorecard: business-hours first response and resolution times, resolution rate, SLA
//! compliance (first reply and resolution), backlog, CSAT, NPS and CES, in total and by agent
//! (or any of agent, channel, group, topic, priority), computed straight from columns.
//!
//! Why: a notebook or a dashboard that has its interactions as columns (a DataFrame, Arrow
//! arrays) and wants these figures should not write them out as CSV text for the core to read
//! back, nor build an event timeline per interaction, nor compute the report's other figures
//! (FCR, reopens, repeat contacts, the trend, the heatmap). The scorecard works on int64
//! instants and Arrow-layout text columns, whole or in Arrow's chunks ([`TextChunks`]), with
//! the calendar's O(1) business-time lookups.
//!
//! (Not a QA scorecard, the review form of [`qa`](crate::qa).) Every figure is the
//! [report](crate::report)'s figure of the same name, computed from the
//! same definitions (docs/metrics.md): the same summary rows give the same numbers (the tests
//! check it on generated data, with the faults of real exports). The figures themselves are
//! built by the report's own code ([`DurationAccumulator`], [`rate`], the survey scales).
//!
//! Input rules (those of the CSV readers, docs/formats.md): an interaction's text is taken as
//! it is and an empty one is missing (the summary CSV's rule); an answer's text is trimmed
//! and a blank one is missing (the surveys CSV's); instants are nanoseconds since the Unix
//! epoch, [`MISSING`] for none; scores are `f64`, `NaN` for none. A row without an id, with
//! an unknown channel, without a creation instant, with an instant outside the supported
//! range or before its creation, or with an id an earlier row has, is rejected, and so is an
//! answer the surveys reader would reject; each is reported in
//! [`KpiScorecard::data_quality`] (`line`: the row's 1-based position). [`scorecard_of`]
//! takes CSV texts or objects instead (the command line and the `kpi_scorecard` operation).
//!
//! ```
//! use support_metrics::kpi::{scorecard, InteractionColumns, TextColumns, MISSING};
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
//! let card = scorecard(&cal, None, &columns, None, &opts, 1)?;
//! assert_eq!(card.tickets.interactions, 2);
//! assert_eq!(card.tickets.first_response_time.count, 1);
//! assert_eq!(card.data_quality.rows_rejected, 1); // the repeated id
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{
    BusinessCalendar, BusinessDuration, ClockAt, MAX_INSTANT_SECONDS, MIN_INSTANT_SECONDS,
};
use crate::error::{Error, Result};
use crate::hash::{FxMap, Interner, SeenIds};
use crate::interaction::measures::nanos_to_secs;
use crate::interaction::{Channel, FirstResponseStart, Status};
use crate::interaction::{InteractionRows, ReadOptions, SummaryRow, SummaryTable};
use crate::metrics::{
    Counts, Dimension, DurationAccumulator, DurationStats, SlaCompliance, SlaCounts,
};
use crate::quality::{DataQuality, Finding, Severity, UNKNOWN_INTERACTION};
use crate::report::{survey_figures, Excluded, ReportOptions, SurveyFigures};
use crate::sla::{SlaMetric, SlaPolicies, TimeBasis};
use crate::stats::{rate, Rate};
use crate::survey::{
    prefers, read_surveys_csv, AnswerKey, SurveyKind, SurveyResponse, SurveyTally, Surveys,
};

/// The marker of a missing instant in an instant column (`i64::MIN`, numpy's `NaT`).
pub const MISSING: i64 = i64::MIN;

/// A column of texts in Arrow's layout: row `i` is `data[offsets[i]..offsets[i + 1]]`, or
/// a column in pieces ([`TextChunks`]).
#[derive(Debug, Clone, Copy)]
pub struct TextColumn<'a> {
    offsets: &'a [i64],
    data: &'a str,
    /// The pieces of a column in pieces (then `offsets` and `data` are unused).
    chunks: Option<&'a TextChunks<'a>>,
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
        let first = offsets.first().copied().unwrap_or(0);
        if first < 0 || offsets.windows(2).any(|w| w.get(1) < w.first()) {
            return Err(bad("offsets that never decrease and are not negative"));
        }
        let last = offsets.last().copied().unwrap_or(0);
        let within = usize::try_from(last).is_ok_and(|l| l <= data.len());
        // Every byte of ASCII text starts a character: a million offsets need not each be
        // looked up in the text (a load per row) when one pass over the text says so.
        let boundaries = || {
            offsets
                .iter()
                .all(|&o| usize::try_from(o).is_ok_and(|at| data.is_char_boundary(at)))
        };
        if !within || !(data.is_ascii() || boundaries()) {
            return Err(bad("offsets within the text, on character boundaries"));
        }
        Ok(TextColumn {
            offsets,
            data,
            chunks: None,
        })
    }

    /// How many rows.
    #[must_use]
    pub fn len(&self) -> usize {
        match self.chunks {
            Some(c) => c.len,
            None => self.offsets.len() - 1,
        }
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
        self.raw(i).filter(|s| !s.is_empty())
    }

    /// Row `i` as it is, empty included (`None` past the end): a rejected row's id, as the
    /// summary CSV reader reports it.
    #[inline]
    fn raw(&self, i: usize) -> Option<&'a str> {
        if let Some(c) = self.chunks {
            let (piece, j) = c.piece(i)?;
            return piece.raw(j);
        }
        let a = usize::try_from(*self.offsets.get(i)?).ok()?;
        let b = usize::try_from(*self.offsets.get(i + 1)?).ok()?;
        self.data.get(a..b)
    }

    /// Row `i` as a [`Short`] key when it is 1 to 16 bytes long and 16 bytes of the text
    /// start at it (`None` otherwise: the caller reads it as text).
    #[inline]
    fn short(&self, i: usize) -> Option<Short> {
        if let Some(c) = self.chunks {
            let (piece, j) = c.piece(i)?;
            return piece.short(j);
        }
        let a = usize::try_from(*self.offsets.get(i)?).ok()?;
        let b = usize::try_from(*self.offsets.get(i + 1)?).ok()?;
        let len = b.checked_sub(a).filter(|l| (1..=16).contains(l))?;
        let word: [u8; 16] = self.data.as_bytes().get(a..a + 16)?.try_into().ok()?;
        let keep = u128::MAX >> (8 * (16 - len));
        Some(Short {
            bytes: u128::from_le_bytes(word) & keep,
            len: len as u32,
        })
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

    /// Adds a cell (`None`: missing, kept as `""`).
    pub fn push(&mut self, cell: Option<&str>) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.data.push_str(cell.unwrap_or(""));
        self.offsets.push(self.data.len() as i64);
    }

    /// The borrowed column.
    #[must_use]
    pub fn column(&self) -> TextColumn<'_> {
        TextColumn {
            offsets: if self.offsets.is_empty() {
                &[0]
            } else {
                &self.offsets
            },
            data: &self.data,
            chunks: None,
        }
    }
}

/// A text column in pieces, each a [`TextColumn`] of its own rows: Arrow's chunked arrays
/// (a CSV read by pyarrow gives a column in blocks of a few thousand rows) read where they
/// are. Why: joining the chunks copies every text and offset, the largest part of handing a
/// million-row DataFrame to the scorecard. A row's piece is found by one lookup in a table by
/// blocks of rows and a step or two forward.
///
/// ```
/// use support_metrics::kpi::{TextChunks, TextColumns};
///
/// let (first, second) = (TextColumns::from_cells(["x", "y"]), TextColumns::from_cells(["z"]));
/// let chunks = TextChunks::new(vec![first.column(), second.column()]);
/// let column = chunks.column();
/// assert_eq!((column.len(), column.get(1), column.get(2)), (3, Some("y"), Some("z")));
/// ```
#[derive(Debug, Clone)]
pub struct TextChunks<'a> {
    pieces: Vec<TextColumn<'a>>,
    /// The first row of each piece, then the number of rows.
    starts: Vec<usize>,
    /// The piece of the first row of each block of `1 << CHUNK_BLOCK_BITS` rows.
    block_piece: Vec<u32>,
    len: usize,
}

/// Rows per block of [`TextChunks::block_piece`], as a power of two.
const CHUNK_BLOCK_BITS: u32 = 10;

impl<'a> TextChunks<'a> {
    /// The column of these pieces, in order (each checked as its own column was, by
    /// [`TextColumn::new`] or [`TextColumns`]; empty ones are allowed).
    #[must_use]
    pub fn new(pieces: Vec<TextColumn<'a>>) -> TextChunks<'a> {
        let mut starts = Vec::with_capacity(pieces.len() + 1);
        let mut len = 0usize;
        for p in &pieces {
            starts.push(len);
            len += p.len();
        }
        starts.push(len);
        let blocks = len.div_ceil(1 << CHUNK_BLOCK_BITS);
        let mut block_piece = Vec::with_capacity(blocks);
        let mut p = 0usize;
        for b in 0..blocks {
            let row = b << CHUNK_BLOCK_BITS;
            while starts.get(p + 1).is_some_and(|&s| s <= row) {
                p += 1;
            }
            block_piece.push(p as u32);
        }
        TextChunks {
            pieces,
            starts,
            block_piece,
            len,
        }
    }

    /// The column.
    #[must_use]
    pub fn column(&self) -> TextColumn<'_> {
        TextColumn {
            offsets: &[0],
            data: "",
            chunks: Some(self),
        }
    }

    /// Row `i`'s piece and its row there.
    #[inline]
    fn piece(&self, i: usize) -> Option<(&TextColumn<'a>, usize)> {
        let mut p = *self.block_piece.get(i >> CHUNK_BLOCK_BITS)? as usize;
        while self.starts.get(p + 1).is_some_and(|&s| s <= i) {
            p += 1;
        }
        Some((self.pieces.get(p)?, i - self.starts.get(p)?))
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
pub struct KpiTickets {
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
pub struct KpiRow {
    /// The group's value (`None`: interactions without one).
    pub key: Option<String>,
    /// The ticket figures of its interactions.
    pub tickets: Option<KpiTickets>,
    /// The survey figures of the answers about its interactions.
    pub surveys: Option<SurveyFigures>,
}

/// A breakdown by one dimension, rows sorted by key (`None` first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiBreakdown {
    /// The dimension.
    pub dimension: Dimension,
    /// One row per value.
    pub rows: Vec<KpiRow>,
}

/// The scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiScorecard {
    /// The instant it is as of.
    pub as_of: DateTime<Utc>,
    /// Business or calendar time for every duration.
    pub time: TimeBasis,
    /// The figures of all interactions.
    pub tickets: KpiTickets,
    /// The figures of all answers.
    pub surveys: SurveyFigures,
    /// One per `by` dimension.
    pub breakdowns: Vec<KpiBreakdown>,
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
    /// Its place in [`Names`] (or [`CHANNEL`]).
    fn index(self) -> usize {
        match self {
            Dim::Agent => 0,
            Dim::Group => 1,
            Dim::Topic => 2,
            Dim::Priority => 3,
            Dim::Channel => CHANNEL,
        }
    }

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
    first_response: Durations,
    full_resolution: Durations,
    /// First reply, resolution.
    sla: [SlaCounts; 2],
}

impl Tally {
    fn new(opts: &ReportOptions) -> Tally {
        Tally {
            interactions: 0,
            backlog: 0,
            resolved: Counts::default(),
            first_response: Durations::new(opts.tickets.quantiles),
            full_resolution: Durations::new(opts.tickets.quantiles),
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

    /// The first-reply (0) or the resolution times.
    fn durations(&mut self, metric: usize) -> &mut Durations {
        if metric == 0 {
            &mut self.first_response
        } else {
            &mut self.full_resolution
        }
    }

    fn merge(&mut self, o: &Tally) {
        self.interactions += o.interactions;
        self.backlog += o.backlog;
        self.resolved.merge(&o.resolved);
        self.first_response.merge(&o.first_response);
        self.full_resolution.merge(&o.full_resolution);
        for (a, b) in self.sla.iter_mut().zip(&o.sla) {
            a.merge(b);
        }
    }

    /// The figures (the samples are taken: sorted in place).
    fn finish(&mut self, opts: &ReportOptions) -> Result<KpiTickets> {
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
        Ok(KpiTickets {
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

/// The durations of a tally: a [`DurationAccumulator`], with its whole-second values (the
/// durations of instants stamped to the second) kept apart as 4-byte integers in exact mode,
/// as [`Combos::spread`] hands them over (sorted). Why: half the memory of 8-byte samples, and
/// they are the radix sort's keys as they are. The summary is the accumulator's of all the
/// values, bit for bit (the same values, sorted the same).
#[derive(Debug, Clone)]
struct Durations {
    whole: Vec<u32>,
    acc: DurationAccumulator,
}

impl Durations {
    fn new(mode: crate::metrics::QuantileMode) -> Durations {
        Durations {
            whole: Vec::new(),
            acc: DurationAccumulator::new(mode),
        }
    }

    #[inline]
    fn push(&mut self, d: Sample) {
        match d {
            Sample::Whole(k) => self.whole.push(k),
            Sample::Missing => self.acc.push(None),
            Sample::Secs(x) => self.acc.push(Some(x)),
            Sample::Tagged => {}
        }
    }

    fn merge(&mut self, o: &Durations) {
        self.whole.extend_from_slice(&o.whole);
        self.acc.merge(&o.acc);
    }

    /// The summary (the whole values are taken).
    fn finish(&mut self) -> DurationStats {
        if self.whole.is_empty() {
            return self.acc.finish();
        }
        let whole = std::mem::take(&mut self.whole);
        let (count, summary) = if self.acc.values.is_empty() {
            let mut whole = whole;
            // Handed over in order by `Combos::spread`; pushed values are sorted here.
            if !whole.iter().zip(whole.iter().skip(1)).all(|(a, b)| a <= b) {
                let max = whole.iter().copied().max().unwrap_or(0);
                whole = crate::stats::sorted_u32(whole, max);
            }
            (whole.len(), crate::stats::Summary::of_sorted_whole(&whole))
        } else {
            // Some values are fractions: all sorted as floats, as the accumulator would.
            let whole: Vec<f64> = whole.into_iter().map(f64::from).collect();
            let sorted = crate::stats::sorted_total_parts(&[&whole, &self.acc.values]);
            (sorted.len(), crate::stats::Summary::of_sorted(&sorted))
        };
        DurationStats {
            count: count as u64,
            excluded: self.acc.excluded,
            summary,
            exact: true,
        }
    }
}

/// A duration as the tallies take it, classified once per row (not once per tally it is
/// added to): whole seconds (exact mode only), other seconds, or missing (an exclusion).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sample {
    Missing,
    Whole(u32),
    Secs(f64),
    /// Whole seconds kept apart with the row's combination ([`Part::whole`]): a tally adds
    /// nothing.
    Tagged,
}

impl Sample {
    /// `ns` nanoseconds: whole seconds from 0 to `u32::MAX` are [`Sample::Whole`] (their
    /// seconds as `nanos_to_secs` gives them, without its float division); the rest are
    /// `nanos_to_secs(ns)`.
    #[inline]
    fn of_nanos(ns: Option<i64>, exact: bool) -> Sample {
        const NS: i64 = 1_000_000_000;
        let Some(ns) = ns else {
            return Sample::Missing;
        };
        if exact && ns % NS == 0 {
            if let Ok(k) = u32::try_from(ns / NS) {
                return Sample::Whole(k);
            }
        }
        Sample::Secs(nanos_to_secs(ns))
    }
}

/// What one interaction adds to a tally.
#[derive(Debug, Clone, Copy)]
struct RowFigures {
    resolved: bool,
    first_response: Sample,
    full_resolution: Sample,
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

/// A policy's first-reply and resolution targets (its conditions are matched once per
/// distinct priority, channel and group, `Part::policy_cache`).
struct Policy {
    targets: [Option<Target>; 2],
    /// Some target counts business time (decided once, not per row).
    business: bool,
}

/// The distinct values of the text columns that the breakdowns or the policies read, numbered
/// once per row (from 1; 0: missing), with the text of each number: agent, group, topic,
/// priority (`None`: not read).
struct Names<'a> {
    tables: [Option<Numbered<'a>>; 4],
    /// The numbers of the values of up to 16 bytes met so far, by their bytes.
    short: [ShortNumbers; 4],
}

/// A text of 1 to 16 bytes as one integer (its bytes, little-endian, zero above its length)
/// and its length: equal keys are equal texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Short {
    bytes: u128,
    len: u32,
}

impl Short {
    /// `text` as a key (`None` unless it is 1 to 16 bytes long).
    fn of(text: &str) -> Option<Short> {
        let len = text.len();
        (1..=16).contains(&len).then(|| Short {
            bytes: head_of(text),
            len: len as u32,
        })
    }
}

/// The first 16 bytes of `text` as one integer, little-endian, zero past its end.
fn head_of(text: &str) -> u128 {
    let mut word = [0u8; 16];
    for (w, b) in word.iter_mut().zip(text.as_bytes()) {
        *w = *b;
    }
    u128::from_le_bytes(word)
}

/// The channels' names as [`Short`] keys, in [`Channel::ALL`]'s order. Why: a row's channel is
/// then found by comparing one 16-byte load of the column with seven integers; comparing it
/// with each name as text was a third of the rows' checks.
fn channel_keys() -> [Option<Short>; 7] {
    Channel::ALL.map(|c| Short::of(c.as_str()))
}

/// Numbers of short texts by their [`Short`] keys: an open-addressing table (linear probing)
/// compared as integers. Why: a breakdown's values (agents, topics, priorities) are short and
/// few, and looking one up as text (hash its bytes, probe, compare with the interned copy) was
/// a third of the rows' pass; a key is one 16-byte load of the column.
#[derive(Debug, Clone, Default)]
struct ShortNumbers {
    /// `(key, number)`; number 0: empty.
    slots: Vec<(Short, u32)>,
    used: usize,
}

impl ShortNumbers {
    #[inline]
    fn place(k: &Short, mask: usize) -> usize {
        let h = ((k.bytes as u64) ^ ((k.bytes >> 64) as u64).rotate_left(29) ^ u64::from(k.len))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 40) as usize & mask
    }

    #[inline]
    fn get(&self, k: &Short) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = Self::place(k, mask);
        loop {
            let (key, n) = self.slots.get(i)?;
            if *n == 0 {
                return None;
            }
            if key == k {
                return Some(*n);
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, k: Short, n: u32) {
        if (self.used + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![(Short { bytes: 0, len: 0 }, 0); (old.len() * 2).max(64)];
            self.used = 0;
            for (k, n) in old.into_iter().filter(|(_, n)| *n != 0) {
                self.insert(k, n);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::place(&k, mask);
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.1 == 0 {
                *slot = (k, n);
                self.used += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

/// One column's values: their numbers, and the value of each number.
type Numbered<'a> = (Interner<'a>, Vec<Option<&'a str>>);

/// A dimension's place in [`Names`], or the channel (numbered by its declaration order).
const CHANNEL: usize = 4;

impl<'a> Names<'a> {
    /// The number of row `i` of `column`, the `k`th table's (by its [`Short`] key when it has
    /// one, else by its text).
    #[inline]
    fn number_at(&mut self, k: usize, column: Option<TextColumn<'a>>, i: usize) -> u32 {
        let Some(c) = column else { return 0 };
        let short = c.short(i);
        if let Some(n) = short.and_then(|key| self.short.get(k)?.get(&key)) {
            return n;
        }
        let n = self.number(k, c.get(i));
        if let (Some(key), Some(table)) = (short, self.short.get_mut(k)) {
            if n != 0 {
                table.insert(key, n);
            }
        }
        n
    }

    fn number(&mut self, k: usize, v: Option<&'a str>) -> u32 {
        let Some((t, keys)) = self.tables.get_mut(k).and_then(Option::as_mut) else {
            return 0;
        };
        let n = t.id(v);
        if n as usize >= keys.len() {
            keys.push(v);
        }
        n
    }

    fn key(&self, k: usize, n: usize) -> Option<&'a str> {
        if k == CHANNEL {
            return n
                .checked_sub(1)
                .and_then(|c| Channel::ALL.get(c))
                .map(|c| c.as_str());
        }
        self.tables.get(k)?.as_ref()?.1.get(n).copied().flatten()
    }
}

/// The kept answers per kind and score of one total or group, and the answers seen (kept or
/// superseded): counts in arrays over each kind's scale, made a [`SurveyTally`] at the end.
/// Why: a tally's maps cost a tree search per answer and group, where a scale is a few points.
#[derive(Debug, Clone, Default)]
struct ScoreCounts {
    /// CSAT, NPS, CES: the count of each score, from the scale's lowest point.
    counts: [Vec<u64>; 3],
    /// Scores far from a scale's lowest point (a very wide custom scale).
    wide: SurveyTally,
    seen: u64,
}

/// A kind's place: CSAT, NPS, CES, then CSI (the last, which no figure here tallies).
fn kind_index(kind: SurveyKind) -> usize {
    match kind {
        SurveyKind::Csat => 0,
        SurveyKind::Nps => 1,
        SurveyKind::Ces => 2,
        _ => 3,
    }
}

impl ScoreCounts {
    fn push(&mut self, lowest: &[i64; 3], kind: SurveyKind, score: i64) {
        let k = kind_index(kind);
        let at = lowest
            .get(k)
            .and_then(|l| usize::try_from(score.checked_sub(*l)?).ok())
            .filter(|&at| at < 4096);
        match (at, self.counts.get_mut(k)) {
            (Some(at), Some(c)) => {
                if c.len() <= at {
                    c.resize(at + 1, 0);
                }
                if let Some(x) = c.get_mut(at) {
                    *x += 1;
                }
            }
            _ => self.wide.push(kind, score),
        }
    }

    /// Adds another's counts.
    fn merge(&mut self, o: &ScoreCounts) {
        for (mine, theirs) in self.counts.iter_mut().zip(&o.counts) {
            if mine.len() < theirs.len() {
                mine.resize(theirs.len(), 0);
            }
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        self.wide.merge(&o.wide);
        self.seen += o.seen;
    }

    /// The tally and the answers seen, as the report keeps them.
    fn tally(&self, lowest: &[i64; 3]) -> (SurveyTally, u64) {
        let mut t = self.wide.clone();
        for ((c, l), map) in
            self.counts
                .iter()
                .zip(lowest)
                .zip([&mut t.csat, &mut t.nps, &mut t.ces])
        {
            for (at, &n) in c.iter().enumerate().filter(|(_, n)| **n > 0) {
                *map.entry(l + at as i64).or_default() += n;
            }
        }
        (t, self.seen)
    }
}

/// The tallies of one breakdown, by the number of their value.
#[derive(Default)]
struct Groups {
    tickets: Vec<Option<Tally>>,
    surveys: Vec<ScoreCounts>,
}

impl Groups {
    fn tickets(&mut self, n: usize, opts: &ReportOptions) -> Option<&mut Tally> {
        if n >= self.tickets.len() {
            self.tickets.resize_with(n + 1, || None);
        }
        Some(
            self.tickets
                .get_mut(n)?
                .get_or_insert_with(|| Tally::new(opts)),
        )
    }

    fn surveys(&mut self, n: usize) -> Option<&mut ScoreCounts> {
        if n >= self.surveys.len() {
            self.surveys.resize_with(n + 1, Default::default);
        }
        self.surveys.get_mut(n)
    }
}

/// The ticket tallies of the rows by their combination of breakdown values, from which the
/// total and every breakdown's groups are summed once, at the end. Why: a row adds to one
/// tally, instead of to the total's and to one per breakdown; a help desk's breakdowns
/// combine into a few hundred combinations (the bench's 13 agents, 6 channels and 4
/// priorities: 296), and any split of the rows merged equals the whole.
#[derive(Default)]
struct Combos {
    /// A combination's place in `tallies`, by its [`Names`] numbers (agent, group, topic,
    /// priority, channel; 0 for a column that no breakdown reads).
    index: FxMap<[u32; 5], u32>,
    keys: Vec<[u32; 5]>,
    tallies: Vec<Tally>,
}

impl Combos {
    /// The place of `key`'s tally (made when new); `None` past u32's places.
    #[inline]
    fn place(&mut self, key: [u32; 5], opts: &ReportOptions) -> Option<u32> {
        if let Some(&at) = self.index.get(&key) {
            return Some(at);
        }
        let at = u32::try_from(self.tallies.len()).ok()?;
        self.index.insert(key, at);
        self.keys.push(key);
        self.tallies.push(Tally::new(opts));
        Some(at)
    }

    /// The total and the groups of each breakdown of `dims`, with the whole-second samples
    /// `whole` ([`Part::whole`]): each list sorted once with its tags, and each group's values
    /// taken from it in order (so no group sorts its own again).
    fn spread(
        &self,
        whole: [Vec<u64>; 2],
        dims: &[Dim],
        opts: &ReportOptions,
        threads: usize,
    ) -> (Tally, Vec<Groups>) {
        let mut total = Tally::new(opts);
        let mut groups: Vec<Groups> = dims.iter().map(|_| Groups::default()).collect();
        // Each breakdown's group of each combination.
        let mut group_of: Vec<Vec<usize>> = dims.iter().map(|_| Vec::new()).collect();
        for (key, t) in self.keys.iter().zip(&self.tallies) {
            total.merge(t);
            for ((g, of), d) in groups.iter_mut().zip(&mut group_of).zip(dims) {
                let x = key.get(d.index()).copied().unwrap_or(0) as usize;
                of.push(x);
                if let Some(mine) = g.tickets(x, opts) {
                    mine.merge(t);
                }
            }
        }
        let sizes: Vec<usize> = groups.iter().map(|g| g.tickets.len()).collect();
        // Per metric: the total's values and each breakdown's groups' values, in order.
        let spread_one = |tagged: &std::sync::Mutex<Vec<u64>>| -> (Vec<u32>, Vec<Vec<Vec<u32>>>) {
            // Taken, not copied (a lock, so that each thread can take its list).
            let tagged = std::mem::take(
                &mut *tagged
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            let secs = |t: u64| (t >> 32) as u32;
            let place = |t: u64| t as u32 as usize;
            let max = tagged.iter().map(|&t| secs(t)).max().unwrap_or(0);
            let mut counts = vec![0usize; self.tallies.len()];
            for &t in &tagged {
                if let Some(c) = counts.get_mut(place(t)) {
                    *c += 1;
                }
            }
            let tagged = crate::stats::sorted_by_u32(tagged, max, secs);
            let outs = group_of
                .iter()
                .zip(&sizes)
                .map(|(of, &n)| {
                    let mut room = vec![0usize; n];
                    for (&x, &c) in of.iter().zip(&counts) {
                        if let Some(r) = room.get_mut(x) {
                            *r += c;
                        }
                    }
                    let mut out: Vec<Vec<u32>> = room.into_iter().map(Vec::with_capacity).collect();
                    for &t in &tagged {
                        if let Some(o) = of.get(place(t)).and_then(|&x| out.get_mut(x)) {
                            o.push(secs(t));
                        }
                    }
                    out
                })
                .collect();
            (tagged.into_iter().map(secs).collect(), outs)
        };
        let metrics = crate::threads::map(
            &whole.map(std::sync::Mutex::new),
            threads.min(2),
            spread_one,
        );
        for (m, (all, outs)) in metrics.into_iter().enumerate() {
            total.durations(m).whole = all;
            for (g, out) in groups.iter_mut().zip(outs) {
                for (t, o) in g.tickets.iter_mut().zip(out) {
                    if let Some(t) = t {
                        t.durations(m).whole = o;
                    }
                }
            }
        }
        (total, groups)
    }

    /// Adds `o`'s tallies, its keys' numbers mapped to this part's by `map(column, number)`;
    /// the places of `o`'s combinations here.
    fn merge(
        &mut self,
        o: &Combos,
        map: impl Fn(usize, u32) -> u32,
        opts: &ReportOptions,
    ) -> Vec<u32> {
        let mut places = Vec::with_capacity(o.keys.len());
        for (key, t) in o.keys.iter().zip(&o.tallies) {
            let mut mine = *key;
            for (k, n) in mine.iter_mut().enumerate() {
                *n = map(k, *n);
            }
            let at = self.place(mine, opts).unwrap_or(u32::MAX);
            if let Some(m) = self.tallies.get_mut(at as usize) {
                m.merge(t);
            }
            places.push(at);
        }
        places
    }
}

/// What the pass over the rows reads.
struct Pass<'a, 'c> {
    cal: &'a BusinessCalendar,
    policies: Option<&'a SlaPolicies>,
    rules: &'a [Policy],
    columns: &'a InteractionColumns<'c>,
    dims: &'a [Dim],
    /// The text columns read: agent, group, topic, priority (and the channel).
    read: [bool; 5],
    as_of: i64,
    /// `as_of` on the business clock.
    as_of_clock: ClockAt,
    business: bool,
    /// Each row's channel + 1 (0: rejected).
    good: &'a [u8],
    ids: &'a Ids,
    opts: &'a ReportOptions,
}

/// What the pass over a range of rows gives.
struct Part<'c> {
    names: Names<'c>,
    combos: Combos,
    /// The whole-second first-reply and resolution times, each with its row's combination:
    /// seconds << 32 | the combination's place ([`Sample::Tagged`]).
    whole: [Vec<u64>; 2],
    /// The policy of each (priority, channel, group) numbers met so far.
    policy_cache: FxMap<u64, Option<usize>>,
    /// The latest creation whose deadline of a business target the report places, per policy
    /// and metric (see `check_deadlines`).
    latest: Vec<[Option<i64>; 2]>,
    /// Interactions created after `as_of`.
    after: u64,
    /// The repeated ids' rejections.
    findings: Vec<Finding>,
    /// Each answered row's slot, then its numbers of `dims`.
    answered: Vec<u32>,
}

impl<'a, 'c> Pass<'a, 'c> {
    fn run(&self, range: std::ops::Range<usize>) -> Part<'c> {
        let mut names = Names {
            tables: Default::default(),
            short: Default::default(),
        };
        for (t, &r) in names.tables.iter_mut().zip(&self.read) {
            if r {
                *t = Some((Interner::with_capacity(64), vec![None]));
            }
        }
        // Room up front, not grown by copies: most rows have both durations, and the first
        // part takes the later ones' lists (room that is never written costs no memory).
        let rows = if range.start == 0 {
            self.columns.len()
        } else {
            range.len()
        };
        let room = || Vec::with_capacity(rows);
        let answered = rows.min(self.ids.answered_rows) * (self.dims.len() + 1);
        let mut part = Part {
            names,
            combos: Combos::default(),
            whole: [room(), room()],
            policy_cache: FxMap::default(),
            latest: vec![[None; 2]; self.rules.len()],
            after: 0,
            findings: Vec::new(),
            answered: Vec::with_capacity(answered),
        };
        let c = self.columns;
        let texts = [c.agent, c.group, c.topic, c.priority];
        let mut mine: Vec<u32> = vec![0; self.dims.len()];
        // The columns of the combinations' keys: those the breakdowns read.
        let mut keyed = [false; 5];
        for d in self.dims {
            if let Some(k) = keyed.get_mut(d.index()) {
                *k = true;
            }
        }
        for i in range {
            let Some(channel) = self
                .good
                .get(i)
                .and_then(|&g| Channel::ALL.get(usize::from(g).checked_sub(1)?))
            else {
                continue;
            };
            if self.ids.duplicate.get(i).copied().unwrap_or(false) {
                let id = c.id.get(i).unwrap_or("");
                let e = Error::DuplicateId { id: id.to_string() };
                part.findings.push(Finding::rejected(
                    "interactions",
                    Some(i as u64 + 1),
                    Some(id),
                    Some("id"),
                    &e,
                ));
                continue;
            }
            let row = Row::checked(c, i, *channel);
            let mut nums = [0u32; 5];
            for (k, (x, t)) in nums.iter_mut().zip(texts).enumerate() {
                if self.read.get(k).copied().unwrap_or(false) {
                    *x = part.names.number_at(k, t, i);
                }
            }
            if let Some(x) = nums.get_mut(CHANNEL) {
                *x = row.channel as u32 + 1;
            }
            for (x, d) in mine.iter_mut().zip(self.dims) {
                *x = nums.get(d.index()).copied().unwrap_or(0);
            }
            if let Some(&slot) = self.ids.slot_of.get(i).filter(|&&x| x != u32::MAX) {
                part.answered.push(slot);
                part.answered.extend_from_slice(&mine);
            }
            if row.created > self.as_of {
                part.after += 1;
                continue;
            }
            let policy = if self.rules.is_empty() {
                None
            } else {
                let (p, g) = (nums[3], nums[1]);
                let key = u64::from(p) << 36 | (row.channel as u64) << 32 | u64::from(g);
                let names = &part.names;
                *part.policy_cache.entry(key).or_insert_with(|| {
                    let (p, g) = (names.key(3, p as usize), names.key(1, g as usize));
                    self.policies.and_then(|ps| {
                        ps.policies
                            .iter()
                            .position(|x| x.conditions.matches_values(p, row.channel, g, &[]))
                    })
                })
            };
            let latest = &mut part.latest;
            let fig = row.figures(
                self.cal,
                self.business,
                self.opts.tickets.quantiles == crate::metrics::QuantileMode::Exact,
                (self.as_of, self.as_of_clock),
                policy.and_then(|p| self.rules.get(p)),
                |k, created| {
                    if let Some(l) = policy
                        .and_then(|p| latest.get_mut(p))
                        .and_then(|l| l.get_mut(k))
                    {
                        *l = Some(l.map_or(created, |x: i64| x.max(created)));
                    }
                },
            );
            let mut key = nums;
            for (x, k) in key.iter_mut().zip(keyed) {
                *x = if k { *x } else { 0 };
            }
            let Some(at) = part.combos.place(key, self.opts) else {
                // Not reached: no more combinations than rows, fewer than u32::MAX (checked).
                continue;
            };
            let mut fig = fig;
            for (w, d) in part
                .whole
                .iter_mut()
                .zip([&mut fig.first_response, &mut fig.full_resolution])
            {
                if let Sample::Whole(k) = *d {
                    w.push(u64::from(k) << 32 | u64::from(at));
                    *d = Sample::Tagged;
                }
            }
            if let Some(t) = part.combos.tallies.get_mut(at as usize) {
                t.add(&fig);
            }
        }
        part
    }
}

/// Keeps the first part, merges the later ones into it.
fn take_part<'c>(merged: &mut Option<Part<'c>>, p: Part<'c>, pass: &Pass<'_, 'c>) {
    match merged {
        Some(m) => m.merge(p, pass),
        None => *merged = Some(p),
    }
}

impl<'c> Part<'c> {
    /// Adds a later range's part: its numbers of values become this part's (by text).
    fn merge(&mut self, o: Part<'c>, pass: &Pass<'_, 'c>) {
        let mut maps: [Vec<u32>; 5] = Default::default();
        for (k, map) in maps.iter_mut().enumerate().take(CHANNEL) {
            if let Some((_, keys)) = o.names.tables.get(k).and_then(Option::as_ref) {
                *map = keys.iter().map(|&v| self.names.number(k, v)).collect();
            }
        }
        let map = |k: usize, n: u32| -> u32 {
            maps.get(k)
                .and_then(|m| m.get(n as usize))
                .copied()
                .unwrap_or(n)
        };
        let places = self.combos.merge(&o.combos, map, pass.opts);
        for (mine, theirs) in self.whole.iter_mut().zip(o.whole) {
            mine.extend(theirs.into_iter().map(|t| {
                let at = places.get(t as u32 as usize).copied().unwrap_or(u32::MAX);
                t >> 32 << 32 | u64::from(at)
            }));
        }
        for (l, ol) in self.latest.iter_mut().zip(&o.latest) {
            for (a, b) in l.iter_mut().zip(ol) {
                *a = match (*a, *b) {
                    (Some(x), Some(y)) => Some(x.max(y)),
                    (x, y) => x.or(y),
                };
            }
        }
        self.after += o.after;
        self.findings.extend(o.findings);
        for c in o.answered.chunks(pass.dims.len() + 1) {
            if let Some((slot, nums)) = c.split_first() {
                self.answered.push(*slot);
                self.answered
                    .extend(nums.iter().zip(pass.dims).map(|(&n, d)| map(d.index(), n)));
            }
        }
    }
}

/// The id work is done in this many shards, by the top bits of an id's hash: a shard's tables
/// stay in cache, where one table of a million ids costs a cache miss per row and answer.
const SHARD_BITS: u32 = 8;

/// What the ids give.
struct Ids {
    /// Rows whose id an earlier good row has (rejected: `duplicate_id`).
    duplicate: Vec<bool>,
    /// Each answer's number of its (trimmed) id: the place + 1 of the first answer with that
    /// id (0: blank). Why the first answer's place: a table by number is then read in nearly
    /// the answers' order, not at random (answers with a later repeat are few).
    answer_number: Vec<u32>,
    /// Each answer's interaction (the good row with its id; `u32::MAX`: none).
    answer_row: Vec<u32>,
    /// Each answered row's slot (`u32::MAX`: not answered), `0..answered_rows`, numbered in
    /// the order of the rows' first answers (so read in nearly that order).
    slot_of: Vec<u32>,
    /// Each answer's row's slot (`u32::MAX`: none).
    answer_slot: Vec<u32>,
    answered_rows: usize,
}

/// An id as the join files it: its hash, its row (or answer), its length and its first 16
/// bytes. Two keys of ids up to 16 bytes long are equal exactly when the ids are, so the
/// common short ids are matched without reading their text, a cache miss at a random place
/// of the column; longer ones are compared as texts when the rest agrees.
#[derive(Debug, Clone, Copy)]
struct Key {
    hash: u64,
    at: u32,
    len: u32,
    head: u128,
}

impl Key {
    fn of(id: &str, at: usize) -> Key {
        Key {
            hash: SeenIds::hash(id),
            at: at as u32,
            len: id.len() as u32,
            head: head_of(id),
        }
    }

    /// Whether the ids are equal (`texts` reads both, for long ones).
    fn same<'t>(&self, o: &Key, texts: impl FnOnce() -> (&'t str, &'t str)) -> bool {
        if self.hash != o.hash || self.len != o.len || self.head != o.head {
            return false;
        }
        if self.len <= 16 {
            return true;
        }
        let (a, b) = texts();
        a == b
    }
}

/// What one range of shards gives the join.
#[derive(Default)]
struct ShardsOut {
    /// Rows with a repeated id.
    repeated: Vec<u32>,
    /// Per answer with an id, in shard order: the answer, its id's number (see
    /// [`Ids::answer_number`]), and its row (`u32::MAX`: none).
    answers: Vec<(u32, u32, u32)>,
}

/// A part of the first work on the rows and answers, which needs nothing else.
enum Filing {
    /// Rows checked, the good ones' ids filed.
    Rows(std::ops::Range<usize>),
    /// Answers' ids filed.
    Answers(std::ops::Range<usize>),
}

/// What a [`Filing`] gives.
enum Filed {
    Rows {
        /// Each row's channel + 1 (0: rejected).
        good: Vec<u8>,
        findings: Vec<Finding>,
        /// The good rows' ids by shard.
        keys: Vec<Vec<Key>>,
    },
    /// The answers' ids (trimmed, not blank) by shard.
    Answers(Vec<Vec<Key>>),
}

impl Filing {
    fn run(&self, c: &InteractionColumns<'_>, surveys: Option<&SurveyColumns<'_>>) -> Filed {
        let shards = 1usize << SHARD_BITS;
        let shard = |h: u64| (h >> (64 - SHARD_BITS)) as usize;
        let filed = |len: usize| -> Vec<Vec<Key>> {
            (0..shards)
                .map(|_| Vec::with_capacity(len / shards + len / shards / 8 + 8))
                .collect()
        };
        match self {
            Filing::Rows(range) => {
                let channels = channel_keys();
                let mut keys = filed(range.len());
                let mut good = vec![0u8; range.len()];
                let mut findings = Vec::new();
                for (i, ok) in range.clone().zip(good.iter_mut()) {
                    match Row::read(c, i, &channels) {
                        Ok((id, r)) => {
                            *ok = r.channel as u8 + 1;
                            let k = Key::of(id, i);
                            if let Some(s) = keys.get_mut(shard(k.hash)) {
                                s.push(k);
                            }
                        }
                        Err((column, e)) => {
                            let column = (!column.is_empty()).then_some(column);
                            findings.push(Finding::rejected(
                                "interactions",
                                Some(i as u64 + 1),
                                c.id.raw(i),
                                column,
                                &e,
                            ));
                        }
                    }
                }
                Filed::Rows {
                    good,
                    findings,
                    keys,
                }
            }
            Filing::Answers(range) => {
                let mut keys = filed(range.len());
                if let Some(sv) = surveys {
                    for j in range.clone() {
                        if let Some(id) = sv.interaction_id.trimmed(j) {
                            let k = Key::of(id, j);
                            if let Some(s) = keys.get_mut(shard(k.hash)) {
                                s.push(k);
                            }
                        }
                    }
                }
                Filed::Answers(keys)
            }
        }
    }
}

impl Ids {
    /// Finds the repeated ids of the good rows (the later rows) and joins the answers to the
    /// first good row of their id: rows and answers are filed by hash into shards, in order,
    /// then the shards' rows and answers are matched (on up to `threads` threads) with tables
    /// that fit in cache. Ids are compared exactly ([`Key`]), so two ids never merge.
    fn join(
        c: &InteractionColumns<'_>,
        row_parts: &[Vec<Vec<Key>>],
        surveys: Option<&SurveyColumns<'_>>,
        answer_parts: &[Vec<Vec<Key>>],
        threads: usize,
    ) -> Ids {
        let n = c.len();
        let m = surveys.map_or(0, SurveyColumns::len);
        let shards = 1usize << SHARD_BITS;
        // A shard's keys: those of each part, in order (so in row order).
        fn shard_of(parts: &[Vec<Vec<Key>>], s: usize) -> impl Iterator<Item = &Key> {
            parts.iter().filter_map(move |p| p.get(s)).flatten()
        }
        let row_id = |i: u32| c.id.get(i as usize).unwrap_or("");
        let answer_id = |j: u32| {
            surveys
                .and_then(|s| s.interaction_id.trimmed(j as usize))
                .unwrap_or("")
        };
        let work = |range: &std::ops::Range<usize>| -> Result<ShardsOut> {
            let answers_in = |s: usize| {
                answer_parts
                    .iter()
                    .filter_map(move |p| p.get(s))
                    .map(Vec::len)
            };
            let mut out = ShardsOut {
                repeated: Vec::new(),
                answers: Vec::with_capacity(range.clone().flat_map(answers_in).sum()),
            };
            let mut first: FxMap<u64, Key> = FxMap::default();
            let mut collided: FxMap<&str, u32> = FxMap::default();
            let mut named: FxMap<u64, (Key, u32)> = FxMap::default();
            let mut named_collided: FxMap<&str, u32> = FxMap::default();
            for s in range.clone() {
                let (rows, answers) = (shard_of(row_parts, s), shard_of(answer_parts, s));
                first.clear();
                collided.clear();
                named.clear();
                named_collided.clear();
                first.reserve(
                    row_parts
                        .iter()
                        .filter_map(|p| p.get(s))
                        .map(Vec::len)
                        .sum(),
                );
                for k in rows {
                    use std::collections::hash_map::Entry;
                    match first.entry(k.hash) {
                        Entry::Vacant(v) => {
                            v.insert(*k);
                        }
                        Entry::Occupied(o) => {
                            let f = *o.get();
                            let id = row_id(k.at);
                            if f.same(k, || (row_id(f.at), id)) || collided.contains_key(id) {
                                out.repeated.push(k.at);
                            } else {
                                collided.insert(id, k.at);
                            }
                        }
                    }
                }
                for a in answers {
                    // The id's number: its first answer's (a shard's answers are in order).
                    let number = match named.get(&a.hash) {
                        Some((k, x)) if k.same(a, || (answer_id(k.at), answer_id(a.at))) => *x,
                        None => {
                            named.insert(a.hash, (*a, a.at + 1));
                            a.at + 1
                        }
                        Some(_) => *named_collided.entry(answer_id(a.at)).or_insert(a.at + 1),
                    };
                    let row = match first.get(&a.hash) {
                        Some(f) if f.same(a, || (row_id(f.at), answer_id(a.at))) => Some(f.at),
                        Some(_) => collided.get(answer_id(a.at)).copied(),
                        None => None,
                    };
                    out.answers.push((a.at, number, row.unwrap_or(u32::MAX)));
                }
            }
            Ok(out)
        };
        let parts = if cfg!(target_family = "wasm") {
            // One thread in wasm: no code for the parts (the module's size is a target).
            1
        } else {
            threads.clamp(1, 2)
        };
        let ranges: Vec<std::ops::Range<usize>> = (0..parts)
            .map(|k| k * shards / parts..(k + 1) * shards / parts)
            .collect();
        let mut outs: Vec<ShardsOut> = Vec::new();
        if parts == 1 || !crate::threads::in_order(&ranges, parts, work, |o| outs.push(o)) {
            outs = vec![work(&(0..shards)).unwrap_or_default()];
        }
        let mut ids = Ids {
            duplicate: vec![false; n],
            answer_number: vec![0; m],
            answer_row: vec![u32::MAX; m],
            slot_of: vec![u32::MAX; if m > 0 { n } else { 0 }],
            answer_slot: vec![u32::MAX; m],
            answered_rows: 0,
        };
        for o in outs {
            for r in o.repeated {
                if let Some(d) = ids.duplicate.get_mut(r as usize) {
                    *d = true;
                }
            }
            for (j, number, row) in o.answers {
                let j = j as usize;
                if let Some(x) = ids.answer_number.get_mut(j) {
                    *x = number;
                }
                if let Some(x) = ids.answer_row.get_mut(j) {
                    *x = row;
                }
            }
        }
        // Slots in the answers' order.
        for (&row, slot) in ids.answer_row.iter().zip(ids.answer_slot.iter_mut()) {
            if let Some(s) = ids.slot_of.get_mut(row as usize) {
                if *s == u32::MAX {
                    *s = ids.answered_rows as u32;
                    ids.answered_rows += 1;
                }
                *slot = *s;
            }
        }
        ids
    }
}

/// Interactions as owned columns: what [`scorecard_of`] reads a summary CSV into.
#[derive(Debug, Clone, Default)]
pub struct InteractionTable {
    /// Ids, channels, agents, groups, topics, priorities.
    texts: [TextColumns; 6],
    /// Creations, first responses, resolutions ([`MISSING`]: none).
    instants: [Vec<i64>; 3],
}

impl InteractionTable {
    /// The good rows of a summary CSV's table, in order.
    #[must_use]
    pub fn from_summary(table: &SummaryTable<'_>) -> InteractionTable {
        let mut t = InteractionTable::default();
        let ns =
            |x: Option<DateTime<Utc>>| x.and_then(|x| x.timestamp_nanos_opt()).unwrap_or(MISSING);
        for i in 0..table.len() {
            let Some(r) = table.kpi_values(i) else {
                continue;
            };
            let [id, channel, rest @ ..] = &mut t.texts;
            id.push(Some(r.id));
            channel.push(Some(r.channel.as_str()));
            for (c, v) in rest.iter_mut().zip(r.texts) {
                c.push(v);
            }
            let (a, b, c) = r.instants;
            for (col, x) in t.instants.iter_mut().zip([Some(a), b, c]) {
                col.push(ns(x));
            }
        }
        t
    }

    /// Summary rows given as objects, in order (checked by the scorecard as it reads them).
    #[must_use]
    pub fn from_rows(rows: &[SummaryRow]) -> InteractionTable {
        let mut t = InteractionTable::default();
        let ns =
            |x: Option<DateTime<Utc>>| x.and_then(|x| x.timestamp_nanos_opt()).unwrap_or(MISSING);
        for r in rows {
            let [id, channel, agent, group, topic, priority] = &mut t.texts;
            id.push(Some(&r.id));
            channel.push(Some(r.channel.as_str()));
            agent.push(r.agent.as_deref());
            group.push(r.group.as_deref());
            topic.push(r.topic.as_deref());
            priority.push(r.priority.as_deref());
            for (col, x) in
                t.instants
                    .iter_mut()
                    .zip([Some(r.created_at), r.first_response_at, r.resolved_at])
            {
                col.push(ns(x));
            }
        }
        t
    }

    /// How many rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.instants[0].len()
    }

    /// True when there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The columns.
    #[must_use]
    pub fn columns(&self) -> InteractionColumns<'_> {
        let [id, channel, agent, group, topic, priority] = &self.texts;
        let [created, replied, resolved] = &self.instants;
        InteractionColumns::new(id.column(), channel.column(), created)
            .agent(agent.column())
            .group(group.column())
            .topic(topic.column())
            .priority(priority.column())
            .first_response_at(replied)
            .resolved_at(resolved)
    }
}

/// Survey answers as owned columns: what [`scorecard_of`] reads a surveys CSV into.
#[derive(Debug, Clone, Default)]
pub struct SurveyTable {
    /// Interaction ids, kinds, comments, topics, agents.
    texts: [TextColumns; 5],
    score: Vec<f64>,
    responded_at: Vec<i64>,
}

impl SurveyTable {
    /// These answers, in order.
    #[must_use]
    pub fn from_responses(responses: &[SurveyResponse]) -> SurveyTable {
        let mut t = SurveyTable::default();
        for r in responses {
            let [id, kind, comment, topic, agent] = &mut t.texts;
            id.push(Some(&r.interaction_id));
            kind.push(Some(r.kind.name()));
            comment.push(r.comment.as_deref());
            topic.push(r.topic.as_deref());
            agent.push(r.agent.as_deref());
            t.score.push(r.score);
            t.responded_at
                .push(r.responded_at.timestamp_nanos_opt().unwrap_or(MISSING));
        }
        t
    }

    /// How many answers.
    #[must_use]
    pub fn len(&self) -> usize {
        self.score.len()
    }

    /// True when there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.score.is_empty()
    }

    /// The columns.
    #[must_use]
    pub fn columns(&self) -> SurveyColumns<'_> {
        let [id, kind, comment, topic, agent] = &self.texts;
        SurveyColumns::new(id.column(), kind.column(), &self.score, &self.responded_at)
            .comment(comment.column())
            .topic(topic.column())
            .agent(agent.column())
    }
}

/// The options the scorecard needs and refuses (its `as_of`, its breakdowns), checked the
/// same way by both of its paths.
fn checked_options(opts: &ReportOptions) -> Result<(DateTime<Utc>, Vec<Dim>)> {
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
    let dims = opts.by.iter().map(Dim::of).collect::<Result<Vec<_>>>()?;
    Ok((as_of, dims))
}

/// Interactions as the scorecard operation takes them.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum InteractionInput<'a> {
    /// A summary CSV's text, read by [`SummaryTable`] (its findings carry their lines).
    Csv(&'a str),
    /// Summary rows as objects, checked by the scorecard (a finding's line is the row's
    /// position, from 1).
    Rows(&'a [SummaryRow]),
}

/// Survey answers as the scorecard operation takes them.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum AnswerInput<'a> {
    /// A surveys CSV's text, read by [`read_surveys_csv`].
    Csv(&'a str),
    /// Responses as objects, checked by the scorecard.
    Responses(&'a [SurveyResponse]),
}

/// The scorecard of a summary CSV or summary rows, and of a surveys CSV or responses (the
/// command line's and the operation's inputs, reaching [`scorecard`] as owned columns). A text
/// is read by its reader (on up to `threads` threads), whose rows read and findings, with
/// their lines, are the scorecard's; objects are counted and checked by the scorecard.
pub fn scorecard_of(
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    interactions: InteractionInput<'_>,
    surveys: Option<AnswerInput<'_>>,
    opts: &ReportOptions,
    threads: usize,
) -> Result<KpiScorecard> {
    if cfg!(target_family = "wasm") {
        // One engine in the WebAssembly module, whose size is a target: the report's.
        return by_report(cal, policies, interactions, surveys, opts);
    }
    let (table, read_quality) = match interactions {
        InteractionInput::Csv(text) => {
            let t = SummaryTable::read(text, threads)?;
            (
                InteractionTable::from_summary(&t),
                Some(t.quality().clone()),
            )
        }
        InteractionInput::Rows(rows) => (InteractionTable::from_rows(rows), None),
    };
    let (answers, answers_quality) = match surveys {
        Some(AnswerInput::Csv(text)) => {
            let b = read_surveys_csv(text, &opts.surveys, &ReadOptions::default())?;
            (
                Some(SurveyTable::from_responses(&b.responses)),
                Some(b.quality),
            )
        }
        Some(AnswerInput::Responses(r)) => (Some(SurveyTable::from_responses(r)), None),
        None => (None, None),
    };
    let mut card = scorecard(
        cal,
        policies,
        &table.columns(),
        answers.as_ref().map(SurveyTable::columns).as_ref(),
        opts,
        threads,
    )?;
    // A reader's rows read are the rows of its text (the scorecard saw only the good ones),
    // its findings come first; the scorecard's own follow (rows of objects it rejected,
    // answers about unknown interactions).
    let own = std::mem::take(&mut card.data_quality);
    let mut quality = DataQuality {
        rows_read: read_quality
            .as_ref()
            .map_or(table.len() as u64, |q| q.rows_read)
            + answers_quality
                .as_ref()
                .map_or(answers.as_ref().map_or(0, |a| a.len() as u64), |q| {
                    q.rows_read
                }),
        ..DataQuality::default()
    };
    for q in [read_quality, answers_quality].into_iter().flatten() {
        quality.rows_rejected += q.rows_rejected;
        quality.findings.extend(q.findings);
    }
    quality.rows_rejected += own.rows_rejected;
    quality.findings.extend(own.findings);
    card.data_quality = quality;
    Ok(card)
}

/// [`scorecard_of`] through the report: the report of the same inputs, its figures of the
/// scorecard's names (objects are written as CSV text and read back, their findings' lines
/// made the rows' positions). The path of the WebAssembly module, which carries one engine;
/// natively, the tests check it equal to the columns' engine.
#[cfg_attr(not(target_family = "wasm"), allow(dead_code))]
pub(crate) fn by_report(
    cal: &BusinessCalendar,
    policies: Option<&SlaPolicies>,
    interactions: InteractionInput<'_>,
    surveys: Option<AnswerInput<'_>>,
    opts: &ReportOptions,
) -> Result<KpiScorecard> {
    let (as_of, _) = checked_options(opts)?;
    if let Some(p) = policies {
        p.validate()?;
    }
    let written;
    let (text, objects) = match interactions {
        InteractionInput::Csv(t) => (t, false),
        InteractionInput::Rows(rows) => {
            written = crate::interaction::write_summary_csv(rows);
            (written.as_str(), true)
        }
    };
    let table = SummaryTable::read(text, 1)?;
    let (answers, answer_objects) = match surveys {
        Some(AnswerInput::Csv(t)) => (
            Some(read_surveys_csv(t, &opts.surveys, &ReadOptions::default())?),
            false,
        ),
        Some(AnswerInput::Responses(r)) => {
            let t = crate::survey::write_surveys_csv(r);
            (
                Some(read_surveys_csv(
                    &t,
                    &opts.surveys,
                    &ReadOptions::default(),
                )?),
                true,
            )
        }
        None => (None, false),
    };
    let mut quality = table.quality().clone();
    let (responses, answers_quality) =
        answers.map_or((Vec::new(), None), |a| (a.responses, Some(a.quality)));
    if let Some(q) = answers_quality {
        quality.merge(q);
    }
    // Objects have no lines: a finding's line is the row's position (the text's line - 1).
    for f in &mut quality.findings {
        let object = match f.source.as_str() {
            "interactions" => objects,
            "surveys" => answer_objects,
            _ => false,
        };
        if object {
            f.line = f.line.map(|l| l.saturating_sub(1));
        }
    }
    let mut o = opts.clone();
    o.period = None;
    let data = crate::report::ReportRows {
        interactions: &table,
        surveys: &responses,
        quality: &quality,
    };
    let r = crate::report::report_rows_in_parts(&data, cal, policies, &o, 1)?;
    let tickets = |t: &crate::metrics::TicketReport| KpiTickets {
        interactions: t.interactions,
        first_response_time: t.first_response_time,
        full_resolution_time: t.full_resolution_time,
        resolution_rate: t.resolution_rate,
        backlog: t.backlog.unwrap_or(0),
        sla: t
            .sla
            .iter()
            .filter(|s| matches!(s.metric, SlaMetric::FirstReply | SlaMetric::Resolution))
            .copied()
            .collect(),
    };
    Ok(KpiScorecard {
        as_of,
        time: r.time,
        tickets: tickets(&r.tickets),
        surveys: r.surveys,
        breakdowns: r
            .breakdowns
            .into_iter()
            .map(|b| KpiBreakdown {
                dimension: b.dimension,
                rows: b
                    .rows
                    .into_iter()
                    .map(|g| KpiRow {
                        key: g.key,
                        tickets: g.tickets.as_ref().map(tickets),
                        surveys: g.surveys,
                    })
                    .collect(),
            })
            .collect(),
        excluded: r.excluded,
        data_quality: r.data_quality,
    })
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
    threads: usize,
) -> Result<KpiScorecard> {
    interactions.check_lengths()?;
    if let Some(s) = surveys {
        s.check_lengths()?;
    }
    let rows = interactions
        .len()
        .max(surveys.map_or(0, SurveyColumns::len));
    if rows >= u32::MAX as usize {
        return Err(Error::InvalidArgument {
            name: "rows",
            value: rows.to_string(),
            expected: "fewer than 4294967295 rows per table (rows are numbered in 32 bits)",
        });
    }
    let (as_of, dims) = checked_options(opts)?;
    let checker = Surveys::new(opts.surveys.clone())?;
    if let Some(p) = policies {
        p.validate()?;
    }
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
    let m = surveys.map_or(0, SurveyColumns::len);

    // Rows checked (a rejected row claims no id), then the ids: repeats found and answers
    // joined to their interactions.
    // On up to two threads, each a half of the rows and of the answers: the rows checked and
    // the good ones' ids filed into shards by hash, the answers' ids filed.
    let halves = |len: usize| [0..len / 2, len / 2..len];
    let items: Vec<Filing> = halves(n)
        .into_iter()
        .map(Filing::Rows)
        .chain(halves(m).into_iter().map(Filing::Answers))
        .collect();
    let filed = crate::threads::map(&items, threads.min(2), |w| w.run(interactions, surveys));
    // Each row's channel (its place in `Channel::ALL` + 1; 0: rejected).
    let mut good: Vec<u8> = Vec::with_capacity(n);
    let mut findings: Vec<Finding> = Vec::new();
    let (mut row_keys, mut answer_keys) = (Vec::new(), Vec::new());
    for f in filed {
        match f {
            Filed::Rows {
                good: g,
                findings: mut f,
                keys,
            } => {
                good.extend_from_slice(&g);
                findings.append(&mut f);
                row_keys.push(keys);
            }
            Filed::Answers(keys) => answer_keys.push(keys),
        }
    }
    let ids = Ids::join(interactions, &row_keys, surveys, &answer_keys, threads);
    drop((row_keys, answer_keys));
    let mut read = [false; 5];
    for (k, r) in read.iter_mut().enumerate() {
        *r = dims.iter().any(|d| d.index() == k) || (!rules.is_empty() && (k == 1 || k == 3));
    }
    let ctx = Pass {
        cal,
        policies,
        rules: &rules,
        columns: interactions,
        dims: &dims,
        read,
        as_of: as_of_ns,
        as_of_clock: cal.clock_at(as_of_ns),
        business,
        good: &good,
        ids: &ids,
        opts,
    };
    // The rows in one range per thread, merged in order.
    let parts = if cfg!(target_family = "wasm") {
        // One thread in wasm: no code for the parts (the module's size is a target).
        1
    } else {
        threads.clamp(1, 2)
    };
    let ranges: Vec<std::ops::Range<usize>> = (0..parts)
        .map(|k| k * n / parts..(k + 1) * n / parts)
        .collect();
    let mut merged = None;
    let mut take = |p| take_part(&mut merged, p, &ctx);
    let done = parts > 1
        && crate::threads::in_order(&ranges, parts, |r| Ok(ctx.run(r.clone())), &mut take);
    if !done {
        // One thread, or the threads failed: the whole range here.
        merged = Some(ctx.run(0..n));
    }
    let Some(Part {
        mut names,
        combos,
        whole,
        latest,
        after,
        findings: mut repeated,
        answered,
        ..
    }) = merged
    else {
        return Err(Error::InvalidState {
            reason: "the scorecard's pass gave no result".to_string(),
        });
    };
    let (mut total, mut groups) = combos.spread(whole, &dims, opts, threads);
    excluded.interactions_after_as_of = after;
    findings.append(&mut repeated);
    quality.rows_read += n as u64;
    let mut numbers: Vec<u32> = vec![0; ids.answered_rows * dims.len()];
    for (slot, nums) in answered
        .chunks(dims.len() + 1)
        .filter_map(|c| c.split_first())
    {
        let slot = *slot as usize;
        if let Some(out) = numbers.get_mut(slot * dims.len()..(slot + 1) * dims.len()) {
            out.copy_from_slice(nums);
        }
    }
    check_deadlines(cal, &rules, &latest)?;
    // The rejections in row order (the repeats were found after the other checks).
    findings.sort_by_key(|f| f.line);
    for f in findings {
        quality.push(f);
    }

    // The answers: read and checked as the surveys CSV reader does, then one kept per
    // interaction and kind under the re-rating rule, as the report does.
    let mut all = ScoreCounts::default();
    let lowest =
        [SurveyKind::Csat, SurveyKind::Nps, SurveyKind::Ces].map(|k| opts.surveys.scale(k).min);
    if let Some(s) = surveys {
        quality.rows_read += m as u64;
        /// A valid answer (its re-rating key is read again from the columns when needed:
        /// kept here, it made the list five times larger).
        struct Answer {
            index: u32,
            kind: SurveyKind,
            interaction: Option<u32>,
            score: i64,
        }
        let key = |j: usize, score: i64| -> AnswerKey<'_> {
            let at = from_ns(s.responded_at.get(j).copied().unwrap_or(0));
            let has_comment = s.comment.and_then(|c| c.trimmed(j)).is_some();
            let topic = s.topic.and_then(|c| c.trimmed(j));
            (
                at,
                score,
                has_comment,
                topic,
                s.agent.and_then(|c| c.trimmed(j)),
            )
        };
        // Answer `j` with `score` replaces the kept answer `old` (none: it is the first).
        let beats = |j: usize, score: i64, old: Option<&Answer>| {
            old.map_or(true, |o| {
                prefers(
                    opts.surveys.rerating,
                    &key(j, score),
                    &key(o.index as usize, o.score),
                )
            })
        };
        const KINDS: usize = 4;
        /// What a range of the answers gives.
        struct AnswersPart {
            rejected: Vec<Finding>,
            after: u64,
            unknown: Vec<Finding>,
            answers: Vec<Answer>,
            /// By id number and kind: the winning answer's place in `answers` + 1 (0: none;
            /// zeroed memory, whose pages only the numbers met touch).
            winner: Vec<[u32; KINDS]>,
        }
        let read_range = |range: &std::ops::Range<usize>| -> AnswersPart {
            let mut part = AnswersPart {
                rejected: Vec::new(),
                after: 0,
                unknown: Vec::new(),
                // The first half takes the second's answers.
                answers: Vec::with_capacity(if range.start == 0 { m } else { range.len() }),
                winner: vec![[0; KINDS]; m + 1],
            };
            for j in range.clone() {
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
                        part.rejected.push(Finding::rejected(
                            "surveys",
                            line,
                            id_text,
                            Some(column),
                            &e,
                        ));
                        continue;
                    }
                };
                if at > as_of_ns {
                    part.after += 1;
                    continue;
                }
                let number = ids.answer_number.get(j).copied().unwrap_or(0) as usize;
                let interaction = ids.answer_row.get(j).copied().filter(|&r| r != u32::MAX);
                if interaction.is_none() {
                    let id = id_text.unwrap_or("");
                    part.unknown.push(Finding {
                        source: "surveys".to_string(),
                        line: None,
                        id: Some(id.to_string()),
                        column: Some("interaction_id".to_string()),
                        severity: Severity::Suspicious,
                        code: UNKNOWN_INTERACTION.to_string(),
                        message: format!(
                            "no interaction `{id}`: the answer counts in the totals and the trend, in no breakdown"
                        ),
                    });
                }
                if let Some(w) = part
                    .winner
                    .get_mut(number)
                    .and_then(|w| w.get_mut(kind_index(kind)))
                {
                    let old = w.checked_sub(1).and_then(|o| part.answers.get(o as usize));
                    if beats(j, score, old) {
                        *w = part.answers.len() as u32 + 1;
                    }
                }
                part.answers.push(Answer {
                    index: j as u32,
                    kind,
                    interaction,
                    score,
                });
            }
            part
        };
        // The answers in two halves, on up to two threads; the winners merge exactly: the
        // re-rating rule keeps the first of the preferred answers, so the later half's winner
        // replaces the earlier's only when strictly preferred.
        let mut parts = crate::threads::map(&halves(m), threads.min(2), read_range).into_iter();
        let (Some(mut first), Some(second)) = (parts.next(), parts.next()) else {
            return Err(Error::InvalidState {
                reason: "the answers' halves gave no result".to_string(),
            });
        };
        let place = |a: &Answer| {
            let number = ids.answer_number.get(a.index as usize).copied();
            (number.unwrap_or(0) as usize, kind_index(a.kind))
        };
        let base = first.answers.len() as u32;
        for (v, new) in second.answers.iter().enumerate() {
            // Only the later half's winners compete.
            let (number, k) = place(new);
            if second.winner.get(number).and_then(|w| w.get(k)) != Some(&(v as u32 + 1)) {
                continue;
            }
            let Some(w) = first.winner.get_mut(number).and_then(|w| w.get_mut(k)) else {
                continue;
            };
            let old = w.checked_sub(1).and_then(|o| first.answers.get(o as usize));
            if beats(new.index as usize, new.score, old) {
                *w = base + v as u32 + 1;
            }
        }
        // As in the report: the rejections (the reader's), then the answers about unknown
        // interactions (the report's own findings).
        for f in first.rejected.into_iter().chain(second.rejected) {
            quality.push(f);
        }
        for f in first.unknown.into_iter().chain(second.unknown) {
            quality.push(f);
        }
        excluded.surveys_after_as_of += first.after + second.after;
        let mut answers = first.answers;
        answers.extend(second.answers);
        let kept = |slot: usize, a: &Answer| {
            let (number, k) = place(a);
            let w = first.winner.get(number).and_then(|w| w.get(k));
            w == Some(&(slot as u32 + 1))
        };
        // The slot of an answer's interaction among the answered rows (CSI answers, in no
        // figure here as in the report, and answers about unknown interactions: none).
        let row_slot = |a: &Answer| -> Option<usize> {
            let slot = ids.answer_slot.get(a.index as usize).copied();
            let slot = slot.filter(|&x| x != u32::MAX && a.interaction.is_some());
            slot.filter(|_| a.kind != SurveyKind::Csi)
                .map(|x| x as usize)
        };
        // An answer's own agent wins over the interaction's: numbered here (the halves below
        // only read the numbers).
        let mut own: Vec<u32> = Vec::new();
        if let (true, Some(c)) = (dims.contains(&Dim::Agent), s.agent) {
            own = answers
                .iter()
                .map(|a| match (row_slot(a), c.trimmed(a.index as usize)) {
                    (Some(_), Some(v)) => names.number(0, Some(v)),
                    _ => 0,
                })
                .collect();
        }
        /// What a range of the answers adds: to the total, and to each breakdown's groups.
        struct Counted {
            all: ScoreCounts,
            groups: Vec<Vec<ScoreCounts>>,
        }
        let count = |range: &std::ops::Range<usize>| -> Counted {
            let mut out = Counted {
                all: ScoreCounts::default(),
                groups: vec![Vec::new(); dims.len()],
            };
            for slot in range.clone() {
                let Some(a) = answers.get(slot) else { continue };
                if a.kind == SurveyKind::Csi {
                    // As in the report: CSI needs attribute ratings, and is in no figure here.
                    continue;
                }
                let is_kept = kept(slot, a);
                let add = |c: &mut ScoreCounts| {
                    c.seen += 1;
                    if is_kept {
                        c.push(&lowest, a.kind, a.score);
                    }
                };
                add(&mut out.all);
                let Some(row) = row_slot(a) else { continue };
                let own = own.get(slot).copied().unwrap_or(0);
                for (k, (g, d)) in out.groups.iter_mut().zip(&dims).enumerate() {
                    let x = match (d, own) {
                        (Dim::Agent, n) if n != 0 => n,
                        _ => numbers.get(row * dims.len() + k).copied().unwrap_or(0),
                    } as usize;
                    if x >= g.len() {
                        g.resize_with(x + 1, ScoreCounts::default);
                    }
                    if let Some(c) = g.get_mut(x) {
                        add(c);
                    }
                }
            }
            out
        };
        for part in crate::threads::map(&halves(answers.len()), threads.min(2), count) {
            all.merge(&part.all);
            for (g, counts) in groups.iter_mut().zip(&part.groups) {
                for (x, c) in counts.iter().enumerate().filter(|(_, c)| c.seen > 0) {
                    if let Some(mine) = g.surveys(x) {
                        mine.merge(c);
                    }
                }
            }
        }
    }

    let breakdowns = groups
        .into_iter()
        .zip(&dims)
        .zip(&opts.by)
        .map(|((mut g, d), dimension)| -> Result<KpiBreakdown> {
            let mut rows = Vec::new();
            let none = ScoreCounts::default();
            for n in 0..g.tickets.len().max(g.surveys.len()) {
                let tickets = g.tickets.get_mut(n).and_then(Option::as_mut);
                let surveys = g.surveys.get(n).unwrap_or(&none).tally(&lowest);
                if tickets.is_none() && surveys.1 == 0 {
                    continue;
                }
                rows.push(KpiRow {
                    key: names.key(d.index(), n).map(str::to_string),
                    tickets: tickets.map(|t| t.finish(opts)).transpose()?,
                    surveys: (surveys.1 > 0)
                        .then(|| survey_figures(&surveys, opts))
                        .transpose()?,
                });
            }
            rows.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(KpiBreakdown {
                dimension: dimension.clone(),
                rows,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(KpiScorecard {
        as_of,
        time: opts.tickets.time,
        tickets: total.finish(opts)?,
        surveys: survey_figures(&all.tally(&lowest), opts)?,
        breakdowns,
        excluded,
        data_quality: quality,
    })
}

/// A good row's values (its id apart: the rows' pass reads an id only for a finding).
struct Row {
    channel: Channel,
    created: i64,
    first_response: Option<i64>,
    resolved: Option<i64>,
}

impl Row {
    /// Row `i` and its id, checked as the summary CSV reader checks them; the error names its
    /// column. `channels`: [`channel_keys`].
    fn read<'a>(
        c: &InteractionColumns<'a>,
        i: usize,
        channels: &[Option<Short>; 7],
    ) -> std::result::Result<(&'a str, Row), (&'static str, Error)> {
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
        // A name's key matches exactly its own text; any other text is read as text (and
        // rejected with the reader's error).
        let key = c.channel.short(i);
        let known = key.and_then(|k| channels.iter().position(|n| *n == Some(k)));
        let channel = match known.and_then(|k| Channel::ALL.get(k)) {
            Some(&channel) => channel,
            None => {
                Channel::from_str(c.channel.get(i).unwrap_or("")).map_err(|e| ("channel", e))?
            }
        };
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
        Ok((
            id,
            Row {
                channel,
                created,
                first_response,
                resolved,
            },
        ))
    }

    /// Row `i` of a row [`read`](Self::read) accepted with `channel`, without checking it
    /// again.
    fn checked(c: &InteractionColumns<'_>, i: usize, channel: Channel) -> Row {
        let at = |col: Option<&[i64]>| {
            col.and_then(|c| c.get(i))
                .copied()
                .filter(|&t| t != MISSING)
        };
        Row {
            channel,
            created: c.created_at.get(i).copied().unwrap_or(0),
            first_response: at(c.first_response_at),
            resolved: at(c.resolved_at),
        }
    }

    /// What the row adds to its tallies as of `as_of` (events after it are ignored), under
    /// `policy`; `placed(k, created)` is told of each business target `k` (0 first reply,
    /// 1 resolution) whose deadline the report places; `exact`: the quantiles are exact (whole
    /// seconds are kept apart, [`Durations`]).
    fn figures(
        &self,
        cal: &BusinessCalendar,
        business: bool,
        exact: bool,
        as_of: (i64, ClockAt),
        policy: Option<&Policy>,
        mut placed: impl FnMut(usize, i64),
    ) -> RowFigures {
        let (as_of, as_of_clock) = as_of;
        let reply = self.first_response.filter(|&t| t <= as_of);
        let solved = self.resolved.filter(|&t| t <= as_of);
        // Business time from the creation to the reply, the resolution and `as_of`, each
        // looked up once (the creation's place on the clock too).
        let wants_business = business || policy.is_some_and(|p| p.business);
        let start = wants_business.then(|| cal.clock_at(self.created));
        let business_to = |to: Option<i64>| -> Option<i64> {
            Some(cal.between_clocks(start?, cal.clock_at(to?)))
        };
        let (b_reply, b_solved) = (business_to(reply), business_to(solved));
        let b_as_of = start.map(|s| cal.between_clocks(s, as_of_clock));
        // Elapsed time to `to`, one of the reply, the resolution and `as_of`.
        let elapsed = |business: bool, to: i64| -> i64 {
            if !business {
                return to - self.created;
            }
            let known = if Some(to) == reply {
                b_reply
            } else if Some(to) == solved {
                b_solved
            } else {
                b_as_of
            };
            known.unwrap_or_else(|| cal.between_ns(self.created, to))
        };
        let sample = |to: Option<i64>| Sample::of_nanos(to.map(|t| elapsed(business, t)), exact);
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
            first_response: sample(reply),
            full_resolution: sample(solved),
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
        let targets = [
            target(SlaMetric::FirstReply)?,
            target(SlaMetric::Resolution)?,
        ];
        Ok(Policy {
            business: targets.iter().flatten().any(|t| t.business),
            targets,
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

/// Answer `j`'s kind, score and instant (ns, in the supported range), read as the surveys CSV
/// reader reads them.
fn read_answer(
    s: &SurveyColumns<'_>,
    j: usize,
) -> std::result::Result<(SurveyKind, f64, i64), (&'static str, Error)> {
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
    Ok((kind, score, at))
}

/// Whether `t` (ns) falls in a second of the supported range: compared in nanoseconds (the
/// range's bounds fit in i64), without dividing each instant by a second.
fn in_range(t: i64) -> bool {
    const NS: i64 = 1_000_000_000;
    (MIN_INSTANT_SECONDS * NS..=MAX_INSTANT_SECONDS * NS + (NS - 1)).contains(&t)
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::demo::{demo, DemoOptions};
    use crate::interaction::write_summary_csv;
    use crate::survey::write_surveys_csv;

    /// Score counts give the tally of pushing the same answers one by one, near and far
    /// from a scale's lowest point.
    #[test]
    fn score_counts_are_a_tally() {
        let lowest = [1, 0, -3];
        let mut c = ScoreCounts::default();
        let mut t = SurveyTally::default();
        let answers = [
            (SurveyKind::Csat, 5),
            (SurveyKind::Csat, 1),
            (SurveyKind::Nps, 10),
            (SurveyKind::Ces, -3),
            (SurveyKind::Ces, 9_000),
            (SurveyKind::Csat, 5),
            (SurveyKind::Csi, 4),
            (SurveyKind::Csat, 0),
        ];
        let mut halves = [ScoreCounts::default(), ScoreCounts::default()];
        for (i, (k, x)) in answers.into_iter().enumerate() {
            c.push(&lowest, k, x);
            t.push(k, x);
            halves[i % 2].push(&lowest, k, x);
            halves[i % 2].seen += 1;
        }
        c.seen = 8;
        assert_eq!(c.tally(&lowest), (t.clone(), 8));
        // Merged halves count as the whole.
        let [mut a, b] = halves;
        a.merge(&b);
        assert_eq!(a.tally(&lowest), (t, 8));
    }

    /// Durations kept as whole seconds apart summarise as the accumulator of the same
    /// durations in seconds (`nanos_to_secs`, as the report takes them): whole only (few, and
    /// enough for the radix sort), mixed with fractions, negative ones, values at and past
    /// u32's seconds, exclusions; merged from parts; and in sketch mode.
    #[test]
    fn durations_are_the_accumulators() {
        use crate::metrics::QuantileMode;
        const S: i64 = 1_000_000_000;
        let odd = [
            Some(3 * S),
            Some(S / 2),
            None,
            Some(-1),
            Some(i64::from(u32::MAX) * S),
            Some((i64::from(u32::MAX) + 1) * S),
            Some(4_500_000_000 * S),
            Some(7 * S),
            Some(-S),
            Some(i64::MAX),
            Some(i64::MIN),
            Some(0),
            Some(1),
        ];
        let many: Vec<Option<i64>> = (0..9000u32)
            .map(|k| Some(i64::from(k.wrapping_mul(2_654_435_761) % 100_003) * S))
            .collect();
        for mode in [QuantileMode::Exact, QuantileMode::Sketch] {
            for values in [&odd[..], &many[..], &many[..50]] {
                for mixed in [false, true] {
                    let mut parts = [Durations::new(mode), Durations::new(mode)];
                    let mut acc = DurationAccumulator::new(mode);
                    for (k, &v) in values.iter().enumerate() {
                        let v = if mixed && k % 7 == 0 {
                            v.map(|x| x.saturating_add(S / 4))
                        } else {
                            v
                        };
                        acc.push(v.map(nanos_to_secs));
                        let exact = mode == QuantileMode::Exact;
                        parts[k % 2].push(Sample::of_nanos(v, exact));
                    }
                    let [mut a, b] = parts;
                    a.merge(&b);
                    assert_eq!(
                        a.finish(),
                        acc.finish(),
                        "{mode:?} {} {mixed}",
                        values.len()
                    );
                }
            }
        }
    }

    /// A column's numbers by [`Short`] keys are its numbers by text: texts of 1 to 16 bytes
    /// (NUL bytes and equal prefixes included), longer ones, blanks, and rows near the end of
    /// the text, where no 16 bytes follow.
    #[test]
    fn short_keys_number_as_texts() {
        let cells = [
            "a",
            "a\0",
            "",
            "agent_017",
            "0123456789abcdef",
            "0123456789abcdefg",
            "a",
            "é",
            "agent_017",
            "a\0",
            "0123456789abcdef",
            "zz",
            "a",
            "0123456789abcdefg",
            "é",
            "zz",
        ];
        let mut cells: Vec<&str> = cells.to_vec();
        for k in 0..200 {
            cells.push(["x", "yy", "a", "0123456789abcdef"][k % 4]);
        }
        let owned = TextColumns::from_cells(&cells);
        let column = owned.column();
        let fresh = || Names {
            tables: [
                Some((Interner::with_capacity(4), vec![None])),
                None,
                None,
                None,
            ],
            short: Default::default(),
        };
        let (mut by_key, mut by_text) = (fresh(), fresh());
        for i in 0..cells.len() {
            let n = by_key.number_at(0, Some(column), i);
            assert_eq!(n, by_text.number(0, column.get(i)), "row {i}");
            assert_eq!(by_key.key(0, n as usize), column.get(i), "row {i}");
        }
        assert!(by_key.short[0].used >= 6);
        // A grown table keeps every key.
        let mut t = ShortNumbers::default();
        for n in 1..500u32 {
            t.insert(
                Short {
                    bytes: u128::from(n) << 8,
                    len: 2,
                },
                n,
            );
        }
        for n in 1..500u32 {
            assert_eq!(
                t.get(&Short {
                    bytes: u128::from(n) << 8,
                    len: 2
                }),
                Some(n)
            );
        }
        assert_eq!(
            t.get(&Short {
                bytes: 1 << 8,
                len: 3
            }),
            None
        );
    }

    /// Offsets are accepted exactly when they start at 0 or more, never decrease, end within
    /// the text and fall on character boundaries: ASCII text (every byte a boundary) and other
    /// text alike.
    #[test]
    fn text_column_offsets_are_checked() {
        let ok = |o: &[i64], d: &str| TextColumn::new(o, d).is_ok();
        assert!(ok(&[0], ""));
        assert!(ok(&[0, 1, 1, 3], "abc"));
        assert!(ok(&[1, 2], "abc"));
        assert!(ok(&[0, 2, 3], "éa"));
        assert!(!ok(&[], "abc"));
        assert!(!ok(&[-1, 2], "abc"));
        assert!(!ok(&[0, 2, 1], "abc"));
        assert!(!ok(&[0, 4], "abc"));
        assert!(!ok(&[0, 1, 3], "éa"), "inside a character");
        assert!(!ok(&[0, 5], "éa"));
        assert!(!ok(&[0, i64::MAX], "abc"));
        let c = TextColumn::new(&[0, 2, 3], "éa").unwrap();
        assert_eq!((c.get(0), c.get(1), c.get(2)), (Some("é"), Some("a"), None));
    }

    /// A column in pieces reads every row as the whole column does (its text, its short key
    /// where 16 bytes follow in its piece, else none) and nothing past its end: pieces empty,
    /// of one row, and longer than the table's blocks.
    #[test]
    fn texts_in_pieces_are_the_column() {
        let cells: Vec<String> = (0..5000)
            .map(|i| match i % 7 {
                0 => String::new(),
                1 => "é".repeat(i % 13),
                2 => format!("agent_{i}"),
                3 => "0123456789abcdef0".to_string(),
                _ => format!("{}", i * 7919),
            })
            .collect();
        let whole = TextColumns::from_cells(&cells);
        let w = whole.column();
        for sizes in [
            vec![5000],
            vec![0, 1, 1023, 0, 2, 2500, 1474],
            vec![1; 5000],
        ] {
            let one_row_pieces = sizes.iter().all(|&s| s == 1);
            let mut pieces = Vec::new();
            let mut at = 0;
            for size in sizes {
                let mut p = TextColumns::default();
                for j in at..at + size {
                    p.push(w.get(j));
                }
                pieces.push(p);
                at += size;
            }
            let chunks = TextChunks::new(pieces.iter().map(TextColumns::column).collect());
            let c = chunks.column();
            assert_eq!(c.len(), w.len());
            let mut keyed = 0;
            for i in 0..=cells.len() {
                assert_eq!(c.get(i), w.get(i), "row {i}");
                assert_eq!(c.raw(i), w.raw(i), "row {i}");
                if let Some(k) = c.short(i) {
                    assert_eq!(Some(k), w.short(i), "row {i}");
                    keyed += 1;
                }
            }
            // Most rows (those of 1 to 16 bytes inside their pieces) are keyed; a one-row
            // piece's text is shorter than the key's 16-byte load, so none of those.
            assert!(one_row_pieces || keyed > c.len() / 2, "{keyed} keyed");
        }
        assert_eq!(TextChunks::new(Vec::new()).column().get(0), None);
        assert!(TextChunks::new(Vec::new()).column().is_empty());
    }

    /// A row's channel read by its key is the channel `Channel::from_str` reads, and a text
    /// that names none is rejected with its error: names, near misses (case, spaces, a prefix,
    /// a longer text, a NUL byte), blank, and names at the end of the text, where no 16 bytes
    /// follow and the text is read as text.
    #[test]
    fn channels_read_by_key_as_by_text() {
        let mut cells: Vec<String> = Channel::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .collect();
        for near in [
            "Email",
            " chat",
            "phone ",
            "socia",
            "messengers",
            "web_form\0",
            "",
            "other_other_other",
            "e",
            "chat\u{e9}",
        ] {
            cells.push(near.to_string());
        }
        cells.extend(Channel::ALL.iter().map(|c| c.as_str().to_string()));
        let n = cells.len();
        let texts = TextColumns::from_cells(&cells);
        let ids = TextColumns::from_cells((0..n).map(|i| format!("T{i}")));
        let created = vec![0i64; n];
        let c = InteractionColumns::new(ids.column(), texts.column(), &created);
        let channels = channel_keys();
        let mut by_key = 0;
        for (i, cell) in cells.iter().enumerate() {
            let expected = Channel::from_str(cell).map_err(|e| e.to_string());
            let got = Row::read(&c, i, &channels)
                .map(|(_, r)| r.channel)
                .map_err(|(column, e)| {
                    assert_eq!(column, "channel", "row {i}");
                    e.to_string()
                });
            assert_eq!(got, expected, "row {i}: {cell:?}");
            by_key += usize::from(texts.column().short(i).is_some() && got.is_ok());
        }
        // The names before the near misses were read by key (16 bytes follow them).
        assert!(by_key >= Channel::ALL.len(), "{by_key}");
    }

    /// The supported range checked in nanoseconds is the range of seconds: its bounds and
    /// one nanosecond past them, both ends of i64.
    #[test]
    fn instants_in_range_by_nanoseconds() {
        const NS: i64 = 1_000_000_000;
        let by_seconds =
            |t: i64| (MIN_INSTANT_SECONDS..=MAX_INSTANT_SECONDS).contains(&t.div_euclid(NS));
        for t in [
            i64::MIN,
            MIN_INSTANT_SECONDS * NS - 1,
            MIN_INSTANT_SECONDS * NS,
            MIN_INSTANT_SECONDS * NS + 1,
            -1,
            0,
            MAX_INSTANT_SECONDS * NS,
            MAX_INSTANT_SECONDS * NS + NS - 1,
            MAX_INSTANT_SECONDS * NS + NS,
            i64::MAX,
        ] {
            assert_eq!(in_range(t), by_seconds(t), "{t}");
        }
        assert!(!in_range(MAX_INSTANT_SECONDS * NS + NS));
        assert!(in_range(MAX_INSTANT_SECONDS * NS + NS - 1));
    }

    /// The WebAssembly module's path (the report, projected) gives the columns' engine's
    /// scorecard, data quality included, for texts and for objects, faults and all.
    #[test]
    fn the_reports_path_is_the_engines() {
        let d = demo(&DemoOptions {
            interactions: 1500,
            seed: 4,
        })
        .unwrap();
        let cal = BusinessCalendar::from_json(&d.calendar).unwrap();
        let pol = SlaPolicies::from_json(&d.policies).unwrap();
        let mut rows = d.interactions.clone();
        rows[6].id = rows[1].id.clone();
        rows[8].first_response_at = Some(rows[8].created_at - chrono::Duration::minutes(5));
        rows[9].created_at = d.as_of + chrono::Duration::days(1);
        rows[10].agent = None;
        let mut answers = d.surveys.clone();
        answers[2].score = 11.0;
        answers[3].interaction_id = "nope".into();
        answers[4].agent = Some("someone".into());
        answers[5].interaction_id = rows[9].id.clone();
        let mut opts = ReportOptions::default();
        opts.tickets.measures.as_of = Some(d.as_of);
        opts.by = vec![Dimension::Agent, Dimension::Channel, Dimension::Topic];
        let (it, sv) = (write_summary_csv(&rows), write_surveys_csv(&answers));
        let forms = [
            (InteractionInput::Csv(&it), AnswerInput::Csv(&sv)),
            (
                InteractionInput::Rows(&rows),
                AnswerInput::Responses(&answers),
            ),
        ];
        for (i, a) in forms {
            let engine = scorecard_of(&cal, Some(&pol), i, Some(a), &opts, 2).unwrap();
            let report = by_report(&cal, Some(&pol), i, Some(a), &opts).unwrap();
            assert_eq!(report.tickets, engine.tickets);
            assert_eq!(report.breakdowns, engine.breakdowns);
            assert_eq!(report.data_quality, engine.data_quality);
            assert_eq!(report, engine);
            assert!(engine.data_quality.rows_rejected >= 3);
        }
        // The same refusals.
        let mut o = opts.clone();
        o.tickets.measures.as_of = None;
        let (i, a) = (InteractionInput::Csv(&it), Some(AnswerInput::Csv(&sv)));
        let code = |r: Result<KpiScorecard>| r.unwrap_err().code();
        assert_eq!(
            code(by_report(&cal, None, i, a, &o)),
            code(scorecard_of(&cal, None, i, a, &o, 1))
        );
    }
}
