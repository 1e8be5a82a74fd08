/**
 * Socket-table lines as people paste them from `ss`, `netstat` (Linux, macOS/BSD, Windows):
 * `tcp 0 1 10.0.0.5:40322 203.0.113.7:443 SYN_SENT 2211/curl`. The target is the PEER column,
 * never the local one, and a socket stuck in SYN_SENT is a connect that got no answer.
 * Lines are read one by one with bounded token patterns (no regex over the whole paste).
 */
import { toPort } from './port.js';
import { normaliseState } from '../checks/netstat-parse.js';

export interface SocketTable {
  /** The remote end of the most telling row (a SYN_SENT one first), or null when all are wildcards. */
  peer: { host: string; port: number } | null;
  /** That row's state, upper case with `_` (`SYN_SENT`), or null when the table has no state column. */
  state: string | null;
}

/** A state word in a table row, in the socket table's own names (`SYN_SENT`), or null (closed rows say nothing here). */
function stateOf(token: string): string | null {
  const s = normaliseState(token);
  return s === 'UNKNOWN' || s === 'CLOSE' ? null : s;
}

/** Literals one of which a pasted table must contain before any line is read. */
const GATE = ['syn_sent', 'syn-sent', 'established', 'estab', 'time_wait', 'time-wait', 'close_wait', 'close-wait', 'fin_wait', 'fin-wait', 'last_ack', 'last-ack', 'syn_recv', 'syn-recv', 'peer address', 'foreign address', 'listen'];

const PROTO = /^(?:tcp[46]?|mptcp|TCP|tcp6?)$/;
const MAX_LINES = 2000;

type Endpoint = { host: string; port: number | null; wildcard: boolean };

const IPV4 = /^(\d{1,3}(?:\.\d{1,3}){3})$/;


/** Parses one column: `10.0.0.5:443`, `[2001:db8::1]:443`, `2001:db8::1:443`, `10.0.0.5.443` (BSD), `*:*`. */
function endpoint(token: string): Endpoint | null {
  if (token.length > 80) return null;
  if (token === '*:*' || token === '*.*' || token === '0.0.0.0:*' || token === ':::*' || token === '[::]:*') return { host: '*', port: null, wildcard: true };
  let m = /^\[([0-9A-Fa-f:.%\w]{2,60})\]:(\d{1,5}|\*)$/.exec(token);
  if (m) return { host: m[1], port: toPort(m[2]), wildcard: m[1] === '::' || m[2] === '*' };
  m = /^(\d{1,3}(?:\.\d{1,3}){3}|[A-Za-z][\w.-]{0,252}|\*):(\d{1,5}|\*)$/.exec(token);
  if (m) return { host: m[1], port: toPort(m[2]), wildcard: m[1] === '*' || m[1] === '0.0.0.0' || m[2] === '*' };
  // BSD/macOS: the port follows the address after a dot (`192.168.0.4.49876`, `*.22`, `fe80::1%lo0.5353`).
  m = /^(\d{1,3}(?:\.\d{1,3}){3})\.(\d{1,5}|\*)$/.exec(token) ?? /^([0-9A-Fa-f:]{2,45}(?:%\w{1,16})?)\.(\d{1,5}|\*)$/.exec(token) ?? /^(\*)\.(\d{1,5}|\*)$/.exec(token);
  if (m && (m[1] === '*' || IPV4.test(m[1]) || m[1].includes(':'))) return { host: m[1], port: toPort(m[2]), wildcard: m[1] === '*' || m[2] === '*' };
  // Linux netstat writes IPv6 without brackets: the last `:` starts the port.
  m = /^([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w{1,16})?):(\d{1,5}|\*)$/.exec(token);
  if (m) return { host: m[1], port: toPort(m[2]), wildcard: m[1] === '::' || m[2] === '*' };
  return null;
}

interface Row {
  peer: Endpoint;
  state: string | null;
}

function readRow(line: string, inTable: boolean): Row | null {
  const tokens = line.trim().split(/\s+/, 12);
  if (tokens.length < 3) return null;
  let state: string | null = null;
  let proto = false;
  let prev: Endpoint | null = null;
  let pair: [Endpoint, Endpoint] | null = null;
  for (const t of tokens) {
    const s = stateOf(t);
    if (s && !state) state = s;
    if (PROTO.test(t)) proto = true;
    const e = endpoint(t);
    if (e && prev && !pair) pair = [prev, e];
    prev = e;
  }
  // Two address columns side by side (local, then peer), and something that says this is a socket table.
  if (!pair || !(state || proto || inTable)) return null;
  return { peer: pair[1], state };
}

/** The socket table in a paste, or null when it has none. */
export function readSocketTable(text: string, lower: string): SocketTable | null {
  if (!GATE.some((g) => lower.includes(g))) return null;
  const inTable = /(?:peer|foreign) address/.test(lower);
  const stateFilter = /\bstate (syn-sent|syn-recv|established|time-wait|close-wait)\b/.exec(lower);
  const lines = text.split('\n', MAX_LINES);
  let first: Row | null = null;
  let syn: Row | null = null;
  for (const line of lines) {
    if (line.length > 400) continue;
    const row = readRow(line, inTable);
    if (!row) continue;
    if (!row.state && stateFilter) row.state = stateOf(stateFilter[1]);
    if (row.peer.wildcard && row.state !== 'SYN_SENT') {
      first ??= row;
      continue;
    }
    if (row.state === 'SYN_SENT') {
      syn = row;
      break;
    }
    if (!first || first.peer.wildcard) first = row;
  }
  const best = syn ?? first;
  if (!best) return null;
  const peer = best.peer.wildcard || best.peer.port === null ? null : { host: best.peer.host, port: best.peer.port };
  return { peer, state: best.state };
}
