/**
 * Parsers for the system `ping` output of Linux (iputils), macOS/BSD and Windows. Pure functions
 * over text, tested against recorded fixtures.
 */

export type PingPlatform = 'linux' | 'darwin' | 'win32';

export interface PingStats {
  platform: PingPlatform;
  sent: number;
  received: number;
  /** Replies that were ICMP errors, e.g. "Destination Host Unreachable" (Windows counts them as received). */
  errors: number;
  lossPercent: number;
  rttMs?: { min: number; avg: number; max: number };
  /** TTL of the first echo reply: a hint of how far away (64/128/255 minus the hops). */
  ttl?: number;
  /** ICMP errors as the tool printed them, with who sent them. */
  errorLines: { from?: string; text: string; /** The probe it answered (Linux prints icmp_seq). */ seq?: number }[];
}

const num = (s: string | undefined): number => (s === undefined ? NaN : Number(s.replace(',', '.')));

/** Reads `ping` output; returns undefined when it does not look like any known ping. */
export function parsePing(text: string, platform: PingPlatform): PingStats | undefined {
  if (platform === 'win32') return parseWindows(text);
  return parseUnix(text, platform);
}

function parseUnix(text: string, platform: 'linux' | 'darwin'): PingStats | undefined {
  // Linux: "3 packets transmitted, 3 received, +1 errors, 0% packet loss, time 2003ms"
  // macOS: "3 packets transmitted, 3 packets received, 0.0% packet loss"
  const summary = /(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+(\d+) errors)?(?:, \+\d+ duplicates)?, ([\d.]+)% packet loss/.exec(text);
  if (!summary) return undefined;
  const rtt = /(?:rtt|round-trip) min\/avg\/max\/(?:mdev|stddev) = ([\d.]+)\/([\d.]+)\/([\d.]+)\//.exec(text);
  const ttl = /bytes from .+?: icmp_seq=\d+ ttl=(\d+)/i.exec(text);
  const errorLines: PingStats['errorLines'] = [];
  for (const line of text.split(/\r?\n/)) {
    // Linux: "From 198.18.0.1 icmp_seq=1 Destination Host Unreachable"
    const linux = /^From (\S+?)(?: \([^)]*\))? icmp_seq=(\d+) (.+)$/.exec(line);
    // macOS: "92 bytes from 10.0.0.1: Destination Host Unreachable"
    const mac = /^\d+ bytes from ([^:]+): (Destination .+|Communication prohibited.*|Time to live exceeded.*)$/i.exec(line);
    if (linux) errorLines.push({ from: linux[1], text: linux[3].trim(), seq: Number(linux[2]) });
    else if (mac) errorLines.push({ from: mac[1], text: mac[2].trim() });
  }
  const sent = Number(summary[1]);
  const received = Number(summary[2]);
  return {
    platform,
    sent,
    received,
    errors: summary[3] ? Number(summary[3]) : platform === 'darwin' ? errorLines.length : 0,
    lossPercent: num(summary[4]),
    rttMs: rtt ? { min: num(rtt[1]), avg: num(rtt[2]), max: num(rtt[3]) } : undefined,
    ttl: ttl ? Number(ttl[1]) : undefined,
    errorLines,
  };
}

function parseWindows(text: string): PingStats | undefined {
  const summary = /Packets: Sent = (\d+), Received = (\d+), Lost = (\d+) \((\d+)% loss\)/.exec(text);
  if (!summary) return undefined;
  const rtt = /Minimum = (\d+)ms, Maximum = (\d+)ms, Average = (\d+)ms/.exec(text);
  const errorLines: PingStats['errorLines'] = [];
  let echoReplies = 0;
  let ttl: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const reply = /^Reply from ([^:]+): (.+)$/.exec(line.trim());
    if (!reply) continue;
    if (/bytes=\d+/.test(reply[2])) {
      echoReplies++;
      const t = /TTL=(\d+)/i.exec(reply[2]);
      if (t && ttl === undefined) ttl = Number(t[1]);
    } else {
      errorLines.push({ from: reply[1], text: reply[2].replace(/\.$/, '') });
    }
  }
  const sent = Number(summary[1]);
  // Windows counts "Destination host unreachable" replies as received; we do not.
  const received = Math.min(Number(summary[2]), echoReplies);
  return {
    platform: 'win32',
    sent,
    received,
    errors: errorLines.length,
    lossPercent: sent ? Math.round(((sent - received) / sent) * 100) : 100,
    rttMs: rtt && received > 0 ? { min: Number(rtt[1]), avg: Number(rtt[3]), max: Number(rtt[2]) } : undefined,
    ttl,
    errorLines,
  };
}

/** True when ping's output says it lacks the privilege to open an ICMP socket. */
export function isPermissionProblem(text: string): boolean {
  return /Operation not permitted|Permission denied|Lacking privilege|must be root|socket: Permission/i.test(text);
}
