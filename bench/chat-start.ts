/**
 * Time to the first prompt of the interactive home in a real pseudo-terminal: the chat (this
 * build's dist/cli.js) against the menu home screen of a baseline build (issue 11: within 1.5×).
 * The baseline is a copy of dist/ from before the chat (default /tmp/home-baseline-dist).
 * Run after `npm run build`: npm run bench:chat-start -- [runs] [baseline-dist]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const RUNS = Number(process.argv[2] ?? 11);
const BASELINE = `${process.argv[3] ?? '/tmp/home-baseline-dist'}/cli.js`;
/** What each build draws once its first screen is ready for input. */
const MENU_READY = 'What would you like to do?';
const CHAT_READY = 'Ask, paste an error, or give a host:port';

// A pty from python3's standard library: fork the CLI on a pseudo-terminal, read until the text
// appears, print the milliseconds, then end the child (SIGTERM, then SIGKILL) and reap it.
const PTY_TIMER = String.raw`
import os, pty, sys, time, signal, select, struct, fcntl, termios
cli, text = sys.argv[1], sys.argv[2].encode()
t0 = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, TERM='xterm-256color', NO_COLOR='1')
    env.pop('CI', None)
    os.execve(sys.argv[3], [sys.argv[3], cli], env)
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

function timeToPrompt(cli: string, text: string): number {
  const ms = Number(execFileSync('python3', ['-c', PTY_TIMER, cli, text, process.execPath], { encoding: 'utf8' }).trim());
  if (ms < 0) throw new Error(`${cli} never drew "${text}" within 20 s`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const mode = process.env.BENCH_ONLY; // 'baseline' measures the menu alone (before the chat exists)
if (!existsSync(BASELINE)) throw new Error(`no baseline build at ${BASELINE}: copy dist/ there before the chat change`);
const menu: number[] = [];
const chat: number[] = [];
timeToPrompt(BASELINE, MENU_READY);
if (mode !== 'baseline') timeToPrompt(CLI, CHAT_READY);
// Interleave the two so that load from other processes hits both alike.
for (let i = 0; i < RUNS; i++) {
  menu.push(timeToPrompt(BASELINE, MENU_READY));
  if (mode !== 'baseline') chat.push(timeToPrompt(CLI, CHAT_READY));
}
console.log(`home menu (baseline) first frame: median ${median(menu).toFixed(1)} ms over ${RUNS} runs`);
if (mode !== 'baseline') {
  const ratio = median(chat) / median(menu);
  console.log(`chat first prompt: median ${median(chat).toFixed(1)} ms over ${RUNS} runs: ratio ${ratio.toFixed(2)}x (limit 1.5x) ${ratio <= 1.5 ? 'OK' : 'TOO SLOW'}`);
}
