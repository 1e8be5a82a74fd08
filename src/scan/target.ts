/**
 * What `tcpsleuth scan HOST` scans: the host (optionally with the port the user cares about),
 * its address, and whether it is this machine (no permission reminder for those).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { parseTarget, validateHost } from '../target.js';

export interface ScanTarget {
  host: string;
  /** A port written with the host (`db:5432`, a URL): scanned too, and named in the output. */
  port?: number;
}

/** `db`, `db:5432`, `[::1]:80`, `::1`, `https://site`: throws UsageError for bad input. */
export function parseScanTarget(text: string): ScanTarget {
  const hasPort = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) || /^\[.*\]:/.test(text) || text.split(':').length === 2;
  if (hasPort) {
    const t = parseTarget(text);
    return { host: t.host, port: t.port };
  }
  return { host: validateHost(text) };
}

export class ResolveError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ResolveError';
  }
}

/** The addresses of `host` (the literal itself for an IP); the first is the one scanned. */
export async function resolveScanHost(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  try {
    const all = await lookup(host, { all: true, verbatim: true });
    if (all.length === 0) throw new ResolveError(`${host} has no address`);
    return [...new Set(all.map((a) => a.address))];
  } catch (err) {
    if (err instanceof ResolveError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOTFOUND' ? 'no such name (NXDOMAIN)' : code === 'EAI_AGAIN' ? 'the resolver did not answer' : code ?? String(err);
    throw new ResolveError(`cannot resolve ${host}: ${why}`, code);
  }
}

/** True for loopback and for addresses of this machine's own interfaces: no permission needed. */
export function isOwnAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  if (a === '::1' || a.startsWith('127.') || a === '0.0.0.0' || a === '::') return true;
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (info.address.toLowerCase() === a) return true;
  }
  return false;
}

/** The one-line reminder printed before scanning many ports of someone else's host. */
export function permissionReminder(host: string, address: string, count: number): string {
  const who = host === address ? address : `${host} (${address})`;
  return `tcpsleuth: note: scanning ${count} ports of ${who}, which is not this machine: scan only hosts you own or may test (--yes hides this note)`;
}
