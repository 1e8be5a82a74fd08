/**
 * Where a check ran from: this host's name, the local address the connect step used and the
 * interface holding it, and the time zone. Nothing else about the machine is collected.
 */
import os from 'node:os';
import type { CheckReport } from '../evidence.js';
import type { ReportOrigin } from './model.js';

/** The interface that holds `address`, per os.networkInterfaces(). */
export function interfaceOf(address: string | undefined, ifaces = os.networkInterfaces()): string | undefined {
  if (!address) return undefined;
  const bare = address.replace(/^::ffff:/, '').replace(/%.*$/, '');
  for (const [name, list] of Object.entries(ifaces)) {
    if (list?.some((i) => i.address.replace(/%.*$/, '') === bare)) return name;
  }
  return undefined;
}

/** The origin of `report`: the last connect step's local address and its interface. */
export function collectOrigin(report?: CheckReport): ReportOrigin {
  const connects = report?.steps.filter((s) => s.id === 'connect') ?? [];
  const ev = (connects[connects.length - 1]?.evidence ?? {}) as { localAddress?: string; localPort?: number };
  return {
    hostname: os.hostname(),
    localAddress: ev.localAddress,
    localPort: ev.localPort,
    interface: interfaceOf(ev.localAddress),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  };
}
