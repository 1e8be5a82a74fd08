/**
 * The errno tables: the same failure under each OS's number, Windows hex and HRESULT forms,
 * libuv's negative codes, and numbers that mean nothing network-related.
 */
import { describe, it, expect } from 'vitest';
import { lookupErrno, lookupHex, osHint } from '../../src/explain/errno.js';
import { explainError } from '../../src/explain/index.js';

describe('errno tables', () => {
  const SAME_FAILURE: Array<[string, number[]]> = [
    // class: linux, macOS/BSD, Windows, Solaris, AIX, HP-UX
    ['refused', [111, 61, 10061, 146, 79, 239]],
    ['timeout', [110, 60, 10060, 145, 78, 238]],
    ['reset', [104, 54, 10054, 131, 73, 232]],
    ['unreachable', [113, 65, 10065, 148, 81, 242]],
    ['unreachable', [101, 51, 10051, 128, 70, 229]],
  ];
  for (const [cls, nums] of SAME_FAILURE) {
    it(`${cls}: ${nums.join(', ')} all classify as ${cls}`, () => {
      for (const n of nums) {
        expect(lookupErrno(n)?.class, `errno ${n}`).toBe(cls);
        expect(explainError(String(n)).class, `bare "${n}"`).toBe(cls);
      }
    });
  }

  it('Windows numbers in hex and as HRESULTs', () => {
    expect(lookupHex('0x274D')?.num).toBe(10061);
    expect(lookupHex('0x2746')?.class).toBe('reset');
    expect(lookupHex('0x274c')?.class).toBe('timeout');
    expect(lookupHex('0x8007274D')?.name).toBe('WSAECONNREFUSED');
    expect(lookupHex('0x80072EFD')?.name).toBe('ERROR_INTERNET_CANNOT_CONNECT');
    expect(lookupHex('0x80004005')).toBeNull();
    expect(lookupHex('0xdeadbeef')).toBeNull();
  });

  it("libuv's Windows codes and Node's negative POSIX numbers", () => {
    expect(lookupErrno(-4078)?.class).toBe('refused');
    expect(lookupErrno(-4077)?.class).toBe('reset');
    expect(lookupErrno(-4039)?.class).toBe('timeout');
    expect(lookupErrno(-111)?.class).toBe('refused');
    expect(lookupErrno(-3008)?.class).toBe('dns');
  });

  it('the OS named in the text decides an ambiguous number', () => {
    expect(osHint('connect failed on darwin')).toBe('bsd');
    expect(osHint('sunos 5.11')).toBe('solaris');
    expect(osHint('plain linux text')).toBeNull();
    expect(explainError('errno 61 (macOS)').class).toBe('refused');
  });

  it('numbers that are not network errnos classify as nothing', () => {
    for (const n of [0, 1, 2, 5, 13, 200, 404, 500, 9999, 65535]) expect(lookupErrno(n), `errno ${n}`).toBeNull();
    expect(explainError('404').class).toBe('unknown');
    expect(explainError('port 10061 is open').class).not.toBe('refused');
  });
});

describe('classes map onto check verdicts', () => {
  it('each TCP class predicts one verdict; other and unknown predict none', async () => {
    const { expectedVerdict } = await import('../../src/explain/index.js');
    expect(expectedVerdict('refused')).toBe('refused');
    expect(expectedVerdict('timeout')).toBe('filtered');
    expect(expectedVerdict('dns')).toBe('dns-error');
    expect(expectedVerdict('tls')).toBe('tls-error');
    expect(expectedVerdict('other')).toBeNull();
    expect(expectedVerdict('unknown')).toBeNull();
  });
});
