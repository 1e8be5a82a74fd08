/**
 * This kernel's TCP timings, from its sysctls: when an unanswered SYN is retransmitted and given
 * up, how long data sent into a dead connection is retried (tcp_retries2), and the keepalive
 * defaults. Every text that states one of these numbers gets it from here, so a step, a verdict,
 * a report, the analyzer and a lesson never quote two different kernels. The classic figures
 * (127 s, ~15 min, 2 h) are what these formulas give for the historical defaults.
 */
import { readFileSync } from 'node:fs';

export interface SynSysctls {
  synRetries: number;
  /** Newer kernels (6.5+): the first N SYN retransmissions keep a 1 s timeout instead of doubling. */
  linearTimeouts?: number;
}

/** The historical Linux defaults: tcp_syn_retries=6 and no linear timeouts (127 s). */
export const CLASSIC_SYN: Required<SynSysctls> = { synRetries: 6, linearTimeouts: 0 };

export interface SynSchedule {
  synRetries: number;
  linearTimeouts: number;
  /** When each retransmission of the SYN goes out, counted from the first SYN (ms). */
  retransmitAtMs: number[];
  /** When the kernel gives up connecting (ms after the first SYN). */
  giveUpMs: number;
  /** Read from this machine's sysctls, or the classic defaults when they could not be read. */
  source: 'this-kernel' | 'classic';
}

/**
 * The SYN schedule: the first wait is 1 s, the next `linearTimeouts` waits stay 1 s, then they
 * double. tcp_syn_retries=6 without linear timeouts: 1+2+4+…+64 = 127 s.
 */
export function synSchedule(s: SynSysctls, source: SynSchedule['source'] = 'this-kernel'): SynSchedule {
  const linear = s.linearTimeouts ?? 0;
  const retransmitAtMs: number[] = [];
  let at = 1;
  for (let i = 1; i <= s.synRetries; i++) {
    retransmitAtMs.push(at * 1000);
    at += i <= linear ? 1 : 2 ** (i - linear);
  }
  return { synRetries: s.synRetries, linearTimeouts: linear, retransmitAtMs, giveUpMs: at * 1000, source };
}

/** When the kernel gives up on an unanswered SYN (ms). */
export function kernelGiveUpMs(s: SynSysctls): number {
  return synSchedule(s).giveUpMs;
}

function sysctl(name: string, root: string): number | undefined {
  try {
    const v = Number(readFileSync(`${root}/${name}`, 'utf8').trim());
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export interface TcpTimings {
  syn: SynSchedule;
  /** tcp_retries2 and the time it gives before a connection with unacknowledged data is dropped. */
  retries2: { value: number; giveUpMs: number; source: 'this-kernel' | 'classic' };
  /** tcp_keepalive_time / _intvl / _probes in seconds (defaults 7200 / 75 / 9). */
  keepalive: { timeS: number; intervalS: number; probes: number; source: 'this-kernel' | 'classic' };
}

/**
 * How long Linux retries unacknowledged data before it drops the connection: the RTO starts at
 * TCP_RTO_MIN (200 ms) and doubles up to TCP_RTO_MAX (120 s) (the kernel's tcp_model_timeout).
 * tcp_retries2=15 gives 924.6 s, the "about 15 minutes" of the man page.
 */
export function retries2GiveUpMs(retries2: number, rtoMinMs = 200, rtoMaxMs = 120_000): number {
  const thresh = Math.floor(Math.log2(rtoMaxMs / rtoMinMs));
  if (retries2 <= thresh) return ((2 << retries2) - 1) * rtoMinMs;
  return ((2 << thresh) - 1) * rtoMinMs + (retries2 - thresh) * rtoMaxMs;
}

/** This machine's timings (read synchronously: a few small /proc files), or the classic ones off Linux. */
export function readTcpTimings(root = '/proc/sys/net/ipv4'): TcpTimings {
  const synRetries = sysctl('tcp_syn_retries', root);
  const syn = synRetries === undefined ? synSchedule(CLASSIC_SYN, 'classic') : synSchedule({ synRetries, linearTimeouts: sysctl('tcp_syn_linear_timeouts', root) ?? 0 });
  const r2 = sysctl('tcp_retries2', root);
  const kt = sysctl('tcp_keepalive_time', root);
  return {
    syn,
    retries2: { value: r2 ?? 15, giveUpMs: retries2GiveUpMs(r2 ?? 15), source: r2 === undefined ? 'classic' : 'this-kernel' },
    keepalive:
      kt === undefined
        ? { timeS: 7200, intervalS: 75, probes: 9, source: 'classic' }
        : { timeS: kt, intervalS: sysctl('tcp_keepalive_intvl', root) ?? 75, probes: sysctl('tcp_keepalive_probes', root) ?? 9, source: 'this-kernel' },
  };
}

/** `11 s` / `2 min 7 s` / `15 min 25 s`: a kernel timing in words. */
export function formatKernelMs(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

/**
 * The SYN give-up time as a text states it: "11 s on this machine (tcp_syn_retries=6,
 * tcp_syn_linear_timeouts=4)", or "127 s (the classic Linux default, tcp_syn_retries=6)".
 */
export function describeSynGiveUp(s: SynSchedule): string {
  const t = formatKernelMs(s.giveUpMs);
  if (s.source === 'classic') return `${t} (the classic Linux default, tcp_syn_retries=${s.synRetries})`;
  return `${t} on this machine (tcp_syn_retries=${s.synRetries}${s.linearTimeouts ? `, tcp_syn_linear_timeouts=${s.linearTimeouts}` : ''})`;
}
