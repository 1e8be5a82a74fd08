/**
 * `check 127.0.0.1:PORT --report FILE` against real loopback listeners: the report's facts are
 * the same run's `check --json` facts; --capture (root) saves the pcap beside the report and the
 * diagram draws its real packets; bad file names cost nothing and leave nothing behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/evidence.js';
import { runCli } from '../helpers/cli.js';
import { useLoopbackServers } from '../helpers/loopback.js';
import { isRoot } from '../helpers/root.js';

const port = useLoopbackServers(['refused', 'reset-after-connect', 'open']);
const dir = mkdtempSync(join(tmpdir(), 'tsl-report-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One run: --json on stdout and the report on disk, so both come from the same evidence. */
async function checkWithReport(target: string, file: string, ...extra: string[]): Promise<{ code: number; report: CheckReport; text: string; stderr: string }> {
  const r = await runCli(['check', target, '--json', '--no-ping', '--report', join(dir, file), ...extra], { timeoutMs: 90_000 });
  return { code: r.code, report: JSON.parse(r.stdout) as CheckReport, text: readFileSync(join(dir, file), 'utf8'), stderr: r.stderr };
}

/** The facts every report must carry, whatever its format. */
function expectFacts(text: string, report: CheckReport): void {
  expect(text).toContain(`${report.target.host}:${report.target.port}`);
  expect(text).toContain(report.verdict);
  for (const id of report.findings) expect(text).toContain(id);
  for (const s of report.steps) {
    if (s.command) expect(text).toContain(s.command.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
  }
  for (const l of report.lessons) expect(text).toContain(`tcpsleuth learn ${l}`);
  expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (UTC|[A-Za-z_/]+ \(UTC[+-]\d\d:\d\d\))/);
}

describe('check --report', () => {
  it('refused, Markdown: the one-line summary first, then the facts of check --json', async () => {
    const { code, report, text } = await checkWithReport(`127.0.0.1:${port('refused')}`, 'refused.md');
    expect(code).toBe(1);
    expect(report.verdict).toBe('refused');
    const first = text.split('\n')[0];
    expect(first).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port('refused')}: refused\\. `));
    expect(first).toContain('Checked from ');
    expectFacts(text, report);
    expect(text).toContain('```mermaid\nsequenceDiagram');
    expect(text).toMatch(/S->>C: \[R\.\] RST/);
    expect(text).toContain('on interface `lo`');
    // Each step, with what it saw.
    for (const s of report.steps) expect(text).toContain(s.summary.replace(/\|/g, '\\|'));
    expect(text).toContain("Ask the server's owner");
  });

  it('reset, HTML: one self-contained file with the same facts and no external fetches', async () => {
    const { code, report, text } = await checkWithReport(`127.0.0.1:${port('reset-after-connect')}`, 'reset.html');
    expect(code).toBe(1);
    expect(report.verdict).toBe('reset');
    expectFacts(text, report);
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('prefers-color-scheme: dark');
    expect(text).toContain('@media print');
    expect(text).not.toMatch(/<script|<link\b|src="https?:|href="https?:|url\(https?:/i);
    // Rendered when Chromium is here, else the Mermaid source and how to get the picture.
    if (existsSync('/usr/bin/chromium')) expect(text).toMatch(/<svg[^>]+id="tsl-handshake-1"/);
    else expect(text).toContain('```mermaid');
  });

  it('open: the address table and the kernel view come from the evidence', async () => {
    const { report, text } = await checkWithReport(`127.0.0.1:${port('open')}`, 'open.md');
    expect(report.verdict).toBe('open');
    const connect = report.steps.filter((s) => s.id === 'connect').at(-1)!.evidence as { localAddress: string; localPort: number };
    expect(text).toContain(`local address \`${connect.localAddress}:${connect.localPort}\``);
    // Every address's own outcome (target.results), in the check's words.
    expect(text).toMatch(/\| `127\.0\.0\.1` \(verdict\) \| open \| 127\.0\.0\.1 open \(handshake in [\d.]+ ms\) \|/);
    expect(text).toContain('`ESTABLISHED`');
    expect(text).toContain('C->>S: [S] SYN');
  });

  it('never overwrites without --force, and --force does', async () => {
    const file = join(dir, 'keep.md');
    writeFileSync(file, 'mine');
    const r = await runCli(['check', `127.0.0.1:${port('refused')}`, '--report', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists (add --force');
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('mine');
    const f = await runCli(['check', `127.0.0.1:${port('refused')}`, '--no-ping', '--report', file, '--force']);
    expect(f.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toMatch(/: refused\. /);
  });

  it('bad names: a clear usage error before any check, nothing left behind', async () => {
    const before = readdirSync(dir).sort();
    for (const [args, msg] of [
      [['--report', join(dir, 'r.txt')], 'ending in .md or .html'],
      [['--report', join(dir, 'no/such/folder/r.md')], 'no folder'],
      [['--force'], '--force goes with --report'],
    ] as const) {
      const r = await runCli(['check', `127.0.0.1:${port('refused')}`, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('analyze FILE --report: a report of a capture alone', async () => {
    const pcap = join(dir, 'fixture.pcap');
    writeFileSync(pcap, readFileSync(join(__dirname, '../fixtures/pcap/lo-ethernet-usec.pcap')));
    const r = await runCli(['analyze', pcap, '--report', join(dir, 'capture.md')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const text = readFileSync(join(dir, 'capture.md'), 'utf8');
    const json = JSON.parse((await runCli(['analyze', pcap, '--json'])).stdout) as { packets: number; conversations: Array<{ index: number; outcome: string; server: string }> };
    const last = json.conversations.at(-1)!;
    const n = json.conversations.length;
    const first = text.split('\n')[0];
    expect(first.startsWith(`Capture fixture.pcap: ${json.packets} packets, ${n} TCP conversation${n === 1 ? '' : 's'}; conversation ${last.index} `)).toBe(true);
    expect(first.endsWith(` → ${last.server} is ${last.outcome}.`)).toBe(true)
    expect(text).toContain('```mermaid\nsequenceDiagram');
  });
});

describe.skipIf(!isRoot)('check --report --capture (root: tcpdump on lo)', () => {
  it('the pcap sits beside the report and the diagram draws its real packets', async () => {
    const { report, text } = await checkWithReport(`127.0.0.1:${port('reset-after-connect')}`, 'cap.md', '--capture');
    const capture = report.steps.find((s) => s.id === 'capture');
    expect(capture?.outcome).toBe('pass');
    expect(existsSync(join(dir, 'cap.pcap'))).toBe(true);
    expect(text).toContain('[cap.pcap](cap.pcap)');
    // The same packets `analyze` sees in that pcap, with real flags and the TTL of each answer.
    const a = await runCli(['analyze', join(dir, 'cap.pcap'), '--conversation', '1']);
    const labels = [...a.stdout.matchAll(/(\[[A-Z.]+\](?: \d+ B)?(?: ttl \d+)?)/g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    const drawn = [...text.matchAll(/ (?:C->>S|S->>C): (\[[A-Z.]+\](?: \d+ B)?(?: ttl \d+)?) · /g)].map((m) => m[1]);
    expect(drawn).toEqual(labels);
    expect(text).toMatch(/S->>C: \[S\.\] ttl 64 · /);
    expect(text).toContain('From the capture: conversation 1');
    // A second run without --force must not overwrite the pcap either.
    rmSync(join(dir, 'cap.md'));
    const again = await runCli(['check', `127.0.0.1:${port('reset-after-connect')}`, '--report', join(dir, 'cap.md'), '--capture']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('cap.pcap already exists');
  });
});
