// The JS layer of `call`: argument conversion (Date, NaN, Infinity, BusinessCalendar, typed
// arrays), errors as coded `Error`s, and garbage of every kind to every operation, which must
// never escape as a Rust panic (`RuntimeError: unreachable`).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as sm from "support-metrics";

const { call, callJson, businessSeconds, addBusinessSeconds, erlangC, rate, BusinessCalendar } = sm;
const codes = new Set(sm.errorCodes());
const WEEK = { timezone: "Europe/Berlin", week: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]] } };

function throwsCode(fn, code, mentions) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Error, `not an Error: ${err}`);
    assert.equal(err.name, "SupportMetricsError");
    assert.equal(err.code, code, err.message);
    assert.ok(["format", "calendar", "value"].includes(err.family), err.family);
    if (mentions) assert.ok(err.message.includes(mentions), `${err.message} does not name ${mentions}`);
    return true;
  });
}

test("call and the camelCase functions answer the core's JSON", () => {
  const args = { calendar: WEEK, start: "2026-03-02T08:00:00Z", end: "2026-03-02T10:30:00Z" };
  assert.equal(call("business_seconds", args), 9000); // Berlin (UTC+1) opens 09:00 = 08:00Z
  assert.equal(businessSeconds(args), 9000);
  assert.equal(callJson("business_seconds", JSON.stringify(args)), "9000.0");
  assert.ok(Math.abs(erlangC({ agents: 2, traffic_erlangs: 1 }) - 1 / 3) < 1e-15);
  const r = rate({ numerator: 0, denominator: 0 });
  assert.deepStrictEqual(r, { numerator: 0, denominator: 0, value: null, interval: null, too_few: true });
  assert.deepStrictEqual(call("open_intervals", { calendar: WEEK, from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z" }), [
    ["2026-03-02T08:00:00Z", "2026-03-02T16:00:00Z"],
  ]);
});

test("a Date is sent as RFC 3339 text, the same instant", () => {
  const start = new Date("2026-03-02T08:00:00Z");
  const end = new Date(Date.UTC(2026, 2, 2, 10, 30));
  assert.equal(businessSeconds({ calendar: WEEK, start, end }), 9000);
  assert.equal(addBusinessSeconds({ calendar: WEEK, start, seconds: 3600.5 }), "2026-03-02T09:00:00.500Z");
  // Dates inside nested documents too (an interaction's events).
  const measures = call("interaction_measures", {
    calendar: WEEK,
    interaction: {
      id: "T-1",
      channel: "email",
      created_at: new Date("2026-03-02T08:00:00Z"),
      events: [{ type: "agent_reply", at: new Date("2026-03-02T09:00:00.250Z"), actor: "ana" }],
    },
  });
  assert.equal(measures.first_response_at, "2026-03-02T09:00:00.250Z");
  assert.deepStrictEqual(measures.first_response, { calendar_seconds: 3600.25, business_seconds: 3600.25 });
  throwsCode(() => businessSeconds({ calendar: WEEK, start: new Date(NaN), end }), "invalid_timestamp", "args.start");
});

test("NaN and ±Infinity are sent as the strings the core reads as those floats", () => {
  const at = "2026-03-02T09:00:00Z";
  throwsCode(() => addBusinessSeconds({ calendar: WEEK, start: at, seconds: NaN }), "invalid_duration", "NaN");
  throwsCode(() => addBusinessSeconds({ calendar: WEEK, start: at, seconds: Infinity }), "invalid_duration");
  throwsCode(() => addBusinessSeconds({ calendar: WEEK, start: at, seconds: -Infinity }), "invalid_duration");
  // The same as the vectors' spelling.
  throwsCode(() => addBusinessSeconds({ calendar: WEEK, start: at, seconds: "NaN" }), "invalid_duration");
  throwsCode(() => erlangC({ agents: 2, traffic_erlangs: NaN }), "invalid_rate");
  assert.equal(call("normal_cdf", { x: -Infinity }), 0);
  assert.equal(call("normal_cdf", { x: Infinity }), 1);
  // In arrays and typed arrays as well.
  throwsCode(() => call("mean_estimate", { values: [1, NaN, 3] }), "invalid_argument", "NaN");
  const m = call("mean_estimate", { values: Float64Array.of(1, 2, 3) });
  assert.equal(m.mean, 2);
  // Undefined properties are absent arguments (here the optional `options`).
  assert.equal(call("rate", { numerator: 1, denominator: 2, options: undefined }).value, 0.5);
});

test("a BusinessCalendar is a calendar argument", () => {
  const cal = BusinessCalendar.fromJson(JSON.stringify(WEEK));
  assert.equal(businessSeconds({ calendar: cal, start: "2026-03-02T08:00:00Z", end: "2026-03-02T10:30:00Z" }), 9000);
  assert.equal(call("is_open", { calendar: JSON.stringify(WEEK), at: "2026-03-02T08:00:00Z" }), true);
  const freed = BusinessCalendar.fromJson(JSON.stringify(WEEK));
  freed.free();
  throwsCode(() => call("is_open", { calendar: freed, at: "2026-03-02T08:00:00Z" }), "invalid_type", "args.calendar");
});

test("Sets are arrays and Maps objects", () => {
  const r = call("retention", { start: new Set(["a", "b", "c", "d"]), end: new Set(["b", "c", "d", "e", "f"]) });
  assert.deepStrictEqual([r.start, r.end, r.new, r.rate.value], [4, 5, 2, 0.75]);
  const counts = new Map([["promoters", 50], ["passives", 30], ["detractors", 20]]);
  assert.equal(call("nps_difference", { a: counts, b: counts }).estimate, 0);
});

test("failures are Errors with the core's code, family and message", () => {
  throwsCode(() => call("nope", {}), "unknown_operation", "nope");
  throwsCode(() => call("erlang_c", { agents: 2, traffic_erlangs: -1 }), "invalid_rate");
  throwsCode(() => call("business_seconds", { calendar: WEEK, start: "2026-03-02T08:00:00Z" }), "missing_field", "end");
  throwsCode(() => call("business_seconds", { calendar: WEEK, begin: "x" }), "unknown_field", "begin");
  throwsCode(() => call("erlang_c", { agents: "2", traffic_erlangs: 1 }), "invalid_type", "args.agents");
  throwsCode(() => call("erlang_c", 5), "invalid_type", "args");
  throwsCode(() => call(42, {}), "invalid_type", "op");
  throwsCode(() => callJson("erlang_c", "{"), "invalid_json");
  throwsCode(() => callJson("erlang_c", 7), "invalid_type", "argsJson");
  throwsCode(() => call("validate_calendar", { text: '{"timezone":"UTC","week":{"mon":[["09:00","25:00"]]}}' }), "invalid_time", "week.mon[0][1]");
  try {
    call("nope");
  } catch (err) {
    assert.ok(err.stack.includes("SupportMetricsError"), err.stack);
  }
});

test("values JSON cannot hold are refused with a code, not a TypeError", () => {
  const cyclic = { agents: 2 };
  cyclic.self = cyclic;
  throwsCode(() => call("erlang_c", cyclic), "invalid_json", "args.self");
  throwsCode(() => call("erlang_c", { agents: () => 2, traffic_erlangs: 1 }), "invalid_type", "args.agents");
  throwsCode(() => call("erlang_c", { agents: Symbol("x"), traffic_erlangs: 1 }), "invalid_type", "args.agents");
  throwsCode(() => call("erlang_c", { agents: 2n ** 70n, traffic_erlangs: 1 }), "invalid_type", "args.agents");
  assert.equal(call("erlang_c", { agents: 2n, traffic_erlangs: 1 }), erlangC({ agents: 2, traffic_erlangs: 1 }));
});

const JUNK = [
  undefined, null, true, 0, -0, -1, 0.5, 1e308, -1e308, 2 ** 64, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity,
  "", "x", "NaN", "2026-03-02T09:00:00", "9999-99-99T99:99:99Z", "2100-01-01T00:00:00.000000001Z", new Date(0),
  [], [null], [1, "a", {}], {}, { a: 1 }, { timezone: "Mars/Base" }, "{", "[".repeat(1000), "{}".repeat(1000),
];

test("garbage to every operation is a coded Error or an answer, never a panic", () => {
  for (const { name, argsText } of sm.ops()) {
    const names = argsText.split(", ").filter(Boolean).map((a) => a.replace(/\?$/, ""));
    const attempts = [() => call(name, undefined), () => call(name, []), () => call(name, "x"), () => call(name, { zz: 1 })];
    for (const junk of JUNK) {
      attempts.push(() => call(name, Object.fromEntries(names.map((n) => [n, junk]))));
      for (const n of names) attempts.push(() => sm[name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())]({ [n]: junk }));
    }
    for (const attempt of attempts) {
      try {
        attempt();
      } catch (err) {
        assert.ok(err instanceof Error && codes.has(err.code), `${name}: uncoded ${err?.stack ?? err}`);
      }
    }
  }
  for (const op of [undefined, null, 1, "", "x".repeat(10000), "business_seconds\0", "__proto__", "constructor"]) {
    throwsCode(() => call(op, {}), op === undefined || op === null || op === 1 ? "invalid_type" : "unknown_operation");
  }
  // Still alive: a trap would have left the instance unusable.
  assert.ok(Math.abs(erlangC({ agents: 2, traffic_erlangs: 1 }) - 1 / 3) < 1e-15);
});

test("huge inputs are refused or answered, not trapped", () => {
  const big = [1e9, 4294967295, 4294967296, 1e15, 1e308];
  for (const n of big) {
    for (const attempt of [
      () => call("erlang_b", { agents: n, traffic_erlangs: 1 }),
      () => call("erlang_a", { agents: n, traffic_erlangs: 1, aht_seconds: 1, patience_seconds: 1, threshold_seconds: 1 }),
      () => call("rate", { numerator: n, denominator: n }),
      () => call("retention_from_counts", { start: n, end: n, new: 0 }),
      () => call("student_t_quantile", { p: 0.5, df: n }),
      () => call("add_business_seconds", { calendar: WEEK, start: "2026-03-02T09:00:00Z", seconds: n }),
      () => call("agents_needed", { traffic_erlangs: Math.min(n, 1e6), aht_seconds: 180, target: { service_level: 0.8, threshold_seconds: 20 } }),
    ]) {
      try {
        attempt();
      } catch (err) {
        assert.ok(err instanceof Error && codes.has(err.code), `uncoded ${err?.stack ?? err}`);
      }
    }
  }
  const long = Array.from({ length: 100000 }, (_, i) => i % 7);
  assert.equal(call("mean_estimate", { values: long }).count, 100000);
});
