// The snippets of docs/javascript.md are the blocks between START/END markers below: each one
// runs here, and a test checks that the doc holds it verbatim, so the doc cannot drift.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

test("quickstart", () => {
  // START quickstart
  const { BusinessCalendar } = require_("support-metrics");

  const cal = BusinessCalendar.fromJson(JSON.stringify({
    timezone: "Europe/Moscow",
    week: { mon: [["09:00", "13:00"], ["14:00", "18:00"]],
            tue: [["09:00", "13:00"], ["14:00", "18:00"]] },
    holidays: ["2026-01-01"],
  }));
  // 30 min before lunch, 4 h after it, 15 min on Tuesday.
  cal.businessSeconds("2026-03-02T12:30:00+03:00", "2026-03-03T09:15:00+03:00"); // 17100
  // An 8-business-hour target is due Tuesday 12:30 Moscow time, returned in UTC.
  cal.addBusinessSeconds("2026-03-02T12:30:00+03:00", 8 * 3600); // "2026-03-03T09:30:00Z"
  cal.isOpen("2026-03-03T13:15:00+03:00"); // false: lunch
  cal.nextOpen("2026-03-03T18:00:00+03:00"); // "2026-03-09T06:00:00Z": next Monday 09:00
  // END quickstart
  assert.equal(cal.businessSeconds("2026-03-02T12:30:00+03:00", "2026-03-03T09:15:00+03:00"), 17100);
  assert.equal(cal.addBusinessSeconds("2026-03-02T12:30:00+03:00", 8 * 3600), "2026-03-03T09:30:00Z");
  assert.equal(cal.isOpen("2026-03-03T13:15:00+03:00"), false);
  assert.equal(cal.nextOpen("2026-03-03T18:00:00+03:00"), "2026-03-09T06:00:00Z");
});

test("batch", () => {
  const { BusinessCalendar } = require_("support-metrics");
  const cal = BusinessCalendar.fromJson('{"timezone":"UTC","week":{"mon":[["09:00","17:00"]]}}');
  // START batch
  const created = Float64Array.of(Date.parse("2026-03-02T10:00:00Z"), NaN, Date.parse("2026-03-02T12:00:00Z"));
  const replied = Float64Array.of(Date.parse("2026-03-02T11:30:00Z"), Date.parse("2026-03-02T12:00:00Z"),
                                  Date.parse("2026-03-02T11:00:00Z"));
  const { values, errors } = cal.businessSecondsBatch(created, replied);
  // values: Float64Array [5400, NaN, NaN]: row 1 is missing, row 2 failed
  // errors: [{ row: 2, code: "end_before_start", message: "end 2026-03-02T11:00:00Z is before start ..." }]
  const due = cal.addBusinessSecondsBatch(created, Float64Array.of(3600, 3600, 3600)).values;
  new Date(due[0]).toISOString(); // "2026-03-02T11:00:00.000Z"
  // END batch
  assert.deepStrictEqual(Array.from(values).map((v) => (Number.isNaN(v) ? null : v)), [5400, null, null]);
  assert.deepStrictEqual(errors.map((e) => [e.row, e.code]), [[2, "end_before_start"]]);
  assert.ok(errors[0].message.startsWith("end 2026-03-02T11:00:00Z is before start "));
  assert.equal(new Date(due[0]).toISOString(), "2026-03-02T11:00:00.000Z");
  assert.ok(Number.isNaN(due[1]));
});

test("errors", () => {
  const { BusinessCalendar } = require_("support-metrics");
  let caught;
  // START errors
  try {
    BusinessCalendar.fromJson('{"timezone":"UTC","week":{"mon":[["09:00","25:00"]]}}');
  } catch (err) {
    err instanceof Error; // true
    err.code; // "invalid_time"
    err.family; // "calendar"
    err.message; // "week.mon[0][1]: invalid wall-clock time `25:00`: hour must be 00 to 24"
    caught = err;
  }
  // END errors
  assert.ok(caught instanceof Error);
  assert.equal(caught.code, "invalid_time");
  assert.equal(caught.family, "calendar");
  assert.equal(caught.message, "week.mon[0][1]: invalid wall-clock time `25:00`: hour must be 00 to 24");
});

test("every operation", () => {
  // START ops
  const { businessSeconds, erlangCMetrics, rate, call, ops } = require_("support-metrics");

  const calendar = { timezone: "UTC", week: { mon: [["09:00", "17:00"]] } };
  businessSeconds({ calendar, start: new Date("2026-03-02T08:00:00Z"), end: "2026-03-02T10:30:00Z" }); // 5400
  erlangCMetrics({ agents: 14, traffic_erlangs: 10, aht_seconds: 180, threshold_seconds: 20 }).service_level; // 0.888...
  rate({ numerator: 45, denominator: 50, options: { level: 0.9 } }).interval; // { lower: 0.808..., upper: 0.950..., level: 0.9 }
  call("erlang_c", { agents: 2, traffic_erlangs: 1 }); // 0.333...: the same as erlangC({...})
  ops().length; // every operation, e.g. { name: "erlang_c", area: "erlang", argsText: "agents, traffic_erlangs", ... }
  // END ops
  assert.equal(businessSeconds({ calendar, start: new Date("2026-03-02T08:00:00Z"), end: "2026-03-02T10:30:00Z" }), 5400);
  const sl = erlangCMetrics({ agents: 14, traffic_erlangs: 10, aht_seconds: 180, threshold_seconds: 20 }).service_level;
  assert.ok(String(sl).startsWith("0.888"), String(sl));
  const iv = rate({ numerator: 45, denominator: 50, options: { level: 0.9 } }).interval;
  assert.ok(String(iv.lower).startsWith("0.808") && String(iv.upper).startsWith("0.950") && iv.level === 0.9, JSON.stringify(iv));
  assert.ok(String(call("erlang_c", { agents: 2, traffic_erlangs: 1 })).startsWith("0.333"));
  const erlang = ops().find((o) => o.name === "erlang_c");
  assert.deepStrictEqual([erlang.area, erlang.argsText], ["erlang", "agents, traffic_erlangs"]);
  assert.ok(ops().length >= 56);
});

test("report", () => {
  // START report
  const { demoData, report } = require_("support-metrics");

  const demo = demoData(); // { calendar, policies, as_of, summary_csv, surveys_csv }, each as text
  const r = report({
    calendar: demo.calendar,       // JSON text, the object, or a BusinessCalendar
    policies: demo.policies,       // optional SLA policies (they need an as_of)
    summary_csv: demo.summary_csv, // and/or interactions: [{ id, channel, created_at, events }, ...]
    surveys_csv: demo.surveys_csv, // and/or surveys: [{ interaction_id, kind, score, responded_at }, ...]
    options: { tickets: { measures: { as_of: demo.as_of } }, by: ["agent", "channel"] },
  });
  const csat = r.kpis.find((k) => k.name === "csat"); // { unit: "share", value, interval, n, target, status, ... }
  `${csat.value} in [${csat.interval.lower}, ${csat.interval.upper}]: ${csat.status} (target ${csat.target.threshold})`;
  r.first_response_histogram.counts; // interactions per first-response bin, in business time
  r.breakdowns[0].rows.map((row) => [row.key, row.surveys?.nps.value]); // NPS by agent
  r.volume_heatmap[0][9]; // interactions created on Mondays 09:00-10:00, Moscow time
  r.data_quality.findings; // what the CSV readers rejected or flagged: { source, line, column, code, ... }
  // END report
  assert.deepStrictEqual(Object.keys(demo).sort(), ["as_of", "calendar", "policies", "summary_csv", "surveys_csv"]);
  assert.ok(demo.summary_csv.startsWith("id,channel,"));
  assert.deepStrictEqual(Object.keys(r).sort(), [
    "as_of", "breakdowns", "data_quality", "excluded", "first_response_histogram", "kpis", "surveys", "tickets",
    "time", "timezone", "trend", "volume_heatmap",
  ]);
  assert.equal(r.as_of, demo.as_of);
  assert.equal(r.kpis[0].name, "interactions");
  assert.equal(csat.unit, "share");
  assert.ok(csat.interval.lower < csat.value && csat.value < csat.interval.upper);
  assert.ok(["met", "missed", "not_significantly_different"].includes(csat.status));
  assert.equal(csat.target.threshold, 0.85);
  assert.equal(r.first_response_histogram.counts.length, r.first_response_histogram.edges.length + 1);
  assert.deepStrictEqual(r.breakdowns.map((b) => b.dimension), ["agent", "channel"]);
  assert.ok(r.breakdowns[0].rows.some((row) => typeof row.surveys?.nps.value === "number"));
  assert.equal(r.timezone, "Europe/Moscow");
  assert.deepStrictEqual([r.volume_heatmap.length, r.volume_heatmap[0].length], [7, 24]);
  assert.ok(r.volume_heatmap[0][9] > 0);
  assert.ok(Array.isArray(r.data_quality.findings));
  // The same data as objects gives the same figures (here one interaction and one answer).
  const small = report({
    calendar: { timezone: "UTC", week: { mon: [["09:00", "17:00"]] } },
    interactions: [{ id: "a", channel: "chat", created_at: "2026-03-02T09:00:00Z",
      events: [{ type: "agent_reply", at: new Date("2026-03-02T09:10:00Z") }] }],
    surveys: [{ interaction_id: "a", kind: "csat", score: 5, responded_at: "2026-03-02T10:00:00Z" }],
  });
  assert.equal(small.kpis.find((k) => k.name === "first_response_median").value, 600);
  assert.equal(small.kpis.find((k) => k.name === "csat").value, 1);
});

test("docs/javascript.md holds every snippet verbatim", () => {
  const source = readFileSync(new URL(import.meta.url), "utf8");
  const doc = readFileSync(new URL("../../../docs/javascript.md", import.meta.url), "utf8");
  const snippets = [...source.matchAll(/\/\/ START (\w+)\n([\s\S]*?)\n\s*\/\/ END \1/g)];
  assert.equal(snippets.length, 5);
  for (const [, name, body] of snippets) {
    const indent = body.match(/^ */)[0].length;
    const text = body
      .split("\n")
      .map((l) => l.slice(indent))
      .join("\n")
      .replaceAll("require_(", "require(");
    assert.ok(doc.includes(text), `docs/javascript.md lacks the \`${name}\` snippet:\n${text}`);
  }
});

import { createRequire } from "node:module";
// The doc shows CommonJS `require`; in this ES module it is `require_`.
function require_(name) {
  return createRequire(import.meta.url)(name);
}
