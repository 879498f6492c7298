// The business-hours playground (calendar.html): business time to first reply and SLA deadlines
// for a built-in sample, computed in the browser by the wasm package. Display code only: every
// number comes from it.
import init, { BusinessCalendar } from "../pkg/web/support_metrics.js";

/** The built-in sample: RFC 3339 instants with offsets (the demo calendar is Moscow time). */
export const SAMPLE = [
  { id: "T-1", created: "2026-03-02T12:30:00+03:00", replied: "2026-03-03T09:15:00+03:00" },
  { id: "T-2", created: "2026-03-06T17:00:00+03:00", replied: "2026-03-10T10:00:00+03:00" },
  { id: "T-3", created: "2026-03-07T11:00:00+03:00", replied: "2026-03-07T12:00:00+03:00" },
  { id: "T-4", created: "2026-06-10T13:30:00+03:00", replied: "2026-06-10T16:30:00+03:00" },
  { id: "T-5", created: "2026-03-04T10:00:00+03:00", replied: null },
];

/** An element by id (inputs and the textarea included). @param {string} id @returns {HTMLInputElement} */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

function hours(seconds) {
  return Number.isNaN(seconds) ? "—" : `${(seconds / 3600).toFixed(2)} h`;
}

function cell(row, text, attrs = {}) {
  const td = document.createElement("td");
  td.textContent = text;
  for (const [k, v] of Object.entries(attrs)) td.setAttribute(k, v);
  row.append(td);
  return td;
}

function render() {
  $("error").hidden = true;
  const body = document.querySelector("#results tbody");
  body.replaceChildren();
  let cal;
  try {
    cal = BusinessCalendar.fromJson($("calendar-json").value);
  } catch (err) {
    $("error").textContent = `${err.code}: ${err.message}`;
    $("error").hidden = false;
    return;
  }
  $("calendar-name").textContent = cal.name ? `· ${cal.name} (${cal.timezone})` : `(${cal.timezone})`;
  const target = Number($("target-hours").value) * 3600;
  const created = Float64Array.from(SAMPLE, (t) => Date.parse(t.created));
  const replied = Float64Array.from(SAMPLE, (t) => (t.replied === null ? NaN : Date.parse(t.replied)));
  const waits = cal.businessSecondsBatch(created, replied);
  const deadlines = cal.addBusinessSecondsBatch(created, new Float64Array(SAMPLE.length).fill(target));
  const problems = [...waits.errors, ...deadlines.errors].map((e) => `row ${e.row}: ${e.code}: ${e.message}`);
  SAMPLE.forEach((t, i) => {
    const tr = document.createElement("tr");
    tr.dataset.ticket = t.id;
    cell(tr, t.id);
    cell(tr, t.created);
    cell(tr, t.replied ?? "—");
    const wait = waits.values[i];
    cell(tr, hours(wait), { class: "num", "data-seconds": String(wait) });
    const due = deadlines.values[i];
    cell(tr, Number.isNaN(due) ? "—" : new Date(due).toISOString(), { "data-deadline-ms": String(due) });
    body.append(tr);
  });
  $("summary").textContent = `${SAMPLE.length} tickets; deadlines for a ${target / 3600} h business-time target.`;
  if (problems.length) {
    $("error").textContent = problems.join("\n");
    $("error").hidden = false;
  }
  document.body.dataset.ready = "true";
}

await init();
$("calendar-json").value = await (await fetch("demo-calendar.json")).text();
$("recompute").addEventListener("click", render);
render();
