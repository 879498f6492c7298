// The command line's self-contained HTML report in a real headless Chromium: the CLI writes the
// demo report as HTML and as JSON in one run (`support-metrics report --demo --html FILE --json`,
// through `cargo run` from the repository root, or the binary named by SUPPORT_METRICS_CLI); the
// page is opened from the file, and every KPI tile's data-value must equal that KPI's value in
// the JSON. The same KPIs must come out of the wasm package's `report` on `demoData()`: one
// core, one answer. Saves a screenshot to bindings/wasm/test-output/cli-report.png (ignored).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as sm from "support-metrics";
import { guardedPage, launch, screenshot } from "./chromium.mjs";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs the CLI with `args`; its standard output. */
function cli(args) {
  const [cmd, pre] = process.env.SUPPORT_METRICS_CLI
    ? [process.env.SUPPORT_METRICS_CLI, []]
    : ["cargo", ["run", "-q", "-p", "support-metrics-cli", "--"]];
  return execFileSync(cmd, [...pre, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "inherit"] });
}

test("the CLI's HTML report shows the KPIs of its JSON report", { timeout: 30 * 60 * 1000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "support-metrics-cli-report-"));
  const html = join(dir, "report.html");
  const json = JSON.parse(cli(["report", "--demo", "--html", html, "--json"]));
  assert.ok(json.kpis.length >= 15, `${json.kpis.length} KPIs`);
  const browser = await launch();
  try {
    const url = pathToFileURL(html).href;
    // A self-contained page: nothing but the file itself is requested.
    const { page, problems } = await guardedPage(browser.context, url);
    await page.goto(url);
    const tiles = await page.$$eval("[data-kpi]", (els) =>
      els.map((e) => ({ name: e.dataset.kpi, value: e.dataset.value, text: e.textContent })),
    );
    assert.deepStrictEqual(tiles.map((t) => t.name), json.kpis.map((k) => k.name), "one tile per KPI, in order");
    for (const [i, k] of json.kpis.entries()) {
      const t = tiles[i];
      if (k.value === null) assert.equal(t.value, "", `${k.name}: no value`);
      else assert.ok(t.value !== "" && Number(t.value) === k.value, `${k.name}: tile ${t.value}, JSON ${k.value}`);
    }
    assert.equal(await page.locator("script").count(), 0, "no scripts");
    await screenshot(page, "cli-report.png");
    assert.deepStrictEqual(problems, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }

  // The browser's answer (wasm) on the same demo data, through its CSV form: the same KPIs.
  const d = sm.demoData();
  const wasm = sm.report({
    calendar: d.calendar,
    policies: d.policies,
    summary_csv: d.summary_csv,
    surveys_csv: d.surveys_csv,
    options: { tickets: { measures: { as_of: d.as_of } } },
  });
  assert.equal(json.as_of, wasm.as_of);
  assert.deepStrictEqual(wasm.kpis, json.kpis);
});
