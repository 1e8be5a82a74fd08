/**
 * Which ports `--top N` means and what they are called. Prefers nmap's own frequency table
 * (nmap-services) when it is installed, read at run time; falls back to the built-in top 100.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_TOP_PORTS, EXTRA_SERVICE_NAMES } from './top-ports.js';
import { MAX_PORT } from './spec.js';

export interface PortCatalog {
  /** TCP ports, most often open first. */
  ranked: number[];
  names: Map<number, string>;
  /** Where the ranking came from, for help and JSON consumers. */
  source: 'nmap-services' | 'built-in';
}

const NMAP_SERVICES_PATHS = ['/usr/share/nmap/nmap-services', '/usr/local/share/nmap/nmap-services', '/opt/homebrew/share/nmap/nmap-services'];

let cached: PortCatalog | undefined;

/** Parses nmap-services text: `name  port/proto  frequency  # comment`. TCP lines only. */
export function parseNmapServices(text: string): { ranked: number[]; names: Map<number, string> } {
  const rows: Array<{ port: number; name: string; freq: number }> = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [name, portProto, freqText] = line.split(/\s+/);
    if (!portProto?.endsWith('/tcp')) continue;
    const port = Number(portProto.slice(0, -4));
    const freq = Number(freqText);
    if (!Number.isInteger(port) || port < 1 || port > MAX_PORT || !Number.isFinite(freq)) continue;
    rows.push({ port, name, freq });
  }
  // Stable on ties: equal frequencies keep ascending port order, as nmap does.
  rows.sort((a, b) => b.freq - a.freq || a.port - b.port);
  const names = new Map<number, string>();
  const ranked: number[] = [];
  for (const r of rows) {
    if (names.has(r.port)) continue;
    names.set(r.port, r.name);
    ranked.push(r.port);
  }
  return { ranked, names };
}

/** The catalog for this machine: nmap-services if readable (or `path`), else the built-in list. */
export function portCatalog(path?: string): PortCatalog {
  if (cached && !path) return cached;
  const candidates = path ? [path] : [...(process.env.NMAPDIR ? [join(process.env.NMAPDIR, 'nmap-services')] : []), ...NMAP_SERVICES_PATHS];
  let catalog: PortCatalog | undefined;
  for (const p of candidates) {
    try {
      const parsed = parseNmapServices(readFileSync(p, 'utf8'));
      if (parsed.ranked.length > 0) {
        catalog = { ...parsed, source: 'nmap-services' };
        break;
      }
    } catch {
      // not installed here
    }
  }
  if (!catalog) {
    catalog = {
      ranked: BUILTIN_TOP_PORTS.map(([p]) => p),
      names: new Map(BUILTIN_TOP_PORTS),
      source: 'built-in',
    };
  }
  for (const [p, n] of EXTRA_SERVICE_NAMES) if (!catalog.names.has(p)) catalog.names.set(p, n);
  if (!path) cached = catalog;
  return catalog;
}

/**
 * The `n` most often open ports. Past the end of the ranked list (the built-in one has 100),
 * the remaining ports follow in ascending order, so `--top 65535` is still every port.
 */
export function topPorts(n: number, catalog: PortCatalog = portCatalog()): number[] {
  const count = Math.max(0, Math.min(n, MAX_PORT));
  const out = catalog.ranked.slice(0, count);
  if (out.length < count) {
    const seen = new Set(out);
    for (let p = 1; p <= MAX_PORT && out.length < count; p++) if (!seen.has(p)) out.push(p);
  }
  return out;
}

/** The usual service name of a TCP port, or undefined. */
export function serviceName(port: number, catalog: PortCatalog = portCatalog()): string | undefined {
  return catalog.names.get(port);
}
