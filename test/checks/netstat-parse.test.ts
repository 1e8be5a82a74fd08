import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseState, parseMacNetstat, parseSs, parseWindowsNetstat } from '../../src/checks/netstat-parse.js';
import { socketNotes } from '../../src/checks/sockets.js';
import { acceptQueueFull, decodeProcAddress, kernelGiveUpMs, parseProcNetTcp } from '../../src/checks/kernel.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/netstat/${name}`, import.meta.url), 'utf8');

describe('Linux /proc/net/tcp and tcp6', () => {
  it('decodes listeners, established pairs and TIME_WAIT', () => {
    const v4 = parseProcNetTcp(fixture('linux-proc-tcp.txt'), 4);
    expect(v4).toHaveLength(6);
    expect(v4[0]).toMatchObject({ state: 'LISTEN', localAddress: '127.0.0.1', localPort: 5432, remotePort: 0 });
    expect(v4[1]).toMatchObject({ state: 'LISTEN', localAddress: '0.0.0.0', localPort: 22 });
    expect(v4.filter((s) => s.state === 'ESTABLISHED')).toHaveLength(4);
    const v6 = parseProcNetTcp(fixture('linux-proc-tcp6.txt'), 6);
    expect(v6[0]).toMatchObject({ state: 'LISTEN', localAddress: '::', localPort: 8080 });
    expect(v6[1]).toMatchObject({ state: 'TIME_WAIT', localAddress: '::1', remoteAddress: '::1', remotePort: 34578 });
  });
  it('decodes addresses stored as little-endian words', () => {
    expect(decodeProcAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeProcAddress('020012C6')).toBe('198.18.0.2');
    expect(decodeProcAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(decodeProcAddress('000000FD000000000000000002000000')).toBe('fd00::2');
  });
  it('flags a listener whose accept queue is over its backlog (a backlog /proc does not show says nothing)', () => {
    const [l] = parseProcNetTcp('header\n   0: 0100007F:1538 00000000:0000 0A 00000001:00000002 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0', 4);
    expect(l).toMatchObject({ txQueue: 1, rxQueue: 2 });
    expect(acceptQueueFull({ queued: 2, backlog: 1 })).toBe(true);
    expect(acceptQueueFull({ queued: 1, backlog: 1 })).toBe(false);
    expect(acceptQueueFull({ queued: 2 })).toBe(false);
  });
  it('computes when the kernel gives up on a SYN', () => {
    expect(kernelGiveUpMs({ synRetries: 6 })).toBe(127_000);
    expect(kernelGiveUpMs({ synRetries: 6, linearTimeouts: 4 })).toBe(11_000);
    expect(kernelGiveUpMs({ synRetries: 2, linearTimeouts: 0 })).toBe(7_000);
  });
});

describe('ss -tan (Linux)', () => {
  it('reads states, addresses and the listen backlog', () => {
    const rows = parseSs(fixture('linux-ss-tan.txt'));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatchObject({ state: 'LISTEN', localAddress: '127.0.0.1', localPort: 5432, sendQ: 511 });
    expect(rows[6]).toMatchObject({ state: 'LISTEN', localAddress: '0.0.0.0', localPort: 8080 });
    expect(rows[7]).toMatchObject({ state: 'TIME_WAIT', localAddress: '::1', localPort: 8080, remotePort: 34578 });
    expect(rows.filter((r) => r.state === 'ESTABLISHED')).toHaveLength(4);
  });
});

describe('netstat -an -p tcp (macOS)', () => {
  it('splits the port off after the last dot', () => {
    const rows = parseMacNetstat(fixture('darwin-netstat-an.txt'));
    expect(rows).toHaveLength(9);
    expect(rows[1]).toMatchObject({ state: 'SYN_SENT', remoteAddress: '10.0.0.9', remotePort: 5432 });
    expect(rows[2]).toMatchObject({ state: 'LISTEN', localAddress: '127.0.0.1', localPort: 6379 });
    expect(rows[3]).toMatchObject({ state: 'LISTEN', localAddress: '::1', localPort: 6379 });
    expect(rows[4]).toMatchObject({ state: 'LISTEN', localAddress: '::', localPort: 5432 });
    expect(rows[5]).toMatchObject({ state: 'LISTEN', localAddress: '0.0.0.0', localPort: 22 });
    expect(rows[7]).toMatchObject({ state: 'CLOSE_WAIT', recvQ: 31 });
    expect(rows[8]).toMatchObject({ localAddress: 'fe80::1%lo0', localPort: 49152, remotePort: 631 });
  });
});

describe('netstat -ano -p TCP (Windows)', () => {
  it('reads LISTENING/SYN_RECEIVED and the PID', () => {
    const rows = parseWindowsNetstat(fixture('win32-netstat-ano.txt'));
    expect(rows).toHaveLength(9);
    expect(rows[1]).toMatchObject({ state: 'LISTEN', localAddress: '127.0.0.1', localPort: 5432, pid: 4242 });
    expect(rows[3]).toMatchObject({ state: 'SYN_SENT', remoteAddress: '10.0.0.9', remotePort: 22 });
    expect(rows[4]).toMatchObject({ state: 'SYN_RECV' });
    expect(rows[7]).toMatchObject({ state: 'LISTEN', localAddress: '::', localPort: 445 });
    expect(rows[8]).toMatchObject({ localAddress: '::1', localPort: 6379, pid: 777 });
  });
  it('normalises every spelling of a state', () => {
    expect(normaliseState('ESTAB')).toBe('ESTABLISHED');
    expect(normaliseState('FIN-WAIT-1')).toBe('FIN_WAIT1');
    expect(normaliseState('LISTENING')).toBe('LISTEN');
    expect(normaliseState('bogus')).toBe('UNKNOWN');
  });
});

describe('socketNotes', () => {
  it('reads half-open handshakes, unclosed sockets and where the port listens', () => {
    const rows = parseWindowsNetstat(fixture('win32-netstat-ano.txt'));
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
    const notes = socketNotes({ rows, counts, port: 5432, listening: ['127.0.0.1'], localhostOnly: true });
    expect(notes.join('\n')).toMatch(/loopback only/);
    expect(notes.join('\n')).toMatch(/1 SYN_RECV/);
    expect(notes.join('\n')).toMatch(/1 SYN_SENT/);
    expect(notes.join('\n')).toMatch(/1 CLOSE_WAIT/);
    expect(socketNotes({ rows: [], counts: {}, port: 80, listening: [], localhostOnly: false })[0]).toMatch(/no LISTEN socket for port 80/);
  });
  it('names a listener whose accept queue is over its backlog (ss and /proc rows)', () => {
    const rows = [{ state: 'LISTEN' as const, localAddress: '0.0.0.0', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0, recvQ: 129, sendQ: 128 }];
    expect(socketNotes({ rows, counts: { LISTEN: 1 }, listening: ['0.0.0.0'], localhostOnly: false })[0]).toMatch(/full accept queue \(129\/128\)/);
  });
});
