/** `tcpsleuth scan` command line → what to scan and how. Throws UsageError (exit 2) for bad input. */
import { parseDuration } from '../duration.js';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { PortSpecError, parsePortSpec } from './spec.js';
import { portCatalog, topPorts } from './services.js';
import { parseScanTarget, type ScanTarget } from './target.js';

/** The command line's options (test/docs checks `scan --help` lists the same). */
export const OPTIONS = {
  ports: { type: 'string', short: 'p' },
  top: { type: 'string' },
  rate: { type: 'string' },
  timeout: { type: 'string', short: 't' },
  json: { type: 'boolean' },
  plain: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'max-parallel': { type: 'string' },
} as const;

export const DEFAULT_TOP = 100;

/** The ports `scan HOST` covers without -p: the top DEFAULT_TOP (or `top`), plus the target's own port. */
export function defaultPorts(targetPort?: number, top = DEFAULT_TOP): number[] {
  const ports = topPorts(top);
  return targetPort !== undefined && !ports.includes(targetPort) ? [...ports, targetPort] : ports;
}

export interface ScanArgs {
  target: ScanTarget;
  ports: number[];
  /** In words, for the header: `top 100 (nmap-services) + 5432`. */
  portsFrom: string;
  rate?: number;
  timeoutMs?: number;
  /** At most this many sockets at once (still bounded by ulimit -n). */
  maxParallel?: number;
  json: boolean;
  plain: boolean;
  yes: boolean;
}

/** `--timeout`: milliseconds, or with a unit (`800ms`, `2s`), 10 ms to 120 s. */
export function parseScanTimeout(text: string): number {
  return parseDuration(text, { minMs: 10, maxMs: 120_000 });
}

function positiveInt(name: string, text: string, max: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > max) {
    throw new UsageError(`bad ${name} "${text}": expected a whole number from 1 to ${max}`);
  }
  return Number(text);
}

/** Reads the command line. Default ports: the top 100, plus the port written with the host. */
export function parseScanArgs(argv: string[]): ScanArgs {
  const parsed = parseArgsOrUsage({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const v = parsed.values;
  if (parsed.positionals.length === 0) throw new UsageError('missing host: tcpsleuth scan HOST [-p SPEC]');
  if (parsed.positionals.length > 1) throw new UsageError(`expected one host, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  if (v.json && v.plain) throw new UsageError('--json and --plain contradict each other');
  const target = parseScanTarget(parsed.positionals[0]);

  const from: string[] = [];
  const ports: number[] = [];
  if (v.ports !== undefined) {
    try {
      ports.push(...parsePortSpec(v.ports));
    } catch (err) {
      if (err instanceof PortSpecError) throw new UsageError(`bad -p: ${err.message}`);
      throw err;
    }
    from.push(`-p ${v.ports}`);
  }
  if (v.top !== undefined || v.ports === undefined) {
    const n = v.top !== undefined ? positiveInt('--top', v.top, 65535) : DEFAULT_TOP;
    ports.push(...topPorts(n));
    from.push(`top ${n} (${portCatalog().source})`);
  }
  if (target.port !== undefined && !ports.includes(target.port)) {
    ports.push(target.port);
    from.push(`+ ${target.port}`);
  }
  const unique = [...new Set(ports)];
  return {
    target,
    ports: unique,
    portsFrom: from.join(' '),
    rate: v.rate !== undefined ? positiveInt('--rate', v.rate, 1_000_000) : undefined,
    timeoutMs: v.timeout !== undefined ? parseScanTimeout(v.timeout) : undefined,
    maxParallel: v['max-parallel'] !== undefined ? positiveInt('--max-parallel', v['max-parallel'], 65535) : undefined,
    json: Boolean(v.json),
    plain: Boolean(v.plain),
    yes: Boolean(v.yes),
  };
}
