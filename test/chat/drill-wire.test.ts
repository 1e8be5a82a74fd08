/**
 * Drills and the server side in the chat, without I/O: the phrase tables (what is a drill request,
 * an answer in words, a server-side question), the routes with a drill in the thread, the plan,
 * and the machine with stand-in actors (the drill is kept in the thread; /quit and the end of
 * input stop it).
 */
import { describe, expect, it } from 'vitest';
import { fromPromise } from 'xstate';
import { readCauseWords, readDrillAnswer, readDrillAsk, readServerAsk, readServerSideFollowUp, readSshAddress } from '../../src/chat/drill-phrases.js';
import { plan, threadAfter } from '../../src/chat/plan.js';
import { route } from '../../src/chat/route.js';
import { chatSession } from '../../src/chat/headless.js';
import { helpReply } from '../../src/chat/help-text.js';
import { replyJson, replyText } from '../../src/chat/text.js';
import type { JobInput } from '../../src/chat/machine.js';
import type { DrillReply, Reply, Thread, ThreadDrill } from '../../src/chat/types.js';
import { CAUSES, DRILLS, causeChoices } from '../../src/drill/catalogue.js';
import { scenarioInfo } from '../../src/lab/index.js';
import { parseTarget } from '../../src/target.js';
import { suggestionsFor } from '../../src/chat/suggest.js';

const loopDrill: ThreadDrill = { id: 'a1b2c3', target: parseTarget('127.0.0.1:40001'), level: 1, investigate: ['tcpsleuth', 'check', '127.0.0.1:40001'] };
const nsDrill: ThreadDrill = { id: 'd4e5f6', target: parseTarget('198.18.0.2:5432'), level: 2, namespace: 'drill-d4e5f6-c', investigate: ['ip', 'netns', 'exec', 'drill-d4e5f6-c', 'tcpsleuth', 'check', '198.18.0.2:5432'] };
const causeNo = (id: string) => String(causeChoices().findIndex((c) => c.id === id) + 1);

describe('drill requests: what starts one, and what does not', () => {
  const START: Array<[string, object]> = [
    ['give me a drill', {}],
    ['Give me a drill!', {}],
    ['drill me', {}],
    ['drill', {}],
    ['another drill', {}],
    ['i want to do a drill', {}],
    ["let's do a drill", {}],
    ['give me an exercise', {}],
    ['a harder drill', { harder: true }],
    ['give me a harder drill please', { harder: true }],
    ['an easier one', { easier: true }],
    ['give me a level 3 drill', { level: 3 }],
    ['drill me at level 2', { level: 2 }],
    ['give me an easy drill', { level: 1 }],
    ['let me practise troubleshooting', {}],
  ];
  it.each(START)('%j starts a drill', (text, extra) => {
    expect(readDrillAsk(text, false)).toEqual({ action: 'start', ...extra });
    expect(route(text, {})).toMatchObject({ kind: 'drill', action: 'start', ...extra });
  });
  const NOT: string[] = ['drill down into the logs', 'drill into the packet capture', 'how do I drill through the firewall?', 'the drill bit broke', 'drilling down on the error', 'what is a fire drill'];
  it.each(NOT)('%j is not a drill request', (text) => {
    expect(readDrillAsk(text, false)).toBeNull();
    expect(route(text, {}).kind).not.toBe('drill');
  });
  const WITH_DRILL: Array<[string, string]> = [
    ['hint', 'hint'],
    ['give me a hint', 'hint'],
    ["I'm stuck", 'hint'],
    ['stop the drill', 'stop'],
    ['I give up', 'stop'],
    ['/drill stop', 'stop'],
    ['check it', 'check'],
    ['check the target', 'check'],
    ['investigate', 'check'],
    ['show me the ticket', 'status'],
    ['/drill status', 'status'],
    ['127.0.0.1:40001', 'check'],
  ];
  it.each(WITH_DRILL)('%j with a drill open → %s', (text, action) => {
    expect(route(text, { drill: loopDrill })).toMatchObject({ kind: 'drill', action });
  });
  it('without a drill, "hint" and "stop the drill" are not drill routes but the plan says no drill runs', () => {
    expect(readDrillAsk('hint', false)).toBeNull();
    expect(plan(route('/drill hint', {}), {}).job).toMatchObject({ run: 'reply', reply: { kind: 'prompt', text: expect.stringContaining('No drill is running') } });
  });
  it('/drill takes a level, hint, stop, answer; anything else is a clear error', () => {
    expect(route('/drill 3', {})).toMatchObject({ kind: 'drill', action: 'start', level: 3 });
    expect(route('/drill harder', {})).toMatchObject({ kind: 'drill', action: 'start', harder: true });
    expect(route('/drill answer filtered 8 network', { drill: loopDrill })).toMatchObject({ kind: 'drill-answer', answer: { verdict: 'filtered', ask: 'network-team' } });
    expect(route('/drill banana', {})).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('banana') });
  });
});

describe('answers in words', () => {
  const ANSWERS: Array<[string, object]> = [
    ["it's filtered, a firewall on the server drops the SYN, ask the network team", { verdict: 'filtered', cause: 'server-firewall-drop', ask: 'network-team' }],
    ['answer filtered 3 network', { verdict: 'filtered', cause: causeChoices()[2].id, ask: 'network-team' }],
    [`answer refused ${causeNo('not-listening')} service`, { verdict: 'refused', cause: 'not-listening', ask: 'service-owner' }],
    ['answer reset middlebox-rst security-team', { verdict: 'reset', cause: 'middlebox-rst', ask: 'security-team' }],
    ["I think it's refused because nothing listens on the port, ask the service owner", { verdict: 'refused', cause: 'not-listening', ask: 'service-owner' }],
    ["it's reset, the application accepts then resets the connection, service owner", { verdict: 'reset', cause: 'app-resets', ask: 'service-owner' }],
    ['filtered, the SYN-ACK is lost on the way back, network team', { verdict: 'filtered', cause: 'syn-ack-lost', ask: 'network-team' }],
    ["it's refused, the service only listens on localhost, ask the app team", { verdict: 'refused', cause: 'localhost-only', ask: 'service-owner' }],
    ['it times out; the accept queue is full, I would call the service owner', { verdict: 'filtered', cause: 'accept-queue-full', ask: 'service-owner' }],
    ['it is unreachable, a firewall on the way rejects it with an ICMP error, escalate to networking', { verdict: 'unreachable', cause: 'path-firewall-reject', ask: 'network-team' }],
    ['reset - a middlebox forges the RST once data flows - ask security', { verdict: 'reset', cause: 'middlebox-rst', ask: 'security-team' }],
    ["it's filtered", { verdict: 'filtered' }],
  ];
  it.each(ANSWERS)('%j', (text, expected) => {
    expect(readDrillAnswer(text)).toEqual(expected);
  });
  it('messages that are not answers read as nothing', () => {
    expect(readDrillAnswer('hello there')).toBeNull();
    expect(readDrillAnswer('what should I look at')).toBeNull();
  });
  it('a cause by number, id or the choice words; nonsense is nothing', () => {
    expect(readCauseWords('1')).toBe(causeChoices()[0].id);
    expect(readCauseWords('99')).toBeUndefined();
    expect(readCauseWords('pmtu-blackhole')).toBe('pmtu-blackhole');
    expect(readCauseWords('a middlebox drops SYNs that ask for ECN')).toBe('ecn-blackhole');
    expect(readCauseWords('bananas')).toBeUndefined();
  });
  it('with a drill open, an answer routes to drill-answer; a question about it does not', () => {
    expect(route("it's filtered, a firewall on the server drops the SYN, ask the network team", { drill: loopDrill })).toMatchObject({ kind: 'drill-answer', answer: { verdict: 'filtered' } });
    expect(route('why is it filtered?', { drill: loopDrill }).kind).not.toBe('drill-answer');
    expect(route("it's filtered, a firewall on the server drops the SYN, ask the network team", {}).kind).not.toBe('drill-answer');
  });
});

describe('the server side in words', () => {
  const ASKS: Array<[string, string]> = [
    ['is anything listening on 5432 here?', '5432'],
    ['is anything listening on port 5432', '5432'],
    ['what is listening on port 80?', '80'],
    ['who is listening on 22 on this machine', '22'],
    ['check the server side of port 5432', '5432'],
    ['server side checklist for 8080', '8080'],
    ['server 443', '443'],
  ];
  it.each(ASKS)('%j → server %s', (text, port) => {
    expect(readServerAsk(text)).toEqual({ port });
    expect(route(text, {})).toEqual({ kind: 'server', port: Number(port) });
  });
  it('a host named means a client-side check, not the checklist; a bad port is a clear error', () => {
    expect(route('is anything listening on db.internal:5432?', {}).kind).toBe('target');
    expect(route('/server 70000', {})).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('out of range') });
    expect(route('/server http', {})).toMatchObject({ kind: 'invalid' });
  });
  it('"check from the server side too" asks for the ssh address, then runs the two-sided check', () => {
    expect(readServerSideFollowUp('check from the server side too')).toEqual({});
    expect(readServerSideFollowUp('check both sides via ssh://root@db')).toEqual({ destination: 'ssh://root@db' });
    const thread: Thread = { target: parseTarget('db.internal:5432') };
    const asked = plan(route('check from the server side too', thread), thread);
    expect(asked.job).toMatchObject({ run: 'reply', reply: { kind: 'prompt', need: 'ssh' } });
    expect(asked.thread.serverSideFor).toMatchObject({ host: 'db.internal', port: 5432 });
    const next = threadAfter(asked.thread, (asked.job as { reply: Reply }).reply);
    expect(plan(route('root@db.internal', next), next).job).toEqual({ run: 'two-sided', target: thread.target, destination: 'root@db.internal' });
    expect(plan(route('ssh://admin@10.0.0.5:2222', next), next).job).toMatchObject({ run: 'two-sided', destination: 'ssh://admin@10.0.0.5:2222' });
    // Without a target there is nothing to check from both sides.
    expect(plan(route('check from the server side too', {}), {}).job).toMatchObject({ run: 'reply', reply: { kind: 'prompt', need: 'target' } });
    expect(readSshAddress('5432')).toBeNull();
    expect(readSshAddress('again')).toBeNull();
    expect(readSshAddress('db.internal')).toBe('db.internal');
    expect(readSshAddress('ssh admin@db')).toBe('admin@db');
    expect(route('why?', next)).toMatchObject({ kind: 'follow-up', action: 'why' });
  });
});

describe('plan and thread with a drill', () => {
  it('a loopback drill is checked by the guide; a namespace drill from its namespace', () => {
    expect(plan(route('check it', { drill: loopDrill }), { drill: loopDrill }).job).toMatchObject({ run: 'check', target: { host: '127.0.0.1', port: 40001 } });
    expect(plan(route('check it', { drill: nsDrill }), { drill: nsDrill }).job).toEqual({ run: 'drill-check', drill: nsDrill });
    // The rest runs here, where the namespace's target is not reachable: say so, with the command for inside.
    expect(plan(route('scan it', { drill: nsDrill }), { drill: nsDrill }).job).toMatchObject({ run: 'reply', reply: { kind: 'prompt', text: expect.stringContaining('ip netns exec drill-d4e5f6-c tcpsleuth scan 198.18.0.2') } });
    expect(plan(route('again', { drill: nsDrill }), { drill: nsDrill }).job).toEqual({ run: 'drill-check', drill: nsDrill });
    expect(plan(route('scan 10.0.0.9', { drill: nsDrill }), { drill: nsDrill }).job).toMatchObject({ run: 'scan', host: '10.0.0.9' });
  });
  it('an answer missing parts is asked for again (not graded); "answer …" grades what is given', () => {
    const t: Thread = { drill: loopDrill };
    expect(plan(route("it's filtered", t), t).job).toMatchObject({ run: 'reply', reply: { kind: 'prompt', text: expect.stringContaining('the cause') } });
    expect(plan(route('answer filtered', t), t).job).toEqual({ run: 'drill-answer', id: 'a1b2c3', answer: { verdict: 'filtered' } });
    expect(plan(route("it's filtered, a firewall on the server drops the SYN, ask the network team", t), t).job).toEqual({ run: 'drill-answer', id: 'a1b2c3', answer: { verdict: 'filtered', cause: 'server-firewall-drop', ask: 'network-team' } });
  });
  it('"a harder drill" is one level above the last; a second drill waits for the first to end', () => {
    expect(plan(route('a harder drill', { drillLevel: 1 }), { drillLevel: 1 }).job).toEqual({ run: 'drill', action: 'start', level: 2 });
    expect(plan(route('a harder drill', { drillLevel: 3 }), { drillLevel: 3 }).job).toEqual({ run: 'drill', action: 'start', level: 3 });
    expect(plan(route('give me a drill', { drill: loopDrill }), { drill: loopDrill }).job).toMatchObject({ run: 'reply', reply: { kind: 'error' } });
    expect(plan(route('/quit', { drill: loopDrill }), { drill: loopDrill }).job).toEqual({ run: 'quit', drillId: 'a1b2c3' });
  });
  it('the thread keeps a started drill (a loopback one becomes the target), forgets it when it ends', () => {
    const started: DrillReply = { kind: 'drill', action: 'start', id: 'a1b2c3', ticket: 't', target: '127.0.0.1:40001', investigate: loopDrill.investigate, causes: causeChoices(), asks: [], level: 1, text: 'x' };
    const t = threadAfter({}, started);
    expect(t.drill).toEqual(loopDrill);
    expect(t.target).toMatchObject({ host: '127.0.0.1', port: 40001 });
    const ns = threadAfter({ target: parseTarget('x:1') }, { ...started, id: 'd4e5f6', target: '198.18.0.2:5432', investigate: nsDrill.investigate, level: 2 });
    expect(ns.drill).toEqual(nsDrill);
    expect(ns.target).toBeUndefined();
    expect(threadAfter(t, { kind: 'drill', action: 'stop', stopped: ['a1b2c3'], text: 's' }).drill).toBeUndefined();
  });
  it('help lists /drill and /server; none reserved', () => {
    const names = helpReply().commands.map((c) => c.name);
    expect(names.some((n) => n.startsWith('/drill'))).toBe(true);
    expect(names.some((n) => n.startsWith('/server'))).toBe(true);
  });
});

describe('chat machine with stand-in drill actors', () => {
  function stand() {
    const stopped: string[] = [];
    const seen: Record<string, unknown[]> = {};
    const started: DrillReply = { kind: 'drill', action: 'start', id: 'a1b2c3', ticket: 'The app at 127.0.0.1:40001 is down', target: '127.0.0.1:40001', investigate: loopDrill.investigate, causes: causeChoices(), asks: [{ id: 'network-team', text: 'n' }], level: 1, text: 'Drill a1b2c3' };
    const actors = {
      drill: fromPromise<Reply, JobInput<'drill'>>(async ({ input }) => {
        (seen.drill ??= []).push(input);
        if (input.action === 'stop') return (stopped.push(input.id!), { kind: 'drill', action: 'stop', stopped: [input.id!], text: 'stopped' });
        if (input.action === 'hint') return { kind: 'drill', action: 'hint', hint: 'look at the SYN', hintsTaken: 1, left: 1, text: 'Hint 1' };
        return started;
      }),
      'drill-answer': fromPromise<Reply, JobInput<'drill-answer'>>(async ({ input }) => {
        (seen.answer ??= []).push(input);
        const ok = input.answer.verdict === 'refused';
        const part = <T extends string>(given: T | undefined, expected: T) => ({ given: given ?? null, correct: given === expected, expected, text: expected });
        return { kind: 'drill-result', id: input.id, verdict: part(input.answer.verdict, 'refused' as never), cause: part(input.answer.cause, 'not-listening' as never), ask: part(input.answer.ask, 'service-owner' as never), score: ok ? 100 : 0, maxScore: 100, hintsTaken: 0, tells: 'RST', fault: { scenario: 'refused', title: 'Nothing listens' }, evidence: { command: 'c', findings: [] }, lesson: { id: 'rst', command: 'tcpsleuth learn rst' }, durationMs: 5, allCorrect: ok, text: ok ? 'All right' : 'Not all right' };
      }),
      quit: fromPromise<Reply, JobInput<'quit'>>(async ({ input }) => (stopped.push(input.drillId), { kind: 'quit', text: `Stopped drill ${input.drillId}. Bye.` })),
      server: fromPromise<Reply, JobInput<'server'>>(async ({ input }) => ({ kind: 'server', port: input.port, host: 'local', ok: false, findings: [{ id: 'not-listening', text: 'x', severity: 'problem' } as never], lessons: ['socket-states'], facts: { port: input.port, host: 'local', listeners: [], states: {}, firewall: { read: false, why: 'not root', rules: [] } } as never, text: `Nothing listens on port ${input.port}` })),
    };
    return { session: chatSession({ actors: actors as never }), stopped, seen };
  }
  it('start → hint → wrong answer asked again → right answer: the drill leaves the thread', async () => {
    const { session, seen } = stand();
    expect(await session.ask('give me a drill')).toMatchObject({ kind: 'drill', action: 'start', id: 'a1b2c3' });
    expect(await session.ask('hint')).toMatchObject({ kind: 'drill', action: 'hint' });
    expect(await session.ask("it's filtered")).toMatchObject({ kind: 'prompt' });
    expect(await session.ask('answer filtered 3 network')).toMatchObject({ kind: 'drill-result', allCorrect: false });
    // The stand-in graded it; the thread no longer has the drill, so "hint" is no drill request.
    expect((session.actor.getSnapshot().context as { thread: Thread }).thread.drill).toBeUndefined();
    expect(seen.answer).toHaveLength(1);
    session.stop();
  });
  it('/quit with a drill up stops it first; the end of input (leave) does the same', async () => {
    const a = stand();
    await a.session.ask('/drill 1');
    expect(await a.session.ask('/quit')).toMatchObject({ kind: 'quit', text: expect.stringContaining('a1b2c3') });
    expect(a.stopped).toEqual(['a1b2c3']);
    const b = stand();
    await b.session.ask('drill me');
    expect(await b.session.leave()).toMatchObject({ kind: 'quit' });
    expect(b.stopped).toEqual(['a1b2c3']);
    // Nothing up: leaving says nothing.
    const c = stand();
    expect(await c.session.leave()).toBeUndefined();
    expect(c.stopped).toEqual([]);
  });
  it('/server PORT replies with the checklist, rendered plain and as one JSON line', async () => {
    const { session } = stand();
    const reply = await session.ask('/server 5999');
    expect(reply).toMatchObject({ kind: 'server', port: 5999, ok: false });
    const json = JSON.parse(replyJson(reply));
    expect(json).toMatchObject({ kind: 'server', port: 5999, findings: [{ id: 'not-listening' }], facts: { listeners: [] } });
    expect(replyText(reply)).toContain('nothing listens on port 5999');
  });
});

describe('every drill in the catalogue can be answered right in words', () => {
  const WHO = { 'service-owner': 'ask the service owner', 'network-team': 'escalate to the network team', 'security-team': 'I would call security' } as const;
  it.each(DRILLS.filter((d) => scenarioInfo(d.scenario)).map((d) => [d.scenario, d] as const))('%s: its cause in the choice words, its verdict, who to ask', (_, d) => {
    const verdict = scenarioInfo(d.scenario)!.expect;
    expect(readDrillAnswer(`it's ${verdict}, ${CAUSES[d.cause]}, ${WHO[d.ask]}`)).toEqual({ verdict, cause: d.cause, ask: d.ask });
    expect(readDrillAnswer(`answer ${verdict} ${causeNo(d.cause)} ${d.ask.split('-')[0]}`)).toEqual({ verdict, cause: d.cause, ask: d.ask });
  });
});

describe('chips', () => {
  const checkReply = (verdict: 'filtered' | 'reset' | 'refused'): Reply => ({ kind: 'check', target: { host: 'db', port: 1, addresses: [], addressUsed: 'db' }, verdict, meaning: 'm', steps: [], findings: [], details: [], lessons: [], startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 });
  it('filtered and reset offer "check from the server side too"; refused does not; during a drill hint and stop stay', () => {
    const messages = (r: Reply, t: Thread = {}) => suggestionsFor(r, t).map((s) => s.message);
    expect(messages(checkReply('filtered'))).toContain('check from the server side too');
    expect(messages(checkReply('reset'))).toContain('check from the server side too');
    expect(messages(checkReply('refused'))).not.toContain('check from the server side too');
    expect(messages(checkReply('refused'), { drill: loopDrill })).toEqual(expect.arrayContaining(['hint', 'stop the drill']));
    // Every chip routes to what it says.
    expect(route('check from the server side too', { target: parseTarget('db:1') }).kind).toBe('server-side');
  });

  it('after "no" to an offer, nothing ran: "check it" (which checks the target), not "again"', () => {
    const target = parseTarget('db:1');
    const ack: Reply = { kind: 'ack', text: 'OK, not running it.' };
    expect(suggestionsFor(ack, { target }).map((s) => s.message)).toEqual(['check it', 'scan it']);
    expect(route('check it', { target })).toMatchObject({ kind: 'follow-up', action: 'again' });
    expect(suggestionsFor(ack, {}).map((s) => s.message)).not.toContain('again');
  });
});
