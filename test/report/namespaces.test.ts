/**
 * As root: a filtered port in our own namespaces (client ── router ── server, the router drops
 * the SYN), checked from inside the client namespace with --report and --capture. The report's
 * facts are the same run's --json facts, and the ladder draws the unanswered SYNs the capture saw,
 * the idle gaps between them and the SYN-ACK that never came.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopology, destroyTopology, iptables, LAB_ADDR, type Topology } from '../../src/lab/netns.js';
import type { CheckReport } from '../../src/evidence.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { runCliInNamespace } from '../helpers/cli.js';

noteSkip('the filtered report test (test/report/namespaces.test.ts)');

// Unique per run: other suites build labs at the same time.
const LAB = `rpt-${process.pid}`;

describe.skipIf(!canUseNamespaces)('check --report on a filtered port (namespaces)', () => {
  let t: Topology;
  const dir = mkdtempSync(join(tmpdir(), 'tsl-report-ns-'));

  beforeAll(async () => {
    t = await createTopology(LAB);
    await iptables(t.ns.router, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '9001', '-j', 'DROP']);
  }, 60_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await destroyTopology(LAB);
  }, 60_000);

  it('HTML and Markdown reports say filtered, with the SYNs that went unanswered', async () => {
    const target = `${LAB_ADDR.server}:9001`;
    const html = await runCliInNamespace(t.ns.client, ['check', target, '--json', '--no-ping', '--timeout', '2500ms', '--capture', '--report', join(dir, 'f.html')], { timeoutMs: 90_000 });
    const report = JSON.parse(html.stdout) as CheckReport;
    expect(report.verdict).toBe('filtered');
    const page = readFileSync(join(dir, 'f.html'), 'utf8');
    expect(page).toContain('filtered');
    for (const id of report.findings) expect(page).toContain(id);
    expect(existsSync(join(dir, 'f.pcap'))).toBe(true);

    const md = await runCliInNamespace(t.ns.client, ['check', target, '--json', '--no-ping', '--timeout', '2500ms', '--capture', '--report', join(dir, 'g.md')], { timeoutMs: 90_000 });
    const r2 = JSON.parse(md.stdout) as CheckReport;
    const raw = readFileSync(join(dir, 'g.md'), 'utf8');
    // As a reader sees it: the Markdown sink's escapes undone.
    const text = raw.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(text.split('\n')[0]).toMatch(new RegExp(`^${LAB_ADDR.server.replace(/\./g, '\\.')}:9001: filtered\\. `));
    const capture = r2.steps.find((s) => s.id === 'capture')!.evidence as { conversations: Array<{ synRetransmits: unknown[] }> };
    const syns = capture.conversations.at(-1)!.synRetransmits.length + 1;
    expect(syns).toBeGreaterThanOrEqual(2);
    // Every SYN the capture saw is an arrow, after the idle gap the kernel waited; nothing came back
    // (the textbook ladder beside it, where the SYN-ACK does come, is another block).
    const yours = /### Yours[\s\S]*?```mermaid\n([\s\S]*?)```/.exec(text)![1];
    expect(yours.match(/C->>S: \+[\d.]+ (?:µs|ms|s) SYN[^·\n]* · \[S[EW]*\]\n/g)?.length).toBe(syns);
    expect(yours).not.toMatch(/S->>C:/);
    expect(yours).toContain('S--xC: SYN-ACK expected within 1 s (never came)');
    expect(yours).toMatch(/Note over C,S: ⋯ 1\.0\d+ s idle ⋯/);
    expect(text).toContain(`✗ no SYN-ACK: ${syns} SYNs went out and nothing came back`);
    // From the client namespace's own veth, with its address.
    expect(text).toContain(`local address \`${LAB_ADDR.client}`);
    expect(text).toMatch(/on interface `(?!lo`)[^`]+`/);
    expect(text).toContain('**Whom to ask:** the network/firewall team');
    expect(text).toContain(`# FILTERED: ${LAB_ADDR.server}:9001`);
    // The kernel's view over time, as the check sampled it: SYN_SENT, then its first retransmission.
    expect(text).toMatch(/\| \+[\d.]+ m?s \| `SYN_SENT` \| 0 \|/);
    expect(text).toMatch(/\| \+[\d.]+ m?s \| `SYN_SENT` \| [1-9] \| SYN sent, waiting for SYN-ACK, retransmitted [1-9]×/);
    expect(raw).toContain('[g\\.pcap](./g.pcap)');
  }, 180_000);
});
