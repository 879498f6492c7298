// The hand-written `Report`, `ReportArgs` and `DemoData` typings against real answers of the
// core: the demo report and every successful `report` case of the shared vectors are written out
// as TypeScript literals annotated with those types, and `tsc` checks them under `strict` with
// excess-property checks, so a field the core adds, drops or renames (or a new enum name, a
// value that can be null) fails here. The files go to test-output/typecheck/ (ignored).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as sm from "support-metrics";
import { caseArgs, expectedError, readVectors } from "./support.mjs";

const OUT = new URL("../test-output/typecheck/", import.meta.url);

test("real answers of report and demo_data have the declared types", () => {
  const demo = sm.demoData();
  const demoArgs = {
    calendar: demo.calendar,
    policies: demo.policies,
    summary_csv: demo.summary_csv,
    surveys_csv: demo.surveys_csv,
    options: { tickets: { measures: { as_of: demo.as_of } } },
  };
  const lines = [
    'import type { DemoData, Report, ReportArgs } from "support-metrics";',
    // A smaller demo keeps the literal short; the shape is the same.
    `export const demo: DemoData = ${JSON.stringify(sm.demoData({ interactions: 5, seed: 1 }))};`,
    `export const demoReport: Report = ${JSON.stringify(sm.report(demoArgs))};`,
  ];
  let n = 0;
  for (const c of readVectors("report.json")) {
    if (c.op !== "report" || expectedError(c.expect) !== null) continue;
    const args = caseArgs(c);
    lines.push(`// ${c.name}`);
    lines.push(`export const args${n}: ReportArgs = ${JSON.stringify(args)};`);
    lines.push(`export const report${n}: Report = ${JSON.stringify(sm.report(args))};`);
    n++;
  }
  assert.ok(n >= 4, `only ${n} report cases`);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(new URL("answers.check.ts", OUT), `${lines.join("\n")}\n`);
  writeFileSync(
    new URL("tsconfig.json", OUT),
    JSON.stringify({ extends: "../../tests/tsconfig.json", files: ["answers.check.ts"] }, null, 2),
  );
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "--noEmit", "-p", fileURLToPath(new URL("tsconfig.json", OUT))], {
    encoding: "utf8",
  });
  assert.equal(run.status, 0, `tsc:\n${run.stdout}${run.stderr}`);
});

test("every KPI name and unit the core answers is declared", async () => {
  const { readFileSync } = await import("node:fs");
  const dts = readFileSync(new URL("../pkg/node/index.d.ts", import.meta.url), "utf8");
  const union = (name) => {
    const m = new RegExp(`^export type ${name} = ([^;]*);`, "m").exec(dts);
    assert.ok(m, name);
    return new Set([...m[1].matchAll(/"(\w+)"/g)].map((x) => x[1]));
  };
  const names = union("KpiName");
  const units = union("KpiUnit");
  const demo = sm.demoData({ interactions: 2000, seed: 3 });
  // Every CSAT definition (its unit changes) and both time bases.
  for (const csat of ["top_box", "zendesk", "mean_rating", "help_scout"]) {
    const r = sm.report({
      calendar: demo.calendar,
      policies: demo.policies,
      summary_csv: demo.summary_csv,
      surveys_csv: demo.surveys_csv,
      options: { csat, tickets: { measures: { as_of: demo.as_of } } },
    });
    for (const k of r.kpis) {
      assert.ok(names.has(k.name), `KPI ${k.name} is not in KpiName`);
      assert.ok(units.has(k.unit), `unit ${k.unit} is not in KpiUnit`);
    }
  }
});
