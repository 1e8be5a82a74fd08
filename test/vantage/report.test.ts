/**
 * As root, with a real sshd: `check --from ssh://A --from local --report FILE.html` in the lab's
 * client namespace, where the server's INPUT chain drops A's source address. One run gives the JSON
 * lines and the report, and the report says what the lines say: each vantage point's row (verdict,
 * addresses, source), the difference at the top, each one's steps with the ssh command that
 * reproduces them. One vantage namespace, one sshd, one run: the fleet itself is fleet.test.ts's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iptables, LAB_ADDR, nsListen } from '../../src/lab/netns.js';
import type { FleetSummary, VantageReport } from '../../src/vantage/types.js';
import { runCliInNamespace } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';
import { hasSshd } from '../server/sshd.js';
import { createFleetLab, type FleetLab } from './fleet-lab.js';

noteSkip('the vantage-point report test (test/vantage/report.test.ts)');

const LAB = `vr${process.pid % 100000}`;
const S = LAB_ADDR.server;
const A = '198.18.30.2';

describe.skipIf(!canUseNamespaces || !hasSshd)('check --from … --report: every vantage point side by side', () => {
  let lab: FleetLab;
  let listener: ChildProcess | undefined;
  let lines: VantageReport[] = [];
  let summary: FleetSummary;
  let html = '';
  let code = -1;
  let stderr = '';

  beforeAll(async () => {
    lab = await createFleetLab(LAB, { a: 30 }, {}, { kex: 'curve25519-sha256' });
    listener = await nsListen(lab.topology.ns.server, 9301, 'accept', '0.0.0.0');
    await iptables(lab.topology.ns.server, ['-A', 'INPUT', '-s', A, '-p', 'tcp', '--dport', '9301', '-j', 'DROP']);
    const file = join(lab.dir, 'fleet.html');
    const r = await runCliInNamespace(lab.topology.ns.client, ['check', `${S}:9301`, '--from', 'app-a', '--from', 'local', '--ssh-config', lab.sshConfig, '--timeout', '1500', '--no-ping', '--json', '--report', file], { timeoutMs: 60_000 });
    code = r.code;
    stderr = r.stderr;
    const all = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    lines = all.slice(0, -1);
    summary = all.at(-1);
    html = readFileSync(file, 'utf8');
  }, 90_000);

  afterAll(async () => {
    listener?.kill('SIGKILL');
    await lab?.destroy();
  });

  it('the run: filtered from A, open from here, the difference named; the report is written', () => {
    expect(code, stderr).toBe(1);
    expect(Object.fromEntries(lines.map((l) => [l.from, l.verdict]))).toEqual({ 'app-a': 'filtered', local: 'open' });
    expect(summary.findings).toEqual(expect.arrayContaining(['differs-by-vantage', 'source-address-matters']));
    expect(stderr).toMatch(/report written: .*fleet\.html/);
  });

  it('the report says what the lines say: the label, the difference first, each row', () => {
    const text = html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
    expect(html).toContain('<div class="label">differs</div>');
    for (const d of summary.details) expect(text).toContain(d.text);
    expect(text.indexOf('source-address-matters')).toBeLessThan(text.indexOf('Side by side'));
    for (const l of lines) {
      const row = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1]).find((r) => r.startsWith(`<td data-label="From">${l.from}`))!;
      expect(row, l.from).toBeDefined();
      expect(row).toContain(`>${l.verdict}</span>`);
      for (const a of l.target.addresses) expect(row).toContain(`<code>${a}</code>`);
      expect(row).toContain(l.vantage.source!);
    }
    // A's steps carry the ssh command that reproduces them there, and its own story's cause.
    expect(text).toMatch(/Try it yourself: ssh -F \S+ app-a '/);
    expect(text).toContain(`The SYN to ${S} port 9301 got no answer`);
  });
});
