//! `support_metrics._native`: the pyo3 layer of the Python package.
//!
//! It only converts and maps errors; every calculation is the core's. Instants cross the
//! boundary as Unix nanoseconds (`int` for scalars, `int64` numpy arrays for columns, with
//! `i64::MIN` = `NaT` = missing), so the Python layer (`python/support_metrics/__init__.py`)
//! turns datetimes, pandas, polars and Arrow columns into those without copying where it can.
//! Core errors are raised as `_native.CoreError(code, family, message)`; the Python layer maps
//! them onto its exception classes by family. Every other operation of the core crosses as JSON
//! text through [`call`] (`support_metrics::api::call_json`), described by [`ops`]
//! (`support_metrics::api::OPS`); the Python layer converts its values to and from that JSON. Row errors of batch calls come back as data,
//! `(row, code, family, message)` tuples, so the caller chooses to raise or to coerce.

mod kpi;
mod table;

use chrono::{DateTime, Utc};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use support_metrics::calendar::{self, BatchOutput};
use support_metrics::tz::Zone;
use support_metrics::{BusinessCalendar, Error};

create_exception!(
    _native,
    CoreError,
    PyValueError,
    "A core error: args are (code, family, message)."
);

/// A core error as a Python exception (the orphan rule forbids `From<Error> for PyErr`).
fn raise(e: Error) -> PyErr {
    CoreError::new_err((e.code(), e.family(), e.to_string()))
}

/// One failed row of a batch: (row, code, family, message).
type RowError = (usize, &'static str, &'static str, String);

fn row_errors<T>(out: &BatchOutput<T>) -> Vec<RowError> {
    out.errors
        .iter()
        .map(|r| (r.row, r.error.code(), r.error.family(), r.error.to_string()))
        .collect()
}

fn instant(ns: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_nanos(ns)
}

fn nanos(t: DateTime<Utc>) -> PyResult<i64> {
    // The core's instants lie in 1900..=2100, inside the i64 nanosecond range.
    t.timestamp_nanos_opt()
        .ok_or_else(|| PyValueError::new_err("instant outside the int64 nanosecond range"))
}

fn timezone(name: &str) -> PyResult<Zone> {
    name.parse::<Zone>().map_err(raise)
}

fn slice<'a, T: numpy::Element>(a: &'a PyReadonlyArray1<'_, T>, what: &str) -> PyResult<&'a [T]> {
    a.as_slice()
        .map_err(|_| PyValueError::new_err(format!("`{what}` must be a contiguous array")))
}

/// A business calendar of the core; instants are Unix nanoseconds.
#[pyclass(frozen, eq, module = "support_metrics._native")]
#[derive(PartialEq)]
struct Calendar(BusinessCalendar);

#[pymethods]
impl Calendar {
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Calendar> {
        BusinessCalendar::from_json(text)
            .map(Calendar)
            .map_err(raise)
    }

    #[staticmethod]
    fn always_open(tz: &str) -> PyResult<Calendar> {
        Ok(Calendar(BusinessCalendar::always_open(timezone(tz)?)))
    }

    fn to_json(&self) -> String {
        self.0.to_json()
    }

    #[getter]
    fn name(&self) -> Option<String> {
        self.0.spec().name.clone()
    }

    #[getter]
    fn timezone(&self) -> &'static str {
        self.0.timezone().name()
    }

    fn business_seconds(&self, start: i64, end: i64) -> PyResult<f64> {
        self.0
            .business_seconds(instant(start), instant(end))
            .map_err(raise)
    }

    fn add_business_seconds(&self, start: i64, seconds: f64) -> PyResult<i64> {
        nanos(
            self.0
                .add_business_seconds(instant(start), seconds)
                .map_err(raise)?,
        )
    }

    fn is_open(&self, t: i64) -> PyResult<bool> {
        self.0.is_open(instant(t)).map_err(raise)
    }

    fn next_open(&self, t: i64) -> PyResult<Option<i64>> {
        self.0
            .next_open(instant(t))
            .map_err(raise)?
            .map(nanos)
            .transpose()
    }

    fn next_close(&self, t: i64) -> PyResult<Option<i64>> {
        self.0
            .next_close(instant(t))
            .map_err(raise)?
            .map(nanos)
            .transpose()
    }

    fn open_intervals(&self, start: i64, end: i64) -> PyResult<Vec<(i64, i64)>> {
        self.0
            .open_intervals(instant(start), instant(end))
            .map_err(raise)?
            .map(|i| Ok((nanos(i.start)?, nanos(i.end)?)))
            .collect()
    }

    /// Business seconds per row: float64 values (NaN where missing or failed) and row errors.
    fn business_seconds_batch<'py>(
        &self,
        py: Python<'py>,
        starts: PyReadonlyArray1<'py, i64>,
        ends: PyReadonlyArray1<'py, i64>,
    ) -> PyResult<(Bound<'py, PyArray1<f64>>, Vec<RowError>)> {
        let (s, e) = (slice(&starts, "starts")?, slice(&ends, "ends")?);
        let out = py
            .detach(|| self.0.business_seconds_ns_batch(s, e))
            .map_err(raise)?;
        let values: Vec<f64> = out.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
        Ok((values.into_pyarray(py), row_errors(&out)))
    }

    /// Deadlines per row: int64 nanoseconds (`NaT` where missing or failed) and row errors. A
    /// NaN amount is a missing one (pandas' marker in float columns).
    fn add_business_seconds_batch<'py>(
        &self,
        py: Python<'py>,
        starts: PyReadonlyArray1<'py, i64>,
        seconds: PyReadonlyArray1<'py, f64>,
    ) -> PyResult<(Bound<'py, PyArray1<i64>>, Vec<RowError>)> {
        let s = slice(&starts, "starts")?;
        let secs: Vec<Option<f64>> = slice(&seconds, "seconds")?
            .iter()
            .map(|x| (!x.is_nan()).then_some(*x))
            .collect();
        let out = py
            .detach(|| self.0.add_business_seconds_ns_batch(s, &secs))
            .map_err(raise)?;
        let values: Vec<i64> = out
            .values
            .iter()
            .map(|v| v.unwrap_or(calendar::MISSING_NS))
            .collect();
        Ok((values.into_pyarray(py), row_errors(&out)))
    }

    fn __repr__(&self) -> String {
        format!("Calendar({})", self.0.to_json())
    }
}

/// Local wall times (naive nanoseconds) in zone `tz` as instants: int64 values (`NaT` where
/// missing or failed) and row errors.
#[pyfunction]
fn resolve_local<'py>(
    py: Python<'py>,
    tz: &str,
    local: PyReadonlyArray1<'py, i64>,
) -> PyResult<(Bound<'py, PyArray1<i64>>, Vec<RowError>)> {
    let tz = timezone(tz)?;
    let out = calendar::resolve_local_ns_batch(tz, slice(&local, "local")?);
    let values: Vec<i64> = out
        .values
        .iter()
        .map(|v| v.unwrap_or(calendar::MISSING_NS))
        .collect();
    Ok((values.into_pyarray(py), row_errors(&out)))
}

/// One RFC 3339 instant with an offset, read by the core's parser (the shared text format), as
/// Unix nanoseconds.
#[pyfunction]
fn parse_instant(text: &str, what: &str) -> PyResult<i64> {
    nanos(calendar::parse_instant(what, text).map_err(raise)?)
}

/// One operation of the core's JSON boundary (`support_metrics::api::call_json_texts`): the
/// named arguments as a JSON object's text in (large string arguments beside it in `texts`,
/// as `str` or as a [`table::CsvText`] whose text moves into the call, not escaped into the
/// JSON), the answer's JSON text out, with the GIL released and the machine's cores (at most 8)
/// allowed for large inputs.
#[pyfunction]
#[pyo3(signature = (op, args_json, texts = None))]
fn call(
    py: Python<'_>,
    op: &str,
    args_json: &str,
    texts: Option<Vec<(String, Bound<'_, PyAny>)>>,
) -> PyResult<String> {
    let mut owned = Vec::new();
    for (name, value) in texts.unwrap_or_default() {
        let text = match value.cast::<table::CsvText>() {
            Ok(handle) => handle.borrow_mut().take().ok_or_else(|| {
                PyValueError::new_err(format!(
                    "{name}: this CSV text was already passed to the core"
                ))
            })?,
            Err(_) => value.extract::<String>()?,
        };
        owned.push((name, text));
    }
    let threads = threads();
    py.detach(|| support_metrics::api::call_json_texts(op, args_json, owned, threads))
        .map_err(raise)
}

/// The threads the core and the table writer may use: the machine's cores, at most 8 (the
/// core never asks the machine itself).
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Every operation of [`call`]: (name, area, args_text, summary), in the core's order.
#[pyfunction]
fn ops() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    support_metrics::api::OPS
        .iter()
        .map(|op| (op.name, op.area, op.args_text, op.summary))
        .collect()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Calendar>()?;
    m.add_function(wrap_pyfunction!(resolve_local, m)?)?;
    m.add_function(wrap_pyfunction!(parse_instant, m)?)?;
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(table::csv_text, m)?)?;
    m.add_function(wrap_pyfunction!(kpi::kpi_scorecard, m)?)?;
    m.add_class::<table::CsvText>()?;
    m.add_function(wrap_pyfunction!(ops, m)?)?;
    m.add("CoreError", m.py().get_type::<CoreError>())?;
    m.add("CODES", Error::CODES.to_vec())?;
    m.add("MISSING_NS", calendar::MISSING_NS)?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
