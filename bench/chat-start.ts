/**
 * Time to the first prompt of `tcpsleuth` (the chat) in a real pseudo-terminal, against the peer
 * in the same run: `tcpsleuth explain "…"` in the same pseudo-terminal, to its answer on screen
 * (issue 23: the chat within 1.5× of explain). Both load the same build; the chat's
 * understanding (phrase tables, readers) must not make the front door slower to open.
 * Run after `npm run build`: npm run bench:chat-start -- [runs]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const RUNS = Number(process.argv[2] ?? 11);
/** What the chat draws once its box is ready for input (its first frame, before Ink loads). */
const CHAT_READY = 'Ask, paste an error, or give a host:port';
/** What only Ink's frame draws (its cursor in the empty box, in reverse video; with colour on). */
const INK_READY = '\u001b[7m';
/** The peer: explain's answer to a one-line paste, and the words that end it. */
const EXPLAIN_ARGS = ['explain', 'curl: (7) Failed to connect to db.internal port 5432: Connection refused'];
const EXPLAIN_DONE = 'Check it now';

// A pty from python3's standard library: fork the CLI on a pseudo-terminal, read until the text
// appears, print the milliseconds, then end the child (SIGTERM, then SIGKILL) and reap it.
const PTY_TIMER = String.raw`
import os, pty, sys, time, signal, select, struct, fcntl, termios
cli, text = sys.argv[1], sys.argv[2].encode()
args = sys.argv[4:]
t0 = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, TERM='xterm-256color')
    if os.environ.get('BENCH_COLOR') != '1': env['NO_COLOR'] = '1'
    env.pop('CI', None)
    os.execve(sys.argv[3], [sys.argv[3], cli] + args, env)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
buf = b''
ms = -1
while time.monotonic() - t0 < 20:
    r, _, _ = select.select([fd], [], [], 0.5)
    if not r: continue
    try: chunk = os.read(fd, 65536)
    except OSError: break
    if not chunk: break
    buf += chunk
    if text in buf:
        ms = (time.monotonic() - t0) * 1000
        break
os.kill(pid, signal.SIGTERM)
for _ in range(50):
    if os.waitpid(pid, os.WNOHANG)[0]: break
    time.sleep(0.02)
else:
    os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
print(ms)
`;

function timeToPrompt(cli: string, text: string, args: string[] = [], color = false): number {
  const ms = Number(execFileSync('python3', ['-c', PTY_TIMER, cli, text, process.execPath, ...args], { encoding: 'utf8', env: { ...process.env, BENCH_COLOR: color ? '1' : '0' } }).trim());
  if (ms < 0) throw new Error(`${cli} never drew "${text}" within 20 s`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const explain: number[] = [];
const chat: number[] = [];
const ink: number[] = [];
// One warm-up of each (the file cache), then interleaved so load from other processes hits both alike.
timeToPrompt(CLI, EXPLAIN_DONE, EXPLAIN_ARGS);
timeToPrompt(CLI, CHAT_READY);
for (let i = 0; i < RUNS; i++) {
  explain.push(timeToPrompt(CLI, EXPLAIN_DONE, EXPLAIN_ARGS));
  chat.push(timeToPrompt(CLI, CHAT_READY));
  ink.push(timeToPrompt(CLI, INK_READY, [], true));
}
const ratio = median(chat) / median(explain);
console.log(`explain (the peer) to its answer: median ${median(explain).toFixed(1)} ms over ${RUNS} runs`);
console.log(`tcpsleuth (the chat) to its first prompt: median ${median(chat).toFixed(1)} ms over ${RUNS} runs: ratio ${ratio.toFixed(2)}x (limit 1.5x) ${ratio <= 1.5 ? 'OK' : 'TOO SLOW'}`);
console.log(`tcpsleuth to the full Ink screen (taking over the first frame): median ${median(ink).toFixed(1)} ms (${(median(ink) / median(explain)).toFixed(2)}x explain)`);
