/**
 * Reading the server checklist's facts: on this host (files in /proc, the socket table with its
 * processes, iptables/nft as root), or on another one over ssh with plain commands (cat, ss,
 * iptables): nothing needs installing there. Two readings `sampleMs` apart show counters rising.
 */
import { listenerQueues, stripMapped } from '../checks/kernel.js';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { sockets } from '../checks/sockets.js';
import { parseSs, type SocketRow } from '../checks/netstat-parse.js';
import { isRoot, runTool, which } from '../tools.js';
import { runRemote, type SshDestination, type SshFailure } from '../remote/ssh.js';
import { factsFrom, rowsFromSnapshot, type RawSnapshot, type ServerFacts } from './facts.js';

export const DEFAULT_SAMPLE_MS = 500;

export interface GatherOptions {
  signal?: AbortSignal;
  /** Time between the two readings of the counters. */
  sampleMs?: number;
}

const read = (path: string) => readFile(path, 'utf8').catch(() => undefined);

async function localFirewall(signal?: AbortSignal): Promise<Pick<RawSnapshot, 'iptables' | 'ip6tables' | 'nft' | 'firewallWhy'>> {
  if (process.platform !== 'linux') return { firewallWhy: 'the firewall is read on Linux only' };
  if (!isRoot()) return { firewallWhy: 'not root: run with sudo to read the INPUT rules and their counters' };
  const run = async (tool: string, args: string[]) => {
    const file = which(tool);
    if (!file) return undefined;
    const r = await runTool(file, args, { timeoutMs: 5000, signal });
    return r.code === 0 ? r.stdout : undefined;
  };
  const [iptables, ip6tables, nft] = await Promise.all([
    run('iptables', ['-w', '-L', 'INPUT', '-v', '-n', '-x']),
    run('ip6tables', ['-w', '-L', 'INPUT', '-v', '-n', '-x']),
    run('nft', ['list', 'ruleset']),
  ]);
  return { iptables, ip6tables, nft, firewallWhy: iptables || nft ? undefined : 'neither iptables nor nft could list the rules' };
}

async function localSnapshot(signal?: AbortSignal): Promise<RawSnapshot> {
  const atMs = Date.now();
  const [tcp, tcp6, netstat, syncookies, portRange, fw] = await Promise.all([
    read('/proc/net/tcp'),
    read('/proc/net/tcp6'),
    read('/proc/net/netstat'),
    read('/proc/sys/net/ipv4/tcp_syncookies'),
    read('/proc/sys/net/ipv4/ip_local_port_range'),
    localFirewall(signal),
  ]);
  return { atMs, tcp, tcp6, netstat, syncookies, portRange, ...fw };
}

/** The checklist's facts on this host. */
export async function gatherLocal(port: number, opts: GatherOptions = {}): Promise<ServerFacts> {
  const first = await localSnapshot(opts.signal);
  await sleep(opts.sampleMs ?? DEFAULT_SAMPLE_MS, undefined, { signal: opts.signal });
  const second = await localSnapshot(opts.signal);
  // The socket step knows the processes (/proc/PID/fd) and the macOS/Windows netstat.
  const step = await sockets({ port, processes: true }, { signal: opts.signal });
  return factsFrom(port, 'local', first, second, await withBacklogs(step.evidence.rows, port, opts.signal));
}

/** The port's listeners with their queues and backlogs from the one source (checks/kernel.ts listenerQueues). */
async function withBacklogs(rows: SocketRow[], port: number, signal?: AbortSignal): Promise<SocketRow[]> {
  const listeners = rows.filter((r) => r.state === 'LISTEN' && r.localPort === port);
  if (!listeners.length) return rows;
  const queues = process.platform === 'linux' ? await listenerQueues(port, signal) : [];
  const wild = (a: string) => (a === '0.0.0.0' || a === '::' || a === '*' ? '*' : stripMapped(a));
  for (const l of listeners) {
    const q = queues.find((x) => wild(x.address) === wild(l.localAddress));
    l.sendQ = q?.backlog;
    if (q) l.recvQ = q.queued;
  }
  return rows;
}

const SECTIONS = ['tcp', 'tcp6', 'netstat', 'syncookies', 'portRange', 'iptables', 'ip6tables', 'nft', 'firewallWhy'] as const;

/**
 * The script run on the server: two readings, then the port's sockets with their processes
 * (ss -p, when there). The port is an integer we validated: the only value that goes in.
 */
export function remoteFactsScript(port: number, sampleMs = DEFAULT_SAMPLE_MS): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`bad port ${port}`);
  const seconds = (Math.max(0, Math.min(sampleMs, 10_000)) / 1000).toFixed(3);
  return [
    'PATH="$PATH:/usr/sbin:/sbin"; export LC_ALL=C',
    "sec() { printf '\\n@@tcpsleuth:%s@@\\n' \"$1\"; }",
    'snap() {',
    '  sec tcp; cat /proc/net/tcp 2>/dev/null',
    '  sec tcp6; cat /proc/net/tcp6 2>/dev/null',
    '  sec netstat; cat /proc/net/netstat 2>/dev/null',
    '  sec syncookies; cat /proc/sys/net/ipv4/tcp_syncookies 2>/dev/null',
    '  sec portRange; cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null',
    '  if [ "$(id -u)" = 0 ]; then',
    '    sec iptables; iptables -w -L INPUT -v -n -x 2>/dev/null',
    '    sec ip6tables; ip6tables -w -L INPUT -v -n -x 2>/dev/null',
    '    sec nft; nft list ruleset 2>/dev/null',
    "  else sec firewallWhy; echo 'not root on the server: log in as root to read the INPUT rules and their counters'; fi",
    '}',
    'sec first; snap',
    `sleep ${seconds}`,
    'sec second; snap',
    `sec ss; ss -tanpH 'sport = :${port}' 2>/dev/null`,
    'sec uname; uname -s',
    // tcpsleuth there knows more (processes via /proc, macOS/Windows netstat): its facts win.
    `command -v tcpsleuth >/dev/null 2>&1 && { sec json; tcpsleuth server ${port} --json --sample 0 2>/dev/null; }`,
  ].join('\n');
}

/** Splits the script's output into its two readings and the rest. */
export function parseRemoteOutput(text: string, sampleMs = DEFAULT_SAMPLE_MS): { first: RawSnapshot; second: RawSnapshot; ss?: string; uname?: string; json?: string } {
  const parts = text.split(/\n?@@tcpsleuth:(\w+)@@\n/);
  const snaps: RawSnapshot[] = [];
  let current: RawSnapshot | undefined;
  let ss: string | undefined;
  let uname: string | undefined;
  let json: string | undefined;
  for (let i = 1; i < parts.length; i += 2) {
    const [name, body] = [parts[i], parts[i + 1] ?? ''];
    if (name === 'first' || name === 'second') snaps.push((current = { atMs: name === 'first' ? 0 : sampleMs }));
    else if (name === 'ss') ss = body;
    else if (name === 'uname') uname = body.trim();
    else if (name === 'json') json = body;
    else if (current && (SECTIONS as readonly string[]).includes(name)) (current as unknown as Record<string, string>)[name] = body;
  }
  return { first: snaps[0] ?? { atMs: 0 }, second: snaps[1] ?? snaps[0] ?? { atMs: 0 }, ss, uname, json };
}

/** The facts of `tcpsleuth server --json` run on the server, when it is there and answered sensibly. */
function remoteTcpsleuthFacts(json: string | undefined, port: number): ServerFacts | undefined {
  if (!json?.trim()) return undefined;
  try {
    const facts = (JSON.parse(json) as { facts?: ServerFacts }).facts;
    return facts && facts.port === port && Array.isArray(facts.listeners) && facts.firewall ? facts : undefined;
  } catch {
    return undefined;
  }
}

/** The checklist's facts on the server at `d`, over ssh; a failure says why and how to fix it. */
export async function gatherRemote(d: SshDestination, port: number, opts: GatherOptions = {}): Promise<{ facts?: ServerFacts; failure?: SshFailure }> {
  const sampleMs = opts.sampleMs ?? DEFAULT_SAMPLE_MS;
  const r = await runRemote(d, remoteFactsScript(port, sampleMs), { signal: opts.signal, timeoutMs: 20_000 + sampleMs });
  if (r.failure) return { failure: r.failure };
  const out = parseRemoteOutput(r.stdout, sampleMs);
  // Its counters come from our two readings; tcpsleuth there adds what plain commands cannot see.
  const theirs = remoteTcpsleuthFacts(out.json, port);
  if (out.uname && out.uname !== 'Linux' && !theirs) {
    return { failure: { kind: 'other', reason: `the server runs ${out.uname}, and the remote checklist reads Linux's /proc`, fix: `run tcpsleuth server ${port} there` } };
  }
  if (!out.second.tcp && !theirs) return { failure: { kind: 'other', reason: 'the server\'s /proc/net/tcp could not be read', fix: `run tcpsleuth server ${port} there by hand` } };
  // ss -p names the processes (for the user's own ones, all as root); /proc/net/tcp otherwise.
  const ssRows = out.ss?.trim() ? parseSs(out.ss) : [];
  const rows = ssRows.length ? ssRows : rowsFromSnapshot(out.second, port);
  if (theirs) {
    const ours = out.second.tcp ? factsFrom(port, d.host, out.first, out.second, rows) : undefined;
    return { facts: { ...theirs, host: d.host, counters: ours?.counters ?? theirs.counters, firewall: ours?.firewall.read ? ours.firewall : theirs.firewall } };
  }
  return { facts: factsFrom(port, d.host, out.first, out.second, rows) };
}
