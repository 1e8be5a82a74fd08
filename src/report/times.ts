/**
 * Times as a report writes them: in the zone the check ran in, with the offset (abbreviations
 * like CST are ambiguous), to the microsecond on the ladder's axis. Also the ladder's rows for
 * the time-axis table. Pure.
 */
import { formatUs, type Ladder, type LadderSide } from '../diagnosis/ladder.js';

const isUtc = (zone: string) => /^(Etc\/)?(UTC|GMT|Zulu|UCT)$/.test(zone);

function parts(d: Date, zone: string): Record<string, string> {
  const out: Record<string, string> = {};
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** The fraction of a second an ISO time carries, as written (`.606`), to the microsecond at most; '' when none. */
function fraction(iso: string): string {
  const m = /\.(\d+)Z?$/.exec(iso);
  return m ? `.${m[1].slice(0, 6)}` : '';
}

/**
 * `2026-11-29 15:04:05 Europe/Berlin (UTC+01:00)` in `zone`; `… UTC` in UTC; with `fraction`,
 * the seconds carry the decimals the ISO time has (a capture's: milliseconds).
 */
export function localTime(iso: string, zone: string, opts: { fraction?: boolean } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(d, zone);
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? '';
  const off = offset === 'GMT' ? 'UTC+00:00' : offset.replace('GMT', 'UTC');
  const when = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${opts.fraction ? fraction(iso) : ''}`;
  return isUtc(zone) ? `${when} UTC` : `${when} ${zone} (${off})`;
}

/**
 * `15:04:05.606`: the wall-clock time `us` after `iso`, in `zone`, to the millisecond (the
 * precision a capture's start time is kept in; the relative times carry the microseconds).
 */
export function clockAfter(iso: string, us: number, zone: string): string | undefined {
  const base = new Date(iso);
  if (Number.isNaN(base.getTime())) return undefined;
  const at = new Date(base.getTime() + Math.floor(us / 1000));
  const p = parts(at, zone);
  return `${p.hour}:${p.minute}:${p.second}.${String(at.getTime() % 1000).padStart(3, '0')}`;
}

/** One line of the time-axis table. */
export interface LadderRow {
  /** `+11 µs` after the first SYN; empty when unknown. */
  at: string;
  /** Wall-clock time in the report's zone, when the ladder has an absolute start. */
  clock?: string;
  from: LadderSide;
  to: LadderSide;
  what: string;
  packet?: string;
  /** Foreign text the packet carried; renderers pass it through their sink. */
  quote?: string;
  /** The check's own teardown. */
  ours?: true;
  /** It never came (the row names what was expected). */
  expected?: true;
  /** Idle before this packet, e.g. `1 s`. */
  idleBefore?: string;
}

/** The ladder's events as table rows. */
export function ladderRows(ladder: Ladder, zone: string): LadderRow[] {
  return ladder.events.map((e) => {
    const known = e.atUs !== undefined && !e.expected;
    return {
      at: known ? `+${formatUs(e.atUs!)}` : '',
      ...(known && ladder.firstSynAt ? { clock: clockAfter(ladder.firstSynAt, e.atUs!, zone) } : {}),
      from: e.from,
      to: e.from === 'client' ? 'server' : 'client',
      what: e.expected ? `${e.expected} (never came)` : e.label,
      ...(e.packet ? { packet: e.packet } : {}),
      ...(e.quote ? { quote: e.quote } : {}),
      ...(e.ours ? { ours: true as const } : {}),
      ...(e.expected ? { expected: true as const } : {}),
      ...(e.gapBeforeUs ? { idleBefore: formatUs(e.gapBeforeUs) } : {}),
    };
  });
}
