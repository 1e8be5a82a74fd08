/**
 * The machine with the real checks (no stand-ins), headless, against real loopback listeners:
 * every branch a loopback server can produce, plus dns-error through the `.invalid` TLD.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/evidence.js';
import { runGuideHeadless } from '../../src/guide/headless.js';
import { transcriptItems } from '../../src/guide/transcript.js';
import { startLoopbackServer, type LoopbackBehaviour, type RunningServer } from '../../src/lab/servers.js';
import { parseTarget } from '../../src/target.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(b: LoopbackBehaviour) {
  const s = await startLoopbackServer(b, { stallMs: 200 });
  servers.push(s);
  return s;
}

describe('the guide headless with the real checks', () => {
  // A reset right after accept can reach us during connect() or just after: either step may see it.
  const cases: Array<[LoopbackBehaviour, Verdict, boolean, string]> = [
    // Ping follows connect whatever it found (its ICMP joins the evidence), so ping moves to a connect verdict.
    ['refused', 'refused', false, 'ping'],
    ['open', 'open', false, 'observe'],
    ['reset-after-connect', 'reset', false, 'ping|observe'],
    ['closed-after-connect', 'closed', false, 'observe'],
    ['accept-queue-full', 'filtered', false, 'ping'],
    ['tls', 'tls-error', true, 'tls'],
    ['tls-delayed-reset', 'reset', true, 'tls'],
  ];
  for (const [behaviour, verdict, tls, decidedBy] of cases) {
    it(`${behaviour} → ${verdict}, decided by ${decidedBy}`, async () => {
      const s = await serve(behaviour);
      const { report, context } = await runGuideHeadless(parseTarget(`127.0.0.1:${s.port}`, { tls }));
      expect(report.verdict).toBe(verdict);
      const last = context.record.at(-1)!;
      expect(last).toMatchObject({ from: last.step, to: verdict });
      expect(decidedBy.split('|')).toContain(last.step);
      const items = transcriptItems(context.record);
      expect(items.find((i) => i.kind === 'verdict')).toMatchObject({ verdict });
      expect(report.steps.map((st) => st.id)).toContain(last.step);
    });
  }

  it('a name under .invalid → dns-error, and no connection is tried', async () => {
    const { report, context } = await runGuideHeadless(parseTarget('no-such-host.invalid:80'));
    expect(report.verdict).toBe('dns-error');
    expect(report.steps.map((s) => s.id)).toEqual(['dns']);
    expect(context.record.at(-1)?.because).toMatch(/^dns: /);
    expect(Array.isArray((report.steps[0].evidence as { resolvers?: unknown }).resolvers)).toBe(true);
  });

  it('with follow-ups, refused on 127.0.0.1 also reads the socket table and scans', async () => {
    const s = await serve('refused');
    const { context } = await runGuideHeadless(parseTarget(`127.0.0.1:${s.port}`), { followUps: true, stepLimitMs: 30_000 });
    expect(context.steps.sockets?.outcome).toBe('pass');
    expect(context.steps.scan).toBeDefined();
    expect((context.steps.scan!.evidence as { target?: { state: string } }).target?.state).toBe('closed');
  });
});
