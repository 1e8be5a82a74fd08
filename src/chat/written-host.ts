/**
 * A target's host as the message wrote it: target parsing canonicalises an IPv6 literal
 * (`2001:0db8:0000:…` → `2001:db8::…`), and the understanding names it the way the person did.
 * The check itself still gets the canonical form (the route parses the message again). Pure.
 */
import { isIP } from 'node:net';

/** Eight 16-bit groups of an IPv6 address (zone kept apart), or null. */
function v6Groups(a: string): string | null {
  const [addr, zone] = a.toLowerCase().split('%');
  if (isIP(addr) !== 6 || addr.includes('.')) return null;
  const [head, tail] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return `${groups.map((g) => Number.parseInt(g, 16).toString(16)).join(':')}${zone ? `%${zone}` : ''}`;
}

/** An IPv6 target as the message wrote it (`2001:0db8:…:7334`), not only in its short form. */
export function asWritten<U extends { target?: { host: string; port?: number } }>(u: U, message: string): U {
  const host = u.target?.host;
  const want = host ? v6Groups(host) : null;
  if (!u.target || !want) return u;
  for (const m of message.slice(0, 4000).matchAll(/[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%(?:25)?[\w.-]{1,32})?/gi)) {
    const written = m[0].replace(/%25/, '%');
    if (written !== host && v6Groups(written) === want) return { ...u, target: { ...u.target, host: written.toLowerCase() } };
  }
  return u;
}

