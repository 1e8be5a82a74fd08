/**
 * Targets a message implies without writing `host:port` in one word, and the one case where the
 * name a person typed beats the address a client printed. Bounded patterns, each gated by a
 * literal (linear on any paste). Used by target.ts.
 */
import { isIP } from 'node:net';
import { toPort } from './port.js';

/** A target found here, ranked like target.ts's candidates (`url`: where the request was meant to go). */
export interface ImpliedTarget {
  host: string;
  port: number;
  rank: number;
  index: number;
  kind: 'url' | 'other';
}

/**
 * Targets a message implies without writing `host:port`: a git remote in scp form
 * (`git@gitlab.com:group/repo.git` goes over ssh, 22), the registry of `docker push/pull
 * registry.example.com/image` (HTTPS, 443), an SMB share as a UNC path (`//nas/share`, 445), and
 * an unbracketed IPv6 address with the port appended (`2600:1f18::…:5e54:443`, nine groups: the
 * last is the port).
 */
export function impliedTargets(text: string, lower: string): ImpliedTarget[] {
  const out: ImpliedTarget[] = [];
  if (lower.includes('@')) {
    const scp = /(?<![\w.@/:-])[\w.-]{1,64}@([A-Za-z0-9_][\w-]{0,62}(?:\.[\w-]{1,63}){1,10}):(?!\d)[\w~.-]{1,100}\//g;
    for (let m = scp.exec(text), n = 0; m && n < 50; m = scp.exec(text), n++) out.push({ host: m[1], port: 22, rank: 62, index: m.index, kind: 'other' });
  }
  if (lower.includes('docker ') || lower.includes('podman ')) {
    const image = /\b(?:docker|podman) (?:image )?(?:push|pull) (?:-\S+ )*((?:[\w-]+\.)+[\w-]+|localhost)(?::(\d{1,5}))?\/\S/g;
    for (let m = image.exec(text), n = 0; m && n < 50; m = image.exec(text), n++) out.push({ host: m[1], port: toPort(m[2]) ?? 443, rank: 62, index: m.index, kind: 'url' });
  }
  // A share written as a UNC path (`mount //192.168.0.110/Michel …`, `\\nas\backup`) is SMB, TCP 445.
  if ((lower.includes('//') || lower.includes('\\\\')) && /\b(?:mount|cifs|smb|samba|share|net use)\b/.test(lower)) {
    const unc = /(?<![\w:/\\])(?:\/\/|\\\\)((?:\d{1,3}\.){3}\d{1,3}|[A-Za-z0-9_][\w-]{0,62}(?:\.[\w-]{1,63}){0,10})[/\\][\w$.-]/g;
    for (let m = unc.exec(text), n = 0; m && n < 50; m = unc.exec(text), n++) out.push({ host: m[1], port: 445, rank: 45, index: m.index, kind: 'other' });
  }
  if (lower.includes(':')) {
    const v6 = /(?<![\w:.%-])((?:[0-9a-f]{1,4}:){8})(\d{1,5})(?![\w:.%])/gi;
    for (let m = v6.exec(text), n = 0; m && n < 50; m = v6.exec(text), n++) {
      const host = m[1].slice(0, -1);
      const port = toPort(m[2]);
      if (isIP(host) === 6 && port !== null) out.push({ host, port, rank: 62, index: m.index, kind: 'other' });
    }
  }
  return out;
}

/** `localhost` and one of the loopback addresses a client tries for it in turn (::1, then 127.0.0.1). */
export function loopbackOf(name: string, address: string): boolean {
  return name.toLowerCase() === 'localhost' && /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/.test(address);
}
