/**
 * The probe's records turned into the check's own steps (dns, connect per address, ping, observe,
 * tls) with the same ids, outcomes and evidence shapes, so `diagnose` judges a vantage point's
 * evidence exactly as it judges this machine's. What could not run is an `unavailable` step with
 * what to install. Pure.
 */
import type { StepEvidence, Target } from '../evidence.js';
import type { DnsEvidence, DnsFailure } from '../checks/dns.js';
import { FAILURE_TEXT } from '../checks/dns.js';
import { RESULT_TEXT, summarize, type ConnectEvidence, type LocalListener } from '../checks/connect.js';
import { fallbackChoice } from '../checks/connect-all.js';
import { kernelGiveUpMs } from '../kernel-timing.js';
import { installHint } from '../tools.js';
import { numArg, recordOf, recordsOf, type ProbeOutput, type ProbeRecord } from './probe-output.js';
import { readConnect, type ProbeConnect } from './probe-connect.js';
import { readTls } from './probe-tls.js';
import { observeStep, pingStep } from './probe-observe.js';

/** What to install on a vantage point for each tool the probe may look for. */
export const REMOTE_TOOL_FIX: Record<string, string> = {
  bash: 'bash (with timeout from coreutils)',
  timeout: 'coreutils (timeout)',
  nc: 'netcat-openbsd (nc)',
  curl: 'curl',
  python3: 'python3',
  getent: 'libc-bin (getent)',
  ping: 'iputils-ping',
  ip: 'iproute2 (ip)',
  ss: 'iproute2 (ss)',
  openssl: 'openssl',
};

export const CONNECT_TOOLS_FIX = 'install one of them there: bash with timeout (coreutils), netcat-openbsd, curl or python3';

type ConnectStepOf = StepEvidence<'connect', ConnectEvidence>;

/** The steps of one vantage point's check, in the order a local check lists them. */
export interface ProbeSteps {
  steps: StepEvidence[];
  /** Every address the name resolved to there (or the IP literal). */
  addresses: string[];
  /** The connect step a client with fallback ends with (undefined: nothing could connect). */
  chosen?: ConnectStepOf;
  /** The tool the probe connected with, or undefined when there was none. */
  method?: string;
  /** The address the vantage point's SYN left from (its socket, else `ip route get`). */
  source?: string;
}

/** Builds the steps from the probe's output for `target`. */
export function probeSteps(out: ProbeOutput, target: Target, budgetMs: number): ProbeSteps {
  const steps: StepEvidence[] = [];
  const dns = dnsStep(out, target);
  if (dns) steps.push(dns);
  const addresses = dns?.evidence.addresses.map((a) => a.address) ?? [];

  const giveUp = out.sysctls.has('tcp_syn_retries') ? kernelGiveUpMs({ synRetries: out.sysctls.get('tcp_syn_retries')!, linearTimeouts: out.sysctls.get('tcp_syn_linear_timeouts') }) : undefined;
  const observed = new Map<ConnectStepOf, ProbeConnect>();
  const connects: ConnectStepOf[] = [];
  for (const rec of recordsOf(out, 'connect')) {
    const pc = readConnect(rec, recordOf(out, 'body', rec.args[0]));
    const step = connectStep(pc, out, target.port, budgetMs, giveUp);
    observed.set(step, pc);
    connects.push(step);
  }
  steps.push(...connects);
  if (recordOf(out, 'connect-unavailable')) {
    steps.push({
      id: 'connect',
      outcome: 'unavailable',
      durationMs: 0,
      summary: 'nothing on this vantage point can open a TCP connection',
      reason: 'none of bash (with timeout), nc, curl or python3 is on its PATH',
      fix: CONNECT_TOOLS_FIX,
      evidence: {},
    });
  }
  const chosen = fallbackChoice(connects);
  const ping = pingStep(out);
  if (ping) steps.push(ping);
  const pc = chosen ? observed.get(chosen) : undefined;
  if (chosen && pc && chosen.evidence.result === 'connected') steps.push(observeStep(pc, target.port));
  const tls = tlsStep(out, pc?.observe?.data);
  if (tls) steps.push(tls);
  return { steps, addresses, chosen, method: connects.length ? observed.get(connects[0])?.method : undefined, source: chosen?.evidence.localAddress };
}

function dnsStep(out: ProbeOutput, target: Target): StepEvidence<'dns', DnsEvidence> | undefined {
  const rec = recordOf(out, 'dns');
  if (!rec) return undefined;
  const host = target.host;
  const command = `getent ahosts ${host}`;
  if (rec.args[0] === 'literal') {
    return { id: 'dns', command, outcome: 'skipped', durationMs: 0, summary: `${host} is an address: no DNS needed`, reason: 'IP literal', evidence: { host, addresses: [{ address: host, family: host.includes(':') ? 6 : 4 }] } };
  }
  if (rec.args[0] === 'unavailable') {
    return { id: 'dns', command, outcome: 'unavailable', durationMs: 0, summary: 'nothing on this vantage point can resolve names', reason: 'neither getent nor python3 is on its PATH', fix: `install ${REMOTE_TOOL_FIX.getent} or python3 there`, evidence: { host, addresses: [] } };
  }
  const rc = numArg(rec, 1);
  const durationMs = numArg(rec, 2) || 0;
  const found = rec.args[0] === 'getent'
    ? rec.lines.map((l) => l.trim().split(/\s+/)).filter((w) => w[1] === 'STREAM').map((w) => w[0])
    : rec.lines.map((l) => /^addr (\S+)$/.exec(l)?.[1]).filter((a): a is string => Boolean(a));
  const addresses = [...new Set(found)].filter((a) => /^[0-9a-fA-F.:%]+$/.test(a)).map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  if (addresses.length) {
    return { id: 'dns', command, outcome: 'pass', durationMs, summary: `${host} → ${addresses.map((a) => a.address).join(', ')} in ${durationMs.toFixed(1)} ms`, evidence: { host, addresses } };
  }
  const why = whyNoAddress(rc, recordOf(out, 'dns-why') ?? (rec.args[0] === 'python3' ? rec : undefined));
  const resolvers = (recordOf(out, 'resolv')?.lines ?? []).map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1]).filter((n): n is string => Boolean(n));
  const text = why.failure === 'other' ? `getent found no address (${REMOTE_TOOL_FIX.python3} there would tell a missing name from an unreachable resolver)` : FAILURE_TEXT[why.failure];
  return {
    id: 'dns',
    command,
    outcome: 'fail',
    durationMs,
    summary: `${host}: ${text}`,
    reason: why.code ? `${why.code}: ${text}` : text,
    evidence: { host, addresses: [], code: why.code, failure: why.failure, resolvers },
  };
}

/** getent says only "not found" (2); python3's getaddrinfo error says why. */
function whyNoAddress(rc: number, py: ProbeRecord | undefined): { failure: DnsFailure; code?: string } {
  const err = py?.lines.map((l) => /^gaierror (-?\d+) ?(.*)$/.exec(l)).find(Boolean);
  if (err) {
    const n = Number(err[1]);
    if (n === -2 || /not known/i.test(err[2])) return { failure: 'nxdomain', code: 'ENOTFOUND' };
    if (n === -3 || /temporary failure/i.test(err[2])) return { failure: 'resolver-unreachable', code: 'EAI_AGAIN' };
    if (n === -5 || n === -9 || /no address/i.test(err[2])) return { failure: 'no-address', code: 'ENODATA' };
    return { failure: 'other', code: `EAI ${n}` };
  }
  if (rc === 124) return { failure: 'timeout', code: 'ETIMEOUT' };
  return { failure: 'other' };
}

const METHOD_COMMAND: Record<string, (a: string, port: number, budgetS: number) => string> = {
  bash: (a, p, s) => `timeout ${s} bash -c 'exec 3<>/dev/tcp/${a}/${p}'`,
  nc: (a, p, s) => `nc -vz -w ${s} ${a} ${p}`,
  curl: (a, p, s) => `curl -v --connect-timeout ${s} telnet://${a.includes(':') ? `[${a}]` : a}:${p}`,
  python3: (a, p, s) => `python3 -c 'import socket; socket.create_connection(("${a}", ${p}), ${s})'`,
};

function connectStep(pc: ProbeConnect, out: ProbeOutput, port: number, budgetMs: number, kernelGivesUpMs: number | undefined): ConnectStepOf {
  const route = recordOf(out, 'route', pc.address)?.lines[0] ?? '';
  const routeSrc = /\bsrc (\S+)/.exec(route)?.[1];
  const evidence: ConnectEvidence = {
    address: pc.address,
    port,
    family: pc.address.includes(':') ? 6 : 4,
    result: pc.result,
    code: pc.code,
    handshakeMs: pc.handshakeMs,
    budgetMs,
    localAddress: pc.localAddress ?? routeSrc,
    localPort: pc.localPort,
    kernelGivesUpMs: pc.result === 'timeout' ? kernelGivesUpMs : undefined,
  };
  const listeners = recordOf(out, 'listeners', pc.address);
  if (listeners && pc.result !== 'connected') evidence.localListeners = readListeners(listeners.lines, port);
  const connected = pc.result === 'connected';
  const said = pc.said && !connected ? ` (${pc.method} said: ${pc.said})` : '';
  return {
    id: 'connect',
    outcome: connected ? 'pass' : 'fail',
    durationMs: pc.handshakeMs,
    summary: summarize(evidence),
    reason: connected ? undefined : `${evidence.code ? `${evidence.code}: ` : ''}${RESULT_TEXT[evidence.result]}${said}`,
    command: METHOD_COMMAND[pc.method]?.(pc.address, port, Math.ceil(budgetMs / 1000)),
    evidence,
  };
}

/** `ss -ltn` lines: the listeners on `port` (Recv-Q is the accept queue, Send-Q the backlog). */
export function readListeners(lines: string[], port: number): LocalListener[] {
  const found: LocalListener[] = [];
  for (const l of lines) {
    const m = /^LISTEN\s+(\d+)\s+(\d+)\s+(\S+):(\d+)\s/.exec(l.trim() + ' ');
    if (!m || Number(m[4]) !== port) continue;
    const address = m[3].replace(/^\[|\]$/g, '').replace(/%.*$/, '').replace(/^\*$/, '0.0.0.0');
    found.push({ address, port, queued: Number(m[1]), backlog: Number(m[2]), queueFull: Number(m[1]) > Number(m[2]) });
  }
  return found;
}

function tlsStep(out: ProbeOutput, firstBytes: Buffer | undefined): StepEvidence | undefined {
  const rec = recordOf(out, 'tls');
  if (rec) return readTls(rec, recordOf(out, 'cert'), firstBytes);
  if (recordOf(out, 'tls-unavailable')) {
    return { id: 'tls', outcome: 'unavailable', durationMs: 0, summary: 'openssl is not installed on this vantage point', reason: 'openssl not found on its PATH', fix: installHint('openssl'), evidence: {} };
  }
  return undefined;
}
