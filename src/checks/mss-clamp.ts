/**
 * A TCP connection whose SYN advertises a smaller MSS, so the server sends smaller segments: the
 * test for a path MTU blackhole. Node cannot set TCP_MAXSEG on its sockets, so the connection is
 * made by socat (`mss=` sets TCP_MAXSEG before connect()) and node:tls runs over socat's stdio.
 * No root needed; socat is (Debian: `apt install socat`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { installHint, which } from '../tools.js';

/** The sizes tried in turn: one that fits any VPN tunnel (≥ 1280 bytes of IP MTU), then the classic minimum. */
export const CLAMPED_MSS = [1200, 536] as const;

export interface ClampedTransport {
  child: ChildProcess;
  /** What socat said on stderr (why the connection failed). */
  stderr(): string;
  /** Stops socat (our own child, by its pid). */
  kill(): void;
}

/** Why a clamped attempt cannot run here, with the fix; undefined when it can. */
export function clampUnavailable(): { reason: string; fix: string } | undefined {
  if (which('socat')) return undefined;
  return { reason: 'socat is not installed (Node cannot set TCP_MAXSEG itself)', fix: installHint('socat') };
}

/** The socat address for `address:port` with the MSS clamped: `TCP4:a:p,mss=1200` or `TCP6:[a]:p,...`. */
export function socatAddress(address: string, port: number, mss: number, connectTimeoutS = 3): string {
  const where = net.isIPv6(address) ? `TCP6:[${address}]:${port}` : `TCP4:${address}:${port}`;
  return `${where},mss=${mss},connect-timeout=${connectTimeoutS}`;
}

/** Connects to `address:port` through socat with the MSS clamped to `mss`; the caller runs TLS over its stdio. */
export function clampedTransport(address: string, port: number, mss: number): ClampedTransport {
  // execFile-style argument array: the address is an IP literal we resolved, never a shell string.
  const child = spawn('socat', ['-t', '1', 'STDIO', socatAddress(address, port, mss)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (err.length < 2000) err += d.toString();
  });
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  return {
    child,
    stderr: () => err.trim(),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
