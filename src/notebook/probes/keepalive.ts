/**
 * TCP keepalive, watched in the kernel's socket table:
 * - `keepalive-idle` (loopback, any user): two idle connections, one with SO_KEEPALIVE and a 1 s
 *   TCP_KEEPIDLE. Its keepalive timer runs down and is re-armed each time a probe goes out and
 *   the peer's ACK comes back; the other has no timer at all.
 * - `keepalive-dead-peer` (root): the same, then a firewall rule drops everything on the port (a
 *   middlebox that forgot the flow). The keepalive connection's probes go unanswered and the
 *   kernel kills it with ETIMEDOUT; the one without keepalive still believes it is ESTABLISHED.
 */
import { readTcpTimings } from '../../kernel-timing.js';
import type { ProbeMeasurement } from './catalogue.js';
import { describeKeepalive } from '../kernel-facts.js';
import { connect, listen, needLinux } from './loopback.js';
import { connectionRow, pause, readTimedSockets } from './proc-timers.js';
import { runInSandbox, SANDBOX_PRELUDE } from './sandbox.js';

const WATCH_MS = 2600;

export async function keepaliveIdle(signal?: AbortSignal): Promise<ProbeMeasurement> {
  needLinux();
  const server = await listen();
  const withKa = await connect(server.host, server.port, { signal });
  const without = await connect(server.host, server.port, { signal });
  try {
    withKa.setKeepAlive(true, 1000);
    const t0 = Date.now();
    let previous: number | undefined;
    const rearmedAt: number[] = [];
    let plainTimers = new Set<string>();
    let lostState: string | undefined;
    let maxProbesOut = 0;
    while (Date.now() - t0 < WATCH_MS) {
      await pause(100, signal);
      const rows = await readTimedSockets();
      const ka = connectionRow(rows, withKa.localPort ?? 0, server.port);
      const plain = connectionRow(rows, without.localPort ?? 0, server.port);
      if (plain) plainTimers.add(plain.timer);
      if (!ka || ka.state !== 'ESTABLISHED') {
        lostState = ka?.state ?? 'gone';
        break;
      }
      maxProbesOut = Math.max(maxProbesOut, ka.probesOut);
      // The timer only ever runs down while idle; when it is higher than a moment ago, it fired and was re-armed: a probe went out.
      if (ka.timer === 'keepalive' && previous !== undefined && ka.timerMs > previous + 200) rearmedAt.push(Date.now() - t0);
      previous = ka.timer === 'keepalive' ? ka.timerMs : undefined;
    }
    plainTimers = new Set([...plainTimers].filter((t) => t !== 'none'));
    const observed = rearmedAt.length > 0 && !lostState && plainTimers.size === 0 ? 'probe-answered' : 'no-probe';
    const t = readTcpTimings().keepalive;
    return {
      observed,
      summary:
        observed === 'probe-answered'
          ? `the keepalive connection's timer fired ${rearmedAt.length} time(s) in ${WATCH_MS / 1000} s, each a probe the peer answered; the other connection had no timer at all`
          : `no keepalive probe was seen${lostState ? ` (the connection went ${lostState})` : ''}`,
      measured: [
        `with SO_KEEPALIVE, TCP_KEEPIDLE=1 s: keepalive timer re-armed at ${rearmedAt.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ') || 'never'}; unanswered probes: ${maxProbesOut}`,
        `without keepalive: ${plainTimers.size ? `timers ${[...plainTimers].join(', ')}` : 'no timer at all: an idle connection sends nothing'}`,
        `a socket that turns keepalive on without its own values gets this kernel's: ${describeKeepalive(t)}`,
      ],
      data: { rearmedAtMs: rearmedAt, unansweredProbes: maxProbesOut, plainHadTimer: plainTimers.size > 0 },
    };
  } finally {
    withKa.destroy();
    without.destroy();
    await server.close();
  }
}

/** Inside the namespace: two idle connections, one with keepalive; then the firewall drops the port. */
const DEAD_PEER = `${SANDBOX_PRELUDE}
(async () => {
  const server = await listen(8080);
  const ka = (await dial(8080)).socket;
  const plain = (await dial(8080)).socket;
  ka.setKeepAlive(true, 1000);
  const out = { keepaliveMs: -1, code: '', maxProbes: 0, plainState: '' };
  // The middlebox forgets the flow: from now on every packet on port 8080 is dropped.
  fw('-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'DROP');
  fw('-A', 'INPUT', '-p', 'tcp', '--sport', '8080', '-j', 'DROP');
  const t0 = Date.now();
  ka.on('error', (e) => { out.keepaliveMs = Date.now() - t0; out.code = e.code; });
  plain.on('error', () => {});
  while (out.keepaliveMs < 0 && Date.now() - t0 < 25000) {
    await wait(100);
    const row = rows().find((r) => r.lport === ka.localPort);
    if (row) out.maxProbes = Math.max(out.maxProbes, row.probes);
  }
  const p = rows().find((r) => r.lport === plain.localPort);
  out.plainState = p ? (p.state === 1 ? 'ESTABLISHED' : String(p.state)) : 'gone';
  done(out);
})();
`;

interface DeadPeerOut {
  keepaliveMs: number;
  code: string;
  maxProbes: number;
  plainState: string;
}

export async function keepaliveDeadPeer(signal?: AbortSignal): Promise<ProbeMeasurement> {
  const out = await runInSandbox<DeadPeerOut>(DEAD_PEER, [], { signal, timeoutMs: 40_000 });
  const died = out.keepaliveMs >= 0 && out.code === 'ETIMEDOUT';
  return {
    observed: died ? 'keepalive-timeout' : 'survived',
    summary: died
      ? `after the firewall forgot the flow, the keepalive connection's probes went unanswered and the kernel closed it with ETIMEDOUT after ${(out.keepaliveMs / 1000).toFixed(1)} s; the connection without keepalive still says ${out.plainState}`
      : `the keepalive connection did not die within 25 s (${out.code || 'no error'})`,
    measured: [
      `with keepalive (idle 1 s; Node asks for a probe every second, 10 at most): ${died ? `ETIMEDOUT after ${(out.keepaliveMs / 1000).toFixed(1)} s, ${out.maxProbes} unanswered probes seen` : 'still open'}`,
      `without keepalive: ${out.plainState}, and it would stay so until it sends something`,
    ],
    data: { ...out },
  };
}
