import { describe, expect, it } from 'vitest';
import { parseTraceroute } from '../../src/checks/traceroute.js';

describe('parseTraceroute', () => {
  it('reads traceroute -n -q 1 output: answers, silent hops and ICMP annotations', () => {
    const text = [
      'traceroute to 198.19.0.2 (198.19.0.2), 12 hops max, 60 byte packets',
      ' 1  192.168.1.1  0.512 ms',
      ' 2  *',
      ' 3  198.19.0.2  1.234 ms !X',
    ].join('\n');
    expect(parseTraceroute(text)).toEqual([
      { ttl: 1, address: '192.168.1.1', rttMs: 0.512, annotation: undefined },
      { ttl: 2, address: undefined, rttMs: undefined, annotation: undefined },
      { ttl: 3, address: '198.19.0.2', rttMs: 1.234, annotation: '!X' },
    ]);
  });

  it('reads tracepath -n output: the answering line wins over the pmtu line, no reply stays empty', () => {
    const text = [
      ' 1?: [LOCALHOST]                      pmtu 1500',
      ' 1:  192.168.1.1                                           0.480ms ',
      ' 2:  no reply',
      ' 3:  2001:db8::1                                           2.5ms reached',
      '     Resume: pmtu 1500 hops 3 back 3 ',
    ].join('\n');
    const hops = parseTraceroute(text);
    expect(hops.map((h) => h.ttl)).toEqual([1, 2, 3]);
    expect(hops[0]).toMatchObject({ address: '192.168.1.1', rttMs: 0.48 });
    expect(hops[1]).toEqual({ ttl: 2 });
    expect(hops[2]).toMatchObject({ address: '2001:db8::1', rttMs: 2.5 });
  });
});
