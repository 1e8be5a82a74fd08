/** The words sent to a remote shell and printed for a person: arguments stay data, commands run as printed. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { remoteShellCommand, sshCommandLine } from '../../src/remote/ssh.js';

describe('remoteShellCommand', () => {
  it.each([["it's"], ['$(touch /tmp/x)'], ['`id`'], ['a;b'], ['x\ny'], ['-oProxyCommand=x'], [''], ['*']])('%j reaches the script as one positional argument', (arg) => {
    // What the remote login shell does with the command line: run it with sh -c.
    const out = execFileSync('sh', ['-c', remoteShellCommand('printf "[%s]" "$0" "$@"', [arg, 'next'], 'tcpsleuth-probe')], { encoding: 'utf8' });
    expect(out).toBe(`[tcpsleuth-probe][${arg}][next]`);
  });
});

describe('sshCommandLine', () => {
  it('names the config, port and user, quoted to paste', () => {
    expect(sshCommandLine({ host: 'db', user: 'ops', port: 2222, configFile: '/tmp/my config' }, ['true'])).toBe("ssh -F '/tmp/my config' -p 2222 ops@db true");
    expect(sshCommandLine({ host: 'app-1' })).toBe('ssh app-1');
  });
});
