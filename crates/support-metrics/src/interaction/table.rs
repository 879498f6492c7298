//! The summary CSV read without building its interactions: a [`SummaryTable`] keeps, per good
//! row, its values as read and checked (instants, counts, flags, durations), its id and
//! customer, and its agent, group, topic and priority as numbers of a small dictionary, and
//! builds a row's [`Interaction`] when asked, into one reused for row after row
//! ([`InteractionRows`]).
//!
//! Why: a report reads each interaction once, in order. Building a million of them up front
//! costs about ten allocations and 300 bytes each, three copies of each while the parts of a
//! file are read and merged, and the page faults of a gigabyte; the table costs about 200
//! bytes per row beside the text, which the caller has anyway. Keeping the parsed values
//! (112 of those bytes) rather than reading the record again when the row is built saves a
//! tenth of a report's work. A row is built by the same code that
//! [`read_summary_csv`](super::read_summary_csv) uses, and the table's rows and findings are
//! exactly that function's (tests check both, and the report over either).
//!
//! ```
//! use support_metrics::interaction::{read_summary_csv, InteractionRows, ReadOptions, RowScratch, SummaryTable};
//! let text = "id,channel,customer_id,created_at,first_response_at\n\
//!             1,chat,c1,2026-03-02T09:00:00Z,2026-03-02T09:05:00Z\n\
//!             2,fax,c1,2026-03-02T09:00:00Z,\n\
//!             1,email,c2,2026-03-02T10:00:00Z,\n";
//! let table = SummaryTable::read(text, 1)?;
//! assert_eq!(table.len(), 1);
//! assert_eq!(table.customer_id(0), Some("c1"));
//! let mut scratch = RowScratch::default();
//! let it = table.get(0, &mut scratch)?.unwrap();
//! assert_eq!(it.events.len(), 1);
//! // The same rows and findings as the reader that builds every interaction.
//! let batch = read_summary_csv(text, &ReadOptions::default())?;
//! assert_eq!(table.to_batch()?, batch);
//! assert_eq!(table.quality().findings[1].code, "duplicate_id");
//! # Ok::<(), support_metrics::Error>(())
//! ```

use chrono::{DateTime, Utc};

use super::summary::{Columns, RowTexts, RowValues, RowView, PARTS_PER_THREAD, SOURCE};
use super::{Channel, Interaction, SummaryBatch, PARALLEL_BYTES};
use crate::csv::{CsvReader, Header, Part, Record};
use crate::error::{Error, Result};
use crate::hash::{FxMap, SeenIds};
use crate::metrics::{dimension_value, Dimension};
use crate::quality::{DataQuality, Finding};

/// Interactions that are read one at a time, by position: a slice, or a [`SummaryTable`] that
/// builds each one from its CSV record when asked. The report takes either
/// ([`report_rows_in_parts`](crate::report::report_rows_in_parts)).
pub trait InteractionRows: Sync {
    /// How many there are.
    fn len(&self) -> usize;

    /// True when there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Interaction `i` (`None` past the end): borrowed, or built into `scratch`, which a
    /// caller reuses from row to row.
    fn get<'s>(&'s self, i: usize, scratch: &'s mut RowScratch) -> Result<Option<&'s Interaction>>;

    /// The id of interaction `i`, without building it.
    fn id(&self, i: usize) -> Option<&str>;

    /// The customer of interaction `i` (`None`: none, or past the end).
    fn customer_id(&self, i: usize) -> Option<&str>;

    /// The topic of interaction `i` (`None`: none, or past the end).
    fn topic(&self, i: usize) -> Option<&str>;

    /// When interaction `i` was created (`None` past the end).
    fn created_at(&self, i: usize) -> Option<DateTime<Utc>>;

    /// The channel of interaction `i` (`None` past the end).
    fn channel(&self, i: usize) -> Option<Channel>;

    /// The value of dimension `d` of interaction `i` ([`dimension_value`]), when it can be
    /// given without building the interaction (`None`: build it, or `i` is past the end).
    fn dimension(&self, i: usize, d: &Dimension) -> Option<Option<&str>>;

    /// A number standing for the value of dimension `d` of interaction `i`, when the rows keep
    /// that dimension as numbers: two rows given the same number have the same value (rows
    /// with the same value may be given different numbers). `None` (the default): no number,
    /// use [`dimension`](Self::dimension).
    ///
    /// Why: a report files every interaction under a group of each breakdown. Finding the
    /// group by a number costs an integer probe, where the value costs hashing and comparing
    /// its text.
    fn dimension_number(&self, i: usize, d: &Dimension) -> Option<u64> {
        let _ = (i, d);
        None
    }
}

/// The number of a channel in [`InteractionRows::dimension_number`] (the top bit set, apart
/// from any table's dictionary numbers).
fn channel_number(c: Channel) -> u64 {
    1 << 63 | c as u64
}

impl InteractionRows for &[Interaction] {
    fn len(&self) -> usize {
        <[Interaction]>::len(self)
    }

    fn get<'s>(&'s self, i: usize, _: &'s mut RowScratch) -> Result<Option<&'s Interaction>> {
        Ok(<[Interaction]>::get(self, i))
    }

    fn id(&self, i: usize) -> Option<&str> {
        <[Interaction]>::get(self, i).map(|it| it.id.as_str())
    }

    fn customer_id(&self, i: usize) -> Option<&str> {
        <[Interaction]>::get(self, i)?.customer_id.as_deref()
    }

    fn topic(&self, i: usize) -> Option<&str> {
        <[Interaction]>::get(self, i)?.topic.as_deref()
    }

    fn created_at(&self, i: usize) -> Option<DateTime<Utc>> {
        <[Interaction]>::get(self, i).map(|it| it.created_at)
    }

    fn channel(&self, i: usize) -> Option<Channel> {
        <[Interaction]>::get(self, i).map(|it| it.channel)
    }

    fn dimension(&self, i: usize, d: &Dimension) -> Option<Option<&str>> {
        <[Interaction]>::get(self, i).map(|it| dimension_value(it, d))
    }

    fn dimension_number(&self, i: usize, d: &Dimension) -> Option<u64> {
        match d {
            Dimension::Channel => {
                <[Interaction]>::get(self, i).map(|it| channel_number(it.channel))
            }
            _ => None,
        }
    }
}

/// The reused buffers of [`InteractionRows::get`]: a record and an interaction.
#[derive(Debug, Clone)]
pub struct RowScratch {
    rec: Record,
    it: Interaction,
}

impl Default for RowScratch {
    fn default() -> Self {
        RowScratch {
            rec: Record::default(),
            it: Interaction::new(String::new(), Channel::Other, DateTime::default()),
        }
    }
}

/// A text kept in a table's arena: `at..at + len`, or none (`at == usize::MAX`).
#[derive(Debug, Clone, Copy)]
struct Span {
    at: usize,
    len: usize,
}

impl Span {
    const NONE: Span = Span {
        at: usize::MAX,
        len: 0,
    };

    fn push(arena: &mut String, text: Option<&str>) -> Span {
        match text {
            None => Span::NONE,
            Some(t) => {
                let at = arena.len();
                arena.push_str(t);
                Span { at, len: t.len() }
            }
        }
    }

    fn get(self, arena: &str) -> Option<&str> {
        if self.at == usize::MAX {
            return None;
        }
        arena.get(self.at..self.at.checked_add(self.len)?)
    }
}

/// One good row: where its record starts (with the line the reader was on, blank lines
/// before it included), the line of the record itself, its values as read and checked, and
/// its texts: the id and customer in the part's arena, the agent, group, topic and priority as
/// numbers of the part's dictionary (few distinct values, each kept once).
#[derive(Debug, Clone)]
struct TableRow {
    start: usize,
    from_line: u64,
    line: u64,
    hash: u64,
    values: RowValues,
    id: Span,
    customer: Span,
    agent: u32,
    group: u32,
    topic: u32,
    priority: u32,
}

/// A table row's values for the KPI scorecard ([`SummaryTable::kpi_values`]).
pub(crate) struct KpiValues<'a> {
    pub(crate) id: &'a str,
    pub(crate) channel: Channel,
    /// Agent, group, topic, priority.
    pub(crate) texts: [Option<&'a str>; 4],
    pub(crate) instants: (DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>),
}

/// The dictionary number of no value.
const NO_VALUE: u32 = u32::MAX;

impl TableRow {
    /// The part's dictionary number of this row's value of `d` (`None`: the channel, or a custom
    /// attribute, which the dictionary does not hold).
    fn dictionary_number(&self, d: &Dimension) -> Option<u32> {
        match d {
            Dimension::Agent => Some(self.agent),
            Dimension::Group => Some(self.group),
            Dimension::Topic => Some(self.topic),
            Dimension::Priority => Some(self.priority),
            _ => None,
        }
    }
}

/// The good rows of a summary CSV, read but not built (see the [module docs](self)): exactly
/// the rows and findings of [`read_summary_csv`](super::read_summary_csv) in its lenient
/// mode, an interaction built on demand.
#[derive(Debug, Clone)]
pub struct SummaryTable<'t> {
    text: &'t str,
    columns: usize,
    cols: Columns,
    /// The rows stay in the parts they were read in (no copy into one list): row `i` is in
    /// the part `p` with `starts[p] <= i < starts[p + 1]`.
    parts: Vec<TablePart>,
    starts: Vec<usize>,
    /// The part of the first row of each block of 2^[`BLOCK_BITS`] rows: where
    /// [`locate`](Self::locate) starts looking, instead of a binary search of `starts` (the
    /// report locates a row several times per pass).
    first_part: Vec<u32>,
    quality: DataQuality,
}

/// Rows per block of [`SummaryTable::first_part`] (as a shift).
const BLOCK_BITS: u32 = 12;

/// Repeated ids are looked for in this many groups of ids by hash, apart (on threads): each
/// group's map is small enough to stay in cache.
const SHARDS: usize = 64;

/// What one part of the text gives: its good rows, their texts, its findings, and its rows
/// by id hash (the hash and row of each, in each shard in row order).
#[derive(Debug, Clone)]
struct TablePart {
    rows: Vec<TableRow>,
    arena: String,
    /// The distinct agents, groups, topics and priorities of the part's rows.
    names: Vec<String>,
    quality: DataQuality,
    shards: Vec<Vec<(u64, usize)>>,
}

impl TablePart {
    /// Files each row under its hash's shard.
    fn shard(&mut self) {
        self.shards = vec![Vec::new(); SHARDS];
        for (k, r) in self.rows.iter().enumerate() {
            if let Some(s) = self.shards.get_mut(shard_of(r.hash)) {
                s.push((r.hash, k));
            }
        }
    }

    fn id(&self, row: usize) -> Option<&str> {
        self.rows.get(row)?.id.get(&self.arena)
    }

    /// The value of a dictionary number (`None`: [`NO_VALUE`]).
    fn name(&self, n: u32) -> Option<&str> {
        self.names.get(n as usize).map(String::as_str)
    }
}

/// The shard of an id hash (its top bits: the low ones pick the slot in a shard's map).
fn shard_of(hash: u64) -> usize {
    (hash >> 58) as usize % SHARDS
}

impl<'t> SummaryTable<'t> {
    /// Reads a summary CSV (lenient: a bad row is a finding) on up to `threads` threads: the
    /// text is split into parts at record boundaries as for
    /// [`read_summary_csv_in_parts`](super::read_summary_csv_in_parts), the parts are read
    /// on worker threads, then their rows are checked for repeated ids in file order. One
    /// thread, a text under [`PARALLEL_BYTES`], wasm or a malformed text read it whole (and
    /// so give its error). Errors: those of the whole read (a malformed CSV, a missing
    /// column).
    pub fn read(text: &'t str, threads: usize) -> Result<SummaryTable<'t>> {
        SummaryTable::read_with(text, threads, PARALLEL_BYTES)
    }

    /// [`read`](Self::read) for texts of at least `min_bytes` in parts (tests use small
    /// texts).
    pub(crate) fn read_with(
        text: &'t str,
        threads: usize,
        min_bytes: usize,
    ) -> Result<SummaryTable<'t>> {
        let mut head = CsvReader::new(text);
        let mut rec = Record::default();
        if !head.read(&mut rec)? {
            return Ok(SummaryTable {
                text,
                columns: 0,
                cols: Columns::empty(),
                parts: Vec::new(),
                starts: vec![0],
                first_part: Vec::new(),
                quality: DataQuality::default(),
            });
        }
        let header = Header::new(&rec)?;
        let cols = Columns::new(&header)?;
        let columns = header.names().len();
        let whole = Part {
            start: head.offset(text),
            end: text.len(),
            first_line: head.line(),
        };
        let threads = threads.min(crate::report::MAX_THREADS);
        let parts = if threads < 2 || text.len() < min_bytes || cfg!(target_family = "wasm") {
            None
        } else {
            crate::csv::parts_on(text, threads.saturating_mul(PARTS_PER_THREAD), threads)
                .filter(|p| p.len() > 1)
        };
        let read = match parts {
            Some(parts) => in_parts(text, &cols, columns, &parts, threads),
            None => None,
        };
        let read = match read {
            Some(read) => read,
            // One part; and where a part failed, the whole read gives the error it gives.
            None => vec![read_part(text, &cols, columns, &whole, None)?],
        };
        Ok(SummaryTable::merged(text, cols, columns, read, threads))
    }

    /// The parts' rows in file order, an id repeated from an earlier row rejected.
    fn merged(
        text: &'t str,
        cols: Columns,
        columns: usize,
        mut parts: Vec<TablePart>,
        threads: usize,
    ) -> Self {
        // Repeated ids, in file order: the first row with an id is kept. The shards hold
        // disjoint ids, so each is checked on its own, in file order (parts in order, rows
        // in order within a part).
        let duplicates = repeated(&parts, threads);
        let mut quality = DataQuality::default();
        let mut findings = Vec::new();
        for (p, part) in parts.iter_mut().enumerate() {
            quality.rows_read += part.quality.rows_read;
            findings.append(&mut part.quality.findings);
            part.shards = Vec::new();
            let mut gone: Vec<usize> = duplicates
                .iter()
                .filter(|&&(q, _)| q == p)
                .map(|&(_, r)| r)
                .collect();
            if gone.is_empty() {
                continue;
            }
            gone.sort_unstable();
            for &r in &gone {
                if let (Some(row), Some(id)) = (part.rows.get(r), part.id(r)) {
                    findings.push(Finding::rejected(
                        SOURCE,
                        Some(row.line),
                        Some(id),
                        Some("id"),
                        &Error::DuplicateId { id: id.to_string() },
                    ));
                }
            }
            let mut k = 0;
            let mut next = gone.iter().peekable();
            part.rows.retain(|_| {
                let drop = next.next_if(|&&g| g == k).is_some();
                k += 1;
                !drop
            });
        }
        if !duplicates.is_empty() {
            // Each line has at most one finding: the order of the one-pass read.
            findings.sort_by_key(|f| f.line);
        }
        for f in findings {
            quality.push(f);
        }
        let mut starts = Vec::with_capacity(parts.len() + 1);
        starts.push(0);
        for part in &parts {
            let last = starts.last().copied().unwrap_or(0);
            starts.push(last + part.rows.len());
        }
        let len = starts.last().copied().unwrap_or(0);
        let blocks = if cfg!(target_family = "wasm") {
            0
        } else {
            len.div_ceil(1 << BLOCK_BITS)
        };
        let first_part = (0..blocks)
            .map(|b| {
                let p = starts.partition_point(|&s| s <= b << BLOCK_BITS);
                u32::try_from(p.saturating_sub(1)).unwrap_or(u32::MAX)
            })
            .collect();
        SummaryTable {
            text,
            columns,
            cols,
            parts,
            starts,
            first_part,
            quality,
        }
    }

    /// The part of row `i`: the part of its block's first row, or one after it (a block may
    /// hold the ends of several parts). `None` past the end.
    fn part_of(&self, i: usize) -> Option<usize> {
        if cfg!(target_family = "wasm") {
            // One part (no threads in wasm): no blocks, and no code for them in the module.
            return self.starts.partition_point(|&s| s <= i).checked_sub(1);
        }
        let mut p = *self.first_part.get(i >> BLOCK_BITS)? as usize;
        while self.starts.get(p + 1).is_some_and(|&s| s <= i) {
            p += 1;
        }
        Some(p)
    }

    /// The part and row of row `i`.
    fn locate(&self, i: usize) -> Option<(&TablePart, &TableRow)> {
        self.located(i).map(|(_, part, row)| (part, row))
    }

    /// [`locate`](Self::locate), with the part's index.
    fn located(&self, i: usize) -> Option<(usize, &TablePart, &TableRow)> {
        let p = self.part_of(i)?;
        let part = self.parts.get(p)?;
        let row = part.rows.get(i - self.starts.get(p)?)?;
        Some((p, part, row))
    }

    /// Row `i`'s values as the scorecard's columns hold them: its id, channel, dimension texts
    /// (agent, group, topic, priority) and instants (creation, first response, resolution).
    pub(crate) fn kpi_values(&self, i: usize) -> Option<KpiValues<'_>> {
        let (p, r) = self.locate(i)?;
        let v = &r.values;
        Some(KpiValues {
            id: r.id.get(&p.arena)?,
            channel: v.channel,
            texts: [
                p.name(r.agent),
                p.name(r.group),
                p.name(r.topic),
                p.name(r.priority),
            ],
            instants: (v.created_at, v.first_response_at, v.resolved_at),
        })
    }

    /// Rows read, rows rejected and their findings (line, column, reason).
    #[must_use]
    pub fn quality(&self) -> &DataQuality {
        &self.quality
    }

    /// Interaction `i`, built (`None` past the end).
    pub fn interaction(&self, i: usize) -> Result<Option<Interaction>> {
        let mut scratch = RowScratch::default();
        Ok(self.get(i, &mut scratch)?.cloned())
    }

    /// Every interaction built, with the findings: what
    /// [`read_summary_csv`](super::read_summary_csv) reads from the same text.
    pub fn to_batch(&self) -> Result<SummaryBatch> {
        let mut interactions = Vec::with_capacity(self.len());
        let mut scratch = RowScratch::default();
        for i in 0..self.len() {
            if let Some(it) = self.get(i, &mut scratch)? {
                interactions.push(it.clone());
            }
        }
        Ok(SummaryBatch {
            interactions,
            quality: self.quality.clone(),
        })
    }
}

impl InteractionRows for SummaryTable<'_> {
    fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    fn get<'s>(&'s self, i: usize, scratch: &'s mut RowScratch) -> Result<Option<&'s Interaction>> {
        let Some((p, row)) = self.locate(i) else {
            return Ok(None);
        };
        let RowScratch { rec, it } = scratch;
        if self.cols.has_attributes() {
            // Custom attributes are read from the record again (kept, they would cost a map
            // per row).
            let part = Part {
                start: row.start,
                end: self.text.len(),
                first_line: row.from_line,
            };
            let mut reader = CsvReader::part(self.text, &part);
            if !reader.read(rec)? || rec.len() != self.columns {
                return Err(Error::InvalidCsv {
                    line: row.line,
                    column: 1,
                    reason: "the record reads differently than when the table was made",
                });
            }
        }
        // (Without such columns `attributes` gives none, whatever `rec` holds.) The values were
        // checked when the table was made: the same function builds the row, unchecked.
        let texts = RowTexts {
            id: row.id.get(&p.arena).unwrap_or_default(),
            agent: p.name(row.agent),
            group: p.name(row.group),
            topic: p.name(row.topic),
            priority: p.name(row.priority),
            customer_id: row.customer.get(&p.arena),
        };
        RowView::of_values(texts, &row.values).fill_checked(self.cols.attributes(rec), it);
        Ok(Some(it))
    }

    fn id(&self, i: usize) -> Option<&str> {
        let (p, r) = self.locate(i)?;
        r.id.get(&p.arena)
    }

    fn customer_id(&self, i: usize) -> Option<&str> {
        let (p, r) = self.locate(i)?;
        r.customer.get(&p.arena)
    }

    fn topic(&self, i: usize) -> Option<&str> {
        let (p, r) = self.locate(i)?;
        p.name(r.topic)
    }

    fn created_at(&self, i: usize) -> Option<DateTime<Utc>> {
        self.locate(i).map(|(_, r)| r.values.created_at)
    }

    fn channel(&self, i: usize) -> Option<Channel> {
        self.locate(i).map(|(_, r)| r.values.channel)
    }

    fn dimension(&self, i: usize, d: &Dimension) -> Option<Option<&str>> {
        let (p, r) = self.locate(i)?;
        if *d == Dimension::Channel {
            return Some(Some(r.values.channel.as_str()));
        }
        r.dictionary_number(d).map(|n| p.name(n))
    }

    /// The part's number (top half) and the part's dictionary number (bottom half): a value
    /// has one dictionary number in each part.
    fn dimension_number(&self, i: usize, d: &Dimension) -> Option<u64> {
        let (p, _, r) = self.located(i)?;
        if *d == Dimension::Channel {
            return Some(channel_number(r.values.channel));
        }
        let n = r.dictionary_number(d)?;
        // Parts number fewer than 2^31: the top bit stays the channels'.
        Some(u64::try_from(p).ok().filter(|&p| p < 1 << 31)? << 32 | u64::from(n))
    }
}

/// Reads `parts` on up to `threads` worker threads; `None` when one failed (or a worker
/// stopped), for the caller to read the text whole.
fn in_parts(
    text: &str,
    cols: &Columns,
    columns: usize,
    parts: &[Part],
    threads: usize,
) -> Option<Vec<TablePart>> {
    let mut read = Vec::with_capacity(parts.len());
    // A part's lines are where the next one starts (the last part counts its own).
    let items: Vec<(&Part, Option<u64>)> = parts
        .iter()
        .zip(
            parts
                .iter()
                .skip(1)
                .map(|n| Some(n.first_line))
                .chain([None]),
        )
        .map(|(p, next)| (p, next.and_then(|n| n.checked_sub(p.first_line))))
        .collect();
    let one = |&(p, lines): &(&Part, Option<u64>)| read_part(text, cols, columns, p, lines);
    crate::threads::in_order(&items, threads, one, |t| read.push(t)).then_some(read)
}

/// Reads the records of one part (of `lines` lines, when known): its good rows (their texts in
/// the part's arena and dictionary), rows read, and a finding per bad row. Ids repeated within
/// the part are found by the merge.
fn read_part(
    text: &str,
    cols: &Columns,
    columns: usize,
    part: &Part,
    lines: Option<u64>,
) -> Result<TablePart> {
    let mut reader = CsvReader::part(text, part);
    let span = text.get(part.start..part.end).unwrap_or_default();
    // One row per line is the common case: reserve for it rather than regrow.
    let lines = match lines.and_then(|l| usize::try_from(l).ok()) {
        Some(l) => l.min(span.len()),
        None => span.bytes().filter(|&b| b == b'\n').count(),
    };
    let mut out = TablePart {
        rows: Vec::with_capacity(lines),
        arena: String::with_capacity(lines.saturating_mul(24)),
        names: Vec::new(),
        quality: DataQuality::default(),
        shards: Vec::new(),
    };
    let mut numbers: FxMap<String, u32> = FxMap::default();
    let mut rec = Record::default();
    loop {
        let (start, from_line) = (part.start + reader.pos(), reader.line());
        if !reader.read(&mut rec)? {
            break;
        }
        out.quality.rows_read += 1;
        let rec = &rec;
        match cols.check_view(rec, columns) {
            Ok(view) => {
                let t = view.texts();
                let mut number = |v: Option<&str>| match v {
                    None => NO_VALUE,
                    Some(v) => match numbers.get(v) {
                        Some(&n) => n,
                        None => {
                            // (Four billion distinct texts in one part would not fit in
                            // memory before a number reached NO_VALUE.)
                            let n = out.names.len() as u32;
                            out.names.push(v.to_string());
                            numbers.insert(v.to_string(), n);
                            n
                        }
                    },
                };
                let (agent, group) = (number(t.agent), number(t.group));
                let (topic, priority) = (number(t.topic), number(t.priority));
                let arena = &mut out.arena;
                out.rows.push(TableRow {
                    start,
                    from_line,
                    line: rec.line(),
                    hash: SeenIds::hash(t.id),
                    values: view.values(),
                    id: Span::push(arena, Some(t.id)),
                    customer: Span::push(arena, t.customer_id),
                    agent,
                    group,
                    topic,
                    priority,
                });
            }
            Err((column, e)) => out.quality.push(Finding::rejected(
                SOURCE,
                Some(rec.line()),
                cols.id.and_then(|i| rec.get(i)),
                column,
                &e,
            )),
        }
    }
    out.shard();
    Ok(out)
}

/// The rows (part, row) whose id an earlier row has, shard by shard on up to `threads`
/// threads (one in wasm).
fn repeated(parts: &[TablePart], threads: usize) -> Vec<(usize, usize)> {
    let shard = |s: usize| {
        let n: usize = parts
            .iter()
            .map(|p| p.shards.get(s).map_or(0, Vec::len))
            .sum();
        let mut seen = SeenIds::with_capacity(n);
        let mut kept: Vec<(usize, usize)> = Vec::with_capacity(n);
        let mut gone = Vec::new();
        for (p, part) in parts.iter().enumerate() {
            for &(h, r) in part.shards.get(s).into_iter().flatten() {
                let id = || part.id(r).unwrap_or_default();
                let fresh = seen.insert_hashed(h, id, kept.len(), |j| {
                    let &(q, k) = kept.get(j)?;
                    parts.get(q)?.id(k)
                });
                if fresh {
                    kept.push((p, r));
                } else {
                    gone.push((p, r));
                }
            }
        }
        gone
    };
    let threads = threads.min(crate::report::MAX_THREADS);
    if threads >= 2 && parts.len() >= 2 && !cfg!(target_family = "wasm") {
        let shards: Vec<usize> = (0..SHARDS).collect();
        let mut gone = Vec::new();
        let one = |&s: &usize| -> Result<Vec<(usize, usize)>> { Ok(shard(s)) };
        if crate::threads::in_order(&shards, threads, one, |g| gone.extend(g)) {
            return gone;
        }
    }
    (0..SHARDS).flat_map(shard).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::csv::push_field;
    use crate::interaction::summary::tests::messy_text;
    use crate::interaction::{read_summary_csv, ReadOptions};
    use proptest::prelude::*;

    /// The table's rows, built, and its findings are the whole read's; its accessors give the
    /// built interactions' values.
    fn check(text: &str, threads: usize) {
        let whole = read_summary_csv(text, &ReadOptions::default());
        let table = SummaryTable::read_with(text, threads, 0);
        let (whole, table) = match (whole, table) {
            (Ok(w), Ok(t)) => (w, t),
            (Err(w), Err(t)) => {
                assert_eq!(w.to_string(), t.to_string());
                return;
            }
            (w, t) => panic!("{threads} threads: {w:?} against {:?}", t.map(|t| t.len())),
        };
        assert_eq!(table.to_batch().unwrap(), whole, "{threads} threads");
        assert_eq!(table.len(), whole.interactions.len());
        // Each number a dimension's values are given stands for one value.
        let mut named: FxMap<u64, Option<&str>> = FxMap::default();
        for (i, it) in whole.interactions.iter().enumerate() {
            assert_eq!(table.id(i), Some(it.id.as_str()));
            assert_eq!(table.customer_id(i), it.customer_id.as_deref());
            assert_eq!(table.topic(i), it.topic.as_deref());
            assert_eq!(table.created_at(i), Some(it.created_at));
            assert_eq!(table.channel(i), Some(it.channel));
            for d in [
                Dimension::Agent,
                Dimension::Channel,
                Dimension::Group,
                Dimension::Topic,
                Dimension::Priority,
            ] {
                assert_eq!(
                    table.dimension(i, &d),
                    Some(dimension_value(it, &d)),
                    "{d:?}"
                );
                let n = table.dimension_number(i, &d).unwrap();
                let value = dimension_value(it, &d);
                assert_eq!(*named.entry(n).or_insert(value), value, "{d:?} number {n}");
            }
            assert_eq!(
                table.dimension(i, &Dimension::Attribute("tier".into())),
                None
            );
            assert_eq!(
                table.dimension_number(i, &Dimension::Attribute("tier".into())),
                None
            );
            assert_eq!(table.interaction(i).unwrap().as_ref(), Some(it));
        }
        let n = table.len();
        assert_eq!(table.id(n), None);
        assert_eq!(table.created_at(n), None);
        assert_eq!(table.dimension_number(n, &Dimension::Agent), None);
        assert!(table.interaction(n).unwrap().is_none());
    }

    /// Ids repeated within and across parts (the first wins), bad rows, a quoted field
    /// spanning lines, on 1, 2, 3 and 5 threads; a malformed text fails as the whole read.
    /// (Rows in three blocks of `first_part`, several parts to a block.)
    #[test]
    fn table_is_the_whole_read() {
        let text = messy_text(9_000, 5, "\r\n", true);
        for threads in [1, 2, 3, 5] {
            check(&text, threads);
        }
        let cut = text.len() * 3 / 4;
        check(&format!("{}\"{}", &text[..cut], &text[cut..]), 2);
        check("", 2);
        check("id,channel\n", 2);
        check(
            "\u{feff}id,channel,created_at\n1,chat,2026-03-02T09:00:00Z\n",
            2,
        );
    }

    /// An id whose hash another id has is not a duplicate of it.
    #[test]
    fn equal_hashes_are_not_equal_ids() {
        let text =
            "id,channel,created_at\na,chat,2026-03-02T09:00:00Z\nb,chat,2026-03-02T09:00:00Z\n";
        let table = SummaryTable::read(text, 1).unwrap();
        let mut part = table.parts[0].clone();
        for r in &mut part.rows {
            r.hash = 7;
        }
        part.quality = DataQuality {
            rows_read: 2,
            ..DataQuality::default()
        };
        part.shard();
        let merged = SummaryTable::merged(text, table.cols.clone(), 3, vec![part], 1);
        assert_eq!(merged.len(), 2);
        assert!(merged.quality().findings.is_empty());
    }

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("a".to_string()),
            Just("b, c".to_string()),
            Just("say \"hi\"".to_string()),
            Just("two\nlines".to_string()),
            Just(" 1 ".to_string()),
            Just("x".to_string()),
        ]
    }

    fn instant() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("2026-03-02T09:00:00Z".to_string()),
            Just("2026-03-02T10:00:00+01:00".to_string()),
            Just("2026-03-02T08:30:00.25Z".to_string()),
            Just("2026-03-03T09:00:00Z".to_string()),
            Just("2026-03-02 09:00:00".to_string()),
        ]
    }

    prop_compose! {
        fn row()(
            id in prop_oneof![Just(String::new()), "[1-6]"],
            channel in prop_oneof![Just("chat"), Just("email"), Just("fax"), Just("")],
            agent in cell(),
            customer in prop_oneof![Just(String::new()), "c[1-3]"],
            topic in cell(),
            created in instant(),
            replied in instant(),
            count in prop_oneof![Just(""), Just("2"), Just("-1"), Just("x")],
            seconds in prop_oneof![Just(""), Just("1.5"), Just("-2"), Just("inf")],
            tier in cell(),
            ragged in proptest::bool::weighted(0.05),
            blank in proptest::bool::weighted(0.1),
        ) -> String {
            let mut line = String::new();
            if blank {
                line.push('\n');
            }
            let fields = [
                id.as_str(), channel, &agent, &customer, &topic, &created, &replied, count,
                seconds, &tier,
            ];
            let keep = if ragged { fields.len() - 1 } else { fields.len() };
            for (k, f) in fields.iter().take(keep).enumerate() {
                if k > 0 {
                    line.push(',');
                }
                push_field(&mut line, f);
            }
            line
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any text of good and bad rows: the table is the whole read, on any number of
        /// threads and part sizes.
        #[test]
        fn any_text_reads_as_the_whole(
            rows in proptest::collection::vec(row(), 0..40),
            crlf in any::<bool>(),
            threads in 1usize..5,
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = "id,channel,agent,customer_id,topic,created_at,first_response_at,\
                            agent_replies,wait_seconds,tier"
                .to_string();
            for r in rows {
                text.push_str(end);
                text.push_str(&r);
            }
            text.push_str(end);
            check(&text, threads);
        }
    }
}
