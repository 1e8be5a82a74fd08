/**
 * tcpdump on the server, over ssh, for the length of a check: the pcap streams back on ssh's
 * stdout. The remote script stops tcpdump when its stdin closes, so ending the ssh session (our
 * stop, an abort, Ctrl-C, our own death) always stops it; `timeout` there is the backstop.
 */
import type { StepEvidence } from '../evidence.js';
import { classifySshFailure, formatDestination, streamRemote, type SshDestination, type SshFailure } from '../remote/ssh.js';
import { tcpPacketsOnPort, type TcpPacket } from '../packets/handshake-packets.js';

/** tcpdump ends by itself after this long even if the session somehow stayed open. */
const MAX_REMOTE_CAPTURE_S = 300;
const READY_MS = 12_000;

export interface ServerCaptureData {
  destination: string;
  bytes: number;
  /** TCP packets on the port the server saw (the join reads them; the report keeps the count). */
  packets: number;
  findings: Array<{ id: string; text: string }>;
  /** How the two captures were joined, and what each side saw (filled in after the check). */
  join?: Record<string, unknown>;
}

export type ServerCaptureStep = StepEvidence<'server-capture', ServerCaptureData>;

/** The script run on the server: only the validated port goes in. */
function remoteCaptureScript(port: number, maxS = MAX_REMOTE_CAPTURE_S): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`bad port ${port}`);
  return [
    'PATH="$PATH:/usr/sbin:/sbin"',
    "command -v tcpdump >/dev/null 2>&1 || { echo 'tcpsleuth: tcpdump is not installed on the server' >&2; exit 127; }",
    'T=; command -v timeout >/dev/null 2>&1 && T="timeout -s INT ' + maxS + '"',
    `$T tcpdump -i any -n -U --immediate-mode -s 256 -w - 'tcp port ${port} or icmp or icmp6' &`,
    'p=$!',
    // Our stdin is the ssh session: EOF means the client is done (or gone).
    'cat >/dev/null',
    'kill -INT $p 2>/dev/null',
    'wait $p',
  ].join('\n');
}

export interface ServerCaptureSession {
  /** Stops tcpdump, reads what it captured; `packets` for the join. */
  stop(): Promise<{ step: ServerCaptureStep; packets: TcpPacket[] }>;
}

const COMMAND = (port: number) => `ssh HOST tcpdump -i any -n -U --immediate-mode -w - 'tcp port ${port} or icmp or icmp6'`;

function unavailableSession(d: SshDestination, port: number, started: number, f: SshFailure | { reason: string; fix: string }): ServerCaptureSession {
  const step: ServerCaptureStep = {
    id: 'server-capture',
    outcome: 'unavailable',
    durationMs: Date.now() - started,
    summary: `no capture on the server ${formatDestination(d)}: the client-side check goes on without it`,
    reason: f.reason,
    fix: f.fix,
    command: COMMAND(port),
    evidence: { destination: formatDestination(d), bytes: 0, packets: 0, findings: [] },
  };
  return { stop: async () => ({ step, packets: [] }) };
}

/** Why tcpdump could not run on the server, from its stderr and exit code (255: ssh itself). */
export function remoteFailure(code: number | null, stderr: string, d: SshDestination): { reason: string; fix: string } {
  if (code === 255) return classifySshFailure(stderr, d);
  if (code === 127 || /tcpdump is not installed/.test(stderr)) return { reason: 'tcpdump is not installed on the server', fix: 'install it there: sudo apt-get install tcpdump (or dnf/yum install tcpdump)' };
  if (/permission|not permitted|Operation not permitted/i.test(stderr)) {
    return { reason: `tcpdump may not capture on the server as this user (${lastLine(stderr)})`, fix: 'log in as root, or on the server: sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v tcpdump)"' };
  }
  return { reason: `tcpdump on the server did not start: ${lastLine(stderr) || `exit ${code}`}`, fix: 'run the tcpdump command there by hand to see why' };
}

const lastLine = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean).slice(-1)[0]?.replace(/^tcpdump: /, '') ?? '';

/** Starts tcpdump on the server and resolves once it listens (or with an unavailable session). */
export async function startServerCapture(d: SshDestination, port: number, ctx: { signal?: AbortSignal } = {}): Promise<ServerCaptureSession> {
  const started = Date.now();
  const s = streamRemote(d, remoteCaptureScript(port), { signal: ctx.signal });
  if (!('child' in s)) return unavailableSession(d, port, started, s);
  const chunks: Buffer[] = [];
  let stderr = '';
  s.child.stdout?.on('data', (b: Buffer) => chunks.push(b));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_MS);
    s.child.stderr?.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-8192);
      if (/listening on/.test(stderr)) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    void s.exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    const code = await s.finish(1000);
    return unavailableSession(d, port, started, remoteFailure(code, stderr, d));
  }
  return {
    async stop() {
      // The last packets (an RST, a retransmitted SYN-ACK) need a moment to reach the file.
      await new Promise((r) => setTimeout(r, 300));
      await s.finish(5000);
      const bytes = Buffer.concat(chunks);
      const packets = await tcpPacketsOnPort(bytes, port);
      const step: ServerCaptureStep = {
        id: 'server-capture',
        outcome: 'pass',
        durationMs: Date.now() - started,
        summary: `captured on the server ${formatDestination(d)}: ${packets.length} TCP packets on port ${port}`,
        command: COMMAND(port).replace('HOST', d.host),
        evidence: { destination: formatDestination(d), bytes: bytes.length, packets: packets.length, findings: [] },
      };
      return { step, packets };
    },
  };
}
