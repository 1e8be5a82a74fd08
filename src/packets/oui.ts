/**
 * MAC vendor lookup from the IEEE registries (MA-L, MA-M, MA-S) as shipped by the `oui-data`
 * package. The 5 MB table is loaded only the first time a MAC needs a name.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let table: Record<string, string> | null | undefined;
const cache = new Map<string, string | undefined>();

function load(): Record<string, string> | null {
  if (table !== undefined) return table;
  try {
    const file = createRequire(import.meta.url).resolve('oui-data');
    table = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    table = null;
  }
  return table;
}

/**
 * The registered vendor of a MAC address ("F5 Inc."), `locally administered` for addresses a
 * host made up (VMs, containers, veth), or undefined when the registry has no entry.
 */
export function macVendor(mac: string): string | undefined {
  if (cache.has(mac)) return cache.get(mac);
  const vendor = lookup(mac);
  if (cache.size < 4096) cache.set(mac, vendor);
  return vendor;
}

function lookup(mac: string): string | undefined {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length !== 12) return undefined;
  const first = parseInt(hex.slice(0, 2), 16);
  if (first & 0x01) return hex === 'FFFFFFFFFFFF' ? 'broadcast' : 'multicast';
  if (first & 0x02) return 'locally administered (no vendor)';
  const t = load();
  if (!t) return undefined;
  // MA-M and MA-S split some MA-L blocks: the longest prefix wins.
  const entry = t[hex.slice(0, 9)] ?? t[hex.slice(0, 7)] ?? t[hex.slice(0, 6)];
  return entry?.split('\n')[0].trim() || undefined;
}
