/**
 * The kernel's route to an address (`ip route get`): the interface and the source address a
 * connection to it leaves from. For a check whose socket never had a local address (refused,
 * unreachable), this is how it can still say where it ran from.
 */
import { runTool } from '../tools.js';

/** `ip route get ADDR`: the interface and source address the kernel picks for it ({} when it cannot say). */
export async function routeTo(address: string, signal?: AbortSignal): Promise<{ dev?: string; src?: string }> {
  const r = await runTool('ip', ['route', 'get', address], { timeoutMs: 3000, signal }).catch(() => undefined);
  if (!r || r.code !== 0) return {};
  return { dev: /\bdev (\S+)/.exec(r.stdout)?.[1], src: /\bsrc (\S+)/.exec(r.stdout)?.[1] };
}
