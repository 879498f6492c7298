//! A strict, fast RFC 4180 CSV reader over text already in memory.
//!
//! The interactions summary CSV and the surveys CSV are inputs every language shares, so they are
//! parsed here, once, rather than by pandas, by JS and by the CLI each in its own way. The reader
//! does no I/O: the CLI, the bindings and the browser hand it text.
//!
//! Rules: fields separated by `,`; records end with `\n` or `\r\n`; a field may be quoted with `"`,
//! and a quote inside a quoted field is doubled (`""`); a UTF-8 byte-order mark at the start is
//! skipped; blank lines are skipped; a quote inside an unquoted field, text after a closing quote
//! and an unterminated quoted field are errors naming the line and column.
//!
//! ```
//! use support_metrics::csv::{CsvReader, Record};
//! let mut reader = CsvReader::new("id,topic\n1,\"billing, refunds\"\r\n2,\"say \"\"hi\"\"\"\n");
//! let mut rec = Record::default();
//! let mut rows = Vec::new();
//! while reader.read(&mut rec)? {
//!     rows.push((rec.line(), rec.get(0).unwrap().to_string(), rec.get(1).unwrap().to_string()));
//! }
//! assert_eq!(rows[1], (2, "1".to_string(), "billing, refunds".to_string()));
//! assert_eq!(rows[2].2, "say \"hi\"");
//! # Ok::<(), support_metrics::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One record: its fields, stored in one reused buffer, separated by commas (so that a record
/// on one line without quotes is copied in one piece).
#[derive(Debug, Clone, Default)]
pub struct Record {
    buf: String,
    ends: Vec<usize>,
    line: u64,
}

impl Record {
    /// The 1-based line the record starts on.
    #[must_use]
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Number of fields.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the record has no fields (never the case for a record returned by the reader).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, unquoted.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 {
            0
        } else {
            *self.ends.get(i - 1)? + 1
        };
        self.buf.get(start..end)
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }
}

/// Reads records from CSV text; see the [module docs](self) for the rules.
#[derive(Debug, Clone)]
pub struct CsvReader<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
}

impl<'a> CsvReader<'a> {
    /// A reader over `text` (a leading byte-order mark is skipped).
    #[must_use]
    pub fn new(text: &'a str) -> CsvReader<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        CsvReader {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// The line the next record starts on (1-based).
    #[must_use]
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Bytes of `text` read so far (a leading byte-order mark included), where the next record
    /// starts: after the header, the start of the first [`Part`].
    pub(crate) fn offset(&self, text: &str) -> usize {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        bom + self.pos
    }

    /// Bytes of its text read so far (of `text[part.start..]` for a [`part`](Self::part)
    /// reader): where the next record, or the blank lines before it, start.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// A reader over the records of `text[part.start..part.end]`, numbering lines from
    /// `part.first_line` (for reading the parts of [`parts`] apart).
    #[must_use]
    pub fn part(text: &'a str, part: &Part) -> CsvReader<'a> {
        CsvReader {
            text: text.get(part.start..part.end).unwrap_or_default(),
            pos: 0,
            line: part.first_line,
        }
    }

    /// Reads the next record into `rec`; `Ok(false)` at the end of the text.
    pub fn read(&mut self, rec: &mut Record) -> Result<bool> {
        if !self.start_record(rec) {
            return Ok(false);
        }
        match self.read_plain_line(rec) {
            Some(done) => Ok(done),
            None => self.read_fields(rec),
        }
    }

    /// Skips blank lines and starts `rec` on the next record's line; false at the end.
    fn start_record(&mut self, rec: &mut Record) -> bool {
        rec.clear();
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos) {
                None => return false,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                }
                Some(b'\r') if bytes.get(self.pos + 1) == Some(&b'\n') => {
                    self.pos += 2;
                    self.line += 1;
                }
                Some(_) => break,
            }
        }
        rec.line = self.line;
        true
    }

    /// Reads a record field by field (any record: quoted fields, line breaks in them, and
    /// the errors).
    fn read_fields(&mut self, rec: &mut Record) -> Result<bool> {
        let bytes = self.text.as_bytes();
        let mut line_start = self.pos;
        loop {
            // One field.
            if !rec.ends.is_empty() {
                rec.buf.push(',');
            }
            if bytes.get(self.pos) == Some(&b'"') {
                let open_col = self.pos - line_start + 1;
                let open_line = self.line;
                self.pos += 1;
                loop {
                    let rest = &bytes[self.pos..];
                    let Some(q) = rest.iter().position(|&b| b == b'"') else {
                        return Err(csv_error(
                            open_line,
                            open_col,
                            "a quoted field is never closed",
                        ));
                    };
                    let chunk = &self.text[self.pos..self.pos + q];
                    for (i, _) in chunk.match_indices('\n') {
                        self.line += 1;
                        line_start = self.pos + i + 1;
                    }
                    rec.buf.push_str(chunk);
                    self.pos += q + 1;
                    if bytes.get(self.pos) == Some(&b'"') {
                        rec.buf.push('"');
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                match bytes.get(self.pos) {
                    None | Some(b',' | b'\n') => {}
                    Some(b'\r') if bytes.get(self.pos + 1) == Some(&b'\n') => {}
                    Some(_) => {
                        return Err(csv_error(
                            self.line,
                            self.pos - line_start + 1,
                            "text after the closing quote of a quoted field",
                        ))
                    }
                }
            } else {
                let rest = &bytes[self.pos..];
                let n = field_end(rest);
                if rest.get(n) == Some(&b'"') {
                    return Err(csv_error(
                        self.line,
                        self.pos + n - line_start + 1,
                        "a quote inside an unquoted field (quote the whole field and double the quote)",
                    ));
                }
                rec.buf.push_str(&self.text[self.pos..self.pos + n]);
                self.pos += n;
            }
            rec.ends.push(rec.buf.len());
            match bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    return Ok(true);
                }
                Some(b'\r') => {
                    self.pos += 2;
                    self.line += 1;
                    return Ok(true);
                }
                _ => return Ok(true),
            }
        }
    }
}

impl CsvReader<'_> {
    /// The common record: one line without a quote, copied whole and split at its commas (a
    /// word at a time). `None` when the record has a quote (the field-by-field reader reads
    /// it, and finds its errors).
    fn read_plain_line(&mut self, rec: &mut Record) -> Option<bool> {
        let rest = self.text.get(self.pos..)?.as_bytes();
        let stop = match find_newline_or_quote(rest) {
            Some(k) if rest.get(k) == Some(&b'"') => return None,
            Some(k) => k,
            None => rest.len(),
        };
        // `\r\n` ends the record; a lone `\r` (at the end of the text) is data.
        let len = if stop < rest.len() && stop > 0 && rest.get(stop - 1) == Some(&b'\r') {
            stop - 1
        } else {
            stop
        };
        let line = self.text.get(self.pos..self.pos + len)?;
        rec.buf.push_str(line);
        push_commas(line.as_bytes(), &mut rec.ends);
        rec.ends.push(len);
        if stop < rest.len() {
            self.pos += stop + 1;
            self.line += 1;
        } else {
            self.pos += stop;
        }
        Some(true)
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of each byte of `w` equal to `b`, exactly (no false positives after a match,
/// unlike the shorter zero-byte test).
#[inline]
fn eq_mask(w: u64, b: u8) -> u64 {
    let x = w ^ (ONES * u64::from(b));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The little-endian word of 8 bytes.
#[inline]
fn word(chunk: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

/// The first `\n` or `"` of `bytes`, 8 bytes at a time.
fn find_newline_or_quote(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let w = word(c);
        let m = eq_mask(w, b'\n') | eq_mask(w, b'"');
        if m != 0 {
            return Some(at + (m.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&b| b == b'\n' || b == b'"')
        .map(|k| at + k)
}

/// Pushes the position of every `,` of `line`, 8 bytes at a time.
fn push_commas(line: &[u8], ends: &mut Vec<usize>) {
    let mut chunks = line.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let mut m = eq_mask(word(c), b',');
        while m != 0 {
            ends.push(at + (m.trailing_zeros() / 8) as usize);
            m &= m - 1;
        }
        at += 8;
    }
    for (k, &b) in chunks.remainder().iter().enumerate() {
        if b == b',' {
            ends.push(at + k);
        }
    }
}

/// The end of an unquoted field: the first `,`, `\n`, `"` or `\r\n` (a lone `\r` is data).
fn field_end(rest: &[u8]) -> usize {
    let mut n = 0;
    while let Some(&b) = rest.get(n) {
        match b {
            b',' | b'\n' | b'"' => return n,
            b'\r' if rest.get(n + 1) == Some(&b'\n') => return n,
            _ => n += 1,
        }
    }
    n
}

fn csv_error(line: u64, column: usize, reason: &'static str) -> Error {
    Error::InvalidCsv {
        line,
        column: column as u64,
        reason,
    }
}

/// Maps a header record to column positions, so rows are read by name.
#[derive(Debug, Clone)]
pub struct Header {
    names: Vec<String>,
}

impl Header {
    /// Reads the header, refusing empty and duplicate names; names are trimmed.
    pub fn new(rec: &Record) -> Result<Header> {
        let names: Vec<String> = rec.iter().map(|s| s.trim().to_string()).collect();
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() || names[..i].contains(name) {
                return Err(Error::InvalidCsv {
                    line: rec.line(),
                    column: i as u64 + 1,
                    reason: if name.is_empty() {
                        "an empty column name in the header"
                    } else {
                        "a column name appears twice in the header"
                    },
                });
            }
        }
        Ok(Header { names })
    }

    /// The position of a column, if present.
    #[must_use]
    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The position of a required column, or a `missing_column` error that lists what the
    /// header has (so a misspelling is easy to see).
    pub fn require(&self, name: &str) -> Result<usize> {
        self.position(name).ok_or_else(|| Error::MissingColumn {
            column: name.to_string(),
            found: self.names.join(","),
        })
    }

    /// The column names.
    #[must_use]
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// Whole records of a CSV text: bytes `start..end`, the first record starting on line
/// `first_line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// First byte (of the original text, a byte-order mark included).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The line of the first record.
    pub first_line: u64,
}

/// Splits the records after the header of `text` into at most `n` parts of about equal size,
/// each starting at the beginning of a line outside any quoted field, so that a large file
/// can be read in parts on several threads (as `read_summary_csv_in_parts` does) and each part
/// gives the records, lines and errors a whole read gives. `None` when the text has no
/// header record (empty) or its header is malformed: read it whole to get the error.
///
/// A quote can only open or close a quoted field or be doubled inside one (a quote anywhere
/// else is an error of the whole read), so a line start with an even number of quotes before
/// it is outside any quoted field whenever the text is valid up to there; where it is not,
/// the part that holds the fault reports it. The one pass over the text counts quotes and
/// line breaks.
///
/// ```
/// use support_metrics::csv::{parts, CsvReader, Record};
/// let text = "a,b\n1,\"x\ny\"\n2,z\n3,w\n";
/// let ps = parts(text, 3).unwrap();
/// let mut lines = Vec::new();
/// for p in &ps {
///     let mut r = CsvReader::part(text, p);
///     let mut rec = Record::default();
///     while r.read(&mut rec)? {
///         lines.push(rec.line());
///     }
/// }
/// assert_eq!(lines, [2, 4, 5]); // the record on line 2 spans two lines
/// # Ok::<(), support_metrics::Error>(())
/// ```
#[must_use]
pub fn parts(text: &str, n: usize) -> Option<Vec<Part>> {
    parts_on(text, n, 1)
}

/// [`parts`], the quotes and line breaks counted on up to `threads` threads: the text is cut
/// at the goals into segments, each counted on its own, and the counts before each goal are
/// their sums. (The pass over a 120 MB text is otherwise 60 ms on one core before any part
/// can start.) The parts are exactly [`parts`]'s.
pub(crate) fn parts_on(text: &str, n: usize, threads: usize) -> Option<Vec<Part>> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut header = CsvReader::new(text);
    let mut rec = Record::default();
    if !header.read(&mut rec).ok()? {
        return None;
    }
    let bytes = text.as_bytes();
    let start = bom + header.pos;
    let (n, len) = (n.max(1), bytes.len());
    // Where the search for each part's end starts: the byte before its goal (a line break
    // there ends the part at the goal), and the quotes and line breaks before it.
    let from: Vec<usize> = (1..n)
        .map(|k| (start + (len - start) * k / n).saturating_sub(1).max(start))
        .collect();
    let segments: Vec<(usize, usize)> = from
        .iter()
        .scan(start, |prev, &f| {
            let seg = (*prev, f);
            *prev = f;
            Some(seg)
        })
        .collect();
    let counts = crate::threads::map(&segments, threads, |&(a, b)| {
        quotes_and_lines(bytes.get(a..b).unwrap_or_default())
    });
    let mut out = Vec::with_capacity(n);
    let (mut at, mut line, mut quotes) = (start, header.line, 0u64);
    let (mut seen_quotes, mut seen_lines) = (0u64, 0u64);
    let mut part_start = (start, header.line);
    for (&f, &(q, l)) in from.iter().zip(&counts) {
        (seen_quotes, seen_lines) = (seen_quotes + q, seen_lines + l);
        if f >= at {
            // (Past `f` already when the last part's end overshot this goal: go on from there.)
            (at, quotes, line) = (f, seen_quotes, header.line + seen_lines);
        }
        // On byte by byte to the first line start past `f`, outside quotes.
        while at < len {
            let b = bytes.get(at).copied().unwrap_or(0);
            at += 1;
            match b {
                b'"' => quotes += 1,
                b'\n' => {
                    line += 1;
                    if quotes % 2 == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        if at > part_start.0 && at < len {
            out.push(Part {
                start: part_start.0,
                end: at,
                first_line: part_start.1,
            });
            part_start = (at, line);
        }
    }
    out.push(Part {
        start: part_start.0,
        end: len,
        first_line: part_start.1,
    });
    Some(out)
}

/// The quotes and line breaks of `bytes`, 8 bytes at a time.
fn quotes_and_lines(bytes: &[u8]) -> (u64, u64) {
    let (mut quotes, mut lines) = (0u64, 0u64);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = word(c);
        quotes += u64::from(eq_mask(w, b'"').count_ones());
        lines += u64::from(eq_mask(w, b'\n').count_ones());
    }
    for &b in chunks.remainder() {
        quotes += u64::from(b == b'"');
        lines += u64::from(b == b'\n');
    }
    (quotes, lines)
}

/// Appends `field` to `out` as one RFC 4180 field: quoted (with inner quotes doubled) when
/// it holds a comma, a quote, a line break, leading or trailing spaces or a leading byte-order
/// mark, so that [`CsvReader`] reads back exactly `field`. (A record of one empty field must
/// be written as `""` by the caller: an empty line is skipped.)
///
/// ```
/// let mut line = String::new();
/// support_metrics::csv::push_field(&mut line, "plain");
/// line.push(',');
/// support_metrics::csv::push_field(&mut line, "say \"hi\", then go");
/// assert_eq!(line, r#"plain,"say ""hi"", then go""#);
/// ```
pub fn push_field(out: &mut String, field: &str) {
    let needs =
        field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if needs {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Digits with at most one point and at most 15 digits (scores, most durations; `12`, `0.25`,
/// `.5`, `7.`): the integer of the digits over a power of ten. Both are exact `f64`s (below
/// 2^53 and 10^22), so the one division rounds correctly (Clinger's fast path, which `str::parse`
/// takes too) without building a text for serde_json.
fn plain_decimal(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    if b.len() > 16 {
        return None;
    }
    let (mut m, mut digits, mut fraction, mut point) = (0u64, 0usize, 0usize, false);
    for &c in b {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(c - b'0');
                digits += 1;
                fraction += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    Some(m as f64 / POW10.get(fraction)?)
}

/// `field.trim()`, with the usual case (no white space at either end) decided on two bytes:
/// a field's first and last bytes in `!`..=DEL are characters that are not white space, so
/// nothing is trimmed. [`str::trim`] itself walks characters through the Unicode table, which
/// was 3% of a report's instructions (several fields of every row).
#[inline]
#[must_use]
pub(crate) fn trim(field: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| (b'!'..=0x7f).contains(&b));
    let bytes = field.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        field
    } else {
        field.trim()
    }
}

/// A number field, read exactly as `str::parse::<f64>` reads it: an optional sign, then
/// `inf`, `infinity` or `nan` in any case, or digits with an optional point and an optional
/// exponent (`+4`, `.5`, `5.`, `1e3`; no spaces). `None`: not a number.
///
/// Why not `str::parse`: the conversion goes through serde_json's correctly rounded reader,
/// which the core carries anyway for its JSON documents, so the WebAssembly module holds one
/// decimal-to-binary table instead of two (core's is 10 KB of data that does not compress).
/// Both round to nearest, ties to even: the same `f64` for every input (tested against
/// `str::parse` and fuzzed).
///
/// ```
/// use support_metrics::csv::parse_number;
/// assert_eq!(parse_number("4"), Some(4.0));
/// assert_eq!(parse_number("+.5e1"), Some(5.0));
/// assert_eq!(parse_number("0.1"), Some(0.1));
/// assert_eq!(parse_number("1e400"), Some(f64::INFINITY));
/// assert!(parse_number("NaN").is_some_and(f64::is_nan));
/// assert_eq!(parse_number("4 "), None);
/// assert_eq!(parse_number("1,5"), None);
/// ```
#[must_use]
pub fn parse_number(field: &str) -> Option<f64> {
    let b = field.as_bytes();
    let (negative, rest) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, b),
    };
    let signed = |v: f64| if negative { -v } else { v };
    if let Some(v) = plain_decimal(rest) {
        return Some(signed(v));
    }
    for (name, v) in [
        ("inf", f64::INFINITY),
        ("infinity", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        if rest.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(signed(v));
        }
    }
    // Rust's grammar, split into its parts, then written in JSON's: no `+`, no leading zeros,
    // a digit on both sides of the point, and a point or an exponent so that serde_json
    // reads a float (an integer past 2^64 would otherwise be refused).
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    let int_len = digits(rest);
    let (int, mut tail) = rest.split_at(int_len);
    let mut frac: &[u8] = &[];
    if let Some((b'.', after)) = tail.split_first() {
        let n = digits(after);
        (frac, tail) = after.split_at(n);
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut exponent: Option<(&[u8], &[u8])> = None;
    if let Some((b'e' | b'E', after)) = tail.split_first() {
        let (sign, after) = match after.split_first() {
            Some((s @ (b'+' | b'-'), after)) => (std::slice::from_ref(s), after),
            _ => (&[][..], after),
        };
        let n = digits(after);
        if n == 0 {
            return None;
        }
        exponent = Some((sign, &after[..n]));
        tail = &after[n..];
    }
    if !tail.is_empty() {
        return None;
    }
    let int = match int.iter().position(|&d| d != b'0') {
        Some(first) => &int[first..],
        None => b"0",
    };
    let mut text = Vec::with_capacity(field.len() + 4);
    if negative {
        text.push(b'-');
    }
    text.extend_from_slice(int);
    if !frac.is_empty() {
        text.push(b'.');
        text.extend_from_slice(frac);
    }
    match exponent {
        Some((sign, e)) => {
            text.push(b'e');
            text.extend_from_slice(sign);
            text.extend_from_slice(e);
        }
        None if frac.is_empty() => text.extend_from_slice(b".0"),
        None => {}
    }
    // The text is valid JSON: serde_json's only refusal is a magnitude past f64::MAX, which
    // `str::parse` reads as infinity.
    let text = std::str::from_utf8(&text).ok()?;
    Some(serde_json::from_str::<f64>(text).unwrap_or(signed(f64::INFINITY)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// `trim` is `str::trim` on any text, and on texts built from the characters at its
        /// edges: ASCII controls and spaces, `!` and DEL, and Unicode white space (NEL, NBSP,
        /// ideographic space) and non-space.
        #[test]
        fn trim_is_str_trim(
            any in ".{0,12}",
            parts in prop::collection::vec(prop::sample::select(vec![
                " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{1c}", "\u{1f}", "!", "\u{7f}",
                "\u{85}", "\u{a0}", "\u{3000}", "\u{2028}", "é", "x", "~", "",
            ]), 0..6),
        ) {
            prop_assert_eq!(trim(&any), any.trim());
            let edge = parts.concat();
            prop_assert_eq!(trim(&edge), edge.trim());
        }
    }

    /// `parse_number` against `str::parse::<f64>`: the same value, bit for bit (any NaN for
    /// NaN), or both refusing.
    fn same_as_std(text: &str) -> std::result::Result<(), String> {
        let ours = parse_number(text);
        let std = text.parse::<f64>().ok();
        let same = match (ours, std) {
            (Some(a), Some(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (None, None) => true,
            _ => false,
        };
        if same {
            Ok(())
        } else {
            Err(format!("{text:?}: ours {ours:?}, str::parse {std:?}"))
        }
    }

    #[test]
    fn numbers_read_as_str_parse_reads_them() {
        let cases = [
            "0",
            "-0",
            "+0",
            "00",
            "-0.0",
            "0.0e0",
            "4",
            "+4",
            "-4",
            "007",
            "1.",
            "1.e5",
            ".5",
            "-.5",
            "+.5e1",
            "5.0E-1",
            "1e+3",
            "1E3",
            "1e",
            "1e+",
            "e5",
            ".",
            "-",
            "+",
            "",
            " 1",
            "1 ",
            "1,5",
            "1..2",
            "1e5.5",
            "0x10",
            "1_000",
            "inf",
            "-INF",
            "+Infinity",
            "infinit",
            "nan",
            "NaN",
            "-nan",
            "infinityx",
            "9007199254740993",
            "123456789012345",
            "1234567890123456",
            "18446744073709551616",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "1e309",
            "-1e400",
            "1e-400",
            "4.9e-324",
            "2.4e-324",
            "2.5e-324",
            "2.2250738585072011e-308",
            "0.1",
            "0.30000000000000004",
            "1e99999999999999999999",
            "-1e-99999999999999999999",
            "0e99999999999999999999",
            "1e00000000000000000000000000001",
            "٣",
            "１",
        ];
        for c in cases {
            same_as_std(c).unwrap();
        }
        // A halfway case with 800 digits: only exact arithmetic rounds it right.
        let halfway = format!("9007199254740993{}1", "0".repeat(780));
        same_as_std(&halfway).unwrap();
        same_as_std(&format!("0.{}1e-300", "0".repeat(800))).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn any_text_of_number_characters(text in "[-+0-9.eEinfatyINFATY]{0,24}") {
            same_as_std(&text).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn every_float_printed_reads_back(bits in any::<u64>(), digits in 0usize..20) {
            let x = f64::from_bits(bits);
            for text in [format!("{x}"), format!("{x:e}"), format!("{x:.digits$e}"), format!("{x:.digits$}")] {
                same_as_std(&text).map_err(TestCaseError::fail)?;
            }
        }

        #[test]
        fn long_mantissas_and_exponents(
            int in "[0-9]{0,40}",
            frac in proptest::option::of("[0-9]{0,40}"),
            exp in proptest::option::of(-400i32..400),
        ) {
            let mut text = int;
            if let Some(f) = frac {
                text = format!("{text}.{f}");
            }
            if let Some(e) = exp {
                text = format!("{text}e{e}");
            }
            same_as_std(&text).map_err(TestCaseError::fail)?;
        }
    }

    fn all(text: &str) -> Result<Vec<(u64, Vec<String>)>> {
        let mut r = CsvReader::new(text);
        let mut rec = Record::default();
        let mut out = Vec::new();
        while r.read(&mut rec)? {
            out.push((rec.line(), rec.iter().map(str::to_string).collect()));
        }
        Ok(out)
    }

    /// The one-line fast path reads what the field-by-field reader reads: records, lines,
    /// errors, on texts of commas, quotes, line breaks, carriage returns and spaces.
    #[test]
    fn the_fast_path_is_the_field_reader() {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("a"),
            Just("bc"),
            Just(","),
            Just("\""),
            Just("\n"),
            Just("\r"),
            Just("\r\n"),
            Just(" "),
            Just("0123456789"),
        ];
        let text = proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat());
        let read_all = |text: &str, fast: bool| {
            let mut reader = CsvReader::new(text);
            let mut rec = Record::default();
            let mut out = Vec::new();
            loop {
                let more = if fast {
                    reader.read(&mut rec)
                } else if reader.start_record(&mut rec) {
                    reader.read_fields(&mut rec)
                } else {
                    Ok(false)
                };
                match more {
                    Ok(true) => out.push(Ok((
                        rec.line(),
                        rec.iter().map(str::to_string).collect::<Vec<_>>(),
                        reader.pos(),
                    ))),
                    Ok(false) => break,
                    Err(e) => {
                        out.push(Err(e.to_string()));
                        break;
                    }
                }
            }
            out
        };
        proptest!(ProptestConfig::with_cases(2000), |(t in text)| {
            prop_assert_eq!(read_all(&t, true), read_all(&t, false));
        });
    }

    /// The parts counted on threads are exactly those of the one-pass split (the function
    /// before the threads, kept here as the reference), on texts of quotes, line breaks,
    /// carriage returns, commas and multi-byte characters, for any number of parts.
    #[test]
    fn parts_on_threads_are_the_one_pass_parts() {
        use proptest::prelude::*;
        fn reference(text: &str, n: usize) -> Option<Vec<Part>> {
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let mut header = CsvReader::new(text);
            let mut rec = Record::default();
            if !header.read(&mut rec).ok()? {
                return None;
            }
            let bytes = text.as_bytes();
            let start = bom + header.pos;
            let (n, len) = (n.max(1), bytes.len());
            let mut out = Vec::new();
            let (mut at, mut line, mut quotes) = (start, header.line, 0u64);
            let mut part_start = (start, header.line);
            for k in 1..n {
                let goal = start + (len - start) * k / n;
                while at < len {
                    let b = bytes[at];
                    at += 1;
                    match b {
                        b'"' => quotes += 1,
                        b'\n' => {
                            line += 1;
                            if at >= goal && quotes % 2 == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                if at > part_start.0 && at < len {
                    out.push(Part {
                        start: part_start.0,
                        end: at,
                        first_line: part_start.1,
                    });
                    part_start = (at, line);
                }
            }
            out.push(Part {
                start: part_start.0,
                end: len,
                first_line: part_start.1,
            });
            Some(out)
        }
        let piece = prop_oneof![
            Just("a,b"),
            Just("0123456789abcdef"),
            Just(","),
            Just("\""),
            Just("\"\""),
            Just("\n"),
            Just("\r\n"),
            Just("é€"),
        ];
        let text = (proptest::collection::vec(piece, 0..60), any::<bool>()).prop_map(|(v, bom)| {
            format!("{}id,x\n{}", if bom { "\u{feff}" } else { "" }, v.concat())
        });
        proptest!(ProptestConfig::with_cases(3000), |(t in text, n in 1usize..12, threads in 1usize..5)| {
            prop_assert_eq!(parts_on(&t, n, threads), reference(&t, n));
        });
        // A long text: many words per segment, a quoted field across goals.
        let mut long = String::from("id,x\n");
        for i in 0..5000 {
            long.push_str(&format!("{i},\"a\n{}\"\n", "b".repeat(i % 37)));
        }
        for n in [2, 3, 7, 16, 64] {
            assert_eq!(parts_on(&long, n, 3), reference(&long, n));
        }
        assert_eq!(parts_on("", 4, 2), None);
    }

    #[test]
    fn reads_rfc4180() {
        let rows = all("\u{feff}a,b,c\r\n1,,3\n\n\"x\ny\",\"\"\"\",z\nlast,row,\"\"").unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0], (1, vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(rows[1], (2, vec!["1".into(), "".into(), "3".into()]));
        assert_eq!(rows[2], (4, vec!["x\ny".into(), "\"".into(), "z".into()]));
        assert_eq!(rows[3], (6, vec!["last".into(), "row".into(), "".into()]));
        assert_eq!(
            all("a\rb,c\n").unwrap()[0].1,
            vec!["a\rb".to_string(), "c".to_string()]
        );
        assert_eq!(
            all("a,\n").unwrap()[0].1,
            vec!["a".to_string(), "".to_string()]
        );
        assert_eq!(all("").unwrap().len(), 0);
        assert_eq!(
            all("é,ü\n").unwrap()[0].1,
            vec!["é".to_string(), "ü".to_string()]
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = all("a,b\n1,\"open\n2,3\n").unwrap_err();
        assert_eq!(e.code(), "invalid_csv");
        assert_eq!(
            e.to_string(),
            "CSV line 2, column 3: a quoted field is never closed"
        );
        assert_eq!(all("a,b\nx\"y,2\n").unwrap_err().to_string(), "CSV line 2, column 2: a quote inside an unquoted field (quote the whole field and double the quote)");
        assert_eq!(
            all("\"a\"b\n").unwrap_err().to_string(),
            "CSV line 1, column 4: text after the closing quote of a quoted field"
        );
    }

    #[test]
    fn header() {
        let mut r = CsvReader::new("id, score ,id\n");
        let mut rec = Record::default();
        r.read(&mut rec).unwrap();
        assert_eq!(Header::new(&rec).unwrap_err().code(), "invalid_csv");
        let mut r = CsvReader::new("id,scor\n");
        r.read(&mut rec).unwrap();
        let h = Header::new(&rec).unwrap();
        assert_eq!(
            h.require("score").unwrap_err().to_string(),
            "missing required column `score` (the header has: id,scor)"
        );
    }
}
