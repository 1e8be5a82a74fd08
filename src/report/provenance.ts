/**
 * Where a report's evidence came from, so a network team can trust and reproduce it: the
 * tcpsleuth version, the exact command line, the kernel and its TCP sysctls (read once by
 * src/kernel-timing.ts and passed in), the capture filter, and the pcap's SHA-256 with its first
 * and last packet times. `collectProvenance` does the reading; the model only carries the result.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import { readCapture } from '../packets/capture-file.js';
import type { TcpTimings } from '../kernel-timing.js';
import { VERSION } from '../help.js';

export interface PcapProvenance {
  /** As the report links it (relative to the report), or the user's path for `analyze`. */
  file: string;
  sha256: string;
  bytes: number;
  packets?: number;
  /** ISO times of the first and last packet in the file. */
  firstPacketAt?: string;
  lastPacketAt?: string;
}

export interface Provenance {
  version: string;
  /** The command as typed, quoted for a POSIX shell (shellLine); absent when not known. */
  commandLine?: string;
  kernel: { system: string; release: string };
  /** The TCP sysctls that set the timings a report quotes, as read on this machine. */
  sysctls: Array<{ name: string; value: number; source: 'this-kernel' | 'classic' }>;
  captureFilter?: string;
  pcap?: PcapProvenance;
}

/** The sysctls behind the SYN give-up time, the data retry time and keepalive. */
export function sysctlRows(t: TcpTimings): Provenance['sysctls'] {
  const rows: Provenance['sysctls'] = [
    { name: 'net.ipv4.tcp_syn_retries', value: t.syn.synRetries, source: t.syn.source },
    { name: 'net.ipv4.tcp_syn_linear_timeouts', value: t.syn.linearTimeouts, source: t.syn.source },
    { name: 'net.ipv4.tcp_retries2', value: t.retries2.value, source: t.retries2.source },
    { name: 'net.ipv4.tcp_keepalive_time', value: t.keepalive.timeS, source: t.keepalive.source },
    { name: 'net.ipv4.tcp_keepalive_intvl', value: t.keepalive.intervalS, source: t.keepalive.source },
    { name: 'net.ipv4.tcp_keepalive_probes', value: t.keepalive.probes, source: t.keepalive.source },
  ];
  return rows;
}

/** SHA-256 and size of a file, streamed (a capture may be large). */
export async function fileDigest(path: string, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { signal })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The first and last packet times of a capture (one pass; a damaged tail ends it early). */
export async function packetSpan(path: string, signal?: AbortSignal): Promise<{ first?: string; last?: string; packets: number }> {
  let first: number | undefined;
  let last: number | undefined;
  const r = await readCapture(
    path,
    (p) => {
      if (!Number.isFinite(p.tsUs)) return;
      first ??= p.tsUs;
      last = p.tsUs;
    },
    { signal },
  );
  const iso = (us: number | undefined) => (us === undefined ? undefined : isoMicro(us));
  return { first: iso(first), last: iso(last), packets: r.packets };
}

/** An ISO time with microseconds: `2026-12-07T01:40:43.606348Z`. */
export function isoMicro(us: number): string | undefined {
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  const micro = String(Math.floor(us % 1_000_000)).padStart(6, '0');
  return `${d.toISOString().slice(0, 19)}.${micro}Z`;
}

export interface CollectProvenanceOptions {
  timings: TcpTimings;
  commandLine?: string;
  captureFilter?: string;
  /** The pcap on disk now, and how the report names it. */
  pcap?: { path: string; shownAs: string };
  signal?: AbortSignal;
}

/** Reads what the provenance block needs: the kernel release here, the pcap's digest and span. */
export async function collectProvenance(opts: CollectProvenanceOptions): Promise<Provenance> {
  const p: Provenance = {
    version: VERSION,
    commandLine: opts.commandLine,
    kernel: { system: os.type(), release: os.release() },
    sysctls: sysctlRows(opts.timings),
    captureFilter: opts.captureFilter,
  };
  if (opts.pcap) {
    const [digest, span] = await Promise.all([fileDigest(opts.pcap.path, opts.signal), packetSpan(opts.pcap.path, opts.signal).catch(() => undefined)]);
    p.pcap = { file: opts.pcap.shownAs, ...digest, packets: span?.packets, firstPacketAt: span?.first, lastPacketAt: span?.last };
  }
  return p;
}
