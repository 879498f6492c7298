// Business-hours durations for many rows from Float64Array columns, in Node:
//   the wasm package (businessSecondsBatch)  vs  a straightforward hand-written JS implementation.
// The calendar and inputs mirror the Rust criterion bench `calendar/business_duration_fast`
// (benches/src/calendar.rs): Berlin, Mon-Fri 08-12 and 13-17, the German public holidays of
// 2026, pairs drawn uniformly from 2026 (here whole milliseconds, seeded).
//
//   node bench/bench_calendar.mjs [rows=1000000] [jsRows=20000]
//
// The hand-written baseline is slow, so it runs on the first `jsRows` pairs and is reported per
// row, like the Rust bench's naive baseline. Answers are checked equal on that sample first.
import assert from "node:assert/strict";
import { BusinessCalendar } from "support-metrics";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const JS_ROWS = Math.min(ROWS, Number(process.argv[3] ?? 20_000));

const HOLIDAYS = ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14",
  "2026-05-25", "2026-10-03", "2026-12-25", "2026-12-26"];
const SHIFTS = [["08:00", "12:00"], ["13:00", "17:00"]];
const calendar = {
  timezone: "Europe/Berlin",
  name: "Berlin split shift",
  week: { mon: SHIFTS, tue: SHIFTS, wed: SHIFTS, thu: SHIFTS, fri: SHIFTS },
  holidays: HOLIDAYS,
};
const cal = BusinessCalendar.fromJson(JSON.stringify(calendar));

// ---- inputs: seeded uniform pairs over 2026 ------------------------------------------------
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const Y0 = Date.UTC(2026, 0, 1);
const Y1 = Date.UTC(2027, 0, 1);
const rand = mulberry32(0x5eed2026);
const starts = new Float64Array(ROWS);
const ends = new Float64Array(ROWS);
for (let i = 0; i < ROWS; i++) {
  const a = Y0 + Math.floor(rand() * (Y1 - Y0));
  const b = Y0 + Math.floor(rand() * (Y1 - Y0));
  starts[i] = Math.min(a, b);
  ends[i] = Math.max(a, b);
}

// ---- the straightforward JS implementation -------------------------------------------------
// Walk the local days from start to end; on each working day, clip each shift to [start, end).
// Berlin's offset by the EU rule (CEST from the last Sunday of March 01:00 UTC to the last Sunday
// of October 01:00 UTC), which is all this calendar needs in 2026.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const holidaySet = new Set(HOLIDAYS.map((d) => Date.parse(`${d}T00:00:00Z`) / DAY));
const shiftMs = SHIFTS.map(([a, b]) => [Number(a.slice(0, 2)) * HOUR, Number(b.slice(0, 2)) * HOUR]);
function lastSundayUtc(year, month) {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}
const dstYears = new Map();
function berlinOffset(utcMs) {
  const year = new Date(utcMs).getUTCFullYear();
  let dst = dstYears.get(year);
  if (!dst) dstYears.set(year, (dst = [lastSundayUtc(year, 2), lastSundayUtc(year, 9)]));
  return utcMs >= dst[0] && utcMs < dst[1] ? 2 * HOUR : HOUR;
}
function jsBusinessSeconds(start, end) {
  let total = 0;
  const firstDay = Math.floor((start + berlinOffset(start)) / DAY); // local day numbers
  const lastDay = Math.floor((end + berlinOffset(end)) / DAY);
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday === 0 || weekday === 6 || holidaySet.has(day)) continue;
    const midnight = day * DAY;
    for (const [open, close] of shiftMs) {
      const a = midnight + open - berlinOffset(midnight + open - HOUR);
      const b = midnight + close - berlinOffset(midnight + close - HOUR);
      const lo = Math.max(a, start);
      const hi = Math.min(b, end);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / 1000;
}

// ---- check equal on the sample --------------------------------------------------------------
const sample = cal.businessSecondsBatch(starts.subarray(0, JS_ROWS), ends.subarray(0, JS_ROWS));
assert.equal(sample.errors.length, 0);
for (let i = 0; i < JS_ROWS; i++) {
  const js = jsBusinessSeconds(starts[i], ends[i]);
  assert.equal(sample.values[i], js, `row ${i}: wasm ${sample.values[i]} s, JS ${js} s`);
}

// ---- time --------------------------------------------------------------------------------------
function best(runs, fn) {
  let min = Infinity;
  let result;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    result = fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0));
  }
  return { ns: min, result };
}
cal.precompile("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
const wasm = best(7, () => cal.businessSecondsBatch(starts, ends));
let checksum = 0;
for (const v of wasm.result.values) checksum += v;
const js = best(3, () => {
  let sum = 0;
  for (let i = 0; i < JS_ROWS; i++) sum += jsBusinessSeconds(starts[i], ends[i]);
  return sum;
});

const wasmPerRow = wasm.ns / ROWS;
const jsPerRow = js.ns / JS_ROWS;
const report = {
  rows: ROWS,
  wasm_total_ms: +(wasm.ns / 1e6).toFixed(1),
  wasm_ns_per_row: +wasmPerRow.toFixed(1),
  js_rows: JS_ROWS,
  js_ns_per_row: +jsPerRow.toFixed(1),
  wasm_speedup_over_js: +(jsPerRow / wasmPerRow).toFixed(1),
  checksum_business_hours: +(checksum / 3600).toFixed(3),
};
console.log(JSON.stringify(report, null, 2));
if (process.env.BENCH_ASSERT === "1") {
  assert.ok(wasmPerRow < jsPerRow, "the wasm batch must beat the hand-written JS");
}
