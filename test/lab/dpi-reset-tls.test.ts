/**
 * A RST forged by a "DPI box" (the router) after the ClientHello, with the TLS step reading through
 * its recording stream: still `reset` with reset-during-tls, and with --capture rst-ttl-mismatch
 * (the router's RST left it with TTL 64; the server's SYN-ACK arrived with 63). Root; this file's
 * own namespaces (`tsl-ftls-dpi*`).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upScenario } from '../../src/lab/index.js';
import { destroyAllLabs } from '../../src/lab/netns.js';
import { runCli } from '../helpers/cli.js';
import { canUseNamespaces, noteSkip } from '../helpers/root.js';

noteSkip('the forged-RST-during-TLS tests');

describe.skipIf(!canUseNamespaces)('dpi-reset: a forged RST during TLS (root)', () => {
  afterAll(async () => {
    await destroyAllLabs('tsl-ftls-dpi');
  });

  it.each([4, 6] as const)('IPv%i: reset during TLS, and the capture sees the TTL mismatch', async (family) => {
    const lab = await upScenario('dpi-reset', { name: `ftls-dpi${family}`, family });
    const tmp = mkdtempSync(join(tmpdir(), 'tsl-ftls-dpi-'));
    try {
      const target = family === 4 ? `${lab.target.host}:${lab.target.port}` : `[${lab.target.host}]:${lab.target.port}`;
      const r = await runCli(['check', target, '--tls', '--no-ping', '--capture', '--json'], {
        prefix: ['ip', 'netns', 'exec', lab.target.namespace!],
        env: { TMPDIR: tmp },
        timeoutMs: 60_000,
      });
      const report = JSON.parse(r.stdout);
      expect(report.verdict).toBe('reset');
      const tls = report.steps.find((s: { id: string }) => s.id === 'tls');
      expect(tls.evidence).toMatchObject({ result: 'reset', code: 'ECONNRESET' });
      expect(report.findings).toEqual(expect.arrayContaining(['reset-during-tls', 'rst-ttl-mismatch']));
      expect(report.findings).not.toContain('tls-not-tls');
      expect(report.details.find((d: { id: string }) => d.id === 'rst-ttl-mismatch').text).toMatch(/TTL 64 but the SYN-ACK with TTL 63/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
      await lab.down();
    }
  }, 90_000);
});
