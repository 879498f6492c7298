// The per-operation functions, their typings and `ops()` cannot drift: the same names in the
// Node and the web entry points, and in index.d.ts the same argument names and optionality as
// the core's `argsText`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as node from "support-metrics";
import { camel } from "./support.mjs";

const ops = node.ops();
const read = (p) => readFileSync(new URL(`../pkg/${p}`, import.meta.url), "utf8");
// Exports that are not operations.
const NOT_OPS = new Set(["BusinessCalendar", "call", "callJson", "errorCodes", "ops", "default", "initSync"]);

test("ops() lists every operation once, with area, arguments and summary", () => {
  assert.ok(ops.length >= 56, `only ${ops.length} operations`);
  assert.equal(new Set(ops.map((o) => o.name)).size, ops.length);
  for (const o of ops) {
    assert.match(o.name, /^[a-z][a-z0-9_]*$/);
    assert.equal(typeof o.area, "string");
    assert.equal(typeof o.argsText, "string");
    assert.ok(o.summary.length > 5, o.name);
  }
  assert.deepStrictEqual(ops.find((o) => o.name === "business_seconds"), {
    name: "business_seconds",
    area: "calendar",
    argsText: "calendar, start, end",
    summary: "business seconds in [start, end)",
  });
});

test("the Node entry point has exactly one camelCase function per operation", () => {
  const fns = Object.keys(node).filter((k) => !NOT_OPS.has(k)).sort();
  assert.deepStrictEqual(fns, ops.map((o) => camel(o.name)).sort());
  for (const k of fns) assert.equal(typeof node[k], "function", k);
});

test("the web entry point exports the same API", async () => {
  const web = await import("../pkg/web/index.js");
  // (Node's ES view of the CommonJS module adds `default`, the module object itself.)
  const want = Object.keys(node).filter((k) => k !== "default").concat(["default", "initSync"]).sort();
  assert.deepStrictEqual(Object.keys(web).sort(), want);
});

/** The `XArgs` interfaces of an index.d.ts: op name -> [[arg, optional]]. */
function declaredArgs(dts) {
  const out = new Map();
  for (const m of dts.matchAll(/^export interface (\w+)Args \{ (.*) \}$/gm)) {
    const fields = [];
    let depth = 0;
    let field = "";
    for (const ch of m[2]) {
      if (ch === "{" || ch === "(" || ch === "[" || ch === "<") depth++;
      if (ch === "}" || ch === ")" || ch === "]" || ch === ">") depth--;
      if (ch === ";" && depth === 0) {
        fields.push(field.trim());
        field = "";
      } else field += ch;
    }
    const name = m[1].replace(/[A-Z]/g, (c, i) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));
    out.set(name, fields.map((f) => /^(\w+)(\??):/.exec(f)).map((x) => [x[1], x[2] === "?"]));
  }
  return out;
}

test("index.d.ts declares every operation with the core's argument names and optionality", () => {
  for (const half of ["node", "web"]) {
    const dts = read(`${half}/index.d.ts`);
    const declared = declaredArgs(dts);
    assert.deepStrictEqual([...declared.keys()].sort(), ops.map((o) => o.name).sort(), half);
    for (const o of ops) {
      const want = o.argsText.split(", ").filter(Boolean).map((a) => [a.replace(/\?$/, ""), a.endsWith("?")]);
      assert.deepStrictEqual(declared.get(o.name), want, `${half}: ${o.name}`);
      // The argument object itself is optional exactly when every argument is.
      const optional = want.length > 0 && want.every(([, opt]) => opt) ? "\\?" : "";
      assert.match(dts, new RegExp(`^export function ${camel(o.name)}\\(args${optional}: \\w+Args\\): `, "m"), o.name);
    }
  }
});

test("index.d.ts types call() for every operation name", () => {
  const dts = read("node/index.d.ts");
  const body = /^export interface Operations \{\n([\s\S]*?)\n\}$/m.exec(dts)[1];
  const names = [...body.matchAll(/^  (\w+): \{ args: (\w+)Args; result: .+ \};$/gm)];
  assert.deepStrictEqual(names.map((m) => m[1]).sort(), ops.map((o) => o.name).sort());
  for (const [, name, iface] of names) assert.equal(iface, camel(name).replace(/^./, (c) => c.toUpperCase()), name);
});

test("no `any` in the typings of the JS layer", () => {
  for (const p of ["node/index.d.ts", "web/index.d.ts"]) assert.doesNotMatch(read(p), /\bany\b/, p);
});
