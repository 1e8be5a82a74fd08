/**
 * A seeded mutation fuzzer: 100k damaged variants of the committed fixtures (bit flips, hostile
 * lengths, cuts, splices, inserted garbage) through the whole pipeline. Each must end in a
 * result or a CaptureFileError, never another exception and never a hang.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeCapture, analyzeCaptureBuffer } from '../../src/packets/analyze-capture.js';
import { CaptureFileError } from '../../src/packets/capture-file.js';
import { VERDICTS } from '../../src/evidence.js';

const dir = fileURLToPath(new URL('../fixtures/pcap/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => /\.(pcap|pcapng)$/.test(f))
  .map((f) => readFileSync(join(dir, f)));
// Every format and link type is a seed; the small real captures come up four times as often,
// which keeps 100k runs within the time budget.
const seeds = files.flatMap((b) => (b.length < 4096 ? [b, b, b, b] : [b]));

/** mulberry32: small, fast, reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0, 1, 4, 11, 12, 16, 0x7f, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff, 0x00fffffc, 0x0a0d0d0a, 0x1a2b3c4d];

function mutate(src: Buffer, r: () => number): Buffer {
  let b = Buffer.from(src);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * b.length);
    switch (Math.floor(r() * 7)) {
      case 0:
        b[at] ^= 1 << Math.floor(r() * 8);
        break;
      case 1:
        b[at] = r() < 0.5 ? 0 : 0xff;
        break;
      case 2:
        if (at + 4 <= b.length) {
          const v = INTERESTING[Math.floor(r() * INTERESTING.length)];
          if (r() < 0.5) b.writeUInt32LE(v >>> 0, at);
          else b.writeUInt32BE(v >>> 0, at);
        }
        break;
      case 3:
        b = b.subarray(0, at);
        break;
      case 4: {
        const from = Math.floor(r() * b.length);
        const len = Math.floor(r() * 64);
        b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + len), b.subarray(at)]);
        break;
      }
      case 5:
        b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: Math.floor(r() * 16) }, () => Math.floor(r() * 256))), b.subarray(at)]);
        break;
      default:
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + Math.floor(r() * 32)))]);
    }
  }
  return b;
}

const OUTCOMES = new Set<string>(VERDICTS);

function checkResult(a: Awaited<ReturnType<typeof analyzeCaptureBuffer>>): void {
  if (a.packets < 0 || a.packets > 100_000) throw new Error(`odd packet count ${a.packets}`);
  for (const c of a.conversations) {
    if (!OUTCOMES.has(c.outcome)) throw new Error(`outcome ${c.outcome} not in the verdict vocabulary`);
    if (!Number.isFinite(c.durationMs)) throw new Error('non-finite duration');
  }
}

describe('fuzzing the reader and analyser with mutated captures', () => {
  it('30k mutated files in memory: a result or a clear error, never a crash', async () => {
    const r = rng(0x5eed);
    let errors = 0;
    let truncated = 0;
    const runs = 30_000;
    for (let i = 0; i < runs; i++) {
      const bytes = mutate(seeds[i % seeds.length], r);
      try {
        const a = await analyzeCaptureBuffer(bytes);
        checkResult(a);
        if (a.truncated) truncated++;
      } catch (err) {
        if (!(err instanceof CaptureFileError)) {
          throw new Error(`mutation ${i} (seed ${i % seeds.length}) crashed: ${(err as Error).stack}\nbytes: ${bytes.toString('base64')}`);
        }
        expect((err as Error).message).not.toMatch(/\n/);
        errors++;
      }
    }
    // The mutations must actually damage files, and most must still partly parse.
    expect(truncated).toBeGreaterThan(runs / 20);
    expect(errors).toBeLessThan(runs / 2);
  }, 120_000);

  it('1,000 mutated files on disk through the file reader', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tsl-fuzz-'));
    const r = rng(42);
    try {
      for (let i = 0; i < 1000; i++) {
        const f = join(tmp, `m${i % 8}.pcap`);
        writeFileSync(f, mutate(seeds[i % seeds.length], r));
        try {
          checkResult(await analyzeCapture(f, { conversation: 1 }));
        } catch (err) {
          if (!(err instanceof CaptureFileError)) throw err;
        }
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('hostile headers: huge record and block lengths end as truncated, quickly', async () => {
    const pcap = Buffer.alloc(24 + 16);
    pcap.writeUInt32LE(0xa1b2c3d4, 0);
    pcap.writeUInt32LE(1, 20);
    pcap.writeUInt32LE(0xffffffff, 24 + 8);
    const a = await analyzeCaptureBuffer(pcap);
    expect(a).toMatchObject({ packets: 0, truncated: true });
    expect(a.truncatedReason).toMatch(/corrupt/);
    const ng = Buffer.alloc(28);
    ng.writeUInt32LE(0x0a0d0d0a, 0);
    ng.writeUInt32LE(0x00fffff0, 4);
    ng.writeUInt32LE(0x1a2b3c4d, 8);
    const b = await analyzeCaptureBuffer(ng);
    expect(b.truncated).toBe(true);
  });
});
