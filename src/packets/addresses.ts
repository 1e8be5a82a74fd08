/** Addresses out of packet bytes: MACs as 48-bit numbers, IPv4 and IPv6 (RFC 5952) as text. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function mac(b: Buffer, o: number): number {
  return ((b[o] << 8) | b[o + 1]) * 0x100000000 + (((b[o + 2] << 24) | (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5]) >>> 0);
}

export function fold6(b: Buffer, o: number): number {
  return (b.readInt32BE(o) ^ Math.imul(b.readInt32BE(o + 4), 31) ^ Math.imul(b.readInt32BE(o + 8), 961) ^ b.readInt32BE(o + 12)) | 0;
}

/** `00:01:d7:aa:bb:cc` from the 48-bit number. */
export function macText(m: number): string {
  const hi = Math.floor(m / 0x100000000);
  const lo = m >>> 0;
  return `${HEX[(hi >> 8) & 0xff]}:${HEX[hi & 0xff]}:${HEX[lo >>> 24]}:${HEX[(lo >> 16) & 0xff]}:${HEX[(lo >> 8) & 0xff]}:${HEX[lo & 0xff]}`;
}

// A million packets name the same few thousand addresses: format each once, in a direct-mapped
// cache (a slot per hash of the address; a collision just formats again).
const V4_BITS = 16;
const v4Keys = new Int32Array(1 << V4_BITS);
const v4Names: Array<string | undefined> = new Array<string | undefined>(1 << V4_BITS).fill(undefined);

/** `a.b.c.d` from the address as read by readInt32BE. */
export function ipv4Text(n: number): string {
  const slot = Math.imul(n, 0x9e3779b1) >>> (32 - V4_BITS);
  const cached = v4Names[slot];
  if (cached !== undefined && v4Keys[slot] === n) return cached;
  const s = `${n >>> 24}.${(n >> 16) & 0xff}.${(n >> 8) & 0xff}.${n & 0xff}`;
  v4Keys[slot] = n;
  v4Names[slot] = s;
  return s;
}

/** RFC 5952 text form: lowercase, longest zero run (of 2+) as `::`. */
export function ipv6(b: Buffer, o: number): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push(b.readUInt16BE(o + i * 2));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}
