//! The flat summary row: one interaction per line, as help-desk and telephony exports give it.
//!
//! Columns (a header line names them; order is free; `id`, `channel` and `created_at` are
//! required, the others optional; any other column becomes a custom attribute):
//!
//! `id,channel,agent,group,topic,priority,customer_id,created_at,first_response_at,resolved_at,agent_replies,reopens,escalated,wait_seconds,handle_seconds,hold_seconds,abandoned`
//!
//! Timestamps are RFC 3339 with an offset; an empty field is null. Counts are whole numbers
//! `>= 0`; seconds are finite numbers `>= 0`; flags are `true`/`false` (also `1`/`0`,
//! `yes`/`no`, any case).
//!
//! A row becomes an [`Interaction`] whose timeline holds what the row knows as events: an
//! `agent_reply` by `agent` at `first_response_at` and a `status_change` to `solved` at
//! `resolved_at`. The counts and seconds go to [`Reported`](super::Reported) and take
//! precedence over the timeline in the measures.
//!
//! ```
//! use support_metrics::interaction::{read_summary_csv, ReadOptions};
//! let csv = "id,channel,agent,created_at,first_response_at,resolved_at,agent_replies\n\
//!            1,email,ana,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,2026-03-02T11:00:00Z,1\n\
//!            2,fax,ana,2026-03-02T09:00:00Z,,,\n\
//!            3,chat,bo,2026-03-02T09:00:00,,,\n";
//! let batch = read_summary_csv(csv, &ReadOptions::default())?;
//! assert_eq!(batch.interactions.len(), 1);
//! let codes: Vec<_> = batch.quality.findings.iter().map(|f| (f.line, f.code.as_str())).collect();
//! assert_eq!(codes, [(Some(3), "unknown_channel"), (Some(4), "invalid_timestamp")]);
//! // Strict: the first bad row is the error.
//! let err = read_summary_csv(csv, &ReadOptions::default().strict(true)).unwrap_err();
//! assert_eq!(err.code(), "unknown_channel");
//! # Ok::<(), support_metrics::Error>(())
//! ```

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    parse_instant, rfc3339, Channel, Event, EventKind, Interaction, Party, Reported, Status,
};
use crate::csv::{CsvReader, Header, Record};
use crate::error::{Error, Result};
use crate::hash::SeenIds;
use crate::quality::{DataQuality, Finding};

/// The columns a summary CSV must have; the others are optional.
pub const REQUIRED_COLUMNS: [&str; 3] = ["id", "channel", "created_at"];

/// The standard columns, in their documented order.
pub const COLUMNS: [&str; 17] = [
    "id",
    "channel",
    "agent",
    "group",
    "topic",
    "priority",
    "customer_id",
    "created_at",
    "first_response_at",
    "resolved_at",
    "agent_replies",
    "reopens",
    "escalated",
    "wait_seconds",
    "handle_seconds",
    "hold_seconds",
    "abandoned",
];

/// One summary row in its serde form (the JSON Lines form uses the same field names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryRow {
    /// Unique within a batch.
    pub id: String,
    /// Where it came in.
    pub channel: Channel,
    /// The agent it is attributed to.
    #[serde(default)]
    pub agent: Option<String>,
    /// The team or queue.
    #[serde(default)]
    pub group: Option<String>,
    /// The subject category.
    #[serde(default)]
    pub topic: Option<String>,
    /// The priority.
    #[serde(default)]
    pub priority: Option<String>,
    /// The customer.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Creation.
    pub created_at: DateTime<Utc>,
    /// The first public agent reply.
    #[serde(default)]
    pub first_response_at: Option<DateTime<Utc>>,
    /// The (final) resolution.
    #[serde(default)]
    pub resolved_at: Option<DateTime<Utc>>,
    /// Public agent replies.
    #[serde(default)]
    pub agent_replies: Option<u32>,
    /// Reopens.
    #[serde(default)]
    pub reopens: Option<u32>,
    /// Escalated at least once.
    #[serde(default)]
    pub escalated: Option<bool>,
    /// The customer's wait, calendar seconds.
    #[serde(default)]
    pub wait_seconds: Option<f64>,
    /// Agent handling time, calendar seconds.
    #[serde(default)]
    pub handle_seconds: Option<f64>,
    /// Hold time, calendar seconds.
    #[serde(default)]
    pub hold_seconds: Option<f64>,
    /// The customer left before being served.
    #[serde(default)]
    pub abandoned: Option<bool>,
    /// Custom attributes (in CSV: every non-standard column with a non-empty value).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

impl SummaryRow {
    /// The interaction this row describes, validated: a response or resolution before
    /// creation is `event_before_creation`, a negative or non-finite duration
    /// `invalid_duration`.
    pub fn to_interaction(&self) -> Result<Interaction> {
        self.clone().into_interaction()
    }

    /// [`to_interaction`](Self::to_interaction), moving the row's strings into the
    /// interaction instead of copying them (the readers' path: a million rows, a million
    /// fewer copies of each field).
    pub fn into_interaction(self) -> Result<Interaction> {
        let mut it = Interaction::new(String::new(), self.channel, self.created_at);
        let attributes = self
            .attributes
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        RowView::of(&self).fill(attributes, &mut it)?;
        Ok(it)
    }
}

/// A summary row's values borrowed from where they were read (a CSV record or a
/// [`SummaryRow`]), so that one function builds the interaction of either, into a new
/// interaction or into one reused from row to row (a [`SummaryTable`](super::SummaryTable)).
pub(crate) struct RowView<'r> {
    id: &'r str,
    channel: Channel,
    agent: Option<&'r str>,
    group: Option<&'r str>,
    topic: Option<&'r str>,
    priority: Option<&'r str>,
    customer_id: Option<&'r str>,
    created_at: DateTime<Utc>,
    first_response_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    reported: Reported,
}

/// A row's values other than its texts, as read and checked: what a
/// [`SummaryTable`](super::SummaryTable) keeps to build the row again without reading its
/// record a second time.
#[derive(Debug, Clone)]
pub(crate) struct RowValues {
    pub(crate) channel: Channel,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) first_response_at: Option<DateTime<Utc>>,
    pub(crate) resolved_at: Option<DateTime<Utc>>,
    reported: Reported,
}

/// A row's texts, for [`RowView::of_values`].
pub(crate) struct RowTexts<'r> {
    pub(crate) id: &'r str,
    pub(crate) agent: Option<&'r str>,
    pub(crate) group: Option<&'r str>,
    pub(crate) topic: Option<&'r str>,
    pub(crate) priority: Option<&'r str>,
    pub(crate) customer_id: Option<&'r str>,
}

impl<'r> RowView<'r> {
    /// The texts of this row.
    pub(crate) fn texts(&self) -> RowTexts<'r> {
        RowTexts {
            id: self.id,
            agent: self.agent,
            group: self.group,
            topic: self.topic,
            priority: self.priority,
            customer_id: self.customer_id,
        }
    }

    /// The values of this row other than its texts.
    pub(crate) fn values(&self) -> RowValues {
        RowValues {
            channel: self.channel,
            created_at: self.created_at,
            first_response_at: self.first_response_at,
            resolved_at: self.resolved_at,
            reported: self.reported.clone(),
        }
    }

    /// The row of some texts and values (those [`texts`](Self::texts) and
    /// [`values`](Self::values) gave).
    pub(crate) fn of_values(t: RowTexts<'r>, v: &RowValues) -> RowView<'r> {
        RowView {
            id: t.id,
            channel: v.channel,
            agent: t.agent,
            group: t.group,
            topic: t.topic,
            priority: t.priority,
            customer_id: t.customer_id,
            created_at: v.created_at,
            first_response_at: v.first_response_at,
            resolved_at: v.resolved_at,
            reported: v.reported.clone(),
        }
    }

    fn of(row: &'r SummaryRow) -> RowView<'r> {
        RowView {
            id: &row.id,
            channel: row.channel,
            agent: row.agent.as_deref(),
            group: row.group.as_deref(),
            topic: row.topic.as_deref(),
            priority: row.priority.as_deref(),
            customer_id: row.customer_id.as_deref(),
            created_at: row.created_at,
            first_response_at: row.first_response_at,
            resolved_at: row.resolved_at,
            reported: Reported {
                agent_replies: row.agent_replies,
                reopens: row.reopens,
                escalated: row.escalated,
                wait_seconds: row.wait_seconds,
                handle_seconds: row.handle_seconds,
                hold_seconds: row.hold_seconds,
                abandoned: row.abandoned,
            },
        }
    }

    /// Makes `it` the interaction of this row, validated: a response or resolution before
    /// creation is `event_before_creation`, a negative or non-finite duration
    /// `invalid_duration`. `it`'s texts and events are overwritten in place, so a reused
    /// interaction costs no allocation per row.
    pub(crate) fn fill<'a>(
        &self,
        attributes: impl Iterator<Item = (&'a str, &'a str)>,
        it: &mut Interaction,
    ) -> Result<()> {
        self.check()?;
        self.build(attributes, it);
        it.validate()
    }

    /// The errors of [`fill`](Self::fill), without building the interaction: a row's events
    /// are built in time order (a reply, then the resolution) from a status that allows
    /// them, so its interaction is valid exactly when its instants follow its creation and
    /// its durations are finite and not negative. (A table checks its rows so; `fill` still
    /// validates what it builds.)
    pub(crate) fn check(&self) -> Result<()> {
        for (what, t) in [
            ("first_response_at", self.first_response_at),
            ("resolved_at", self.resolved_at),
        ] {
            if let Some(t) = t {
                if t < self.created_at {
                    return Err(Error::EventBeforeCreation {
                        id: self.id.to_string(),
                        what: what.to_string(),
                        at: rfc3339(t),
                        created_at: rfc3339(self.created_at),
                    });
                }
            }
        }
        let r = &self.reported;
        for (name, v) in [
            ("wait_seconds", r.wait_seconds),
            ("handle_seconds", r.handle_seconds),
            ("hold_seconds", r.hold_seconds),
        ] {
            if let Some(x) = v.filter(|x| !(x.is_finite() && *x >= 0.0)) {
                return Err(Error::InvalidDuration {
                    value: format!("{name} = {x}"),
                });
            }
        }
        Ok(())
    }

    /// [`fill`](Self::fill) for values [`check`](Self::check) passed when they were read (a
    /// table's rows): not checked again on the report's path (debug builds still validate).
    pub(crate) fn fill_checked<'a>(
        &self,
        attributes: impl Iterator<Item = (&'a str, &'a str)>,
        it: &mut Interaction,
    ) {
        self.build(attributes, it);
        debug_assert!(
            it.validate().is_ok(),
            "a checked row builds a valid interaction"
        );
    }

    /// Makes `it` this row's interaction (checked or not).
    fn build<'a>(
        &self,
        attributes: impl Iterator<Item = (&'a str, &'a str)>,
        it: &mut Interaction,
    ) {
        set_text(&mut it.id, self.id);
        it.channel = self.channel;
        it.created_at = self.created_at;
        it.opened_by = Party::Customer;
        set_opt(&mut it.assignee, self.agent);
        set_opt(&mut it.group, self.group);
        set_opt(&mut it.topic, self.topic);
        set_opt(&mut it.priority, self.priority);
        set_opt(&mut it.customer_id, self.customer_id);
        it.tags.clear();
        it.attributes.clear();
        for (k, v) in attributes {
            it.attributes.insert(k.to_string(), v.to_string());
        }
        // The row's events: a reply by the agent, then the resolution (in time order: a
        // reply recorded after the resolution comes second; equal instants keep this order).
        let reply = self
            .first_response_at
            .map(|t| (t, EventKind::AgentReply, self.agent));
        let solved = self.resolved_at.map(|t| {
            let kind = EventKind::StatusChange {
                status: Status::Solved,
            };
            (t, kind, None)
        });
        let mut events = [reply, solved];
        if let [Some(r), Some(s)] = &events {
            if s.0 < r.0 {
                events.swap(0, 1);
            }
        }
        let n = events.iter().flatten().count();
        it.events.truncate(n);
        if it.events.capacity() == 0 {
            // Exactly the room the row's events need (a growing Vec would reserve four).
            it.events.reserve_exact(n);
        }
        for (k, (at, kind, actor)) in events.into_iter().flatten().enumerate() {
            match it.events.get_mut(k) {
                Some(e) => {
                    e.at = at;
                    e.kind = kind;
                    set_opt(&mut e.actor, actor);
                }
                None => it.events.push(Event {
                    at,
                    actor: actor.map(str::to_string),
                    kind,
                }),
            }
        }
        it.reported = Some(self.reported.clone());
    }
}

/// `*s = v`, reusing `s`'s buffer.
fn set_text(s: &mut String, v: &str) {
    if s.capacity() == 0 {
        *s = v.to_string();
    } else {
        s.clear();
        s.push_str(v);
    }
}

/// `*s = v`, reusing `s`'s buffer when both are texts.
fn set_opt(s: &mut Option<String>, v: Option<&str>) {
    match (s.as_mut(), v) {
        (Some(s), Some(v)) => set_text(s, v),
        (_, v) => *s = v.map(str::to_string),
    }
}

/// Options for reading summary rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Fail on the first bad row instead of counting it as a finding. Default `false`.
    pub strict: bool,
}

impl ReadOptions {
    /// Sets [`strict`](Self::strict).
    #[must_use]
    pub fn strict(mut self, yes: bool) -> Self {
        self.strict = yes;
        self
    }
}

/// The interactions read from summary rows, with the data-quality report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SummaryBatch {
    /// The good rows, in input order.
    pub interactions: Vec<Interaction>,
    /// Rows read, rows rejected, and a finding (line, column, reason) per rejection.
    pub quality: DataQuality,
}

pub(crate) const SOURCE: &str = "interactions";

/// Reads summary rows from CSV text (see the [module docs](self)). A row with a bad value is
/// a `rejected` finding naming its line, column and reason, and is left out; a row whose id
/// was already seen is rejected as `duplicate_id`. CSV syntax errors (an unterminated quote)
/// and a header without `id`, `channel` or `created_at` are errors, since no row can be
/// trusted after them. With [`ReadOptions::strict`] the first bad row is the error.
pub fn read_summary_csv(text: &str, opts: &ReadOptions) -> Result<SummaryBatch> {
    let mut reader = CsvReader::new(text);
    let mut rec = Record::default();
    if !reader.read(&mut rec)? {
        return Ok(SummaryBatch::default());
    }
    let header = Header::new(&rec)?;
    // One row per line is the common case: reserve for it rather than regrow a million times.
    let lines = text.bytes().filter(|&b| b == b'\n').count();
    Ok(read_rows(&mut reader, &header, lines, opts)?.0)
}

/// A part of a summary CSV read on its own ([`read_summary_csv_part`]), to be merged.
#[derive(Debug, Default)]
pub struct SummaryPart {
    /// The part's good rows and findings.
    pub batch: SummaryBatch,
    /// The line of each good row, for findings about ids repeated across parts.
    pub lines: Vec<u64>,
    /// The part's ids, so that the merge adds to them rather than starting over.
    seen: SeenIds,
}

/// Reads one part of a summary CSV ([`csv::parts`](crate::csv::parts)): exactly what
/// [`read_summary_csv`] reads from those lines, except that an id repeated from an earlier
/// part is only found by [`merge_summary_parts`]. Lenient reads only (strict reads stop at the
/// first bad row of the whole file: read those whole).
pub fn read_summary_csv_part(text: &str, part: &crate::csv::Part) -> Result<SummaryPart> {
    let mut head = CsvReader::new(text);
    let mut rec = Record::default();
    if !head.read(&mut rec)? {
        return Ok(SummaryPart::default());
    }
    let header = Header::new(&rec)?;
    let mut reader = CsvReader::part(text, part);
    // The first part reserves room for every row of the file, so that the merge appends the
    // others to it instead of moving a million rows into a larger buffer.
    let span = if part.start == head.offset(text) {
        text
    } else {
        text.get(part.start..part.end).unwrap_or_default()
    };
    let lines = span.bytes().filter(|&b| b == b'\n').count();
    let (batch, lines, seen) = read_rows(&mut reader, &header, lines, &ReadOptions::default())?;
    Ok(SummaryPart { batch, lines, seen })
}

/// Merges the parts of one file, in file order, into what [`read_summary_csv`] reads from the
/// whole: a row whose id an earlier part already has is rejected as `duplicate_id`, and the
/// findings are in line order.
///
/// ```
/// use support_metrics::csv::parts;
/// use support_metrics::interaction::{merge_summary_parts, read_summary_csv, read_summary_csv_part, ReadOptions};
/// let text = "id,channel,created_at\n1,chat,2026-03-02T09:00:00Z\n2,fax,2026-03-02T09:00:00Z\n\
///             1,chat,2026-03-02T10:00:00Z\n3,email,2026-03-02T11:00:00Z\n";
/// let ps = parts(text, 2).unwrap();
/// assert_eq!(ps.len(), 2);
/// let read = ps.iter().map(|p| read_summary_csv_part(text, p)).collect::<Result<Vec<_>, _>>()?;
/// let merged = merge_summary_parts(read);
/// assert_eq!(merged, read_summary_csv(text, &ReadOptions::default())?);
/// assert_eq!(merged.quality.findings[1].code, "duplicate_id");
/// # Ok::<(), support_metrics::Error>(())
/// ```
#[must_use]
pub fn merge_summary_parts(parts: Vec<SummaryPart>) -> SummaryBatch {
    let mut m = SummaryMerger::default();
    for p in parts {
        m.push(p);
    }
    m.finish()
}

/// Reads a chunk of a summary CSV read piece by piece (a stream): whole records from line
/// `first_line` on, without the header, which the caller read from the first piece. What it
/// gives is what [`read_summary_csv`] gives for those lines, except ids repeated from earlier
/// chunks, which [`SummaryMerger`] finds.
pub fn read_summary_csv_chunk(header: &Header, text: &str, first_line: u64) -> Result<SummaryPart> {
    let part = crate::csv::Part {
        start: 0,
        end: text.len(),
        first_line,
    };
    let mut reader = CsvReader::part(text, &part);
    let lines = text.bytes().filter(|&b| b == b'\n').count();
    let (batch, lines, seen) = read_rows(&mut reader, header, lines, &ReadOptions::default())?;
    Ok(SummaryPart { batch, lines, seen })
}

/// Merges the parts of one file as they come, in file order ([`merge_summary_parts`] all at
/// once): a row whose id an earlier part has is rejected as `duplicate_id`, and the findings
/// stay in line order.
#[derive(Debug, Default)]
pub struct SummaryMerger {
    out: SummaryBatch,
    seen: SeenIds,
    started: bool,
}

impl SummaryMerger {
    /// Adds the next part; returns the range of its findings in the merged findings (to place
    /// them while the part's text is at hand).
    pub fn push(&mut self, part: SummaryPart) -> std::ops::Range<usize> {
        let from = self.out.quality.findings.len();
        if !self.started {
            // The first part's rows and ids stay where they are.
            self.started = true;
            self.out = part.batch;
            self.seen = part.seen;
            return from..self.out.quality.findings.len();
        }
        let mut findings = part.batch.quality.findings;
        let mut duplicates = Vec::new();
        self.out.interactions.reserve(part.batch.interactions.len());
        for (it, line) in part.batch.interactions.into_iter().zip(part.lines) {
            let rows = &self.out.interactions;
            if self
                .seen
                .insert(&it.id, rows.len(), |j| rows.get(j).map(|x| x.id.as_str()))
            {
                self.out.interactions.push(it);
            } else {
                duplicates.push(Finding::rejected(
                    SOURCE,
                    Some(line),
                    Some(&it.id),
                    Some("id"),
                    &Error::DuplicateId { id: it.id.clone() },
                ));
            }
        }
        if !duplicates.is_empty() {
            findings.extend(duplicates);
            findings.sort_by_key(|f| f.line);
        }
        self.out.quality.rows_read += part.batch.quality.rows_read;
        for f in findings {
            self.out.quality.push(f);
        }
        from..self.out.quality.findings.len()
    }

    /// The merged findings so far.
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.out.quality.findings
    }

    /// The merged batch.
    #[must_use]
    pub fn finish(self) -> SummaryBatch {
        self.out
    }
}

/// Reads the rows after the header: the good ones, their lines, and a finding per bad one.
fn read_rows(
    reader: &mut CsvReader<'_>,
    header: &Header,
    capacity: usize,
    opts: &ReadOptions,
) -> Result<(SummaryBatch, Vec<u64>, SeenIds)> {
    let cols = Columns::new(header)?;
    let mut rec = Record::default();
    let mut batch = SummaryBatch::default();
    let mut seen = SeenIds::with_capacity(capacity);
    let mut lines = Vec::with_capacity(capacity);
    batch.interactions.reserve(capacity);
    while reader.read(&mut rec)? {
        batch.quality.rows_read += 1;
        let line = rec.line();
        let mut it = Interaction::new(String::new(), Channel::Other, DateTime::default());
        let outcome = cols.fill(&rec, header.names().len(), &mut it);
        let rows = &batch.interactions;
        let outcome = outcome.and_then(|()| {
            if seen.insert(&it.id, rows.len(), |j| rows.get(j).map(|x| x.id.as_str())) {
                Ok(it)
            } else {
                Err((Some("id"), Error::DuplicateId { id: it.id }))
            }
        });
        match outcome {
            Ok(it) => {
                batch.interactions.push(it);
                lines.push(line);
            }
            Err((_, e)) if opts.strict => return Err(e),
            Err((column, e)) => batch.quality.push(Finding::rejected(
                SOURCE,
                Some(line),
                cols.id.and_then(|i| rec.get(i)),
                column,
                &e,
            )),
        }
    }
    Ok((batch, lines, seen))
}

/// Texts at least this large are read in parts by [`read_summary_csv_in_parts`].
pub const PARALLEL_BYTES: usize = 4 << 20;

/// Parts per worker thread in [`read_summary_csv_in_parts`]: enough that merging one part
/// overlaps reading the next ones and that one part in flight is a small share of memory.
pub(crate) const PARTS_PER_THREAD: usize = 8;

/// A lenient [`read_summary_csv`] on up to `threads` threads, with exactly its result: the
/// text is split at record boundaries ([`csv::parts`](crate::csv::parts)), worker threads
/// take the parts in turn ([`read_summary_csv_part`]) and the calling thread merges each one
/// ([`SummaryMerger`]) as soon as it and every earlier part are read, so the merge overlaps
/// the reading and only a few parts' rows are ever held twice.
///
/// The core never asks the machine how many cores it has: the caller says how many threads
/// to use (at most [`MAX_THREADS`](crate::report::MAX_THREADS)). One thread, a text under
/// [`PARALLEL_BYTES`], a platform that cannot start threads (wasm), a malformed text or a
/// worker that stops all give the one-thread read (and so its error, if any).
///
/// ```
/// use support_metrics::interaction::{read_summary_csv, read_summary_csv_in_parts, ReadOptions};
/// let text = "id,channel,created_at\n1,chat,2026-03-02T09:00:00Z\n1,fax,2026-03-02T09:00:00Z\n";
/// assert_eq!(
///     read_summary_csv_in_parts(text, 2)?,
///     read_summary_csv(text, &ReadOptions::default())?
/// );
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn read_summary_csv_in_parts(text: &str, threads: usize) -> Result<SummaryBatch> {
    in_parts(text, threads, PARALLEL_BYTES)
}

/// [`read_summary_csv_in_parts`] for texts of at least `min_bytes` (tests use small texts).
fn in_parts(text: &str, threads: usize, min_bytes: usize) -> Result<SummaryBatch> {
    let whole = || read_summary_csv(text, &ReadOptions::default());
    let threads = threads.min(crate::report::MAX_THREADS);
    // No threads in a wasm module (and no thread code in its size).
    if threads < 2 || text.len() < min_bytes || cfg!(target_family = "wasm") {
        return whole();
    }
    let parts = match crate::csv::parts_on(text, threads.saturating_mul(PARTS_PER_THREAD), threads)
    {
        Some(p) if p.len() > 1 => p,
        _ => return whole(),
    };
    let mut merger = SummaryMerger::default();
    let read = |p: &crate::csv::Part| read_summary_csv_part(text, p);
    if crate::threads::in_order(&parts, threads, read, |part| {
        merger.push(part);
    }) {
        Ok(merger.finish())
    } else {
        whole()
    }
}

/// Reads summary rows from JSON Lines (one [`SummaryRow`] object per line; blank lines are
/// skipped). Bad lines are findings as in [`read_summary_csv`].
///
/// ```
/// use support_metrics::interaction::{read_summary_jsonl, ReadOptions};
/// let text = r#"{"id":"1","channel":"chat","created_at":"2026-03-02T09:00:00Z","wait_seconds":-4}
/// {"id":"2","channel":"chat","created_at":"2026-03-02T09:00:00Z","agent":"ana"}"#;
/// let batch = read_summary_jsonl(text, &ReadOptions::default())?;
/// assert_eq!(batch.interactions.len(), 1);
/// assert_eq!(batch.quality.findings[0].code, "invalid_duration");
/// # Ok::<(), support_metrics::Error>(())
/// ```
pub fn read_summary_jsonl(text: &str, opts: &ReadOptions) -> Result<SummaryBatch> {
    let mut batch = SummaryBatch::default();
    let mut seen = SeenIds::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        batch.quality.rows_read += 1;
        let parsed = parse_json_row(line);
        let id = parsed.as_ref().ok().map(|r| r.id.clone());
        let outcome = parsed
            .and_then(SummaryRow::into_interaction)
            .and_then(|it| {
                let rows = &batch.interactions;
                if seen.insert(&it.id, rows.len(), |j| rows.get(j).map(|x| x.id.as_str())) {
                    Ok(it)
                } else {
                    Err(Error::DuplicateId { id: it.id })
                }
            });
        match outcome {
            Ok(it) => batch.interactions.push(it),
            Err(e) if opts.strict => return Err(e),
            Err(e) => batch.quality.push(Finding::rejected(
                SOURCE,
                Some(i as u64 + 1),
                id.as_deref(),
                None,
                &e,
            )),
        }
    }
    Ok(batch)
}

/// Writes summary rows as the canonical summary CSV: the standard [`COLUMNS`] in their
/// documented order, then one column per custom attribute name (sorted), instants in
/// canonical RFC 3339 UTC, empty fields for nulls. [`read_summary_csv`] reads it back to the
/// same interactions.
///
/// ```
/// use support_metrics::interaction::{read_summary_csv, write_summary_csv, ReadOptions, SummaryRow};
/// let row: SummaryRow = serde_json::from_str(r#"{"id": "1", "channel": "chat",
///     "created_at": "2026-03-02T09:00:00+03:00", "agent": "Ivanova, A.",
///     "attributes": {"tier": "gold"}}"#).unwrap();
/// let out = write_summary_csv(&[row.clone()]);
/// assert!(out.starts_with("id,channel,agent,group,"));
/// assert!(out.ends_with(",tier\n1,chat,\"Ivanova, A.\",,,,,2026-03-02T06:00:00Z,,,,,,,,,,gold\n"));
/// let back = read_summary_csv(&out, &ReadOptions::default())?.interactions;
/// assert_eq!(back, [row.to_interaction()?]);
/// # Ok::<(), support_metrics::Error>(())
/// ```
#[must_use]
pub fn write_summary_csv(rows: &[SummaryRow]) -> String {
    use crate::csv::push_field;
    let mut extra: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.attributes.keys().map(String::as_str))
        .filter(|k| !COLUMNS.contains(k))
        .collect();
    extra.sort_unstable();
    extra.dedup();
    let mut out = String::with_capacity(rows.len() * 128 + 256);
    let header: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect();
    for (i, name) in header.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(&mut out, name);
    }
    out.push('\n');
    let instant = |out: &mut String, t: Option<DateTime<Utc>>| {
        if let Some(t) = t {
            out.push_str(&rfc3339(t));
        }
    };
    let text = |out: &mut String, v: Option<&str>| {
        if let Some(v) = v {
            push_field(out, v);
        }
    };
    let display = |out: &mut String, v: Option<String>| {
        if let Some(v) = v {
            out.push_str(&v);
        }
    };
    for r in rows {
        push_field(&mut out, &r.id);
        out.push(',');
        out.push_str(r.channel.as_str());
        for v in [&r.agent, &r.group, &r.topic, &r.priority, &r.customer_id] {
            out.push(',');
            text(&mut out, v.as_deref());
        }
        out.push(',');
        instant(&mut out, Some(r.created_at));
        out.push(',');
        instant(&mut out, r.first_response_at);
        out.push(',');
        instant(&mut out, r.resolved_at);
        for v in [r.agent_replies, r.reopens] {
            out.push(',');
            display(&mut out, v.map(|x| x.to_string()));
        }
        out.push(',');
        display(&mut out, r.escalated.map(|x| x.to_string()));
        for v in [r.wait_seconds, r.handle_seconds, r.hold_seconds] {
            out.push(',');
            display(&mut out, v.map(|x| x.to_string()));
        }
        out.push(',');
        display(&mut out, r.abandoned.map(|x| x.to_string()));
        for k in &extra {
            out.push(',');
            text(&mut out, r.attributes.get(*k).map(String::as_str));
        }
        out.push('\n');
    }
    out
}

fn parse_json_row(line: &str) -> Result<SummaryRow> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| Error::InvalidJson {
        message: e.to_string(),
    })?;
    if let Some(serde_json::Value::String(c)) = v.get("channel") {
        Channel::from_str(c)?;
    }
    for key in ["created_at", "first_response_at", "resolved_at"] {
        if let Some(serde_json::Value::String(t)) = v.get(key) {
            parse_instant(key, t)?;
        }
    }
    for key in ["wait_seconds", "handle_seconds", "hold_seconds"] {
        if let Some(x) = v.get(key).and_then(serde_json::Value::as_f64) {
            if x < 0.0 {
                return Err(Error::InvalidDuration {
                    value: format!("{key} = {x}"),
                });
            }
        }
    }
    crate::api::from_json_value(&v).map_err(|message| Error::InvalidJson { message })
}

/// Column positions of a summary header.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub(crate) id: Option<usize>,
    pos: [Option<usize>; 17],
    /// The other columns (custom attributes): position and name.
    extra: Vec<(usize, String)>,
}

type RowError = (Option<&'static str>, Error);

impl Columns {
    pub(crate) fn new(header: &Header) -> Result<Columns> {
        for required in REQUIRED_COLUMNS {
            header.require(required)?;
        }
        let mut pos = [None; 17];
        for (p, name) in pos.iter_mut().zip(COLUMNS) {
            *p = header.position(name);
        }
        let extra = header
            .names()
            .iter()
            .enumerate()
            .filter(|(_, name)| !COLUMNS.contains(&name.as_str()))
            .map(|(i, name)| (i, name.clone()))
            .collect();
        Ok(Columns {
            id: header.position("id"),
            pos,
            extra,
        })
    }

    fn field<'r>(&self, rec: &'r Record, k: usize) -> Option<&'r str> {
        let i = (*self.pos.get(k)?)?;
        rec.get(i).filter(|s| !s.is_empty())
    }

    /// The columns of an empty text (a table without rows).
    pub(crate) fn empty() -> Columns {
        Columns {
            id: None,
            pos: [None; 17],
            extra: Vec::new(),
        }
    }

    /// The custom attributes of a record: its non-empty fields of the other columns.
    pub(crate) fn attributes<'r>(
        &'r self,
        rec: &'r Record,
    ) -> impl Iterator<Item = (&'r str, &'r str)> + 'r {
        self.extra.iter().filter_map(move |(i, name)| {
            rec.get(*i)
                .filter(|s| !s.is_empty())
                .map(|v| (name.as_str(), v))
        })
    }

    /// Reads, checks and builds the interaction of a record into `it` (see
    /// [`RowView::fill`]); the error names the column at fault, when one is.
    pub(crate) fn fill(
        &self,
        rec: &Record,
        columns: usize,
        it: &mut Interaction,
    ) -> std::result::Result<(), RowError> {
        let view = self.read_view(rec, columns)?;
        view.fill(self.attributes(rec), it).map_err(|e| (None, e))
    }

    /// The values of a record, read and checked as [`fill`](Self::fill) does, without
    /// building its interaction ([`RowView::check`]).
    pub(crate) fn check_view<'r>(
        &self,
        rec: &'r Record,
        columns: usize,
    ) -> std::result::Result<RowView<'r>, RowError> {
        let view = self.read_view(rec, columns)?;
        view.check().map_err(|e| (None, e))?;
        Ok(view)
    }

    /// The values of a record of the header's width.
    fn read_view<'r>(
        &self,
        rec: &'r Record,
        columns: usize,
    ) -> std::result::Result<RowView<'r>, RowError> {
        if rec.len() != columns {
            return Err((
                None,
                Error::InvalidCsv {
                    line: rec.line(),
                    column: rec.len().min(columns) as u64 + 1,
                    reason: "the row has a different number of fields than the header",
                },
            ));
        }
        self.view(rec)
    }

    /// Whether the text has custom-attribute columns (a row's attributes are then read from
    /// its record).
    pub(crate) fn has_attributes(&self) -> bool {
        !self.extra.is_empty()
    }

    /// The values of a record, checked in column order (the first bad one is the error).
    fn view<'r>(&self, rec: &'r Record) -> std::result::Result<RowView<'r>, RowError> {
        let text = |k: usize| self.field(rec, k);
        let name = |k: usize| COLUMNS.get(k).copied().unwrap_or("");
        let instant = |k: usize| -> std::result::Result<Option<DateTime<Utc>>, RowError> {
            self.field(rec, k)
                .map(|s| parse_instant(name(k), s).map_err(|e| (Some(name(k)), e)))
                .transpose()
        };
        let count = |k: usize| -> std::result::Result<Option<u32>, RowError> {
            self.field(rec, k)
                .map(|s| {
                    crate::csv::trim(s).parse::<u32>().map_err(|_| {
                        (
                            Some(name(k)),
                            Error::InvalidValue {
                                field: name(k).to_string(),
                                value: s.to_string(),
                                expected: "a whole number, 0 or more",
                            },
                        )
                    })
                })
                .transpose()
        };
        let seconds = |k: usize| -> std::result::Result<Option<f64>, RowError> {
            self.field(rec, k)
                .map(|s| match crate::csv::parse_number(crate::csv::trim(s)) {
                    Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
                    Some(_) => Err((
                        Some(name(k)),
                        Error::InvalidDuration {
                            value: format!("{} = {s}", name(k)),
                        },
                    )),
                    None => Err((
                        Some(name(k)),
                        Error::InvalidValue {
                            field: name(k).to_string(),
                            value: s.to_string(),
                            expected: "a number of seconds, 0 or more",
                        },
                    )),
                })
                .transpose()
        };
        let flag = |k: usize| -> std::result::Result<Option<bool>, RowError> {
            self.field(rec, k)
                .map(|s| {
                    let t = crate::csv::trim(s);
                    let is = |w: &str| t.eq_ignore_ascii_case(w);
                    if is("true") || is("1") || is("yes") {
                        Ok(true)
                    } else if is("false") || is("0") || is("no") {
                        Ok(false)
                    } else {
                        Err((
                            Some(name(k)),
                            Error::InvalidValue {
                                field: name(k).to_string(),
                                value: s.to_string(),
                                expected: "true or false",
                            },
                        ))
                    }
                })
                .transpose()
        };
        let id = text(0).ok_or_else(|| {
            (
                Some("id"),
                Error::InvalidValue {
                    field: "id".to_string(),
                    value: String::new(),
                    expected: "a non-empty id",
                },
            )
        })?;
        let channel_text = self.field(rec, 1).unwrap_or("");
        let channel = Channel::from_str(channel_text).map_err(|e| (Some("channel"), e))?;
        let created_at = instant(7)?.ok_or_else(|| {
            (
                Some("created_at"),
                Error::InvalidTimestamp {
                    field: "created_at".to_string(),
                    value: String::new(),
                },
            )
        })?;
        Ok(RowView {
            id,
            channel,
            agent: text(2),
            group: text(3),
            topic: text(4),
            priority: text(5),
            customer_id: text(6),
            created_at,
            first_response_at: instant(8)?,
            resolved_at: instant(9)?,
            reported: Reported {
                agent_replies: count(10)?,
                reopens: count(11)?,
                escalated: flag(12)?,
                wait_seconds: seconds(13)?,
                handle_seconds: seconds(14)?,
                hold_seconds: seconds(15)?,
                abandoned: flag(16)?,
            },
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;
    use crate::demo::{demo, DemoOptions};

    /// A summary CSV of demo rows with the faults of a real export: ids repeated within and
    /// across any split, a bad instant, a ragged row, a quoted field spanning lines and, with
    /// `blank`, a blank line; lines end with `sep`.
    pub(crate) fn messy_text(n: u64, seed: u64, sep: &str, blank: bool) -> String {
        let d = demo(&DemoOptions {
            interactions: n,
            seed,
        })
        .unwrap();
        let text = write_summary_csv(&d.interactions);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let n = lines.len();
        for (from, to) in [
            (1, n - 2),
            (2, n / 2),
            (n / 3, n - 5),
            (n / 2 + 7, n / 2 + 9),
        ] {
            let id = lines[from].split(',').next().unwrap().to_string();
            let rest = lines[to].split_once(',').unwrap().1.to_string();
            lines[to] = format!("{id},{rest}");
        }
        lines[n / 4] = lines[n / 4].replacen(",20", ",not a time,20", 1);
        lines[3 * n / 4] = "x,chat".to_string();
        lines[n / 5] = lines[n / 5].replacen(',', ",\"web\nform\",", 1);
        if blank {
            lines[n / 6] = String::new();
        }
        let text = lines.join(sep) + sep;
        let codes: Vec<String> = read_summary_csv(&text, &ReadOptions::default())
            .unwrap()
            .quality
            .findings
            .into_iter()
            .map(|f| f.code)
            .collect();
        assert!(codes.len() >= 7, "{codes:?}");
        assert!(codes.iter().any(|c| c == "duplicate_id"), "{codes:?}");
        text
    }

    /// The read in parts gives exactly the one-thread read: rows, findings and their lines,
    /// with ids repeated within and across parts (the first wins), rows with errors and a
    /// quoted field spanning lines; a malformed text fails as the one-thread read fails.
    #[test]
    fn read_in_parts_is_the_whole_read() {
        let text = messy_text(4_000, 7, "\n", false);
        let whole = read_summary_csv(&text, &ReadOptions::default()).unwrap();
        for threads in [2, 3, 5] {
            assert_eq!(
                in_parts(&text, threads, 0).unwrap(),
                whole,
                "{threads} threads"
            );
        }

        let cut = text.len() * 3 / 4;
        let broken = format!("{}\"{}", &text[..cut], &text[cut..]);
        let whole = read_summary_csv(&broken, &ReadOptions::default()).unwrap_err();
        let parts = in_parts(&broken, 2, 0).unwrap_err();
        assert_eq!(parts.to_string(), whole.to_string());
    }
}
