/**
 * The fleet report (`check TARGET --from … --report FILE`, issue 21): its model is the data the
 * `--from` table prints (each vantage point's report and runFromVantages' summary), the difference
 * comes first, every vantage point has its row and its own story, and what remote hosts and
 * inventories said stays inert in both renderers. Then the CLI for real with `--from local`
 * against a loopback listener (no root; the sshd half is test/vantage/report.test.ts).
 */
import { createServer, type Server } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport, StepEvidence, Target } from '../../src/evidence.js';
import { diagnose } from '../../src/diagnosis/index.js';
import { readTcpTimings } from '../../src/kernel-timing.js';
import { painter } from '../../src/output/colors.js';
import { fleetSummary } from '../../src/vantage/run.js';
import { formatVantageRow, vantageWidths } from '../../src/vantage/table.js';
import type { VantageReport } from '../../src/vantage/types.js';
import { buildFleetReportModel, renderFleetHtml, renderFleetMarkdown } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { EVIL, INJECTED_HTML } from './hostile-fixture.js';

const target = { host: 'db.internal', port: 5432, tls: false, portSource: 'explicit', isIpLiteral: false } as Target;
const origin = { hostname: 'ws1', timeZone: 'UTC' };
const timings = readTcpTimings('/nonexistent');

/** A real Markdown parser (marked, installed with mermaid), by a name TypeScript does not resolve. */
const MARKED = 'marked';
let parseMarkdown: (md: string) => string;
beforeAll(async () => {
  const mod = (await import(MARKED)) as { marked: { parse: (md: string) => string } };
  parseMarkdown = (md) => mod.marked.parse(md);
});

const connect = (address: string, result: string, extra: Record<string, unknown> = {}): StepEvidence => ({
  id: 'connect',
  outcome: result === 'connected' ? 'pass' : 'fail',
  durationMs: result === 'timeout' ? 1500 : 1,
  summary: `${address}:5432: ${result}`,
  command: `ssh app 'nc -vz ${address} 5432'`,
  evidence: { address, port: 5432, family: 4, result, handshakeMs: result === 'timeout' ? 1500 : 0.4, budgetMs: 1500, ...(result === 'timeout' ? { code: 'TIMEOUT', synRetransmits: 1 } : {}), ...extra },
});
const dns = (addresses: string[]): StepEvidence => ({ id: 'dns', outcome: 'pass', durationMs: 2, summary: `db.internal → ${addresses.join(', ')}`, evidence: { host: 'db.internal', addresses: addresses.map((address) => ({ address, family: 4 })) } });
const observe: StepEvidence = { id: 'observe', outcome: 'pass', durationMs: 50, summary: `banner: ${EVIL}`, evidence: { result: 'banner', windowMs: 50, bytes: 9, banner: EVIL } };

function vantage(from: string, steps: StepEvidence[], vantageFacts: VantageReport['vantage'], ms: number): VantageReport {
  const d = diagnose(steps);
  const addresses = (steps[0].evidence as { addresses: Array<{ address: string }> }).addresses.map((a) => a.address);
  const report: CheckReport = { target: { host: target.host, port: target.port, addresses, addressUsed: addresses[0] }, verdict: d.verdict, meaning: d.meaning, steps, findings: d.findings, details: d.details, lessons: d.lessons, startedAt: '2026-12-07T03:00:00.000Z', durationMs: ms };
  return { ...report, from, vantage: vantageFacts };
}

/** Three vantage points as runFromVantages gives them: one filtered, one open, one without a verdict; hostile words wherever a remote or an inventory speaks. */
function fleet(): VantageReport[] {
  const evilName = `app-1<img src=x>${EVIL.slice(0, 40)}`;
  return [
    vantage(evilName, [dns(['198.19.0.2']), connect('198.19.0.2', 'timeout')], { kind: 'ssh', ssh: 'ssh://root@198.18.10.2:2222', hostname: `vm${EVIL}`, source: '198.18.10.2', method: 'bash', missing: ['nc'] }, 1800),
    vantage('local', [dns(['198.19.0.2']), connect('198.19.0.2', 'connected', { localAddress: '198.18.0.2' }), observe], { kind: 'local', source: '198.18.0.2', method: 'node' }, 190),
    {
      target: { host: target.host, port: target.port, addresses: [] },
      verdict: null,
      meaning: 'No verdict',
      steps: [],
      findings: [],
      details: [],
      lessons: [],
      startedAt: '2026-12-07T03:00:00.000Z',
      durationMs: 60,
      from: 'ssh://root@198.18.20.2:2299',
      vantage: { kind: 'ssh', ssh: 'ssh://root@198.18.20.2:2299' },
      error: { kind: 'ssh', reason: `ssh could not connect: ${EVIL}`, fix: 'is sshd running there?' },
    },
  ];
}

describe('the fleet report: the --from table\'s data, side by side', () => {
  const reports = fleet();
  const summary = fleetSummary(target, reports, 1850);
  const m = buildFleetReportModel(reports, summary, { origin, timings, self: ['tcpsleuth'] });
  const md = renderFleetMarkdown(m);
  const html = renderFleetHtml(m);

  it('one row per vantage point with what the table prints: where from, addresses, verdict, time, main finding', () => {
    const paint = painter(false);
    const rows = reports.map((r) => ({ from: r.from, state: 'done' as const, report: r }));
    const widths = { ...vantageWidths(rows), from: 80 };
    expect(m.rows.map((r) => r.from)).toEqual(reports.map((r) => r.from));
    reports.forEach((r, i) => {
      const printed = formatVantageRow(rows[i], widths, paint);
      const row = m.rows[i];
      expect(printed).toContain(row.verdict ?? 'no verdict');
      expect(printed).toContain(row.time);
      if (row.finding) expect(printed.trimEnd().endsWith(row.finding.id)).toBe(true);
      expect(row.addresses).toEqual(r.target.addresses);
    });
    expect(m.rows.map((r) => r.verdict)).toEqual(['filtered', 'open', null]);
    expect(m.rows[0].finding?.id).toBe('syn-retransmitted');
    expect(m.rows[2].error?.reason).toMatch(/^ssh could not connect/);
  });

  it('the label and the difference come first, then the table, then each vantage point\'s own story', () => {
    expect(m.label).toBe('differs');
    expect(m.tone).toBe('bad');
    expect(m.difference.map((d) => d.id)).toEqual(summary.findings);
    expect(summary.findings).toContain('differs-by-vantage');
    expect(m.headline).toBe(`filtered from ${reports[0].from}; open from local; no verdict from ssh://root@198.18.20.2:2299.`);
    for (const text of [md, html]) {
      const at = (s: string) => text.indexOf(s);
      expect(at('differs-by-vantage')).toBeGreaterThan(-1);
      expect(at('differs-by-vantage')).toBeLessThan(at('Side by side'));
      expect(at('Side by side')).toBeLessThan(at('Each vantage point'));
    }
    // Each verdict's cause is its own story's, told from that vantage point (not this machine's).
    expect(m.vantages[0].cause).toMatch(/^The SYN to 198\.19\.0\.2 port 5432 got no answer/);
    expect(m.vantages[1].cause).toMatch(/completed .*nothing went wrong/);
    expect(m.vantages[2].cause).toBeUndefined();
    expect(md).toContain('| Time | Main finding |');
    expect(md).toMatch(/\| filtered \| 1\.8 s \| `syn-retransmitted`/);
    expect(md).toMatch(/\| no verdict \| 60 ms \| ssh could not connect/);
    expect(m.summary).toBe('db.internal:5432: 3 vantage points in 1.9 s: 1 filtered, 1 open, 1 no verdict.');
  });

  it('all agree: the shared verdict is the label, and it says the cause is at the target', () => {
    const same = [fleet()[0], { ...fleet()[0], from: 'app-2', vantage: { ...fleet()[0].vantage, source: '198.18.20.2' } }];
    const agree = buildFleetReportModel(same, fleetSummary(target, same, 1900), { origin, timings });
    expect(agree.label).toBe('filtered');
    expect(agree.difference).toEqual([]);
    expect(agree.headline).toMatch(/^filtered from all 2 vantage points: the same everywhere/);
  });

  it('what remote hosts and inventories said stays inert: no markup, link or control byte', () => {
    // eslint-disable-next-line no-control-regex
    const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;
    for (const text of [md, html]) expect(text).not.toMatch(controls);
    for (const bad of INJECTED_HTML) expect(html, bad).not.toContain(bad);
    expect(html).not.toMatch(/<(script|img|iframe|svg|object|embed|form|input|a)\b/i);
    // The Markdown, as a real parser reads it: no link, image or raw tag (code spans keep foreign text as it was, inert).
    const parsed = parseMarkdown(md);
    expect([...parsed.matchAll(/\b(?:href|src)="([^"]*)"/g)]).toEqual([]);
    for (const bad of INJECTED_HTML) expect(parsed, bad).not.toContain(bad);
    expect([...new Set([...parsed.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((x) => x[1].toLowerCase()))].filter((t) => !['p', 'h1', 'h2', 'h3', 'strong', 'em', 'code', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr'].includes(t))).toEqual([]);
  });
});

describe('check --from local --report FILE (the CLI, loopback)', () => {
  let server: Server;
  let port = 0;
  const dir = mkdtempSync(join(tmpdir(), 'tsl-fleet-report-'));
  const env = { TCPSLEUTH_SELF: 'tcpsleuth', TCPSLEUTH_STATE_DIR: dir };
  beforeAll(async () => {
    server = createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one report with the vantage point in it; --json keeps stdout for the JSON lines', async () => {
    const file = join(dir, 'fleet.md');
    const r = await runCli(['check', `127.0.0.1:${port}`, '--from', 'local', '--no-ping', '--report', file, '--json'], { env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { from?: string; verdict?: string; summary?: true });
    expect(lines.map((l) => l.summary ?? l.from)).toEqual(['local', true]);
    expect(r.stderr).toContain(`report written: ${file}`);
    const md = readFileSync(file, 'utf8');
    expect(md).toContain(`# OPEN: 127\\.0\\.0\\.1\\:${port} from 1 vantage point`);
    expect(md).toMatch(/\| local \(`127\.0\.0\.1`\) \| `127\.0\.0\.1` \| open \| \d+ ms \|/);
    expect(md).toContain(`- **Command:** \`tcpsleuth check 127.0.0.1:${port} --from local --no-ping --report ${file} --json\``);
  });

  it('a report name that cannot be is refused before any vantage point runs', async () => {
    const r = await runCli(['check', `127.0.0.1:${port}`, '--from', 'local', '--report', '/proc/x.md'], { env, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/proc\/x\.md is under \/proc/);
    expect(r.stdout).toBe('');
  });
});
