// Type-checked by `tsc --noEmit -p tests/tsconfig.json`: `report` and `demoData` accept the
// documented argument shapes and answer the precise `Report` and `DemoData` types, and reject
// wrong ones (each expected error below must be one). tests/report-types.test.mjs also checks
// real answers of the core against these types.
import {
  call,
  demoData,
  report,
  type Breakdown,
  type DataQuality,
  type DemoData,
  type Dimension,
  type Finding,
  type GroupRow,
  type Histogram,
  type Kpi,
  type KpiName,
  type Report,
  type ReportArgs,
  type ReportOptions,
  type SlaCompliance,
  type SurveyFigures,
  type TargetStatus,
  type TicketReport,
} from "support-metrics";

// The demo data set: every document as text; `args` may be left out.
const demo: DemoData = demoData();
const small: DemoData = demoData({ interactions: 500, seed: 7 });
const asOf: string = demo.as_of;

const options: ReportOptions = {
  tickets: { measures: { as_of: asOf }, time: "business", fcr: { no_repeat_contact_within: { days: 7 } }, quantiles: "exact" },
  surveys: { csat_scale: "one_to_five", rerating: "latest" },
  csat: "top_box",
  by: ["agent", "channel", { attribute: "region" }],
  period: "iso_week",
  timezone: null,
  targets: [{ metric: "csat", comparator: "at_least", threshold: 0.9 }],
  first_response_edges: [900, 3600, 86400],
};
const args: ReportArgs = {
  calendar: demo.calendar,
  policies: demo.policies,
  summary_csv: demo.summary_csv,
  surveys_csv: demo.surveys_csv,
  options,
};
const r: Report = report(args);
// Instants as Dates, interactions and answers as objects, options as JSON text.
const fromObjects: Report = report({
  calendar: { timezone: "UTC", week: { mon: [["09:00", "17:00"]] } },
  interactions: [{ id: "a", channel: "chat", created_at: new Date(), events: [{ type: "agent_reply", at: new Date() }] }],
  surveys: [{ interaction_id: "a", kind: "csat", score: 5, responded_at: new Date() }],
  options: '{"by": ["agent"]}',
});
const viaCall: Report = call("report", { calendar: small.calendar, summary_csv: small.summary_csv, options: { tickets: { measures: { as_of: new Date() } } } });
const demoViaCall: DemoData = call("demo_data", {});

// Reading the answer: KPIs, breakdowns, the histogram, the heatmap, the findings.
const kpi: Kpi | undefined = r.kpis.find((k) => k.name === "csat");
const kpiName: KpiName | undefined = kpi?.name;
const value: number | null | undefined = kpi?.value;
const lower: number | undefined = kpi?.interval?.lower;
const status: TargetStatus | null | undefined = kpi?.status;
const threshold: number | undefined = kpi?.target?.threshold;
const byChannel: Breakdown | undefined = r.breakdowns.find((b) => b.dimension === "channel");
const row: GroupRow | undefined = byChannel?.rows[0];
const key: string | null | undefined = row?.key;
const tickets: TicketReport | null | undefined = row?.tickets;
const sla: SlaCompliance | undefined = tickets?.sla.find((s) => s.metric === "first_reply");
const compliance: number | null | undefined = sla?.compliance.value;
const breached: number | undefined = sla?.counts.breached;
const surveys: SurveyFigures | null | undefined = row?.surveys;
const nps: number | null | undefined = surveys?.nps.value;
const csatGood: number | undefined = surveys?.csat.good;
const ces: number | null | undefined = surveys?.ces.mean.mean;
const median: number | undefined = r.tickets.first_response_time.summary?.median;
const backlog: number | null = r.tickets.backlog;
const hist: Histogram = r.first_response_histogram;
const mondayNine: number | undefined = r.volume_heatmap[0]?.[9];
const quality: DataQuality = r.data_quality;
const finding: Finding | undefined = quality.findings[0];
const severity: "rejected" | "suspicious" | undefined = finding?.severity;
const line: number | null | undefined = finding?.line;
const period: string | undefined = r.trend[0]?.period;
const trendTickets: TicketReport | null | undefined = r.trend[0]?.tickets;
const after: number = r.excluded.surveys_after_as_of;
const reportAsOf: string | null = r.as_of;
const basis: "business" | "calendar" = r.time;
const dims: Dimension[] = r.breakdowns.map((b) => b.dimension);

// @ts-expect-error the calendar is required
report({ summary_csv: demo.summary_csv });
// @ts-expect-error unknown argument names are refused
report({ calendar: demo.calendar, summaries: demo.summary_csv });
// @ts-expect-error a breakdown dimension is one of the core's names (or an attribute)
const badBy: ReportOptions = { by: ["team"] };
// @ts-expect-error unknown option keys are refused, as by the core
const badOption: ReportOptions = { tickets: {}, level: 0.9 };
// @ts-expect-error the CSAT definition is one of four names
const badCsat: ReportOptions = { csat: "happiness" };
// @ts-expect-error the FCR window is given in days
const badFcr: ReportOptions = { tickets: { fcr: { no_repeat_contact_within: 7 } } };
// @ts-expect-error the seed is a number
demoData({ seed: "2026" });
// @ts-expect-error a KPI's value may be null: check before using it as a number
const unchecked: number = r.kpis[0]!.value;
// @ts-expect-error a KPI name is one of the report's stable names
const badName: KpiName = "first_response_mean";
// @ts-expect-error the demo calendar is JSON text, not the parsed object
const parsed: { timezone: string } = demo.calendar;

void [small, fromObjects, viaCall, demoViaCall, kpiName, value, lower, status, threshold, key, compliance, breached, nps, csatGood, ces];
void [median, backlog, hist, mondayNine, severity, line, period, trendTickets, after, reportAsOf, basis, dims];
void [badBy, badOption, badCsat, badFcr, unchecked, badName, parsed];
