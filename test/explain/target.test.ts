/**
 * Target extraction invariants: the remote side, never the client's own address, the DNS
 * resolver, a Unix socket path, a source file name or a documentation link.
 */
import { describe, it, expect } from 'vitest';
import { explainError } from '../../src/explain/index.js';

// Printed commands are asserted as `tcpsleuth …` (the name the README's docs use); how the test
// runner was started (npx) must not leak into them.
process.env.TCPSLEUTH_SELF = 'tcpsleuth';

const target = (text: string) => {
  const ex = explainError(text);
  return { host: ex.host, port: ex.port };
};

describe('target extraction', () => {
  it("Go's read tcp CLIENT->SERVER names the server", () => {
    expect(target('read tcp 10.0.0.5:51234->10.0.0.9:5432: read: connection reset by peer')).toEqual({ host: '10.0.0.9', port: 5432 });
    expect(target('write tcp [fd00:18::1]:40000->[fd00:19::2]:443: write: broken pipe')).toEqual({ host: 'fd00:19::2', port: 443 });
  });

  it('the resolver a lookup went to is not the target', () => {
    expect(target('dial tcp: lookup db.internal on 127.0.0.53:53: no such host').host).toBe('db.internal');
  });

  it("a URL without a port takes its scheme's default from src/target.ts's table", () => {
    const ex = explainError('Error: connect ECONNREFUSED: could not reach mssql://sql.internal/orders');
    expect(ex).toMatchObject({ host: 'sql.internal', port: 1433, portSource: 'scheme-default' });
  });

  it('a Unix socket path is not a host', () => {
    const ex = explainError('psql: error: connection to server on socket "/tmp/.s.PGSQL.5433" failed: No such file or directory');
    expect(ex).toMatchObject({ class: 'refused', host: null, port: null, unixSocket: '/tmp/.s.PGSQL.5433', checkCommand: 'tcpsleuth sockets --port 5433' });
  });

  it('source locations in stack traces are not hosts', () => {
    const t = target('java.net.SocketException: Connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)\n\tat main.go:21 client.py:88');
    expect(t).toEqual({ host: null, port: null });
  });

  it('default ports come from the URL scheme', () => {
    expect(target('Get "https://api.internal/v1": EOF')).toEqual({ host: 'api.internal', port: 443 });
    expect(target('could not connect: postgres://app@db.internal/app: connection refused')).toEqual({ host: 'db.internal', port: 5432 });
    expect(target('redis://cache.internal: Connection refused')).toEqual({ host: 'cache.internal', port: 6379 });
  });

  it('documentation links are not targets', () => {
    expect(target('curl: (60) SSL certificate problem\nMore details here: https://curl.se/docs/sslcerts.html').host).toBeNull();
  });

  it('the check command brackets IPv6', () => {
    expect(explainError('dial tcp [2001:db8::1]:8443: connect: connection refused').checkCommand).toBe("tcpsleuth check '[2001:db8::1]:8443'");
  });

  it('a wildcard bind address is not a target', () => {
    expect(target('listen tcp 0.0.0.0:8080: bind: address already in use').host).toBeNull();
  });

  it('says where the port came from', () => {
    expect(explainError('dial tcp 10.0.0.9:5432: connect: connection refused').portSource).toBe('message');
    expect(explainError('Get "https://api.internal/v1": EOF').portSource).toBe('scheme-default');
    expect(explainError("ERROR 2003 (HY000): Can't connect to MySQL server on 'db.internal' (111)")).toMatchObject({ port: 3306, portSource: 'tool-default' });
    expect(explainError('curl: (52) Empty reply from server').portSource).toBeNull();
  });

  it('tells a connect timeout from a read timeout', () => {
    const connect = explainError('java.net.SocketTimeoutException: connect timed out');
    expect(connect.timeoutPhase).toBe('connect');
    expect(connect.explanation).toContain('no SYN-ACK');
    const read = explainError('java.net.SocketTimeoutException: Read timed out');
    expect(read.timeoutPhase).toBe('read');
    expect(read.explanation).toContain('The connection to the server was up');
    expect(explainError('Ncat: TIMEOUT.').timeoutPhase).toBeUndefined();
  });
});
