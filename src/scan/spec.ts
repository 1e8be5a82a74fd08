/**
 * Port specs as nmap writes them: `22,80,443`, `1-1024`, `-` (all), `-1024`, `60000-`.
 * Pure: no I/O. Errors are PortSpecError with a message that names the bad piece.
 */
import { argEcho } from '../sinks/terminal.js';
import { parsePort } from '../target.js';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** A port spec that cannot be scanned; the message is one line fit for `tcpsleuth: ...`. */
export class PortSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortSpecError';
  }
}

/**
 * Reads one port number written in decimal. `what` names where it came from, for the message.
 * Port 0 is refused: no TCP connection can be made to it.
 */
export function parsePortNumber(text: string, what = 'port'): number {
  const t = text.trim();
  // Digits first, so `-p 99999999999` says "out of range" rather than "not a number".
  if (!/^\d+$/.test(t)) throw new PortSpecError(`${what} "${argEcho(text)}" is not a port number (1-65535)`);
  if (t.length > 5 || Number(t) < MIN_PORT || Number(t) > MAX_PORT) {
    throw new PortSpecError(`${what} ${argEcho(t)} is out of range: ports go from 1 to 65535`);
  }
  try {
    return parsePort(t);
  } catch (err) {
    throw new PortSpecError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Parses a spec into the ports to scan, in the order written, without duplicates.
 * `-` is every port; an open-ended range (`-1024`, `60000-`) runs to 1 or 65535.
 */
export function parsePortSpec(spec: string): number[] {
  const trimmed = spec.trim();
  if (trimmed === '') throw new PortSpecError('empty port spec (try -p 22,80,443 or -p 1-1024)');
  if (/^[TU]:/i.test(trimmed)) {
    if (/^U:/i.test(trimmed)) throw new PortSpecError('UDP ports (U:) are not scanned: tcpsleuth scans TCP only');
    return parsePortSpec(trimmed.slice(2));
  }
  const seen = new Set<number>();
  const out: number[] = [];
  const add = (p: number) => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const raw of trimmed.split(',')) {
    const part = raw.trim();
    if (part === '') throw new PortSpecError(`empty item in port spec "${argEcho(spec)}" (two commas in a row?)`);
    const dash = part.indexOf('-');
    if (dash === -1) {
      add(parsePortNumber(part));
      continue;
    }
    if (part.indexOf('-', dash + 1) !== -1) throw new PortSpecError(`"${argEcho(part)}" is not a port or a range like 1-1024`);
    const left = part.slice(0, dash).trim();
    const right = part.slice(dash + 1).trim();
    const from = left === '' ? MIN_PORT : parsePortNumber(left, 'range start');
    const to = right === '' ? MAX_PORT : parsePortNumber(right, 'range end');
    if (from > to) throw new PortSpecError(`range ${from}-${to} is backwards: write ${to}-${from}`);
    for (let p = from; p <= to; p++) add(p);
  }
  return out;
}

/**
 * Writes ports back as a compact spec (`22,80,8000-8010`), e.g. for the equivalent nmap command.
 * Sorts them; consecutive ports become ranges.
 */
export function formatPortSpec(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  if (sorted.length === MAX_PORT) return '-';
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
