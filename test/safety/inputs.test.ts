/**
 * Files named on the command line are judged before a byte is read: `check -f`, `--ca` and
 * `--ssh-config` refuse a FIFO, a device, a folder or an oversized file with exit 2 and the way to
 * do it instead, before any packet; `-f -` streams stdin asynchronously, so SIGTERM and Ctrl-C end
 * it at once. Real FIFOs, /dev/zero, a sparse 100 MB file, a loopback listener that counts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { expectInert, tempDir } from './fixture.js';

const tmp = tempDir('inputs');
// TCPSLEUTH_SELF: the commands the tool prints start with `tcpsleuth`, whatever runs the test.
const env = { TCPSLEUTH_STATE_DIR: tmp.dir, TCPSLEUTH_SELF: 'tcpsleuth' };
const fifo = join(tmp.dir, 'targets.fifo');
const folder = join(tmp.dir, 'a-folder');
const big = join(tmp.dir, 'big.txt');
let listener: net.Server;
let port = 0;
let accepted = 0;

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  mkdirSync(folder);
  writeFileSync(big, '');
  truncateSync(big, 100 * 1024 * 1024);
  listener = net.createServer((s) => {
    accepted++;
    s.destroy();
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  port = (listener.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => listener.close(r));
  tmp.remove();
});

/** Exit 2, one inert line on stderr matching `message`, nothing on stdout, no packet to the listener. */
async function refused(args: string[], message: RegExp) {
  const before = accepted;
  const r = await runCli(args, { env, timeoutMs: 10_000 });
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expectInert(r.stderr, 'stderr');
  expect(accepted).toBe(before);
}

describe('check -f FILE', () => {
  it.each([
    ['a FIFO', () => fifo, /-f .*targets\.fifo: is a named pipe \(FIFO\), not a regular file \(to stream it: tcpsleuth check -f - < \/tmp\/.*targets\.fifo\)/],
    ['/dev/zero (a device: never read, never grows)', () => '/dev/zero', /-f \/dev\/zero: is a device, not a regular file/],
    ['a folder', () => folder, /-f .*a-folder: is a folder, not a file/],
    ['a 100 MB file', () => big, /-f .*big\.txt: 100 MB is more than a target list may be \(4 MB\)/],
    ['a missing file', () => join(tmp.dir, 'missing.txt'), /-f .*missing\.txt: no such file/],
  ])('refuses %s with exit 2, before any packet', async (_what, file, message) => {
    await refused(['check', `127.0.0.1:${port}`, '-f', file(), '--no-ping'], message);
  });

  it('reads a regular file (the same check, for contrast)', async () => {
    const list = join(tmp.dir, 'list.txt');
    writeFileSync(list, `# ours\n127.0.0.1:${port}\n`);
    const r = await runCli(['check', '-f', list, '--no-ping', '--json'], { env });
    expect(JSON.parse(r.stdout.trim()).target.port).toBe(port);
  });

  it('stdin past the cap is refused (not read to the end)', async () => {
    const five = join(tmp.dir, 'five-mb.txt');
    writeFileSync(five, `# ${'x'.repeat(80)}\n`.repeat(60_000));
    const fd = openSync(five, 'r');
    try {
      const child = spawn(process.execPath, [CLI, 'check', '-f', '-', '--no-ping'], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: [fd, 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (b) => (stderr += b));
      const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)));
      expect(stderr).toMatch(/^tcpsleuth: -f -: stdin sent more than a target list may be \(4 MB\)\n$/);
      expect(code).toBe(2);
    } finally {
      closeSync(fd);
    }
  });

  // libuv makes fd 0 non-blocking when it starts streaming it: then the read is under way.
  const streaming = (pid: number) => (Number.parseInt(/^flags:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/0`, 'utf8'))?.[1] ?? '0', 8) & 0o4000) !== 0;

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('-f - waiting on a stdin that never ends stops at %s', async (signal, code) => {
    const child = spawn(process.execPath, [CLI, 'check', '-f', '-', '--no-ping'], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    try {
      for (let i = 0; i < 100 && !streaming(child.pid!); i++) await new Promise((r) => setTimeout(r, 50));
      expect(streaming(child.pid!)).toBe(true);
      const sent = performance.now();
      child.kill(signal);
      const timeout = new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5000).unref());
      expect(await Promise.race([exited, timeout])).toBe(code);
      expect(performance.now() - sent).toBeLessThan(5000);
    } finally {
      child.kill('SIGKILL');
      child.stdin.destroy();
    }
  });
});

describe('--ca FILE and --ssh-config FILE', () => {
  it.each([
    [['--ca', fifo], /--ca .*targets\.fifo: is a named pipe \(FIFO\)/],
    [['--ca', '/dev/zero'], /--ca \/dev\/zero: is a device/],
    [['--ssh-config', '/nonexistent'], /--ssh-config \/nonexistent: no such file/],
    [['--ssh-config', fifo], /--ssh-config .*targets\.fifo: is a named pipe \(FIFO\)/],
    [['--ssh-config', folder], /--ssh-config .*a-folder: is a folder/],
  ])('%j: exit 2 before any packet', async (args, message) => {
    const server = args[0] === '--ssh-config' ? ['--server', 'ssh://root@127.0.0.1:1'] : [];
    await refused(['check', `127.0.0.1:${port}`, '--no-ping', ...server, ...args], message);
  });
});
