//! A table's columns as the CSV text the core reads: conversion only, done here because writing
//! a million rows cell by cell in Python costs seconds. The Python layer (`_api.table_csv`)
//! hands over each column in place (numpy arrays, Arrow string buffers, or its cells joined by
//! line breaks) and this writes exactly the text its own writer gives (the pytest suite compares
//! the two, with a hypothesis property for floats): integers in decimal, flags `true` /
//! `false`, floats as Python's `repr` (a whole one under 2^53 without its `.0`, NaN missing,
//! infinities spelled `Infinity`), missing cells empty. A cell the csv module would quote (a
//! comma, a quote or a line break in it) makes the answer `None`: the Python writer then writes
//! the whole table.

use std::fmt::Write as _;

use chrono::Datelike;
use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// One column as handed over, owning its Python-side buffers while the text is written.
enum Source<'py> {
    /// Every cell's text, joined by `\n` (no cell contains one).
    Joined(String),
    /// Arrow strings: `offsets` (rows + 1) into the UTF-8 `data`; nulls filled with "".
    Arrow(PyReadonlyArray1<'py, i64>, PyReadonlyArray1<'py, u8>),
    Int(
        PyReadonlyArray1<'py, i64>,
        Option<PyReadonlyArray1<'py, bool>>,
    ),
    Float(PyReadonlyArray1<'py, f64>),
    Flag(
        PyReadonlyArray1<'py, bool>,
        Option<PyReadonlyArray1<'py, bool>>,
    ),
    /// Aware instants: wall-clock ticks (local time, or UTC where the offset is not whole
    /// minutes), the offset in seconds, presence, and ticks per second.
    Instant(
        PyReadonlyArray1<'py, i64>,
        PyReadonlyArray1<'py, i64>,
        PyReadonlyArray1<'py, bool>,
        i64,
    ),
}

/// A column ready to write, borrowing its source.
enum View<'a> {
    /// Cells separated by `\n`; `clean` when no cell can need quoting.
    Joined(&'a str, bool),
    /// Arrow offsets (rows + 1) into the text; `clean` as above.
    Arrow(&'a [i64], &'a str, bool),
    Int(&'a [i64], Option<&'a [bool]>),
    Float(&'a [f64]),
    Flag(&'a [bool], Option<&'a [bool]>),
    Instant(&'a [i64], &'a [i64], &'a [bool], i64),
}

impl View<'_> {
    fn len(&self) -> usize {
        match self {
            View::Joined(t, _) => t.bytes().filter(|&b| b == b'\n').count() + 1,
            View::Arrow(o, _, _) => o.len().saturating_sub(1),
            View::Int(v, _) => v.len(),
            View::Float(v) => v.len(),
            View::Flag(v, _) => v.len(),
            View::Instant(v, _, _, _) => v.len(),
        }
    }
}

fn bad(message: String) -> PyErr {
    PyValueError::new_err(message)
}

fn slice<'a, T: numpy::Element>(a: &'a PyReadonlyArray1<'_, T>, i: usize) -> PyResult<&'a [T]> {
    a.as_slice()
        .map_err(|_| bad(format!("column {i}: not a contiguous array")))
}

fn source<'py>(i: usize, column: &Bound<'py, PyAny>) -> PyResult<Source<'py>> {
    let (kind, a, b): (String, Bound<'py, PyAny>, Option<Bound<'py, PyAny>>) = column.extract()?;
    Ok(match kind.as_str() {
        "joined" => Source::Joined(a.extract()?),
        "arrow" => Source::Arrow(
            a.extract()?,
            b.as_ref()
                .map(|b| b.extract())
                .transpose()?
                .ok_or_else(|| bad(format!("column {i}: arrow text without its data")))?,
        ),
        "int" => Source::Int(a.extract()?, b.as_ref().map(|b| b.extract()).transpose()?),
        "float" => Source::Float(a.extract()?),
        "flag" => Source::Flag(a.extract()?, b.as_ref().map(|b| b.extract()).transpose()?),
        "instant" => {
            let (offset, present, per_second): (_, _, i64) = b
                .ok_or_else(|| bad(format!("column {i}: instants without offsets")))?
                .extract()?;
            if ![1, 1_000, 1_000_000, 1_000_000_000].contains(&per_second) {
                return Err(bad(format!("column {i}: {per_second} ticks per second")));
            }
            Source::Instant(a.extract()?, offset, present, per_second)
        }
        other => return Err(bad(format!("column {i}: unknown kind `{other}`"))),
    })
}

fn view<'a>(i: usize, s: &'a Source<'_>) -> PyResult<View<'a>> {
    Ok(match s {
        Source::Joined(text) => View::Joined(text, !text.bytes().any(quoted)),
        Source::Arrow(offsets, data) => {
            let (offsets, data) = (slice(offsets, i)?, slice(data, i)?);
            let data = std::str::from_utf8(data)
                .map_err(|_| bad(format!("column {i}: text that is not UTF-8")))?;
            let inside = offsets.first().map_or(true, |&o| o >= 0)
                && offsets.windows(2).all(|w| w[0] <= w[1])
                && offsets
                    .last()
                    .map_or(true, |&o| usize::try_from(o).is_ok_and(|o| o <= data.len()));
            if !inside {
                return Err(bad(format!("column {i}: offsets outside the text")));
            }
            View::Arrow(offsets, data, !data.bytes().any(quoted))
        }
        Source::Int(v, valid) => View::Int(
            slice(v, i)?,
            valid.as_ref().map(|m| slice(m, i)).transpose()?,
        ),
        Source::Float(v) => View::Float(slice(v, i)?),
        Source::Instant(wall, offset, present, per_second) => View::Instant(
            slice(wall, i)?,
            slice(offset, i)?,
            slice(present, i)?,
            *per_second,
        ),
        Source::Flag(v, valid) => View::Flag(
            slice(v, i)?,
            valid.as_ref().map(|m| slice(m, i)).transpose()?,
        ),
    })
}

/// CSV text written here, held for [`crate::call`]: it moves into the core's arguments instead
/// of crossing to Python and back (a 100 MB `str` made, then encoded and copied again). A
/// handle is used once; `str()` gives a copy of its text while it has one.
#[pyclass(module = "support_metrics._native")]
pub struct CsvText(Option<String>);

impl CsvText {
    /// The text, leaving the handle empty.
    pub fn take(&mut self) -> Option<String> {
        self.0.take()
    }
}

#[pymethods]
impl CsvText {
    fn __str__(&self) -> PyResult<String> {
        self.0
            .clone()
            .ok_or_else(|| bad("this CSV text was already passed to the core".to_string()))
    }

    fn __repr__(&self) -> String {
        match &self.0 {
            Some(t) => format!("<CSV text of {} bytes>", t.len()),
            None => "<CSV text, passed to the core>".to_string(),
        }
    }
}

/// The CSV text of `head` (the header line, written by the caller) and the rows of `columns`,
/// each `(kind, values, extra)`: `("joined", cells joined by "\n", None)`, `("arrow", offsets
/// int64, data uint8)`, `("int", int64, valid bool or None)`, `("float", float64, None)`,
/// `("flag", bool, valid bool or None)`, `("instant", wall ticks int64, (offset seconds int64,
/// present bool, ticks per second))`, as a [`CsvText`]. `None` when a cell needs quoting or an
/// instant's year is outside 1000..=9999.
#[pyfunction]
pub fn csv_text(
    py: Python<'_>,
    head: &str,
    columns: Vec<Bound<'_, PyAny>>,
) -> PyResult<Option<CsvText>> {
    let sources = columns
        .iter()
        .enumerate()
        .map(|(i, c)| source(i, c))
        .collect::<PyResult<Vec<_>>>()?;
    let views = sources
        .iter()
        .enumerate()
        .map(|(i, s)| view(i, s))
        .collect::<PyResult<Vec<_>>>()?;
    let rows = views.first().map_or(0, View::len);
    for (i, v) in views.iter().enumerate() {
        let ok = match v {
            View::Int(x, Some(m)) if m.len() != x.len() => false,
            View::Flag(x, Some(m)) if m.len() != x.len() => false,
            View::Instant(x, o, p, _) if o.len() != x.len() || p.len() != x.len() => false,
            v => v.len() == rows,
        };
        if !ok {
            return Err(bad(format!(
                "column {i}: another number of rows than column 0 ({rows})"
            )));
        }
    }
    let threads = crate::threads();
    Ok(py
        .detach(|| write(head, &views, rows, threads))
        .map(|t| CsvText(Some(t))))
}

/// Rows from this many are written in parts on threads.
const PARALLEL_ROWS: usize = 100_000;

/// The text of `head` and the rows: in up to `threads` parts of consecutive rows written at
/// once (each joined column's cursor found first), then put together in order. A part that
/// cannot be written (a cell to quote) makes it `None`, as one pass would.
fn write(head: &str, views: &[View<'_>], rows: usize, threads: usize) -> Option<String> {
    let parts = if rows < PARALLEL_ROWS {
        1
    } else {
        threads.max(1)
    };
    let bounds: Vec<usize> = (0..=parts).map(|k| rows * k / parts).collect();
    // Where each part's first cell of each joined column starts.
    let mut starts: Vec<Vec<usize>> = vec![vec![0; views.len()]; parts];
    for (i, v) in views.iter().enumerate() {
        if let View::Joined(text, _) = v {
            let mut lines = text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
            let mut row = 0;
            for k in 1..parts {
                let want = bounds.get(k).copied().unwrap_or(rows);
                let mut at = 0;
                while row < want {
                    at = lines.next().map_or(text.len(), |(j, _)| j + 1);
                    row += 1;
                }
                if let Some(s) = starts.get_mut(k).and_then(|s| s.get_mut(i)) {
                    *s = at;
                }
            }
        }
    }
    let one = |k: usize| -> Option<String> {
        let (from, to) = (bounds.get(k).copied()?, bounds.get(k + 1).copied()?);
        write_rows(views, from..to, starts.get(k)?.clone())
    };
    let written: Vec<Option<String>> = if parts == 1 {
        vec![one(0)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..parts)
                .map(|k| std::thread::Builder::new().spawn_scoped(s, move || one(k)))
                .collect();
            handles
                .into_iter()
                .enumerate()
                .map(|(k, h)| match h {
                    Ok(h) => h.join().ok().flatten(),
                    // No thread: this one writes the part.
                    Err(_) => one(k),
                })
                .collect()
        })
    };
    let len = head.len() + written.iter().flatten().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(len);
    out.push_str(head);
    for w in written {
        out.push_str(&w?);
    }
    Some(out)
}

/// Rows `rows` of the columns, each joined column's cursor at `pos`.
fn write_rows(
    views: &[View<'_>],
    rows: std::ops::Range<usize>,
    mut pos: Vec<usize>,
) -> Option<String> {
    let mut out = String::with_capacity(rows.len() * (views.len() * 8 + 1));
    let mut dates: Vec<Dates> = views.iter().map(|_| Dates::default()).collect();
    for r in rows {
        for (i, v) in views.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match v {
                View::Joined(text, clean) => {
                    let at = pos.get(i).copied().unwrap_or(0);
                    let rest = text.get(at..).unwrap_or("");
                    let cell = rest.split('\n').next().unwrap_or("");
                    if let Some(p) = pos.get_mut(i) {
                        *p = at + cell.len() + 1;
                    }
                    if !clean && cell.bytes().any(quoted) {
                        return None;
                    }
                    out.push_str(cell);
                }
                View::Arrow(offsets, data, clean) => {
                    let at = |k: usize| offsets.get(k).and_then(|&o| usize::try_from(o).ok());
                    // Offsets inside the text were checked; one that splits a character is
                    // not Arrow text: the Python writer takes the table.
                    let cell = at(r).zip(at(r + 1)).and_then(|(a, b)| data.get(a..b))?;
                    if !clean && cell.bytes().any(quoted) {
                        return None;
                    }
                    out.push_str(cell);
                }
                View::Int(x, valid) => {
                    if valid.map_or(true, |m| m.get(r).copied().unwrap_or(false)) {
                        if let Some(&x) = x.get(r) {
                            int(&mut out, x);
                        }
                    }
                }
                View::Float(x) => float_cell(&mut out, x.get(r).copied().unwrap_or(f64::NAN)),
                View::Instant(wall, offset, present, per_second) => {
                    if present.get(r).copied().unwrap_or(false) {
                        let (w, o) = (wall.get(r).copied(), offset.get(r).copied());
                        let (w, o) = (w.unwrap_or(0), o.unwrap_or(0));
                        if !instant_cell(&mut out, &mut dates[i], w, o, *per_second) {
                            return None;
                        }
                    }
                }
                View::Flag(x, valid) => {
                    if valid.map_or(true, |m| m.get(r).copied().unwrap_or(false)) {
                        if let Some(&x) = x.get(r) {
                            out.push_str(if x { "true" } else { "false" });
                        }
                    }
                }
            }
        }
        out.push('\n');
    }
    Some(out)
}

/// A byte that makes the csv module quote its cell.
fn quoted(b: u8) -> bool {
    matches!(b, b',' | b'"' | b'\r' | b'\n')
}

/// Pushes `n` (0..=99) as two digits.
fn two(out: &mut String, n: i64) {
    let n = u8::try_from(n.clamp(0, 99)).unwrap_or(0);
    out.push(char::from(b'0' + n / 10));
    out.push(char::from(b'0' + n % 10));
}

/// Pushes an integer in decimal, without the formatting machinery (a million cells a column).
fn int(out: &mut String, x: i64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut v = x.unsigned_abs();
    loop {
        at -= 1;
        if let Some(b) = buf.get_mut(at) {
            *b = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || at == 0 {
            break;
        }
    }
    if x < 0 {
        out.push('-');
    }
    for &b in buf.get(at..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

/// The `YYYY-MM-DD` text of the last day written, reused for the rows of the same day.
#[derive(Default)]
struct Dates {
    day: Option<i64>,
    text: String,
}

impl Dates {
    /// Pushes the date `days` after 1970-01-01; false for a year outside 1000..=9999.
    fn push(&mut self, out: &mut String, days: i64) -> bool {
        if self.day != Some(days) {
            let date = i32::try_from(days)
                .ok()
                .and_then(|d| d.checked_add(719_163))
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt);
            let Some(date) = date.filter(|d| (1000..=9999).contains(&d.year())) else {
                return false;
            };
            self.text.clear();
            let year = i64::from(date.year());
            two(&mut self.text, year / 100);
            two(&mut self.text, year % 100);
            self.text.push('-');
            two(&mut self.text, i64::from(date.month()));
            self.text.push('-');
            two(&mut self.text, i64::from(date.day()));
            self.day = Some(days);
        }
        out.push_str(&self.text);
        true
    }
}

/// An aware instant as `Timestamp.isoformat()` writes it: the wall-clock date and time, six
/// fractional digits when there are microseconds, nine with nanoseconds, and `±HH:MM`. False
/// for a year outside 1000..=9999 (the Python writer takes those).
fn instant_cell(
    out: &mut String,
    dates: &mut Dates,
    wall: i64,
    offset: i64,
    per_second: i64,
) -> bool {
    let secs = wall.div_euclid(per_second);
    let nanos = wall.rem_euclid(per_second) * (1_000_000_000 / per_second);
    let (days, second) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    if !dates.push(out, days) {
        return false;
    }
    out.push('T');
    two(out, second / 3600);
    out.push(':');
    two(out, second % 3600 / 60);
    out.push(':');
    two(out, second % 60);
    if nanos % 1000 != 0 {
        let _ = write!(out, ".{nanos:09}");
    } else if nanos != 0 {
        let _ = write!(out, ".{:06}", nanos / 1000);
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let a = i64::try_from(offset.unsigned_abs()).unwrap_or(i64::MAX);
    out.push(sign);
    two(out, a / 3600);
    out.push(':');
    two(out, a % 3600 / 60);
    true
}

/// A float cell as the Python writer gives it: NaN missing, infinities spelled, a whole value
/// under 2^53 as an integer, anything else as `repr`.
fn float_cell(out: &mut String, x: f64) {
    if x.is_nan() {
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        // Exact: |x| < 2^53 is an integer an i64 holds (-0.0 is 0, as Python's int(-0.0)).
        int(out, x as i64);
        return;
    }
    python_repr(out, x);
}

/// The significant digits and decimal exponent of `{:e}`.
fn sci_digits(sci: &str) -> (String, i32) {
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let digits = mantissa.chars().filter(|c| *c != '.').collect();
    (digits, exp.parse().unwrap_or(0))
}

/// The shortest digits that read back to `x` (finite, not negative) and their decimal
/// exponent, as Python chooses them: Rust's `{:e}` gives the shortest and closest, and when
/// `x` lies exactly halfway between two such strings that both read back to it, Python takes
/// the one with the even last digit (round half to even) where Rust takes the upper one. Such
/// a tie shows in the exact expansion of `x`: the lower string's digits, then `5`, then zeros.
fn shortest_digits(x: f64) -> (String, i32) {
    let (mut digits, exp) = sci_digits(&format!("{x:e}"));
    let odd = digits.bytes().last().is_some_and(|b| (b - b'0') % 2 == 1);
    if odd {
        let n = digits.len();
        let (exact, exact_exp) = sci_digits(&format!("{:.*e}", n + 20, x));
        let (head, tail) = exact.split_at(n.min(exact.len()));
        let midpoint = tail
            .strip_prefix('5')
            .is_some_and(|z| z.bytes().all(|b| b == b'0'));
        if exact_exp == exp && midpoint {
            // Tied between `head` and `head` + 1 in the last digit: the even one, if it reads
            // back to `x` (below a power of two the gap to the next float down is half the
            // gap up, so only one of them may).
            let last = head.bytes().last().unwrap_or(b'0');
            let even = if (last - b'0') % 2 == 0 {
                Some(head.to_string())
            } else if last != b'9' {
                let keep = head.len().saturating_sub(1);
                let mut up = head.get(..keep).unwrap_or_default().to_string();
                up.push(char::from(last + 1));
                Some(up)
            } else {
                None
            };
            if let Some(even) = even {
                let (first, rest) = even.split_at(1.min(even.len()));
                if format!("{first}.{rest}e{exp}").parse::<f64>() == Ok(x) {
                    digits = even;
                }
            }
        }
    }
    (digits, exp)
}

/// Python's `repr` of a finite float: the shortest digits that read back to it (Rust's `{:e}`
/// gives the same ones), laid out in positional form when the decimal exponent is in -4..16 and
/// as `d.ddde±XX` otherwise, with `.0` after a whole positional value.
fn python_repr(out: &mut String, x: f64) {
    let (digits, exp) = shortest_digits(x.abs());
    if x.is_sign_negative() {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if let Ok(e) = usize::try_from(exp) {
            let (int, frac) = digits.split_at(digits.len().min(e + 1));
            out.push_str(int);
            for _ in int.len()..=e {
                out.push('0');
            }
            out.push('.');
            out.push_str(if frac.is_empty() { "0" } else { frac });
        } else {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        }
    } else {
        let (first, rest) = digits.split_at(digits.len().min(1));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}
