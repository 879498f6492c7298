// Helpers shared by the Node suites: exact instants and the shared vector file.
import { readFileSync } from "node:fs";

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
