/** What the chat does for a route, and how the thread changes when a reply arrives (pure). */
import { describe, expect, it } from 'vitest';
import { plan, threadAfter } from '../../src/chat/plan.js';
import { route } from '../../src/chat/route.js';
import { parseTarget } from '../../src/target.js';
import type { CheckReport } from '../../src/evidence.js';
import type { Reply, ScanReply, Thread } from '../../src/chat/types.js';

const db = parseTarget('db.internal:5432');
const report = (host: string, port: number): CheckReport => ({ target: { host, port, addresses: [], addressUsed: host }, verdict: 'refused', meaning: 'm', steps: [], findings: [], details: [], lessons: [], startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 });
const scanOf = (host: string): ScanReply => ({ kind: 'scan', host, address: host, ports: [], durationMs: 1 });
const jobFor = (message: string, thread: Thread = {}) => plan(route(message, thread), thread).job;

describe('plan: what runs', () => {
  it('follow-ups run on the thread: scan with the target port, again and TLS re-check it', () => {
    const thread: Thread = { target: db, report: report('db.internal', 5432) };
    expect(jobFor('scan it', thread)).toEqual({ run: 'scan', host: 'db.internal', ports: undefined, targetPort: 5432 });
    expect(jobFor('scan 10.0.0.9', thread)).toEqual({ run: 'scan', host: '10.0.0.9', ports: undefined });
    expect(jobFor('again', thread)).toMatchObject({ run: 'check', target: db, options: {} });
    expect(jobFor('try TLS', thread)).toMatchObject({ run: 'check', target: { host: 'db.internal', tls: true }, options: { tls: true } });
    expect(jobFor('trace the route', thread)).toMatchObject({ run: 'traceroute', target: db, address: 'db.internal' });
    expect(jobFor('/report out.md', thread)).toMatchObject({ run: 'report', file: 'out.md' });
  });
  it('yes runs the offer once; no drops it', () => {
    const thread: Thread = { offer: { kind: 'check', target: db, symptom: 'refused' } };
    expect(jobFor('yes', thread)).toEqual({ run: 'check', target: db, symptom: 'refused', options: {} });
    expect(plan(route('yes', thread), thread).thread.offer).toBeUndefined();
    expect(jobFor('no', thread)).toEqual({ run: 'reply', reply: { kind: 'ack', text: 'OK, not running it.' } });
    expect(jobFor('', { offer: { kind: 'lab', scenario: 'refused' } })).toEqual({ run: 'lab', scenario: 'refused' });
  });
  it('"what does that mean?" after a pasted error (no check yet) explains it again and keeps the offer', () => {
    const explain: NonNullable<Thread['explain']> = { class: 'refused', also: null, host: 'db.internal', port: 5432, portSource: 'message', tool: 'psql', explanation: 'RST', causes: ['nothing listens'], lessons: [], evidence: [] };
    const job = jobFor('what does that mean?', { explain, target: db });
    expect(job).toMatchObject({ run: 'reply', reply: { kind: 'explain', class: 'refused', offer: { kind: 'check', target: db }, text: 'Most likely: nothing listens' } });
  });
  it('control commands answer at once; /drill starts a drill', () => {
    expect(jobFor('/drill')).toMatchObject({ run: 'drill', action: 'start' });
    expect(jobFor('/quit')).toMatchObject({ run: 'reply', reply: { kind: 'quit' } });
    expect(jobFor('/scan 1-x')).toMatchObject({ run: 'reply', reply: { kind: 'error' } });
    expect(jobFor('/learn ecn')).toEqual({ run: 'lesson', lesson: 'ecn', topic: 'ecn' });
  });
});

describe('threadAfter: what the conversation remembers', () => {
  it('a check keeps its target and report; a scan of another host is forgotten, of the same host kept', () => {
    const job = { run: 'check' as const, target: db, options: {} };
    const checked = threadAfter({ scan: scanOf('old.host') }, { kind: 'check', ...report('db.internal', 5432) }, job);
    expect(checked).toMatchObject({ target: db, report: { verdict: 'refused' } });
    expect(checked.scan).toBeUndefined();
    const scanned = threadAfter(checked, scanOf('db.internal'));
    expect(threadAfter(scanned, { kind: 'check', ...report('db.internal', 5432) }, job).scan?.host).toBe('db.internal');
  });
  it('an explained error with a host and port becomes the target; with a host only, its port is asked for', () => {
    const ex = (host: string | null, port: number | null): Reply => ({ kind: 'explain', class: 'refused', also: null, host, port, portSource: null, tool: null, explanation: '', causes: [], lessons: [], evidence: [] });
    expect(threadAfter({}, ex('db.internal', 5432)).target).toMatchObject({ host: 'db.internal', port: 5432 });
    expect(threadAfter({}, ex('db.internal', null))).toMatchObject({ hostWithoutPort: 'db.internal' });
    expect(threadAfter({ target: db }, ex(null, null)).target).toBe(db);
  });
  it('an answered quiz closes; an open one waits for its choice', () => {
    const q: Reply = { kind: 'quiz', lesson: 'rst', index: 1, question: 'q', choices: ['a', 'b'] };
    expect(threadAfter({}, q).quiz).toBe(q);
    expect(threadAfter({ quiz: q as never }, { ...q, answered: { choice: 0, correct: true, answer: 0, why: 'w' } } as Reply).quiz).toBeUndefined();
  });
});

describe('a firewall question before any check', () => {
  it('"does refused mean a firewall?" after a pasted error is answered from a lesson, not as a follow-up', () => {
    const job = jobFor('does refused mean a firewall?', { target: db, offer: { kind: 'check', target: db } });
    expect(job.run).toBe('ask');
  });
  it('"is it the firewall?" with a target not yet checked offers the check that would tell', () => {
    const job = jobFor('is it the firewall?', { target: db, offer: { kind: 'check', target: db } });
    expect(job).toMatchObject({ run: 'reply', reply: { kind: 'prompt', need: 'confirm', offer: { kind: 'check', target: { host: 'db.internal', port: 5432 } } } });
  });
  it('after a check, it is judged from the check', () => {
    const job = jobFor('is it the firewall?', { target: db, report: report('db.internal', 5432) });
    expect(job).toMatchObject({ run: 'reply', reply: { kind: 'firewall' } });
  });
});
