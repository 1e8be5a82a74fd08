/**
 * Text written into big Buffers and handed to the sink a few MB at a time: a hundred thousand
 * short strings cost a hundred thousand copies into one buffer, not a hundred thousand writes
 * (nor one giant string, which would double the memory and be slow to encode).
 */
const SIZE = 4 << 20;

export class ChunkedOutput {
  private buf = Buffer.allocUnsafe(SIZE);
  private pos = 0;

  constructor(private readonly sink: (chunk: Buffer) => Promise<void>) {}

  /** Appends `s` when it surely fits; false (nothing written) when the caller must flush first. */
  add(s: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (s.length * 3 > SIZE - this.pos) return false;
    this.pos += this.buf.write(s, this.pos);
    return true;
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

  async flush(): Promise<void> {
    if (this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    // The sink may still hold the chunk after it resolves: the next text goes into a new buffer.
    this.buf = Buffer.allocUnsafe(SIZE);
    this.pos = 0;
    await this.sink(chunk);
  }
}
