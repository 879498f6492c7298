// The browser entry point: `init` first, then the same API.
import init, { BusinessCalendar, erlangC, type InitOutput } from "support-metrics/web";

async function main(): Promise<number> {
  const wasm: InitOutput = await init();
  void wasm;
  const cal = BusinessCalendar.fromJson('{"timezone":"UTC"}');
  const waiting: number = erlangC({ agents: 2, traffic_erlangs: 1 });
  return waiting + cal.businessSeconds("2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z");
}
void main;
