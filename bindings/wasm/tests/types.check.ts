// Type-checked by `tsc --noEmit -p tests/tsconfig.json`: the Node typings of the package accept
// the documented uses and reject wrong ones (each @ts-expect-error must be an error).
import {
  BusinessCalendar,
  errorCodes,
  type BatchResult,
  type CalendarJson,
  type OpenInterval,
  type RowError,
  type SupportMetricsError,
} from "support-metrics";

const spec: CalendarJson = {
  timezone: "Europe/Berlin",
  week: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]] },
  holidays: ["2026-12-25"],
};
const cal: BusinessCalendar = BusinessCalendar.fromJson(JSON.stringify(spec));
const seconds: number = cal.businessSeconds("2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z");
const due: string = cal.addBusinessSeconds("2026-03-02T09:00:00Z", 3600);
const open: boolean = cal.isOpen(due);
const next: string | null = cal.nextOpen(due);
const close: string | null = cal.nextClose(due);
const spans: OpenInterval[] = cal.openIntervals("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z");
const first: string | undefined = spans[0]?.start;
const batch: BatchResult = cal.businessSecondsBatch(new Float64Array([0]), new Float64Array([1]));
const values: Float64Array = batch.values;
const rowErrors: RowError[] = batch.errors;
const deadlines: Float64Array = cal.addBusinessSecondsBatch(new Float64Array([0]), new Float64Array([60])).values;
const text: string = cal.toJson();
const zone: string = cal.timezone;
const name: string | null = cal.name;
const codes: string[] = errorCodes();
cal.precompile("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
BusinessCalendar.alwaysOpen("UTC").free();

try {
  cal.businessSeconds("a", "b");
} catch (e) {
  const err = e as SupportMetricsError;
  const code: string = err.code;
  const family: string = err.family;
  const message: string = err.message;
  void [code, family, message];
}

// @ts-expect-error instants are RFC 3339 strings, not numbers
cal.businessSeconds(0, 1);
// @ts-expect-error instants are RFC 3339 strings, not Dates
cal.isOpen(new Date());
// @ts-expect-error batch columns are Float64Array
cal.businessSecondsBatch([0], [1]);
// @ts-expect-error seconds are a number
cal.addBusinessSeconds("2026-03-02T09:00:00Z", "3600");
// @ts-expect-error a calendar needs a time zone
const noZone: CalendarJson = { week: {} };
// @ts-expect-error weekday keys are mon..sun
const badDay: CalendarJson = { timezone: "UTC", week: { monday: [["09:00", "17:00"]] } };
// @ts-expect-error an interval is a pair
const badPair: CalendarJson = { timezone: "UTC", week: { mon: [["09:00"]] } };

void [seconds, open, next, close, first, values, rowErrors, deadlines, text, zone, name, codes, noZone, badDay, badPair];
