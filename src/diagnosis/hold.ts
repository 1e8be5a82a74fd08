/**
 * What held-idle connections say (`check --hold`): pure rules from the hold evidence and this
 * kernel's timings to findings: `idle-timeout` (when the path forgets an idle flow, and what to set
 * so it never idles that long) and `dead-peer-detection-slow` (how long data sent into a silently
 * forgotten flow hangs before the application hears of it). Table-tested in test/watch/hold-rules.test.ts.
 */
import type { HoldEvidence } from '../checks/hold.js';
import type { Finding } from '../evidence.js';
import { formatMs } from '../duration.js';
import { formatKernelMs, type TcpTimings } from '../kernel-timing.js';
import { formatHostPort } from '../target.js';

export type HoldFindingId = 'idle-timeout' | 'dead-peer-detection-slow';

export type HoldFinding =
  | {
      id: 'idle-timeout';
      text: string;
      lesson: string;
      /** The idle time after which the flow was forgotten, ± precisionMs. */
      idleTimeoutMs: number;
      precisionMs: number;
      aliveUpToMs: number;
      deadAfterMs: number;
      /** How the forgotten flow answered: an RST, nothing, or the server's own FIN. */
      by: 'reset' | 'silent' | 'closed';
      /** The keepalive idle time to set (s): half the longest idle that survived. */
      keepaliveS: number;
      /** What to set, one line per place (sysctl, socket option, common clients). */
      advice: string[];
    }
  | { id: 'dead-peer-detection-slow'; text: string; lesson: string; retries2: number; giveUpMs: number };

/** The idle-timeout finding as a report's `details` carry it: its measurements, unless it was read from elsewhere. */
export type IdleTimeoutDetail = Finding & Partial<Omit<Extract<HoldFinding, { id: 'idle-timeout' }>, 'id' | 'text'>>;

const GONE: Record<'reset' | 'silent' | 'closed', string> = { reset: 'reset (an RST)', silent: 'silence', closed: 'closed by the server (FIN)' };

/** True when held connections died (an RST, silence, or the server's FIN). */
export function holdDied(hold: HoldEvidence | undefined): boolean {
  return hold?.outcome === 'reset' || hold?.outcome === 'silent' || hold?.outcome === 'closed';
}

/** What the held connections showed, in one sentence: how many, for which idle times, and how they ended. */
export function holdSeen(e: HoldEvidence): string {
  const connected = e.probes.filter((p) => p.outcome !== 'not-connected');
  const idles = connected.map((p) => p.idleMs);
  const range = idles.length ? `${formatMs(Math.min(...idles))}–${formatMs(Math.max(...idles))}` : '-';
  const held = `${connected.length} connection${connected.length === 1 ? '' : 's'} held idle (${range}${e.rounds > 1 ? `, ${e.rounds} rounds` : ''}, TCP keepalive probes)`;
  switch (e.outcome) {
    case 'alive':
      return `${held}: every one answered, alive after ${formatMs(e.aliveUpToMs ?? 0)} idle`;
    case 'reset':
    case 'silent':
    case 'closed':
      return `${held}: alive after ${formatMs(e.aliveUpToMs ?? 0)}, gone after ${formatMs(e.deadAfterMs ?? 0)}: ${GONE[e.outcome]}`;
    default:
      return e.reason ?? e.outcome;
  }
}

/** The hold a report carries (`check --hold`, the chat's hold joins it in: watch/hold-run.ts). */
export function holdIn(report: object): HoldEvidence | undefined {
  return (report as { hold?: HoldEvidence }).hold;
}

/** The hold's idle-timeout finding among a report's findings, with whatever of its fields it kept. */
export function idleTimeoutIn(findings: readonly Finding[]): IdleTimeoutDetail | undefined {
  return findings.find((f) => f.id === 'idle-timeout');
}

const HOW: Record<'reset' | 'silent' | 'closed', string> = {
  reset: 'its keepalive probe was answered with an RST: something on the path (a stateful firewall or NAT) dropped the flow from its table and now rejects its packets, so the application gets "connection reset by peer" on its next read or write',
  silent: 'its keepalive probe went unanswered: something on the path (a stateful firewall, NAT or load balancer) dropped the flow from its table and now silently drops its packets',
  closed: 'the server closed it with a FIN: the server\'s own idle timeout (its keepalive or wait timeout), not the network',
};

/** The findings for one hold; none when the connections survived or nothing could be measured. */
export function diagnoseHold(e: HoldEvidence, timings: TcpTimings): HoldFinding[] {
  if (e.idleTimeoutMs === undefined || e.deadAfterMs === undefined || (e.outcome !== 'reset' && e.outcome !== 'silent' && e.outcome !== 'closed')) return [];
  const where = formatHostPort(e.address, e.port);
  const lo = e.aliveUpToMs ?? 0;
  const keepaliveS = Math.max(1, Math.floor(lo / 2000));
  const survived = lo > 0 ? `one idle for ${formatMs(lo)} still answered, one idle for ${formatMs(e.deadAfterMs)} did not` : `not even one idle for ${formatMs(e.deadAfterMs)} survived`;
  const text =
    `${e.outcome === 'closed' ? `The server closes idle connections to ${where}` : `Idle connections to ${where} are forgotten`} after about ${formatMs(e.idleTimeoutMs)} (±${formatMs(e.precisionMs ?? 0)}): ` +
    `${survived}; ${HOW[e.outcome]}.`;
  const found: HoldFinding[] = [
    {
      id: 'idle-timeout',
      text,
      lesson: 'keepalive',
      idleTimeoutMs: e.idleTimeoutMs,
      precisionMs: e.precisionMs ?? 0,
      aliveUpToMs: lo,
      deadAfterMs: e.deadAfterMs,
      by: e.outcome,
      keepaliveS,
      advice: e.outcome === 'closed' ? serverAdvice(keepaliveS) : keepaliveAdvice(keepaliveS, timings),
    },
  ];
  if (e.outcome === 'silent') {
    const { value, giveUpMs } = timings.retries2;
    found.push({
      id: 'dead-peer-detection-slow',
      text:
        `Data written into a connection the path forgot in silence is never answered: Linux retransmits it ` +
        `tcp_retries2=${value} times, ${formatKernelMs(giveUpMs)} on this machine, before the application gets ETIMEDOUT; ` +
        `until then it hangs ("dead after lunch, then stuck for 15 minutes"). Keepalive below the idle timeout keeps the flow alive; ` +
        `TCP_USER_TIMEOUT on the socket (or a lower net.ipv4.tcp_retries2) bounds the wait.`,
      lesson: 'retransmission',
      retries2: value,
      giveUpMs,
    });
  }
  return found;
}

/** What to set so a connection never idles past the timeout: kernel, socket, and common clients. */
function keepaliveAdvice(k: number, timings: TcpTimings): string[] {
  const now = timings.keepalive.timeS;
  return [
    `the kernel's keepalive for sockets that ask for it: sysctl -w net.ipv4.tcp_keepalive_time=${k} (now ${now} s${timings.keepalive.source === 'classic' ? ', the Linux default' : ' here'}; persist it in /etc/sysctl.d/); SO_KEEPALIVE alone waits ${formatKernelMs(now * 1000)}`,
    `per socket: SO_KEEPALIVE with TCP_KEEPIDLE=${k} (Node socket.setKeepAlive(true, ${k * 1000}); Go net.Dialer{KeepAlive: ${k} * time.Second}; Python sock.setsockopt(IPPROTO_TCP, TCP_KEEPIDLE, ${k}))`,
    `OpenSSH: ServerAliveInterval ${k} in ~/.ssh/config (or ClientAliveInterval ${k} in the server's sshd_config)`,
    `PostgreSQL (libpq): keepalives=1 keepalives_idle=${k} in the connection string (server side: tcp_keepalives_idle = ${k})`,
    // HikariCP refuses a keepaliveTime under 30 s: below that, only shorter idle and lifetime limits help.
    `JDBC: tcpKeepAlive=true (PostgreSQL and MySQL drivers use the kernel's tcp_keepalive_time, so set it too); pools such as HikariCP: ${k * 2 >= 30 ? `keepaliveTime below ${k * 2} s and ` : `keepaliveTime cannot go below 30 s, so keep `}idleTimeout/maxLifetime below the timeout`,
    `HTTP client pools: drop pooled connections idle longer than ${k} s (Go http.Transport IdleConnTimeout, Apache HttpClient evictIdleConnections, Node http.Agent with keepAlive: true, keepAliveMsecs: ${k * 1000})`,
  ];
}

function serverAdvice(k: number): string[] {
  return [
    `clients: send something (the protocol's own ping or a cheap request) or reconnect within ${k} s of silence`,
    `clients with pools: drop pooled connections idle longer than ${k} s, so none is reused after the server closed it (HikariCP idleTimeout, Go http.Transport IdleConnTimeout, Apache HttpClient evictIdleConnections)`,
  ];
}
