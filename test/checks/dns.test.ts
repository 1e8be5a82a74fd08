import { describe, expect, it } from 'vitest';
import { dns } from '../../src/checks/dns.js';

describe('dns check', () => {
  it('a failed lookup carries the system resolvers in its own evidence', async () => {
    const step = await dns({ host: 'no-such-host.invalid', isIpLiteral: false, timeoutMs: 5000 });
    expect(step.outcome).toBe('fail');
    expect(step.evidence.addresses).toEqual([]);
    expect(Array.isArray(step.evidence.resolvers)).toBe(true);
  });

  it('an IP literal skips DNS and asks no resolver', async () => {
    const step = await dns({ host: '127.0.0.1', isIpLiteral: true });
    expect(step.outcome).toBe('skipped');
    expect(step.evidence.resolvers).toBeUndefined();
  });
});
