// The JS layer of the npm package `support-metrics`, over the wasm module `support_metrics.js`.
//
// Conversion only: `call(op, args)` turns a plain object into the JSON text of the core's one
// operation boundary (`api::call_json` in Rust) and parses the answer; every per-operation
// function below is `call` with its name. No calculation lives here.
//
// This file is the ES module of `pkg/web/index.js`; scripts/build-wasm.sh derives the CommonJS
// `pkg/node/index.js` from it (lines marked `web only` are dropped, `export` becomes
// `exports.X`), so both entry points have the same API.
import * as raw from "./support_metrics.js";
export { default, initSync } from "./support_metrics.js"; // web only

export const BusinessCalendar = raw.BusinessCalendar;
export const errorCodes = raw.errorCodes;
export const ops = raw.ops;
export const callJson = raw.callJson;

/** A `SupportMetricsError` raised by this layer, shaped like the ones the core raises. */
function codedError(code, family, message) {
  const err = new Error(message);
  err.name = "SupportMetricsError";
  err.code = code;
  err.family = family;
  return err;
}

const MAX_DEPTH = 256;

/**
 * A JSON-ready copy of `value`: `Date` -> RFC 3339 text (`toISOString()`), a `BusinessCalendar`
 * -> its JSON text, `NaN`/`Infinity`/`-Infinity` -> the strings the core reads as those floats,
 * typed arrays and `Set`s -> arrays, a `Map` -> an object, `undefined` properties dropped (array items become `null`, as in
 * `JSON.stringify`). Functions, symbols, unsafe BigInts and cycles are `invalid_type` /
 * `invalid_json` errors, named by their path.
 */
function toJson(value, path, depth) {
  if (depth > MAX_DEPTH) {
    throw codedError("invalid_json", "format", `${path}: nested more than ${MAX_DEPTH} deep (or cyclic)`);
  }
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value)) return value;
      return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    case "bigint":
      if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
      throw codedError("invalid_type", "format", `${path}: expected a number, found a BigInt beyond 2^53`);
    case "undefined":
      return undefined;
    case "object":
      break;
    default:
      throw codedError("invalid_type", "format", `${path}: expected a JSON value, found ${typeof value}`);
  }
  if (value === null) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw codedError("invalid_timestamp", "format", `${path}: invalid Date`);
    }
    return value.toISOString();
  }
  if (value instanceof raw.BusinessCalendar) {
    try {
      return value.toJson();
    } catch {
      throw codedError("invalid_type", "format", `${path}: expected a calendar, found a freed BusinessCalendar`);
    }
  }
  if (value instanceof Set) value = [...value];
  if (value instanceof Map) value = Object.fromEntries(value);
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = toJson(value[i], `${path}[${i}]`, depth + 1);
      out[i] = item === undefined ? null : item;
    }
    return out;
  }
  if (typeof value.toJSON === "function") return toJson(value.toJSON(), path, depth + 1);
  const out = {};
  for (const key of Object.keys(value)) {
    const item = toJson(value[key], `${path}.${key}`, depth + 1);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

/**
 * Calls the core operation `op` (a shared snake_case name, see `ops()`) with its named
 * arguments, a plain object whose keys are the shared snake_case field names; returns the
 * parsed JSON answer. Throws a `SupportMetricsError` (`code`, `family`) on failure.
 */
export function call(op, args) {
  if (typeof op !== "string") {
    throw codedError("invalid_type", "format", `op: expected a string, found ${op === null ? "null" : typeof op}`);
  }
  const json = toJson(args === undefined ? {} : args, "args", 0);
  return JSON.parse(raw.callJson(op, JSON.stringify(json === undefined ? null : json)));
}

// One function per operation of `ops()`, named in camelCase; tests/ops.test.mjs checks that
// this list and `ops()` are the same.
export function validateCalendar(args) { return call("validate_calendar", args); }
export function businessSeconds(args) { return call("business_seconds", args); }
export function addBusinessSeconds(args) { return call("add_business_seconds", args); }
export function isOpen(args) { return call("is_open", args); }
export function nextOpen(args) { return call("next_open", args); }
export function nextClose(args) { return call("next_close", args); }
export function openIntervals(args) { return call("open_intervals", args); }
export function businessSecondsBatch(args) { return call("business_seconds_batch", args); }
export function readCsv(args) { return call("read_csv", args); }
export function readCsvHeader(args) { return call("read_csv_header", args); }
export function rate(args) { return call("rate", args); }
export function meanEstimate(args) { return call("mean_estimate", args); }
export function normalCdf(args) { return call("normal_cdf", args); }
export function normalSf(args) { return call("normal_sf", args); }
export function normalQuantile(args) { return call("normal_quantile", args); }
export function studentTSf(args) { return call("student_t_sf", args); }
export function studentTQuantile(args) { return call("student_t_quantile", args); }
export function betaQuantile(args) { return call("beta_quantile", args); }
export function npsEstimate(args) { return call("nps_estimate", args); }
export function npsDifference(args) { return call("nps_difference", args); }
export function proportionDifference(args) { return call("proportion_difference", args); }
export function welchTTest(args) { return call("welch_t_test", args); }
export function benjaminiHochberg(args) { return call("benjamini_hochberg", args); }
export function quantileInterval(args) { return call("quantile_interval", args); }
export function readSummaryCsv(args) { return call("read_summary_csv", args); }
export function readSummaryJsonl(args) { return call("read_summary_jsonl", args); }
export function readEventLog(args) { return call("read_event_log", args); }
export function validateInteraction(args) { return call("validate_interaction", args); }
export function validateInteractions(args) { return call("validate_interactions", args); }
export function interactionMeasures(args) { return call("interaction_measures", args); }
export function validateSlaPolicies(args) { return call("validate_sla_policies", args); }
export function evaluateSla(args) { return call("evaluate_sla", args); }
export function ticketReport(args) { return call("ticket_report", args); }
export function ticketBreakdown(args) { return call("ticket_breakdown", args); }
export function agentRanking(args) { return call("agent_ranking", args); }
export function volumeByPeriod(args) { return call("volume_by_period", args); }
export function backlog(args) { return call("backlog", args); }
export function repeatContacts(args) { return call("repeat_contacts", args); }
export function report(args) { return call("report", args); }
export function kpiScorecard(args) { return call("kpi_scorecard", args); }
export function demoData(args) { return call("demo_data", args); }
export function reportState(args) { return call("report_state", args); }
export function ticketState(args) { return call("ticket_state", args); }
export function surveyState(args) { return call("survey_state", args); }
export function queueState(args) { return call("queue_state", args); }
export function agentState(args) { return call("agent_state", args); }
export function qaState(args) { return call("qa_state", args); }
export function mergeStates(args) { return call("merge_states", args); }
export function finishState(args) { return call("finish_state", args); }
export function stateInfo(args) { return call("state_info", args); }
export function surveyReport(args) { return call("survey_report", args); }
export function parseCsatDefinition(args) { return call("parse_csat_definition", args); }
export function validateScore(args) { return call("validate_score", args); }
export function scoreReview(args) { return call("score_review", args); }
export function internalQuality(args) { return call("internal_quality", args); }
export function defaultTarget(args) { return call("default_target", args); }
export function targetStatus(args) { return call("target_status", args); }
export function retention(args) { return call("retention", args); }
export function retentionFromCounts(args) { return call("retention_from_counts", args); }
export function csatDrop(args) { return call("csat_drop", args); }
export function firstResponseSlowdown(args) { return call("first_response_slowdown", args); }
export function npsDrop(args) { return call("nps_drop", args); }
export function rateSpike(args) { return call("rate_spike", args); }
export function erlangB(args) { return call("erlang_b", args); }
export function erlangC(args) { return call("erlang_c", args); }
export function erlangCMetrics(args) { return call("erlang_c_metrics", args); }
export function agentsNeeded(args) { return call("agents_needed", args); }
export function staffingPlan(args) { return call("staffing_plan", args); }
export function erlangA(args) { return call("erlang_a", args); }
export function queueReport(args) { return call("queue_report", args); }
export function validateQueueRecord(args) { return call("validate_queue_record", args); }
export function agentReport(args) { return call("agent_report", args); }
