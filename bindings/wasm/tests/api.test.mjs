// The JS surface beyond the vectors: bad input of every kind is a coded Error (never a panic),
// batches over Float64Array, the JSON round trip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BusinessCalendar, errorCodes } from "support-metrics";

const WEEKDAYS = `{"timezone":"Europe/Berlin","week":{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]]}}`;
const cal = BusinessCalendar.fromJson(WEEKDAYS);

function throwsCode(fn, code, mentions) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Error, `not an Error: ${err}`);
    assert.equal(err.code, code, err.message);
    if (mentions) assert.ok(err.message.includes(mentions), `${err.message} does not name ${mentions}`);
    return true;
  });
}

test("wrong types and bad values name the field", () => {
  throwsCode(() => cal.businessSeconds("2026-03-02T09:00:00", "2026-03-02T10:00:00Z"), "invalid_timestamp", "start:");
  throwsCode(() => cal.businessSeconds("2026-03-02T09:00:00Z", 1772442000000), "invalid_type", "end: expected an RFC 3339 string, found number");
  throwsCode(() => cal.isOpen(undefined), "invalid_type", "at: expected an RFC 3339 string, found undefined");
  throwsCode(() => cal.nextOpen(null), "invalid_type", "found null");
  throwsCode(() => cal.nextClose(new Date()), "invalid_type", "found object");
  throwsCode(() => cal.addBusinessSeconds("2026-03-02T09:00:00Z", NaN), "invalid_duration", "NaN");
  throwsCode(() => cal.addBusinessSeconds("2026-03-02T09:00:00Z", "10"), "invalid_type", "seconds: expected a number, found string");
  throwsCode(() => cal.businessSecondsBatch([1, 2], new Float64Array(2)), "invalid_type", "starts: expected a Float64Array, found an array");
  throwsCode(() => cal.businessSecondsBatch(new Float64Array(2), undefined), "invalid_type", "ends");
  throwsCode(() => cal.addBusinessSecondsBatch(new Float64Array(1), new Float32Array(1)), "invalid_type", "seconds");
  throwsCode(() => cal.businessSecondsBatch(new Float64Array(2), new Float64Array(3)), "length_mismatch");
  throwsCode(() => BusinessCalendar.alwaysOpen("Mars/Olympus_Mons"), "unknown_time_zone", "Mars/Olympus_Mons");
  throwsCode(() => BusinessCalendar.fromJson(42), "invalid_type", "text: expected a string, found number");
  throwsCode(() => BusinessCalendar.alwaysOpen(undefined), "invalid_type", "timezone");
  throwsCode(() => BusinessCalendar.fromJson(`{"timezone":"UTC","week":{"mon":[["09:00","25:00"]]}}`), "invalid_time", "week.mon[0][1]");
});

test("garbage never escapes as a RuntimeError", () => {
  const junk = [undefined, null, NaN, -Infinity, "", "x", {}, [], 1e308, -1, "9999-99-99T99:99:99Z", "2100-01-01T00:00:00.000000001Z"];
  const codes = new Set(errorCodes());
  for (const a of junk) {
    for (const b of junk) {
      for (const call of [
        () => cal.businessSeconds(a, b),
        () => cal.addBusinessSeconds(a, b),
        () => cal.openIntervals(a, b),
        () => cal.businessSecondsBatch(Float64Array.of(Number(a)), Float64Array.of(Number(b))),
        () => cal.addBusinessSecondsBatch(Float64Array.of(Number(a)), Float64Array.of(Number(b))),
      ]) {
        try {
          call();
        } catch (err) {
          assert.ok(err instanceof Error && codes.has(err.code), `uncoded ${err} for ${String(a)}, ${String(b)}`);
        }
      }
    }
  }
});

test("batch over Float64Array epoch milliseconds: NaN is missing, bad rows are listed", () => {
  const mon9 = Date.parse("2026-03-02T09:00:00+01:00"); // Monday 09:00 Berlin
  const h = 3600e3;
  const out = cal.businessSecondsBatch(
    Float64Array.of(mon9, mon9 + 7 * h, NaN, mon9 + h, Infinity),
    Float64Array.of(mon9 + 2.5 * h, mon9 + 25 * h, mon9, mon9, mon9),
  );
  // Row 0: 2.5 h. Row 1: Mon 16:00-17:00 + Tue 09:00-10:00 = 2 h. Row 2: missing. Row 3: end
  // before start. Row 4: an infinite start is out of range.
  assert.deepStrictEqual(Array.from(out.values).slice(0, 2), [9000, 7200]);
  assert.ok(out.values.slice(2).every(Number.isNaN));
  assert.deepStrictEqual(out.errors.map((e) => [e.row, e.code]), [[3, "end_before_start"], [4, "out_of_range"]]);
  assert.match(out.errors[0].message, /before start/);

  // Deadlines come back as epoch milliseconds: Mon 16:00 + 2 h = Tue 10:00 Berlin.
  const due = cal.addBusinessSecondsBatch(Float64Array.of(mon9 + 7 * h, mon9, NaN), Float64Array.of(7200, -5, 60));
  assert.equal(due.values[0], Date.parse("2026-03-03T10:00:00+01:00"));
  assert.ok(Number.isNaN(due.values[1]) && Number.isNaN(due.values[2]));
  assert.deepStrictEqual(due.errors.map((e) => [e.row, e.code]), [[1, "invalid_duration"]]);
});

test("scalar answers are RFC 3339 in UTC", () => {
  assert.equal(cal.addBusinessSeconds("2026-03-02T16:00:00+01:00", 7200), "2026-03-03T09:00:00Z");
  assert.equal(cal.nextOpen("2026-03-03T17:00:00+01:00"), "2026-03-09T08:00:00Z");
  assert.equal(cal.nextClose("2026-03-02T10:00:00+01:00"), "2026-03-02T16:00:00Z");
  assert.deepStrictEqual(cal.openIntervals("2026-03-02T00:00:00Z", "2026-03-02T12:00:00Z"), [
    { start: "2026-03-02T08:00:00Z", end: "2026-03-02T12:00:00Z" },
  ]);
  assert.equal(cal.businessSeconds("2026-03-02T09:00:00.000000001+01:00", "2026-03-02T09:00:01+01:00"), 0.999999999);
});

test("JSON round trip, name and time zone", () => {
  const named = BusinessCalendar.fromJson(`{"timezone":"Asia/Tokyo","name":"Tokyo desk","holidays":["2026-01-01"]}`);
  assert.equal(named.timezone, "Asia/Tokyo");
  assert.equal(named.name, "Tokyo desk");
  assert.equal(cal.name, null);
  const again = BusinessCalendar.fromJson(named.toJson());
  assert.equal(again.toJson(), named.toJson());
  const always = BusinessCalendar.alwaysOpen("UTC");
  assert.equal(always.businessSeconds("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"), 86400);
  assert.equal(always.nextClose("2026-01-01T00:00:00Z"), null);
});

test("errorCodes lists the core's codes", () => {
  const codes = errorCodes();
  for (const c of ["invalid_json", "invalid_timestamp", "length_mismatch", "no_working_time"]) {
    assert.ok(codes.includes(c), c);
  }
});

test("no `any` in the public typings", async () => {
  const { readFileSync } = await import("node:fs");
  const read = (p) => readFileSync(new URL(`../pkg/${p}`, import.meta.url), "utf8");
  assert.doesNotMatch(read("node/support_metrics.d.ts"), /\bany\b/);
  // The web typings also declare `InitOutput`, wasm-bindgen's raw export table (not the API).
  const web = read("web/support_metrics.d.ts").replace(/export interface InitOutput \{[\s\S]*?\n\}/, "");
  assert.doesNotMatch(web, /\bany\b/);
});
