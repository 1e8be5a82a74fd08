/**
 * Reads what the probe printed: `@tsl KIND ARGS…` records, each with the raw lines (`@tsl| …`)
 * of the tool it ran. Anything else (a login banner, a noisy shell profile) is ignored. Pure.
 */

/** One record of the probe: its kind, its words, and the raw output lines that followed it. */
export interface ProbeRecord {
  kind: string;
  args: string[];
  lines: string[];
}

/** The probe's output, read into records, with the few facts every step needs. */
export interface ProbeOutput {
  records: ProbeRecord[];
  /** The probe ran to its end (`@tsl done`). */
  complete: boolean;
  /** The probe refused its arguments (`@tsl fatal REASON`). */
  fatal?: string;
  /** Tools found on the vantage point's PATH, with their paths. */
  tools: Map<string, string>;
  /** Tools looked for and not found. */
  missing: string[];
  /** The vantage point's own name (`uname -n`): foreign text. */
  hostname?: string;
  /** The SYN sysctls of the vantage point's kernel, when it has /proc. */
  sysctls: Map<string, number>;
}

const RECORD = /^@tsl ([a-z0-9-]+)(?: (.*))?$/;
const RAW = /^@tsl\| ?(.*)$/;

/** Parses the probe's stdout (any line endings); never throws. */
export function parseProbeOutput(text: string): ProbeOutput {
  const records: ProbeRecord[] = [];
  for (const line of text.split(/\r?\n/)) {
    const raw = RAW.exec(line);
    if (raw) {
      records.at(-1)?.lines.push(raw[1]);
      continue;
    }
    const rec = RECORD.exec(line);
    if (rec) records.push({ kind: rec[1], args: rec[2] ? rec[2].split(' ') : [], lines: [] });
  }
  const tools = new Map<string, string>();
  const missing: string[] = [];
  const sysctls = new Map<string, number>();
  let hostname: string | undefined;
  for (const r of records) {
    if (r.kind === 'tool' && r.args.length >= 2) tools.set(r.args[0], r.args.slice(1).join(' '));
    else if (r.kind === 'missing' && r.args[0]) missing.push(r.args[0]);
    else if (r.kind === 'host') hostname = r.args.join(' ') || undefined;
    else if (r.kind === 'sysctl' && r.args.length === 2 && /^\d+$/.test(r.args[1])) sysctls.set(r.args[0], Number(r.args[1]));
  }
  return {
    records,
    complete: records.some((r) => r.kind === 'done'),
    fatal: records.find((r) => r.kind === 'fatal')?.args[0],
    tools,
    missing,
    hostname,
    sysctls,
  };
}

/** The first record of a kind (optionally about one address). */
export function recordOf(out: ProbeOutput, kind: string, address?: string): ProbeRecord | undefined {
  return out.records.find((r) => r.kind === kind && (address === undefined || r.args[0] === address));
}

/** Every record of a kind, in the order the probe printed them. */
export function recordsOf(out: ProbeOutput, kind: string): ProbeRecord[] {
  return out.records.filter((r) => r.kind === kind);
}

/** A record's word as a number (NaN when it is missing or not one). */
export function numArg(r: ProbeRecord | undefined, i: number): number {
  const w = r?.args[i];
  return w !== undefined && /^-?\d+(\.\d+)?$/.test(w) ? Number(w) : NaN;
}
