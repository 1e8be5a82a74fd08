/**
 * Text written into big Buffers and handed to the sink a few MB at a time: a hundred thousand
 * short strings cost a hundred thousand copies into one buffer, not a hundred thousand writes
 * (nor one giant string, which would double the memory and be slow to encode).
 */
const SIZE = 1 << 20;

export class ChunkedOutput {
  private buf = Buffer.allocUnsafe(SIZE);
  private pos = 0;
  private readonly sealed: Buffer[] = [];

  constructor(private readonly sink: (chunk: Buffer) => Promise<void>) {}

  /** Appends `s` when it surely fits; false (nothing written) when the caller must flush first. */
  add(s: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (s.length * 3 > SIZE - this.pos) return false;
    this.pos += this.buf.write(s, this.pos);
    return true;
  }

  /**
   * The buffer to write at most `n` bytes (n ≤ 1 MB) into, from `at`, then `commit` the end: a fresh
   * one when the current has no room left.
   */
  reserve(n: number): Buffer {
    if (n > SIZE - this.pos) this.seal();
    return this.buf;
  }

  /** Where text written into `reserve`'s buffer starts. */
  get at(): number {
    return this.pos;
  }

  commit(end: number): void {
    this.pos = end;
  }

  /** Whether a flush is due before more text comes. */
  get full(): boolean {
    return this.pos > SIZE / 2;
  }

  /** Appends text of any length. */
  async write(s: string): Promise<void> {
    if (this.add(s)) return;
    await this.flush();
    if (!this.add(s)) await this.sink(Buffer.from(s));
  }

  /**
   * Ends the current buffer without writing it yet (for callers that cannot await now); the next
   * `drain` or `flush` writes it. Text added meanwhile goes into a new buffer.
   */
  seal(): void {
    if (this.pos === 0) return;
    this.sealed.push(this.buf.subarray(0, this.pos));
    // The sink may still hold a chunk after it resolves: new text never reuses a buffer.
    this.buf = Buffer.allocUnsafe(SIZE);
    this.pos = 0;
  }

  /** Whether sealed buffers wait for `drain`. */
  get hasSealed(): boolean {
    return this.sealed.length > 0;
  }

  /** Writes the sealed buffers. */
  async drain(): Promise<void> {
    for (let chunk = this.sealed.shift(); chunk; chunk = this.sealed.shift()) await this.sink(chunk);
  }

  async flush(): Promise<void> {
    this.seal();
    await this.drain();
  }
}
