/**
 * `check 127.0.0.1:PORT --report FILE` against real loopback listeners: the report's facts are
 * the same run's `check --json` facts, with the verdict above the fold; --capture (root) saves
 * the pcap beside the report, the ladder draws its real packets (TLS records named, our own
 * teardown never called a reset) and the provenance names the pcap's real SHA-256; bad file names
 * cost nothing and leave nothing behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/evidence.js';
import { runCli } from '../helpers/cli.js';
import { useLoopbackServers } from '../helpers/loopback.js';
import { isRoot } from '../helpers/root.js';

const port = useLoopbackServers(['refused', 'reset-after-connect', 'open', 'tls']);
const dir = mkdtempSync(join(tmpdir(), 'tsl-report-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Commands in reports are printed as `tcpsleuth …` here (see src/self-command.ts).
const env = { TCPSLEUTH_SELF: 'tcpsleuth' };

/** One run: --json on stdout and the report on disk, so both come from the same evidence. */
async function checkWithReport(target: string, file: string, ...extra: string[]): Promise<{ code: number; report: CheckReport; text: string; stderr: string }> {
  const r = await runCli(['check', target, '--json', '--no-ping', '--report', join(dir, file), ...extra], { timeoutMs: 90_000, env });
  return { code: r.code, report: JSON.parse(r.stdout) as CheckReport, text: readFileSync(join(dir, file), 'utf8'), stderr: r.stderr };
}

/** Markdown as a reader sees it: the sink's backslash escapes and entities undone. */
const plain = (md: string) => md.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const unhtml = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The facts every report must carry, whatever its format. */
function expectFacts(raw: string, report: CheckReport): void {
  const text = raw.startsWith('<!doctype') ? unhtml(raw) : plain(raw);
  expect(text).toContain(`${report.target.host}:${report.target.port}`);
  expect(text).toContain(report.verdict);
  for (const id of report.findings) expect(text).toContain(id);
  for (const s of report.steps) if (s.command) expect(text).toContain(s.command);
  for (const l of report.lessons) expect(text).toContain(`tcpsleuth learn ${l}`);
  expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (UTC|[A-Za-z_/]+ \(UTC[+-]\d\d:\d\d\))/);
  // Nothing left for a person to fill in, nothing that says all is well when it is not.
  expect(text).not.toMatch(/<time>|<the error>|<this host>/);
  if (report.verdict !== 'open') expect(text).not.toMatch(/nothing went wrong|open and accepting/);
  // Where it came from: this version, the command as typed, the kernel's sysctls.
  expect(text).toMatch(/tcp_syn_retries=\d+/);
  expect(text).toContain(`tcpsleuth check ${report.target.host}:${report.target.port} --json --no-ping --report`);
}

describe('check --report', () => {
  it('refused, Markdown: the one-line summary, the verdict and whom to ask, then the facts of check --json', async () => {
    const { code, report, text } = await checkWithReport(`127.0.0.1:${port('refused')}`, 'refused.md');
    expect(code).toBe(1);
    expect(report.verdict).toBe('refused');
    const lines = plain(text).split('\n');
    expect(lines[0]).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port('refused')}: refused\\. .* Checked from `));
    expect(lines[2]).toBe(`# REFUSED: 127.0.0.1:${port('refused')}`);
    // Nothing listens on this port of this host: the socket table says so, and the owner of the service is asked.
    expect(report.details?.map((d: { id: string }) => d.id)).toContain('not-listening');
    expect(plain(text)).toContain('**Whom to ask:** the service owner');
    expectFacts(text, report);
    expect(text).toContain('```mermaid\nsequenceDiagram');
    expect(text).toMatch(/S->>C: \+[\d.]+ (µs|ms) refused: RST or ICMP port-unreachable \(ECONNREFUSED\)/);
    expect(text).toContain('on interface `lo`');
    for (const s of report.steps) expect(plain(text)).toContain(s.summary);
  });

  it('reset, HTML: the label, no "open" anywhere in its story, the handshake then the RST; self-contained', async () => {
    const { code, report, text } = await checkWithReport(`127.0.0.1:${port('reset-after-connect')}`, 'reset.html');
    expect(code).toBe(1);
    expect(report.verdict).toBe('reset');
    expectFacts(text, report);
    expect(text).toMatch(/<header class="verdict bad"><div class="label">reset<\/div>/);
    expect(text).toContain('<p class="ask"><strong>Whom to ask:</strong> the service owner (and the load-balancer team)</p>');
    expect(text).toMatch(/<pre class="text">127\.0\.0\.1:\d+: reset \(Reset: connected, then RST\)\nWhen: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);
    expect(unhtml(text)).toMatch(/connections to 127\.0\.0\.1:\d+ are reset right after connecting \(ECONNRESET.*?\), at \d{4}-\d\d-\d\d /);
    // The address the verdict is about carries the verdict.
    expect(text).toMatch(/<code>127\.0\.0\.1<\/code> <span class="muted">\(verdict\)<\/span><\/td><td data-label="Outcome">reset<\/td>/);
    expect(text).not.toContain('reset during the handshake');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('prefers-color-scheme: dark');
    expect(text).toContain('@media print');
    expect(text).not.toMatch(/<script|<link\b|src="https?:|href="https?:|url\(https?:/i);
    // Rendered when Chromium is here, else the Mermaid source and how to get the picture.
    if (existsSync('/usr/bin/chromium')) expect(text).toMatch(/<svg[^>]+id="tsl-ladder-1"/);
    else expect(text).toContain('```mermaid');
  });

  it('open: the address table and the kernel view come from the evidence', async () => {
    const { report, text } = await checkWithReport(`127.0.0.1:${port('open')}`, 'open.md');
    expect(report.verdict).toBe('open');
    const connect = report.steps.filter((s) => s.id === 'connect').at(-1)!.evidence as { localAddress: string; localPort: number };
    expect(text).toContain(`local address \`${connect.localAddress}:${connect.localPort}\``);
    expect(plain(text)).toMatch(/\| `127\.0\.0\.1` \(verdict\) \| open \| 127\.0\.0\.1 open \(connect\(\) returned after [\d.]+ ms\) \|/);
    expect(text).toContain('`ESTABLISHED`');
    expect(text).toMatch(/C->>S: \+0 µs SYN\n/);
    expect(text).toContain('C->>S: FIN (ours, teardown)');
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
    expect(plain(readFileSync(file, 'utf8'))).toMatch(/: refused\. /);
    expect(readdirSync(dir).filter((x) => x.startsWith('.tcpsleuth-'))).toEqual([]);
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

  it('analyze FILE --report: a report of a capture alone, its SHA-256 and packet times', async () => {
    const pcap = join(dir, 'fixture.pcap');
    writeFileSync(pcap, readFileSync(join(__dirname, '../fixtures/pcap/lo-ethernet-usec.pcap')));
    const r = await runCli(['analyze', pcap, '--report', join(dir, 'capture.md')], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const text = plain(readFileSync(join(dir, 'capture.md'), 'utf8'));
    const json = JSON.parse((await runCli(['analyze', pcap, '--json'])).stdout) as { packets: number; conversations: Array<{ index: number; outcome: string; server: string }> };
    const last = json.conversations.at(-1)!;
    const n = json.conversations.length;
    const first = text.split('\n')[0];
    // With conversations that ended differently, the first line counts them: the drawn one is not the whole capture.
    const counts = new Map<string, number>();
    for (const c of json.conversations) counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
    const tally = counts.size > 1 ? ` (${[...counts].map(([o, k]) => `${k} ${o}`).join(', ')})` : '';
    expect(first.startsWith(`Capture fixture.pcap: ${json.packets} packets, ${n} TCP conversation${n === 1 ? '' : 's'}${tally}; conversation ${last.index} `), first).toBe(true);
    expect(first.endsWith(` → ${last.server} is ${last.outcome}.`)).toBe(true);
    expect(text).toContain('```mermaid\nsequenceDiagram');
    expect(text).toContain(`**SHA-256:** \`${createHash('sha256').update(readFileSync(pcap)).digest('hex')}\``);
    expect(text).toMatch(/\*\*First and last packet:\*\* `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z` … `\d{4}-/);
  });
});

describe.skipIf(!isRoot)('check --report --capture (root: tcpdump on lo)', () => {
  it('the pcap sits beside the report, the ladder draws its real packets, the provenance its real hash', async () => {
    const { report, text } = await checkWithReport(`127.0.0.1:${port('reset-after-connect')}`, 'cap.md', '--capture');
    const capture = report.steps.find((s) => s.id === 'capture');
    expect(capture?.outcome).toBe('pass');
    expect(existsSync(join(dir, 'cap.pcap'))).toBe(true);
    expect(text).toContain('[cap\\.pcap](./cap.pcap)');
    // The same packets `analyze` sees in that pcap, with real flags and the TTL of each answer.
    const a = await runCli(['analyze', join(dir, 'cap.pcap'), '--conversation', '1']);
    const labels = [...a.stdout.matchAll(/(\[[A-Z.]+\](?: \d+ B)?(?: ttl \d+)?)/g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    const drawn = [...text.matchAll(/ (?:C->>S|S->>C): \+[\d.]+ (?:µs|ms|s) [^·\n]+ · (\[[A-Z.]+\](?: \d+ B)?(?: ttl \d+)?)/g)].map((m) => m[1]);
    expect(drawn).toEqual(labels);
    expect(text).toMatch(/S->>C: \+\d+ µs SYN-ACK · \[S\.\] ttl 64/);
    expect(text).toMatch(/S->>C: \+[\d.]+ (µs|ms) RST · \[R\.?\] ttl 64/);
    expect(plain(text)).toContain('From the capture: conversation 1');
    expect(plain(text)).toMatch(/First SYN: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} /);
    expect(plain(text)).toContain(`**SHA-256:** \`${createHash('sha256').update(readFileSync(join(dir, 'cap.pcap'))).digest('hex')}\``);
    expect(plain(text)).toMatch(/\*\*Capture filter:\*\* `\(\(host 127\.0\.0\.1\) and tcp port \d+\) or icmp or icmp6`/);
    // A second run without --force must not overwrite the pcap either.
    rmSync(join(dir, 'cap.md'));
    const again = await runCli(['check', `127.0.0.1:${port('reset-after-connect')}`, '--report', join(dir, 'cap.md'), '--capture']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('cap.pcap already exists');
  });

  it("TLS: the ladder names ClientHello and ServerHello, and our own RSTs are never the server's reset", async () => {
    const { report, text } = await checkWithReport(`127.0.0.1:${port('tls')}`, 'tls.md', '--tls', '--capture');
    expect(report.verdict).toBe('tls-error');
    expect(text).toMatch(/C->>S: \+[\d.]+ (µs|ms) ClientHello · \[P\.\] \d+ B/);
    expect(text).toMatch(/S->>C: \+[\d.]+ (µs|ms) ServerHello · \[P\.\] \d+ B/);
    const json = JSON.parse((await runCli(['analyze', join(dir, 'tls.pcap'), '--json'])).stdout) as { conversations: Array<{ index: number; outcome: string; rst?: { from: string } }> };
    for (const c of json.conversations) {
      const row = new RegExp(`^\\| ${c.index}(?: \\(drawn\\))? \\|.*\\| ([^|]+) \\| \\d+ \\|$`, 'm').exec(plain(text))?.[1];
      expect(row, `conversation ${c.index}`).toBeDefined();
      if (c.rst?.from === 'client') expect(row).toMatch(/^closed by us/);
      else expect(row).toBe(c.outcome);
    }
  });
});
