/**
 * "It works sometimes", "keeps dropping after a while", "slow": the chat runs the watch, the held
 * connection or a capture on the target the thread (or the message) names. The plan is checked
 * as data; the watch and the hold run for real against listeners on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan, threadAfter, CHAT_HOLD_MS, CHAT_WATCH } from '../../src/chat/plan.js';
import { route } from '../../src/chat/route.js';
import { runChatHold, runChatWatch } from '../../src/chat/actors.js';
import { parseTarget } from '../../src/target.js';
import { startLoopbackServer, type RunningServer } from '../../src/lab/servers.js';
import type { Thread } from '../../src/chat/types.js';

const thread: Thread = { target: parseTarget('db.internal:5432') };
const jobOf = (message: string, t: Thread = {}) => plan(route(message, t), t).job;

describe('symptoms over time become the job that shows them', () => {
  it('routes each symptom to its job, on the thread\'s target or the one named', () => {
    expect(jobOf('it works sometimes', thread)).toMatchObject({ run: 'watch', target: { host: 'db.internal', port: 5432 }, ...CHAT_WATCH });
    expect(jobOf('it keeps dropping after a while', thread)).toMatchObject({ run: 'hold', target: { host: 'db.internal', port: 5432 }, holdMs: CHAT_HOLD_MS });
    expect(jobOf('it is slow', thread)).toMatchObject({ run: 'capture', target: { host: 'db.internal', port: 5432 } });
    expect(jobOf('api.internal:8443 works sometimes')).toMatchObject({ run: 'watch', target: { host: 'api.internal', port: 8443 } });
  });
  it('with no target yet it asks for one; with every check an offer it offers', () => {
    expect(jobOf('it works sometimes')).toMatchObject({ run: 'reply', reply: { kind: 'prompt', need: 'target' } });
    const offered = plan(route('it works sometimes', thread), thread, { autoCheck: false }).job;
    expect(offered).toMatchObject({ run: 'reply', reply: { kind: 'prompt', need: 'confirm', offer: { kind: 'follow-up' } } });
  });
});

describe('the watch and the hold, for real on loopback', () => {
  let refused: RunningServer;
  let open: RunningServer;
  beforeAll(async () => {
    refused = await startLoopbackServer('refused');
    open = await startLoopbackServer('banner');
  });
  afterAll(async () => {
    await Promise.all([refused.close(), open.close()]);
  });

  it('a watch counts every attempt by verdict and says it in one line', async () => {
    const reply = await runChatWatch({ run: 'watch', target: parseTarget(`127.0.0.1:${refused.port}`), count: 4, ratePerSecond: 20 }, new AbortController().signal);
    expect(reply).toMatchObject({ kind: 'watch', attempts: 4, byVerdict: { refused: 4 } });
    if (reply.kind === 'watch') expect(reply.text).toMatch(/^4 checks of 127\.0\.0\.1:\d+: 4 failed/);
  });

  it('"why?" after a watch is about the watch (before: "needs a check", with the target named)', async () => {
    const job = { run: 'watch' as const, target: parseTarget(`127.0.0.1:${open.port}`), count: 3, ratePerSecond: 20 };
    const reply = await runChatWatch(job, new AbortController().signal);
    const after = threadAfter(thread, reply, job);
    const why = plan(route('why?', after), after).job;
    expect(why).toMatchObject({ run: 'reply', reply: { kind: 'ack' } });
    if (why.run === 'reply') expect(why.reply.text).toMatch(/^Every one of the 3 checks of 127\.0\.0\.1:\d+ was open: nothing failed while I watched/);
    // A check after it (here the hold's): "why?" is about the check again.
    const hold = { run: 'hold' as const, target: job.target, holdMs: 1000 };
    const checked = threadAfter(after, await runChatHold(hold, new AbortController().signal), hold);
    expect(checked.overTime).toBeUndefined();
    expect(plan(route('why?', checked), checked).job).toMatchObject({ run: 'reply', reply: { kind: 'why', verdict: 'open' } });
  });

  it('a hold checks first, then keeps a connection idle and says whether it survived', async () => {
    const reply = await runChatHold({ run: 'hold', target: parseTarget(`127.0.0.1:${open.port}`), holdMs: 2500 }, new AbortController().signal);
    expect(reply).toMatchObject({ kind: 'check', verdict: 'open' });
    // What it says is the story's own hold sentence (measured, never the planned time).
    const said = /^127\.0\.0\.1:\d+: (.+: every one answered, alive after [\d.]+ s idle)\. Longer: /.exec(reply.text ?? '')?.[1];
    expect(said, reply.text).toBeDefined();
    const facts = (reply as { story?: { facts: { text: string }[] } }).story?.facts.map((f) => f.text) ?? [];
    expect(facts).toContain(`hold: ${said ?? ''}`);
  });
});
