/**
 * Live capture for a check: the real tcpdump on the route's interface, started before connect and
 * stopped after the last step, then analysed. Always stopped: on stop(), on the caller's abort, on
 * Ctrl-C/SIGTERM (lifecycle cleanup) and at process exit; `timeout` bounds it even if we are killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckContext, StepEvidence } from '../evidence.js';
import { onCleanup } from '../lifecycle.js';
import { installHint, isRoot, runTool, which } from '../tools.js';
import { analyzeCapture } from '../packets/analyze-capture.js';
import type { ConversationSummary } from '../packets/conversations.js';
import { sequenceDiagram } from '../packets/sequence-diagram.js';
import type { MacEntry } from '../packets/mac-table.js';

export const CAPTURE_FIX = 'run with sudo, or setcap cap_net_raw,cap_net_admin=eip "$(command -v tcpdump)"';
/** Even if this process is killed outright, tcpdump ends by itself after this long. */
const MAX_CAPTURE_S = 600;

export interface CaptureInput {
  /** The target address (an IP literal, already resolved). */
  address: string;
  port: number;
  /** More addresses of the same target (the check falls back to them): captured too. */
  alsoAddresses?: string[];
  /** Folder for the capture file (default: a new private folder in the temp dir). */
  dir?: string;
  /** Interface to capture on (default: the route's device, else `any`). */
  iface?: string;
  /** Capture inside this network namespace (the lab's client), via `ip netns exec`. */
  netns?: string;
}

export interface CaptureData {
  file?: string;
  iface?: string;
  packets?: number;
  truncated?: boolean;
  /** The conversations with the target (address and port), in order. */
  conversations: ConversationSummary[];
  macs: MacEntry[];
  /** The sequence diagram of the last conversation with the target (plain text, tcpdump flags). */
  diagram?: string;
  /** The BPF filter tcpdump was given. */
  filter?: string;
}

export type CaptureEvidence = StepEvidence<'capture', CaptureData>;

/** A running capture; `stop()` ends tcpdump, analyses the file and gives the step's evidence. */
export interface CaptureSession {
  readonly running: boolean;
  readonly file?: string;
  readonly pid?: number;
  stop(): Promise<CaptureEvidence>;
}

const empty = (): CaptureData => ({ conversations: [], macs: [] });

function unavailable(started: number, reason: string, fix: string, command?: string): CaptureSession {
  const ev: CaptureEvidence = {
    id: 'capture',
    outcome: 'unavailable',
    durationMs: Date.now() - started,
    summary: 'no packet capture: the check goes on without it (no SYN retransmit times, ICMP senders, RST TTLs or ECN)',
    reason,
    fix,
    command,
    evidence: empty(),
  };
  return { running: false, stop: async () => ev };
}

/** The interface the kernel would use to reach `address` (`ip route get`), or `any`. */
export async function routeInterface(address: string, signal?: AbortSignal, netns?: string): Promise<string> {
  const r = await runTool('ip', [...(netns ? ['-n', netns] : []), 'route', 'get', address], { timeoutMs: 3000, signal });
  const m = /\bdev (\S+)/.exec(r.stdout);
  return r.code === 0 && m ? m[1] : 'any';
}

/** The BPF filter: our TCP conversation, plus every ICMP (a router's error is not from ADDR). */
export function captureFilter(address: string | string[], port: number): string {
  const hosts = (Array.isArray(address) ? address : [address]).map((a) => `host ${a}`).join(' or ');
  return `((${hosts}) and tcp port ${port}) or icmp or icmp6`;
}

function tcpdumpUid(): number | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('tcpdump:'));
    const uid = Number(line?.split(':')[2]);
    return Number.isInteger(uid) ? uid : undefined;
  } catch {
    return undefined;
  }
}

function safeName(s: string): string {
  return s.replace(/[^a-zA-Z0-9.-]/g, '_');
}

/**
 * Starts tcpdump for the target and resolves once it is listening. When it cannot run, the
 * session is not running and `stop()` returns `unavailable` with the reason and the fix.
 */
export async function startCapture(input: CaptureInput, ctx: CheckContext = {}): Promise<CaptureSession> {
  const started = Date.now();
  const tcpdump = which('tcpdump');
  if (!tcpdump) return unavailable(started, 'tcpdump is not installed', installHint('tcpdump'));
  const iface = input.iface ?? (await routeInterface(input.address, ctx.signal, input.netns));
  const dir = input.dir ?? mkdtempSync(join(tmpdir(), 'tcpsleuth-capture-'));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `tcpsleuth-${safeName(input.address)}-${input.port}-${stamp}.pcap`);
  // As root, tcpdump drops to the `tcpdump` user before writing: give that user our private folder.
  const zArgs: string[] = [];
  if (isRoot()) {
    const uid = tcpdumpUid();
    if (uid !== undefined && !input.dir) chownSync(dir, uid, -1);
    else zArgs.push('-Z', 'root');
  }
  const targets = [input.address, ...(input.alsoAddresses ?? []).filter((a) => a !== input.address)];
  const filter = captureFilter(targets, input.port);
  const args = ['-i', iface, '-n', '-U', '--immediate-mode', '-w', file, ...zArgs, filter];
  const command = `tcpdump ${args.map((a) => (/[\s()$"]/.test(a) ? `'${a}'` : a)).join(' ')}`;
  const timeoutBin = which('timeout');
  let [bin, argv] = timeoutBin ? [timeoutBin, ['-s', 'INT', String(MAX_CAPTURE_S), tcpdump, ...args]] : [tcpdump, args];
  // `ip netns exec` execs the command in place, so the pid stays the one we signal.
  if (input.netns) [bin, argv] = ['ip', ['netns', 'exec', input.netns, bin, ...argv]];
  ctx.onProgress?.({ step: 'capture', message: `starting tcpdump on ${iface}` });

  // Its own process group, so one kill reaches `timeout` and tcpdump together.
  const child = spawn(bin, argv, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });
  const killGroup = (sig: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const unregister = onCleanup(() => stopProcess(child, exit, () => exited, killGroup));
  const onAbort = () => void stopProcess(child, exit, () => exited, killGroup);
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  const release = () => {
    unregister();
    process.removeListener('exit', onExit);
    ctx.signal?.removeEventListener('abort', onAbort);
  };

  const listening = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 8192) stderr = stderr.slice(-8192);
      if (/listening on/.test(stderr)) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!listening) {
    await stopProcess(child, exit, () => exited, killGroup);
    release();
    // Nothing was captured: leave no empty folder behind.
    if (!input.dir) rmSync(dir, { recursive: true, force: true });
    // "tcpdump: lo: You don't have permission ...", then "(socket: Operation not permitted)".
    const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    const why = lines.map((l) => l.replace(/^tcpdump: /, '')).join(' ').slice(0, 300) || 'tcpdump did not start';
    const denied = /permission|not permitted|capabilit/i.test(stderr);
    return unavailable(started, denied ? `tcpdump may not capture here: ${why}` : `tcpdump failed: ${why}`, denied ? CAPTURE_FIX : 'check the interface name and the tcpdump output above', command);
  }
  ctx.onProgress?.({ step: 'capture', message: `tcpdump is listening on ${iface}` });

  return {
    running: true,
    file,
    pid: child.pid,
    async stop(): Promise<CaptureEvidence> {
      // Packets still on their way to tcpdump (the last RST) get a moment to land in the file.
      if (!exited) await new Promise((r) => setTimeout(r, 200));
      await stopProcess(child, exit, () => exited, killGroup);
      release();
      const data: CaptureData = { ...empty(), file, iface, filter };
      try {
        const a = await analyzeCapture(file);
        data.packets = a.packets;
        data.truncated = a.truncated;
        data.conversations = a.conversations.filter((c) => targets.includes(c.serverAddr) && c.server.endsWith(`:${input.port}`));
        data.macs = a.macs;
        const last = data.conversations[data.conversations.length - 1];
        if (last) {
          // A second pass over a small file: the arrows of that one conversation.
          const again = await analyzeCapture(file, { conversation: last.index });
          data.diagram = sequenceDiagram(last, again.events ?? []);
        }
      } catch (err) {
        return {
          id: 'capture',
          outcome: 'fail',
          durationMs: Date.now() - started,
          summary: 'tcpdump ran but its file could not be read',
          reason: err instanceof Error ? err.message : String(err),
          command,
          evidence: data,
        };
      }
      // Each conversation by its server: with several addresses, "the last one" may not be the one the verdict is about.
      const convs = data.conversations;
      const seen = !convs.length ? 'no conversation with the target was seen' : convs.length === 1 ? `the conversation was ${convs[0].outcome}` : `conversations: ${convs.slice(-4).map((c) => `${c.server} ${c.outcome}`).join(', ')}`;
      return {
        id: 'capture',
        outcome: 'pass',
        durationMs: Date.now() - started,
        summary: `captured ${data.packets} packets on ${iface}; ${seen}; saved to ${file}`,
        command,
        evidence: data,
      };
    },
  };
}

/** SIGINT (tcpdump finishes the file), then SIGKILL to the whole group if it lingers. */
async function stopProcess(child: ChildProcess, exit: Promise<void>, isExited: () => boolean, killGroup: (s: NodeJS.Signals) => void): Promise<void> {
  if (isExited()) return;
  try {
    child.kill('SIGINT');
  } catch {
    // gone
  }
  const timer = setTimeout(() => killGroup('SIGKILL'), 2000);
  await exit;
  clearTimeout(timer);
  // `timeout` forwards the INT; make sure nothing of the group stays behind.
  killGroup('SIGKILL');
}

/**
 * The guide's capture step as one check: captures while `during()` runs (connect, TLS...),
 * then stops and analyses.
 */
export async function captureDuring(input: CaptureInput, during: () => Promise<unknown>, ctx: CheckContext = {}): Promise<CaptureEvidence> {
  const session = await startCapture(input, ctx);
  try {
    await during();
  } catch (err) {
    await session.stop();
    throw err;
  }
  return session.stop();
}
