/**
 * Report files (issue 19): a path that cannot take a report is refused before any packet is sent
 * (exit 2, a clear message, nothing left behind), and the report and its pcap are placed through
 * a temp file created exclusively, so a planted symlink, at the report's own name or anywhere
 * else in the folder, is never written through. Real symlinks and a real FIFO in a temp folder.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeFile, ReportFileError, validateReportPath } from '../../src/report/report-path.js';
import { UsageError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tsl-report-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (file: string, opts: { force?: boolean; withPcap?: boolean } = {}): string => {
  try {
    validateReportPath(file, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ReportFileError);
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  return '';
};

describe('validateReportPath', () => {
  beforeAll(() => {
    mkdirSync(join(dir, 'folder.md'));
    writeFileSync(join(dir, 'plain'), 'x');
    execFileSync('mkfifo', [join(dir, 'fifo.md')]);
  });

  it('takes a new file in a folder that exists', () => {
    expect(refusal(join(dir, 'new.html'))).toBe('');
    expect(refusal(join(dir, 'new.md'), { withPcap: true })).toBe('');
  });

  it.each([
    ['a folder, even with --force', join(dir, 'folder.md'), { force: true }, 'is a folder, not a file'],
    ['a FIFO', join(dir, 'fifo.md'), { force: true }, 'not a regular file'],
    ['a device', '/dev/null.md', {}, 'under /dev'],
    ['under /proc', '/proc/x.md', {}, 'under /proc'],
    ['under /sys', '/sys/kernel/x.md', {}, 'under /sys'],
    ['a name over 255 bytes', join(dir, `${'é'.repeat(130)}.md`), {}, 'at most 255'],
    ['a folder that does not exist', join(dir, 'no/such/x.md'), {}, 'no folder'],
    ['a parent that is a file', join(dir, 'plain', 'x.md'), {}, 'is not a folder'],
    ['the wrong extension', join(dir, 'x.txt'), {}, 'ending in .md or .html'],
  ])('refuses %s', (_what, file, opts, message) => {
    expect(refusal(file, opts)).toContain(message);
  });

  it('a device itself is refused, and the pcap beside the report is checked too', () => {
    symlinkSync('/dev/null', join(dir, 'devlink.md'));
    // The link is replaced by --force, never written through; without it, it exists.
    expect(refusal(join(dir, 'devlink.md'))).toContain('already exists');
    expect(refusal(join(dir, 'devlink.md'), { force: true })).toBe('');
    mkdirSync(join(dir, 'r.pcap'));
    expect(refusal(join(dir, 'r.md'), { withPcap: true, force: true })).toContain('r.pcap is a folder');
  });
});

describe('placeFile: never through a planted symlink', () => {
  it('without force: a symlink at the name is an existing file; its target is untouched', async () => {
    const victim = join(dir, 'victim-1');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir, 'planted.md'));
    await expect(placeFile(join(dir, 'planted.md'), false, { data: 'report' })).rejects.toThrow(/already exists/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readlinkSync(join(dir, 'planted.md'))).toBe(victim);
  });

  it('with force: the symlink itself is replaced by the report; its target is untouched', async () => {
    const victim = join(dir, 'victim-2');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, join(dir, 'forced.md'));
    await placeFile(join(dir, 'forced.md'), true, { data: 'report' });
    expect(lstatSync(join(dir, 'forced.md')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'forced.md'), 'utf8')).toBe('report');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('no predictable temp name: links planted at the old names (and many guesses) are never followed', async () => {
    const sub = mkdtempSync(join(dir, 'plant-'));
    const victim = join(dir, 'victim-3');
    writeFileSync(victim, 'precious');
    // The old scheme was .NAME.PID.MS.tmp; plant it for this pid and the next few milliseconds.
    const now = Date.now();
    for (let ms = now - 5; ms < now + 400; ms += 1) symlinkSync(victim, join(sub, `.r.md.${process.pid}.${ms}.tmp`));
    const capture = join(dir, 'source.pcap');
    writeFileSync(capture, Buffer.alloc(70_000, 7));
    await placeFile(join(sub, 'r.md'), false, { data: 'report' });
    await placeFile(join(sub, 'r.pcap'), false, { from: capture });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(join(sub, 'r.md'), 'utf8')).toBe('report');
    expect(readFileSync(join(sub, 'r.pcap')).equals(readFileSync(capture))).toBe(true);
    // Nothing of ours left beside them: only the planted links, the report and the pcap.
    expect(readdirSync(sub).filter((f) => !f.startsWith('.r.md.')).sort()).toEqual(['r.md', 'r.pcap']);
  });
});

describe('check --report with a path that cannot be written: exit 2 before any packet', () => {
  let server: net.Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    ['/proc', ['--report', '/proc/x.md'], 'under /proc'],
    ['a folder with --force', ['--report', join(dir, 'folder.md'), '--force'], 'is a folder'],
    ['a 300-character name', ['--report', join(dir, `${'n'.repeat(297)}.md`)], 'at most 255'],
    ['a FIFO with --force', ['--report', join(dir, 'fifo.md'), '--force'], 'not a regular file'],
  ])('%s', async (_what, args, message) => {
    const before = readdirSync(dir).sort();
    const r = await runCli(['check', `127.0.0.1:${port}`, '--no-ping', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(r.stdout).toBe('');
    expect(connections).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('analyze --report of a capture whose file name is hostile: no HTML in line 1, no javascript: link', async () => {
    const name = 'javascript:alert(1)<img src=x onerror=alert(2)>[y](z).pcap';
    writeFileSync(join(dir, name), readFileSync(join(__dirname, '../fixtures/pcap/lo-ethernet-usec.pcap')));
    for (const out of ['hostile.md', 'hostile.html']) {
      const r = await runCli(['analyze', join(dir, name), '--report', join(dir, out)]);
      expect(r.code).toBe(0);
      // In Markdown the name may sit in a code span, as it is (inert there); nowhere else.
      const text = readFileSync(join(dir, out), 'utf8').replace(/`[^`\n]*`/g, '`…`');
      expect(text).not.toContain('<img');
      expect(text).not.toMatch(/href="javascript|\]\(javascript|\]\(\.\/javascript/);
    }
    const md = readFileSync(join(dir, 'hostile.md'), 'utf8');
    expect(md.split('\n')[0].startsWith('Capture javascript\\:alert\\(1\\)&lt;img src=x onerror=alert\\(2\\)&gt;\\[y\\]\\(z\\)\\.pcap\\: ')).toBe(true);
  });

  it('analyze --report: the same checks, before the capture is read', async () => {
    const r = await runCli(['analyze', join(__dirname, '../fixtures/pcap/lo-ethernet-usec.pcap'), '--report', '/sys/x.html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('under /sys');
  });
});
