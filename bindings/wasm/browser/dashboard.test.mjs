// The quality dashboard (www/index.html) in a real headless Chromium. The numbers it renders
// (read back from their data-* attributes) must equal, exactly, the `report` answer computed in
// Node by the same package from the same demo data; and after uploading the files of the shared
// vector `small_desk` (crates/support-metrics/tests/vectors/report.json) through the file inputs,
// they must match that vector's hand-derived `expect` by the vectors' rule. Coded errors of the
// core are shown with their code. Screenshots go to bindings/wasm/test-output/ (ignored).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as sm from "support-metrics";
import { guardedPage, launch, screenshot } from "./chromium.mjs";
import { serve } from "./serve.mjs";
import { mismatch } from "../tests/support.mjs";

const EXACT = { absolute: 0, relative: 0 };
const VECTORS = new URL("../../../crates/support-metrics/tests/vectors/report.json", import.meta.url);

/**
 * Runs in the page: the report's parts as the dashboard shows them, rebuilt from the data-*
 * attributes only (never from the page's script state).
 */
function readDashboard() {
  const num = (s) => (s === undefined || s === "" ? null : Number(s));
  const interval = (d) => (d.lower === "" ? null : { lower: num(d.lower), upper: num(d.upper), level: num(d.level) });
  const meta = document.getElementById("report-meta").dataset;
  const kpis = [...document.querySelectorAll("#kpis [data-kpi]")].map((t) => {
    const d = t.dataset;
    return {
      name: d.kpi,
      unit: d.unit,
      value: num(d.value),
      interval: interval(d),
      n: num(d.n),
      too_few: d.tooFew === "true",
      target: d.target === "" ? null : { metric: d.targetMetric, comparator: d.comparator, threshold: num(d.target) },
      status: d.status === "" ? null : d.status,
      text: t.querySelector(".value").textContent,
    };
  });
  const bars = [...document.querySelectorAll("#frt-svg rect[data-bin]")];
  const note = document.getElementById("frt-note").dataset;
  const histogram = {
    edges: bars.slice(0, -1).map((b) => num(b.dataset.to)),
    counts: bars.map((b) => num(b.dataset.count)),
    excluded: num(note.excluded),
  };
  const heatmap = Array.from({ length: 7 }, () => Array(24).fill(null));
  for (const c of document.querySelectorAll("#heatmap-svg rect[data-weekday]")) {
    heatmap[Number(c.dataset.weekday)][Number(c.dataset.hour)] = num(c.dataset.count);
  }
  const marks = (id) =>
    [...document.querySelectorAll(`#${id} g[data-metric]`)].map((g) => ({
      ...(g.dataset.agent !== undefined ? { agent: g.dataset.agent === "" ? null : g.dataset.agent } : {}),
      ...(g.dataset.channel !== undefined ? { channel: g.dataset.all === "true" ? "*" : g.dataset.channel || null } : {}),
      metric: g.dataset.metric,
      value: num(g.dataset.value),
      interval: g.dataset.lower === "" ? null : { lower: num(g.dataset.lower), upper: num(g.dataset.upper) },
      n: num(g.dataset.n),
      ...(g.dataset.met !== undefined ? { met: num(g.dataset.met), breached: num(g.dataset.breached) } : {}),
    }));
  const q = document.getElementById("data-quality").dataset;
  return {
    as_of: meta.asOf === "" ? null : meta.asOf,
    timezone: meta.timezone,
    time: meta.time,
    kpis,
    first_response_histogram: histogram,
    volume_heatmap: heatmap,
    sla: marks("sla-svg"),
    csat: marks("csat-svg"),
    nps: marks("nps-svg"),
    trend: [...document.querySelectorAll("#trend-svg rect[data-period]")].map((b) => ({
      period: b.dataset.period,
      interactions: num(b.dataset.interactions),
      csat: num(b.dataset.csat),
    })),
    excluded: { interactions_after_as_of: num(q.interactionsAfterAsOf), surveys_after_as_of: num(q.surveysAfterAsOf) },
    data_quality: {
      rows_read: num(q.rowsRead),
      rows_rejected: num(q.rowsRejected),
      count: num(q.findings),
      findings: [...document.querySelectorAll("#findings li[data-code]")].map((li) => ({
        source: li.dataset.source,
        line: num(li.dataset.line),
        id: li.dataset.id || null,
        column: li.dataset.column || null,
        severity: li.dataset.severity,
        code: li.dataset.code,
      })),
    },
    reportHidden: document.getElementById("report").hidden,
  };
}

/** The marks the dashboard must show for a report, in its order. */
function expectedMarks(r) {
  const ivl = (i) => (i === null ? null : { lower: i.lower, upper: i.upper });
  const sla = r.tickets.sla.map((s) => ({
    channel: "*", metric: s.metric, value: s.compliance.value, interval: ivl(s.compliance.interval),
    n: s.compliance.denominator, met: s.counts.met, breached: s.counts.breached,
  }));
  const byChannel = r.breakdowns.find((b) => b.dimension === "channel");
  for (const row of byChannel?.rows ?? []) {
    for (const m of r.tickets.sla.map((s) => s.metric)) {
      const s = row.tickets?.sla.find((x) => x.metric === m);
      if (s) {
        sla.push({
          channel: row.key, metric: m, value: s.compliance.value, interval: ivl(s.compliance.interval),
          n: s.compliance.denominator, met: s.counts.met, breached: s.counts.breached,
        });
      }
    }
  }
  const agents = r.breakdowns.find((b) => b.dimension === "agent")?.rows ?? [];
  const survey = (metric) =>
    agents.map((row) => {
      const e = row.surveys === null ? null : row.surveys[metric];
      return {
        agent: row.key, metric, value: e?.value ?? null, interval: ivl(e?.interval ?? null),
        n: e === null ? 0 : metric === "csat" ? e.responses : e.count,
      };
    });
  return { sla, csat: survey("csat"), nps: survey("nps") };
}

async function rendered(page, renders) {
  await page.waitForSelector(`body[data-renders="${renders}"]`, { timeout: 30000 });
  return page.evaluate(readDashboard);
}

test("the dashboard renders the core's report of the sample and of uploaded files", async () => {
  const server = await serve();
  const browser = await launch();
  const files = mkdtempSync(join(tmpdir(), "support-metrics-upload-"));
  try {
    const { page, problems } = await guardedPage(browser.context, `${server.url}/`);
    await page.goto(`${server.url}/www/`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
    assert.equal(await page.isHidden("#report"), true);

    // 1. The sample: demoData() -> report, in the page; the same in Node.
    await page.click("#load-sample");
    const got = await rendered(page, 1);
    const d = sm.demoData();
    const want = sm.report({
      calendar: d.calendar,
      policies: d.policies,
      summary_csv: d.summary_csv,
      surveys_csv: d.surveys_csv,
      options: { tickets: { measures: { as_of: d.as_of } } },
    });
    assert.equal(got.reportHidden, false);
    assert.equal(await page.inputValue("#as-of"), d.as_of);
    assert.deepStrictEqual(
      got.kpis.map(({ text, ...k }) => k),
      want.kpis,
    );
    assert.ok(want.kpis.length >= 15 && want.kpis.some((k) => k.interval !== null && k.status !== null));
    // The tiles' text is the value for people.
    const tile = (name) => got.kpis.find((k) => k.name === name).text;
    assert.equal(tile("interactions"), "6,000");
    assert.equal(tile("csat"), `${(want.kpis.find((k) => k.name === "csat").value * 100).toFixed(1)} %`);
    assert.equal(
      await page.getAttribute('[data-kpi="fcr"]', "class"),
      `tile ${want.kpis.find((k) => k.name === "fcr").status}`,
    );
    assert.equal(got.as_of, want.as_of);
    assert.deepStrictEqual([got.timezone, got.time], [want.timezone, want.time]);
    assert.deepStrictEqual(got.first_response_histogram, want.first_response_histogram);
    assert.deepStrictEqual(got.volume_heatmap, want.volume_heatmap);
    const marks = expectedMarks(want);
    assert.ok(marks.sla.length > want.tickets.sla.length, "SLA rows by channel");
    assert.deepStrictEqual(got.sla, marks.sla);
    assert.ok(marks.csat.length >= 12, "agents");
    assert.deepStrictEqual(got.csat, marks.csat);
    assert.deepStrictEqual(got.nps, marks.nps);
    assert.deepStrictEqual(
      got.trend,
      want.trend.map((p) => ({ period: p.period, interactions: p.tickets?.interactions ?? 0, csat: p.surveys?.csat.value ?? null })),
    );
    assert.deepStrictEqual(got.excluded, want.excluded);
    assert.deepStrictEqual(
      [got.data_quality.rows_read, got.data_quality.rows_rejected, got.data_quality.count],
      [want.data_quality.rows_read, want.data_quality.rows_rejected, want.data_quality.findings.length],
    );
    assert.equal(await page.isHidden("#error"), true);
    await screenshot(page, "dashboard-sample.png");

    // 2. The shared vector small_desk through the file inputs (its as_of, by agent).
    const vectors = JSON.parse(readFileSync(VECTORS, "utf8"));
    const c = vectors.cases.find((x) => x.name === "small_desk");
    assert.deepStrictEqual(c.args.options, { tickets: { measures: { as_of: "2026-03-10T00:00:00Z" } }, by: ["agent"] });
    const path = (name) => join(files, name);
    writeFileSync(path("small_desk_interactions.csv"), c.args.summary_csv);
    writeFileSync(path("small_desk_surveys.csv"), c.args.surveys_csv);
    writeFileSync(path("small_desk_calendar.json"), JSON.stringify(c.calendar, null, 2));
    await page.click("#clear");
    assert.equal(await page.isHidden("#report"), true);
    await page.setInputFiles("#file-interactions", path("small_desk_interactions.csv"));
    await page.setInputFiles("#file-surveys", path("small_desk_surveys.csv"));
    await page.setInputFiles("#file-calendar", path("small_desk_calendar.json"));
    for (const slot of ["interactions", "surveys", "calendar"]) {
      await page.waitForSelector(`.file-name[data-slot="${slot}"][data-loaded="true"]`);
    }
    assert.equal(await page.getAttribute('.file-name[data-slot="policies"]', "data-loaded"), "false");
    await page.fill("#as-of", "2026-03-10T00:00:00Z");
    await page.click("details summary");
    await page.fill("#options-json", '{"by": ["agent"]}');
    await page.click("#compute");
    const small = await rendered(page, 2);
    const e = c.expect;
    const check = (what, g, w) => assert.equal(mismatch(g, w, vectors.tolerance), null, what);
    check("as_of", small.as_of, e.as_of);
    check("timezone and time", [small.timezone, small.time], [e.timezone, e.time]);
    check("kpis", small.kpis, e.kpis);
    check("histogram", small.first_response_histogram, e.first_response_histogram);
    check("heatmap", small.volume_heatmap, e.volume_heatmap);
    check("excluded", small.excluded, e.excluded);
    check("data quality", small.data_quality, e.data_quality);
    // By agent: CSAT and NPS of each agent's answers.
    const agents = e.breakdowns.find((b) => b.dimension === "agent").rows;
    check("agents", small.csat.map((m) => m.agent), agents.map((r) => r.key));
    agents.forEach((row, i) => {
      const s = row.surveys;
      check(`${row.key} csat`, { value: small.csat[i].value, responses: small.csat[i].n }, { value: s.csat.value, responses: s.csat.responses });
      check(`${row.key} nps`, { value: small.nps[i].value, count: small.nps[i].n }, { value: s.nps.value, count: s.nps.count });
    });
    // The same page numbers as the vector's own options computed here (nothing is lost).
    const exact = sm.report({ ...c.args, calendar: c.calendar });
    assert.deepStrictEqual(small.kpis.map(({ text, ...k }) => k), exact.kpis);
    check("agents exactly", { csat: small.csat, nps: small.nps }, (({ csat, nps }) => ({ csat, nps }))(expectedMarks(exact)));
    assert.equal(mismatch(small, { sla: [] }, EXACT), null, "no SLA without policies");
    assert.match(await page.textContent("#sla-none"), /No SLA outcomes/);
    assert.equal(await page.textContent('[data-kpi="chat_first_response_median"] .target'), "target < 60 s · missed");
    await screenshot(page, "dashboard-small-desk.png");

    // 3. Drag and drop: files are placed by their content, whatever their input.
    await page.evaluate(async ({ calendar, surveys }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([calendar], "desk.json", { type: "application/json" }));
      dt.items.add(new File([surveys], "answers.csv", { type: "text/csv" }));
      document.getElementById("drop-zone").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, { calendar: JSON.stringify(c.calendar), surveys: c.args.surveys_csv });
    await page.waitForSelector("body[data-dropped='1']");
    assert.match(await page.textContent('.file-name[data-slot="calendar"]'), /^desk\.json/);
    assert.match(await page.textContent('.file-name[data-slot="surveys"]'), /^answers\.csv/);
    await page.click("#compute");
    const again = await rendered(page, 3);
    assert.deepStrictEqual(again.kpis, small.kpis);

    // 4. The core's errors are shown with their code, and no numbers.
    writeFileSync(path("bad_calendar.json"), '{"timezone": "UTC", "week": {"mon": [["09:00", "25:00"]]}}');
    await page.setInputFiles("#file-calendar", path("bad_calendar.json"));
    await page.waitForSelector('.file-name[data-slot="calendar"]:has-text("bad_calendar.json")');
    await page.click("#compute");
    await page.waitForSelector('body[data-renders="4"]');
    assert.equal(await page.getAttribute("#error", "data-code"), "invalid_time");
    assert.match(await page.textContent("#error"), /^invalid_time: week\.mon\[0\]\[1\]/);
    assert.equal(await page.isHidden("#report"), true);
    writeFileSync(path("policies.json"), sm.demoData({ interactions: 1 }).policies);
    await page.setInputFiles("#file-calendar", path("small_desk_calendar.json"));
    await page.setInputFiles("#file-policies", path("policies.json"));
    await page.waitForSelector('.file-name[data-slot="policies"][data-loaded="true"]');
    await page.fill("#as-of", "");
    await page.click("#compute");
    await page.waitForSelector('body[data-renders="5"]');
    assert.equal(await page.getAttribute("#error", "data-code"), "invalid_argument"); // SLA states need as_of
    await page.fill("#options-json", '{"by": ["team"]}');
    await page.fill("#as-of", "2026-03-10T00:00:00Z");
    await page.click("#compute");
    await page.waitForSelector('body[data-renders="6"]');
    assert.equal(await page.getAttribute("#error", "data-code"), "invalid_json");
    await page.fill("#options-json", "");
    await page.click("#compute");
    const withPolicies = await rendered(page, 7);
    assert.equal(await page.isHidden("#error"), true);
    assert.ok(withPolicies.sla.length > 0, "SLA rows with the demo policies");

    assert.deepStrictEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
    rmSync(files, { recursive: true, force: true });
  }
});
