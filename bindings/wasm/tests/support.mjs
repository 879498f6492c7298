// Helpers shared by the Node suites: exact instants and the shared vector file.
import { readdirSync, readFileSync } from "node:fs";

/** An RFC 3339 instant as BigInt nanoseconds since the epoch, exact to the nanosecond. */
export function ns(text) {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i.exec(text);
  if (!m) throw new Error(`not an RFC 3339 instant: ${text}`);
  const ms = Date.parse(m[1] + m[3].toUpperCase());
  if (Number.isNaN(ms)) throw new Error(`not an RFC 3339 instant: ${text}`);
  return BigInt(ms) * 1000000n + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/** Epoch milliseconds (a Float64Array value) of an RFC 3339 instant; null -> NaN (missing). */
export function epochMs(text) {
  if (text === null) return NaN;
  const n = ns(text);
  return Number(n / 1000000n) + Number(n % 1000000n) / 1e6;
}

export function readVectors(name) {
  const url = new URL(`../../../crates/support-metrics/tests/vectors/${name}`, import.meta.url);
  const doc = JSON.parse(readFileSync(url, "utf8"));
  if (doc.format !== 1) throw new Error(`${name}: unknown vector format ${doc.format}`);
  return doc.cases;
}

const VECTORS = new URL("../../../crates/support-metrics/tests/vectors/", import.meta.url);

/** Every shared vector document, `{ file, tolerance, cases }`, read from the directory itself so
 * that a new file is picked up without touching this suite. */
export function allVectorFiles() {
  return readdirSync(VECTORS)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const doc = JSON.parse(readFileSync(new URL(file, VECTORS), "utf8"));
      if (doc.format !== 1) throw new Error(`${file}: unknown vector format ${doc.format}`);
      return { file, tolerance: doc.tolerance, cases: doc.cases };
    });
}

/** The arguments of a case: `args`, plus `calendar` when the case has one (vectors README). */
export function caseArgs(c) {
  return "calendar" in c ? { ...c.args, calendar: c.calendar } : { ...c.args };
}

/** The error code a case expects, or null when it expects an answer. */
export function expectedError(e) {
  return e !== null && typeof e === "object" && !Array.isArray(e) && Object.keys(e).length === 1 && "error" in e
    ? e.error
    : null;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i;

function instantNs(text) {
  if (!INSTANT.test(text)) return null;
  try {
    return ns(text);
  } catch {
    return null;
  }
}

/**
 * Whether an answer matches an expectation, by the rule of the vectors README: objects match on
 * the expected keys (an absent key is `null`), arrays element by element with the same length,
 * numbers within `max(absolute, relative * |want|)`, strings equal or the same RFC 3339 instant,
 * `null` and booleans equal. Returns null on a match, else where and why it differs.
 */
export function mismatch(got, want, tolerance, path = "$") {
  if (want === null || typeof want === "boolean") {
    return got === want ? null : `${path}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
  }
  if (typeof want === "number") {
    if (typeof got !== "number") return `${path}: got ${JSON.stringify(got)}, want the number ${want}`;
    const allowed = Math.max(tolerance.absolute, tolerance.relative * Math.abs(want));
    return Math.abs(got - want) <= allowed ? null : `${path}: got ${got}, want ${want} (±${allowed})`;
  }
  if (typeof want === "string") {
    if (got === want) return null;
    if (typeof got === "string") {
      const [a, b] = [instantNs(got), instantNs(want)];
      if (a !== null && b !== null && a === b) return null;
    }
    return `${path}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return `${path}: got ${JSON.stringify(got)}, want an array`;
    if (got.length !== want.length) return `${path}: got ${got.length} items, want ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const m = mismatch(got[i], want[i], tolerance, `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (got === null || typeof got !== "object" || Array.isArray(got)) {
    return `${path}: got ${JSON.stringify(got)}, want an object`;
  }
  for (const key of Object.keys(want)) {
    const m = mismatch(key in got ? got[key] : null, want[key], tolerance, `${path}.${key}`);
    if (m) return m;
  }
  return null;
}

/** An operation's name as its JS function: `business_seconds` -> `businessSeconds`. */
export function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}
