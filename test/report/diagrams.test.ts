/**
 * The diagrams people read: the troubleshooting tree generated from the guide machine (up front,
 * its branches labelled with the error a person sees), the machine's own charts under dev/, the
 * lesson diagrams, and `diagrams --check` failing when any generated source or SVG is stale.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMachine, fromPromise } from 'xstate';
import { VERDICTS } from '../../src/evidence.js';
import { guideMachine } from '../../src/guide/machine.js';
import { readerDiagram } from '../../src/guide/reader-diagram.js';
import { FOLLOW_UPS } from '../../src/guide/branching.js';
import { loadLessons } from '../../src/notebook/lessons.js';
import { lessonDiagrams, svgStamp } from '../../src/report/diagram-files.js';
import { runCli } from '../helpers/cli.js';

describe('the troubleshooting tree, as a person reads it', () => {
  const tree = readerDiagram(guideMachine);

  it('asks the questions at each branch, in the order the machine runs the steps', () => {
    const questions = ['Does the name resolve?', 'Is the SYN answered?', 'By SYN-ACK, by RST or by ICMP?', 'Does the server hang up at once?', 'Did TLS complete?'];
    const at = questions.map((q) => tree.indexOf(`{"${q}"}`));
    for (const [i, q] of questions.entries()) expect(at[i], q).toBeGreaterThan(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(tree).toContain('connect_how -->|"RST: “Connection refused” (ECONNREFUSED)"| v_refused');
    expect(tree).toContain('connect_how -->|"ICMP: “No route to host” (EHOSTUNREACH), “Network is unreachable” (ENETUNREACH)"| v_unreachable');
    expect(tree).toContain('connect -->|"no: silence, “Connection timed out” (ETIMEDOUT)"| v_filtered');
    expect(tree).toContain('observe -->|"with RST: “Connection reset by peer” (ECONNRESET)"| v_reset');
    expect(tree).toMatch(/dns -->\|"no: “Name or service not known” \(NXDOMAIN\)/);
  });

  it('refused is a RST from nothing listening or from a REJECT rule', () => {
    expect(tree).toMatch(/v_refused\[\["refused: [^"]*firewall REJECT rule/);
  });

  it('every verdict is a leaf, with the follow-up checks its branch offers', () => {
    for (const v of VERDICTS) {
      const id = v.replace(/-/g, '_');
      expect(tree).toMatch(new RegExp(`v_${id}\\[\\["${v}: `));
      if (FOLLOW_UPS[v].length) expect(tree).toMatch(new RegExp(`f_${id}\\("next: [^"]+"\\)`));
    }
    expect(tree).toContain('f_filtered("next: scan ports · traceroute · capture packets")');
    // No machine internals in the reader's view.
    expect(tree).not.toMatch(/user\.|check\.done|routedTo|xstate/);
  });

  it('a machine with a branch the tree has no words for fails generation instead of drifting', () => {
    const machine = createMachine({
      id: 'm',
      initial: 'dns',
      states: {
        dns: { invoke: { src: fromPromise(async () => 1), onDone: 'weird' } },
        weird: { initial: 'advice', states: { advice: {} } },
      },
    });
    expect(() => readerDiagram(machine)).toThrow(/dns-error|weird/);
  });
});

describe('diagrams --check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsl-diagrams-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync('diagrams', dir, { recursive: true });
  };

  it('the tree is up front; the machine\'s own charts are for developers, under dev/', async () => {
    const r = await runCli(['diagrams', '--list']);
    expect(r.code).toBe(0);
    const names = r.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
    expect(names[0]).toBe('troubleshooting.mmd');
    expect(names).toEqual(expect.arrayContaining(['dev/guide.mmd', 'dev/guide-branches.mmd', 'lessons/rst-1.mmd']));
    expect(names.filter((n) => !n.includes('/'))).toEqual(['troubleshooting.mmd']);
    expect(readFileSync('diagrams/dev/guide.mmd', 'utf8')).toMatch(/^stateDiagram-v2/);
  });

  it('the committed diagrams, lessons included, are up to date', async () => {
    const lessons = lessonDiagrams(loadLessons());
    expect(Object.keys(lessons)).toEqual(expect.arrayContaining(['lessons/handshake-1.mmd', 'lessons/ecn-1.mmd', 'lessons/rst-1.mmd', 'lessons/syn-floods-1.mmd', 'lessons/socket-states-1.mmd']));
    for (const [name, text] of Object.entries(lessons)) {
      expect(readFileSync(join('diagrams', name), 'utf8')).toBe(text);
      expect(readFileSync(join('diagrams', name.replace(/\.mmd$/, '.svg')), 'utf8').trimEnd().endsWith(svgStamp(text))).toBe(true);
    }
    fresh();
    const r = await runCli(['diagrams', '--check', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each([
    ['a lesson source', 'lessons/ecn-1.mmd', (f: string) => writeFileSync(f, readFileSync(f, 'utf8').replace('client', 'klient'))],
    ['the tree source', 'troubleshooting.mmd', (f: string) => writeFileSync(f, readFileSync(f, 'utf8') + '  x --> y\n')],
    ['an SVG made from another source', 'lessons/handshake-1.svg', (f: string) => writeFileSync(f, readFileSync(f, 'utf8').replace(/<!-- tcpsleuth-source \w+ -->/, '<!-- tcpsleuth-source 0000000000000000 -->'))],
    ['a missing SVG', 'dev/guide.svg', (f: string) => rmSync(f)],
    ['a leftover lesson diagram', 'lessons/gone-1.mmd', (f: string) => writeFileSync(f, 'sequenceDiagram\n')],
    ['a chart left at the top after it moved to dev/', 'guide.mmd', (f: string) => writeFileSync(f, 'stateDiagram-v2\n')],
  ])('fails on %s', async (_what, name, spoil) => {
    fresh();
    spoil(join(dir, name));
    const r = await runCli(['diagrams', '--check', '--out', dir], { env: { TCPSLEUTH_SELF: 'tcpsleuth' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(name);
    expect(r.stderr).toContain('run: tcpsleuth diagrams --render');
  });
});
