/** Context moves the most likely cause to the top, and bind failures point at the socket table. */
import { describe, it, expect } from 'vitest';
import { explainError } from '../../src/explain/index.js';

// Printed commands are asserted as `tcpsleuth …` (the name the README's docs use); how the test
// runner was started (npx) must not leak into them.
process.env.TCPSLEUTH_SELF = 'tcpsleuth';

const firstCause = (text: string) => explainError(text).causes[0];

describe('context-ranked causes', () => {
  it("Node's ECONNREFUSED ::1 is IPv6 localhost against an IPv4-only server", () => {
    expect(firstCause('Error: connect ECONNREFUSED ::1:5432')).toMatch(/listens only on 127\.0\.0\.1.*127\.0\.0\.1:5432/);
    expect(firstCause('Error: connect ECONNREFUSED 10.0.0.9:5432')).toMatch(/^The service is not running/);
  });

  it('a one-word name that does not resolve is a container service name', () => {
    expect(firstCause('getaddrinfo ENOTFOUND postgres')).toMatch(/"postgres" is a one-word name/);
    expect(firstCause('getaddrinfo ENOTFOUND db.internal')).toMatch(/^A typo/);
  });

  it('a temporary DNS failure points at the resolver first', () => {
    expect(firstCause('socket.gaierror: [Errno -3] Temporary failure in name resolution')).toMatch(/resolver did not answer/);
  });

  it('"wrong version number" means the port does not speak TLS', () => {
    expect(firstCause('curl: (35) error:0A00010B:SSL routines::wrong version number')).toMatch(/does not speak TLS/);
  });

  it('localhost inside a container', () => {
    expect(explainError('docker compose: api-1 | Error: connect ECONNREFUSED 127.0.0.1:5432').causes.join('\n')).toContain('Inside a container');
  });

  it('address already in use: the check is the socket table for that port', () => {
    expect(explainError('Error: listen EADDRINUSE: address already in use :::3000')).toMatchObject({ class: 'other', checkCommand: 'tcpsleuth sockets --port 3000' });
    expect(explainError('listen tcp :8080: bind: address already in use').checkCommand).toBe('tcpsleuth sockets --port 8080');
  });

  it('kinds of "other" say what happened locally', () => {
    const inUse = explainError('Error: listen EADDRINUSE: address already in use :::3000');
    expect(inUse.explanation).toMatch(/^Nothing went on the wire: bind\(\) failed/);
    const fds = explainError('accept4: too many open files; retrying in 5ms');
    expect(fds.causes[0]).toMatch(/file-descriptor limit/);
    const proxy = explainError('curl: (56) CONNECT tunnel failed, response 407');
    expect(proxy.explanation).toMatch(/proxy refused or failed to open the tunnel/);
    expect(proxy.causes[0]).toMatch(/HTTPS_PROXY/);
  });
});
