/**
 * Lessons state this kernel's TCP timings through placeholders, `{{syn-give-up}}`, filled in when
 * the lesson is loaded from src/kernel-timing.ts (this machine's sysctls), so a lesson never
 * quotes a number another kernel would give. The classic figures (127 s, ~15 min, 2 h) may stay
 * in the prose as history; what "this machine" does always comes from here. `{{tcpsleuth}}` is
 * the command that starts tcpsleuth the way the learner did, so a command in a lesson runs as
 * printed.
 */
import { describeSynGiveUp, formatKernelMs, readTcpTimings, type TcpTimings } from '../kernel-timing.js';
import { selfCommandLine } from '../self-command.js';
import { LessonError } from './parse.js';

/** `2 h`, `11 min 15 s`, `75 s`: kernel seconds in words, hours when whole. */
export function formatSeconds(s: number): string {
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${formatKernelMs((s % 3600) * 1000)}`;
  return formatKernelMs(s * 1000);
}

const here = (source: 'this-kernel' | 'classic') => (source === 'this-kernel' ? 'on this machine' : '(the classic Linux default: this system has no Linux sysctls)');

/** "2 h idle, then a probe every 75 s, 9 unanswered probes end it (2 h 11 min 15 s) on this machine". */
export function describeKeepalive(t: TcpTimings['keepalive']): string {
  const total = t.timeS + t.intervalS * t.probes;
  return `first probe after ${formatSeconds(t.timeS)} idle (tcp_keepalive_time=${t.timeS}), then one every ${formatSeconds(t.intervalS)} (tcp_keepalive_intvl=${t.intervalS}); ${t.probes} unanswered probes (tcp_keepalive_probes=${t.probes}) end the connection after ${formatSeconds(total)} ${here(t.source)}`;
}

/** "15 min 25 s on this machine (tcp_retries2=15)". */
export function describeRetries2(t: TcpTimings['retries2']): string {
  return `${formatKernelMs(t.giveUpMs)} ${here(t.source)} (tcp_retries2=${t.value})`;
}

/** The SYN send times in words: "0, 1, 2, 3, 4, 5 and 7 s". */
function synTimes(t: TcpTimings): string {
  const at = [0, ...t.syn.retransmitAtMs].map((ms) => String(ms / 1000));
  return `${at.slice(0, -1).join(', ')} and ${at.at(-1)} s`;
}

/** Every placeholder a lesson may use, and what it becomes. */
export function kernelFacts(t: TcpTimings = readTcpTimings(), self = selfCommandLine([])): Record<string, string> {
  const k = t.keepalive;
  return {
    tcpsleuth: self,
    'syn-retries': String(t.syn.synRetries),
    'syn-linear-timeouts': String(t.syn.linearTimeouts),
    'syn-times': synTimes(t),
    'syn-first-retransmit': formatKernelMs(t.syn.retransmitAtMs[0] ?? 1000),
    'syn-second-retransmit': formatKernelMs(t.syn.retransmitAtMs[1] ?? 3000),
    'syn-give-up': formatKernelMs(t.syn.giveUpMs),
    'syn-give-up-here': describeSynGiveUp(t.syn),
    retries2: String(t.retries2.value),
    'retries2-give-up': formatKernelMs(t.retries2.giveUpMs),
    'retries2-give-up-here': describeRetries2(t.retries2),
    'keepalive-time': formatSeconds(k.timeS),
    'keepalive-time-s': String(k.timeS),
    'keepalive-intvl': formatSeconds(k.intervalS),
    'keepalive-intvl-s': String(k.intervalS),
    'keepalive-probes': String(k.probes),
    'keepalive-here': describeKeepalive(k),
  };
}

const PLACEHOLDER = /\{\{\s*([a-z0-9-]+)\s*\}\}/g;

/** Fills a lesson's `{{name}}` placeholders; an unknown name is a LessonError naming the file and line. */
export function expandKernelFacts(source: string, file = 'lesson.md', facts: Record<string, string> = kernelFacts()): string {
  return source.replace(PLACEHOLDER, (whole, name: string, offset: number) => {
    const value = facts[name];
    if (value === undefined) {
      const line = source.slice(0, offset).split('\n').length;
      throw new LessonError(`${file}:${line}: unknown placeholder ${whole} (known: ${Object.keys(facts).join(', ')})`);
    }
    return value;
  });
}
