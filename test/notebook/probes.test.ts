/**
 * The new lessons' experiments, run for real through runExperiment: the loopback probes for any
 * user, the namespace probes as root (each in a throwaway namespace of its own, run side by side).
 * Each must reproduce what its lesson claims, with numbers, and leave nothing behind. Without root
 * the namespace probes are skipped with the reason and the command, never failed.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import type { ExperimentCell } from '../../src/notebook/cells.js';
import { runExperiment, type ExperimentResult } from '../../src/notebook/experiment.js';
import { loadLessons } from '../../src/notebook/lessons.js';
import { PROBES, isProbeId } from '../../src/notebook/probes/catalogue.js';
import { mathisBytesPerS } from '../../src/notebook/probes/retransmit.js';
import { listLabNamespaces } from '../../src/lab/netns.js';
import { readTcpTimings, retries2GiveUpMs } from '../../src/kernel-timing.js';
import { which } from '../../src/tools.js';
import { CLI, runCli } from '../helpers/cli.js';
import { canUseNamespaces, isRoot, noteSkip } from '../helpers/root.js';

noteSkip('the SYN loss, dead peer and lossy transfer experiments');

const cells = loadLessons()
  .flatMap((l) => l.cells)
  .filter((c): c is ExperimentCell => c.kind === 'experiment' && isProbeId(c.scenario));
const byScenario = (scenario: string) => cells.find((c) => c.scenario === scenario)!;
const run = (scenario: string) => runExperiment(byScenario(scenario));

describe('every probe is used by a lesson, and every cell expects one of its probe’s outcomes', () => {
  it('covers the catalogue', () => {
    expect(new Set(cells.map((c) => c.scenario))).toEqual(new Set(Object.keys(PROBES)));
    for (const c of cells) if (isProbeId(c.scenario)) expect(PROBES[c.scenario].outcomes as readonly string[]).toContain(c.expect);
    // Root probes show a learner without root what a run looked like.
    for (const c of cells) if (isProbeId(c.scenario) && PROBES[c.scenario].needs === 'root') expect(c.sample, c.id).toBeTruthy();
  });
});

describe.skipIf(process.platform !== 'linux')('loopback probes (any user)', () => {
  const results = new Map<string, ExperimentResult>();
  beforeAll(async () => {
    // Nagle first and alone: its 40 ms is a timer, but let nothing else share the moment.
    results.set('nagle-write-write-read', await run('nagle-write-write-read'));
    const rest = ['time-wait-restart', 'zero-window-reader', 'slow-reader-transfer', 'keepalive-idle', 'dead-backend'];
    (await Promise.all(rest.map(run))).forEach((r, i) => results.set(rest[i], r));
  }, 60_000);
  const get = (id: string) => {
    const r = results.get(id)!;
    expect(r.summary, id).not.toMatch(/could not run/);
    expect(r.ok, `${id}: ${r.summary}`).toBe(true);
    return r;
  };

  it.skipIf(!which('python3'))('time-wait-restart: EADDRINUSE without SO_REUSEADDR while TIME_WAIT holds the port, bound with it', () => {
    const r = get('time-wait-restart');
    expect(r.data).toMatchObject({ withoutReuse: 'errno 98, Address already in use', withReuse: 'bound' });
    // At least the server's end of the closed connection (once, under a loaded suite, /proc listed the 4-tuple twice).
    expect(r.data!.timeWaitRows).toBeGreaterThanOrEqual(1);
    // Linux holds TIME_WAIT for 60 s: the timer had just started.
    expect(r.data!.timeWaitLeftMs).toBeGreaterThan(50_000);
  });

  it('nagle-write-write-read: about 40 ms a round with Nagle, well under 5 ms with TCP_NODELAY', () => {
    const r = get('nagle-write-write-read');
    expect(r.data!.medianNagleMs).toBeGreaterThanOrEqual(30);
    expect(r.data!.medianNagleMs).toBeLessThan(250);
    expect(r.data!.medianNoDelayMs).toBeLessThan(5);
  });

  it('zero-window-reader: the reader’s buffer full, the sender on the zero-window probe timer, then everything delivered', () => {
    const r = get('zero-window-reader');
    expect(r.data!.receiverUnread).toBeGreaterThan(0);
    expect(r.data!.senderUnsent).toBeGreaterThan(0);
    expect(r.data!.bytes).toBeGreaterThan(0);
  });

  it('slow-reader-transfer: the data waits in the reader’s Recv-Q and the transfer takes the reader’s time', () => {
    const r = get('slow-reader-transfer');
    expect(r.data!.recvQShare).toBeGreaterThanOrEqual(0.5);
    // 4 MB at 64 KB per 25 ms is at least 1.6 s; a reader that keeps up takes a fraction of that.
    expect(r.data!.slowMs).toBeGreaterThanOrEqual(1500);
    expect(r.data!.fastMs).toBeLessThan((r.data!.slowMs as number) / 5);
  });

  it('keepalive-idle: a probe each second, answered; no timer at all without keepalive', () => {
    const r = get('keepalive-idle');
    expect((r.data!.rearmedAtMs as number[]).length).toBeGreaterThanOrEqual(1);
    expect((r.data!.rearmedAtMs as number[])[0]).toBeGreaterThanOrEqual(800);
    expect(r.data).toMatchObject({ unansweredProbes: 0, plainHadTimer: false });
  });

  it('dead-backend: every failure on the one bad address, each at the client’s timeout', () => {
    const r = get('dead-backend');
    expect(r.data).toMatchObject({ failed: 3, failedShare: 0.5 });
    expect(r.measured?.[2]).toMatch(/^127\.0\.0\.3:\d+ {2}0\/3 connected; 3 hung/);
  });
});

describe.skipIf(!canUseNamespaces)('namespace probes (root)', () => {
  const results = new Map<string, ExperimentResult>();
  const ids = ['syn-drop-share', 'keepalive-dead-peer', 'retransmit-dead-peer', 'lossy-transfer'];
  beforeAll(async () => {
    // Each builds its own namespace, so they run side by side (mostly waiting on kernel timers).
    (await Promise.all(ids.map(run))).forEach((r, i) => results.set(ids[i], r));
  }, 90_000);
  const get = (id: string) => {
    const r = results.get(id)!;
    expect(r.summary, id).not.toMatch(/could not run|not run/);
    expect(r.ok, `${id}: ${r.summary}`).toBe(true);
    expect(r.where).toBe('namespaces');
    return r;
  };

  it('syn-drop-share: every fourth SYN dropped makes a third of the connects exactly one SYN retransmission late', () => {
    const r = get('syn-drop-share');
    const first = readTcpTimings().syn.retransmitAtMs[0];
    const times = r.data!.times as number[];
    expect(times).toHaveLength(12);
    // SYNs 0, 4, 8, 12 are dropped: attempts 1, 4, 7 and 10 pay the first retransmission timeout.
    expect(times.map((t) => t >= first * 0.8)).toEqual([true, false, false, true, false, false, true, false, false, true, false, false]);
    for (const t of times.filter((t) => t >= first * 0.8)) expect(t).toBeLessThan(first * 1.5);
  });

  it('keepalive-dead-peer: the keepalive connection dies with ETIMEDOUT, the other still says ESTABLISHED', () => {
    const r = get('keepalive-dead-peer');
    expect(r.data).toMatchObject({ code: 'ETIMEDOUT', plainState: 'ESTABLISHED' });
    expect(r.data!.keepaliveMs).toBeGreaterThan(2000);
    expect(r.data!.maxProbes).toBeGreaterThanOrEqual(3);
  });

  it('retransmit-dead-peer: growing gaps, then ETIMEDOUT near the kernel’s model for tcp_retries2=4', () => {
    const r = get('retransmit-dead-peer');
    const at = r.data!.retransmitAtMs as number[];
    expect(at.length).toBeGreaterThanOrEqual(3);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]);
    expect(r.data!.modelMs).toBe(retries2GiveUpMs(4));
    expect(r.data!.errorMs).toBeGreaterThan(0.8 * retries2GiveUpMs(4));
    expect(r.data!.errorMs).toBeLessThan(2 * retries2GiveUpMs(4));
  });

  it('lossy-transfer: every loss is retransmitted and the data all arrives', () => {
    const r = get('lossy-transfer');
    expect(r.data!.loss2Retransmitted).toBeGreaterThan(0);
    expect(r.data!.loss10Retransmitted).toBeGreaterThan(r.data!.loss2Retransmitted as number);
    // The model line the lesson quotes: 1448-byte segments, 50 ms, 2% loss.
    expect(Math.round(mathisBytesPerS(1448, 0.05, 0.02) / 1024)).toBe(245);
  });

  it('leaves no namespace of this process behind', async () => {
    expect((await listLabNamespaces()).filter((n) => n.startsWith(`tsl-nb-${process.pid}-`))).toEqual([]);
  });
});

// As root, the path without root is tried as nobody (setpriv), when nobody can read the built CLI.
const setpriv = which('setpriv');
const asNobody = setpriv ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
const nobodyCanRun = isRoot && setpriv !== undefined && spawnSync(setpriv, [...asNobody.slice(1), process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI)})`]).status === 0;

describe.skipIf(!nobodyCanRun && isRoot)('a namespace probe without root', () => {
  it('is skipped with the reason, the command to run it with sudo, and what a run showed; exit 0', async () => {
    const r = await runCli(['learn', 'retransmission', '--run'], { prefix: isRoot ? asNobody : [], env: { TCPSLEUTH_STATE_DIR: '/tmp', TCPSLEUTH_SELF: 'tcpsleuth' }, timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^skip retransmit-dead: needs root: .*\(run it with sudo\): sudo tcpsleuth learn retransmission --run$/m);
    expect(r.stdout).toMatch(/a run as root showed: retransmissions at/);
    expect(r.stderr).toBe('');
  });
});
