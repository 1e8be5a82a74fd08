/**
 * `tcpsleuth chat` in a pipe, end to end through the built CLI (npm run build first) against real
 * loopback listeners: a scripted conversation in many phrasings, one JSON reply per line, in order.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useLoopbackServers } from '../helpers/loopback.js';

const port = useLoopbackServers(['refused', 'banner']);

interface Line {
  kind: string;
  [k: string]: unknown;
}

async function converse(lines: string[], args: string[] = ['--json']): Promise<{ code: number; replies: Line[]; stdout: string; stderr: string }> {
  const r = await runCli(['chat', ...args], { input: `${lines.join('\n')}\n`, timeoutMs: 60_000 });
  const replies = args.includes('--json') ? r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line) : [];
  return { code: r.code, replies, stdout: r.stdout, stderr: r.stderr };
}

describe('tcpsleuth chat --json (pipe)', () => {
  it('answers a scripted conversation: one reply per message, in order, the thread kept', async () => {
    const closed = port('refused');
    const open = port('banner');
    const pasted = JSON.stringify(`java.net.ConnectException: Connection refused (Connection refused)\n\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n\tat org.postgresql.core.PGStream.<init>(PGStream.java:95)\nCaused by: connect to 127.0.0.1:${closed} failed`);
    const script = [
      `127.0.0.1:${closed}`,
      `scan ports ${closed - 2}-${closed + 2}`,
      'why?',
      'is it the firewall?',
      pasted,
      'yes',
      'why does my socket sit in SYN_SENT?',
      `is localhost:${open} up?`,
      `nc -vz 127.0.0.1 ${closed}`,
      'hello there',
      '/help',
    ];
    const { code, replies } = await converse(script);
    expect(code).toBe(0);
    expect(replies.map((r) => r.kind)).toEqual(['check', 'scan', 'why', 'firewall', 'explain', 'check', 'answer', 'check', 'check', 'smalltalk', 'help']);
    const [check, scan, why, firewall, explain, offered, answer, up, nc, greeting] = replies;
    // check: the `check --json` report's fields
    expect(check).toMatchObject({ verdict: 'refused', target: { host: '127.0.0.1', port: closed } });
    expect(check.findings).toContain('not-listening');
    expect(Array.isArray(check.steps) && Array.isArray(check.lessons)).toBe(true);
    // "scan ports …" scans line 1's host: the `scan --json` object
    expect(scan).toMatchObject({ host: '127.0.0.1', address: '127.0.0.1' });
    const ports = scan.ports as Array<{ port: number; state: string }>;
    expect(ports.map((p) => p.port)).toEqual([closed - 2, closed - 1, closed, closed + 1, closed + 2]);
    expect(ports.find((p) => p.port === closed)?.state).toBe('closed');
    // why: the last verdict in its words and evidence
    expect(why).toMatchObject({ verdict: 'refused', target: `127.0.0.1:${closed}` });
    expect(String((why.evidence as string[]).join(' '))).toContain('ECONNREFUSED');
    expect(firewall).toMatchObject({ verdict: 'refused', likely: 'not-firewall' });
    // a multi-line paste as a JSON string literal: one explanation, with its host and port and the offer
    expect(explain).toMatchObject({ class: 'refused', host: '127.0.0.1', port: closed, offer: { kind: 'check' } });
    expect(offered).toMatchObject({ verdict: 'refused', target: { port: closed } });
    // a question: `ask --json` fields
    expect(typeof answer.lesson).toBe('string');
    expect(String(answer.answer)).toMatch(/SYN/);
    expect(up).toMatchObject({ verdict: 'open', target: { host: 'localhost', port: open } });
    expect(nc).toMatchObject({ verdict: 'refused', target: { port: closed } });
    // A greeting gets a short human reply, with the examples the first time.
    expect(greeting).toMatchObject({ intent: 'greeting' });
    expect((greeting.examples as string[]).length).toBeGreaterThan(1);
  });

  it('the same closed port in many phrasings: each is a check of it, refused', async () => {
    const p = port('refused');
    const phrasings = [
      `127.0.0.1 ${p}`,
      `127.0.0.1 port ${p}`,
      `can't reach 127.0.0.1 on ${p}`,
      `telnet 127.0.0.1 ${p}`,
      `curl -v http://127.0.0.1:${p}/health`,
      `psql -h 127.0.0.1 -p ${p}`,
      `ssh -p ${p} deploy@127.0.0.1`,
      `redis-cli -h 127.0.0.1 -p ${p} ping`,
    ];
    const { code, replies } = await converse(phrasings);
    expect(code).toBe(0);
    expect(replies).toHaveLength(phrasings.length);
    for (const r of replies) expect(r).toMatchObject({ kind: 'check', verdict: 'refused', target: { host: '127.0.0.1', port: p } });
  });

  it('plain text: one reply per message, escapes from the input shown inert, exit 0', async () => {
    const { code, stdout } = await converse(['zqx \u001b]0;pwned\u0007 \u001b[2Jvvb', 'teach me about ECN', 'exit', 'never read'], []);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).not.toContain('\u0007');
    expect(stdout).toContain('I did not understand');
    expect(stdout).toMatch(/ECN/);
    expect(stdout).toContain('Bye.');
  });

  it('a 1 MB message is answered with a reason, quickly, and the next line still gets its reply', async () => {
    const t0 = Date.now();
    const { code, replies } = await converse(['x'.repeat(1024 * 1024), 'quiz me']);
    expect(code).toBe(0);
    expect(replies.map((r) => r.kind)).toEqual(['error', 'quiz']);
    expect(String(replies[0].text)).toMatch(/characters/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('/report NAME writes a bare file name in the reports folder, never over an existing file; a path is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsl-chat-report-'));
    const outside = mkdtempSync(join(tmpdir(), 'tsl-chat-outside-'));
    try {
      const script = [`127.0.0.1:${port('refused')}`, '/report r.md', '/report r.md', `/report ${join(outside, 'abs.html')}`, '/report ../../x.md', 'save a report'];
      const r = await runCli(['chat', '--json'], { input: `${script.join('\n')}\n`, timeoutMs: 60_000, env: { TCPSLEUTH_REPORT_DIR: dir } });
      const replies = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
      expect(replies.map((x) => x.kind)).toEqual(['check', 'report', 'report', 'report', 'report', 'report']);
      expect(replies[1]).toMatchObject({ file: join(dir, 'r.md') });
      expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain('refused');
      expect(replies[2].file).toBeUndefined();
      expect(String(replies[2].text)).toMatch(/already exists/);
      // Paths are refused with the reason, and nothing is written where they point.
      for (const refused of [replies[3], replies[4]]) {
        expect(refused.file).toBeUndefined();
        expect(String(refused.text)).toMatch(/a file name, not a path/);
      }
      expect(existsSync(join(outside, 'abs.html'))).toBe(false);
      expect(existsSync(join(dir, '..', '..', 'x.md'))).toBe(false);
      expect(String(replies[5].file)).toMatch(new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/tcpsleuth-127\\.0\\.0\\.1-`));
      expect(existsSync(String(replies[5].file))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('chat --help teaches the pipe mode', async () => {
    const r = await runCli(['chat', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('JSON string literal');
  });
});
