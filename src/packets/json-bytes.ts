/**
 * JSON text written straight into a Buffer, without making strings: each writer writes at `p` in
 * `b` and returns where it stopped (conversation-bytes.ts writes analyze's lines with them). The
 * caller makes sure there is room.
 */

/** A constant text as bytes (ASCII), for put(). */
export const ascii = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
const TRUE = ascii('true');
const FALSE = ascii('false');
const NULL = ascii('null');

/** `bytes` as they are. */
export function put(b: Buffer, p: number, bytes: Uint8Array): number {
  const n = bytes.length;
  // A copy by set() costs a call, a loop a few instructions per byte: set wins past a handful.
  if (n > 6) {
    b.set(bytes, p);
    return p + n;
  }
  for (let k = 0; k < n; k++) b[p++] = bytes[k];
  return p;
}

/** An ASCII string (addresses, fixed words, JSON made by JSON.stringify of ours), one byte per character. */
export function text(b: Buffer, p: number, s: string): number {
  for (let k = 0; k < s.length; k++) b[p++] = s.charCodeAt(k);
  return p;
}

/** `true` or `false`. */
export function bool(b: Buffer, p: number, v: boolean): number {
  return put(b, p, v ? TRUE : FALSE);
}

/** A number as String(n) (JSON's `null` when not finite), integers without making a string. */
export function num(b: Buffer, p: number, n: number): number {
  if (Number.isInteger(n) && n < 9007199254740992 && n > -9007199254740992) {
    let v = n;
    if (v < 0) {
      b[p++] = 45;
      v = -v;
    }
    if (v < 10) {
      b[p++] = 48 + v;
      return p;
    }
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    const end = p + digits;
    if (v < 2147483648) {
      // Small integers in int32 arithmetic (no floating-point division).
      for (let x = v | 0, at = end; at > p; x = (x / 10) | 0) b[--at] = 48 + (x % 10);
    } else for (let x = v, at = end; at > p; x = Math.floor(x / 10)) b[--at] = 48 + (x % 10);
    return end;
  }
  if (!Number.isFinite(n)) return put(b, p, NULL);
  return text(b, p, String(n));
}

/**
 * `String(k / scale)` for an integer `k` and a scale of 10 or 1000, without making the string:
 * below 2^31 the shortest text of k / scale is its exact decimal (no shorter one is as near), so
 * the digits of k with a point, trailing zeros dropped. Other values take String().
 */
export function scaled(b: Buffer, p: number, k: number, scale: number): number {
  if (!(k > -2147483648 && k < 2147483648)) return num(b, p, k / scale);
  if (k < 0) {
    b[p++] = 45;
    k = -k;
  }
  const whole = Math.floor(k / scale);
  p = num(b, p, whole);
  let frac = k - whole * scale;
  if (frac === 0) return p;
  b[p++] = 46;
  for (let unit = scale / 10; frac > 0; unit /= 10) {
    const digit = Math.floor(frac / unit);
    b[p++] = 48 + digit;
    frac -= digit * unit;
  }
  return p;
}

/** An IPv4 address (the int32 of its four bytes) as text, without making a string. */
function ipv4(b: Buffer, p: number, n: number): number {
  p = num(b, p, n >>> 24);
  b[p++] = 46;
  p = num(b, p, (n >>> 16) & 255);
  b[p++] = 46;
  p = num(b, p, (n >>> 8) & 255);
  b[p++] = 46;
  return num(b, p, n & 255);
}

/** `addr:port`, or `[addr]:port` for IPv6, as formatHostPort writes it (IPv4 from its number `n`). */
export function hostPort(b: Buffer, p: number, addr: string, n: number, port: number, v6: boolean): number {
  if (v6) {
    b[p++] = 91;
    p = text(b, p, addr);
    b[p++] = 93;
  } else p = ipv4(b, p, n);
  b[p++] = 58;
  return num(b, p, port);
}

/** The ISO time of the second last written, formatted once for every conversation in it (as isoTime does). */
let isoSecond = NaN;
let isoPrefix = '';

export function isoTime(b: Buffer, p: number, us: number): number {
  const msTotal = Math.floor(us / 1000);
  const sec = Math.floor(msTotal / 1000);
  if (sec !== isoSecond) {
    const d = new Date(sec * 1000);
    // A timestamp a damaged file made absurd has no date: an empty string, as in summarize.
    if (Number.isNaN(d.getTime())) return p;
    isoSecond = sec;
    isoPrefix = d.toISOString().slice(0, 19);
  }
  p = text(b, p, isoPrefix);
  b[p++] = 46;
  const m = msTotal - sec * 1000;
  b[p++] = 48 + Math.floor(m / 100);
  b[p++] = 48 + (Math.floor(m / 10) % 10);
  b[p++] = 48 + (m % 10);
  b[p++] = 90;
  return p;
}
