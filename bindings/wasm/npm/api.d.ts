// Typings of the npm package `support-metrics` (its JS layer, `index.js`, over the wasm module).
//
// Data field names are the shared snake_case JSON names of every language (the vectors, the
// Python package, the CLI); function names are camelCase. Instants are RFC 3339 text with an
// offset, or a `Date` (sent as `toISOString()`); answers carry instants as RFC 3339 text in UTC.
export * from "./support_metrics.js";
export { default } from "./support_metrics.js"; // web only
import type { BusinessCalendar, CalendarJson } from "./support_metrics.js";

/** Any JSON value: the answer of an operation whose shape is documented in docs/metrics.md. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** An instant: RFC 3339 text with an offset (`"2026-03-02T12:30:00+03:00"`), or a `Date`. */
export type Instant = string | Date;
/** A calendar: its JSON form, its JSON text, or a `BusinessCalendar`. */
export type CalendarArg = CalendarJson | string | BusinessCalendar;

// ---- shared shapes of answers

/** A confidence interval. */
export interface Interval {
  lower: number;
  upper: number;
  /** The confidence level, e.g. 0.95. */
  level: number;
}

/** Options of every interval and flag. */
export interface StatsOptions {
  /** Confidence level in (0, 1); 0.95 by default. */
  level?: number;
  /** Interval for proportions; `"wilson"` by default. */
  proportion_method?: "wilson" | "jeffreys" | "clopper_pearson";
  /** Samples smaller than this are flagged `too_few`. */
  min_n?: number;
}

/** A proportion with its interval; `value` and `interval` are `null` when undefined (n = 0). */
export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
  interval: Interval | null;
  too_few: boolean;
}

/** A mean with its t interval. */
export interface MeanEstimate {
  count: number;
  mean: number | null;
  std_dev: number | null;
  interval: Interval | null;
  too_few: boolean;
}

/** Promoter, passive and detractor counts. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** NPS in points (-100 to 100) with its interval. */
export interface NpsEstimate {
  counts: NpsCounts;
  count: number;
  value: number | null;
  interval: Interval | null;
  too_few: boolean;
}

/** The difference of two groups (a − b) with its interval and test. */
export interface Comparison {
  estimate: number | null;
  interval: Interval | null;
  statistic: number | null;
  degrees_of_freedom: number | null;
  p_value: number | null;
  significant: boolean;
  too_few: boolean;
}

/** A percentile with its order-statistic interval. */
export interface QuantileEstimate {
  count: number;
  q: number;
  value: number | null;
  interval: Interval | null;
  lower_rank: number | null;
  upper_rank: number | null;
  coverage: number | null;
  too_few: boolean;
}

/** Erlang C: waiting probability, service level, ASA and occupancy. */
export interface ErlangCMetrics {
  agents: number;
  traffic_erlangs: number;
  probability_of_waiting: number;
  service_level: number;
  /** `null` when the queue is unstable (agents <= traffic). */
  asa_seconds: number | null;
  occupancy: number | null;
}

/** A service-level staffing target. */
export interface StaffingTarget {
  /** The share of contacts answered within `threshold_seconds`, in (0, 1). */
  service_level: number;
  threshold_seconds: number;
  /** 1 by default. */
  max_occupancy?: number;
  /** 0 by default. */
  shrinkage?: number;
  max_agents?: number;
}

/** Agents for a service-level target. */
export interface Staffing {
  traffic_erlangs: number;
  agents: number;
  agents_fractional: number;
  scheduled_agents: number;
  scheduled_agents_fractional: number;
  limited_by: "no_traffic" | "service_level" | "occupancy";
  service_level: number;
  probability_of_waiting: number;
  asa_seconds: number;
  occupancy: number;
}

/** One interval of a staffing forecast. */
export interface IntervalForecast {
  calls: number;
  aht_seconds: number;
}

/** The length of a forecast or report interval. */
export type IntervalLength = "15m" | "30m" | "60m";

/** Erlang A (with abandonment). */
export interface ErlangAMetrics {
  agents: number;
  traffic_erlangs: number;
  probability_of_waiting: number;
  probability_of_abandonment: number;
  service_level: number;
  asa_seconds: number | null;
  mean_wait_seconds: number;
  average_time_to_abandon_seconds: number | null;
  occupancy: number | null;
}

/** A failed row of a batch operation (`error` is the row's error code). */
export interface RowErrorJson {
  row: number;
  error: string;
  message: string;
}

/** The answer of a batch operation: one value per row, `null` where the row failed. */
export interface RowsResult<T> {
  values: (T | null)[];
  errors: RowErrorJson[];
}

// ---- documents read by the ticket, survey, QA, target and contact-centre operations

/** One event of an interaction. */
export interface EventJson {
  type: "customer_message" | "agent_reply" | "internal_note" | "bot_message" | "bot_handoff"
    | "status_change" | "assignment" | "escalation" | "merge" | "spam";
  at: Instant;
  actor?: string;
  /** `status_change`: `"new"`, `"open"`, `"pending"`, `"on_hold"`, `"solved"`, `"closed"`. */
  status?: string;
  /** `assignment`. */
  assignee?: string;
  group?: string;
  /** `escalation`. */
  tier?: string;
  /** `merge`: the id merged into. */
  into?: string;
}

/** An interaction (ticket, chat, call), the JSON form of docs/metrics.md. */
export interface InteractionJson {
  id: string;
  channel: "email" | "chat" | "phone" | "social" | "messenger" | "web_form" | "other";
  created_at: Instant;
  opened_by?: "customer" | "agent" | "bot";
  customer_id?: string;
  assignee?: string;
  group?: string;
  topic?: string;
  tags?: string[];
  priority?: string;
  attributes?: Record<string, string>;
  events?: EventJson[];
  /** Figures reported by the source system (`agent_replies`, `wait_seconds`, ...). */
  reported?: JsonObject;
}

/** An interaction as its JSON form or its JSON text. */
export type InteractionArg = InteractionJson | string;

/** What one activity of an event log means (docs/metrics.md, "Event logs"): the case's creation,
 * nothing, or an event of the interaction model at the row's time (its actor the row's resource). */
export type ActivityMeaningJson = "create" | "ignore" | "customer_message" | "agent_reply" | "internal_note"
  | "bot_message" | "bot_handoff" | "assignment" | "spam"
  | { type: "customer_message" | "agent_reply" | "internal_note" | "bot_message" | "bot_handoff" | "spam" }
  | { type: "status_change"; status: "new" | "open" | "pending" | "on_hold" | "solved" | "closed" }
  | { type: "assignment"; assignee?: string; group?: string }
  | { type: "escalation"; tier: string }
  | { type: "merge"; into: string };

/** How to read an event log CSV (one row per event): its columns by header name, the defaults
 * of case attributes, and what each activity means (docs/metrics.md, "Event logs"). */
export interface EventLogMappingJson {
  /** Defaults `case_id`, `activity`, `timestamp`; `resource` when the header has it. */
  columns?: {
    case_id?: string; activity?: string; timestamp?: string; resource?: string;
    channel?: string; priority?: string; group?: string; topic?: string; customer_id?: string;
    created_at?: string; attributes?: string[];
  };
  default_channel?: InteractionJson["channel"];
  default_priority?: string;
  default_group?: string;
  default_topic?: string;
  /** The exact activity text -> its meaning. */
  activities: Record<string, ActivityMeaningJson>;
  /** An activity not in `activities`: a rejected finding (`"reject"`, the default) or ignored. */
  unknown_activities?: "reject" | "ignore";
  /** IANA zone of timestamps without an offset (else they are `invalid_timestamp` findings). */
  timezone?: string;
  /** chrono `strftime` format of timestamps without an offset (default: `2026-03-02 09:30:00`,
   * `2026/03/02 09:30:00` or `2026-03-02T09:30:00`, fractional seconds optional). */
  timestamp_format?: string;
}

/** Interactions read from a file's text, with the reader's data quality. */
export interface InteractionBatch {
  interactions: InteractionJson[];
  quality: DataQuality;
}

/** SLA policies (docs/metrics.md), as the document or its JSON text. */
export interface SlaPoliciesJson {
  policies: {
    name: string;
    match?: { priority?: string[]; channel?: string[]; group?: string[]; tags_any?: string[]; tags_all?: string[] };
    targets: { metric: "first_reply" | "next_reply" | "periodic_update" | "resolution"; seconds: number;
      time?: "business" | "calendar"; pause?: string[] }[];
  }[];
}

/** Options of the per-interaction measures. */
export interface MeasureOptionsJson {
  first_response_start?: "creation" | "first_customer_message" | "bot_handoff";
  agent_created_second_reply?: boolean;
  as_of?: Instant | null;
}

/** Durations in business time (the calendar's open hours) or calendar time. */
export type TimeBasis = "business" | "calendar";

/** A first-contact-resolution definition (docs/metrics.md): a preset name, or no repeat contact within some days. */
export type FcrPreset = "zendesk_one_touch" | "one_public_reply" | "no_customer_followup" | "closed_once_one_agent"
  | { no_repeat_contact_within: { days: number } };

/** Options of the ticket catalogue (docs/metrics.md). */
export interface TicketOptionsJson {
  measures?: MeasureOptionsJson;
  time?: TimeBasis;
  /** Exact percentiles (the default) or the bounded-memory sketch. */
  quantiles?: "exact" | "sketch";
  /** The FCR definition; `"zendesk_one_touch"` by default. */
  fcr?: FcrPreset;
  repeat_window_days?: number;
  repeat_same_topic?: boolean;
  conversion_attribute?: string;
  stats?: StatsOptions;
}

/** A rating scale `min..max` (whole numbers). */
export interface RatingScale {
  min: number;
  max: number;
}

/** One survey response. */
export interface SurveyResponseJson {
  interaction_id: string;
  kind: "csat" | "nps" | "ces" | "csi";
  score: number;
  responded_at: Instant;
  comment?: string | null;
  topic?: string | null;
  agent?: string | null;
  attributes?: { attribute: string; satisfaction: number; importance?: number | null }[];
}

/** How survey scores are read (docs/metrics.md); every field has a default. */
export interface SurveyConfigJson {
  csat_scale?: "binary" | "one_to_three" | "one_to_five" | "one_to_ten";
  csat_good_min?: number | null;
  csat_bad_max?: number | null;
  ces_scale?: RatingScale;
  ces_direction?: "higher_is_easier" | "higher_is_harder";
  csi_scale?: RatingScale;
  csi_importance?: Record<string, number>;
  rerating?: "first" | "latest";
  net_score_method?: "adjusted_wald" | "trinomial";
}

/** One criterion of a QA scorecard. */
export interface CriterionJson {
  id: string;
  category: string;
  weight: number;
  scale: RatingScale;
  critical_min?: number | null;
}

/** A QA review: a rating (or `null` for not applicable) per criterion id. */
export interface ReviewJson {
  review_id: string;
  agent: string;
  team?: string | null;
  reviewed_at: Instant;
  ratings: Record<string, number | null>;
}

/** A metric with an industry-norm target. */
export type TargetMetric = "chat_first_response_seconds" | "fcr" | "csat" | "nps" | "retention"
  | "escalation_rate" | "repeat_contact_rate" | "resolution_seconds";

/** A target: `metric comparator threshold`. */
export interface Target {
  metric: TargetMetric;
  comparator: "at_least" | "at_most" | "below";
  threshold: number;
}

/** Audit-signal thresholds; every field has a default. */
export interface SignalThresholds {
  csat_relative_drop?: number;
  first_response_factor?: number;
  nps_drop_points?: number;
  spike_relative_increase?: number;
}

/** An audit signal: a metric moved the wrong way between two periods. */
export interface AuditSignal {
  kind: "csat_drop" | "first_response_slowdown" | "nps_drop" | "escalation_spike" | "repeat_spike";
  previous: number | null;
  current: number | null;
  change: number | null;
  triggered: boolean;
  significant: boolean;
}

/** Customer retention (E − N) / S. */
export interface Retention {
  start: number;
  end: number;
  new: number;
  rate: Rate;
}

/** One offered contact of a queue. */
export interface QueueRecordJson {
  id?: string | null;
  channel?: "call" | "chat" | "callback";
  queue: string;
  agent?: string | null;
  offered_at: Instant;
  answered_at?: Instant | null;
  abandoned_at?: Instant | null;
  talk_seconds?: number;
  hold_seconds?: number;
  after_call_work_seconds?: number;
  transfers?: number;
}

/** Options of the queue report. */
export interface QueueOptionsJson {
  threshold_seconds: number;
  short_abandon_seconds?: number;
  interval?: IntervalLength | null;
  timezone: string;
}

/** One agent-state interval. */
export interface AgentStateJson {
  agent: string;
  state: "available" | "talking" | "after_call_work" | "not_ready";
  reason?: string | null;
  start: Instant;
  end: Instant;
}

/** A two-number pair `[count, total]`. */
export type CountPair = [number, number];

// ---- the quality report (`report`) and the demo data set (`demoData`)

/** A breakdown dimension: a field of the interaction, or one of its `attributes`. */
export type Dimension = "agent" | "channel" | "group" | "topic" | "priority" | { attribute: string };

/** A local period of breakdowns and trends (labels such as `2026-W45`, `2026-11-02`, `2026-11`, `2026-Q4`). */
export type Period = "hour_of_day" | "weekday" | "day" | "iso_week" | "month" | "quarter";

/** What "CSAT" means: good / all (the default), good / (good + bad), the mean rating, or % great − % not good. */
export type CsatDefinition = "top_box" | "zendesk" | "mean_rating" | "help_scout";

/** An SLA target's metric. */
export type SlaMetric = "first_reply" | "next_reply" | "periodic_update" | "resolution";

/** A value's standing against its target, given its interval. */
export type TargetStatus = "met" | "missed" | "not_significantly_different" | "no_data";

/** Options of `report` (the JSON form of the Rust `ReportOptions`); every key is optional. */
export interface ReportOptions {
  /** The ticket definitions; `tickets.measures.as_of` is needed with SLA policies. */
  tickets?: TicketOptionsJson;
  /** Survey scales and the re-rating rule. */
  surveys?: SurveyConfigJson;
  /** What "CSAT" means; `"top_box"` by default. */
  csat?: CsatDefinition;
  /** One breakdown per dimension; `["agent", "channel", "priority"]` by default. */
  by?: Dimension[];
  /** The trend's period, `null` for no trend; `"iso_week"` by default. */
  period?: Period | null;
  /** IANA zone of periods and the heatmap; the calendar's zone by default. */
  timezone?: string | null;
  /** Targets by metric; `null` (the default) uses the project's defaults, `[]` shows none. */
  targets?: Target[] | null;
  /** Upper edges (seconds, increasing, positive) of the first-response histogram's bins; 15 min, 30 min, 1 h, 2 h, 4 h, 8 h, 1 d, 3 d by default. */
  first_response_edges?: number[];
}

/** Count, mean and percentiles of a sample of durations (seconds). */
export interface Summary {
  count: number;
  mean: number;
  min: number;
  median: number;
  p75: number;
  p90: number;
  p95: number;
  max: number;
}

/** Durations with the number left out as undefined (unanswered, unresolved). */
export interface DurationStats {
  count: number;
  excluded: number;
  /** `null` when `count` is 0. */
  summary: Summary | null;
  /** Percentiles are exact (`false`: from the sketch). */
  exact: boolean;
}

/** SLA states of one metric. */
export interface SlaCounts {
  met: number;
  breached: number;
  active: number;
  paused: number;
}

/** SLA compliance of one metric: met / (met + breached). */
export interface SlaCompliance {
  metric: SlaMetric;
  counts: SlaCounts;
  compliance: Rate;
}

/** The ticket catalogue's aggregates of a set of interactions. */
export interface TicketReport {
  /** Interactions counted (spam and merged excluded). */
  interactions: number;
  excluded_spam: number;
  excluded_merged: number;
  first_response_time: DurationStats;
  next_reply_time: DurationStats;
  first_resolution_time: DurationStats;
  full_resolution_time: DurationStats;
  resolution_rate: Rate;
  fcr: Rate;
  reopen_rate: Rate;
  escalation_rate: Rate;
  repeat_contact_rate: Rate;
  automation_rate: Rate;
  bot_reply_share: Rate;
  conversion_rate: Rate;
  /** Unresolved at `as_of`; `null` without `as_of`. */
  backlog: number | null;
  /** One per SLA metric that has outcomes (empty without policies). */
  sla: SlaCompliance[];
}

/** A CSAT figure under one definition. */
export interface CsatResult {
  definition: CsatDefinition;
  responses: number;
  good: number;
  neutral: number;
  bad: number;
  /** A share in [0, 1], a mean rating or points, per the definition; `null` without answers. */
  value: number | null;
  interval: Interval | null;
  too_few: boolean;
}

/** A net score (% positive − % negative, in points). */
export interface NetScore {
  positive: number;
  neutral: number;
  negative: number;
  count: number;
  value: number | null;
  interval: Interval | null;
  too_few: boolean;
}

/** Customer effort: the mean answer, the low-effort share and the effort index. */
export interface CesResult {
  mean: MeanEstimate;
  low_effort: Rate;
  effort_index: NetScore;
}

/** Survey figures of a set of answers (one per interaction and kind, per the re-rating rule). */
export interface SurveyFigures {
  answers: number;
  superseded: number;
  csat: CsatResult;
  nps: NpsEstimate;
  ces: CesResult;
}

/** The stable name of a headline figure, in the report's fixed order. */
export type KpiName = "interactions" | "backlog" | "first_response_median" | "chat_first_response_median"
  | "resolution_median" | "resolution_rate" | "fcr" | "reopen_rate" | "escalation_rate" | "repeat_contact_rate"
  | "sla_first_reply" | "sla_next_reply" | "sla_periodic_update" | "sla_resolution" | "csat" | "nps" | "ces";

/** The unit of a KPI: a count, a share in [0, 1], seconds, points (−100 to 100) or a mean rating. */
export type KpiUnit = "count" | "share" | "seconds" | "points" | "rating";

/** One headline figure with its interval and target. */
export interface Kpi {
  name: KpiName;
  unit: KpiUnit;
  /** `null` when undefined (no data). */
  value: number | null;
  interval: Interval | null;
  /** Observations the value rests on. */
  n: number;
  too_few: boolean;
  target: Target | null;
  /** `null` without a target. */
  status: TargetStatus | null;
}

/** One group of a breakdown; either side is `null` when the group has no interactions or no answers. */
export interface GroupRow {
  /** The group's value; `null` for interactions without one. */
  key: string | null;
  tickets: TicketReport | null;
  surveys: SurveyFigures | null;
}

/** A breakdown by one dimension, rows sorted by key (`null` first). */
export interface Breakdown {
  dimension: Dimension;
  rows: GroupRow[];
}

/** One period of the trend: interactions by creation, answers by response time. */
export interface PeriodRow {
  period: string;
  tickets: TicketReport | null;
  surveys: SurveyFigures | null;
}

/** Interactions by first-response time. */
export interface Histogram {
  /** Upper bin edges in seconds; bin `i` is `[edges[i-1], edges[i])`, from 0 for the first. */
  edges: number[];
  /** `edges.length + 1` counts; the last is everything at or above the last edge. */
  counts: number[];
  /** Interactions without a first-response time. */
  excluded: number;
}

/** What was left out of every figure because it is after `as_of`. */
export interface Excluded {
  interactions_after_as_of: number;
  surveys_after_as_of: number;
}

/** One data-quality finding of a reader or of the report. */
export interface Finding {
  /** The input (`"summary"`, `"surveys"`, ...). */
  source: string;
  /** The 1-based line of the input, when known. */
  line: number | null;
  id: string | null;
  column: string | null;
  /** `rejected`: the row was left out; `suspicious`: kept, but worth a look. */
  severity: "rejected" | "suspicious";
  /** A stable code, e.g. `score_out_of_scale`, `unknown_interaction`. */
  code: string;
  message: string;
}

/** The readers' and the report's findings, with the counts a report shows. */
export interface DataQuality {
  rows_read: number;
  rows_rejected: number;
  findings: Finding[];
}

/** The quality report (the JSON form of the Rust `support_metrics::report::Report`). */
export interface Report {
  /** RFC 3339 in UTC, or `null` without `as_of`. */
  as_of: string | null;
  /** The zone of periods and the heatmap. */
  timezone: string;
  time: TimeBasis;
  /** Headline figures, in a fixed order. */
  kpis: Kpi[];
  /** Every ticket aggregate of all interactions. */
  tickets: TicketReport;
  /** Every survey figure of all answers. */
  surveys: SurveyFigures;
  /** One per `by` dimension. */
  breakdowns: Breakdown[];
  /** Sorted by period label; empty without a period. */
  trend: PeriodRow[];
  first_response_histogram: Histogram;
  /** Interactions created per local weekday (7 rows, Monday first) and hour (24 columns). */
  volume_heatmap: number[][];
  excluded: Excluded;
  data_quality: DataQuality;
}

/** A summary row as an object: the summary CSV's fields (docs/formats.md). */
export interface SummaryRowJson {
  id: string;
  channel: string;
  agent?: string | null;
  group?: string | null;
  topic?: string | null;
  priority?: string | null;
  customer_id?: string | null;
  created_at: Instant;
  first_response_at?: Instant | null;
  resolved_at?: Instant | null;
  agent_replies?: number | null;
  reopens?: number | null;
  escalated?: boolean | null;
  wait_seconds?: number | null;
  handle_seconds?: number | null;
  hold_seconds?: number | null;
  abandoned?: boolean | null;
}

/** The ticket figures of the KPI scorecard: the report's `TicketReport` fields of the same names. */
export interface KpiTickets {
  interactions: number;
  /** `excluded` = unanswered at `as_of`. */
  first_response_time: DurationStats;
  /** `excluded` = unresolved at `as_of`. */
  full_resolution_time: DurationStats;
  resolution_rate: Rate;
  /** Unresolved at `as_of`. */
  backlog: number;
  /** First reply and resolution, those with outcomes. */
  sla: SlaCompliance[];
}

/** One group of a KPI scorecard's breakdown; a side is `null` when the group has none. */
export interface KpiRow {
  key: string | null;
  tickets: KpiTickets | null;
  surveys: SurveyFigures | null;
}

/** A KPI scorecard's breakdown by one dimension, rows sorted by key (`null` first). */
export interface KpiBreakdown {
  dimension: Dimension;
  rows: KpiRow[];
}

/** The KPI scorecard (the JSON form of the Rust `support_metrics::kpi::KpiScorecard`). */
export interface KpiScorecard {
  /** RFC 3339 in UTC. */
  as_of: string;
  time: TimeBasis;
  tickets: KpiTickets;
  surveys: SurveyFigures;
  breakdowns: KpiBreakdown[];
  excluded: Excluded;
  data_quality: DataQuality;
}

/** The deterministic demo data set (a Moscow help desk, Q4 2026): every document as text. */
export interface DemoData {
  /** The calendar JSON text. */
  calendar: string;
  /** The SLA policies JSON text. */
  policies: string;
  /** The instant to report as of (RFC 3339, UTC). */
  as_of: string;
  /** One summary row per interaction (the summary CSV of docs/metrics.md). */
  summary_csv: string;
  /** CSAT, NPS and CES answers (columns `interaction_id,kind,score,responded_at,comment,topic,agent`). */
  surveys_csv: string;
}

// ---- the one entry point


/** Arguments of `validateCalendar` (`validate_calendar`): text. */
export interface ValidateCalendarArgs { text: string; }
/** True when the calendar JSON document is valid. */
export function validateCalendar(args: ValidateCalendarArgs): true;

/** Arguments of `businessSeconds` (`business_seconds`): calendar, start, end. */
export interface BusinessSecondsArgs { calendar: CalendarArg; start: Instant; end: Instant; }
/** Business seconds in [start, end). */
export function businessSeconds(args: BusinessSecondsArgs): number;

/** Arguments of `addBusinessSeconds` (`add_business_seconds`): calendar, start, seconds. */
export interface AddBusinessSecondsArgs { calendar: CalendarArg; start: Instant; seconds: number; }
/** The latest instant with exactly that much business time after start. */
export function addBusinessSeconds(args: AddBusinessSecondsArgs): string;

/** Arguments of `isOpen` (`is_open`): calendar, at. */
export interface IsOpenArgs { calendar: CalendarArg; at: Instant; }
/** Whether the calendar is open at the instant. */
export function isOpen(args: IsOpenArgs): boolean;

/** Arguments of `nextOpen` (`next_open`): calendar, at. */
export interface NextOpenArgs { calendar: CalendarArg; at: Instant; }
/** The earliest open instant at or after the instant (itself when open), or null. */
export function nextOpen(args: NextOpenArgs): string | null;

/** Arguments of `nextClose` (`next_close`): calendar, at. */
export interface NextCloseArgs { calendar: CalendarArg; at: Instant; }
/** The earliest closed instant at or after the instant (itself when closed), or null. */
export function nextClose(args: NextCloseArgs): string | null;

/** Arguments of `openIntervals` (`open_intervals`): calendar, from, to. */
export interface OpenIntervalsArgs { calendar: CalendarArg; from: Instant; to: Instant; }
/** The maximal open intervals clipped to [from, to). */
export function openIntervals(args: OpenIntervalsArgs): [string, string][];

/** Arguments of `businessSecondsBatch` (`business_seconds_batch`): calendar, starts, ends. */
export interface BusinessSecondsBatchArgs { calendar: CalendarArg; starts: (Instant | null)[]; ends: (Instant | null)[]; }
/** Business seconds per row, with row errors. */
export function businessSecondsBatch(args: BusinessSecondsBatchArgs): RowsResult<number>;

/** Arguments of `readCsv` (`read_csv`): text. */
export interface ReadCsvArgs { text: string; }
/** The records and line numbers of a CSV text (RFC 4180). */
export function readCsv(args: ReadCsvArgs): { records: string[][]; lines: number[] };

/** Arguments of `readCsvHeader` (`read_csv_header`): text, require. */
export interface ReadCsvHeaderArgs { text: string; require: string[]; }
/** The positions of the required columns in the header. */
export function readCsvHeader(args: ReadCsvHeaderArgs): { positions: number[] };

/** Arguments of `rate` (`rate`): numerator, denominator, options?. */
export interface RateArgs { numerator: number; denominator: number; options?: StatsOptions; }
/** A proportion with its interval. */
export function rate(args: RateArgs): Rate;

/** Arguments of `meanEstimate` (`mean_estimate`): values, options?. */
export interface MeanEstimateArgs { values: number[]; options?: StatsOptions; }
/** A mean with its t interval. */
export function meanEstimate(args: MeanEstimateArgs): MeanEstimate;

/** Arguments of `normalCdf` (`normal_cdf`): x. */
export interface NormalCdfArgs { x: number; }
/** The standard normal CDF. */
export function normalCdf(args: NormalCdfArgs): number;

/** Arguments of `normalSf` (`normal_sf`): x. */
export interface NormalSfArgs { x: number; }
/** The standard normal survival function. */
export function normalSf(args: NormalSfArgs): number;

/** Arguments of `normalQuantile` (`normal_quantile`): p. */
export interface NormalQuantileArgs { p: number; }
/** The standard normal quantile. */
export function normalQuantile(args: NormalQuantileArgs): number;

/** Arguments of `studentTSf` (`student_t_sf`): t, df. */
export interface StudentTSfArgs { t: number; df: number; }
/** P(T > t) for Student's t. */
export function studentTSf(args: StudentTSfArgs): number;

/** Arguments of `studentTQuantile` (`student_t_quantile`): p, df. */
export interface StudentTQuantileArgs { p: number; df: number; }
/** Student's t quantile. */
export function studentTQuantile(args: StudentTQuantileArgs): number;

/** Arguments of `betaQuantile` (`beta_quantile`): p, a, b. */
export interface BetaQuantileArgs { p: number; a: number; b: number; }
/** The beta distribution's quantile. */
export function betaQuantile(args: BetaQuantileArgs): number;

/** Arguments of `npsEstimate` (`nps_estimate`): promoters, passives, detractors, method?, options?. */
export interface NpsEstimateArgs { promoters: number; passives: number; detractors: number; method?: "adjusted_wald" | "trinomial"; options?: StatsOptions; }
/** NPS in points with its interval. */
export function npsEstimate(args: NpsEstimateArgs): NpsEstimate;

/** Arguments of `npsDifference` (`nps_difference`): a, b, options?. */
export interface NpsDifferenceArgs { a: NpsCounts; b: NpsCounts; options?: StatsOptions; }
/** The difference of two NPS with its interval and p-value. */
export function npsDifference(args: NpsDifferenceArgs): Comparison;

/** Arguments of `proportionDifference` (`proportion_difference`): x_a, n_a, x_b, n_b, options?. */
export interface ProportionDifferenceArgs { x_a: number; n_a: number; x_b: number; n_b: number; options?: StatsOptions; }
/** The difference of two proportions: Newcombe interval, z test. */
export function proportionDifference(args: ProportionDifferenceArgs): Comparison;

/** Arguments of `welchTTest` (`welch_t_test`): a, b, options?. */
export interface WelchTTestArgs { a: number[]; b: number[]; options?: StatsOptions; }
/** The difference of two means: Welch's t test. */
export function welchTTest(args: WelchTTestArgs): Comparison;

/** Arguments of `benjaminiHochberg` (`benjamini_hochberg`): p_values. */
export interface BenjaminiHochbergArgs { p_values: number[]; }
/** Benjamini-Hochberg q-values in input order. */
export function benjaminiHochberg(args: BenjaminiHochbergArgs): number[];

/** Arguments of `quantileInterval` (`quantile_interval`): values, q, options?. */
export interface QuantileIntervalArgs { values: number[]; q: number; options?: StatsOptions; }
/** A percentile with its order-statistic interval. */
export function quantileInterval(args: QuantileIntervalArgs): QuantileEstimate;

/** Arguments of `readSummaryCsv` (`read_summary_csv`): text, strict?. */
export interface ReadSummaryCsvArgs { text: string; strict?: boolean; }
/** Interactions from the summary CSV, with data-quality findings. */
export function readSummaryCsv(args: ReadSummaryCsvArgs): JsonObject;

/** Arguments of `readSummaryJsonl` (`read_summary_jsonl`): text, strict?. */
export interface ReadSummaryJsonlArgs { text: string; strict?: boolean; }
/** Interactions from JSON Lines, with data-quality findings. */
export function readSummaryJsonl(args: ReadSummaryJsonlArgs): JsonObject;

/** Arguments of `readEventLog` (`read_event_log`): text, mapping, strict?. */
export interface ReadEventLogArgs { text: string; mapping: EventLogMappingJson | string; strict?: boolean; }
/** Interactions from an event log CSV (one row per event) through an event mapping, with data-quality findings. */
export function readEventLog(args: ReadEventLogArgs): InteractionBatch;

/** Arguments of `validateInteraction` (`validate_interaction`): interaction. */
export interface ValidateInteractionArgs { interaction: InteractionArg; }
/** True when the interaction is valid. */
export function validateInteraction(args: ValidateInteractionArgs): true;

/** Arguments of `validateInteractions` (`validate_interactions`): interactions, strict?. */
export interface ValidateInteractionsArgs { interactions: InteractionJson[]; strict?: boolean; }
/** The valid interactions, with a finding per rejected one. */
export function validateInteractions(args: ValidateInteractionsArgs): JsonObject;

/** Arguments of `interactionMeasures` (`interaction_measures`): calendar, interaction, options?. */
export interface InteractionMeasuresArgs { calendar: CalendarArg; interaction: InteractionArg; options?: MeasureOptionsJson | string; }
/** Per-interaction measures in calendar and business time. */
export function interactionMeasures(args: InteractionMeasuresArgs): JsonObject;

/** Arguments of `validateSlaPolicies` (`validate_sla_policies`): policies. */
export interface ValidateSlaPoliciesArgs { policies: SlaPoliciesJson | string; }
/** True when the SLA policies are valid. */
export function validateSlaPolicies(args: ValidateSlaPoliciesArgs): true;

/** Arguments of `evaluateSla` (`evaluate_sla`): calendar, policies, interaction, as_of. */
export interface EvaluateSlaArgs { calendar: CalendarArg; policies: SlaPoliciesJson | string; interaction: InteractionArg; as_of: Instant; }
/** Each SLA target's state as of an instant. */
export function evaluateSla(args: EvaluateSlaArgs): JsonObject;

/** Arguments of `ticketReport` (`ticket_report`): calendar, interactions, policies?, options?. */
export interface TicketReportArgs { calendar: CalendarArg; interactions: InteractionArg[]; policies?: SlaPoliciesJson | string; options?: TicketOptionsJson | string; }
/** The ticket catalogue's aggregates. */
export function ticketReport(args: TicketReportArgs): JsonObject;

/** Arguments of `ticketBreakdown` (`ticket_breakdown`): calendar, interactions, by, policies?, options?. */
export interface TicketBreakdownArgs { calendar: CalendarArg; interactions: InteractionArg[]; by: { dimensions?: (string | JsonObject)[]; period?: string | null; timezone?: string; attribution?: "creation" | "event" }; policies?: SlaPoliciesJson | string; options?: TicketOptionsJson | string; }
/** The aggregates by dimensions and period. */
export function ticketBreakdown(args: TicketBreakdownArgs): JsonValue;

/** Arguments of `agentRanking` (`agent_ranking`): calendar, interactions, rank_by, min_count?, policies?, options?. */
export interface AgentRankingArgs { calendar: CalendarArg; interactions: InteractionArg[]; rank_by: "first_response_median" | "first_response_mean" | "resolution_median" | "resolution_rate" | "fcr" | "reopen_rate" | "first_reply_compliance" | "volume"; min_count?: number; policies?: SlaPoliciesJson | string; options?: TicketOptionsJson | string; }
/** Agents ranked on one aggregate. */
export function agentRanking(args: AgentRankingArgs): JsonValue;

/** Arguments of `volumeByPeriod` (`volume_by_period`): interactions, period, timezone. */
export interface VolumeByPeriodArgs { interactions: InteractionArg[]; period: "hour_of_day" | "weekday" | "day" | "iso_week" | "month" | "quarter"; timezone: string; }
/** Contact volume per local period. */
export function volumeByPeriod(args: VolumeByPeriodArgs): { period: string; count: number }[];

/** Arguments of `backlog` (`backlog`): calendar, interactions, as_of. */
export interface BacklogArgs { calendar: CalendarArg; interactions: InteractionArg[]; as_of: Instant; }
/** Interactions open as of an instant. */
export function backlog(args: BacklogArgs): JsonValue;

/** Arguments of `repeatContacts` (`repeat_contacts`): interactions, days, same_topic?. */
export interface RepeatContactsArgs { interactions: InteractionArg[]; days: number; same_topic?: boolean; }
/** Per interaction: a repeat contact within the window, or null. */
export function repeatContacts(args: RepeatContactsArgs): JsonValue;

/** Arguments of `report` (`report`): calendar, interactions?, summary_csv?, event_log?, event_mapping?, surveys?, surveys_csv?, policies?, options?. */
export interface ReportArgs { calendar: CalendarArg; interactions?: InteractionArg[]; summary_csv?: string; event_log?: string; event_mapping?: EventLogMappingJson | string; surveys?: SurveyResponseJson[]; surveys_csv?: string; policies?: SlaPoliciesJson | string; options?: ReportOptions | string; }
/** The quality report: KPIs with intervals and targets, breakdowns, trend, first-response histogram, volume heatmap, data quality. */
export function report(args: ReportArgs): Report;

/** Arguments of `kpiScorecard` (`kpi_scorecard`): calendar, interactions?, summary_csv?, surveys?, surveys_csv?, policies?, options?. */
export interface KpiScorecardArgs { calendar: CalendarArg; interactions?: SummaryRowJson[]; summary_csv?: string; surveys?: SurveyResponseJson[]; surveys_csv?: string; policies?: SlaPoliciesJson | string; options?: ReportOptions | string; }
/** The KPI scorecard: first response and resolution times, resolution rate, backlog, SLA compliance, CSAT, NPS and CES, in total and by agent (the report's figures, from summary rows or the summary CSV alone). */
export function kpiScorecard(args: KpiScorecardArgs): KpiScorecard;

/** Arguments of `demoData` (`demo_data`): interactions?, seed?. */
export interface DemoDataArgs { interactions?: number; seed?: number; }
/** The deterministic demo data set: calendar, SLA policies, as_of, summary CSV and surveys CSV. */
export function demoData(args?: DemoDataArgs): DemoData;

// ---- partial states (`reportState`, `ticketState`, `surveyState`, `queueState`, `agentState`, `qaState`, `mergeStates`, `finishState`, `stateInfo`)
// A state is the versioned binary form of a partial result, as standard base64 text.

/** A partial state: base64 text of its bytes. */
export type StateText = string;

/** Arguments of `reportState` (`report_state`): calendar, interactions?, summary_csv?, event_log?, event_mapping?, surveys?, surveys_csv?, policies?, options?, part?, lines? (`false`: findings without line numbers, for rows that are not a file). */
export interface ReportStateArgs { calendar: CalendarArg; interactions?: InteractionArg[]; summary_csv?: string; event_log?: string; event_mapping?: EventLogMappingJson | string; surveys?: SurveyResponseJson[]; surveys_csv?: string; policies?: SlaPoliciesJson | string; options?: ReportOptions | string; part?: "all" | "tickets" | "surveys"; lines?: boolean; }
/** The report's partial state as base64 bytes: the `all`, `tickets` or `surveys` share of one part of the data. */
export function reportState(args: ReportStateArgs): StateText;

/** Arguments of `ticketState` (`ticket_state`): calendar, interactions?, summary_csv?, policies?, options?, by?, lines?. */
export interface TicketStateArgs { calendar: CalendarArg; interactions?: InteractionArg[]; summary_csv?: string; policies?: SlaPoliciesJson | string; options?: TicketOptionsJson | string; by?: JsonObject; lines?: boolean; }
/** The ticket catalogue's partial state (base64) of one part of the interactions. */
export function ticketState(args: TicketStateArgs): StateText;

/** Arguments of `surveyState` (`survey_state`): config?, csv?, responses?, sent?, options?, lines?. */
export interface SurveyStateArgs { config?: SurveyConfigJson; csv?: string; responses?: SurveyResponseJson[]; sent?: number; options?: StatsOptions; lines?: boolean; }
/** survey_report's partial state (base64) of one part of the answers. */
export function surveyState(args?: SurveyStateArgs): StateText;

/** Arguments of `queueState` (`queue_state`): records, options, stats?. */
export interface QueueStateArgs { records: QueueRecordJson[]; options: QueueOptionsJson; stats?: StatsOptions; }
/** queue_report's partial state (base64) of one part of the contacts. */
export function queueState(args: QueueStateArgs): StateText;

/** Arguments of `agentState` (`agent_state`): states, interval?, timezone, shrinkage_reasons?. */
export interface AgentStateArgs { states: AgentStateJson[]; interval?: IntervalLength; timezone: string; shrinkage_reasons?: string[]; }
/** agent_report's partial state (base64) of one part of the agent-state intervals. */
export function agentState(args: AgentStateArgs): StateText;

/** Arguments of `qaState` (`qa_state`): scorecard, reviews, grouping?, options?. */
export interface QaStateArgs { scorecard: CriterionJson[]; reviews: ReviewJson[]; grouping?: { group?: "agent" | "team" | "all"; period?: "day" | "week" | "month" | "quarter" | null; timezone?: string }; options?: StatsOptions; }
/** internal_quality's partial state (base64) of one part of the reviews. */
export function qaState(args: QaStateArgs): StateText;

/** Arguments of `mergeStates` (`merge_states`): states. */
export interface MergeStatesArgs { states: StateText[]; }
/** One state from several of the same kind and definitions (base64 in, base64 out). */
export function mergeStates(args: MergeStatesArgs): StateText;

/** Arguments of `finishState` (`finish_state`): state. */
export interface FinishStateArgs { state: StateText; }
/** The answer of the state's operation: a `Report` for a report state, `{report, breakdown?, quality?}` for a ticket state, the answer of `surveyReport`, `queueReport`, `agentReport` or `internalQuality` for their states. */
export function finishState(args: FinishStateArgs): Report | JsonObject;

/** A state's header. */
export interface StateHeader { kind: string; version: number; fingerprint: string; payload_bytes: number; bytes: number; }
/** Arguments of `stateInfo` (`state_info`): state. */
export interface StateInfoArgs { state: StateText; }
/** A state's header: kind, format version, fingerprint, sizes. */
export function stateInfo(args: StateInfoArgs): StateHeader;

/** Arguments of `surveyReport` (`survey_report`): config?, csv?, responses?, sent?, options?. */
export interface SurveyReportArgs { config?: SurveyConfigJson; csv?: string; responses?: SurveyResponseJson[]; sent?: number; options?: StatsOptions; }
/** CSAT, NPS, CES, CSI, comment and response rates, by agent and topic. */
export function surveyReport(args?: SurveyReportArgs): JsonObject;

/** Arguments of `parseCsatDefinition` (`parse_csat_definition`): name. */
export interface ParseCsatDefinitionArgs { name: string; }
/** The CSAT definition's canonical name. */
export function parseCsatDefinition(args: ParseCsatDefinitionArgs): string;

/** Arguments of `validateScore` (`validate_score`): scale, what, score. */
export interface ValidateScoreArgs { scale: RatingScale; what: string; score: number; }
/** The score as a whole number on its scale. */
export function validateScore(args: ValidateScoreArgs): number;

/** Arguments of `scoreReview` (`score_review`): scorecard, review. */
export interface ScoreReviewArgs { scorecard: CriterionJson[]; review: ReviewJson; }
/** A review's category and total scores. */
export function scoreReview(args: ScoreReviewArgs): JsonObject;

/** Arguments of `internalQuality` (`internal_quality`): scorecard, reviews, grouping?, options?. */
export interface InternalQualityArgs { scorecard: CriterionJson[]; reviews: ReviewJson[]; grouping?: { group?: "agent" | "team" | "all"; period?: "day" | "week" | "month" | "quarter" | null; timezone?: string }; options?: StatsOptions; }
/** Internal quality score rows by group and period. */
export function internalQuality(args: InternalQualityArgs): { quality: JsonObject; rows: JsonObject[] };

/** Arguments of `defaultTarget` (`default_target`): metric. */
export interface DefaultTargetArgs { metric: TargetMetric; }
/** The industry-norm default target of a metric. */
export function defaultTarget(args: DefaultTargetArgs): Target;

/** Arguments of `targetStatus` (`target_status`): target, value?, interval?. */
export interface TargetStatusArgs { target: Target; value?: number | null; interval?: Interval | null; }
/** Met, missed, not_significantly_different or no_data. */
export function targetStatus(args: TargetStatusArgs): TargetStatus;

/** Arguments of `retention` (`retention`): start, end, options?. */
export interface RetentionArgs { start: string[]; end: string[]; options?: StatsOptions; }
/** Customer retention (E - N) / S from id sets. */
export function retention(args: RetentionArgs): Retention;

/** Arguments of `retentionFromCounts` (`retention_from_counts`): start, end, new, options?. */
export interface RetentionFromCountsArgs { start: number; end: number; new: number; options?: StatsOptions; }
/** Customer retention (E - N) / S from counts. */
export function retentionFromCounts(args: RetentionFromCountsArgs): Retention;

/** Arguments of `csatDrop` (`csat_drop`): previous, current, thresholds?, options?. */
export interface CsatDropArgs { previous: CountPair; current: CountPair; thresholds?: SignalThresholds; options?: StatsOptions; }
/** Audit signal: CSAT down on the previous period. */
export function csatDrop(args: CsatDropArgs): AuditSignal;

/** Arguments of `firstResponseSlowdown` (`first_response_slowdown`): previous, current, thresholds?, options?. */
export interface FirstResponseSlowdownArgs { previous: number[]; current: number[]; thresholds?: SignalThresholds; options?: StatsOptions; }
/** Audit signal: first response slower. */
export function firstResponseSlowdown(args: FirstResponseSlowdownArgs): AuditSignal;

/** Arguments of `npsDrop` (`nps_drop`): previous, current, thresholds?, options?. */
export interface NpsDropArgs { previous: NpsCounts; current: NpsCounts; thresholds?: SignalThresholds; options?: StatsOptions; }
/** Audit signal: NPS down. */
export function npsDrop(args: NpsDropArgs): AuditSignal;

/** Arguments of `rateSpike` (`rate_spike`): kind, previous, current, thresholds?, options?. */
export interface RateSpikeArgs { kind: "escalation_spike" | "repeat_spike"; previous: CountPair; current: CountPair; thresholds?: SignalThresholds; options?: StatsOptions; }
/** Audit signal: an escalation or repeat-contact spike. */
export function rateSpike(args: RateSpikeArgs): AuditSignal;

/** Arguments of `erlangB` (`erlang_b`): agents, traffic_erlangs. */
export interface ErlangBArgs { agents: number; traffic_erlangs: number; }
/** Erlang B blocking probability. */
export function erlangB(args: ErlangBArgs): number;

/** Arguments of `erlangC` (`erlang_c`): agents, traffic_erlangs. */
export interface ErlangCArgs { agents: number; traffic_erlangs: number; }
/** Erlang C probability of waiting. */
export function erlangC(args: ErlangCArgs): number;

/** Arguments of `erlangCMetrics` (`erlang_c_metrics`): agents, traffic_erlangs, aht_seconds, threshold_seconds. */
export interface ErlangCMetricsArgs { agents: number; traffic_erlangs: number; aht_seconds: number; threshold_seconds: number; }
/** Erlang C waiting, service level, ASA, occupancy. */
export function erlangCMetrics(args: ErlangCMetricsArgs): ErlangCMetrics;

/** Arguments of `agentsNeeded` (`agents_needed`): traffic_erlangs, aht_seconds, target. */
export interface AgentsNeededArgs { traffic_erlangs: number; aht_seconds: number; target: StaffingTarget; }
/** Agents for a service-level target. */
export function agentsNeeded(args: AgentsNeededArgs): Staffing;

/** Arguments of `staffingPlan` (`staffing_plan`): forecast, interval, target. */
export interface StaffingPlanArgs { forecast: IntervalForecast[]; interval: IntervalLength; target: StaffingTarget; }
/** Agents per forecast interval, with row errors. */
export function staffingPlan(args: StaffingPlanArgs): RowsResult<Staffing>;

/** Arguments of `erlangA` (`erlang_a`): agents, traffic_erlangs, aht_seconds, patience_seconds, threshold_seconds. */
export interface ErlangAArgs { agents: number; traffic_erlangs: number; aht_seconds: number; patience_seconds: number; threshold_seconds: number; }
/** Erlang A with patience: waiting, abandonment, service level. */
export function erlangA(args: ErlangAArgs): ErlangAMetrics;

/** Arguments of `queueReport` (`queue_report`): records, options, stats?. */
export interface QueueReportArgs { records: QueueRecordJson[]; options: QueueOptionsJson; stats?: StatsOptions; }
/** Queue KPIs in total and by queue, agent and interval. */
export function queueReport(args: QueueReportArgs): JsonObject;

/** Arguments of `validateQueueRecord` (`validate_queue_record`): record. */
export interface ValidateQueueRecordArgs { record: QueueRecordJson; }
/** True when the queue record is valid. */
export function validateQueueRecord(args: ValidateQueueRecordArgs): true;

/** Arguments of `agentReport` (`agent_report`): states, interval?, timezone, shrinkage_reasons?. */
export interface AgentReportArgs { states: AgentStateJson[]; interval?: IntervalLength; timezone: string; shrinkage_reasons?: string[]; }
/** Agent-time KPIs: occupancy, utilisation, shrinkage. */
export function agentReport(args: AgentReportArgs): JsonObject;

// ---- `call` by the shared operation name

/** Every operation by its shared snake_case name: its argument object and its answer. */
export interface Operations {
  validate_calendar: { args: ValidateCalendarArgs; result: true };
  business_seconds: { args: BusinessSecondsArgs; result: number };
  add_business_seconds: { args: AddBusinessSecondsArgs; result: string };
  is_open: { args: IsOpenArgs; result: boolean };
  next_open: { args: NextOpenArgs; result: string | null };
  next_close: { args: NextCloseArgs; result: string | null };
  open_intervals: { args: OpenIntervalsArgs; result: [string, string][] };
  business_seconds_batch: { args: BusinessSecondsBatchArgs; result: RowsResult<number> };
  read_csv: { args: ReadCsvArgs; result: { records: string[][]; lines: number[] } };
  read_csv_header: { args: ReadCsvHeaderArgs; result: { positions: number[] } };
  rate: { args: RateArgs; result: Rate };
  mean_estimate: { args: MeanEstimateArgs; result: MeanEstimate };
  normal_cdf: { args: NormalCdfArgs; result: number };
  normal_sf: { args: NormalSfArgs; result: number };
  normal_quantile: { args: NormalQuantileArgs; result: number };
  student_t_sf: { args: StudentTSfArgs; result: number };
  student_t_quantile: { args: StudentTQuantileArgs; result: number };
  beta_quantile: { args: BetaQuantileArgs; result: number };
  nps_estimate: { args: NpsEstimateArgs; result: NpsEstimate };
  nps_difference: { args: NpsDifferenceArgs; result: Comparison };
  proportion_difference: { args: ProportionDifferenceArgs; result: Comparison };
  welch_t_test: { args: WelchTTestArgs; result: Comparison };
  benjamini_hochberg: { args: BenjaminiHochbergArgs; result: number[] };
  quantile_interval: { args: QuantileIntervalArgs; result: QuantileEstimate };
  read_summary_csv: { args: ReadSummaryCsvArgs; result: JsonObject };
  read_summary_jsonl: { args: ReadSummaryJsonlArgs; result: JsonObject };
  read_event_log: { args: ReadEventLogArgs; result: InteractionBatch };
  validate_interaction: { args: ValidateInteractionArgs; result: true };
  validate_interactions: { args: ValidateInteractionsArgs; result: JsonObject };
  interaction_measures: { args: InteractionMeasuresArgs; result: JsonObject };
  validate_sla_policies: { args: ValidateSlaPoliciesArgs; result: true };
  evaluate_sla: { args: EvaluateSlaArgs; result: JsonObject };
  ticket_report: { args: TicketReportArgs; result: JsonObject };
  ticket_breakdown: { args: TicketBreakdownArgs; result: JsonValue };
  agent_ranking: { args: AgentRankingArgs; result: JsonValue };
  volume_by_period: { args: VolumeByPeriodArgs; result: { period: string; count: number }[] };
  backlog: { args: BacklogArgs; result: JsonValue };
  repeat_contacts: { args: RepeatContactsArgs; result: JsonValue };
  report: { args: ReportArgs; result: Report };
  kpi_scorecard: { args: KpiScorecardArgs; result: KpiScorecard };
  demo_data: { args: DemoDataArgs; result: DemoData };
  report_state: { args: ReportStateArgs; result: StateText };
  ticket_state: { args: TicketStateArgs; result: StateText };
  survey_state: { args: SurveyStateArgs; result: StateText };
  queue_state: { args: QueueStateArgs; result: StateText };
  agent_state: { args: AgentStateArgs; result: StateText };
  qa_state: { args: QaStateArgs; result: StateText };
  merge_states: { args: MergeStatesArgs; result: StateText };
  finish_state: { args: FinishStateArgs; result: Report | JsonObject };
  state_info: { args: StateInfoArgs; result: StateHeader };
  survey_report: { args: SurveyReportArgs; result: JsonObject };
  parse_csat_definition: { args: ParseCsatDefinitionArgs; result: string };
  validate_score: { args: ValidateScoreArgs; result: number };
  score_review: { args: ScoreReviewArgs; result: JsonObject };
  internal_quality: { args: InternalQualityArgs; result: { quality: JsonObject; rows: JsonObject[] } };
  default_target: { args: DefaultTargetArgs; result: Target };
  target_status: { args: TargetStatusArgs; result: TargetStatus };
  retention: { args: RetentionArgs; result: Retention };
  retention_from_counts: { args: RetentionFromCountsArgs; result: Retention };
  csat_drop: { args: CsatDropArgs; result: AuditSignal };
  first_response_slowdown: { args: FirstResponseSlowdownArgs; result: AuditSignal };
  nps_drop: { args: NpsDropArgs; result: AuditSignal };
  rate_spike: { args: RateSpikeArgs; result: AuditSignal };
  erlang_b: { args: ErlangBArgs; result: number };
  erlang_c: { args: ErlangCArgs; result: number };
  erlang_c_metrics: { args: ErlangCMetricsArgs; result: ErlangCMetrics };
  agents_needed: { args: AgentsNeededArgs; result: Staffing };
  staffing_plan: { args: StaffingPlanArgs; result: RowsResult<Staffing> };
  erlang_a: { args: ErlangAArgs; result: ErlangAMetrics };
  queue_report: { args: QueueReportArgs; result: JsonObject };
  validate_queue_record: { args: ValidateQueueRecordArgs; result: true };
  agent_report: { args: AgentReportArgs; result: JsonObject };
}

/** A shared operation name. */
export type OpName = keyof Operations;

/**
 * Calls an operation by its shared snake_case name with its argument object (snake_case keys);
 * the same as the camelCase function. Throws a `SupportMetricsError` (`code`, `family`).
 */
export function call<K extends OpName>(op: K, args: Operations[K]["args"]): Operations[K]["result"];
/** Calls an operation whose name is only known at run time; the answer is its JSON value. */
export function call<S extends string>(op: S extends OpName ? never : S, args?: object): JsonValue;
