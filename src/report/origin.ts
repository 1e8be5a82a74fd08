/**
 * Where a check ran from: this host's name, the local address the connect step used and the
 * interface holding it, and the time zone. Nothing else about the machine is collected.
 */
import os from 'node:os';
import type { CheckReport } from '../evidence.js';
import type { ReportOrigin } from './model.js';
import { chosenConnect, connectSteps } from '../diagnosis/addresses.js';
import { routeTo } from '../guide/route.js';

/** The interface that holds `address`, per os.networkInterfaces(). */
export function interfaceOf(address: string | undefined, ifaces = os.networkInterfaces()): string | undefined {
  if (!address) return undefined;
  const bare = address.replace(/^::ffff:/, '').replace(/%.*$/, '');
  for (const [name, list] of Object.entries(ifaces)) {
    if (list?.some((i) => i.address.replace(/%.*$/, '') === bare)) return name;
  }
  return undefined;
}

/**
 * The origin of `report`: the chosen connect step's local address and its interface; when the
 * handshake failed before the socket had one, the route's source address and device instead.
 */
export async function collectOrigin(report?: CheckReport, signal?: AbortSignal): Promise<ReportOrigin> {
  // The connect step the verdict is about (another address's socket may have left from elsewhere).
  const ev: { localAddress?: string; localPort?: number; address?: string } = chosenConnect(connectSteps(report?.steps ?? []))?.evidence ?? {};
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
