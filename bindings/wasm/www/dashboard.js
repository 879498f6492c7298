// The quality dashboard: the core's `report` run in the browser by the wasm package on the
// demo data set or on files the user gives, drawn as tiles, SVG charts and tables. Display code
// only: every number shown is a field of the one `Report` object the core answers, and each
// carries it unrounded in a data-* attribute (`String(number)`, empty for null) for tests.
import init, { demoData, report } from "../pkg/web/index.js";

// Type-checked against the package's typings by tsc (tests/tsconfig.www.json).
/** @typedef {import("../pkg/web/index.js").Report} Report */
/** @typedef {import("../pkg/web/index.js").Interval} Interval */

/** @param {string} id @returns {HTMLElement} */
const $ = (id) => document.getElementById(id);
/** An input or textarea by id. @param {string} id @returns {HTMLInputElement} */
const field = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const SVG = "http://www.w3.org/2000/svg";
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const SLOTS = ["interactions", "surveys", "calendar", "policies"];
const MAX_FINDINGS = 200;

/** The inputs: per slot, `{ name, text }` or null. */
const inputs = { interactions: null, surveys: null, calendar: null, policies: null };
let renders = 0;

// ---- formatting

/** A number as a data-* attribute: exact (shortest round trip), empty for null. */
const raw = (v) => (v === null || v === undefined ? "" : String(v));

function duration(s) {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  if (s < 2 * 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

/** A value in its KPI unit, for people. */
function show(unit, v) {
  if (v === null || v === undefined) return "—";
  switch (unit) {
    case "count":
      return Math.round(v).toLocaleString("en-US");
    case "share":
      return `${(v * 100).toFixed(1)} %`;
    case "points":
      return `${v > 0 ? "+" : ""}${v.toFixed(1)}`;
    case "rating":
      return v.toFixed(2);
    case "seconds":
      return duration(v);
    default:
      return String(v);
  }
}

const showInterval = (unit, i) => (i ? `${Math.round(i.level * 100)}% CI ${show(unit, i.lower)} – ${show(unit, i.upper)}` : "");
const COMPARATORS = { at_least: "≥", at_most: "≤", below: "<" };
const KPI_LABELS = {
  interactions: "Interactions",
  backlog: "Backlog (open at as-of)",
  first_response_median: "First response, median",
  chat_first_response_median: "Chat first response, median",
  resolution_median: "Resolution, median",
  resolution_rate: "Resolution rate",
  fcr: "First-contact resolution",
  reopen_rate: "Reopen rate",
  escalation_rate: "Escalation rate",
  repeat_contact_rate: "Repeat contacts (7 d)",
  sla_first_reply: "SLA first reply",
  sla_next_reply: "SLA next reply",
  sla_periodic_update: "SLA periodic update",
  sla_resolution: "SLA resolution",
  csat: "CSAT",
  nps: "NPS",
  ces: "CES (mean)",
};
const SLA_LABELS = { first_reply: "first reply", next_reply: "next reply", periodic_update: "periodic update", resolution: "resolution" };

/** A bin edge, short: `15m`, `1h`, `3d`, `90s`. */
function edge(s) {
  for (const { unit, size } of [{ unit: "d", size: 86400 }, { unit: "h", size: 3600 }, { unit: "m", size: 60 }]) {
    if (s >= size && s % size === 0) return `${s / size}${unit}`;
  }
  return s >= 3600 ? `${(s / 3600).toFixed(1)}h` : s >= 60 ? `${(s / 60).toFixed(1)}m` : `${s}s`;
}

function binLabel(edges, i) {
  if (i === 0) return `< ${edge(edges[0])}`;
  if (i >= edges.length) return `≥ ${edge(edges[edges.length - 1])}`;
  return `${edge(edges[i - 1])}–${edge(edges[i])}`;
}

// ---- DOM helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, typeof v === "number" ? String(Math.round(v * 10) / 10) : v);
  node.append(...children);
  return node;
}

const title = (text) => svgEl("title", {}, text);
const text = (x, y, s, attrs = {}) => svgEl("text", { x, y, ...attrs }, s);

// ---- the report's parts

/** @param {Report} r */
function renderKpis(r) {
  const tiles = r.kpis.map((k) => {
    const tile = el("div", {
      class: `tile ${k.status ?? ""}`,
      "data-kpi": k.name,
      "data-unit": k.unit,
      "data-value": raw(k.value),
      "data-lower": raw(k.interval?.lower),
      "data-upper": raw(k.interval?.upper),
      "data-level": raw(k.interval?.level),
      "data-n": raw(k.n),
      "data-too-few": String(k.too_few),
      "data-status": k.status ?? "",
      "data-target": raw(k.target?.threshold),
      "data-target-metric": k.target?.metric ?? "",
      "data-comparator": k.target?.comparator ?? "",
    });
    tile.append(
      el("div", { class: "name" }, KPI_LABELS[k.name] ?? k.name.replaceAll("_", " ")),
      el("div", { class: "value" }, show(k.unit, k.value)),
      el("div", { class: "ci" }, showInterval(k.unit, k.interval)),
      el("div", { class: "n" }, `n = ${k.n.toLocaleString("en-US")}${k.too_few ? " (too few)" : ""}`),
    );
    if (k.target) {
      tile.append(
        el(
          "div",
          { class: "target" },
          `target ${COMPARATORS[k.target.comparator] ?? k.target.comparator} ${show(k.unit, k.target.threshold)} · ${(k.status ?? "").replaceAll("_", " ")}`,
        ),
      );
    }
    return tile;
  });
  $("kpis").replaceChildren(...tiles);
}

/** @param {Report} r */
function renderHistogram(r) {
  const h = r.first_response_histogram;
  $("frt-basis").textContent = r.time;
  const [w, ht, left, bottom, top] = [520, 220, 36, 36, 18];
  const max = Math.max(1, ...h.counts);
  const bw = (w - left - 8) / h.counts.length;
  const svg = svgEl("svg", { id: "frt-svg", viewBox: `0 0 ${w} ${ht}`, role: "img", "aria-label": "first-response time histogram" });
  svg.append(svgEl("line", { x1: left, y1: ht - bottom, x2: w - 4, y2: ht - bottom, class: "axis" }));
  h.counts.forEach((c, i) => {
    const bh = (c / max) * (ht - bottom - top);
    const x = left + i * bw;
    const y = ht - bottom - bh;
    const label = binLabel(h.edges, i);
    svg.append(
      svgEl(
        "rect",
        {
          x: x + 2, y, width: bw - 4, height: bh, class: "bar",
          "data-bin": String(i),
          "data-from": i === 0 ? "0" : raw(h.edges[i - 1]),
          "data-to": i < h.edges.length ? raw(h.edges[i]) : "",
          "data-count": raw(c),
        },
        title(`${label}: ${c}`),
      ),
      text(x + bw / 2, y - 3, c.toLocaleString("en-US"), { "text-anchor": "middle" }),
      text(x + bw / 2, ht - bottom + 14, label, { "text-anchor": "middle", class: "small" }),
    );
  });
  // The core's count of first-response times: the histogram's bins hold exactly these.
  const total = r.tickets.first_response_time.count;
  $("frt-histogram").replaceChildren(
    svg,
    el(
      "p",
      { class: "hint", id: "frt-note", "data-answered": raw(total), "data-excluded": raw(h.excluded) },
      `${total.toLocaleString("en-US")} interactions with a first response; ${h.excluded.toLocaleString("en-US")} without one (unanswered) are left out.`,
    ),
  );
}

/** A horizontal dot-and-whisker plot: one row per item, the value as a bar or a dot. */
function intervalPlot({ rows, domain, format, bars, id }) {
  const [w, rowH, left, right, top] = [520, 22, 150, 96, 22];
  const ht = top + rows.length * rowH + 8;
  const [lo, hi] = domain;
  const x = (v) => left + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (w - left - right);
  const svg = svgEl("svg", { id, viewBox: `0 0 ${w} ${ht}`, role: "img" });
  for (const t of [lo, (lo + hi) / 2, hi]) {
    svg.append(
      svgEl("line", { x1: x(t), y1: top - 4, x2: x(t), y2: ht - 6, class: "grid" }),
      text(x(t), top - 8, format(t), { "text-anchor": "middle", class: "small" }),
    );
  }
  rows.forEach((row, i) => {
    const y = top + i * rowH + rowH / 2;
    svg.append(text(left - 6, y + 4, row.label, { "text-anchor": "end", class: row.strong ? "strong" : "" }));
    const attrs = {
      ...row.data,
      "data-value": raw(row.value),
      "data-lower": raw(row.interval?.lower),
      "data-upper": raw(row.interval?.upper),
      "data-n": raw(row.n),
    };
    if (row.value === null) {
      svg.append(svgEl("g", { ...attrs, class: "mark" }, text(x(lo) + 4, y + 4, "no data", { class: "small muted" })));
      return;
    }
    const tip = `${row.label}: ${format(row.value)}${row.interval ? ` (${format(row.interval.lower)} – ${format(row.interval.upper)})` : ""}, n = ${row.n}`;
    const g = svgEl("g", { ...attrs, class: `mark${row.tooFew ? " too-few" : ""}` }, title(tip));
    if (bars) g.append(svgEl("rect", { x: x(lo), y: y - 6, width: Math.max(0.5, x(row.value) - x(lo)), height: 12, class: "bar" }));
    if (row.interval) {
      g.append(
        svgEl("line", { x1: x(row.interval.lower), y1: y, x2: x(row.interval.upper), y2: y, class: "whisker" }),
        svgEl("line", { x1: x(row.interval.lower), y1: y - 5, x2: x(row.interval.lower), y2: y + 5, class: "whisker" }),
        svgEl("line", { x1: x(row.interval.upper), y1: y - 5, x2: x(row.interval.upper), y2: y + 5, class: "whisker" }),
      );
    }
    if (!bars) g.append(svgEl("circle", { cx: x(row.value), cy: y, r: 4.5, class: "dot" }));
    g.append(text(w - right + 6, y + 4, `${format(row.value)} · n ${row.n}`, { class: "small" }));
    svg.append(g);
  });
  return svg;
}

const pct = (v) => `${(v * 100).toFixed(0)}%`;
const keyLabel = (key, none) => (key === null ? none : key);

/** @param {Report} r */
function renderSlaByChannel(r) {
  const box = $("sla-by-channel");
  const by = r.breakdowns.find((b) => b.dimension === "channel");
  if (r.tickets.sla.length === 0) {
    box.replaceChildren(el("p", { class: "hint", id: "sla-none" }, "No SLA outcomes: give SLA policies (and an as-of instant) to see compliance."));
    return;
  }
  const metrics = r.tickets.sla.map((s) => s.metric);
  const rows = [];
  for (const s of r.tickets.sla) {
    rows.push({
      label: `all · ${SLA_LABELS[s.metric]}`, strong: true, value: s.compliance.value, interval: s.compliance.interval,
      n: s.compliance.denominator, tooFew: s.compliance.too_few,
      data: { "data-channel": "", "data-all": "true", "data-metric": s.metric, "data-met": raw(s.counts.met), "data-breached": raw(s.counts.breached) },
    });
  }
  if (by) {
    for (const row of by.rows) {
      for (const m of metrics) {
        const s = row.tickets?.sla.find((x) => x.metric === m);
        if (!s) continue;
        rows.push({
          label: `${keyLabel(row.key, "(no channel)")} · ${SLA_LABELS[m]}`, value: s.compliance.value, interval: s.compliance.interval,
          n: s.compliance.denominator, tooFew: s.compliance.too_few,
          data: { "data-channel": row.key ?? "", "data-metric": m, "data-met": raw(s.counts.met), "data-breached": raw(s.counts.breached) },
        });
      }
    }
  }
  const parts = [intervalPlot({ rows, domain: [0, 1], format: pct, bars: true, id: "sla-svg" })];
  if (!by) parts.push(el("p", { class: "hint" }, "The options have no channel breakdown (add \"channel\" to by)."));
  parts.push(el("p", { class: "hint" }, "Compliance = met / (met + breached); running and paused targets are not decided yet. Whiskers: interval."));
  box.replaceChildren(...parts);
}

/** @param {Report} r */
function renderSurveysByAgent(r) {
  const box = $("surveys-by-agent");
  const by = r.breakdowns.find((b) => b.dimension === "agent");
  if (!by) {
    box.replaceChildren(el("p", { class: "hint" }, "The options have no agent breakdown (add \"agent\" to by)."));
    return;
  }
  const csatUnit = r.kpis.find((k) => k.name === "csat")?.unit ?? "share";
  const rows = (metric) =>
    by.rows.map((row) => {
      const s = row.surveys;
      const est = s === null ? null : metric === "csat" ? s.csat : s.nps;
      return {
        label: keyLabel(row.key, "(no agent)"),
        value: est?.value ?? null,
        interval: est?.interval ?? null,
        n: s === null ? 0 : metric === "csat" ? s.csat.responses : s.nps.count,
        tooFew: est?.too_few ?? true,
        data: { "data-agent": row.key ?? "", "data-metric": metric },
      };
    });
  const csatRows = rows("csat");
  let domain = [0, 1];
  let format = pct;
  if (csatUnit === "points") [domain, format] = [[-100, 100], (v) => v.toFixed(0)];
  if (csatUnit === "rating") {
    const xs = csatRows.flatMap((x) => (x.value === null ? [] : [x.value, x.interval?.lower ?? x.value, x.interval?.upper ?? x.value]));
    domain = xs.length ? [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs)) + (Math.min(...xs) === Math.max(...xs) ? 1 : 0)] : [0, 1];
    format = (v) => v.toFixed(2);
  }
  box.replaceChildren(
    el("h3", {}, `CSAT (${r.surveys.csat.definition.replaceAll("_", " ")})`),
    intervalPlot({ rows: csatRows, domain, format, bars: false, id: "csat-svg" }),
    el("h3", {}, "NPS (points)"),
    intervalPlot({ rows: rows("nps"), domain: [-100, 100], format: (v) => v.toFixed(0), bars: false, id: "nps-svg" }),
    el("p", { class: "hint" }, "Dots: the value; whiskers: its interval. Pale: fewer answers than the options' min_n."),
  );
}

/** @param {Report} r */
function renderHeatmap(r) {
  $("heatmap-zone").textContent = r.timezone;
  const [cell, left, top] = [20, 34, 16];
  const w = left + 24 * cell + 4;
  const ht = top + 7 * cell + 4;
  const max = Math.max(1, ...r.volume_heatmap.flat());
  const svg = svgEl("svg", { id: "heatmap-svg", viewBox: `0 0 ${w} ${ht}`, role: "img", "aria-label": "volume heatmap" });
  for (let hour = 0; hour < 24; hour += 3) svg.append(text(left + hour * cell + cell / 2, top - 4, String(hour).padStart(2, "0"), { "text-anchor": "middle", class: "small" }));
  r.volume_heatmap.forEach((hours, d) => {
    svg.append(text(left - 6, top + d * cell + cell / 2 + 4, WEEKDAYS[d] ?? String(d), { "text-anchor": "end", class: "small" }));
    hours.forEach((c, hour) => {
      const a = c === 0 ? 0.04 : 0.15 + 0.85 * (c / max);
      svg.append(
        svgEl(
          "rect",
          {
            x: left + hour * cell, y: top + d * cell, width: cell - 2, height: cell - 2, rx: 2,
            fill: `rgba(12, 166, 120, ${a.toFixed(3)})`,
            "data-weekday": String(d), "data-hour": String(hour), "data-count": raw(c),
          },
          title(`${WEEKDAYS[d]} ${String(hour).padStart(2, "0")}:00 — ${c}`),
        ),
      );
    });
  });
  $("volume-heatmap").replaceChildren(svg, el("p", { class: "hint" }, `Interactions created, by local weekday and hour; darkest = ${max.toLocaleString("en-US")}.`));
}

/** @param {Report} r */
function renderTrend(r) {
  const box = $("trend");
  if (r.trend.length === 0) {
    box.replaceChildren(el("p", { class: "hint" }, "No trend (the options' period is null)."));
    return;
  }
  const [w, ht, left, bottom, top] = [1040, 170, 40, 34, 16];
  const bw = Math.min(72, (w - left - 8) / r.trend.length);
  const max = Math.max(1, ...r.trend.map((p) => p.tickets?.interactions ?? 0));
  const csatUnit = r.kpis.find((k) => k.name === "csat")?.unit ?? "share";
  const svg = svgEl("svg", { id: "trend-svg", viewBox: `0 0 ${w} ${ht}`, role: "img", "aria-label": "trend" });
  r.trend.forEach((p, i) => {
    const n = p.tickets?.interactions ?? 0;
    const csat = p.surveys?.csat.value ?? null;
    const bh = (n / max) * (ht - bottom - top);
    const x = left + i * bw;
    svg.append(
      svgEl(
        "rect",
        { x: x + 2, y: ht - bottom - bh, width: bw - 4, height: bh, class: "bar light", "data-period": p.period, "data-interactions": raw(n), "data-csat": raw(csat) },
        title(`${p.period}: ${n} interactions${csat === null ? "" : `, CSAT ${show(csatUnit, csat)}`}`),
      ),
      text(x + bw / 2, ht - bottom - bh - 3, String(n), { "text-anchor": "middle", class: "small" }),
      text(x + bw / 2, ht - bottom + 14, p.period, { "text-anchor": "middle", class: "small" }),
    );
  });
  box.replaceChildren(svg, el("p", { class: "hint" }, "Interactions created per period (hover for CSAT of the answers given in it)."));
}

/** @param {Report} r */
function renderQuality(r) {
  const q = r.data_quality;
  const box = $("data-quality");
  box.dataset.rowsRead = raw(q.rows_read);
  box.dataset.rowsRejected = raw(q.rows_rejected);
  box.dataset.findings = raw(q.findings.length);
  box.dataset.interactionsAfterAsOf = raw(r.excluded.interactions_after_as_of);
  box.dataset.surveysAfterAsOf = raw(r.excluded.surveys_after_as_of);
  $("quality-summary").textContent =
    `${q.rows_read.toLocaleString("en-US")} rows read, ${q.rows_rejected.toLocaleString("en-US")} rejected, ` +
    `${q.findings.length.toLocaleString("en-US")} finding(s). Left out as after the as-of instant: ` +
    `${r.excluded.interactions_after_as_of} interaction(s), ${r.excluded.surveys_after_as_of} survey answer(s).`;
  const items = q.findings.slice(0, MAX_FINDINGS).map((f) =>
    el(
      "li",
      {
        class: f.severity,
        "data-code": f.code,
        "data-severity": f.severity,
        "data-source": f.source,
        "data-line": raw(f.line),
        "data-id": f.id ?? "",
        "data-column": f.column ?? "",
      },
      el("span", { class: "sev" }, f.severity),
      ` ${f.source}${f.line === null ? "" : `:${f.line}`}${f.column ? ` [${f.column}]` : ""}${f.id ? ` (${f.id})` : ""}: `,
      el("code", {}, f.code),
      ` ${f.message}`,
    ),
  );
  if (q.findings.length > MAX_FINDINGS) items.push(el("li", { class: "more" }, `… and ${q.findings.length - MAX_FINDINGS} more`));
  if (q.findings.length === 0) items.push(el("li", { class: "none" }, "No findings."));
  $("findings").replaceChildren(...items);
}

/** @param {Report} r @param {number} ms */
function render(r, ms) {
  $("report-meta").textContent =
    `As of ${r.as_of ?? "(no as-of instant)"} · durations in ${r.time} time · periods and heatmap in ${r.timezone} · ` +
    `computed in ${ms.toFixed(0)} ms`;
  Object.assign($("report-meta").dataset, { asOf: r.as_of ?? "", timezone: r.timezone, time: r.time });
  renderKpis(r);
  renderHistogram(r);
  renderSlaByChannel(r);
  renderSurveysByAgent(r);
  renderHeatmap(r);
  renderTrend(r);
  renderQuality(r);
  $("report").hidden = false;
}

// ---- inputs and the one call

function showError(code, message) {
  const box = $("error");
  box.dataset.code = code;
  box.textContent = `${code}: ${message}`;
  box.hidden = false;
  $("report").hidden = true;
}

function setSlot(slot, name, text) {
  inputs[slot] = text === null ? null : { name, text };
  const label = /** @type {HTMLElement} */ (document.querySelector(`.file-name[data-slot="${slot}"]`));
  label.textContent = text === null ? "" : `${name} (${text.length.toLocaleString("en-US")} characters)`;
  label.dataset.loaded = String(text !== null);
}

/**
 * The options argument: the options text with the as-of instant set. Invalid JSON is handed to
 * the core as it is, so that its `invalid_json` error names the problem.
 */
function optionsArg() {
  const textValue = field("options-json").value.trim();
  const asOf = field("as-of").value.trim();
  if (!asOf) return textValue || undefined;
  let options;
  try {
    options = textValue ? JSON.parse(textValue) : {};
  } catch {
    return textValue;
  }
  if (options === null || typeof options !== "object" || Array.isArray(options)) return textValue;
  const tickets = options.tickets && typeof options.tickets === "object" ? options.tickets : {};
  const measures = tickets.measures && typeof tickets.measures === "object" ? tickets.measures : {};
  return { ...options, tickets: { ...tickets, measures: { ...measures, as_of: asOf } } };
}

/** Runs the core's `report` on the inputs; shows the answer, or the core's coded error. */
function compute() {
  $("error").hidden = true;
  document.body.dataset.state = "computing";
  const args = {
    calendar: inputs.calendar?.text,
    summary_csv: inputs.interactions?.text,
    surveys_csv: inputs.surveys?.text,
    policies: inputs.policies?.text,
    options: optionsArg(),
  };
  const t0 = performance.now();
  try {
    const r = report(args);
    const ms = performance.now() - t0;
    render(r, ms);
    $("status").textContent = `Report of ${SLOTS.filter((s) => inputs[s]).map((s) => inputs[s].name).join(", ")}.`;
    document.body.dataset.state = "done";
  } catch (err) {
    showError(err?.code ?? "error", err?.message ?? String(err));
    $("status").textContent = "";
    document.body.dataset.state = "error";
  } finally {
    renders++;
    document.body.dataset.renders = String(renders);
  }
}

function loadSample() {
  const d = demoData();
  setSlot("interactions", "demo summary CSV", d.summary_csv);
  setSlot("surveys", "demo surveys CSV", d.surveys_csv);
  setSlot("calendar", "demo calendar (Moscow)", d.calendar);
  setSlot("policies", "demo SLA policies", d.policies);
  field("as-of").value = d.as_of;
  field("options-json").value = "";
  compute();
}

/** Where a dropped file belongs, from its name and its first line or keys. */
function classify(name, content) {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json")) {
    try {
      const doc = JSON.parse(content);
      if (doc && typeof doc === "object" && "policies" in doc) return "policies";
      if (doc && typeof doc === "object" && "timezone" in doc) return "calendar";
    } catch {
      // Not JSON after all: the core will say what is wrong with it.
    }
    return /polic|sla/.test(lower) ? "policies" : "calendar";
  }
  const end = content.indexOf("\n");
  const header = (end === -1 ? content : content.slice(0, end)).toLowerCase();
  return /(^|,)"?interaction_id"?(,|$)/.test(header) && /(^|,)"?kind"?(,|$)/.test(header) ? "surveys" : "interactions";
}

async function readInto(slot, file) {
  setSlot(slot, file.name, await file.text());
}

async function dropped(files) {
  const placed = [];
  for (const file of files) {
    const content = await file.text();
    const slot = classify(file.name, content);
    setSlot(slot, file.name, content);
    placed.push(`${file.name} → ${slot}`);
  }
  $("status").textContent = `Dropped: ${placed.join("; ")}. Press “Compute report”.`;
  document.body.dataset.dropped = String(Number(document.body.dataset.dropped ?? 0) + 1);
}

await init();
for (const slot of SLOTS) {
  const input = field(`file-${slot}`);
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (file) await readInto(slot, file);
    document.body.dataset.loaded = SLOTS.filter((s) => inputs[s]).join(",");
  });
}
const zone = $("drop-zone");
zone.addEventListener("dragover", (e) => {
  e.preventDefault();
  zone.classList.add("over");
});
zone.addEventListener("dragleave", () => zone.classList.remove("over"));
zone.addEventListener("drop", (e) => {
  e.preventDefault();
  zone.classList.remove("over");
  dropped([...(e.dataTransfer?.files ?? [])]);
});
$("load-sample").addEventListener("click", loadSample);
$("compute").addEventListener("click", compute);
$("clear").addEventListener("click", () => {
  for (const slot of SLOTS) {
    setSlot(slot, "", null);
    field(`file-${slot}`).value = "";
  }
  field("as-of").value = "";
  field("options-json").value = "";
  $("report").hidden = true;
  $("error").hidden = true;
  $("status").textContent = "";
});
document.body.dataset.ready = "true";
