/**
 * Conversations by 4-tuple: an open-addressing hash table in two Int32Arrays (no Map entries, no
 * key strings, nothing for the garbage collector). A conversation is filed once, under a hash
 * that is the same for both directions; the caller checks candidates against the real tuple.
 */
import { tupleHash } from './conversation-state.js';

const EMPTY = 0;
const REMOVED = -1;

/** The same number for a→b and b→a. */
export function pairHash(srcN: number, sp: number, dstN: number, dp: number): number {
  return tupleHash(srcN, sp, dstN, dp) ^ tupleHash(dstN, dp, srcN, sp);
}

export class ConvIndex {
  /** slot + 1, EMPTY or REMOVED. */
  private entries = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  private bits = 12;
  /** Live entries plus REMOVED ones: both lengthen probes. */
  private used = 0;
  private live = 0;

  private home(h: number): number {
    return Math.imul(h, 0x9e3779b1) >>> (32 - this.bits);
  }

  /**
   * Walks the entries filed under `h`: call with `from = -1`, then with the position it returned;
   * returns -1 at the end. `slotAt(pos)` is the conversation found there.
   */
  next(h: number, from: number): number {
    const mask = this.entries.length - 1;
    let pos = from < 0 ? this.home(h) : (from + 1) & mask;
    for (;;) {
      const e = this.entries[pos];
      if (e === EMPTY) return -1;
      if (e !== REMOVED && this.hashes[pos] === h) return pos;
      pos = (pos + 1) & mask;
    }
  }

  slotAt(pos: number): number {
    return this.entries[pos] - 1;
  }

  add(h: number, slot: number): void {
    if ((this.used + 1) * 2 > this.entries.length) this.rehash(this.live * 4 > this.entries.length ? this.bits + 1 : this.bits);
    const mask = this.entries.length - 1;
    let pos = this.home(h);
    while (this.entries[pos] > 0) pos = (pos + 1) & mask;
    if (this.entries[pos] === EMPTY) this.used++;
    this.entries[pos] = slot + 1;
    this.hashes[pos] = h;
    this.live++;
  }

  /** Removes the entry at `pos` (found with next()). */
  removeAt(pos: number): void {
    this.entries[pos] = REMOVED;
    this.live--;
  }

  private rehash(bits: number): void {
    const oldEntries = this.entries;
    const oldHashes = this.hashes;
    this.bits = bits;
    this.entries = new Int32Array(1 << bits);
    this.hashes = new Int32Array(1 << bits);
    this.used = 0;
    this.live = 0;
    for (let i = 0; i < oldEntries.length; i++) if (oldEntries[i] > 0) this.add(oldHashes[i], oldEntries[i] - 1);
  }
}
