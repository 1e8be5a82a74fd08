import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import type { StepId } from '../../src/evidence.js';
import { guideMachine, topState } from '../../src/guide/machine.js';
import type { GuideInput } from '../../src/guide/types.js';
import { GuideScreen } from '../../src/ui/GuideScreen.js';
import { ev, HANG, standIns, target, type Answer } from '../guide/stand-ins.js';
import { inkTestSetup, tick } from './helpers.js';

const onCleanup = inkTestSetup();

const refused = ev('connect', 'fail', '127.0.0.1:1: refused: the SYN was answered with RST', { address: '127.0.0.1', port: 1, result: 'refused', code: 'ECONNREFUSED' });

function mount(answers: Partial<Record<StepId, Answer>>, input: GuideInput = { target: target() }) {
  const s = standIns(answers);
  const actor = createActor(guideMachine.provide({ actors: s.actors as never }), { input }).start();
  const quits: string[] = [];
  const r = render(<GuideScreen actor={actor} onQuit={(how) => quits.push(how)} still />);
  onCleanup(() => {
    r.unmount();
    actor.stop();
  });
  return { ...r, actor, quits, ...s };
}

// The commands the screen prints read `tcpsleuth …` however the suite was started (npx vitest, npm test).
beforeAll(() => void vi.stubEnv('TCPSLEUTH_SELF', 'tcpsleuth'));

describe('GuideScreen', () => {
  it('shows each finished step with its command, what it saw and what it means, then the verdict', async () => {
    const { lastFrame, frames } = mount({ connect: refused });
    await tick();
    const all = frames.join('\n');
    expect(all).toContain('you › Check 127.0.0.1:1');
    expect(all).toContain('Connect  $ nc -vz 127.0.0.1 1');
    expect(all).toContain('saw: 127.0.0.1:1: refused');
    expect(all).toContain('Verdict: REFUSED');
    expect(all).toMatch(/SYN ─+▶/);
    expect(all).toMatch(/◀─+ RST/);
    // (The command may wrap inside the card.)
    expect(all.replace(/[│\s]+/g, ' ')).toContain('tcpsleuth sockets --port 1');
    // Refused on a local host offers the socket table and a scan, then the usual choices.
    expect(lastFrame()).toContain('❯ 1. Look at this machine');
    expect(lastFrame()).toContain('2. Scan neighbouring and common ports');
  });

  it('the live step shows the kernel view from progress; s skips it', async () => {
    const { lastFrame, stdin, actor, aborted } = mount({ connect: HANG });
    await tick();
    actor.send({ type: 'check.progress', progress: { step: 'connect', message: '127.0.0.1:1: SYN_SENT', elapsedMs: 2000, kernel: { state: 'SYN_SENT', local: '127.0.0.1:40000', remote: '127.0.0.1:1', retransmits: 2, kernelGivesUpMs: 127_000 } } });
    await tick();
    expect(lastFrame()).toContain('Connect: sends a SYN');
    expect(lastFrame()).toContain('kernel: SYN_SENT, retransmitted 2×; the kernel gives up in 125 s');
    stdin.write('s');
    await tick();
    expect(aborted).toEqual(['connect']);
    expect(topState(actor.getSnapshot().value)).toBe('undecided');
    expect(lastFrame()).toContain('Check another target');
  });

  it('? opens the why panel for the running step and closes it again', async () => {
    const { lastFrame, stdin } = mount({ connect: HANG });
    await tick();
    expect(lastFrame()).not.toContain('Why?');
    stdin.write('?');
    await tick();
    expect(lastFrame()).toContain('Why? Connect');
    expect(lastFrame()).toContain('SYN_SENT');
    stdin.write('?');
    await tick();
    expect(lastFrame()).not.toContain('Why?');
  });

  it('arrows and Enter choose a follow-up; its card joins the transcript', async () => {
    const { lastFrame, stdin, calls, frames } = mount({ connect: refused });
    await tick();
    stdin.write('\u001B[B'); // down
    await tick();
    expect(lastFrame()).toContain('❯ 2. Scan');
    stdin.write('\r');
    await tick(50);
    expect(calls.at(-1)).toBe('scan');
    expect(frames.join('\n')).toContain('Scan  $ nmap -Pn -p 1 127.0.0.1');
    // Done follow-ups are no longer offered.
    expect(lastFrame()).not.toContain('Scan neighbouring');
  });

  it('n asks for a new target; a bad one gets a one-line error, a good one starts over', async () => {
    const { lastFrame, stdin, actor } = mount({ connect: refused });
    await tick();
    stdin.write('n');
    await tick();
    expect(lastFrame()).toContain('Which host and port?');
    stdin.write('nope');
    await tick();
    stdin.write('\r');
    await tick();
    expect(lastFrame()).toContain('missing port');
    for (const c of ':8080 times out') stdin.write(c);
    await tick();
    stdin.write('\r');
    await tick(50);
    expect(actor.getSnapshot().context.target?.host).toBe('nope');
    expect(actor.getSnapshot().context.symptom).toBe('times-out');
  });

  it('without a target it opens on the intake prompt', async () => {
    const { lastFrame, stdin, actor } = mount({ connect: refused }, {});
    await tick();
    expect(lastFrame()).toContain('Which host and port?');
    for (const c of '127.0.0.1:1') stdin.write(c);
    stdin.write('\r');
    await tick(50);
    expect(topState(actor.getSnapshot().value)).toBe('refused');
  });

  it('with autoCapture (check --capture) the capture runs as soon as a verdict offers it', async () => {
    const s = standIns({ observe: ev('observe', 'fail', 'the peer reset the connection (RST)', { result: 'reset' }) });
    const actor = createActor(guideMachine.provide({ actors: s.actors as never }), { input: { target: target() } }).start();
    const r = render(<GuideScreen actor={actor} onQuit={() => undefined} still autoCapture />);
    onCleanup(() => {
      r.unmount();
      actor.stop();
    });
    await tick(60);
    expect(s.calls.at(-1)).toBe('capture');
    expect(s.calls.filter((c) => c === 'capture')).toHaveLength(1);
    expect(r.frames.join('\n')).toMatch(/✔ Capture\s+\$ sudo tcpdump -ni any host 127\.0\.0\.1 and port 1/);
  });

  it('q quits; Ctrl-C quits as an interruption and aborts the running check', async () => {
    const a = mount({ connect: HANG });
    await tick();
    a.stdin.write('\u0003');
    await tick();
    expect(a.quits).toEqual(['interrupted']);
    expect(a.aborted).toEqual(['connect']);
    const b = mount({ connect: refused });
    await tick();
    b.stdin.write('q');
    await tick();
    expect(b.quits).toEqual(['quit']);
  });
});
