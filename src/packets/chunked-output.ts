/**
 * Text written into big Buffers and handed to the sink a few MB at a time: a hundred thousand
 * short strings cost a hundred thousand copies into one buffer, not a hundred thousand writes
 * (nor one giant string, which would double the memory and be slow to encode).
 */
const SIZE = 1 << 20;

export class ChunkedOutput {
  private buf: Buffer = Buffer.allocUnsafe(SIZE);
  private pos = 0;
  private readonly sealed: Buffer[] = [];
  /** Buffers the sink is done with, for the next seal (a fresh megabyte costs page faults). */
  private readonly spare: Buffer[] = [];

  /**
   * `reuse`: the sink is done with a chunk once its promise resolves (it wrote it out), so the
   * buffer can take new text; otherwise every buffer is new.
   */
  constructor(
    private readonly sink: (chunk: Buffer) => Promise<void>,
    private readonly reuse = false,
  ) {}

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
    // Unless the sink said so, it may still hold a chunk after it resolves: then a new buffer.
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(SIZE);
    this.pos = 0;
  }

  /** Whether sealed buffers wait for `drain`. */
  get hasSealed(): boolean {
    return this.sealed.length > 0;
  }

  /** Writes the sealed buffers. */
  async drain(): Promise<void> {
    for (let chunk = this.sealed.shift(); chunk; chunk = this.sealed.shift()) {
      await this.sink(chunk);
      if (this.reuse && this.spare.length < 2) this.spare.push(Buffer.from(chunk.buffer, chunk.byteOffset, SIZE));
    }
  }

  async flush(): Promise<void> {
    this.seal();
    await this.drain();
  }
}
