import { describe, expect, it } from 'vitest';
import { parsePort, parseTarget } from '../src/target.js';
import { UsageError } from '../src/errors.js';

describe('parseTarget', () => {
  it.each([
    ['db.internal:5432', 'db.internal', 5432, 'explicit', false],
    ['127.0.0.1:80', '127.0.0.1', 80, 'explicit', false],
    ['[::1]:8443', '::1', 8443, 'explicit', true],
    ['[FD00:19::2]:22', 'fd00:19::2', 22, 'explicit', false],
    ['https://example.test', 'example.test', 443, 'scheme-default', true],
    ['http://example.test/path?q=1', 'example.test', 80, 'scheme-default', false],
    ['ssh://git@host.test', 'host.test', 22, 'scheme-default', false],
    ['postgres://user:secret@db.test/app', 'db.test', 5432, 'scheme-default', false],
    ['postgresql://db.test:6432/app', 'db.test', 6432, 'explicit', false],
    ['mysql://db.test', 'db.test', 3306, 'scheme-default', false],
    ['redis://cache.test', 'cache.test', 6379, 'scheme-default', false],
    ['mongodb://mongo.test', 'mongo.test', 27017, 'scheme-default', false],
    ['amqp://mq.test', 'mq.test', 5672, 'scheme-default', false],
    ['ldap://dir.test', 'dir.test', 389, 'scheme-default', false],
    ['ldaps://dir.test', 'dir.test', 636, 'scheme-default', true],
    ['smtp://mail.test', 'mail.test', 25, 'scheme-default', false],
    ['imaps://mail.test', 'mail.test', 993, 'scheme-default', true],
    ['https://[::1]:9443/', '::1', 9443, 'explicit', true],
    ['Host.Example.TEST.:8080', 'host.example.test', 8080, 'explicit', false],
    ['[FD00:19:0:0:0:0:0:2]:80', 'fd00:19::2', 80, 'explicit', false],
    ['[::FFFF:127.0.0.1]:80', '::ffff:127.0.0.1', 80, 'explicit', false],
  ])('%s → %s port %i', (text, host, port, source, tls) => {
    const t = parseTarget(text);
    expect(t.host).toBe(host);
    expect(t.port).toBe(port);
    expect(t.portSource).toBe(source);
    expect(t.tls).toBe(tls);
  });

  it('takes the port from -p, also for a bare IPv6 address', () => {
    expect(parseTarget(['db.test'], { port: '5432' })).toMatchObject({ host: 'db.test', port: 5432, isIpLiteral: false });
    expect(parseTarget('::1', { port: 22 })).toMatchObject({ host: '::1', port: 22, isIpLiteral: true });
  });

  it('forces TLS with the tls option and on TLS ports', () => {
    expect(parseTarget('h.test:8080', { tls: true }).tls).toBe(true);
    expect(parseTarget('h.test:6443').tls).toBe(true);
    expect(parseTarget('h.test:5432').tls).toBe(false);
  });

  it.each([
    ['h.test:0', /port 0/],
    ['h.test:65536', /65536/],
    ['h.test:-1', /-1/],
    ['h.test:80x', /80x/],
    ['h.test:', /nothing after/],
    [':80', /empty host/],
    ['', /empty target/],
    ['a b:80', /whitespace or control/],
    ['a\tb:80', /whitespace or control/],
    ['a\u0007b:80', /whitespace or control/],
    [`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(10)}:80`, /254 characters long, the limit is 253/],
    [`${'a'.repeat(64)}.test:80`, /longer than 63/],
    ['h..test:80', /empty label/],
    ['h_ok.test$:80', /not a valid name/],
    ['h.test', /missing port/],
    ['::1:80', /\[addr\]:port/],
    ['[::1:80', /missing "\]"/],
    ['gopher://h.test', /no default port/],
  ])('rejects %j with one line', (text, message) => {
    let err: unknown;
    try {
      parseTarget(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('rejects two different ports and more than one target', () => {
    expect(() => parseTarget('h.test:80', { port: 81 })).toThrow(/two different ports/);
    expect(() => parseTarget(['a.test:1', 'b.test:2'])).toThrow(/one target/);
    expect(parseTarget('h.test:80', { port: 80 }).port).toBe(80);
  });
});

describe('parsePort', () => {
  it('accepts 1 to 65535', () => {
    expect(parsePort('1')).toBe(1);
    expect(parsePort(' 65535 ')).toBe(65535);
    expect(parsePort(443)).toBe(443);
  });
  it.each(['0', '65536', '-1', '80x', 'abc', '', '1e3', '0x50', '8 0'])('rejects %j', (p) => {
    expect(() => parsePort(p)).toThrow(UsageError);
  });
});
