/**
 * The PMTU blackhole, for real (root): the lab's pmtu-blackhole scenario in this file's own
 * namespaces (`tsl-ftls-pmtu*`), IPv4 and IPv6. Ground truth first (a plain TLS handshake stalls,
 * the router's "fragmentation needed" / Packet Too Big was sent and dropped), then the built CLI's
 * check names it, with the MSS that works; without socat it says what is missing.
 */
import { captureFindings } from '../../src/diagnosis/capture-findings.js';
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upScenario, type UpScenario } from '../../src/lab/index.js';
import { destroyAllLabs } from '../../src/lab/netns.js';
import { runTool } from '../../src/tools.js';
import { runCli } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';

noteSkip('the PMTU blackhole tests');

/** A TLS handshake with plain node:tls from inside the client namespace: `secure`, `timeout` or an error code. */
const HANDSHAKE = `
  const tls = require('node:tls');
  const [host, port] = process.argv.slice(1);
  const s = tls.connect({ host, port: Number(port), rejectUnauthorized: false });
  let connected = false;
  s.on('connect', () => (connected = true));
  s.on('secureConnect', () => { console.log('secure'); process.exit(0); });
  s.on('error', (e) => { console.log(e.code); process.exit(0); });
  setTimeout(() => { console.log(connected ? 'tcp-connected,timeout' : 'timeout'); process.exit(0); }, 3000);
`;

async function dropCount(lab: UpScenario, family: 4 | 6): Promise<number> {
  const r = await runTool('ip', ['netns', 'exec', lab.target.namespace!.replace(/-c$/, '-r'), family === 4 ? 'iptables' : 'ip6tables', '-w', '-L', 'OUTPUT', '-v', '-x', '-n'], { timeoutMs: 10_000 });
  const line = r.stdout.split('\n').find((l) => /DROP/.test(l));
  return Number(line?.trim().split(/\s+/)[0] ?? -1);
}

// Each test builds its own namespaces (tsl-ftls-pmtu4, -pmtu6, -pmtu-cap4, -pmtu-cap6, -pmtu-nosocat)
// and mostly waits for a handshake that stalls: they run at once.
describe.skipIf(!canUseNamespaces)('pmtu-blackhole in namespaces (root)', { concurrent: true }, () => {
  afterAll(async () => {
    // Only this file's namespaces: a failed test never leaves them behind.
    await destroyAllLabs('tsl-ftls-pmtu');
  });

  it.each([4, 6] as const)('IPv%i: the big flight vanishes, the ICMP is dropped, and the check names it with the MSS that works', async (family) => {
    const lab = await upScenario('pmtu-blackhole', { name: `ftls-pmtu${family}`, family });
    try {
      const ns = lab.target.namespace!;
      const raw = await runTool('ip', ['netns', 'exec', ns, process.execPath, '-e', HANDSHAKE, lab.target.host, String(lab.target.port)], { timeoutMs: 15_000 });
      expect(raw.stdout.trim()).toBe('tcp-connected,timeout');
      expect(await dropCount(lab, family)).toBeGreaterThan(0);

      const target = family === 4 ? `${lab.target.host}:${lab.target.port}` : `[${lab.target.host}]:${lab.target.port}`;
      const r = await runCli(['check', target, '--tls', '--no-ping', '--json'], { prefix: ['ip', 'netns', 'exec', ns], timeoutMs: 60_000 });
      const report = JSON.parse(r.stdout);
      expect(r.code).toBe(1);
      expect(report.verdict).toBe('tls-error');
      expect(report.findings).toContain('pmtu-blackhole');
      expect(report.lessons).toContain('pmtu');
      const tls = report.steps.find((s: { id: string }) => s.id === 'tls');
      expect(tls.evidence.result).toBe('timeout');
      expect(tls.evidence.mssRetry).toMatchObject({ available: true, worksWithMss: 1200, tries: [{ mss: 1200, result: 'ok' }] });
      expect(report.details.find((d: { id: string }) => d.id === 'pmtu-blackhole').text).toMatch(/type 3 code 4.*Packet Too Big.*clamp the MSS/);
    } finally {
      await lab.down();
    }
  }, 90_000);

  it.each([4, 6] as const)('IPv%i --capture: the packets name it too (the big segment never arrives; with the clamped MSS the whole answer does)', async (family) => {
    const lab = await upScenario('pmtu-blackhole', { name: `ftls-pmtu-cap${family}`, family });
    // The client's own link is 1500: its SYN asks for 1500 − 40 (IPv4) or 1500 − 60 (IPv6).
    const fullMss = family === 4 ? 1460 : 1440;
    const target = family === 4 ? `${lab.target.host}:${lab.target.port}` : `[${lab.target.host}]:${lab.target.port}`;
    // The check saves its pcap under TMPDIR: a folder of this test's own, removed after.
    const tmp = mkdtempSync(join(tmpdir(), 'tsl-ftls-pmtu-'));
    try {
      const r = await runCli(['check', target, '--tls', '--no-ping', '--capture', '--json'], {
        prefix: ['ip', 'netns', 'exec', lab.target.namespace!],
        env: { TMPDIR: tmp },
        timeoutMs: 60_000,
      });
      const report = JSON.parse(r.stdout);
      const capture = report.steps.find((s: { id: string }) => s.id === 'capture');
      expect(capture.outcome).toBe('pass');
      const conversations = capture.evidence.conversations as Array<{ mss?: number; stall?: { holeAtByte?: number }; bytes: { server: number } }>;
      const stalled = conversations.find((c) => c.stall && c.mss === fullMss);
      const clamped = conversations.find((c) => c.mss === 1200);
      expect(stalled, JSON.stringify(conversations)).toBeDefined();
      expect(clamped!.stall).toBeUndefined();
      expect(clamped!.bytes.server).toBeGreaterThan(fullMss);
      // The capture step records the conversations; diagnosis judges them (src/diagnosis/capture-findings.ts).
      const fromPackets = captureFindings(capture.evidence.conversations).find((f) => f.id === 'pmtu-blackhole')!;
      expect(fromPackets.text).toMatch(new RegExp(`^The capture shows it: with MSS ${fullMss} .* with MSS 1200 .* arrived`));
      expect(report.findings).toContain('pmtu-blackhole');
      expect(capture.evidence.file.startsWith(tmp)).toBe(true);
      // The same pcap through `analyze`: the stalled conversation says so in its line.
      const analyzed = await runCli(['analyze', capture.evidence.file]);
      expect(analyzed.stdout).toMatch(new RegExp(`server data stalled: a segment after \\d+ B never arrived \\(largest that did: \\d+ B, MSS ${fullMss}\\)`));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
      await lab.down();
    }
  }, 90_000);

  it('without socat: the stall is reported, with what is missing and how to get it', async () => {
    const lab = await upScenario('pmtu-blackhole', { name: 'ftls-pmtu-nosocat' });
    try {
      // PATH without /usr/bin: ip (in /usr/sbin) is found, socat (in /usr/bin) is not.
      const r = await runCli(['check', `${lab.target.host}:${lab.target.port}`, '--tls', '--no-ping', '--json'], {
        prefix: ['/usr/sbin/ip', 'netns', 'exec', lab.target.namespace!],
        env: { PATH: '/usr/sbin:/sbin' },
        timeoutMs: 60_000,
      });
      const report = JSON.parse(r.stdout);
      expect(report.verdict).toBe('tls-error');
      expect(report.findings).toContain('mss-retry-unavailable');
      expect(report.findings).not.toContain('pmtu-blackhole');
      const tls = report.steps.find((s: { id: string }) => s.id === 'tls');
      expect(tls.evidence.mssRetry).toMatchObject({ available: false, fix: expect.stringMatching(/apt-get install socat/) });
      expect(report.details.find((d: { id: string }) => d.id === 'mss-retry-unavailable').text).toMatch(/socat/);
    } finally {
      await lab.down();
    }
  }, 90_000);
});
