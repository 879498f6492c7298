//! `_native.kpi_scorecard`: the columns of two tables handed to the core's KPI scorecard,
//! [`scorecard`](support_metrics::kpi::scorecard) in place. Conversion only: each column
//! arrives as numpy arrays (Arrow text as its int64 offsets and UTF-8 bytes, instants as int64
//! Unix nanoseconds with `NaT`, scores as float64 with `NaN`), is borrowed as the core's column
//! type, and the answer goes back as JSON text.

use std::collections::HashMap;

use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use support_metrics::kpi::{
    scorecard as core_scorecard, InteractionColumns, SurveyColumns, TextColumn,
};
use support_metrics::report::ReportOptions;
use support_metrics::sla::SlaPolicies;
use support_metrics::BusinessCalendar;

use crate::raise;

/// One table's columns by name, as handed over.
#[derive(Default)]
struct Arrays<'py> {
    texts: HashMap<String, (PyReadonlyArray1<'py, i64>, PyReadonlyArray1<'py, u8>)>,
    instants: HashMap<String, PyReadonlyArray1<'py, i64>>,
    numbers: HashMap<String, PyReadonlyArray1<'py, f64>>,
}

/// A table's borrowed columns: texts checked as UTF-8 and as offsets into it.
struct Borrowed<'a> {
    texts: HashMap<&'a str, TextColumn<'a>>,
    instants: HashMap<&'a str, &'a [i64]>,
    numbers: HashMap<&'a str, &'a [f64]>,
}

impl<'py> Arrays<'py> {
    fn of(table: &str, columns: Vec<(String, String, Bound<'py, PyAny>)>) -> PyResult<Arrays<'py>> {
        let mut a = Arrays::default();
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
        Ok(a)
    }

    fn borrow(&self, table: &str) -> PyResult<Borrowed<'_>> {
        let contiguous =
            |name: &str| PyValueError::new_err(format!("{table}.{name}: not a contiguous array"));
        let mut b = Borrowed {
            texts: HashMap::new(),
            instants: HashMap::new(),
            numbers: HashMap::new(),
        };
        for (name, (o, d)) in &self.texts {
            let o = o.as_slice().map_err(|_| contiguous(name))?;
            let d = d.as_slice().map_err(|_| contiguous(name))?;
            let text = std::str::from_utf8(d).map_err(|e| {
                PyValueError::new_err(format!("{table}.{name}: not UTF-8 text ({e})"))
            })?;
            b.texts
                .insert(name.as_str(), TextColumn::new(o, text).map_err(raise)?);
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
    fn text(&self, table: &str, name: &str) -> PyResult<TextColumn<'a>> {
        self.texts
            .get(name)
            .copied()
            .ok_or_else(|| missing(table, name))
    }
    fn instant(&self, table: &str, name: &str) -> PyResult<&'a [i64]> {
        self.instants
            .get(name)
            .copied()
            .ok_or_else(|| missing(table, name))
    }
}

fn missing(table: &str, name: &str) -> PyErr {
    PyValueError::new_err(format!("{table}: the column `{name}` is required"))
}

/// The scorecard of the interactions' and answers' columns, as JSON text. Columns are
/// `(name, kind, value)` with kind `text` (value: `(offsets, utf8)`), `instant` (int64 ns) or
/// `number` (float64); the Python layer checks names and dtypes first.
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
    columns.agent = it.texts.get("agent").copied();
    columns.group = it.texts.get("group").copied();
    columns.topic = it.texts.get("topic").copied();
    columns.priority = it.texts.get("priority").copied();
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
            c.comment = s.texts.get("comment").copied();
            c.topic = s.texts.get("topic").copied();
            c.agent = s.texts.get("agent").copied();
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
