import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { drawHandshake, handshakeArrows } from '../../src/guide/handshake.js';
import { parseIntake, symptomFrom } from '../../src/guide/intake.js';
import { guideMachine, topState } from '../../src/guide/machine.js';
import { transcriptItems } from '../../src/guide/transcript.js';
import { stepMeaning } from '../../src/guide/step-texts.js';
import { reportFrom } from '../../src/guide/headless.js';
import type { GuideInput } from '../../src/guide/types.js';
import { formatElapsed, kernelLine } from '../../src/ui/format.js';
import { commandFor, keyHints } from '../../src/ui/keys.js';
import { ev, standIns, target } from './stand-ins.js';

async function session(answers: Parameters<typeof standIns>[0], input: GuideInput, until: string) {
  const s = standIns(answers);
  const actor = createActor(guideMachine.provide({ actors: s.actors as never }), { input }).start();
  const snap = await waitFor(actor, (x) => topState(x.value) === until, { timeout: 2000 });
  actor.stop();
  return snap.context.record;
}

const timeout = ev('connect', 'fail', 'no answer to the SYN within 3.5 s', { address: '198.19.0.2', port: 5432, result: 'timeout', synRetransmits: 2 });

describe('transcript from the session record', () => {
  it('user line, guide line, one card per step with its command, then the verdict and the symptom check', async () => {
    const record = await session({ connect: timeout }, { target: target('198.19.0.2', 5432), symptom: 'times-out' }, 'filtered');
    const items = transcriptItems(record);
    expect(items.map((i) => i.kind)).toEqual(['user', 'guide', 'step', 'step', 'step', 'verdict', 'guide']);
    expect(items[0]).toMatchObject({ text: 'Check 198.19.0.2:5432 (it times out)' });
    // Connect runs before ping (a router's ICMP rate limit must not starve the SYN).
    expect(items.filter((i) => i.kind === 'step').map((i) => (i as { step: string }).step)).toEqual(['dns', 'connect', 'ping']);
    expect(items[3]).toMatchObject({ step: 'connect', command: 'nc -vz 198.19.0.2 5432', saw: 'no answer to the SYN within 3.5 s' });
    const verdict = items[5] as Extract<(typeof items)[number], { kind: 'verdict' }>;
    expect(verdict.text.ask).toContain('the SYN leaves, no SYN-ACK returns');
    expect(verdict.handshake.join('\n')).toContain('SYN ×3');
    // The diagnosis rules' specifics ride along with the verdict.
    expect(verdict.findings.map((f) => f.id)).toContain('syn-retransmitted');
    expect(items[6]).toMatchObject({ text: 'You said it times out: that matches what the network shows here.' });
  });

  it("the verdict card names the same lessons as check --json: the verdict's and its findings' (one rule)", async () => {
    // A full accept queue brings syn-floods, a lesson the filtered verdict alone does not name.
    const full = ev('connect', 'fail', 'no answer', { address: '127.0.0.1', port: 1, result: 'timeout', synRetransmits: 1, localListeners: [{ address: '127.0.0.1', port: 1, queued: 2, backlog: 1, queueFull: true }] });
    const s = standIns({ connect: full });
    const actor = createActor(guideMachine.provide({ actors: s.actors as never }), { input: { target: target() } }).start();
    const snap = await waitFor(actor, (x) => topState(x.value) === 'filtered', { timeout: 2000 });
    actor.stop();
    const card = transcriptItems(snap.context.record).find((i) => i.kind === 'verdict') as Extract<ReturnType<typeof transcriptItems>[number], { kind: 'verdict' }>;
    const report = reportFrom(snap.context, new Date(), 1);
    expect(report.lessons).toContain('syn-floods');
    expect(card.text.lessons).toEqual(report.lessons);
  });

  it('a connection that completed and was then reset is not called an incomplete handshake', () => {
    const reset = stepMeaning(ev('connect', 'fail', 'reset', { address: '127.0.0.1', port: 1, result: 'reset', code: 'ECONNRESET' }));
    expect(reset).toMatch(/^The handshake completed/);
    expect(reset).toMatch(/RST/);
    expect(stepMeaning(timeout)).toMatch(/did not complete/);
  });

  it('a connect to a name with several addresses lists each address in its card', async () => {
    const refused = ev('connect', 'fail', 'refused', { address: 'fd00:19::2', port: 8080, family: 6, result: 'refused', code: 'ECONNREFUSED' });
    const ok = ev('connect', 'pass', 'connected', { address: '198.19.0.2', port: 8080, family: 4, result: 'connected' });
    Object.defineProperty(ok, 'attempts', { value: [refused, ok], enumerable: false });
    const record = await session({ connect: ok }, { target: target('service.test', 8080) }, 'open');
    const items = transcriptItems(record);
    const card = items.find((i) => i.kind === 'step' && i.step === 'connect') as Extract<(typeof items)[number], { kind: 'step' }>;
    expect(card.addresses).toEqual([
      { text: 'fd00:19::2 refused (ECONNREFUSED; connect() failed after 5.0 ms)', open: false },
      { text: '198.19.0.2: handshake completed; connect() returned after 5.0 ms', open: true },
    ]);
    const verdict = items.find((i) => i.kind === 'verdict') as Extract<(typeof items)[number], { kind: 'verdict' }>;
    expect(verdict.findings.map((f) => f.id)).toEqual(['fell-back-to-next-address', 'addresses-disagree']);
  });

  it('a symptom the evidence contradicts is called out', async () => {
    const record = await session({}, { target: target(), symptom: 'refused' }, 'open');
    const last = transcriptItems(record).at(-1)!;
    expect(last).toMatchObject({ kind: 'guide' });
    expect((last as { text: string }).text).toMatch(/but from here the port answers/);
  });

  it('the items carry no escape codes: the failed step, its command and the verdict as data', async () => {
    const record = await session({ connect: timeout }, { target: target('198.19.0.2', 5432) }, 'filtered');
    const items = transcriptItems(record);
    expect(items).toContainEqual(expect.objectContaining({ kind: 'step', title: 'Connect', command: 'nc -vz 198.19.0.2 5432', saw: expect.stringMatching(/^no answer to the SYN/), evidence: expect.objectContaining({ outcome: 'fail' }) }));
    expect(items).toContainEqual(expect.objectContaining({ kind: 'verdict', verdict: 'filtered' }));
    expect(JSON.stringify(items)).not.toMatch(/\\u001b|\x1b/);
  });
});

describe('handshake drawing', () => {
  it('draws what came back, and what never did', () => {
    expect(handshakeArrows('refused', {}).map((a) => `${a.dir}:${a.label}`)).toEqual(['out:SYN', 'in:RST']);
    expect(handshakeArrows('open', {}).map((a) => a.label)).toEqual(['SYN', 'SYN-ACK', 'ACK']);
    expect(handshakeArrows('closed', {}).at(-1)).toMatchObject({ dir: 'in', label: 'FIN' });
    expect(handshakeArrows('tls-error', {}).at(-1)).toMatchObject({ label: 'TLS alert' });
    expect(handshakeArrows('unreachable', {}).at(-1)?.label).toBe('ICMP unreachable');
    expect(handshakeArrows('dns-error', {})).toEqual([{ dir: 'none', label: 'no packet sent', note: 'the name never became an address' }]);
    const lines = drawHandshake('reset', { tls: ev('tls', 'fail', 'reset') }, 'you', 'db');
    expect(lines[0]).toMatch(/^ {2}you +db$/);
    expect(lines.slice(1).map((l) => l.length).slice(0, 3)).toEqual([34, 34, 34 + '  connected'.length]);
    expect(lines.join('\n')).toMatch(/ClientHello[\s\S]*RST/);
  });
});

describe('intake, keys and formats', () => {
  it('reads a target and the symptom in plain words', () => {
    expect(parseIntake('db.internal:5432 keeps timing out')).toMatchObject({ target: { host: 'db.internal', port: 5432 }, symptom: 'times-out' });
    expect(parseIntake('db.internal:5432 times out').symptom).toBe('times-out');
    expect(parseIntake('db -p 6379 connection refused')).toMatchObject({ target: { port: 6379 }, symptom: 'refused' });
    expect(parseIntake('https://example.test').target).toMatchObject({ port: 443, tls: true });
    expect(symptomFrom('SSL certificate problem')).toBe('tls-error');
    expect(symptomFrom('it is slow')).toBe('slow');
    expect(() => parseIntake('db.internal')).toThrow(/missing port/);
  });

  it('maps keys to named commands from one table', () => {
    const k = (o: Record<string, boolean> = {}) => ({ upArrow: false, downArrow: false, return: false, escape: false, ctrl: false, ...o }) as never;
    expect(commandFor('?', k())).toBe('guide.why');
    expect(commandFor('s', k())).toBe('guide.skip');
    expect(commandFor('c', k({ ctrl: true }))).toBe('app.interrupt');
    expect(commandFor('', k({ downArrow: true }))).toBe('choice.down');
    expect(commandFor('x', k())).toBeUndefined();
    expect(keyHints(['guide.why', 'app.quit'])).toBe('? why? · q quit');
  });

  it('formats the kernel view and elapsed time', () => {
    expect(kernelLine({ state: 'SYN_SENT', local: 'a', remote: 'b', retransmits: 2, kernelGivesUpMs: 127_000 }, 2_000)).toBe('SYN_SENT, retransmitted 2×; the kernel gives up in 125 s');
    expect(kernelLine({ state: 'ESTABLISHED', local: 'a', remote: 'b', retransmits: 0 })).toBe('ESTABLISHED');
    expect(formatElapsed(850)).toBe('850 ms');
    expect(formatElapsed(2400)).toBe('2.4 s');
  });
});

describe('what a capture says', () => {
  it('names who sent the RST and whether its TTL gives a middlebox away', async () => {
    const { captureMeaning } = await import('../../src/guide/step-texts.js');
    const forged = ev('capture', 'pass', 'captured 6 packets', {
      packets: 6,
      findings: [],
      conversations: [{ handshakeSeen: true, rst: { from: 'server', address: '198.19.0.2', afterHandshakeMs: 12, ttl: 63, synAckTtl: 62, ttlMismatch: true, duringTls: true } }],
    });
    expect(captureMeaning(forged)).toBe("The capture shows the RST came from the server (198.19.0.2) 12 ms after the handshake, during TLS; TTL 63, not the SYN-ACK's 62: a box in between likely forged it.");
    const dropped = ev('capture', 'pass', 'captured 3 packets', { packets: 3, findings: [], conversations: [{ outcome: 'filtered', handshakeSeen: true, synRetransmits: [{}, {}] }] });
    expect(captureMeaning(dropped)).toBe('The capture shows the SYN left 3 times and nothing came back.');
  });
});

describe('dns-error names the resolver', () => {
  it('reads nameservers from a resolv.conf, and the verdict asks about that one', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { systemResolvers } = await import('../../src/checks/dns.js');
    const { verdictCard } = await import('../../src/guide/transcript.js');
    const dir = await mkdtemp(join(tmpdir(), 'tsl-resolv-'));
    await writeFile(join(dir, 'resolv.conf'), '# comment\nnameserver 198.19.0.53\nsearch lab\nnameserver ::1\n');
    expect(await systemResolvers(join(dir, 'resolv.conf'))).toEqual(['198.19.0.53', '::1']);
    expect(await systemResolvers(join(dir, 'missing'))).toEqual([]);
    const dns = ev('dns', 'fail', 'db.lab: ENOTFOUND', { host: 'db.lab', addresses: [], code: 'ENOTFOUND', failure: 'nxdomain', resolvers: ['198.19.0.53'] });
    const t = verdictCard('dns-error', { dns }, { host: 'db.lab', port: 5432 }, 'db.lab').text;
    expect(t.next.join('\n')).toContain('dig @198.19.0.53 db.lab');
    expect(t.ask).toContain('(resolver 198.19.0.53)');
  });
});
