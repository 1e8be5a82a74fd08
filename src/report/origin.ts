/**
 * Where a check ran from: this host's name, the local address the connect step used and the
 * interface holding it, and the time zone. Nothing else about the machine is collected.
 */
import os from 'node:os';
import type { CheckReport } from '../evidence.js';
import type { ReportOrigin } from './model.js';
import { runTool } from '../tools.js';

/** The interface that holds `address`, per os.networkInterfaces(). */
export function interfaceOf(address: string | undefined, ifaces = os.networkInterfaces()): string | undefined {
  if (!address) return undefined;
  const bare = address.replace(/^::ffff:/, '').replace(/%.*$/, '');
  for (const [name, list] of Object.entries(ifaces)) {
    if (list?.some((i) => i.address.replace(/%.*$/, '') === bare)) return name;
  }
  return undefined;
}

/** `ip route get ADDR`: the interface and source address the kernel picks for it. */
export async function routeTo(address: string, signal?: AbortSignal): Promise<{ dev?: string; src?: string }> {
  const r = await runTool('ip', ['route', 'get', address], { timeoutMs: 3000, signal }).catch(() => undefined);
  if (!r || r.code !== 0) return {};
  return { dev: /\bdev (\S+)/.exec(r.stdout)?.[1], src: /\bsrc (\S+)/.exec(r.stdout)?.[1] };
}

/**
 * The origin of `report`: the last connect step's local address and its interface; when the
 * handshake failed before the socket had one, the route's source address and device instead.
 */
export async function collectOrigin(report?: CheckReport, signal?: AbortSignal): Promise<ReportOrigin> {
  const connects = report?.steps.filter((s) => s.id === 'connect') ?? [];
  const ev = (connects[connects.length - 1]?.evidence ?? {}) as { localAddress?: string; localPort?: number; address?: string };
  const origin: ReportOrigin = {
    hostname: os.hostname(),
    localAddress: ev.localAddress,
    localPort: ev.localPort,
    interface: interfaceOf(ev.localAddress),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  };
  if ((!origin.localAddress || !origin.interface) && ev.address) {
    const route = await routeTo(ev.address, signal);
    origin.localAddress ??= route.src;
    origin.interface ??= route.dev;
  }
  return origin;
}
