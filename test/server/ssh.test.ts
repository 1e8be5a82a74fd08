/** The ssh transport's pure parts: destinations, remote-shell quoting (run through a real sh), failures. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { classifySshFailure, parseSshDestination, shellQuote, sshArgs } from '../../src/remote/ssh.js';
import { UsageError } from '../../src/errors.js';
import { remoteFailure } from '../../src/server/remote-capture.js';

describe('parseSshDestination', () => {
  it.each([
    ['ssh://root@db.internal:2222', { user: 'root', host: 'db.internal', port: 2222 }],
    ['ssh://db.internal', { user: undefined, host: 'db.internal', port: undefined }],
    ['admin@10.0.0.5', { user: 'admin', host: '10.0.0.5', port: undefined }],
    ['ssh://ops@[2001:db8::1]:22', { user: 'ops', host: '2001:db8::1', port: 22 }],
    ['prod-db', { user: undefined, host: 'prod-db', port: undefined }],
  ])('%s', (text, want) => {
    expect(parseSshDestination(text)).toEqual(want);
  });

  it.each(['ssh://-oProxyCommand=x', 'ssh://a b', 'ssh://host:99999', 'ssh://', 'http://x/y', 'ssh://host;reboot'])('rejects %s', (text) => {
    expect(() => parseSshDestination(text)).toThrow(UsageError);
  });
});

describe('shellQuote', () => {
  it.each(["it's", 'a b', '$(reboot)', '`id`', '"; rm -rf /', 'plain', '', 'x\ny'])('%j reaches the remote shell as one word', (word) => {
    const echoed = execFileSync('sh', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' });
    expect(echoed).toBe(word);
  });
});

describe('sshArgs', () => {
  it('never prompts, ends options before the host, and passes one remote command', () => {
    const args = sshArgs({ user: 'root', host: 'db', port: 2222, configFile: '/tmp/cfg' }, 'sh -c true');
    expect(args).toEqual(expect.arrayContaining(['BatchMode=yes', '-F', '/tmp/cfg', '-p', '2222', '-l', 'root']));
    expect(args.slice(-3)).toEqual(['--', 'db', 'sh -c true']);
  });
});

describe('classifySshFailure', () => {
  const d = { host: 'db', user: 'root', port: 2222 };
  it.each([
    ['Host key verification failed.', 'host-key'],
    ['No ED25519 host key is known for [db]:2222 and you have requested strict checking.\nHost key verification failed.', 'host-key'],
    ['root@db: Permission denied (publickey).', 'auth'],
    ['ssh: Could not resolve hostname db: Name or service not known', 'resolve'],
    ['ssh: connect to host db port 2222: Connection refused', 'connect'],
    ['ssh: connect to host db port 2222: Connection timed out', 'timeout'],
    ['kex_exchange_identification: read: Connection reset by peer', 'connect'],
    ['something new', 'other'],
  ])('%s', (stderr, kind) => {
    const f = classifySshFailure(stderr, d);
    expect(f.kind).toBe(kind);
    expect(f.fix.length).toBeGreaterThan(10);
  });
});

describe('remoteFailure (why tcpdump did not start on the server)', () => {
  const d = { host: 'db' };
  it.each([
    [127, 'tcpsleuth: tcpdump is not installed on the server', /not installed/, /apt-get install tcpdump/],
    [1, "tcpdump: any: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)", /may not capture/, /setcap|root/],
    [255, 'root@db: Permission denied (publickey).', /could not log in/, /key/],
    [1, 'tcpdump: syntax error', /did not start: syntax error/, /by hand/],
  ])('exit %i', (code, stderr, reason, fix) => {
    const f = remoteFailure(code, stderr, d);
    expect(f.reason).toMatch(reason);
    expect(f.fix).toMatch(fix);
  });
});
