import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPermissionProblem, parsePing } from '../../src/checks/ping-parse.js';
import { pingArgs } from '../../src/checks/ping.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ping/${name}`, import.meta.url), 'utf8');

describe('parsePing on recorded output', () => {
  it('Linux iputils: three replies with rtt and ttl', () => {
    const s = parsePing(fixture('linux-ok.txt'), 'linux')!;
    expect(s).toMatchObject({ sent: 3, received: 3, errors: 0, lossPercent: 0, ttl: 64 });
    expect(s.rttMs).toEqual({ min: 0.026, avg: 0.032, max: 0.042 });
  });
  it('Linux iputils over IPv6', () => {
    const s = parsePing(fixture('linux-ipv6-ok.txt'), 'linux')!;
    expect(s).toMatchObject({ sent: 3, received: 3, ttl: 63 });
    expect(s.rttMs?.avg).toBe(0.075);
  });
  it('Linux iputils: no replies at all (ICMP dropped)', () => {
    const s = parsePing(fixture('linux-noreply.txt'), 'linux')!;
    expect(s).toMatchObject({ sent: 3, received: 0, errors: 0, lossPercent: 100, errorLines: [] });
    expect(s.rttMs).toBeUndefined();
  });
  it('Linux iputils: host unreachable from the router', () => {
    const s = parsePing(fixture('linux-unreachable.txt'), 'linux')!;
    expect(s).toMatchObject({ sent: 3, received: 0, errors: 3, lossPercent: 100 });
    expect(s.errorLines.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(s.errorLines[0]).toEqual({ from: '198.18.0.1', text: 'Destination Host Unreachable', seq: 1 });
  });
  it('Linux: not permitted is recognised, and is not a ping summary', () => {
    const text = fixture('linux-permission.txt');
    expect(parsePing(text, 'linux')).toBeUndefined();
    expect(isPermissionProblem(text)).toBe(true);
    expect(isPermissionProblem(fixture('linux-noreply.txt'))).toBe(false);
  });
  it('macOS: replies, timeouts, and unreachable from the local host', () => {
    expect(parsePing(fixture('darwin-ok.txt'), 'darwin')).toMatchObject({ sent: 3, received: 3, lossPercent: 0, ttl: 64, rttMs: { min: 2.457, avg: 2.791, max: 3.112 } });
    expect(parsePing(fixture('darwin-timeout.txt'), 'darwin')).toMatchObject({ sent: 3, received: 0, lossPercent: 100, errors: 0 });
    const u = parsePing(fixture('darwin-unreachable.txt'), 'darwin')!;
    expect(u).toMatchObject({ received: 0, errors: 2 });
    expect(u.errorLines[0]).toEqual({ from: '192.168.1.10', text: 'Destination Host Unreachable' });
  });
  it('Windows: replies, time<1ms, and the TTL', () => {
    expect(parsePing(fixture('win32-ok.txt'), 'win32')).toMatchObject({ sent: 3, received: 3, lossPercent: 0, ttl: 64, rttMs: { min: 0, avg: 1, max: 2 } });
  });
  it('Windows: "Destination host unreachable" replies are not counted as received', () => {
    const s = parsePing(fixture('win32-unreachable.txt'), 'win32')!;
    expect(s).toMatchObject({ sent: 3, received: 0, errors: 3, lossPercent: 100 });
    expect(s.errorLines[0]).toEqual({ from: '10.0.0.254', text: 'Destination host unreachable' });
  });
  it('Windows: request timed out', () => {
    expect(parsePing(fixture('win32-timeout.txt'), 'win32')).toMatchObject({ sent: 3, received: 0, lossPercent: 100, errors: 0 });
  });
  it('returns undefined for text that is not ping output', () => {
    expect(parsePing('hello', 'linux')).toBeUndefined();
    expect(parsePing('hello', 'win32')).toBeUndefined();
  });
});

describe('pingArgs', () => {
  it('is bounded on every platform and never a shell string', () => {
    expect(pingArgs('127.0.0.1', 'linux')).toEqual(['-n', '-c', '3', '-i', '0.2', '-W', '1', '127.0.0.1']);
    expect(pingArgs('10.0.0.1', 'win32')).toEqual(['-n', '3', '-w', '1000', '10.0.0.1']);
    expect(pingArgs('10.0.0.1', 'darwin')).toContain('-t');
    expect(pingArgs('::1', 'linux', 3, 1, 0.05)).toEqual(['-n', '-c', '3', '-i', '0.05', '-W', '1', '::1']);
  });
});
