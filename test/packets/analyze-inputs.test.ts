/**
 * What `analyze` is given that is not a plain capture file (issue 19): a FIFO, a device, a
 * directory, stdin as `-` (and stdin that never delivers, ended by SIGTERM), hostile arguments
 * and file names. Each is refused or read with a clear message; nothing hangs, nothing raw
 * reaches the terminal.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, runCli } from '../helpers/cli.js';

const fixture = fileURLToPath(new URL('../fixtures/pcap/synthetic-ethernet-be-usec.pcap', import.meta.url));
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let dir: string;
let fifo: string;

/**
 * Has process `pid` settled into waiting: asleep, and no CPU used over the last few looks? Node
 * catches SIGTERM from its first instant (to reset the terminal), so the signal mask says nothing
 * about ours; a process that sleeps without working has loaded the CLI and installed it.
 */
function settled(pid: number): () => boolean {
  const looks: string[] = [];
  return () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    looks.push(`${fields[0]} ${fields[11]} ${fields[12]}`); // state, utime, stime
    const last = looks.slice(-4);
    return last.length === 4 && last.every((l) => l === last[0]) && last[0].startsWith('S ');
  };
}

async function waitFor(ok: () => boolean, limitMs: number): Promise<void> {
  for (const until = performance.now() + limitMs; !ok(); ) {
    if (performance.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsl-analyze-inputs-'));
  fifo = join(dir, 'capture.fifo');
  execFileSync('mkfifo', [fifo]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('non-regular files are refused before they are opened (exit 2)', () => {
  it('a FIFO: a clear message at once, no hang', async () => {
    const t0 = performance.now();
    const r = await runCli(['analyze', fifo], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tcpsleuth: ${fifo} is a FIFO (named pipe), not a capture file (to read a stream, pipe it in and give - as the file: tcpdump -w - … | tcpsleuth analyze -)\n`);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('a device and a directory, also with --json and --report', async () => {
    const dev = await runCli(['analyze', '/dev/zero', '--json']);
    expect(dev).toMatchObject({ code: 2, stdout: '' });
    expect(dev.stderr).toMatch(/^tcpsleuth: \/dev\/zero is a device, not a capture file/);
    const d = await runCli(['analyze', dir, '--report', join(dir, 'r.md')]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/is a directory, not a capture file/);
  });
});

describe('- reads the capture from stdin', () => {
  it('gives what the file gives', async () => {
    const fromFile = await runCli(['analyze', fixture, '--json']);
    const piped = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'analyze', '-', '--json'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
      child.stdin.end(readFileSync(fixture));
    });
    expect(piped.code).toBe(0);
    const a = JSON.parse(fromFile.stdout);
    const b = JSON.parse(piped.stdout);
    expect(b.file).toBe('-');
    expect(b.conversations).toEqual(a.conversations);
    expect(b.packets).toBe(a.packets);
  });

  it('stdin that never delivers (a FIFO with no writer) waits, and SIGTERM ends it at once', async () => {
    // O_RDWR: opening the FIFO does not block us, and it never sees end-of-file.
    const fd = openSync(fifo, constants.O_RDWR);
    try {
      const child = spawn(process.execPath, [CLI, 'analyze', '-'], { stdio: [fd, 'pipe', 'pipe'] });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
      );
      // Wait until it is surely reading (a fixed 600 ms was too short for a loaded machine's node
      // start: SIGTERM came before the CLI's handler), then stop it.
      await waitFor(settled(child.pid!), 20_000);
      expect(child.exitCode).toBeNull();
      const sent = performance.now();
      child.kill('SIGTERM');
      const end = await exited;
      expect(end.code).toBe(143);
      expect(end.at - sent).toBeLessThan(3_000);
    } finally {
      closeSync(fd);
    }
  });

  it('--report needs a file it can read twice; a terminal on stdin is refused', async () => {
    const r = await runCli(['analyze', '-', '--report', join(dir, 'x.md')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report reads the capture twice, so it needs a file, not -/);
  });
});

describe('foreign text stays inert', () => {
  it('a hostile --conversation value is echoed escaped and cut', async () => {
    const evil = `\u001b]0;pwned\u0007\u001b]52;c;Zm9v\u0007${'x'.repeat(500)}`;
    const r = await runCli(['analyze', fixture, '--conversation', evil]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toMatch(/␛\]0;pwned␇/);
    expect(r.stderr.length).toBeLessThan(300);
  });

  it("a capture file's name with escape sequences and a newline: inert in the text, escaped in JSON", async () => {
    const name = join(dir, 'evil\u001b[2J\u001b]0;title\u0007\nname.pcap');
    copyFileSync(fixture, name);
    const text = await runCli(['analyze', name]);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(RAW_CONTROL);
    expect(text.stdout.split('\n')[0]).toMatch(/evil␛\[2J␛\]0;title␇␊name\.pcap: 60 packets/);
    const json = await runCli(['analyze', name, '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout).file).toBe(name);
    const missing = await runCli(['analyze', `${name}.gone`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(/\u001b|\u0007/);
  });
});
