/**
 * "It works, but sometimes…", reproduced:
 * - `dead-backend` (loopback, any user): one service on two addresses of loopback, as a name with
 *   two A records would give; 127.0.0.3 has a full accept queue, so its kernel drops new SYNs.
 *   Connecting to each in turn, like round-robin DNS, every second attempt hangs.
 * - `syn-drop-share` (root): a namespace whose firewall drops every fourth SYN; a dozen connects
 *   in a row, each timed. The ones whose SYN was dropped take exactly the first SYN retransmission
 *   timeout longer.
 */
import { readTcpTimings, formatKernelMs } from '../../kernel-timing.js';
import { startLoopbackServer } from '../../lab/servers.js';
import type { ProbeMeasurement } from './catalogue.js';
import { connect, elapsedMs, listen, needLinux } from './loopback.js';
import { runInSandbox, SANDBOX_PRELUDE } from './sandbox.js';

const ATTEMPTS = 6;
const CONNECT_TIMEOUT_MS = 1200;

export async function deadBackend(signal?: AbortSignal): Promise<ProbeMeasurement> {
  needLinux();
  const good = await listen({ host: '127.0.0.2' });
  const bad = await startLoopbackServer('accept-queue-full', { host: '127.0.0.3', port: good.port }).catch(async (err) => {
    await good.close();
    throw err;
  });
  const addresses = ['127.0.0.2', '127.0.0.3'];
  const results: { address: string; ok: boolean; ms: number }[] = [];
  try {
    for (let i = 0; i < ATTEMPTS; i++) {
      const address = addresses[i % 2];
      const t0 = process.hrtime.bigint();
      try {
        const s = await connect(address, good.port, { timeoutMs: CONNECT_TIMEOUT_MS, signal });
        results.push({ address, ok: true, ms: elapsedMs(t0) });
        s.destroy();
      } catch (err) {
        signal?.throwIfAborted();
        if ((err as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw err;
        results.push({ address, ok: false, ms: elapsedMs(t0) });
      }
    }
  } finally {
    await bad.close();
    await good.close();
  }
  const by = (a: string) => results.filter((r) => r.address === a);
  const line = (a: string) => {
    const rs = by(a);
    const ok = rs.filter((r) => r.ok);
    return `${a}:${good.port}  ${ok.length}/${rs.length} connected${ok.length ? ` (${Math.max(...ok.map((r) => r.ms)).toFixed(1)} ms at most)` : ''}${ok.length < rs.length ? `; ${rs.length - ok.length} hung until the ${CONNECT_TIMEOUT_MS / 1000} s connect timeout` : ''}`;
  };
  const oneBad = by('127.0.0.2').every((r) => r.ok) && by('127.0.0.3').every((r) => !r.ok);
  const failed = results.filter((r) => !r.ok).length;
  return {
    observed: oneBad ? 'one-address-bad' : 'all-addresses-good',
    summary: oneBad
      ? `${failed} of ${ATTEMPTS} attempts hung, every one of them to 127.0.0.3: one bad address behind the name, not a flaky network`
      : `the failures were not all on one address (${failed} of ${ATTEMPTS} failed)`,
    measured: [`attempts in turn, as round-robin DNS would hand them out: ${results.map((r) => (r.ok ? '✓' : '✗')).join(' ')}`, line('127.0.0.2'), line('127.0.0.3')],
    data: { attempts: ATTEMPTS, failed, failedShare: failed / ATTEMPTS, connectTimeoutMs: CONNECT_TIMEOUT_MS },
  };
}

const TRIES = 12;

/** Inside the namespace: every fourth SYN to port 8080 dropped; TRIES connects in a row, each timed. */
const SYN_DROP = `${SANDBOX_PRELUDE}
(async () => {
  await listen(8080);
  fw('-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '--syn', '-m', 'statistic', '--mode', 'nth', '--every', '4', '--packet', '0', '-j', 'DROP');
  const times = [];
  for (let i = 0; i < ${TRIES}; i++) {
    const r = await dial(8080, { timeoutMs: 8000 });
    times.push(r.socket ? r.ms : -1);
    if (r.socket) r.socket.destroy();
  }
  done({ times });
})();
`;

export async function synDropShare(signal?: AbortSignal): Promise<ProbeMeasurement> {
  const { times } = await runInSandbox<{ times: number[] }>(SYN_DROP, [], { signal, timeoutMs: 60_000 });
  const first = readTcpTimings().syn.retransmitAtMs[0] ?? 1000;
  const slow = times.filter((t) => t >= first * 0.8);
  const fast = times.filter((t) => t >= 0 && t < first * 0.8);
  const share = slow.length / times.length;
  const observed = slow.length > 0 && fast.length > 0 ? 'syn-retransmit-intermittent' : 'no-syn-retransmit';
  return {
    observed,
    summary:
      observed === 'syn-retransmit-intermittent'
        ? `${slow.length} of ${times.length} connects (${Math.round(share * 100)}%) took about ${formatKernelMs(first)} longer: their first SYN was dropped and the kernel sent it again after its first retransmission timeout`
        : `no connect needed a SYN retransmission (${times.join(', ')} ms)`,
    measured: [
      `connect times in ms: ${times.map((t) => (t < 0 ? 'timeout' : String(t))).join(' ')}`,
      `${fast.length} fast (under ${Math.max(0, ...fast)} ms), ${slow.length} slow (${slow.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}): the first SYN retransmission here goes out after ${formatKernelMs(first)}`,
    ],
    data: { times, slow: slow.length, share, firstRetransmitMs: first },
  };
}
