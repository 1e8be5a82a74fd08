/**
 * Drills and the server side in `tcpsleuth chat --json`, end to end through the built CLI
 * (npm run build first): a real loopback drill started from the chat (its detached holder process
 * holds the fault), a real check of its target in the chat, a wrong answer, a right one, and
 * nothing left behind (no holder, no drill record, no namespace); the end of input stops a drill
 * left up. `/server PORT` against a real loopback listener and a port nothing listens on.
 * The answers are read from the drill's state file, as a trainer's script would.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { ASKERS, CAUSES, DRILLS } from '../../src/drill/catalogue.js';
import { scenarioInfo } from '../../src/lab/index.js';

interface Line {
  kind: string;
  [k: string]: unknown;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A chat in a pipe we can talk to one line at a time (each message waits for its one reply). */
function chat(stateDir: string) {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'chat', '--json'], { env: { ...process.env, NO_COLOR: '1', TCPSLEUTH_STATE_DIR: stateDir }, stdio: ['pipe', 'pipe', 'pipe'] });
  const pending: Line[] = [];
  const waiters: Array<(l: Line) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    const parsed = JSON.parse(l) as Line;
    const w = waiters.shift();
    if (w) w(parsed);
    else pending.push(parsed);
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const next = () => new Promise<Line>((resolve) => (pending.length ? resolve(pending.shift()!) : waiters.push(resolve)));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  return {
    async say(text: string): Promise<Line> {
      child.stdin!.write(`${text}\n`);
      return next();
    },
    /** Ends the input; resolves with the replies printed after it and the exit code. */
    async end(): Promise<{ code: number; after: Line[]; stderr: string }> {
      child.stdin!.end();
      const code = await exited;
      await new Promise((r) => setTimeout(r, 50));
      return { code, after: pending.splice(0), stderr };
    },
    /** Ctrl-C on the pipe: resolves with the exit code. */
    async interrupt(): Promise<number> {
      child.kill('SIGINT');
      return exited;
    },
    /** After a failure: end the input (the chat stops its drill), then SIGTERM (its cleanups stop it), never a bare SIGKILL first. */
    async close(): Promise<void> {
      if (child.exitCode !== null) return;
      child.stdin!.end();
      const t1 = setTimeout(() => child.kill('SIGTERM'), 10_000);
      const t2 = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t1);
      clearTimeout(t2);
    },
  };
}

/** The right answer for the drill `id`, from its record (the fault the learner cannot see). */
function expectedAnswer(stateDir: string, id: string) {
  const record = JSON.parse(readFileSync(join(stateDir, 'drills', `${id}.json`), 'utf8')) as { scenario: string; holderPid: number };
  const entry = DRILLS.find((d) => d.scenario === record.scenario)!;
  return { verdict: scenarioInfo(record.scenario)!.expect, cause: entry.cause, ask: entry.ask, holderPid: record.holderPid, scenario: record.scenario };
}

/**
 * Is the process running? A zombie (ended, not yet reaped by the chat that spawned it) is not:
 * the holder has exited and torn its fault down; its parent reaps it when it gets to it.
 */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/** Nothing of drill `id` is left: no holder process, no drill record, no namespace named after it. */
function nothingLeft(stateDir: string, id: string, holderPid: number): void {
  expect(alive(holderPid)).toBe(false);
  expect(existsSync(join(stateDir, 'drills', `${id}.json`))).toBe(false);
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  expect(ps).not.toContain(`__hold ${id}`);
  let netns = '';
  try {
    netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  } catch {
    // No iproute2: no namespace could have been made either.
  }
  expect(netns).not.toContain(`drill-${id}`);
}

const WRONG_VERDICT: Record<string, string> = { refused: 'filtered', reset: 'refused', closed: 'filtered', filtered: 'refused' };

describe('a drill in the chat (pipe, real faults on loopback)', () => {
  it('start, check its target, answer wrong, start again, answer right in words; nothing left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-chatdrill-'));
    dirs.push(dir);
    const c = chat(dir);
    try {
      const started = await c.say('/drill 1');
      expect(started).toMatchObject({ kind: 'drill', action: 'start', level: 1 });
      // The `drill start --json` fields: id, ticket, target, investigate, causes (the same list for every drill), asks.
      expect(started.id).toMatch(/^[0-9a-f]{6}$/);
      expect(started.causes).toEqual(Object.entries(CAUSES).map(([id, text]) => ({ id, text })));
      expect((started.asks as Array<{ id: string }>).map((a) => a.id)).toEqual(Object.keys(ASKERS));
      // investigate runs as printed: how this tcpsleuth was started (npx tcpsleuth, node dist/cli.js, tcpsleuth), then check TARGET.
      expect((started.investigate as string[]).slice(-2)).toEqual(['check', started.target]);
      const first = expectedAnswer(dir, started.id as string);
      expect(alive(first.holderPid)).toBe(true);

      // The real check of the drill's target, in the chat: it shows the fault's verdict.
      const checked = await c.say('check it');
      expect(checked).toMatchObject({ kind: 'check', verdict: first.verdict });
      expect(`${(checked.target as { host: string }).host}:${(checked.target as { port: number }).port}`).toBe(started.target);

      const wrong = await c.say(`answer ${WRONG_VERDICT[first.verdict]} 13 security`);
      expect(wrong).toMatchObject({ kind: 'drill-result', id: started.id, allCorrect: false, verdict: { correct: false, expected: first.verdict }, cause: { correct: false, expected: first.cause }, ask: { correct: false, expected: first.ask } });
      expect(wrong.score).toBe(0);
      expect(wrong.evidence).toMatchObject({ verdict: first.verdict });
      nothingLeft(dir, started.id as string, first.holderPid);

      const again = await c.say('give me an easy drill');
      expect(again).toMatchObject({ kind: 'drill', action: 'start', level: 1 });
      const second = expectedAnswer(dir, again.id as string);
      const hint = await c.say('hint');
      expect(hint).toMatchObject({ kind: 'drill', action: 'hint', hintsTaken: 1 });
      const who = { 'service-owner': 'ask the service owner', 'network-team': 'ask the network team', 'security-team': 'ask the security team' }[second.ask];
      const right = await c.say(`it's ${second.verdict}, ${CAUSES[second.cause]}, ${who}`);
      expect(right).toMatchObject({ kind: 'drill-result', allCorrect: true, verdict: { correct: true }, cause: { correct: true }, ask: { correct: true }, lesson: { command: expect.stringMatching(/(tcpsleuth|cli\.js) learn /) } });
      expect(right.score).toBe(90); // 100, less one hint
      nothingLeft(dir, again.id as string, second.holderPid);

      const { code, after } = await c.end();
      expect(code).toBe(0);
      expect(after).toEqual([]); // no drill up: the end of input says nothing more
      // The record a trainer reads has both drills.
      const progress = JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')) as { drills: Array<{ id: string; score: number | null }> };
      expect(progress.drills.map((d) => [d.id, d.score])).toEqual([[started.id, 0], [again.id, 90]]);
    } finally {
      await c.close();
    }
  }, 120_000);

  it('Ctrl-C (SIGINT) with a drill up: exit 130 and the fault is torn down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-chatdrill-'));
    dirs.push(dir);
    const c = chat(dir);
    try {
      const started = await c.say('give me a drill');
      expect(started.kind).toBe('drill');
      const { holderPid } = expectedAnswer(dir, started.id as string);
      expect(alive(holderPid)).toBe(true);
      expect(await c.interrupt()).toBe(130);
      nothingLeft(dir, started.id as string, holderPid);
    } finally {
      await c.close();
    }
  }, 60_000);

  it('the end of the input with a drill up stops it (one last quit reply); /quit does too', async () => {
    for (const last of [null, '/quit']) {
      const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-chatdrill-'));
      dirs.push(dir);
      const c = chat(dir);
      try {
        const started = await c.say('drill me');
        expect(started.kind).toBe('drill');
        const { holderPid } = expectedAnswer(dir, started.id as string);
        expect(alive(holderPid)).toBe(true);
        const quit = last ? await c.say(last) : undefined;
        const { code, after } = await c.end();
        expect(code).toBe(0);
        expect(quit ?? after[0]).toMatchObject({ kind: 'quit', text: expect.stringContaining(`Stopped drill ${started.id}`) });
        nothingLeft(dir, started.id as string, holderPid);
        expect(readdirSync(join(dir, 'drills'))).toEqual([]);
      } finally {
        await c.close();
      }
    }
  }, 120_000);
});

const root = process.platform === 'linux' && process.getuid?.() === 0;

describe('a namespace drill in the chat (root: the lab builds its namespaces)', () => {
  it.skipIf(!root)('"check it" runs the check inside the drill\'s client namespace; "stop the drill" tears it all down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-chatdrill-'));
    dirs.push(dir);
    const c = chat(dir);
    try {
      // Level 2 has loopback drills too: start until a namespace one comes up (bounded).
      let started: Line | undefined;
      for (let i = 0; i < 12 && !started; i++) {
        const d = await c.say('/drill 2');
        expect(d).toMatchObject({ kind: 'drill', action: 'start', level: 2 });
        if ((d.investigate as string[])[0] === 'ip') started = d;
        else expect(await c.say('stop the drill')).toMatchObject({ kind: 'drill', action: 'stop' });
      }
      if (!started) throw new Error('no namespace drill came up in 12 tries');
      const investigate = started.investigate as string[];
      expect(investigate.slice(0, 3)).toEqual(['ip', 'netns', 'exec']);
      const expected = expectedAnswer(dir, started.id as string);
      const checked = await c.say('check it');
      expect(checked).toMatchObject({ kind: 'check', verdict: expected.verdict, text: expect.stringContaining(investigate.join(' ')) });
      const stopped = await c.say('stop the drill');
      expect(stopped).toMatchObject({ kind: 'drill', action: 'stop', stopped: [started.id] });
      nothingLeft(dir, started.id as string, expected.holderPid);
      expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(investigate[3]);
      expect((await c.end()).after).toEqual([]);
    } finally {
      await c.close();
    }
  }, 120_000);
});

describe('/server PORT in the chat (pipe, a real loopback listener)', () => {
  it('a listening port: its listener on 127.0.0.1; a port nothing listens on: not-listening', async () => {
    const server: Server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const spare: Server = createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const freePort = (spare.address() as { port: number }).port;
    await new Promise((r) => spare.close(r));
    const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-chatserver-'));
    dirs.push(dir);
    const c = chat(dir);
    try {
      const up = await c.say(`/server ${port}`);
      expect(up).toMatchObject({ kind: 'server', port, host: 'local' });
      const listeners = (up.facts as { listeners: Array<{ address: string; port: number }> }).listeners;
      expect(listeners).toContainEqual(expect.objectContaining({ address: '127.0.0.1', port }));
      const ids = (up.findings as Array<{ id: string }>).map((f) => f.id);
      expect(ids).not.toContain('not-listening');
      expect(ids).toContain('listening-localhost-only');
      const down = await c.say(`is anything listening on ${freePort} here?`);
      expect(down).toMatchObject({ kind: 'server', port: freePort, ok: false, findings: [expect.objectContaining({ id: 'not-listening' })] });
      // After a check, "check from the server side too" asks for the ssh address, then runs the
      // two-sided check: no sshd on 127.0.0.1:1, so the server's steps are unavailable with the fix
      // and the client-side check still completes.
      await c.say(`127.0.0.1:${freePort}`);
      expect(await c.say('check from the server side too')).toMatchObject({ kind: 'prompt', need: 'ssh' });
      const both = await c.say('ssh://nobody@127.0.0.1:1');
      expect(both).toMatchObject({ kind: 'check', verdict: 'refused', text: expect.stringMatching(new RegExp(`^Both sides: (npx tcpsleuth|node \\S*dist/cli\\.js|tcpsleuth) check 127\\.0\\.0\\.1:${freePort} --server ssh://nobody@127\\.0\\.0\\.1:1$`)) });
      const steps = both.steps as Array<{ id: string; outcome: string; fix?: string }>;
      expect(steps.filter((s) => s.id.startsWith('server-')).map((s) => [s.id, s.outcome])).toEqual([['server-capture', 'unavailable'], ['server-sockets', 'unavailable']]);
      expect(both.findings).toContain('server-side-unavailable');
      const bad = await c.say('/server 70000');
      expect(bad).toMatchObject({ kind: 'error', text: expect.stringContaining('out of range') });
      expect((await c.end()).code).toBe(0);
    } finally {
      await c.close();
      server.close();
    }
  }, 60_000);
});
