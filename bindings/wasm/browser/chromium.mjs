// Headless Chromium for the browser suites (playwright-core driving the system Chromium, no
// download): a fresh profile per run, and a page that records page errors, console errors and
// any request to a host other than the local server as problems the test asserts away.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** bindings/wasm/test-output/ (ignored): screenshots and generated files. */
export const OUTPUT = fileURLToPath(new URL("../test-output/", import.meta.url));

/** Launches Chromium; resolves to `{ context, close }`. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "support-metrics-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A new page whose problems (page errors, console errors, requests that do not start with
 * `allowed`) are pushed to the returned `problems` array; other requests are aborted.
 */
export async function guardedPage(context, allowed) {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(allowed) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) {
      problems.push(`request outside ${allowed}: ${r.url()}`);
    }
  });
  await page.route(/.*/, (route) => {
    const url = route.request().url();
    return url.startsWith(allowed) ? route.continue() : route.abort();
  });
  return { page, problems };
}

/** Saves a full-page screenshot to test-output/NAME. */
export async function screenshot(page, name) {
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: join(OUTPUT, name), fullPage: true });
}
