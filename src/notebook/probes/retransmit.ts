/**
 * Retransmission on established connections, in a throwaway namespace (root):
 * - `retransmit-dead-peer`: tcp_retries2=4 in the namespace; the peer goes silent (a firewall drops
 *   the port) and the client sends 1000 bytes. Each retransmission is seen in the socket table,
 *   the gaps doubling, until the kernel gives up with ETIMEDOUT; the time is compared with what
 *   kernel-timing.ts computes for tcp_retries2=4 and for this machine's own value.
 * - `lossy-transfer`: 8 MB over the namespace's loopback (MTU 1500) three times: clean, with 2% and
 *   with 10% of the segments to the server dropped; the namespace's RetransSegs counter counts the
 *   retransmissions. On a path whose round trip is microseconds, recovery is cheap until the
 *   retransmissions themselves are lost and the retransmission timer (200 ms at least) has to fire.
 */
import { readTcpTimings, retries2GiveUpMs } from '../../kernel-timing.js';
import type { ProbeMeasurement } from './catalogue.js';
import { describeRetries2 } from '../kernel-facts.js';
import { runInSandbox, SANDBOX_PRELUDE } from './sandbox.js';

const RETRIES2 = 4;

const DEAD_PEER = `${SANDBOX_PRELUDE}
(async () => {
  await listen(8080);
  const c = (await dial(8080)).socket;
  fw('-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'DROP');
  fw('-A', 'INPUT', '-p', 'tcp', '--sport', '8080', '-j', 'DROP');
  const out = { retransmitAt: [], errorMs: -1, code: '' };
  const t0 = Date.now();
  c.on('error', (e) => { out.errorMs = Date.now() - t0; out.code = e.code; });
  c.write(Buffer.alloc(1000, 120));
  let last = 0;
  while (out.errorMs < 0 && Date.now() - t0 < 40000) {
    await wait(20);
    const row = rows().find((r) => r.lport === c.localPort);
    if (row && row.retransmits > last) { last = row.retransmits; out.retransmitAt.push(Date.now() - t0); }
  }
  done(out);
})();
`;

export async function retransmitDeadPeer(signal?: AbortSignal): Promise<ProbeMeasurement> {
  const out = await runInSandbox<{ retransmitAt: number[]; errorMs: number; code: string }>(DEAD_PEER, [], {
    signal,
    sysctls: [`net.ipv4.tcp_retries2=${RETRIES2}`],
    timeoutMs: 60_000,
  });
  const model = retries2GiveUpMs(RETRIES2);
  const here = readTcpTimings().retries2;
  const died = out.code === 'ETIMEDOUT';
  const gaps = out.retransmitAt.map((t, i) => t - (i ? out.retransmitAt[i - 1] : 0));
  return {
    observed: died ? 'retransmit-timeout' : 'delivered',
    summary: died
      ? `the data was retransmitted ${out.retransmitAt.length} times, each wait about twice the last, and the kernel gave up with ETIMEDOUT after ${(out.errorMs / 1000).toFixed(1)} s (tcp_retries2=${RETRIES2}; the kernel's model says ${(model / 1000).toFixed(1)} s)`
      : `the connection did not time out (${out.code || 'no error'})`,
    measured: [
      `retransmissions at ${out.retransmitAt.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ') || 'none seen'} (${gaps.map((g) => `${(g / 1000).toFixed(1)}`).join(', ')} s apart: each timeout about twice the last)`,
      `ETIMEDOUT after ${(out.errorMs / 1000).toFixed(1)} s with tcp_retries2=${RETRIES2} (the kernel's model: ${(model / 1000).toFixed(1)} s)`,
      `with this machine's setting the same dead peer costs ${describeRetries2(here)}`,
    ],
    data: { retries2: RETRIES2, retransmitAtMs: out.retransmitAt, errorMs: out.errorMs, code: out.code, modelMs: model, thisMachineMs: here.giveUpMs },
  };
}

const LOSSY = `${SANDBOX_PRELUDE}
const counter = (file, prefix, name) => { const t = fs.readFileSync(file, 'utf8').split('\\n').filter((l) => l.startsWith(prefix)); const k = t[0].split(/\\s+/), v = t[1].split(/\\s+/); return Number(v[k.indexOf(name)]); };
const retrans = () => counter('/proc/net/snmp', 'Tcp:', 'RetransSegs');
const timeouts = () => counter('/proc/net/netstat', 'TcpExt:', 'TCPTimeouts');
const send = (port, bytes) => new Promise(async (resolve) => {
  const server = await listen(port);
  const t0 = Date.now();
  server.on('peer', (p) => { p.on('data', () => {}); p.on('end', () => { resolve(Date.now() - t0); server.close(); }); });
  const c = (await dial(port)).socket;
  c.end(Buffer.alloc(bytes, 120));
});
const run = async (port, loss) => {
  if (loss) fw('-A', 'INPUT', '-p', 'tcp', '--dport', String(port), '!', '--syn', '-m', 'statistic', '--mode', 'random', '--probability', String(loss), '-j', 'DROP');
  const r0 = retrans();
  const t0 = timeouts();
  const ms = await send(port, 8 << 20);
  return { loss, ms, retransmitted: retrans() - r0, timeouts: timeouts() - t0 };
};
(async () => {
  done({ runs: [await run(8080, 0), await run(8081, 0.02), await run(8082, 0.1)] });
})();
`;

/** The Mathis et al. (1997) ceiling for one loss-limited Reno-style connection: MSS/RTT × √(3/2)/√p. */
export function mathisBytesPerS(mss: number, rttS: number, loss: number): number {
  return (mss / rttS) * (Math.sqrt(1.5) / Math.sqrt(loss));
}

interface LossyRun {
  loss: number;
  ms: number;
  retransmitted: number;
  /** Retransmission timeouts (TcpExt TCPTimeouts): recoveries that had to wait for the timer. */
  timeouts: number;
}

export async function lossyTransfer(signal?: AbortSignal): Promise<ProbeMeasurement> {
  const { runs } = await runInSandbox<{ runs: LossyRun[] }>(LOSSY, [], { signal, mtu: 1500, timeoutMs: 60_000 });
  const [clean, some, much] = runs;
  const rate = (ms: number) => `${(8 / Math.max(ms, 1) * 1000).toFixed(0)} MB/s`;
  const line = (r: LossyRun) => `${r.loss ? `${r.loss * 100}% loss:`.padEnd(10) : 'no loss:'.padEnd(10)} 8 MB in ${String(r.ms).padStart(4)} ms (${rate(r.ms)}), ${r.retransmitted} segments retransmitted, ${r.timeouts} retransmission timeouts`;
  const observed = some.retransmitted > 0 && much.retransmitted > 0 ? 'retransmissions' : 'no-retransmissions';
  // A recovery within a round trip is nearly free here (microseconds); one that waits for the timer costs 200 ms or more.
  const cost = (r: LossyRun) => `${r.loss * 100}% loss took ${r.ms} ms, ${r.timeouts ? `${r.timeouts} recoveries waiting for the retransmission timer` : 'every recovery within a round trip'}`;
  const model = (p: number) => `${Math.round(mathisBytesPerS(1448, 0.05, p) / 1024)} KB/s`;
  return {
    observed,
    summary:
      observed === 'retransmissions'
        ? `every lost segment was sent again (${some.retransmitted} at 2% loss, ${much.retransmitted} at 10%). ${[some, much].map(cost).join('; ')} (clean: ${clean.ms} ms). Over a 50 ms path the same loss would hold one connection near ${model(0.02)} and ${model(0.1)}`
        : 'no segment had to be retransmitted',
    measured: [...runs.map(line), `the same loss over a 50 ms round trip, by the Mathis model (MSS 1448): about ${model(0.02)} at 2%, ${model(0.1)} at 10%`],
    data: { cleanMs: clean.ms, loss2Ms: some.ms, loss2Retransmitted: some.retransmitted, loss10Ms: much.ms, loss10Retransmitted: much.retransmitted, loss2Timeouts: some.timeouts, loss10Timeouts: much.timeouts },
  };
}
