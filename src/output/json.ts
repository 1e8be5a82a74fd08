/** The `--json` printer: exactly one JSON object on stdout, durations rounded for readability. */
import type { CheckReport } from '../evidence.js';
import { toJson } from '../sinks/json.js';

/** Serialises a report; numbers named `…Ms` are rounded to 0.1 ms. */
function reportToJson(report: CheckReport): string {
  return toJson(
    report,
    (key, value: unknown) => (typeof value === 'number' && /Ms$/.test(key) ? Math.round(value * 10) / 10 : value),
    2,
  );
}

/** Writes one JSON value and a newline to stdout. */
export function printJson(value: CheckReport): void {
  process.stdout.write(`${reportToJson(value)}\n`);
}
