/**
 * "Hang on" while something is on offer: nothing runs, the bot says it waits, and the offer is
 * still there for the "yes" that comes after (wait idioms from phrase pages, test/fixtures/chat-dev6).
 */
import { describe, expect, it } from 'vitest';
import { plan, threadAfter } from '../../src/chat/plan.js';
import { route } from '../../src/chat/route.js';
import { parseTarget } from '../../src/target.js';
import type { Thread } from '../../src/chat/types.js';

const offered: Thread = { offer: { kind: 'check', target: parseTarget('db.internal:5432') } };

describe('a wait keeps the offer', () => {
  it.each(['Hang on.', 'Bear with me for a moment.', 'give me a second', 'Let me check and I’ll get back to you.'])('%s', (message) => {
    const { job, thread } = plan(route(message, offered), offered);
    expect(job).toMatchObject({ run: 'reply', reply: { kind: 'ack', text: "Take your time; I'm here when you are ready." } });
    if (job.run !== 'reply') throw new Error(job.run);
    const after = threadAfter(thread, job.reply);
    expect(after.offer).toEqual(offered.offer);
    // The "yes" that follows still runs what was offered.
    expect(plan(route('yes', after), after).job).toMatchObject({ run: 'check', target: { host: 'db.internal', port: 5432 } });
  });

  it('a decline after it drops the offer', () => {
    const { job, thread } = plan(route('Hang on.', offered), offered);
    if (job.run !== 'reply') throw new Error(job.run);
    const after = threadAfter(thread, job.reply);
    const no = plan(route('nope', after), after);
    expect(no.job).toMatchObject({ run: 'reply', reply: { kind: 'ack', text: 'OK, not running it.' } });
  });
});
