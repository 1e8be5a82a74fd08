/**
 * The kernel's round-trip time for one connected socket, from `ss -ti` (TCP_INFO over netlink).
 * Right after the handshake, before any data, Linux's smoothed RTT is the SYN → SYN-ACK sample:
 * the network's time. connect()'s own clock adds this program's delays (a busy event loop, a
 * terminal redraw), which on loopback can be a thousand times the round trip itself.
 */
import type net from 'node:net';
import { formatHostPort } from '../target.js';
import { runTool, which } from '../tools.js';

/** `rtt:0.043/0.021` in one `ss -ti` line: srtt/rttvar, in ms. */
export function parseSsRtt(text: string): number | undefined {
  const m = /\brtt:(\d+(?:\.\d+)?)\//.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The socket's smoothed RTT in ms, or undefined (not Linux, no ss, the socket already gone). */
export async function kernelRttMs(socket: net.Socket, signal?: AbortSignal): Promise<number | undefined> {
  const ss = process.platform === 'linux' ? which('ss') : undefined;
  const { localAddress, localPort, remoteAddress, remotePort } = socket;
  if (!ss || !localAddress || !localPort || !remoteAddress || !remotePort) return undefined;
  const r = await runTool(ss, ['-tinH', 'state', 'established', 'src', formatHostPort(localAddress, localPort), 'dst', formatHostPort(remoteAddress, remotePort)], { timeoutMs: 2000, signal });
  return r.code === 0 ? parseSsRtt(r.stdout) : undefined;
}
