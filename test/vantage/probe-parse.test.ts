/**
 * Reading the probe's records: outputs recorded from the real tools (OpenSSH's Debian build of
 * nc, curl 7.88, OpenSSL 3.0, getent, python3) into the check's own evidence, and from there the
 * same verdicts and findings a local check gets. Pure.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnosis/index.js';
import { parseTarget } from '../../src/target.js';
import { parseProbeOutput } from '../../src/vantage/probe-output.js';
import { errnoFromText, readConnect } from '../../src/vantage/probe-connect.js';
import { readListeners, probeSteps } from '../../src/vantage/probe-steps.js';
import { readCert, readTls } from '../../src/vantage/probe-tls.js';

const rec = (head: string, lines: string[] = []) => {
  const out = parseProbeOutput([`@tsl ${head}`, ...lines.map((l) => `@tsl| ${l}`)].join('\n'));
  return out.records[0];
};

describe('parseProbeOutput', () => {
  it('keeps records and their raw lines, and ignores what a login shell printed around them', () => {
    const out = parseProbeOutput(['Welcome to app-1!', '@tsl probe 1', '@tsl host app-1', '@tsl tool nc /usr/bin/nc', '@tsl missing curl', '@tsl sysctl tcp_syn_retries 6', '@tsl dns literal', '@tsl| @tsl done', '@tsl done'].join('\r\n'));
    expect(out.complete).toBe(true);
    expect(out.hostname).toBe('app-1');
    expect(out.tools.get('nc')).toBe('/usr/bin/nc');
    expect(out.missing).toEqual(['curl']);
    expect(out.sysctls.get('tcp_syn_retries')).toBe(6);
    // A raw line that looks like a record (a hostile banner) stays a raw line.
    expect(out.records.find((r) => r.kind === 'dns')!.lines).toEqual(['@tsl done']);
  });

  it('a half-finished probe is not complete', () => {
    expect(parseProbeOutput('@tsl probe 1\n@tsl dns literal\n').complete).toBe(false);
  });
});

describe('readConnect: each tool in the connect check\'s terms', () => {
  it.each([
    ['bash refused', rec('connect 10.0.0.5 bash 3 4', ['tsl: connect: Connection refused', 'tsl: line 4: /dev/tcp/10.0.0.5/80: Connection refused', 'failed 1796607864.695544 1796607864.695675']), 'refused', 'ECONNREFUSED'],
    ['bash no route', rec('connect 10.55.0.1 bash 3 2', ['tsl: connect: Network is unreachable']), 'no-route', 'ENETUNREACH'],
    ['bash host unreachable', rec('connect 10.0.0.99 bash 3 3050', ['tsl: connect: No route to host']), 'unreachable', 'EHOSTUNREACH'],
    ['bash watchdog', rec('connect 10.0.0.5 bash 143 1530', []), 'timeout', 'TIMEOUT'],
    ['nc timeout', rec('connect 10.99.0.1 nc 1 2012', ['nc: connect to 10.99.0.1 port 9002 (tcp) timed out: Operation now in progress']), 'timeout', 'TIMEOUT'],
    ['nc refused', rec('connect 10.99.0.1 nc 1 5', ['nc: connect to 10.99.0.1 port 9008 (tcp) failed: Connection refused']), 'refused', 'ECONNREFUSED'],
    ['nc local firewall', rec('connect 10.99.0.1 nc 1 5', ['nc: connect to 10.99.0.1 port 80 (tcp) failed: Operation not permitted']), 'local-firewall', 'EPERM'],
    ['curl refused', rec('connect 10.99.0.1 curl 7 8', ['*   Trying 10.99.0.1:9008...', '* connect to 10.99.0.1 port 9008 failed: Connection refused', "curl: (7) Failed to connect to 10.99.0.1 port 9008 after 0 ms: Couldn't connect to server", 'curl-result 0.000000  0']), 'refused', 'ECONNREFUSED'],
    ['curl no route', rec('connect 10.55.0.1 curl 7 3', ['* Immediate connect fail for 10.55.0.1: Network is unreachable', 'curl-result 0.000000  0']), 'no-route', 'ENETUNREACH'],
    ['curl reset at connect', rec('connect 10.99.0.1 curl 7 8', ['* connect to 10.99.0.1 port 9005 failed: Connection reset by peer', 'curl-result 0.000000  0']), 'reset', 'ECONNRESET'],
    ['curl timeout', rec('connect 10.99.0.1 curl 28 1511', ['curl: (28) Failed to connect to 10.99.0.1 port 9002 after 1501 ms: Timeout was reached', 'curl-result 0.000000  0']), 'timeout', 'TIMEOUT'],
    ['python refused', rec('connect 10.99.0.1 python3 1 17', ['py-connect error ECONNREFUSED 0.103']), 'refused', 'ECONNREFUSED'],
    ['python reset', rec('connect 10.99.0.1 python3 1 66', ['py-connect error ECONNRESET 2.215']), 'reset', 'ECONNRESET'],
    ['python timeout', rec('connect 10.99.0.1 python3 1 1528', ['py-connect timeout 1501.641']), 'timeout', 'TIMEOUT'],
  ])('%s', (_name, r, result, code) => {
    const c = readConnect(r);
    expect(c.result).toBe(result);
    expect(c.code).toBe(code);
  });

  it('bash: the handshake time comes from its own clock, the banner and the FIN from its reads', () => {
    const c = readConnect(rec('connect 10.99.0.1 bash 0 420', ['connected 1796608856.299744 1796608856.300236', 'window 0.050', 'read1 0 bye now', 'read2 1 ']));
    expect(c.handshakeMs).toBeCloseTo(0.492, 2);
    expect(c.observe).toMatchObject({ result: 'fin', windowMs: 50 });
    expect(c.observe!.data.toString()).toBe('bye now\n');
  });

  it('bash: a reset while reading is a reset', () => {
    const c = readConnect(rec('connect 10.99.0.1 bash 0 5', ['connected 1.000000 1.000100', 'window 0.050', 'tsl: line 16: read: read error: 0: Connection reset by peer', 'read1 1 ']));
    expect(c.observe?.result).toBe('reset');
  });

  it('python: the first bytes as hex, then quiet', () => {
    const c = readConnect(rec('connect 10.99.0.1 python3 0 221', ['py-connect ok 0.441 10.99.0.1 58866', 'py-observe data 0.008 5353482d322e302d546573740d0a', 'py-observe quiet 200.308']));
    expect(c).toMatchObject({ result: 'connected', localAddress: '10.99.0.1', localPort: 58866 });
    expect(c.observe!.data.toString()).toBe('SSH-2.0-Test\r\n');
    expect(c.observe!.result).toBe('data');
  });

  it('curl: a quiet port runs into --max-time (28) after connecting, a closing one ends the transfer (0)', () => {
    const quiet = readConnect(rec('connect 10.99.0.1 curl 28 2034', ['* Connected to 10.99.0.1 (10.99.0.1) port 9001 (#0)', 'curl: (28) Time-out', 'curl-result 0.000160 10.99.0.1 55944']));
    expect(quiet).toMatchObject({ result: 'connected', localAddress: '10.99.0.1', observe: { result: 'quiet' } });
    expect(quiet.handshakeMs).toBeCloseTo(0.16, 2);
    const fin = readConnect(rec('connect 10.99.0.1 curl 0 8', ['* Connected to 10.99.0.1 (10.99.0.1) port 9006 (#0)', 'curl-result 0.000169 10.99.0.1 55334']), rec('body 10.99.0.1', ['bye now']));
    expect(fin.observe).toMatchObject({ result: 'fin' });
    expect(fin.observe!.data.toString()).toBe('bye now\n');
  });

  it('nc: connected, but it cannot observe, and says what could', () => {
    const c = readConnect(rec('connect 10.99.0.1 nc 0 9', ['Connection to 10.99.0.1 9001 port [tcp/*] succeeded!']));
    expect(c.observe).toBeUndefined();
    expect(c.observeGap).toMatch(/bash .*python3/);
  });

  it('errnoFromText knows the common strerror texts', () => {
    expect(errnoFromText('Operation timed out')).toBe('ETIMEDOUT');
    expect(errnoFromText('Host is down')).toBe('EHOSTDOWN');
    expect(errnoFromText('something else')).toBeUndefined();
  });
});

describe('readTls: openssl s_client in the TLS check\'s terms', () => {
  const tls = (rc: number, lines: string[], cert?: string[]) => readTls(rec(`tls openssl ${rc} 12 10.99.0.1:9443 svc.test`, lines), cert ? rec('cert', cert) : undefined);
  const CERT = ['subject=CN = svc.test', 'issuer=CN = svc.test', 'notBefore=Dec  7 01:45:40 2026 GMT', 'notAfter=Jan  6 01:45:40 2027 GMT', 'X509v3 Subject Alternative Name: ', '    DNS:svc.test'];

  it('a self-signed certificate: untrusted, the chain named', () => {
    const s = tls(0, ['depth=0 CN = svc.test', 'verify error:num=18:self-signed certificate', 'verify return:1', 'CONNECTED(00000003)', 'New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384', 'Verify return code: 18 (self-signed certificate)', '    Protocol  : TLSv1.3'], CERT);
    expect(s.evidence).toMatchObject({ result: 'untrusted', protocol: 'TLSv1.3', chainTrusted: false, nameMatches: true, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', certificate: { subject: 'svc.test', altNames: 'DNS:svc.test', selfSigned: true } });
    const d = diagnose([{ id: 'connect', outcome: 'pass', durationMs: 1, summary: '', evidence: { address: '10.99.0.1', port: 9443, family: 4, result: 'connected', handshakeMs: 1, budgetMs: 1000 } }, s]);
    expect(d.verdict).toBe('tls-error');
    expect(d.findings).toContain('tls-untrusted');
  });

  it('a name the certificate does not cover: tls-name-mismatch', () => {
    const s = tls(0, ['verify error:num=18:self-signed certificate', 'verify error:num=62:hostname mismatch', 'New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384'], CERT);
    expect(s.evidence).toMatchObject({ result: 'untrusted', chainTrusted: false, nameMatches: false });
    const d = diagnose([{ id: 'connect', outcome: 'pass', durationMs: 1, summary: '', evidence: { address: '10.99.0.1', port: 9443, family: 4, result: 'connected', handshakeMs: 1, budgetMs: 1000 } }, s]);
    expect(d.findings).toEqual(expect.arrayContaining(['tls-untrusted', 'tls-name-mismatch']));
  });

  it('trusted by the vantage point', () => {
    expect(tls(0, ['depth=0 CN = svc.test', 'verify return:1', 'New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384', 'Verification: OK'], CERT)).toMatchObject({ outcome: 'pass', evidence: { result: 'ok', trusted: true } });
  });

  it.each([
    ['plain text', ['40E7F383357F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:350:', 'CONNECTED(00000003)', 'New, (NONE), Cipher is (NONE)'], 'not-tls'],
    ['a reset', ['write:errno=104', 'CONNECTED(00000003)', 'New, (NONE), Cipher is (NONE)'], 'reset'],
    ['a FIN', ['40973727487F0000:error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:../ssl/record/rec_layer_s3.c:318:', 'New, (NONE), Cipher is (NONE)'], 'closed'],
    ['an old server', ['4097:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1586:SSL alert number 70', 'New, (NONE), Cipher is (NONE)'], 'protocol-mismatch'],
  ])('%s', (_name, lines, result) => {
    expect(tls(1, lines).evidence.result).toBe(result);
  });

  it('a stall (killed by timeout) is a timeout', () => {
    expect(tls(124, ['CONNECTED(00000003)']).evidence.result).toBe('timeout');
  });

  it('readCert without the SAN extension (older openssl)', () => {
    expect(readCert(CERT.slice(0, 4))).toMatchObject({ subject: 'svc.test', issuer: 'svc.test', altNames: undefined });
  });
});

describe('probeSteps', () => {
  const probe = (...lines: string[]) => parseProbeOutput(['@tsl probe 1', ...lines, '@tsl done'].join('\n'));

  it('getent finds nothing and python3 says why: nxdomain, with the resolvers', () => {
    const out = probe('@tsl dns getent 2 4', '@tsl| ', '@tsl dns-why python3 0', '@tsl| gaierror -2 Name or service not known', '@tsl resolv', '@tsl| nameserver 10.0.0.53');
    const built = probeSteps(out, parseTarget('db.internal:5432'), 1500);
    expect(built.steps[0]).toMatchObject({ id: 'dns', outcome: 'fail', evidence: { failure: 'nxdomain', code: 'ENOTFOUND', resolvers: ['10.0.0.53'] } });
    const d = diagnose(built.steps);
    expect(d.verdict).toBe('dns-error');
    expect(d.findings).toEqual(['nxdomain']);
  });

  it('getent alone cannot tell why, and says what would', () => {
    const built = probeSteps(probe('@tsl dns getent 2 4'), parseTarget('db.internal:5432'), 1500);
    expect(built.steps[0].summary).toMatch(/python3 there would tell/);
  });

  it('every address a name has, one connect step each, the first that connected chosen', () => {
    const out = probe(
      '@tsl dns getent 0 3', '@tsl| fd00::5          STREAM db.internal', '@tsl| fd00::5          DGRAM', '@tsl| 10.0.0.5        STREAM', '@tsl sysctl tcp_syn_retries 6',
      '@tsl connect fd00::5 python3 1 1502', '@tsl| py-connect timeout 1500.2',
      '@tsl route fd00::5 0', '@tsl| fd00::5 from :: via fd00::1 dev eth0 src fd00::9 metric 1024 pref medium',
      '@tsl connect 10.0.0.5 python3 0 3', '@tsl| py-connect ok 0.5 10.0.0.9 40000', '@tsl| py-observe quiet 50.1',
    );
    const built = probeSteps(out, parseTarget('db.internal:5432'), 1500);
    expect(built.addresses).toEqual(['fd00::5', '10.0.0.5']);
    expect(built.steps.map((s) => s.id)).toEqual(['dns', 'connect', 'connect', 'observe']);
    expect(built.chosen?.evidence.address).toBe('10.0.0.5');
    expect(built.source).toBe('10.0.0.9');
    expect((built.steps[1].evidence as { localAddress?: string; kernelGivesUpMs?: number })).toMatchObject({ localAddress: 'fd00::9', kernelGivesUpMs: 127_000 });
    const d = diagnose(built.steps);
    expect(d.verdict).toBe('open');
    expect(d.findings).toEqual(expect.arrayContaining(['fell-back-to-next-address', 'addresses-disagree']));
  });

  it('ping and TLS that could not run are unavailable with the package to install', () => {
    const out = probe('@tsl dns literal', '@tsl connect 10.0.0.5 nc 0 3', '@tsl| Connection to 10.0.0.5 443 port [tcp/https] succeeded!', '@tsl ping-unavailable 10.0.0.5', '@tsl tls-unavailable');
    const built = probeSteps(out, parseTarget('10.0.0.5:443'), 1500);
    expect(built.steps.find((s) => s.id === 'ping')).toMatchObject({ outcome: 'unavailable', fix: expect.stringMatching(/iputils-ping/) });
    expect(built.steps.find((s) => s.id === 'tls')).toMatchObject({ outcome: 'unavailable', fix: expect.stringMatching(/openssl/) });
    expect(diagnose(built.steps).findings).toContain('ping-unavailable');
  });

  it('ss on the vantage point itself: who listens on the port', () => {
    expect(readListeners(['State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess', 'LISTEN 0      511        127.0.0.1:5432      0.0.0.0:*', 'LISTEN 0      128             [::]:22           [::]:*', 'LISTEN 129   128                *:5432            *:*'], 5432)).toEqual([
      { address: '127.0.0.1', port: 5432, queued: 0, backlog: 511, queueFull: false },
      { address: '0.0.0.0', port: 5432, queued: 129, backlog: 128, queueFull: true },
    ]);
  });
});
