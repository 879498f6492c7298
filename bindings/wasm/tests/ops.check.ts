// Type-checked by `tsc --noEmit -p tests/tsconfig.json`: `call`, `ops` and the per-operation
// functions accept the documented argument shapes (snake_case fields, RFC 3339 text or Date
// instants) and reject wrong ones (each @ts-expect-error must be an error).
import {
  BusinessCalendar,
  addBusinessSeconds,
  agentsNeeded,
  benjaminiHochberg,
  businessSeconds,
  businessSecondsBatch,
  call,
  callJson,
  erlangA,
  erlangC,
  erlangCMetrics,
  isOpen,
  meanEstimate,
  nextOpen,
  npsDifference,
  openIntervals,
  ops,
  quantileInterval,
  rate,
  readEventLog,
  staffingPlan,
  targetStatus,
  ticketReport,
  validateCalendar,
  welchTTest,
  type CalendarJson,
  type Comparison,
  type EventLogMappingJson,
  type InteractionBatch,
  type ErlangAMetrics,
  type ErlangCMetrics,
  type Interval,
  type JsonValue,
  type MeanEstimate,
  type OpInfo,
  type QuantileEstimate,
  type Rate,
  type RowsResult,
  type Staffing,
} from "support-metrics";

const calendar: CalendarJson = { timezone: "UTC", week: { mon: [["09:00", "17:00"]] } };
const answer: JsonValue = call("business_seconds", { calendar, start: "2026-03-02T09:00:00Z", end: new Date() });
// `call` by a literal name is typed like the camelCase function; by a run-time name it is JSON.
const viaCall: ErlangCMetrics = call("erlang_c_metrics", { agents: 14, traffic_erlangs: 10, aht_seconds: 180, threshold_seconds: 20 });
const opName: string = list0();
const dynamic: JsonValue = call(opName, { agents: 2 });
const text: string = callJson("erlang_c", '{"agents": 2, "traffic_erlangs": 1}');
const list: OpInfo[] = ops();
function list0(): string {
  return ops()[0]?.name ?? "erlang_c";
}
const argsText: string | undefined = list[0]?.argsText;

// Calendar operations: the JSON form, its text or a BusinessCalendar; instants as text or Date.
const seconds: number = businessSeconds({ calendar, start: "2026-03-02T09:00:00Z", end: new Date() });
const cal = BusinessCalendar.fromJson(JSON.stringify(calendar));
const due: string = addBusinessSeconds({ calendar: cal, start: new Date(), seconds: 3600 });
const open: boolean = isOpen({ calendar: JSON.stringify(calendar), at: due });
const next: string | null = nextOpen({ calendar, at: due });
const spans: [string, string][] = openIntervals({ calendar, from: due, to: due });
const batch: RowsResult<number> = businessSecondsBatch({ calendar, starts: [due, null], ends: [due, due] });
const batchValue: number | null | undefined = batch.values[0];
const valid: true = validateCalendar({ text: JSON.stringify(calendar) });

// Statistics.
const r: Rate = rate({ numerator: 3, denominator: 10, options: { level: 0.9, proportion_method: "jeffreys" } });
const iv: Interval | null = r.interval;
const m: MeanEstimate = meanEstimate({ values: [1, 2, NaN] });
const d: Comparison = npsDifference({ a: { promoters: 1, passives: 2, detractors: 3 }, b: { promoters: 3, passives: 2, detractors: 1 } });
const w: Comparison = welchTTest({ a: [1, 2], b: [3, 4], options: {} });
const p: number | null = w.p_value;
const q: QuantileEstimate = quantileInterval({ values: [1, 2, 3], q: 0.5 });
const qs: number[] = benjaminiHochberg({ p_values: [0.01, 0.2] });

// Erlang.
const pw: number = erlangC({ agents: 14, traffic_erlangs: 10 });
const cm: ErlangCMetrics = erlangCMetrics({ agents: 14, traffic_erlangs: 10, aht_seconds: 180, threshold_seconds: 20 });
const asa: number | null = cm.asa_seconds;
const st: Staffing = agentsNeeded({ traffic_erlangs: 10, aht_seconds: 180, target: { service_level: 0.8, threshold_seconds: 20 } });
const limited: "no_traffic" | "service_level" | "occupancy" = st.limited_by;
const plan: RowsResult<Staffing> = staffingPlan({ forecast: [{ calls: 100, aht_seconds: 180 }], interval: "30m", target: { service_level: 0.8, threshold_seconds: 20 } });
const ea: ErlangAMetrics = erlangA({ agents: 14, traffic_erlangs: 10, aht_seconds: 180, patience_seconds: 120, threshold_seconds: 20 });

// Targets and tickets.
const status: "met" | "missed" | "not_significantly_different" | "no_data" = targetStatus({ target: { metric: "csat", comparator: "at_least", threshold: 0.85 }, value: 0.9 });
const report: JsonValue = ticketReport({
  calendar,
  interactions: [{ id: "1", channel: "email", created_at: new Date(), events: [{ type: "agent_reply", at: "2026-03-02T10:00:00Z" }] }],
});

// Event logs: the mapping as its JSON form or text; the answer's interactions and findings.
const mapping: EventLogMappingJson = {
  columns: { case_id: "Case ID", activity: "Activity", timestamp: "Complete Timestamp" },
  default_channel: "web_form",
  activities: { "Take in charge ticket": "agent_reply", Wait: { type: "status_change", status: "pending" }, Noise: "ignore" },
};
const log: InteractionBatch = readEventLog({ text: "Case ID,Activity,Complete Timestamp\n", mapping, strict: false });
const firstLine: number | null | undefined = log.quality.findings[0]?.line;
const logText: InteractionBatch = readEventLog({ text: "", mapping: JSON.stringify(mapping) });
// @ts-expect-error a status change needs its status
const noStatus: EventLogMappingJson = { activities: { Wait: { type: "status_change" } } };
// @ts-expect-error an activity means create, ignore or an event type
const badMeaning: EventLogMappingJson = { activities: { Wait: "wait" } };
// @ts-expect-error the mapping needs its activities
readEventLog({ text: "", mapping: { columns: {} } });

// @ts-expect-error field names are the shared snake_case names
erlangC({ agents: 14, trafficErlangs: 10 });
// @ts-expect-error a required argument is missing
businessSeconds({ calendar, start: "2026-03-02T09:00:00Z" });
// @ts-expect-error instants are RFC 3339 text or Date, not epoch numbers
isOpen({ calendar, at: 0 });
// @ts-expect-error unknown argument names are refused
rate({ numerator: 1, denominator: 2, level: 0.9 });
// @ts-expect-error an enum of the core is one of its names
staffingPlan({ forecast: [], interval: "45m", target: { service_level: 0.8, threshold_seconds: 20 } });
// @ts-expect-error call by a known name checks the arguments
call("erlang_c", { agents: "14", traffic_erlangs: 10 });
// @ts-expect-error call by a known name has that operation's answer type
const wrongCall: string = call("erlang_b", { agents: 1, traffic_erlangs: 1 });
// @ts-expect-error the answer of rate is a Rate, not a number
const wrong: number = rate({ numerator: 1, denominator: 2 });

void [answer, viaCall, dynamic, wrongCall, text, argsText, seconds, open, next, spans, batchValue, valid, iv, m, d, p, q, qs, pw, asa, limited, plan, ea, status, report, wrong, log, firstLine, logText, noStatus, badMeaning];
