/**
 * The drill API the chat uses (src/drill/index.ts): data in, data out, and no leftovers when
 * setting up is aborted half way (Ctrl-C while the namespaces are being built).
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { answerDrill, drillStatus, startDrill, stopDrill, takeHint } from '../../src/drill/index.js';
import { drillsDir } from '../../src/drill/state.js';
import { listLabNamespaces } from '../../src/lab/netns.js';
import { canUseNamespaces } from '../helpers/root.js';
import { tempDirs } from '../notebook/helpers/temp-dirs.js';
import { exclusive } from '../helpers/exclusive.js';

const freshDir = tempDirs('tsl-drill-api-');

const holderPids = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('__hold');
      } catch {
        return false;
      }
    });

describe('drill API', () => {
  it('start → status → hint → answer returns plain data the chat can render', async () => {
    const dir = freshDir();
    const d = await startDrill({ dir, scenario: 'reset-after-connect' });
    expect(d).toMatchObject({ id: expect.stringMatching(/^[a-f0-9]{6}$/), level: 1, target: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(drillStatus({ dir })).toMatchObject([{ id: d.id, up: true, hintsTaken: 0 }]);
    expect(takeHint(d.id, { dir })).toMatchObject({ hintsTaken: 1, left: 1 });
    const r = await answerDrill(d.id, { verdict: 'reset', cause: 'app-resets', ask: 'service-owner' }, { dir });
    expect(r).toMatchObject({ allCorrect: true, score: 90, evidence: { verdict: 'reset' }, fault: { scenario: 'reset-after-connect' } });
    expect(drillStatus({ dir })).toEqual([]);
    expect(readdirSync(drillsDir(dir))).toEqual([]);
  }, 60_000);

  it('stop with no id ends every running drill', async () => {
    const dir = freshDir();
    const a = await startDrill({ dir, scenario: 'refused' });
    const b = await startDrill({ dir, scenario: 'closed-after-connect' });
    expect((await stopDrill({ dir })).sort()).toEqual([a.id, b.id].sort());
    expect(drillStatus({ dir })).toEqual([]);
  }, 60_000);
});

describe.skipIf(!canUseNamespaces)('drill API in namespaces (root)', () => {
  // Brings up lab scenarios under their default tsl-lab-* names, as the fault matrix does.
  exclusive('lab-names');

  it('an abort while the fault is being built leaves no namespace, no holder and no record', async () => {
    const dir = freshDir();
    const before = new Set(holderPids());
    const ac = new AbortController();
    // Other tests may run drills meanwhile: learn this drill's id from its record while it is built.
    let id: string | undefined;
    const spy = setInterval(() => {
      try {
        id ??= readdirSync(drillsDir(dir)).find((f) => /^[a-f0-9]{6}\.json$/.test(f))?.slice(0, 6);
      } catch {
        // not created yet
      }
    }, 10);
    setTimeout(() => ac.abort(new Error('interrupted')), 300);
    await expect(startDrill({ dir, scenario: 'dpi-reset', signal: ac.signal })).rejects.toThrow();
    clearInterval(spy);
    expect(id).toBeDefined();
    const cmdline = (pid: string) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return ''; // exited meanwhile
      }
    };
    const ours = () => holderPids().filter((p) => !before.has(p) && cmdline(p).includes(id!));
    // The holder may still be tearing down what it built; give it a bounded moment.
    for (let i = 0; i < 50 && ours().length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(ours()).toEqual([]);
    expect((await listLabNamespaces()).filter((n) => n.startsWith(`tsl-drill-${id}-`))).toEqual([]);
    expect(readdirSync(drillsDir(dir))).toEqual([]);
  }, 60_000);
});
