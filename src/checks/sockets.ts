/**
 * The sockets step (`tcpsleuth sockets`): this host's TCP socket table, like `ss -tan` or
 * `netstat -an`, for someone on the server asking "does it listen, and on which address?".
 * Linux reads /proc/net/tcp* directly; macOS and Windows run their netstat.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import type { CheckContext, SocketState, StepEvidence } from '../evidence.js';
import { installHint, runTool } from '../tools.js';
import { hasProcNet, isLoopback, readProcSockets } from './kernel.js';
import { parseMacNetstat, parseWindowsNetstat, type SocketRow } from './netstat-parse.js';

export interface SocketsInput {
  port?: number;
  /** Only these states (e.g. LISTEN). */
  states?: SocketState[];
  /** Look up which process owns each listener (Linux, reads /proc/PID/fd; needs root for others' processes). */
  processes?: boolean;
}

export interface SocketsEvidence {
  source: 'proc' | 'netstat';
  port?: number;
  rows: SocketRow[];
  /** Count per state, for a one-line summary. */
  counts: Partial<Record<SocketState, number>>;
  /** Where the port listens, e.g. ['127.0.0.1'] or ['0.0.0.0', '::']. */
  listening: string[];
  localhostOnly: boolean;
  /** What the states say, in plain words (half-open handshakes, unclosed sockets …). */
  notes: string[];
}

export type SocketsStep = StepEvidence<'sockets', SocketsEvidence>;

/** Reads the socket table and filters it. */
export async function sockets(input: SocketsInput = {}, ctx: CheckContext = {}): Promise<SocketsStep> {
  const started = performance.now();
  let rows: SocketRow[];
  let source: SocketsEvidence['source'];
  let command: string;
  if (await hasProcNet()) {
    source = 'proc';
    command = `ss -tan${input.port ? ` '( sport = :${input.port} or dport = :${input.port} )'` : ''}`;
    rows = (await readProcSockets()).map((s) => ({
      state: s.state,
      localAddress: s.localAddress,
      localPort: s.localPort,
      remoteAddress: s.remoteAddress,
      remotePort: s.remotePort,
      recvQ: s.rxQueue,
      sendQ: s.txQueue,
      retransmits: s.retransmits,
      inode: s.inode,
    }));
  } else {
    source = 'netstat';
    const win = process.platform === 'win32';
    const args = win ? ['-ano', '-p', 'TCP'] : ['-an', '-p', 'tcp'];
    command = `netstat ${args.join(' ')}`;
    const r = await runTool('netstat', args, { timeoutMs: 10_000, signal: ctx.signal });
    if (r.spawnError || r.code !== 0) {
      return {
        id: 'sockets',
        outcome: 'unavailable',
        durationMs: performance.now() - started,
        summary: 'netstat could not run',
        reason: r.spawnError?.message ?? r.stderr.trim(),
        fix: installHint('netstat'),
        command,
        evidence: { source, port: input.port, rows: [], counts: {}, listening: [], localhostOnly: false, notes: [] },
      };
    }
    rows = win ? parseWindowsNetstat(r.stdout) : parseMacNetstat(r.stdout);
  }
  if (input.port) rows = rows.filter((r) => r.localPort === input.port || r.remotePort === input.port);
  if (input.states?.length) rows = rows.filter((r) => input.states!.includes(r.state));
  rows.sort((a, b) => order(a.state) - order(b.state) || a.localPort - b.localPort);
  if (input.processes && source === 'proc') await addProcesses(rows.filter((r) => r.state === 'LISTEN' || input.port !== undefined));

  const counts: SocketsEvidence['counts'] = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  const listening = [...new Set(rows.filter((r) => r.state === 'LISTEN' && (!input.port || r.localPort === input.port)).map((r) => r.localAddress))];
  const localhostOnly = listening.length > 0 && listening.every(isLoopback);
  const evidence: SocketsEvidence = { source, port: input.port, rows, counts, listening, localhostOnly, notes: [] };
  evidence.notes = socketNotes(evidence);
  return { id: 'sockets', outcome: 'pass', durationMs: performance.now() - started, summary: summarize(evidence), command, evidence };
}

/** Reads the state counts the way an experienced admin would. */
export function socketNotes(e: Pick<SocketsEvidence, 'counts' | 'rows' | 'port' | 'listening' | 'localhostOnly'>): string[] {
  const notes: string[] = [];
  const n = (s: SocketState) => e.counts[s] ?? 0;
  if (e.port !== undefined && !e.listening.length) notes.push(`no LISTEN socket for port ${e.port} in this network namespace: the service is not running, or listens on another port (clients get "refused").`);
  if (e.port !== undefined && e.localhostOnly) notes.push('bound to loopback only: other hosts get "refused". Bind to 0.0.0.0 / :: (or the host\'s address) to serve them.');
  const full = e.rows.filter((r) => r.state === 'LISTEN' && r.recvQ !== undefined && r.sendQ !== undefined && r.sendQ > 0 && r.recvQ > r.sendQ);
  for (const r of full) notes.push(`${r.localAddress}:${r.localPort} has a full accept queue (${r.recvQ}/${r.sendQ}): new SYNs are dropped until the application calls accept().`);
  if (n('SYN_RECV')) notes.push(`${n('SYN_RECV')} SYN_RECV: handshakes waiting for the client's final ACK (a firewall or asymmetric route eating it, or a SYN flood).`);
  if (n('SYN_SENT')) notes.push(`${n('SYN_SENT')} SYN_SENT: outgoing connections whose SYN has not been answered yet (a silent peer or a DROP rule).`);
  if (n('CLOSE_WAIT')) notes.push(`${n('CLOSE_WAIT')} CLOSE_WAIT: the peer closed, but the application here has not closed its socket yet (a leak if it stays).`);
  if (n('TIME_WAIT') > 1000) notes.push(`${n('TIME_WAIT')} TIME_WAIT: many short connections closed from this side; normal, unless ports run out.`);
  return notes;
}

const ORDER: SocketState[] = ['LISTEN', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'];
function order(s: SocketState): number {
  const i = ORDER.indexOf(s);
  return i < 0 ? ORDER.length : i;
}

function summarize(e: SocketsEvidence): string {
  const counts = Object.entries(e.counts).map(([s, n]) => `${n} ${s}`).join(', ') || 'no sockets';
  if (e.port === undefined) return counts;
  if (!e.listening.length) return `nothing listens on port ${e.port} here (${counts})`;
  const where = e.listening.map((a) => (a.includes(':') ? `[${a}]` : a)).join(', ');
  const only = e.localhostOnly ? ': loopback only, unreachable from other hosts' : '';
  return `port ${e.port} listens on ${where}${only} (${counts})`;
}

/** Maps socket inodes to the processes that hold them, via /proc/PID/fd (bounded: stops at 4096 pids). */
async function addProcesses(rows: SocketRow[]): Promise<void> {
  const wanted = new Map<number, SocketRow[]>();
  for (const r of rows) if (r.inode) wanted.set(r.inode, [...(wanted.get(r.inode) ?? []), r]);
  if (!wanted.size) return;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p)).slice(0, 4096);
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(link);
      const hits = m && wanted.get(Number(m[1]));
      if (!hits) continue;
      const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
      for (const r of hits) {
        r.pid = Number(pid);
        r.process = comm || undefined;
      }
      wanted.delete(Number(m![1]));
      if (!wanted.size) return;
    }
  }
}
