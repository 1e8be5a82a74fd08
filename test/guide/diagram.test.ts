import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERDICTS } from '../../src/evidence.js';
import { eventLabel, guideDiagrams } from '../../src/guide/diagram.js';
import { guideMachine } from '../../src/guide/machine.js';
import { runCli } from '../helpers/cli.js';

if (!existsSync(process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium')) {
  process.stderr.write('skipped: diagrams --render needs Chromium (apt-get install chromium)\n');
}

describe('diagrams generated from the machine', () => {
  const d = guideDiagrams(guideMachine);

  it('the overview has the main path and a routed edge to every verdict branch', () => {
    const g = d['guide.mmd'];
    expect(g.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(g).toContain('intake --> dns: user.target');
    expect(g).toContain('connect --> route: user.skip · check.done · check.error · timeout');
    for (const v of VERDICTS) expect(g).toContain(`route --> ${v.replace(/-/g, '_')}: routedTo(${v})`);
    expect(g).toContain('route --> undecided: routedTo(undecided)');
    expect(g).toContain('open --> done: user.done · headless');
  });

  it('the branches diagram shows each verdict\'s follow-ups', () => {
    const b = d['guide-branches.mmd'];
    expect(b).toContain('filtered_advice --> filtered_scan: user.choose(scan)');
    expect(b).toContain('filtered_advice --> filtered_traceroute: user.choose(traceroute)');
    expect(b).toContain('refused_advice --> refused_sockets: user.choose(sockets)');
    expect(b).not.toContain('dns_error_advice -->');
  });

  it('names internal events by who speaks', () => {
    expect(eventLabel('xstate.done.actor.0.guide.dns')).toBe('check.done');
    expect(eventLabel('xstate.after.stepLimit.guide.dns')).toBe('timeout');
    expect(eventLabel('xstate.after.slowHint.guide.dns')).toBeUndefined();
    expect(eventLabel('user.skip')).toBe('user.skip');
  });

  it('the committed diagrams/*.mmd match the machine (tcpsleuth diagrams --check)', async () => {
    const r = await runCli(['diagrams', '--check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await readFile('diagrams/dev/guide.mmd', 'utf8')).toBe(d['guide.mmd']);
    const svg = await readFile('diagrams/dev/guide.svg', 'utf8');
    expect(svg).toContain('<svg');
  });

  it.skipIf(!existsSync(process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium'))(
    'diagrams --render draws every diagram to SVG with mermaid-cli and the system Chromium',
    async () => {
      const out = await mkdtemp(join(tmpdir(), 'tsl-diagrams-'));
      try {
        const r = await runCli(['diagrams', '--out', out, '--render'], { timeoutMs: 90_000 });
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        for (const name of ['guide', 'guide-branches']) {
          const svg = await readFile(join(out, 'dev', `${name}.svg`), 'utf8');
          expect(svg).toMatch(/^<svg[^>]*aria-roledescription="stateDiagram"/);
          // Labels come from the machine's own state names.
          expect(svg).toContain('filtered');
        }
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    },
  );

  it('bad usage is one line and exit 2', async () => {
    const r = await runCli(['diagrams', '--render', '--check']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
