// Every shared vector (crates/support-metrics/tests/vectors/*.json, the directory read as it is)
// through the npm package's one entry point `call(op, args)` and through the camelCase function
// of the operation, matched by the rule of the vectors README ("How a runner works"). Two more
// runs of each case check the JS conversions: the non-finite strings "NaN", "Infinity" and
// "-Infinity" given as JS numbers, and the instants given as `Date`s where a `Date` holds them
// exactly.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as sm from "support-metrics";
import { allVectorFiles, camel, caseArgs, expectedError, mismatch, ns } from "./support.mjs";

const files = allVectorFiles();
const codes = new Set(sm.errorCodes());
const NON_FINITE = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/i;

/** `value` with every string `f(s)` replaces (object keys untouched); `changed.n` counts. */
function mapStrings(value, f, changed) {
  if (typeof value === "string") {
    const out = f(value);
    if (out !== value) changed.n++;
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f, changed));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f, changed)]));
  }
  return value;
}

const toNumber = (s) => (s in NON_FINITE ? NON_FINITE[s] : s);
/** An instant as a `Date` when the `Date` is the same instant to the nanosecond. */
function toDate(s) {
  if (!INSTANT.test(s)) return s;
  const d = new Date(s);
  try {
    return !Number.isNaN(d.getTime()) && BigInt(d.getTime()) * 1000000n === ns(s) ? d : s;
  } catch {
    return s;
  }
}

function check(c, tolerance, run, how) {
  const want = expectedError(c.expect);
  let got;
  try {
    got = run();
  } catch (err) {
    assert.ok(err instanceof Error, `${how}: threw a non-Error ${err}`);
    assert.ok(codes.has(err.code), `${how}: threw an uncoded ${err.stack}`);
    assert.ok(want !== null, `${how}: unexpected ${err.code}: ${err.message}`);
    assert.equal(err.code, want, `${how}: ${err.message}`);
    assert.equal(err.name, "SupportMetricsError");
    assert.ok(["format", "calendar", "value"].includes(err.family), `${how}: family ${err.family}`);
    return;
  }
  assert.equal(want, null, `${how}: answered ${JSON.stringify(got)?.slice(0, 300)} instead of failing with ${want}`);
  const m = mismatch(got, c.expect, tolerance);
  assert.equal(m, null, `${how}: ${m} (${c.checked ?? ""})`);
}

test("the vector directory holds the files the Rust suite runs", () => {
  const names = files.map((f) => f.file);
  for (const f of ["calendar.json", "erlang.json", "stats.json", "tickets.json"]) assert.ok(names.includes(f), f);
  const total = files.reduce((n, f) => n + f.cases.length, 0);
  assert.ok(total >= 800, `only ${total} cases`);
  for (const f of files) {
    for (const c of f.cases) {
      const code = expectedError(c.expect);
      // Only a case about unknown operations names one.
      assert.ok(known.has(c.op) || code === "unknown_operation", `${f.file}: ${c.name}: unknown op ${c.op}`);
      if (code !== null) assert.ok(codes.has(code), `${f.file}: ${c.name}: unknown code ${code}`);
    }
  }
});

const counts = { nonFinite: 0, dates: 0 };
const known = new Set(sm.ops().map((o) => o.name));

for (const { file, tolerance, cases } of files) {
  describe(file, () => {
    for (const c of cases) {
      test(c.name, () => {
        const args = caseArgs(c);
        check(c, tolerance, () => sm.call(c.op, structuredClone(args)), `call("${c.op}")`);
        // An unknown operation has no function; `call` alone can name it.
        if (known.has(c.op)) check(c, tolerance, () => sm[camel(c.op)](structuredClone(args)), `${camel(c.op)}()`);
        const n1 = { n: 0 };
        const numbers = mapStrings(args, toNumber, n1);
        if (n1.n > 0) {
          counts.nonFinite++;
          check(c, tolerance, () => sm.call(c.op, numbers), "with JS NaN/Infinity");
        }
        const n2 = { n: 0 };
        const dates = mapStrings(args, toDate, n2);
        if (n2.n > 0) {
          counts.dates++;
          check(c, tolerance, () => sm.call(c.op, dates), "with Dates");
        }
      });
    }
  });
}

test("the conversion runs covered cases", () => {
  // Registered last, so it runs after every case above.
  assert.ok(counts.nonFinite >= 5, `only ${counts.nonFinite} cases with non-finite numbers`);
  assert.ok(counts.dates >= 100, `only ${counts.dates} cases with Dates`);
});
