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

/** An address: IPv6 as its text `addr6`, IPv4 from its number `n`. */
export function address(b: Buffer, p: number, addr6: string, n: number, v6: boolean): number {
  return v6 ? text(b, p, addr6) : ipv4(b, p, n);
}

/** `addr:port`, or `[addr]:port` for IPv6, as formatHostPort writes it (IPv4 from its number `n`). */
export function hostPort(b: Buffer, p: number, addr6: string, n: number, port: number, v6: boolean): number {
  if (v6) {
    b[p++] = 91;
    p = text(b, p, addr6);
    b[p++] = 93;
  } else p = ipv4(b, p, n);
  b[p++] = 58;
  return num(b, p, port);
}

/** Seconds from 1970 to 10000-01-01T00:00:00Z: below it isoTime writes the date by arithmetic. */
const YEAR_10000 = 253402300800;

/** Two digits of `v` (0–99). */
function two(b: Buffer, p: number, v: number): number {
  b[p] = 48 + ((v / 10) | 0);
  b[p + 1] = 48 + (v % 10);
  return p + 2;
}

/**
 * `new Date(us / 1000).toISOString()`, to the millisecond, without a Date or a string. The date is
 * worked out on every call, with no cache of the last second: a cache is a branch first taken when
 * the capture's clock reaches its second second, long after V8 optimized writeLine, and it threw
 * that code away (a rarely taken path has no type feedback, so V8 compiles it as "deoptimize").
 * Divisions are truncated with `| 0` (all values here are ≥ 0 and below 2^31), not Math.floor:
 * one that happened to come out whole while V8 watched (9:00:00 over 3600) is compiled as
 * integer division, thrown away at the first quotient with a fraction.
 */
export function isoTime(b: Buffer, p: number, us: number): number {
  const msTotal = Math.floor(us / 1000);
  const sec = Math.floor(msTotal / 1000);
  if (!(sec >= 0 && sec < YEAR_10000)) return isoTimeByDate(b, p, msTotal);
  const days = (sec / 86400) | 0;
  const daySec = sec - days * 86400;
  // Year, month and day of a day number: Howard Hinnant's civil_from_days (eras of 400 years).
  const z = days + 719468;
  const era = (z / 146097) | 0;
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const day = doy - (((153 * mp + 2) / 5) | 0) + 1;
  // March-based month to January-based, without an arithmetic branch (see above).
  const late = mp >= 10 ? 1 : 0;
  const month = mp + 3 - 12 * late;
  const year = yoe + era * 400 + late;
  p = two(b, p, (year / 100) | 0);
  p = two(b, p, year % 100);
  b[p++] = 45;
  p = two(b, p, month);
  b[p++] = 45;
  p = two(b, p, day);
  b[p++] = 84;
  p = two(b, p, (daySec / 3600) | 0);
  b[p++] = 58;
  p = two(b, p, ((daySec / 60) | 0) % 60);
  b[p++] = 58;
  p = two(b, p, daySec % 60);
  return millis(b, p, msTotal - sec * 1000);
}

/** `.mmmZ`. */
function millis(b: Buffer, p: number, m: number): number {
  b[p++] = 46;
  b[p++] = 48 + ((m / 100) | 0);
  b[p++] = 48 + (((m / 10) | 0) % 10);
  b[p++] = 48 + (m % 10);
  b[p++] = 90;
  return p;
}

/** isoTime outside years 1970–9999, as Date writes it (a timestamp a damaged file made absurd). */
function isoTimeByDate(b: Buffer, p: number, msTotal: number): number {
  const sec = Math.floor(msTotal / 1000);
  const d = new Date(sec * 1000);
  // No date at all: an empty string, as in summarize.
  if (Number.isNaN(d.getTime())) return p;
  p = text(b, p, d.toISOString().slice(0, 19));
  return millis(b, p, msTotal - sec * 1000);
}

/**
 * A JSON array of flat objects (values: our own ASCII strings, booleans, numbers, arrays of
 * numbers), exactly as JSON.stringify writes it, without making its text.
 */
export function flatObjects(b: Buffer, p: number, objects: readonly object[]): number {
  b[p++] = 91;
  for (let k = 0; k < objects.length; k++) {
    if (k) b[p++] = 44;
    b[p++] = 123;
    let first = true;
    const o = objects[k] as Record<string, unknown>;
    for (const key in o) {
      const v = o[key];
      if (v === undefined) continue;
      if (!first) b[p++] = 44;
      first = false;
      b[p++] = 34;
      p = text(b, p, key);
      b[p++] = 34;
      b[p++] = 58;
      p = flatValue(b, p, v);
    }
    b[p++] = 125;
  }
  b[p++] = 93;
  return p;
}

function flatValue(b: Buffer, p: number, v: unknown): number {
  if (typeof v === 'number') return decimal(b, p, v);
  if (typeof v === 'boolean') return bool(b, p, v);
  if (typeof v === 'string') {
    b[p++] = 34;
    p = text(b, p, v);
    b[p++] = 34;
    return p;
  }
  if (Array.isArray(v)) {
    b[p++] = 91;
    for (let k = 0; k < v.length; k++) {
      if (k) b[p++] = 44;
      p = decimal(b, p, v[k] as number);
    }
    b[p++] = 93;
    return p;
  }
  return text(b, p, JSON.stringify(v));
}

/** A number as String(n): one with at most three decimals (ms to 0.1, shares to 0.001) without making a string. */
function decimal(b: Buffer, p: number, n: number): number {
  if (Number.isInteger(n)) return num(b, p, n);
  const k = Math.round(n * 1000);
  return k / 1000 === n ? scaled(b, p, k, 1000) : num(b, p, n);
}
