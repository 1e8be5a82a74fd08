import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseScanArgs, parseScanTimeout } from '../../src/scan/options.js';
import { topPorts } from '../../src/scan/services.js';
import { isOwnAddress, parseScanTarget, permissionReminder } from '../../src/scan/target.js';

describe('parseScanArgs', () => {
  it('defaults to the top 100 plus the port written with the host', () => {
    const a = parseScanArgs(['db.internal:5433']);
    expect(a.target).toEqual({ host: 'db.internal', port: 5433 });
    expect(a.ports).toHaveLength(101);
    expect(a.ports.slice(0, 100)).toEqual(topPorts(100));
    expect(a.ports).toContain(5433);
    expect(a.portsFrom).toMatch(/top 100 .*\+ 5433/);
  });

  it('takes -p, --top, --rate, --timeout, --json, --yes', () => {
    const a = parseScanArgs(['10.0.0.1', '-p', '22,80', '--top', '5', '--rate', '500', '--timeout', '2s', '--json', '--yes']);
    expect(a.ports.slice(0, 2)).toEqual([22, 80]);
    expect(a.ports.length).toBeLessThanOrEqual(7);
    expect(a).toMatchObject({ rate: 500, timeoutMs: 2000, json: true, yes: true });
    expect(parseScanArgs(['::1', '-p', '-']).ports).toHaveLength(65535);
    expect(parseScanArgs(['[::1]:22', '-p', '22']).ports).toEqual([22]);
  });

  it.each([
    [['localhost', '-p', '0'], /bad -p: port 0 is out of range/],
    [['localhost', '-p', '70000'], /70000 is out of range/],
    [['localhost', '-p', '5-1'], /backwards/],
    [['localhost', '-p', 'abc'], /"abc" is not a port number/],
    [[], /missing host/],
    [['a', 'b'], /expected one host/],
    [['localhost', '--top', '0'], /bad --top/],
    [['localhost', '--rate', 'fast'], /bad --rate/],
    [['localhost', '--timeout', 'soon'], /bad --timeout/],
    [['localhost', '--bogus'], /unknown option --bogus/],
    [['bad host!'], /bad host/],
    [['localhost', '--json', '--plain'], /contradict/],
  ])('refuses %j with a clear reason', (argv, reason) => {
    expect(() => parseScanArgs(argv)).toThrow(UsageError);
    expect(() => parseScanArgs(argv)).toThrow(reason);
  });

  it('reads timeouts in ms or s', () => {
    expect(parseScanTimeout('750')).toBe(750);
    expect(parseScanTimeout('1.5s')).toBe(1500);
    expect(() => parseScanTimeout('1')).toThrow(/between/);
  });
});

describe('scan targets', () => {
  it('parses hosts with and without ports', () => {
    expect(parseScanTarget('::1')).toEqual({ host: '::1' });
    expect(parseScanTarget('https://Example.com')).toEqual({ host: 'example.com', port: 443 });
    expect(parseScanTarget('LOCALHOST')).toEqual({ host: 'localhost' });
  });

  it('knows loopback and its own interface addresses from anyone else', () => {
    expect(isOwnAddress('127.0.0.1')).toBe(true);
    expect(isOwnAddress('127.3.4.5')).toBe(true);
    expect(isOwnAddress('::1')).toBe(true);
    expect(isOwnAddress('198.51.100.7')).toBe(false);
    expect(permissionReminder('x.test', '198.51.100.7', 2000)).toMatch(/^tcpsleuth: note: scanning 2000 ports of x\.test \(198\.51\.100\.7\).*permission|may test/);
  });
});
