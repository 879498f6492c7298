// The business-hours playground (www/calendar.html) in a real headless Chromium: it loads the
// wasm package, renders the sample, and the rendered numbers match hand-derived values (and a
// shared vector); saves a screenshot to bindings/wasm/test-output/ (ignored).
import { test } from "node:test";
import assert from "node:assert/strict";
import { guardedPage, launch, screenshot } from "./chromium.mjs";
import { serve } from "./serve.mjs";

// Hand-derived against the demo Moscow calendar (www/demo-calendar.json: Mon-Fri 09-13 and
// 14-18 MSK = UTC+3, holiday 2026-03-09, closure 2026-06-10 14-16), target 8 business hours.
const EXPECTED = {
  // Mon 12:30-13:00 + 14:00-18:00 + Tue 09:00-09:15 = 4.75 h (the README example).
  // Deadline: 4.5 h on Monday, 3.5 h from Tue 09:00 = Tue 12:30 MSK.
  "T-1": { seconds: 17100, deadline: "2026-03-03T09:30:00.000Z" },
  // Fri 17-18 (1 h), weekend, Mon 03-09 holiday, Tue 09-10 (1 h) = 2 h.
  // Deadline: 1 h Friday + Tue 09-13 (4 h) + 14-17 (3 h) = Tue 17:00 MSK.
  "T-2": { seconds: 7200, deadline: "2026-03-10T14:00:00.000Z" },
  // Saturday: closed, 0. Deadline: Tue 09-13 + 14-18 = 8 h exactly at 18:00, a closing, so the
  // latest instant with 8 h is the next opening, Wed 09:00 MSK (vector add_lands_on_closing_*).
  "T-3": { seconds: 0, deadline: "2026-03-11T06:00:00.000Z" },
  // Wed 2026-06-10: lunch 13-14, closure 14-16, open 16:00-16:30 = 0.5 h.
  // Deadline: Wed 16-18 (2 h) + Thu 09-13 (4 h) + 14-16 (2 h) = Thu 16:00 MSK.
  "T-4": { seconds: 1800, deadline: "2026-06-11T13:00:00.000Z" },
  // No reply: no duration. Deadline: Wed 10-13 (3 h) + 14-18 (4 h) + Thu 09-10 (1 h).
  "T-5": { seconds: NaN, deadline: "2026-03-05T07:00:00.000Z" },
};

test("the playground renders hand-checked business durations and deadlines", async () => {
  const server = await serve();
  const browser = await launch();
  try {
    // Nothing but the local server: any other request is a problem.
    const { page, problems } = await guardedPage(browser.context, `${server.url}/`);
    await page.goto(`${server.url}/www/calendar.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });

    const rows = await page.$$eval("#results tbody tr", (trs) =>
      trs.map((tr) => ({
        id: tr.dataset.ticket,
        seconds: Number(tr.querySelector("[data-seconds]").dataset.seconds),
        hours: tr.querySelector("[data-seconds]").textContent,
        deadline: tr.querySelector("[data-deadline-ms]").textContent,
      })),
    );
    assert.deepStrictEqual(rows.map((r) => r.id), Object.keys(EXPECTED));
    for (const r of rows) {
      const want = EXPECTED[r.id];
      assert.ok(Object.is(r.seconds, want.seconds), `${r.id}: ${r.seconds} s, want ${want.seconds}`);
      assert.equal(r.hours, Number.isNaN(want.seconds) ? "—" : `${(want.seconds / 3600).toFixed(2)} h`);
      assert.equal(r.deadline, want.deadline, r.id);
    }
    assert.equal(await page.textContent("#calendar-name"), "· Moscow support desk (demo) (Europe/Moscow)");
    assert.equal(await page.isHidden("#error"), true);

    // A bad calendar shows the core's coded error instead of numbers.
    await page.fill("#calendar-json", '{"timezone":"UTC","week":{"mon":[["09:00","25:00"]]}}');
    await page.click("#recompute");
    assert.match(await page.textContent("#error"), /^invalid_time: week\.mon\[0\]\[1\]/);

    // The wasm module is the same in the browser: the split-shift vector in page context.
    const vector = await page.evaluate(async () => {
      const { BusinessCalendar } = await import("/pkg/web/support_metrics.js");
      const cal = BusinessCalendar.fromJson(
        '{"timezone":"Europe/Moscow","week":{"mon":[["09:00","13:00"],["14:00","18:00"]],"tue":[["09:00","13:00"],["14:00","18:00"]]}}',
      );
      return cal.addBusinessSeconds("2026-03-02T12:30:00+03:00", 28800);
    });
    assert.equal(vector, "2026-03-03T09:30:00Z");

    // The JS layer (call and the per-operation functions) in page context, Dates included.
    const viaCall = await page.evaluate(async () => {
      const sm = await import("/pkg/web/index.js");
      const calendar = { timezone: "UTC", week: { mon: [["09:00", "17:00"]] } };
      let code = null;
      try {
        sm.call("erlang_c", { agents: 2, traffic_erlangs: NaN });
      } catch (err) {
        code = err instanceof Error ? err.code : "not an Error";
      }
      return {
        seconds: sm.businessSeconds({ calendar, start: new Date("2026-03-02T08:00:00Z"), end: "2026-03-02T10:30:00Z" }),
        waiting: sm.call("erlang_c", { agents: 2, traffic_erlangs: 1 }),
        ops: sm.ops().length,
        code,
      };
    });
    assert.deepStrictEqual(viaCall, { seconds: 5400, waiting: viaCall.waiting, ops: viaCall.ops, code: "invalid_rate" });
    assert.ok(Math.abs(viaCall.waiting - 1 / 3) < 1e-15, `Erlang C ${viaCall.waiting}`);
    assert.ok(viaCall.ops >= 56, `${viaCall.ops} operations`);

    await page.fill("#calendar-json", await (await fetch(`${server.url}/www/demo-calendar.json`)).text());
    await page.click("#recompute");
    await screenshot(page, "calendar.png");
    assert.deepStrictEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
