// The shared calendar vectors (crates/support-metrics/tests/vectors/calendar.json), run through the
// BusinessCalendar class: every case, the same expectations and error codes as the Rust and Python suites.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BusinessCalendar, errorCodes } from "support-metrics";
import { ns, epochMs, readVectors } from "./support.mjs";

const cases = readVectors("calendar.json");

function seconds(v) {
  if (typeof v === "number") return v;
  return { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity }[v];
}

const optional = (t) => (t === null ? null : ns(t));

/** Runs one case through the binding; instants in the answer become BigInt nanoseconds. */
function run(c) {
  const a = c.args;
  if (c.op === "validate_calendar") {
    BusinessCalendar.fromJson(a.text);
    return true;
  }
  const cal = BusinessCalendar.fromJson(JSON.stringify(c.calendar));
  switch (c.op) {
    case "business_seconds":
      return cal.businessSeconds(a.start, a.end);
    case "add_business_seconds":
      return ns(cal.addBusinessSeconds(a.start, seconds(a.seconds)));
    case "is_open":
      return cal.isOpen(a.at);
    case "next_open":
      return optional(cal.nextOpen(a.at));
    case "next_close":
      return optional(cal.nextClose(a.at));
    case "open_intervals":
      return cal.openIntervals(a.from, a.to).map((iv) => [ns(iv.start), ns(iv.end)]);
    case "business_seconds_batch": {
      const out = cal.businessSecondsBatch(
        Float64Array.from(a.starts, epochMs),
        Float64Array.from(a.ends, epochMs),
      );
      assert.ok(out.values instanceof Float64Array);
      return {
        values: Array.from(out.values, (v) => (Number.isNaN(v) ? null : v)),
        errors: out.errors.map((e) => ({ row: e.row, error: e.code })),
      };
    }
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

/** The expectation in the same form as `run`'s answer. */
function expected(c) {
  const e = c.expect;
  switch (c.op) {
    case "add_business_seconds":
      return ns(e);
    case "next_open":
    case "next_close":
      return optional(e);
    case "open_intervals":
      return e.map(([s, t]) => [ns(s), ns(t)]);
    default:
      return e;
  }
}

test("the vector file is the one the Rust suite runs", () => {
  assert.ok(cases.length >= 100, `only ${cases.length} cases`);
  const codes = new Set(errorCodes());
  for (const c of cases) {
    if (c.expect && typeof c.expect === "object" && "error" in c.expect) {
      assert.ok(codes.has(c.expect.error), `${c.name}: unknown code ${c.expect.error}`);
    }
  }
});

for (const c of cases) {
  test(c.name, () => {
    const wantError = c.expect !== null && typeof c.expect === "object" && !Array.isArray(c.expect) && "error" in c.expect
      ? c.expect.error
      : null;
    if (wantError) {
      assert.throws(
        () => run(c),
        (err) => {
          assert.ok(err instanceof Error, `not an Error: ${err}`);
          assert.equal(err.code, wantError, err.message);
          assert.equal(err.name, "SupportMetricsError");
          assert.ok(["format", "calendar", "value"].includes(err.family));
          assert.ok(err.message.length > 10);
          return true;
        },
      );
    } else {
      assert.deepStrictEqual(run(c), expected(c), c.checked);
    }
  });
}
