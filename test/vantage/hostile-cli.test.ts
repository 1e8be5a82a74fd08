/**
 * The built CLI with hostile targets, vantage points and inventories: each is a usage error (exit
 * 2, one line, the value echoed inert), before any ssh starts, and nothing it carries runs.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tsl-hostile-from-'));
const MARKER = join(dir, 'pwned');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --from with hostile input', () => {
  const evil = join(dir, 'evil.ini');
  writeFileSync(evil, `[web]\nweb1 ansible_host=$(touch ${MARKER})\n`);
  const list = join(dir, 'evil.txt');
  writeFileSync(list, `app-1\nssh://app-2;touch ${MARKER}\n`);

  it.each([
    ['a target with a command substitution', [`$(touch ${MARKER}):80`, '--from', 'local'], /bad target|bad host/],
    ['a target with a newline', ['db\ntouch:80', '--from', 'local'], /whitespace or control characters/],
    ['a vantage point with a semicolon', ['127.0.0.1:1', '--from', `ssh://a;touch ${MARKER}`], /--from wants ssh:\/\/\[user@\]host\[:port\]/],
    ['a vantage point with quotes', ['127.0.0.1:1', '--from', `ssh://a'$(touch ${MARKER})'`], /--from wants/],
    ['a vantage point that is an ssh option', ['127.0.0.1:1', `--from=-oProxyCommand=touch ${MARKER}`], /--from wants/],
    ['a vantage point whose user is an option', ['127.0.0.1:1', '--from', `ssh://-oProxyCommand=x@host`], /--from wants|not a host name/],
    ['a vantage point with a newline', ['127.0.0.1:1', '--from', `ssh://a\ntouch ${MARKER}`], /--from wants/],
    ['an inventory host with a command substitution', ['127.0.0.1:1', '--from', `@${evil}`], /evil.ini (line 2|host web1)/],
    ['a list line with a semicolon', ['127.0.0.1:1', '--from', `@${list}`], /evil.txt line 2/],
  ])('%s: usage error, nothing runs', async (_name, args, message) => {
    const r = await runCli(['check', ...args], { timeoutMs: 20_000 });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(MARKER)).toBe(false);
  });

  it('control characters in a vantage point are echoed visibly, never sent to the terminal', async () => {
    const r = await runCli(['check', '127.0.0.1:1', '--from', 'ssh://a\x1b]0;owned\x07b'], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toContain('␛]0;owned␇b');
  });

  it.each([
    [['127.0.0.1:1', '127.0.0.1:2', '--from', 'local'], /one target from many places/],
    [['127.0.0.1:1', '--from', 'local', '--server', 'ssh://db'], /--from and --server/],
    [['127.0.0.1:1', '--from', 'local', '--report', join(dir, 'r.txt')], /\.md or \.html/],
    [['127.0.0.1:1', '--from', 'local', '--parallel', '0'], /--parallel wants/],
    [['127.0.0.1:1', '--from', '@/nonexistent/inventory.ini:web'], /cannot read it \(no such file\)/],
  ])('%j: a clear usage error', async (args, message) => {
    const r = await runCli(['check', ...args], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
