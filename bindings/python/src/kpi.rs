//! `_native.kpi_scorecard`: the columns of two tables handed to the core's KPI scorecard,
//! [`scorecard`](support_metrics::kpi::scorecard) in place. Conversion only: each column
//! arrives as numpy arrays (Arrow text as its int64 offsets, UTF-8 bytes and validity bitmap,
//! instants as int64 ticks of their unit with `NaT`, scores as float64 with `NaN`), is borrowed
//! as the core's column type (or converted, in one pass here: ticks coarser than nanoseconds,
//! nulls that hold bytes), and the answer goes back as JSON text.

use std::collections::HashMap;

use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use support_metrics::kpi::{
    scorecard as core_scorecard, InteractionColumns, SurveyColumns, TextChunks, TextColumn,
    TextColumns, MISSING,
};
use support_metrics::report::ReportOptions;
use support_metrics::sla::SlaPolicies;
use support_metrics::BusinessCalendar;

use crate::raise;

/// One table's columns by name, as handed over (and the few converted here: instants in
/// coarser ticks than nanoseconds, text whose nulls hold bytes).
#[derive(Default)]
struct Arrays<'py> {
    texts: HashMap<String, (PyReadonlyArray1<'py, i64>, PyReadonlyArray1<'py, u8>)>,
    instants: HashMap<String, PyReadonlyArray1<'py, i64>>,
    numbers: HashMap<String, PyReadonlyArray1<'py, f64>>,
    owned_texts: HashMap<String, TextColumns>,
    owned_instants: HashMap<String, Vec<i64>>,
    /// Text columns in pieces (Arrow's chunks), each piece as a text column is handed over.
    chunked: HashMap<String, Vec<Piece<'py>>>,
}

/// A piece of a text column in pieces: Arrow's buffers as they are, or its texts with the
/// nulls emptied.
enum Piece<'py> {
    Borrowed(PyReadonlyArray1<'py, i64>, PyReadonlyArray1<'py, u8>),
    Owned(TextColumns),
}

/// An Arrow text column with its validity bitmap: `(offsets, utf8, bitmap, bit of row 0)`.
type NullableText<'py> = (
    PyReadonlyArray1<'py, i64>,
    PyReadonlyArray1<'py, u8>,
    Option<PyReadonlyArray1<'py, u8>>,
    usize,
);

/// Ticks of `factor` nanoseconds as nanoseconds; `NaT` stays missing, and instants beyond
/// int64 nanoseconds (past 2262) are pinned to its ends, which the core refuses as out of
/// range (as `_convert.instants` does on the Python side).
fn ticks_to_ns(ticks: &[i64], factor: i64) -> Vec<i64> {
    ticks
        .iter()
        .map(|&t| match t.checked_mul(factor) {
            _ if t == MISSING => MISSING,
            Some(ns) => ns,
            None if t > 0 => i64::MAX,
            None => MISSING + 1,
        })
        .collect()
}

/// The text column of Arrow buffers whose null rows may hold bytes: `None` when every null
/// row is empty already (the core reads an empty text as missing: the buffers serve as they
/// are, checked once where they are borrowed), else the column with its nulls emptied. The
/// text is read (`text()`: checked as UTF-8) only then.
fn nulls_emptied<'t>(
    offsets: &[i64],
    text: impl FnOnce() -> Result<&'t str, String>,
    bitmap: &[u8],
    first_bit: usize,
) -> Result<Option<TextColumns>, String> {
    let rows = offsets.len().saturating_sub(1);
    let valid = |i: usize| {
        let bit = first_bit.checked_add(i)?;
        bitmap.get(bit / 8).map(|b| b >> (bit % 8) & 1 == 1)
    };
    if rows > 0 && valid(rows - 1).is_none() {
        return Err(format!(
            "a validity bitmap of {} bytes is too short for {rows} rows from bit {first_bit}",
            bitmap.len()
        ));
    }
    let bytes_in = |a: usize, b: usize| offsets.get(a) != offsets.get(b);
    let null_with_bytes = if first_bit % 8 == 0 {
        // A byte of the bitmap at a time: eight valid rows need nothing more, eight null
        // ones one comparison of offsets (a column of comments is mostly nulls).
        (0..rows).step_by(8).any(|i| {
            let end = (i + 8).min(rows);
            let mask = (0xFFu16 >> (8 - (end - i))) as u8;
            let byte = bitmap.get(first_bit / 8 + i / 8).copied().unwrap_or(0) & mask;
            match byte {
                b if b == mask => false,
                0 => bytes_in(i, end),
                b => (i..end).any(|r| b >> (r - i) & 1 == 0 && bytes_in(r, r + 1)),
            }
        })
    } else {
        (0..rows).any(|i| valid(i) == Some(false) && bytes_in(i, i + 1))
    };
    if !null_with_bytes {
        return Ok(None);
    }
    let column = TextColumn::new(offsets, text()?).map_err(|e| e.to_string())?;
    let mut owned = TextColumns::default();
    for i in 0..rows {
        owned.push(if valid(i) == Some(true) {
            column.get(i)
        } else {
            None
        });
    }
    Ok(Some(owned))
}

/// An Arrow text column (or a piece of one) with its validity bitmap, borrowed as it is
/// unless its null rows hold bytes.
fn piece<'py>(table: &str, name: &str, column: NullableText<'py>) -> PyResult<Piece<'py>> {
    let (o, d, bitmap, first_bit) = column;
    if let Some(bitmap) = bitmap {
        let (os, ds) = (
            o.as_slice().map_err(|_| contiguous(table, name))?,
            d.as_slice().map_err(|_| contiguous(table, name))?,
        );
        let bits = bitmap.as_slice().map_err(|_| contiguous(table, name))?;
        let text = || std::str::from_utf8(ds).map_err(|e| format!("not UTF-8 text ({e})"));
        let owned = nulls_emptied(os, text, bits, first_bit)
            .map_err(|e| PyValueError::new_err(format!("{table}.{name}: {e}")))?;
        if let Some(owned) = owned {
            return Ok(Piece::Owned(owned));
        }
    }
    Ok(Piece::Borrowed(o, d))
}

/// A table's borrowed columns: texts checked as UTF-8 and as offsets into it.
struct Borrowed<'a> {
    texts: HashMap<&'a str, TextColumn<'a>>,
    chunked: HashMap<&'a str, TextChunks<'a>>,
    instants: HashMap<&'a str, &'a [i64]>,
    numbers: HashMap<&'a str, &'a [f64]>,
}

impl<'py> Arrays<'py> {
    fn of(table: &str, columns: Vec<(String, String, Bound<'py, PyAny>)>) -> PyResult<Arrays<'py>> {
        let mut a = Arrays::default();
        // Instant columns in ticks coarser than nanoseconds, scaled after the loop.
        let mut coarse: Vec<(String, PyReadonlyArray1<'py, i64>, i64)> = Vec::new();
        for (name, kind, value) in columns {
            match kind.as_str() {
                "text" => {
                    let (o, d): (PyReadonlyArray1<'py, i64>, PyReadonlyArray1<'py, u8>) =
                        value.extract()?;
                    a.texts.insert(name, (o, d));
                }
                "instant" => {
                    a.instants.insert(name, value.extract()?);
                }
                "instant_units" => {
                    let (ticks, factor): (PyReadonlyArray1<'py, i64>, i64) = value.extract()?;
                    if factor < 1 {
                        return Err(PyValueError::new_err(format!(
                            "{table}.{name}: {factor} ns per tick (expected 1 or more)"
                        )));
                    }
                    if factor == 1 {
                        a.instants.insert(name, ticks);
                    } else {
                        coarse.push((name, ticks, factor));
                    }
                }
                "text_nulls" => match piece(table, &name, value.extract()?)? {
                    Piece::Owned(owned) => {
                        a.owned_texts.insert(name, owned);
                    }
                    Piece::Borrowed(o, d) => {
                        a.texts.insert(name, (o, d));
                    }
                },
                "text_chunks" => {
                    let pieces: Vec<NullableText<'py>> = value.extract()?;
                    let pieces = pieces
                        .into_iter()
                        .map(|p| piece(table, &name, p))
                        .collect::<PyResult<Vec<_>>>()?;
                    a.chunked.insert(name, pieces);
                }
                "number" => {
                    a.numbers.insert(name, value.extract()?);
                }
                _ => {
                    return Err(PyValueError::new_err(format!(
                        "{table}.{name}: unknown column kind `{kind}`"
                    )))
                }
            }
        }
        // Scaled on up to two threads (a column each in turn): each is a pass that writes
        // fresh memory, and a table's instants are several million.
        let mut jobs: Vec<(String, &[i64], i64)> = Vec::with_capacity(coarse.len());
        for (name, ticks, factor) in &coarse {
            let t = ticks.as_slice().map_err(|_| contiguous(table, name))?;
            jobs.push((name.clone(), t, *factor));
        }
        let scale = |jobs: &[(String, &[i64], i64)]| -> Vec<(String, Vec<i64>)> {
            jobs.iter()
                .map(|(name, t, factor)| (name.clone(), ticks_to_ns(t, *factor)))
                .collect()
        };
        let (mine, theirs) = jobs.split_at(jobs.len() / 2);
        let scaled = std::thread::scope(|s| {
            let other = (crate::threads() > 1 && !mine.is_empty())
                .then(|| {
                    std::thread::Builder::new()
                        .spawn_scoped(s, || scale(mine))
                        .ok()
                })
                .flatten();
            let mut out = scale(theirs);
            match other.map(|h| h.join()) {
                Some(Ok(more)) => out.extend(more),
                // One thread (or it could not start, or failed): the rest here.
                _ => out.extend(scale(mine)),
            }
            out
        });
        a.owned_instants.extend(scaled);
        Ok(a)
    }

    fn borrow<'a>(&'a self, table: &str) -> PyResult<Borrowed<'a>> {
        let contiguous = |name: &str| contiguous(table, name);
        let mut b = Borrowed {
            texts: HashMap::new(),
            chunked: HashMap::new(),
            instants: HashMap::new(),
            numbers: HashMap::new(),
        };
        // Arrow's buffers as a text column: UTF-8, offsets checked by the core.
        let text =
            |name: &str, o: &'a PyReadonlyArray1<'py, i64>, d: &'a PyReadonlyArray1<'py, u8>| {
                let o = o.as_slice().map_err(|_| contiguous(name))?;
                let d = d.as_slice().map_err(|_| contiguous(name))?;
                TextColumn::new(o, utf8(table, name, d)?).map_err(raise)
            };
        for (name, (o, d)) in &self.texts {
            b.texts.insert(name.as_str(), text(name, o, d)?);
        }
        for (name, t) in &self.owned_texts {
            b.texts.insert(name.as_str(), t.column());
        }
        for (name, pieces) in &self.chunked {
            let mut columns = Vec::with_capacity(pieces.len());
            for p in pieces {
                columns.push(match p {
                    Piece::Owned(t) => t.column(),
                    Piece::Borrowed(o, d) => text(name, o, d)?,
                });
            }
            b.chunked.insert(name.as_str(), TextChunks::new(columns));
        }
        for (name, v) in &self.owned_instants {
            b.instants.insert(name.as_str(), v.as_slice());
        }
        for (name, v) in &self.instants {
            b.instants
                .insert(name.as_str(), v.as_slice().map_err(|_| contiguous(name))?);
        }
        for (name, v) in &self.numbers {
            b.numbers
                .insert(name.as_str(), v.as_slice().map_err(|_| contiguous(name))?);
        }
        Ok(b)
    }
}

impl<'a> Borrowed<'a> {
    fn text(&self, table: &str, name: &str) -> PyResult<TextColumn<'_>> {
        self.optional(name).ok_or_else(|| missing(table, name))
    }
    /// The text column `name`, whole or in pieces (`None`: not handed over).
    fn optional(&self, name: &str) -> Option<TextColumn<'_>> {
        let whole = self.texts.get(name).copied();
        whole.or_else(|| self.chunked.get(name).map(TextChunks::column))
    }
    fn instant(&self, table: &str, name: &str) -> PyResult<&'a [i64]> {
        self.instants
            .get(name)
            .copied()
            .ok_or_else(|| missing(table, name))
    }
}

fn contiguous(table: &str, name: &str) -> PyErr {
    PyValueError::new_err(format!("{table}.{name}: not a contiguous array"))
}

fn utf8<'a>(table: &str, name: &str, bytes: &'a [u8]) -> PyResult<&'a str> {
    std::str::from_utf8(bytes)
        .map_err(|e| PyValueError::new_err(format!("{table}.{name}: not UTF-8 text ({e})")))
}

fn missing(table: &str, name: &str) -> PyErr {
    PyValueError::new_err(format!("{table}: the column `{name}` is required"))
}

/// The scorecard of the interactions' and answers' columns, as JSON text. Columns are
/// `(name, kind, value)` with kind `text` (value: `(offsets, utf8)`), `text_nulls` (`(offsets,
/// utf8, validity bitmap or None, bit of row 0)`: Arrow's buffers as they are), `text_chunks`
/// (a list of `text_nulls` values: an Arrow column's chunks, in order), `instant` (int64
/// ns), `instant_units` (`(int64 ticks, ns per tick)`: a column's own unit) or `number`
/// (float64); the Python layer checks names and dtypes first.
#[pyfunction]
#[pyo3(signature = (calendar, policies, options, interactions, surveys=None))]
pub(crate) fn kpi_scorecard(
    py: Python<'_>,
    calendar: &str,
    policies: Option<&str>,
    options: &str,
    interactions: Vec<(String, String, Bound<'_, PyAny>)>,
    surveys: Option<Vec<(String, String, Bound<'_, PyAny>)>>,
) -> PyResult<String> {
    let cal = BusinessCalendar::from_json(calendar).map_err(raise)?;
    let policies = policies
        .map(SlaPolicies::from_json)
        .transpose()
        .map_err(raise)?;
    let opts = ReportOptions::from_json(options).map_err(raise)?;
    let it = Arrays::of("interactions", interactions)?;
    let sv = surveys.map(|s| Arrays::of("surveys", s)).transpose()?;
    let it = it.borrow("interactions")?;
    let sv = sv.as_ref().map(|s| s.borrow("surveys")).transpose()?;
    let t = "interactions";
    let mut columns = InteractionColumns::new(
        it.text(t, "id")?,
        it.text(t, "channel")?,
        it.instant(t, "created_at")?,
    );
    columns.agent = it.optional("agent");
    columns.group = it.optional("group");
    columns.topic = it.optional("topic");
    columns.priority = it.optional("priority");
    columns.first_response_at = it.instants.get("first_response_at").copied();
    columns.resolved_at = it.instants.get("resolved_at").copied();
    let answers = match &sv {
        Some(s) => {
            let t = "surveys";
            let score = s
                .numbers
                .get("score")
                .copied()
                .ok_or_else(|| missing(t, "score"))?;
            let mut c = SurveyColumns::new(
                s.text(t, "interaction_id")?,
                s.text(t, "kind")?,
                score,
                s.instant(t, "responded_at")?,
            );
            c.comment = s.optional("comment");
            c.topic = s.optional("topic");
            c.agent = s.optional("agent");
            Some(c)
        }
        None => None,
    };
    let card = py
        .detach(|| {
            core_scorecard(
                &cal,
                policies.as_ref(),
                &columns,
                answers.as_ref(),
                &opts,
                crate::threads(),
            )
        })
        .map_err(raise)?;
    serde_json::to_string(&card).map_err(|e| PyValueError::new_err(e.to_string()))
}
