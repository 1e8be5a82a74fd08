/**
 * The chat machine with stand-in actors: the guide runs as a child with stand-in checks, the rest
 * are typed promise stand-ins that record their inputs. One reply per message, the thread kept.
 */
import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, waitFor } from 'xstate';
import { chatMachine, type ChatMachineContext, type JobInput } from '../../src/chat/machine.js';
import { guideMachine } from '../../src/guide/machine.js';
import type { Reply } from '../../src/chat/types.js';
import type { StepId } from '../../src/evidence.js';
import { ev, HANG, standIns, type Answer } from '../guide/stand-ins.js';

const REFUSED = ev('connect', 'fail', '127.0.0.1:5432: refused', { address: '127.0.0.1', port: 5432, result: 'refused', code: 'ECONNREFUSED', handshakeMs: 0.4, localListeners: [] });
const TIMEOUT = ev('connect', 'fail', 'no answer to the SYN', { address: '198.18.0.2', port: 80, result: 'timeout', synRetransmits: 2, handshakeMs: 1500 });

function harness(answers: Partial<Record<StepId, Answer>> = {}) {
  const checks = standIns(answers);
  const seen: Record<string, unknown[]> = {};
  const record = <I>(name: string, out: (input: I) => Reply) =>
    fromPromise<Reply, I>(async ({ input }) => {
      (seen[name] ??= []).push(input);
      return out(input);
    });
  let scanAborted = false;
  const actors = {
    guide: guideMachine.provide({ actors: checks.actors as never }),
    ask: record<JobInput<'ask'>>('ask', (i) => ({ kind: 'answer', topic: 'states', lesson: 'socket-states', section: 'SYN_SENT', answer: `about: ${i.question}`, related: [] })),
    scan: fromPromise<Reply, JobInput<'scan'>>(({ input, signal }) => {
      (seen.scan ??= []).push(input);
      if (input.ports === '1-9') {
        return new Promise((_, reject) => signal.addEventListener('abort', () => ((scanAborted = true), reject(new Error('aborted')))));
      }
      return Promise.resolve({ kind: 'scan', host: input.host, address: input.host, ports: [{ port: 22, state: 'open', reason: 'syn-ack', rttMs: 0.1 }], durationMs: 3 });
    }),
    lesson: record<JobInput<'lesson'>>('lesson', (i) => ({ kind: 'lesson', lesson: i.lesson ?? 'handshake', title: 'T', topics: [], minutes: 5, summary: 's', command: 'tcpsleuth learn x' })),
    report: record<JobInput<'report'>>('report', (i) => ({ kind: 'report', command: `tcpsleuth check ${i.report.target.host}:${i.report.target.port} --report r.md` })),
  };
  const actor = createActor(chatMachine.provide({ actors: actors as never }), { input: {} }).start();
  const ctx = () => actor.getSnapshot().context as ChatMachineContext;
  /** Sends one message and resolves with its one reply. */
  const say = async (text: string): Promise<Reply> => {
    const before = ctx().replies;
    actor.send(text === '' ? { type: 'user.accept' } : { type: 'user.message', text });
    const snap = await waitFor(actor, (s) => (s.context as ChatMachineContext).replies > before, { timeout: 3000 });
    expect((snap.context as ChatMachineContext).replies).toBe(before + 1);
    const last = (snap.context as ChatMachineContext).transcript.at(-1)!;
    if (last.role !== 'bot') throw new Error('no reply');
    return last.reply;
  };
  return { actor, say, ctx, seen, checks, scanAborted: () => scanAborted };
}

describe('chat machine: a conversation keeps its thread', () => {
  it('a target runs the guide as a child, then "scan it", "why?", "is it the firewall?" refer to it', async () => {
    const h = harness({ connect: REFUSED });
    h.actor.send({ type: 'user.message', text: 'nc -vz 127.0.0.1 5432' });
    // While it runs: the guide is a child the UI can render, and the running item says what runs.
    await waitFor(h.actor, (s) => s.value === 'checking', { timeout: 1000 });
    const snap = h.actor.getSnapshot();
    expect(snap.children.guide).toBeDefined();
    expect(h.ctx().running).toMatchObject({ what: 'check', label: 'checking 127.0.0.1:5432' });
    await waitFor(h.actor, (s) => (s.context as ChatMachineContext).replies === 1, { timeout: 3000 });
    const check = h.ctx().transcript.at(-1)!;
    expect(check.role === 'bot' && check.reply.kind === 'check' && check.reply.verdict).toBe('refused');
    expect(h.ctx().running).toBeUndefined();
    expect(h.ctx().thread.target).toMatchObject({ host: '127.0.0.1', port: 5432 });
    expect(h.ctx().suggestions.map((s) => s.message)).toContain('scan it');

    const scan = await h.say('scan ports 1-50');
    expect(scan.kind).toBe('scan');
    expect(h.seen.scan).toEqual([{ run: 'scan', host: '127.0.0.1', ports: '1-50', targetPort: 5432 }]);

    const why = await h.say('why?');
    expect(why).toMatchObject({ kind: 'why', verdict: 'refused', target: '127.0.0.1:5432' });
    if (why.kind === 'why') {
      expect(why.evidence.join('\n')).toContain('127.0.0.1:5432: refused');
      expect(why.explanation).toMatch(/RST/);
    }
    const fw = await h.say('is it the firewall?');
    expect(fw).toMatchObject({ kind: 'firewall', verdict: 'refused' });
    if (fw.kind === 'firewall') expect(['not-firewall', 'reject']).toContain(fw.likely);
    h.actor.stop();
  });

  it('a silent SYN: "is it the firewall?" says a DROP, from the evidence', async () => {
    const h = harness({ connect: TIMEOUT });
    expect((await h.say('198.18.0.2:80')).kind).toBe('check');
    const fw = await h.say('could it be a firewall?');
    expect(fw).toMatchObject({ kind: 'firewall', verdict: 'filtered', likely: 'drop' });
    if (fw.kind === 'firewall') {
      expect(fw.answer).toMatch(/no RST/);
      expect(fw.answer).toMatch(/sent 3 times/);
    }
    h.actor.stop();
  });

  it('a pasted error offers a check of its target; "yes" runs it; Enter on nothing asks for one', async () => {
    const h = harness({ connect: REFUSED });
    const ex = await h.say('psql: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?');
    expect(ex).toMatchObject({ kind: 'explain', class: 'refused', host: '127.0.0.1', port: 5432 });
    expect(ex.offer).toMatchObject({ kind: 'check', target: { host: '127.0.0.1', port: 5432 }, symptom: 'refused' });
    const check = await h.say('yes');
    expect(check).toMatchObject({ kind: 'check', verdict: 'refused' });
    expect(h.checks.inputs.find((i) => i.step === 'connect')?.symptom).toBe('refused');
    // The offer is used up: Enter again does not re-run anything.
    expect(await h.say('')).toMatchObject({ kind: 'prompt', need: 'target' });
    h.actor.stop();
  });

  it('an error that names no target asks for one, and the next message is taken as it', async () => {
    const h = harness({ connect: REFUSED });
    const ex = await h.say('ECONNREFUSED');
    expect(ex).toMatchObject({ kind: 'explain', class: 'refused', host: null, offer: { kind: 'ask-target' } });
    expect(await h.say('yes')).toMatchObject({ kind: 'prompt', need: 'target' });
    const ex2 = await h.say('ECONNREFUSED');
    expect(ex2.kind).toBe('explain');
    expect(await h.say('127.0.0.1 5432')).toMatchObject({ kind: 'check', verdict: 'refused' });
    h.actor.stop();
  });

  it('a host without a port asks which port, and a bare number completes it', async () => {
    const h = harness({ connect: REFUSED });
    expect(await h.say('ping 127.0.0.1')).toMatchObject({ kind: 'prompt', need: 'port' });
    expect(await h.say('5432')).toMatchObject({ kind: 'check', target: { host: '127.0.0.1', port: 5432 } });
    h.actor.stop();
  });

  it('follow-ups without a thread ask for a target instead of failing', async () => {
    const h = harness();
    for (const m of ['scan it', 'why?', 'is it the firewall?', 'again', 'save a report', 'trace the route']) {
      expect(await h.say(m)).toMatchObject({ kind: 'prompt', need: 'target' });
    }
    h.actor.stop();
  });

  it('questions, lessons, reports and nonsense each get one reply of their kind', async () => {
    const h = harness({ connect: REFUSED });
    expect(await h.say('why does my socket sit in SYN_SENT?')).toMatchObject({ kind: 'answer', lesson: 'socket-states' });
    // The ask job carries the lesson understand() chose, so the answer comes from that lesson.
    expect(h.seen.ask).toEqual([{ run: 'ask', question: 'why does my socket sit in SYN_SENT?', lesson: 'timeouts' }]);
    expect(await h.say('teach me about ECN')).toMatchObject({ kind: 'lesson', lesson: 'ecn' });
    const unknown = await h.say('zqx \u001b[2Jvvb');
    expect(unknown.kind).toBe('unknown');
    if (unknown.kind === 'unknown') {
      expect(unknown.examples.length).toBeGreaterThan(2);
      expect(unknown.text).not.toContain('\u001b');
    }
    // A greeting is small talk: a human reply, no lesson, nothing run.
    expect(await h.say('hello there')).toMatchObject({ kind: 'smalltalk', intent: 'greeting' });
    await h.say('127.0.0.1:5432');
    expect(await h.say('save a report')).toMatchObject({ kind: 'report' });
    // The report job gets the thread's last check, the real one, not a stand-in's.
    expect(h.seen.report[0]).toMatchObject({ report: { target: { host: '127.0.0.1', port: 5432 }, verdict: 'refused' } });
    // The user's own words are kept inert in the transcript.
    const users = h.ctx().transcript.filter((i) => i.role === 'user');
    expect(users.every((i) => i.role === 'user' && !i.text.includes('\u001b'))).toBe(true);
    h.actor.stop();
  });
});

describe('chat machine: stopping and waiting', () => {
  it('user.cancel during a check stops the guide child, aborts the check, and replies "stopped"', async () => {
    const h = harness({ connect: HANG });
    h.actor.send({ type: 'user.message', text: '127.0.0.1:5432' });
    await waitFor(h.actor, () => h.checks.calls.includes('connect'), { timeout: 2000 });
    h.actor.send({ type: 'user.cancel' });
    const snap = await waitFor(h.actor, (s) => (s.context as ChatMachineContext).replies === 1, { timeout: 2000 });
    const last = (snap.context as ChatMachineContext).transcript.at(-1)!;
    expect(last.role === 'bot' && last.reply).toMatchObject({ kind: 'stopped', what: 'check' });
    expect(h.checks.aborted).toContain('connect');
    expect(snap.children.guide).toBeUndefined();
    h.actor.stop();
  });

  it('"stop" typed during a scan aborts it through its signal', async () => {
    const h = harness({ connect: REFUSED });
    await h.say('127.0.0.1:5432');
    h.actor.send({ type: 'user.message', text: 'scan ports 1-9' });
    await waitFor(h.actor, (s) => (s.value as string) === 'scan', { timeout: 2000 });
    expect(h.ctx().running).toMatchObject({ what: 'scan', label: 'scanning 127.0.0.1 (ports 1-9)' });
    const stopped = await h.say('stop');
    expect(stopped).toMatchObject({ kind: 'stopped', what: 'scan' });
    expect(h.scanAborted()).toBe(true);
    h.actor.stop();
  });

  it.each(['forget it', 'ok stop watching', 'cancel that'])('"%s" typed during a check stops it (a cancel in free words)', async (words) => {
    const h = harness({ connect: HANG });
    h.actor.send({ type: 'user.message', text: '127.0.0.1:5432' });
    await waitFor(h.actor, () => h.checks.calls.includes('connect'), { timeout: 2000 });
    expect(await h.say(words)).toMatchObject({ kind: 'stopped', what: 'check' });
    expect(h.checks.aborted).toContain('connect');
    h.actor.stop();
  });

  it('messages sent while a check runs are answered after it, in order', async () => {
    const h = harness({ connect: REFUSED });
    h.actor.send({ type: 'user.message', text: '127.0.0.1:5432' });
    h.actor.send({ type: 'user.message', text: 'why?' });
    h.actor.send({ type: 'user.message', text: 'hello there' });
    const snap = await waitFor(h.actor, (s) => (s.context as ChatMachineContext).replies === 3, { timeout: 3000 });
    const kinds = (snap.context as ChatMachineContext).transcript.filter((i) => i.role === 'bot').map((i) => (i.role === 'bot' ? i.reply.kind : ''));
    expect(kinds).toEqual(['check', 'why', 'smalltalk']);
    h.actor.stop();
  });

  it('"stop" with nothing running says so', async () => {
    const h = harness();
    expect(await h.say('stop')).toMatchObject({ kind: 'stopped', what: null });
    h.actor.stop();
  });
});

describe('chat machine: time', () => {
  it('a check whose connect never returns ends when the guide stops waiting (simulated clock), with one reply', async () => {
    const { SimulatedClock } = await import('xstate');
    const checks = standIns({ connect: HANG });
    const clock = new SimulatedClock();
    const actor = createActor(chatMachine.provide({ actors: { guide: guideMachine.provide({ actors: checks.actors as never }) } as never }), { clock, input: {} }).start();
    actor.send({ type: 'user.message', text: '127.0.0.1:5432' });
    await waitFor(actor, () => checks.calls.includes('connect'), { timeout: 2000 });
    expect((actor.getSnapshot().context as ChatMachineContext).replies).toBe(0);
    clock.increment(180_001);
    const snap = await waitFor(actor, (s) => (s.context as ChatMachineContext).replies === 1, { timeout: 2000 });
    const last = (snap.context as ChatMachineContext).transcript.at(-1)!;
    expect(last.role === 'bot' && last.reply.kind).toBe('check');
    expect(checks.aborted).toContain('connect');
    actor.stop();
  });
});
