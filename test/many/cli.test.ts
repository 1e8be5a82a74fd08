/**
 * `check T1 T2 …` and `check -f FILE` against real loopback listeners (no root): plain lines,
 * JSON lines in finishing order, the target file's comments and stdin, bad lines, exit codes, and
 * the live table in a real terminal (tmux).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/evidence.js';
import { parseTargetList } from '../../src/many/targets.js';
import { runCli } from '../helpers/cli.js';
import { useLoopbackServers } from '../helpers/loopback.js';
import { hasTmux, startTerminal } from '../e2e/tmux.js';
import { UsageError } from '../../src/errors.js';

const port = useLoopbackServers(['open', 'banner', 'refused', 'accept-queue-full']);
const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-many-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseTargetList', () => {
  it('skips comments and blank lines, keeps the order', () => {
    const t = parseTargetList('# web\nexample.test:443\n\n  db.test:5432   # primary\nhttps://x.test\n');
    expect(t.map((x) => `${x.host}:${x.port}`)).toEqual(['example.test:443', 'db.test:5432', 'x.test:443']);
  });
  it('names the line of a bad target', () => {
    expect(() => parseTargetList('a.test:1\nb.test:99999\n', { source: 'hosts.txt' })).toThrowError(new UsageError('hosts.txt line 2: bad port 99999: expected a number from 1 to 65535'));
  });
});

describe('check with many targets', () => {
  const json = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as CheckReport);

  it('--json: one report per line, in the order they finish (the slow filtered one last), exit 1', async () => {
    const slow = `127.0.0.1:${port('accept-queue-full')}`;
    const r = await runCli(['check', slow, `127.0.0.1:${port('open')}`, `127.0.0.1:${port('refused')}`, '--json', '--no-ping', '--timeout', '1500']);
    const reports = json(r.stdout);
    expect(reports).toHaveLength(3);
    expect(reports.at(-1)!.target.port).toBe(port('accept-queue-full'));
    expect(reports.at(-1)!.verdict).toBe('filtered');
    expect(new Set(reports.map((x) => x.verdict))).toEqual(new Set(['filtered', 'open', 'refused']));
    expect(r.code).toBe(1);
  });

  it('-f FILE with comments: plain lines and a summary; exit 0 when all are open', async () => {
    const file = join(dir, 'open.txt');
    writeFileSync(file, `# two open ports\n127.0.0.1:${port('open')}\n\nlocalhost:${port('open')}  # by name\n`);
    const r = await runCli(['check', '-f', file, '--no-ping']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TARGET\s+ADDRESSES\s+VERDICT\s+TIME\s+FINDING$/);
    expect(lines.filter((l) => /\bopen\b/.test(l) && /127\.0\.0\.1/.test(l))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^2 targets in .*: 2 open$/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('-f - reads stdin and mixes with targets on the command line', async () => {
    const r = await runCli(['check', `127.0.0.1:${port('banner')}`, '-f', '-', '--json', '--no-ping'], { input: `127.0.0.1:${port('refused')}\n` });
    const reports = json(r.stdout);
    expect(reports.map((x) => x.target.port).sort()).toEqual([port('banner'), port('refused')].sort());
    expect(r.code).toBe(1);
  });

  it.each([
    [['-f', '/nonexistent/targets.txt'], /-f \/nonexistent\/targets.txt: no such file/],
    [['-f', '-'], /no targets in stdin/],
    [['a.test:1', 'b.test:1', '--server', 'ssh://x'], /--server checks one target at a time/],
    [['a.test:1', 'b.test:1', '--parallel', '0'], /--parallel wants/],
  ])('usage error %j', async (args, message) => {
    const r = await runCli(['check', ...args], { input: '# nothing\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it.skipIf(!hasTmux)('a live table in a terminal, the cursor shown again at the end', async () => {
    const term = startTerminal(['check', `127.0.0.1:${port('accept-queue-full')}`, `127.0.0.1:${port('open')}`, '--no-ping', '--timeout', '2000']);
    try {
      const during = await term.waitFor((s) => /checking…/.test(s) && /\bopen\b/.test(s), 5000);
      expect(during).toMatch(/TARGET\s+ADDRESSES/);
      const code = await term.exitCode(10_000);
      const end = term.screen();
      expect(code).toBe(1);
      expect(end).toMatch(/filtered/);
      expect(end).toMatch(/2 targets in .*: (1 filtered, 1 open|1 open, 1 filtered)/);
      expect(term.screenWithEscapes()).not.toMatch(/checking…/);
    } finally {
      term.kill();
    }
  }, 20_000);
});
