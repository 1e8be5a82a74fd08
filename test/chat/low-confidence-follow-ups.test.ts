/**
 * A follow-up that would send packets (again, capture, watch, hold, scan) acts only when
 * understand() says it may (`act`: confident, and a target to act on). Below that the route says
 * so (`act: false`) and the plan offers or asks; it never starts a job that sends packets.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/chat/plan.js';
import { route } from '../../src/chat/route.js';
import { understand, UNDERSTAND_THRESHOLD } from '../../src/chat/understand.js';
import type { Thread } from '../../src/chat/types.js';
import { parseTarget } from '../../src/target.js';

const SENDING = new Set(['check', 'scan', 'capture', 'watch', 'hold', 'traceroute', 'from', 'two-sided']);
const empty: Thread = {};

describe('a follow-up that sends packets, read below the threshold or with nothing to act on', () => {
  it.each(['scan it', 'capture it', 'try again', 'nmap it', 'monitor it'])('%j with no target yet: read, not acted on, nothing sent', (line) => {
    const u = understand(line, {});
    expect(u.intent).toBe('follow-up');
    expect(u.act).toBe(false);
    const r = route(line, empty);
    expect(r).toMatchObject({ kind: 'follow-up', act: false });
    const job = plan(r, empty).job;
    expect(SENDING.has(job.run), JSON.stringify(job)).toBe(false);
  });

  it.each(['nmap it', 'nmap this', 'nmap -p 1-100 it', 'nmap that again'])('%j never names a host "it"/"this"/"that": with no thread nothing to act on, after a check the last host', (line) => {
    expect(understand(line, {}).target?.host ?? '').not.toMatch(/^(?:it|this|that)$/);
    expect(understand(line, {}).act).toBe(false);
    expect(understand(line, { lastTarget: { host: 'db.internal', port: 5432 }, lastVerdict: 'filtered' }).target).toEqual({ host: 'db.internal' });
  });

  it('the same words after a check act on its target (the control: the route can say act)', () => {
    const thread: Thread = { target: parseTarget('127.0.0.1:5432') };
    const u = understand('capture it', { lastTarget: { host: '127.0.0.1', port: 5432 }, lastVerdict: 'filtered' });
    expect(u.confidence).toBeGreaterThanOrEqual(UNDERSTAND_THRESHOLD);
    expect(u.act).toBe(true);
    expect(route('capture it', thread)).not.toHaveProperty('act', false);
  });
});
