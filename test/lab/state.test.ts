/**
 * The `lab up` records: `lab down` signals the pids they hold, so a stale or planted record must
 * never make it signal the wrong process.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allUpRecords, readUpRecord, writeUpRecord } from '../../src/lab/state.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsl-state-test-'));
  process.env.TCPSLEUTH_LAB_STATE = dir;
});

afterEach(() => {
  delete process.env.TCPSLEUTH_LAB_STATE;
  rmSync(dir, { recursive: true, force: true });
});

describe('lab up records', () => {
  it('a record whose pid is alive but is not `tcpsleuth lab up ID` is stale, and removed', () => {
    // This test process is alive, and it is not a lab up process: a reused pid looks like this.
    writeUpRecord({ id: 'drop', host: '198.19.0.2', port: 5432, tryCommand: 'x' });
    expect(existsSync(join(dir, 'drop.json'))).toBe(true);
    expect(readUpRecord('drop')).toBeUndefined();
    expect(existsSync(join(dir, 'drop.json'))).toBe(false);
    expect(allUpRecords()).toEqual([]);
  });

  it('a record of a dead pid, or one that is not JSON, counts as not up', () => {
    writeFileSync(join(dir, 'open.json'), JSON.stringify({ version: 1, id: 'open', pid: 2 ** 22 + 17, host: '127.0.0.1', port: 1, tryCommand: 'x', startedAt: '' }));
    writeFileSync(join(dir, 'refused.json'), '{ not json');
    expect(readUpRecord('open')).toBeUndefined();
    expect(readUpRecord('refused')).toBeUndefined();
  });

  it('refuses a records folder that others can write', () => {
    chmodSync(dir, 0o777);
    expect(() => writeUpRecord({ id: 'drop', host: 'h', port: 1, tryCommand: 'x' })).toThrow(/refusing to use/);
    expect(() => allUpRecords()).toThrow(/refusing to use/);
  });
});
