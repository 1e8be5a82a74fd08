/**
 * A real sshd for the two-sided tests, inside the test's server namespace: its own host key,
 * client key, config, port and pid file under a temp dir. Stop it with stop() (afterAll).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nsStart } from '../../src/lab/netns.js';
import { which } from '../../src/tools.js';

export interface TestSshd {
  dir: string;
  port: number;
  /** An ssh config that trusts this sshd's host key and logs in with the test's key. */
  config: string;
  /** The same, but knowing no host key (StrictHostKeyChecking yes): "host key unknown". */
  unknownHostConfig: string;
  /** A key the server does not accept: "auth failure". */
  wrongKeyConfig: string;
  stop(): void;
}

export const hasSshd = Boolean(which('sshd') && which('ssh') && which('ssh-keygen'));

function clientConfig(dir: string, name: string, key: string, knownHosts: string): string {
  const file = join(dir, name);
  writeFileSync(file, `Host *\n  IdentityFile ${key}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${knownHosts}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  LogLevel ERROR\n`);
  return file;
}

/** Starts sshd in `ns` on address:port and resolves once it accepts connections; `extraConfig` lines go into its sshd_config. */
export async function startSshd(ns: string, address: string, port: number, extraConfig: string[] = []): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-sshd-'));
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, file)]);
  keygen('host_key');
  keygen('client_key');
  keygen('wrong_key');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      `ListenAddress ${address}`,
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'LogLevel ERROR',
      ...extraConfig,
    ].join('\n') + '\n',
  );
  const hostPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts'), `[${address}]:${port} ${hostPub}\n`);
  writeFileSync(join(dir, 'empty_known_hosts'), '');
  // sshd insists on its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true });
  const child: ChildProcess = nsStart(ns, which('sshd')!, ['-D', '-e', '-f', join(dir, 'sshd_config')]);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // Ready when the port accepts: poll from inside the namespace (bounded, 5 s).
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('ip', ['netns', 'exec', ns, process.execPath, '-e', `require('net').connect(${port}, '${address}').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`], { stdio: 'ignore' });
      break;
    } catch {
      if (child.exitCode !== null) throw new Error(`sshd exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    dir,
    port,
    config: clientConfig(dir, 'ssh_config', join(dir, 'client_key'), join(dir, 'known_hosts')),
    unknownHostConfig: clientConfig(dir, 'ssh_config_unknown', join(dir, 'client_key'), join(dir, 'empty_known_hosts')),
    wrongKeyConfig: clientConfig(dir, 'ssh_config_wrong', join(dir, 'wrong_key'), join(dir, 'known_hosts')),
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
