import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, waitFor } from 'xstate';
import type { StepEvidence, StepId, Verdict } from '../../src/evidence.js';
import { guideMachine, subState, topState } from '../../src/guide/machine.js';
import type { GuideInput } from '../../src/guide/types.js';
import { ev, HANG, standIns, target, type Answer } from './stand-ins.js';

const settle = () => new Promise((r) => setTimeout(r, 0));

function start(answers: Partial<Record<StepId, Answer>>, input: GuideInput = { target: target() }, clock?: SimulatedClock) {
  const s = standIns(answers);
  const actor = createActor(guideMachine.provide({ actors: s.actors as never }), clock ? { input, clock } : { input }).start();
  return { actor, ...s };
}

async function until(actor: ReturnType<typeof start>['actor'], state: string) {
  return waitFor(actor, (snap) => topState(snap.value) === state, { timeout: 2000 });
}

/** Evidence shaped like the real checks' (src/checks/*), so the real diagnosis rules read it. */
const A = {
  nxdomain: ev('dns', 'fail', 'nosuch.invalid: no such name', { host: 'nosuch.invalid', addresses: [], code: 'ENOTFOUND', failure: 'nxdomain' }),
  refused: ev('connect', 'fail', '127.0.0.1:1: refused', { address: '127.0.0.1', port: 1, result: 'refused', code: 'ECONNREFUSED' }),
  timeout: ev('connect', 'fail', 'no answer to the SYN', { address: '198.19.0.2', port: 80, result: 'timeout', synRetransmits: 2 }),
  unreachable: ev('connect', 'fail', 'host unreachable', { address: '198.19.0.99', port: 80, result: 'unreachable', code: 'EHOSTUNREACH' }),
  resetObs: ev('observe', 'fail', 'the peer reset the connection (RST)', { result: 'reset', code: 'ECONNRESET' }),
  fin: ev('observe', 'fail', 'the peer closed the connection (FIN)', { result: 'fin' }),
  alert: ev('tls', 'fail', 'the TLS handshake failed: alert', { result: 'alert' }),
  tlsReset: ev('tls', 'fail', 'reset during the TLS handshake', { result: 'reset', code: 'ECONNRESET' }),
};

describe('guide machine: one branch per verdict', () => {
  const cases: Array<[Verdict, Partial<Record<StepId, Answer>>, boolean, StepId, StepId[]]> = [
    ['dns-error', { dns: A.nxdomain }, false, 'dns', ['dns']],
    // Ping always follows connect (its ICMP errors join the evidence), so it makes the move to a connect verdict.
    ['refused', { connect: A.refused }, false, 'ping', ['dns', 'connect', 'ping']],
    ['filtered', { connect: A.timeout }, false, 'ping', ['dns', 'connect', 'ping']],
    ['unreachable', { connect: A.unreachable }, false, 'ping', ['dns', 'connect', 'ping']],
    ['reset', { observe: A.resetObs }, false, 'observe', ['dns', 'connect', 'ping', 'observe']],
    ['closed', { observe: A.fin }, false, 'observe', ['dns', 'connect', 'ping', 'observe']],
    ['tls-error', { tls: A.alert }, true, 'tls', ['dns', 'connect', 'ping', 'observe', 'tls']],
    ['open', {}, false, 'observe', ['dns', 'connect', 'ping', 'observe']],
  ];
  for (const [verdict, answers, tls, decidingStep, ran] of cases) {
    it(`${verdict}: stops at the branch, records the evidence that led there`, async () => {
      const { actor, calls } = start(answers, { target: target('127.0.0.1', tls ? 443 : 1, tls) });
      const snap = await until(actor, verdict);
      expect(snap.context.verdict).toBe(verdict);
      expect(subState(snap.value)).toBe('advice');
      expect(calls).toEqual(ran);
      const last = snap.context.record.at(-1)!;
      expect(last).toMatchObject({ from: decidingStep, to: verdict, event: 'check.done', step: decidingStep });
      expect(last.evidence).toBe(answers[decidingStep] ?? last.evidence);
      expect(last.because).toContain(`${decidingStep}:`);
      // Every step that ran left exactly one record entry, in order.
      expect(snap.context.record.filter((e) => e.step).map((e) => e.step)).toEqual(ran);
      actor.stop();
    });
  }

  it('a reset during the TLS handshake lands in reset, not tls-error', async () => {
    const { actor } = start({ tls: A.tlsReset }, { target: target('127.0.0.1', 443, true) });
    const snap = await until(actor, 'reset');
    expect(snap.context.record.at(-1)).toMatchObject({ from: 'tls', to: 'reset' });
    actor.stop();
  });

  it('a failed ping never decides: the connect step does', async () => {
    const { actor } = start({ ping: ev('ping', 'fail', '0/3 replies', { address: '127.0.0.1', stats: { sent: 3, received: 0, errorLines: [] } }) });
    const snap = await until(actor, 'open');
    expect(snap.context.record.map((e) => `${e.from}>${e.to}`)).toEqual(['intake>dns', 'dns>connect', 'connect>ping', 'ping>observe', 'observe>open']);
    actor.stop();
  });

  it('the DNS answer feeds the next steps their address', async () => {
    const { actor, inputs } = start({ dns: ev('dns', 'pass', 'localhost → ::1', { addresses: [{ address: '::1', family: 6 }] }) }, { target: target('localhost', 80) });
    await until(actor, 'open');
    expect(inputs.find((i) => i.step === 'ping')!.addresses).toEqual(['::1']);
    expect(inputs.find((i) => i.step === 'observe')!.address).toBe('127.0.0.1');
    actor.stop();
  });
});

describe('guide machine: the user', () => {
  it('starts in intake without a target, then runs on user.target with the symptom recorded', async () => {
    const { actor } = start({ connect: A.refused }, {});
    expect(topState(actor.getSnapshot().value)).toBe('intake');
    actor.send({ type: 'user.target', target: target(), symptom: 'times-out' });
    const snap = await until(actor, 'refused');
    expect(snap.context.symptom).toBe('times-out');
    expect(snap.context.record[0]).toMatchObject({ from: 'intake', to: 'dns', event: 'user.target', because: 'target 127.0.0.1:1, symptom: times-out' });
    actor.stop();
  });

  it('a symptom known before the target (from a pasted error) survives the intake', async () => {
    const { actor } = start({ connect: A.refused }, { symptom: 'refused' });
    actor.send({ type: 'user.target', target: target() });
    const snap = await until(actor, 'refused');
    expect(snap.context.symptom).toBe('refused');
    actor.stop();
  });

  it('skip: records a skipped step, aborts the running check, and moves on', async () => {
    const { actor, aborted } = start({ ping: HANG });
    await until(actor, 'ping');
    actor.send({ type: 'user.skip' });
    const snap = await until(actor, 'open');
    await settle();
    expect(aborted).toEqual(['ping']);
    expect(snap.context.steps.ping).toMatchObject({ outcome: 'skipped', reason: 'skipped by the user' });
    expect(snap.context.record.find((e) => e.step === 'ping')).toMatchObject({ event: 'user.skip', from: 'ping', to: 'observe' });
    actor.stop();
  });

  it('skipping connect gives no verdict (undecided), never a false "open"', async () => {
    const { actor } = start({ connect: HANG });
    await until(actor, 'connect');
    actor.send({ type: 'user.skip' });
    const snap = await until(actor, 'undecided');
    expect(snap.context.verdict).toBeUndefined();
    actor.stop();
  });

  it('re-run: aborts the running check and starts it again', async () => {
    const { actor, calls, aborted } = start({ connect: HANG });
    await until(actor, 'connect');
    actor.send({ type: 'user.rerun' });
    await settle();
    expect(aborted).toEqual(['connect']);
    expect(calls.filter((c) => c === 'connect')).toHaveLength(2);
    expect(topState(actor.getSnapshot().value)).toBe('connect');
    actor.stop();
  });

  it('why: toggles the explanation without stopping the running check', async () => {
    const { actor, aborted } = start({ connect: HANG });
    await until(actor, 'connect');
    actor.send({ type: 'user.why' });
    expect(actor.getSnapshot().context.whyOpen).toBe(true);
    expect(topState(actor.getSnapshot().value)).toBe('connect');
    actor.send({ type: 'user.why' });
    expect(actor.getSnapshot().context.whyOpen).toBe(false);
    await settle();
    expect(aborted).toEqual([]);
    actor.stop();
  });

  it('new target: aborts the running check and starts over with fresh evidence', async () => {
    const { actor, aborted } = start({ connect: HANG });
    await until(actor, 'connect');
    actor.send({ type: 'user.newTarget', target: target('127.0.0.2', 8080) });
    await settle();
    expect(aborted).toEqual(['connect']);
    const snap = actor.getSnapshot();
    expect(snap.context.target?.port).toBe(8080);
    expect(snap.context.steps.dns?.outcome).toBe('pass');
    expect(snap.context.record.some((e) => e.event === 'user.newTarget' && e.because === 'target 127.0.0.2:8080')).toBe(true);
    actor.stop();
  });

  it('stop: aborts the check and ends the session', async () => {
    const { actor, aborted } = start({ connect: HANG });
    await until(actor, 'connect');
    actor.send({ type: 'user.stop' });
    await settle();
    expect(actor.getSnapshot().status).toBe('done');
    expect(aborted).toEqual(['connect']);
    expect(actor.getSnapshot().context.record.at(-1)).toMatchObject({ to: 'stopped', event: 'user.stop' });
  });

  it('progress is kept only for the step that is running', async () => {
    const { actor } = start({ connect: HANG });
    await until(actor, 'connect');
    actor.send({ type: 'check.progress', progress: { step: 'ping', message: 'late ping' } });
    expect(actor.getSnapshot().context.progress).toBeUndefined();
    const kernel = { state: 'SYN_SENT' as const, local: '127.0.0.1:5000', remote: '127.0.0.1:1', retransmits: 2, kernelGivesUpMs: 127_000 };
    actor.send({ type: 'check.progress', progress: { step: 'connect', message: 'SYN_SENT', kernel } });
    expect(actor.getSnapshot().context.progress?.kernel?.retransmits).toBe(2);
    actor.stop();
  });
});

describe('guide machine: follow-ups in the branch', () => {
  it('refused on a local host offers the socket table and a scan; a choice runs it and comes back', async () => {
    const { actor, calls, inputs } = start({ connect: A.refused });
    await until(actor, 'refused');
    actor.send({ type: 'user.choose', followUp: 'scan' });
    const snap = await waitFor(actor, (s) => subState(s.value) === 'advice' && s.context.steps.scan !== undefined, { timeout: 2000 });
    expect(topState(snap.value)).toBe('refused');
    expect(calls.at(-1)).toBe('scan');
    expect(inputs.at(-1)!.previous.connect).toBe(A.refused);
    expect(snap.context.record.at(-1)).toMatchObject({ from: 'refused', to: 'refused', step: 'scan' });
    actor.send({ type: 'user.done' });
    expect(topState(actor.getSnapshot().value)).toBe('done');
    actor.stop();
  });

  it('a choice the branch does not offer is ignored', async () => {
    const { actor, calls } = start({ dns: A.nxdomain }, { target: target('nosuch.invalid', 80) });
    await until(actor, 'dns-error');
    actor.send({ type: 'user.choose', followUp: 'capture' });
    expect(subState(actor.getSnapshot().value)).toBe('advice');
    expect(calls).toEqual(['dns']);
    actor.stop();
  });

  it('headless with follow-ups runs the filtered branch: scan, traceroute, capture, then done', async () => {
    const { actor, calls } = start({ connect: A.timeout }, { target: target('198.19.0.2', 80), mode: 'headless', autoFollowUps: true });
    const snap = await until(actor, 'done');
    expect(calls).toEqual(['dns', 'connect', 'ping', 'scan', 'traceroute', 'capture']);
    expect(snap.context.verdict).toBe('filtered');
    actor.stop();
  });

  it('headless without follow-ups goes from the verdict straight to done', async () => {
    const { actor, calls } = start({ connect: A.unreachable }, { target: target('198.19.0.99', 80), mode: 'headless' });
    const snap = await until(actor, 'done');
    expect(calls).toEqual(['dns', 'connect', 'ping']);
    expect(snap.context.verdict).toBe('unreachable');
    actor.stop();
  });

  it('a TLS follow-up that fails on an open port moves the guide to tls-error', async () => {
    const { actor } = start({ tls: A.alert });
    await until(actor, 'open');
    actor.send({ type: 'user.choose', followUp: 'tls' });
    const snap = await until(actor, 'tls-error');
    expect(snap.context.record.at(-1)).toMatchObject({ from: 'open', to: 'tls-error', step: 'tls' });
    actor.stop();
  });
});

describe('guide machine: time (SimulatedClock)', () => {
  it('a step with no result is shown as slow, then given up on: connect overdue means filtered', async () => {
    const clock = new SimulatedClock();
    const { actor, aborted } = start({ connect: HANG }, { target: target(), stepLimitMs: 60_000, slowHintMs: 4_000 }, clock);
    await until(actor, 'connect');
    expect(actor.getSnapshot().context.slow).toBe(false);
    clock.increment(4_000);
    expect(actor.getSnapshot().context.slow).toBe(true);
    clock.increment(56_000);
    const snap = await until(actor, 'filtered');
    await settle();
    expect(aborted).toEqual(['connect']);
    const rec = snap.context.record.find((e) => e.step === 'connect')!;
    expect(rec).toMatchObject({ event: 'guide.timeout', from: 'connect', to: 'ping', step: 'connect' });
    expect(rec.because).toContain('no result after 60 s');
    actor.stop();
  });

  it('an overdue ping is unavailable, not a failure, and the guide moves on to observe', async () => {
    const clock = new SimulatedClock();
    const { actor } = start({ ping: HANG }, { target: target(), stepLimitMs: 10_000 }, clock);
    await until(actor, 'ping');
    clock.increment(10_000);
    const snap = await until(actor, 'open');
    expect((snap.context.steps.ping as StepEvidence).outcome).toBe('unavailable');
    actor.stop();
  });
});
