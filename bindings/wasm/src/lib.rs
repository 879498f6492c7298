//! The WebAssembly binding of `support-metrics`: the npm package `support-metrics`.
//!
//! Conversion only: every answer comes from the core. Instants cross as RFC 3339 text (exact to
//! the nanosecond, read and written by the core's `parse_instant`/`format_instant`); columns
//! cross as `Float64Array` epoch milliseconds with `NaN` for missing values. Every failure is a
//! real JS `Error` whose `code` is the core's stable `Error::code()` and whose message is the
//! core's. Docs: `docs/javascript.md`.

use js_sys::{Array, Float64Array, Object, Reflect};
use support_metrics::calendar::{format_instant, parse_instant, ColumnOutput};
use support_metrics::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** An `Error` thrown by support-metrics: `code` is the core's stable code. */
export interface SupportMetricsError extends Error {
  /** Stable machine-readable code, e.g. `"invalid_timestamp"`; see `errorCodes()`. */
  code: string;
  /** `"format"`, `"calendar"` or `"value"`. */
  family: string;
}

/** One operation of `callJson`/`call`, as listed by `ops()`. */
export interface OpInfo {
  /** The shared snake_case name, e.g. `"business_seconds"` (camelCase as a JS function). */
  name: string;
  /** The core module: `"calendar"`, `"stats"`, `"erlang"`, ... */
  area: string;
  /** The argument names in order, comma separated; a trailing `?` marks an optional one. */
  argsText: string;
  /** One line on what it answers. */
  summary: string;
}

/** One open interval `[start, end)`, RFC 3339 instants in UTC. */
export interface OpenInterval {
  start: string;
  end: string;
}

/** The error of one row of a batch call. */
export interface RowError {
  /** Zero-based row. */
  row: number;
  code: string;
  message: string;
}

/** The per-row answers of a batch call: `NaN` where an input was missing or the row failed. */
export interface BatchResult {
  values: Float64Array;
  /** The failed rows, in row order. */
  errors: RowError[];
}

/** A wall-clock interval `["HH:MM[:SS]", "HH:MM[:SS]"]`; `"24:00"` ends at the next midnight. */
export type WallIntervalJson = [string, string];

/** The calendar JSON form (docs/calendars.md), for building the text given to `fromJson`. */
export interface CalendarJson {
  timezone: string;
  name?: string | null;
  week?: Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", WallIntervalJson[]>>;
  holidays?: string[];
  overrides?: Record<string, WallIntervalJson[]>;
  closures?: Record<string, WallIntervalJson[]>;
}
"#;

/// The core error as a JS `Error` with `code` and `family`.
fn js_error(err: &Error) -> JsValue {
    let js = js_sys::Error::new(&err.to_string());
    js.set_name("SupportMetricsError");
    // Setting a property on a fresh plain Error cannot fail; if it did, the message stays.
    let _ = Reflect::set(&js, &"code".into(), &err.code().into());
    let _ = Reflect::set(&js, &"family".into(), &err.family().into());
    js.into()
}

type JsResult<T> = Result<T, JsValue>;

/// What a JS value is, for messages: `typeof`, with `null` and arrays told apart.
fn kind(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if Array::is_array(value) {
        "an array".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

fn wrong_type(field: &str, expected: &'static str, value: &JsValue) -> JsValue {
    js_error(&Error::InvalidType {
        path: field.to_string(),
        expected,
        found: kind(value),
    })
}

fn string(field: &str, value: &JsValue) -> JsResult<String> {
    value
        .as_string()
        .ok_or_else(|| wrong_type(field, "a string", value))
}

fn instant(field: &str, value: &JsValue) -> JsResult<chrono::DateTime<chrono::Utc>> {
    let text = value
        .as_string()
        .ok_or_else(|| wrong_type(field, "an RFC 3339 string", value))?;
    parse_instant(field, &text).map_err(|e| js_error(&e))
}

fn number(field: &str, value: &JsValue) -> JsResult<f64> {
    value
        .as_f64()
        .ok_or_else(|| wrong_type(field, "a number", value))
}

fn float64_array(field: &'static str, value: &JsValue) -> JsResult<Vec<f64>> {
    value
        .dyn_ref::<Float64Array>()
        .map(Float64Array::to_vec)
        .ok_or_else(|| wrong_type(field, "a Float64Array", value))
}

/// `null` for none, as in the JSON forms (not `undefined`).
fn string_or_null(value: Option<String>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from)
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Defining a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &key.into(), value);
}

fn batch_result(out: ColumnOutput) -> JsValue {
    let errors = Array::new();
    for e in &out.errors {
        let row = Object::new();
        set(&row, "row", &(e.row as f64).into());
        set(&row, "code", &e.error.code().into());
        set(&row, "message", &e.error.to_string().into());
        errors.push(&row);
    }
    let result = Object::new();
    set(
        &result,
        "values",
        &Float64Array::from(out.values.as_slice()).into(),
    );
    set(&result, "errors", &errors);
    result.into()
}

/// A business calendar (docs/calendars.md): when a team is working, right to the second.
#[wasm_bindgen]
pub struct BusinessCalendar(support_metrics::BusinessCalendar);

#[wasm_bindgen]
impl BusinessCalendar {
    /// Reads the calendar JSON form shared by every language.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> JsResult<BusinessCalendar> {
        support_metrics::BusinessCalendar::from_json(&string("text", &text)?)
            .map(BusinessCalendar)
            .map_err(|e| js_error(&e))
    }

    /// A calendar open around the clock in an IANA time zone.
    #[wasm_bindgen(js_name = alwaysOpen)]
    pub fn always_open(
        #[wasm_bindgen(unchecked_param_type = "string")] timezone: JsValue,
    ) -> JsResult<BusinessCalendar> {
        let timezone = string("timezone", &timezone)?;
        let tz = timezone
            .parse::<support_metrics::tz::Zone>()
            .map_err(|e| js_error(&e))?;
        Ok(BusinessCalendar(
            support_metrics::BusinessCalendar::always_open(tz),
        ))
    }

    /// The canonical JSON form; `fromJson` reads it back to an equal calendar.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The IANA time zone the schedule is read in.
    #[wasm_bindgen(getter)]
    pub fn timezone(&self) -> String {
        self.0.timezone().name().to_string()
    }

    /// The calendar's name, or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn name(&self) -> JsValue {
        string_or_null(self.0.spec().name.clone())
    }

    /// Business seconds in `[start, end)`.
    #[wasm_bindgen(js_name = businessSeconds)]
    pub fn business_seconds(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] end: JsValue,
    ) -> JsResult<f64> {
        let (start, end) = (instant("start", &start)?, instant("end", &end)?);
        self.0
            .business_seconds(start, end)
            .map_err(|e| js_error(&e))
    }

    /// The deadline of `seconds` business seconds from `start`, as RFC 3339 in UTC.
    #[wasm_bindgen(js_name = addBusinessSeconds)]
    pub fn add_business_seconds(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] seconds: JsValue,
    ) -> JsResult<String> {
        let start = instant("start", &start)?;
        self.0
            .add_business_seconds(start, number("seconds", &seconds)?)
            .map(format_instant)
            .map_err(|e| js_error(&e))
    }

    /// True when the calendar is open at `at`.
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] at: JsValue,
    ) -> JsResult<bool> {
        let at = instant("at", &at)?;
        self.0.is_open(at).map_err(|e| js_error(&e))
    }

    /// The earliest instant `>= at` at which the calendar is open, or `null`.
    #[wasm_bindgen(js_name = nextOpen, unchecked_return_type = "string | null")]
    pub fn next_open(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] at: JsValue,
    ) -> JsResult<JsValue> {
        let at = instant("at", &at)?;
        self.0
            .next_open(at)
            .map(|t| string_or_null(t.map(format_instant)))
            .map_err(|e| js_error(&e))
    }

    /// The earliest instant `>= at` at which the calendar is closed, or `null`.
    #[wasm_bindgen(js_name = nextClose, unchecked_return_type = "string | null")]
    pub fn next_close(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] at: JsValue,
    ) -> JsResult<JsValue> {
        let at = instant("at", &at)?;
        self.0
            .next_close(at)
            .map(|t| string_or_null(t.map(format_instant)))
            .map_err(|e| js_error(&e))
    }

    /// The maximal open intervals meeting `[from, to)`, clipped to it.
    #[wasm_bindgen(js_name = openIntervals, unchecked_return_type = "OpenInterval[]")]
    pub fn open_intervals(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    ) -> JsResult<Array> {
        let (from, to) = (instant("from", &from)?, instant("to", &to)?);
        let out = Array::new();
        for iv in self.0.open_intervals(from, to).map_err(|e| js_error(&e))? {
            let obj = Object::new();
            set(&obj, "start", &format_instant(iv.start).into());
            set(&obj, "end", &format_instant(iv.end).into());
            out.push(&obj);
        }
        Ok(out)
    }

    /// Business seconds per row of two `Float64Array` columns of epoch milliseconds
    /// (`NaN` = missing). Bad rows are reported in `errors`; only a length mismatch throws.
    #[wasm_bindgen(js_name = businessSecondsBatch, unchecked_return_type = "BatchResult")]
    pub fn business_seconds_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] starts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] ends: JsValue,
    ) -> JsResult<JsValue> {
        let (starts, ends) = (
            float64_array("starts", &starts)?,
            float64_array("ends", &ends)?,
        );
        self.0
            .business_seconds_epoch_ms(&starts, &ends)
            .map(batch_result)
            .map_err(|e| js_error(&e))
    }

    /// Deadlines (epoch milliseconds) per row of a `Float64Array` of epoch-millisecond starts
    /// and one of business seconds (`NaN` = missing).
    #[wasm_bindgen(js_name = addBusinessSecondsBatch, unchecked_return_type = "BatchResult")]
    pub fn add_business_seconds_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] starts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] seconds: JsValue,
    ) -> JsResult<JsValue> {
        let (starts, seconds) = (
            float64_array("starts", &starts)?,
            float64_array("seconds", &seconds)?,
        );
        self.0
            .add_business_seconds_epoch_ms(&starts, &seconds)
            .map(batch_result)
            .map_err(|e| js_error(&e))
    }

    /// Compiles the fast form for `[from, to)` now, for predictable latency later.
    pub fn precompile(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
    ) -> JsResult<()> {
        let (from, to) = (instant("from", &from)?, instant("to", &to)?);
        self.0.precompile(from, to).map_err(|e| js_error(&e))
    }
}

/// Calls the core operation `op` (see `ops()`) with its named arguments as JSON text; the
/// answer is JSON text. The JS layer's `call(op, args)` and the per-operation functions wrap
/// this one entry point, so every operation is the core's `api::call_json`, nothing else.
#[wasm_bindgen(js_name = callJson)]
pub fn call_json(
    #[wasm_bindgen(unchecked_param_type = "string")] op: JsValue,
    #[wasm_bindgen(js_name = argsJson, unchecked_param_type = "string")] args_json: JsValue,
) -> JsResult<String> {
    let op = string("op", &op)?;
    let args_json = string("argsJson", &args_json)?;
    support_metrics::api::call_json(&op, &args_json).map_err(|e| js_error(&e))
}

/// Every operation `callJson` knows, in the order of the docs.
#[wasm_bindgen(unchecked_return_type = "OpInfo[]")]
pub fn ops() -> Array {
    let out = Array::new();
    for op in support_metrics::api::OPS {
        let obj = Object::new();
        set(&obj, "name", &op.name.into());
        set(&obj, "area", &op.area.into());
        set(&obj, "argsText", &op.args_text.into());
        set(&obj, "summary", &op.summary.into());
        out.push(&obj);
    }
    out
}

/// Every error code this version can throw.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    Error::CODES.iter().map(|c| (*c).to_string()).collect()
}
