/**
 * MAC vendor lookup from the IEEE registries (MA-L, MA-M, MA-S) as shipped by the `oui-data`
 * package. The 5 MB table is read only the first time a MAC needs a name.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let table: Buffer | null | undefined;
const cache = new Map<string, string | undefined>();

function load(): Buffer | null {
  if (table !== undefined) return table;
  try {
    const file = createRequire(import.meta.url).resolve('oui-data');
    // Kept as bytes and searched: parsing the 53k entries to look up one or two costs more.
    table = readFileSync(file);
  } catch {
    table = null;
  }
  return table;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The string value of top-level `key` in the JSON object `t` (the last one, as JSON.parse keeps). */
function entryOf(t: Buffer, key: string): string | undefined {
  const needle = `"${key}"`;
  // In valid JSON, `"key"` followed by a colon can only be a key (inside a string value the
  // closing quote would be escaped).
  for (let at = t.lastIndexOf(needle); at >= 0; at = at > 0 ? t.lastIndexOf(needle, at - 1) : -1) {
    let o = at + needle.length;
    while (isSpace(t[o])) o++;
    if (t[o] !== 0x3a) continue;
    o++;
    while (isSpace(t[o])) o++;
    if (t[o] !== 0x22) return undefined;
    let end = o + 1;
    while (end < t.length && t[end] !== 0x22) end += t[end] === 0x5c ? 2 : 1;
    return JSON.parse(t.toString('utf8', o, end + 1)) as string;
  }
  return undefined;
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
  const entry = entryOf(t, hex.slice(0, 9)) ?? entryOf(t, hex.slice(0, 7)) ?? entryOf(t, hex.slice(0, 6));
  return entry?.split('\n')[0].trim() || undefined;
}
