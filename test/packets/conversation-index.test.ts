import { describe, expect, it } from 'vitest';
import { ConvIndex, pairHash } from '../../src/packets/conversation-index.js';

/** Every slot filed under `h`, in probe order. */
function all(ix: ConvIndex, h: number): number[] {
  const out: number[] = [];
  for (let pos = ix.next(h, -1); pos >= 0; pos = ix.next(h, pos)) out.push(ix.slotAt(pos));
  return out;
}

describe('ConvIndex', () => {
  it('hashes both directions of a tuple alike, and other tuples apart', () => {
    expect(pairHash(0x0a000001, 40000, 0x0a000002, 443)).toBe(pairHash(0x0a000002, 443, 0x0a000001, 40000));
    expect(pairHash(0x0a000001, 40000, 0x0a000002, 443)).not.toBe(pairHash(0x0a000001, 40001, 0x0a000002, 443));
  });

  it('keeps colliding entries, removes one without losing the others, survives growth', () => {
    const ix = new ConvIndex();
    ix.add(7, 0);
    ix.add(7, 1);
    ix.add(7, 2);
    expect(all(ix, 7)).toEqual([0, 1, 2]);
    ix.removeAt(ix.next(7, ix.next(7, -1)));
    expect(all(ix, 7)).toEqual([0, 2]);
    // Enough entries to rehash several times (and to reuse removed positions).
    for (let i = 3; i < 50_000; i++) ix.add(i * 7919, i);
    for (let i = 3; i < 50_000; i += 2) ix.removeAt(ix.next(i * 7919, -1));
    for (let i = 50_000; i < 60_000; i++) ix.add(i * 7919, i);
    expect(all(ix, 7)).toEqual([0, 2]);
    for (let i = 3; i < 60_000; i++) expect(all(ix, i * 7919)).toEqual(i < 50_000 && i % 2 === 1 ? [] : [i]);
    expect(all(ix, 123456789)).toEqual([]);
  });
});
