/** The checks themselves against real loopback listeners, one behaviour each. */
import { describe, expect, it } from 'vitest';
import { type LoopbackBehaviour } from '../../src/lab/servers.js';
import { useLoopbackServers } from '../helpers/loopback.js';
import { connect } from '../../src/checks/connect.js';
import { observe } from '../../src/checks/observe.js';
import { tlsProbe } from '../../src/checks/tls.js';
import { dns } from '../../src/checks/dns.js';
import { ping } from '../../src/checks/ping.js';
import { sockets } from '../../src/checks/sockets.js';
import type { Progress } from '../../src/evidence.js';
import { diagnose } from '../../src/diagnosis/index.js';

const port = useLoopbackServers();

async function connectAndObserve(b: LoopbackBehaviour) {
  const c = await connect({ address: '127.0.0.1', port: port(b), keepOpen: true });
  expect(c.evidence.result).toBe('connected');
  expect(c.socket).toBeDefined();
  const o = await observe({ socket: c.socket, address: '127.0.0.1', port: port(b), handshakeMs: c.evidence.handshakeMs });
  return { c, o };
}

describe('connect + observe on loopback', () => {
  it('open: handshake, then silence; the socket is not in the JSON', async () => {
    const { c, o } = await connectAndObserve('open');
    expect(c.outcome).toBe('pass');
    expect(c.evidence.localPort).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(c)).socket).toBeUndefined();
    expect(o.evidence.result).toBe('quiet');
    expect(o.outcome).toBe('pass');
  });
  it('banner: the first line is shown', async () => {
    const { o } = await connectAndObserve('banner');
    expect(o.evidence.result).toBe('banner');
    expect(o.evidence.banner).toMatch(/^SSH-2\.0-OpenSSH/);
  });
  it('refused: ECONNREFUSED', async () => {
    const c = await connect({ address: '127.0.0.1', port: port('refused') });
    expect(c.evidence).toMatchObject({ result: 'refused', code: 'ECONNREFUSED' });
    expect(c.outcome).toBe('fail');
  });
  it('reset-after-connect: RST right after the handshake (seen by connect or by observe)', async () => {
    const c = await connect({ address: '127.0.0.1', port: port('reset-after-connect'), keepOpen: true });
    // The RST can beat connect()'s own callback; ECONNRESET then means the handshake completed.
    if (c.evidence.result === 'reset') {
      expect(c.evidence.code).toBe('ECONNRESET');
      return;
    }
    expect(c.evidence.result).toBe('connected');
    const o = await observe({ socket: c.socket, address: '127.0.0.1', port: port('reset-after-connect') });
    expect(o.evidence.result).toBe('reset');
    expect(o.evidence.code).toBe('ECONNRESET');
  });
  it('a goodbye line then FIN is closed, with the line kept', async () => {
    const net = await import('node:net');
    const server = net.createServer((s) => s.end('421 Too many connections, try again later\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const p = (server.address() as import('node:net').AddressInfo).port;
      const c = await connect({ address: '127.0.0.1', port: p, keepOpen: true });
      const o = await observe({ socket: c.socket, address: '127.0.0.1', port: p, handshakeMs: c.evidence.handshakeMs });
      expect(o.evidence.result).toBe('fin');
      expect(o.evidence.banner).toBe('421 Too many connections, try again later');
      expect(o.summary).toMatch(/said "421 Too many connections.*" and closed/);
    } finally {
      server.close();
    }
  });
  it('closed-after-connect: FIN right after the handshake', async () => {
    const { o } = await connectAndObserve('closed-after-connect');
    expect(o.evidence.result).toBe('fin');
  });
  it('accept queue full: no SYN-ACK, the kernel shows SYN_SENT, and the full queue is named', async () => {
    const progress: Progress[] = [];
    const c = await connect({ address: '127.0.0.1', port: port('accept-queue-full'), budgetMs: 1500 }, { onProgress: (p) => progress.push(p) });
    expect(c.evidence.result).toBe('timeout');
    expect(c.evidence.budgetMs).toBe(1500);
    expect(progress.some((p) => p.kernel?.state === 'SYN_SENT')).toBe(true);
    expect(c.evidence.kernel?.state).toBe('SYN_SENT');
    expect(c.evidence.kernelGivesUpMs).toBeGreaterThan(1500);
    const listener = c.evidence.localListeners?.find((l) => l.port === port('accept-queue-full'));
    expect(listener?.queueFull).toBe(true);
  });
  it('stops waiting when aborted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await expect(connect({ address: '127.0.0.1', port: port('accept-queue-full'), budgetMs: 20_000 }, { signal: ac.signal })).rejects.toThrow(/aborted/);
  });
});

describe('tls on loopback', () => {
  it('self-signed: protocol, cipher and certificate, not trusted', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('tls'), servername: 'localhost' });
    expect(t.evidence.result).toBe('untrusted');
    expect(t.evidence.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(t.evidence.cipher).toBeTruthy();
    expect(t.evidence.certificate).toMatchObject({ subject: 'tcpsleuth-lab.localhost', selfSigned: true });
    expect(t.evidence.certificate!.daysLeft!).toBeGreaterThan(0);
    expect(t.evidence.authorizationError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(t.evidence.servername).toBe('localhost');
  });
  it('an expired certificate is named (tls-expired), trusted or not', async () => {
    const { generate } = await import('selfsigned');
    const day = 86_400_000;
    const pems = await generate([{ name: 'commonName', value: 'expired.tsl-lab.test' }], {
      keyType: 'ec',
      notBeforeDate: new Date(Date.now() - 10 * day),
      notAfterDate: new Date(Date.now() - 2 * day),
    } as Parameters<typeof generate>[1]);
    const tlsMod = await import('node:tls');
    const server = tlsMod.createServer({ key: pems.private, cert: pems.cert }, (s) => s.end());
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const p = (server.address() as import('node:net').AddressInfo).port;
      const t = await tlsProbe({ address: '127.0.0.1', port: p });
      expect(t.evidence.result).toBe('untrusted');
      expect(t.evidence.certificate!.daysLeft!).toBeLessThan(0);
      const d = diagnose([{ id: 'connect', outcome: 'pass', durationMs: 1, summary: '', evidence: { result: 'connected' } }, t]);
      expect(d.verdict).toBe('tls-error');
      expect(d.findings).toEqual(expect.arrayContaining(['tls-untrusted', 'tls-expired']));
    } finally {
      server.close();
    }
  });
  it('a reset after the ClientHello is a reset, not an alert', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('tls-delayed-reset') });
    expect(t.evidence.result).toBe('reset');
    expect(t.outcome).toBe('fail');
  });
  it('a server that is not TLS at all (an SSH banner) fails the handshake without a reset, and is named not-tls', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('banner') });
    expect(t.evidence.result).toBe('not-tls');
    expect(t.evidence.code ?? t.evidence.message).toBeTruthy();
  });
  it('a FIN during the handshake is told apart from a reset', async () => {
    const t = await tlsProbe({ address: '127.0.0.1', port: port('closed-after-connect') });
    expect(t.evidence.result).toBe('closed');
  });
});

describe('dns and ping without leaving the machine', () => {
  it('localhost resolves from the hosts file; IP literals skip DNS', async () => {
    const d = await dns({ host: 'localhost', isIpLiteral: false });
    expect(d.outcome).toBe('pass');
    expect(d.evidence.addresses.map((a) => a.address)).toContain('127.0.0.1');
    const lit = await dns({ host: '::1', isIpLiteral: true });
    expect(lit).toMatchObject({ outcome: 'skipped', evidence: { addresses: [{ address: '::1', family: 6 }] } });
  });
  it('pings 127.0.0.1 with the system ping, or says why it cannot', async () => {
    const p = await ping({ address: '127.0.0.1' });
    if (p.outcome === 'unavailable') expect(p.fix).toBeTruthy();
    else {
      expect(p.outcome).toBe('pass');
      expect(p.evidence.stats).toMatchObject({ sent: 3, received: 3 });
    }
  });
  it('a missing ping binary is unavailable with the package to install, not a failure', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const p = await ping({ address: '127.0.0.1' });
      expect(p.outcome).toBe('unavailable');
      expect(p.fix).toMatch(/iputils-ping/);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('sockets', () => {
  it('shows a loopback-only listener with its process', async () => {
    const s = await sockets({ port: port('open'), processes: true });
    expect(s.outcome).toBe('pass');
    expect(s.evidence.listening).toEqual(['127.0.0.1']);
    expect(s.evidence.localhostOnly).toBe(true);
    const listen = s.evidence.rows.find((r) => r.state === 'LISTEN');
    expect(listen?.pid).toBe(process.pid);
  });
  it('says when nothing listens', async () => {
    const s = await sockets({ port: port('refused') });
    expect(s.evidence.listening).toEqual([]);
    expect(s.summary).toMatch(/nothing listens/);
  });
});
