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

/**
 * What to scan, one rule for the command line and the chat: the ports of a -p spec, the top N
 * (the top 100 when there is no spec and no N), and the port written with the host. Throws
 * PortSpecError for a bad spec. `from` says it in words, for the report's header.
 */
export function choosePorts(opts: { spec?: string; top?: number; targetPort?: number }): { ports: number[]; from: string[] } {
  const from: string[] = [];
  const ports: number[] = [];
  if (opts.spec !== undefined) {
    ports.push(...parsePortSpec(opts.spec));
    from.push(`-p ${opts.spec}`);
  }
  if (opts.top !== undefined || opts.spec === undefined) {
    const n = opts.top ?? DEFAULT_TOP;
    ports.push(...topPorts(n));
    from.push(`top ${n} (${portCatalog().source})`);
  }
  if (opts.targetPort !== undefined && !ports.includes(opts.targetPort)) {
    ports.push(opts.targetPort);
    from.push(`+ ${opts.targetPort}`);
  }
  return { ports: [...new Set(ports)], from };
}

/** Reads the command line. Default ports: the top 100, plus the port written with the host. */
export function parseScanArgs(argv: string[]): ScanArgs {
  const parsed = parseArgsOrUsage({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const v = parsed.values;
  if (parsed.positionals.length === 0) throw new UsageError('missing host: tcpsleuth scan HOST [-p SPEC]');
  if (parsed.positionals.length > 1) throw new UsageError(`expected one host, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  if (v.json && v.plain) throw new UsageError('--json and --plain contradict each other');
  const target = parseScanTarget(parsed.positionals[0]);

  const top = v.top !== undefined ? positiveInt('--top', v.top, 65535) : undefined;
  let chosen: ReturnType<typeof choosePorts>;
  try {
    chosen = choosePorts({ spec: v.ports, top, targetPort: target.port });
  } catch (err) {
    if (err instanceof PortSpecError) throw new UsageError(`bad -p: ${err.message}`);
    throw err;
  }
  return {
    target,
    ports: chosen.ports,
    portsFrom: chosen.from.join(' '),
    rate: v.rate !== undefined ? positiveInt('--rate', v.rate, 1_000_000) : undefined,
    timeoutMs: v.timeout !== undefined ? parseScanTimeout(v.timeout) : undefined,
    maxParallel: v['max-parallel'] !== undefined ? positiveInt('--max-parallel', v['max-parallel'], 65535) : undefined,
    json: Boolean(v.json),
    plain: Boolean(v.plain),
    yes: Boolean(v.yes),
  };
}
