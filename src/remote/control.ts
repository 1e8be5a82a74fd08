/**
 * ssh connection sharing for many commands to the same hosts: OpenSSH's ControlMaster, with its
 * sockets in a private folder of our own (mode 0700) so no other user can ride on them. The first
 * ssh to a host becomes the master; later ones to the same host reuse its connection (no new TCP
 * or key exchange). Masters idle out on their own (ControlPersist), and close() ends them at once:
 * on the way out, and on Ctrl-C through the lifecycle's cleanups.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../lifecycle.js';
import { runTool, which } from '../tools.js';
import { formatDestination, sshArgs, type SshDestination } from './ssh.js';

/** A master lives this long without sessions, so even a crash of ours leaves none for long. */
export const CONTROL_PERSIST_S = 30;

export interface SshControl {
  /** The private folder the master sockets live in (`ControlPath=DIR/%C`). */
  readonly dir: string;
  /** The `-o` options that make an ssh to `d` share its master (and remember `d` for close()). */
  options(d: SshDestination): string[];
  /** Ends every master this control started and removes its folder; safe to call twice. */
  close(): Promise<void>;
}

/** Starts a private control folder. Sockets go under /tmp when it exists: unix socket paths are short (~104 bytes). */
export function openSshControl(): SshControl {
  const base = existsSync('/tmp') ? '/tmp' : tmpdir();
  const dir = mkdtempSync(join(base, 'tsl-ssh-'));
  const used = new Map<string, SshDestination>();
  let closed = false;
  const path = join(dir, '%C');
  const opts = ['-o', 'ControlMaster=auto', '-o', `ControlPath=${path}`, '-o', `ControlPersist=${CONTROL_PERSIST_S}`];

  const close = async () => {
    if (closed) return;
    closed = true;
    unregister();
    const ssh = which('ssh');
    if (ssh) {
      // `-O exit` asks each master to end; one that is already gone answers at once.
      await Promise.all([...used.values()].map((d) => runTool(ssh, sshArgs(d, 'true', ['-o', `ControlPath=${path}`, '-O', 'exit']), { timeoutMs: 3000 })));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onCleanup(close);
  return {
    dir,
    options(d) {
      if (closed) return [];
      used.set(`${formatDestination(d)} ${d.configFile ?? ''}`, d);
      return opts;
    },
    close,
  };
}
