/** ICMP and ICMPv6 error codes in plain words, and which of them mean "refused" rather than "unreachable". */

const V4_UNREACH: Record<number, string> = {
  0: 'network unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable',
  3: 'port unreachable',
  4: 'fragmentation needed',
  6: 'destination network unknown',
  7: 'destination host unknown',
  9: 'network administratively prohibited',
  10: 'host administratively prohibited',
  13: 'communication administratively prohibited',
};

const V6_UNREACH: Record<number, string> = {
  0: 'no route to destination',
  1: 'communication administratively prohibited',
  2: 'beyond scope of source address',
  3: 'address unreachable',
  4: 'port unreachable',
  5: 'source address failed policy',
  6: 'reject route to destination',
};

/** "host unreachable", "communication administratively prohibited", "time exceeded"... */
export function icmpMeaning(v6: boolean, type: number, code: number): string {
  if (!v6) {
    if (type === 3) return V4_UNREACH[code] ?? `destination unreachable (code ${code})`;
    if (type === 11) return 'time exceeded (TTL ran out on the way)';
    if (type === 12) return 'parameter problem';
    if (type === 4) return 'source quench';
    if (type === 5) return 'redirect';
    return `ICMP type ${type} code ${code}`;
  }
  if (type === 1) return V6_UNREACH[code] ?? `destination unreachable (code ${code})`;
  if (type === 2) return 'packet too big';
  if (type === 3) return 'time exceeded (hop limit ran out on the way)';
  if (type === 4) return 'parameter problem';
  return `ICMPv6 type ${type} code ${code}`;
}

/** Port unreachable is the kernel's "nothing listens here" for UDP, and some firewalls' reject for TCP (type and code are bytes). */
export function icmpMeansRefused(v6: boolean, type: number, code: number): boolean {
  // One comparison, made on every call: writeLine calls this for every line and only rarely has
  // an ICMP error, whose comparisons V8 would otherwise meet first in optimized code.
  return type * 256 + code === (v6 ? 0x104 : 0x303);
}

/** Only these errors end a connection attempt (ECONNREFUSED/EHOSTUNREACH/ENETUNREACH). */
export function icmpIsFatal(v6: boolean, type: number): boolean {
  return v6 ? type === 1 || type === 3 : type === 3 || type === 11;
}
