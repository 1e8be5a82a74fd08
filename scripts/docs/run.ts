/**
 * Runs a transcript recipe for real: its loopback listeners, then each shell line in a temp
 * folder, with `npx tcpsleuth` meaning this checkout's built CLI (a two-line shim first on PATH),
 * so the line shown in the docs is exactly the line that ran. Everything it starts is stopped
 * and its folder removed, whatever happens.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellQuote } from '../../src/shell-words.js';
import { DOCS_SELF, ROOT } from './generated.js';
import type { ListenerKind, Recipe } from './recipes.js';

/** How long one shell line may take before it is stopped (the slowest, lab run, takes ~10 s). */
const LINE_TIMEOUT_MS = 90_000;

function listen(kind: ListenerKind): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // A moment after accept(), so the client's connect() has returned and observe sees the RST
    // (an RST before that is a race the transcript would show one way or the other).
    if (kind === 'reset') setTimeout(() => socket.resetAndDestroy(), 30);
    else if (kind === 'closed') socket.end();
    else if (kind === 'banner') socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
  });
  // Keep-alive sockets would hold close() open: destroy them when the server closes.
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/** A loopback port nothing listens on (bound, read, closed). */
async function freePort(): Promise<number> {
  const { server, port } = await listen('open');
  await new Promise((r) => server.close(r));
  return port;
}

/** Runs one line in its own process group, so a line that takes too long is stopped whole. */
function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    // stderr joins stdout inside the shell, so the two keep the order a terminal shows.
    const child = spawn('/bin/sh', ['-c', `exec 2>&1\n${line}`], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let late = false;
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => {
      late = true;
      try {
        process.kill(-(child.pid ?? 0), 'SIGTERM');
      } catch {
        // already gone
      }
    }, LINE_TIMEOUT_MS);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8') + (late ? '\n(stopped: took too long)\n' : ''));
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve('(could not start /bin/sh)\n');
    });
  });
}

/** The environment every line runs in: `npx tcpsleuth` and `sudo` shims first on PATH, no colour, 100 columns. */
function environment(dir: string): NodeJS.ProcessEnv {
  const bin = join(dir, '.bin');
  const cli = join(ROOT, 'dist/cli.js');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n# The docs' npx tcpsleuth: this checkout's build.\n[ "$1" = tcpsleuth ] || { echo "npx: only tcpsleuth here" >&2; exit 127; }\nshift\nexec ${shellQuote(process.execPath)} ${shellQuote(cli)} "$@"\n`);
  writeFileSync(join(bin, 'sudo'), '#!/bin/sh\n# Recipes that need root run only as root.\nexec "$@"\n');
  chmodSync(join(bin, 'npx'), 0o755);
  chmodSync(join(bin, 'sudo'), 0o755);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('npm_') && !k.startsWith('VITEST') && k !== 'FORCE_COLOR') env[k] = v;
  return { ...env, PATH: `${bin}:${process.env.PATH}`, TCPSLEUTH_SELF: DOCS_SELF, TCPSLEUTH_STATE_DIR: join(dir, '.state'), NO_COLOR: '1', TERM: 'dumb', COLUMNS: '100' };
}

/** The transcript of one recipe: `$ line` and its output for each shown line, as it ran now. */
export async function runRecipe(recipe: Recipe): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `tsl-docs-${recipe.id}-`));
  const servers: Server[] = [];
  try {
    const vars: Record<string, string> = {};
    for (const [name, kind] of Object.entries(recipe.listeners ?? {})) {
      if (kind === 'refused') vars[name] = String(await freePort());
      else {
        const { server, port } = await listen(kind);
        servers.push(server);
        vars[name] = String(port);
      }
    }
    const env = environment(dir);
    const out: string[] = [];
    for (const step of recipe.steps) {
      const line = step.sh.replace(/\{([a-z0-9]+)\}/g, (whole, name: string) => vars[name] ?? whole);
      const output = await sh(line, recipe.inProject ? ROOT : dir, env);
      for (const { name, pattern } of step.capture ?? []) {
        const m = pattern.exec(output);
        if (m) vars[name] = m[1];
      }
      if (!step.hidden) out.push(`$ ${line}\n${output.replace(/\n+$/, '')}`);
    }
    return out.join('\n').replace(/[ \t]+$/gm, '');
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    if (recipe.cleanup) await sh(recipe.cleanup, dir, environment(dir));
    rmSync(dir, { recursive: true, force: true });
  }
}
