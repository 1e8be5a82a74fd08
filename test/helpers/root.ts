/** Root-only tests (network namespaces, iptables, tcpdump) skip with a printed reason otherwise. */
import { execFileSync } from 'node:child_process';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function hasNetns(): boolean {
  if (!isRoot) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const canUseNamespaces = hasNetns();

/** Prints why a root-only suite is skipped, once per file. */
export function noteSkip(what: string): void {
  if (!canUseNamespaces) {
    process.stderr.write(`skipped: ${what} needs root and iproute2 (ip netns); run the tests as root\n`);
  }
}
