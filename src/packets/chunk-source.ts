/**
 * Bytes from a capture on demand, in chunks: at most one record plus one chunk in memory,
 * whatever the size of the file.
 */
const CHUNK = 2 << 20;
/** The file ended (or was cut) in the middle of something: a partial result, not an error. */
export class Truncated extends Error {}

export type ReadInto = (buf: Buffer, at: number, len: number) => Promise<number>;

/** Pulls bytes from the file on demand, keeping at most one record plus one chunk in memory. */
export class ChunkSource {
  private buf: Buffer;
  private start = 0;
  private end = 0;
  private eof = false;
  offset = 0;
  constructor(
    private readonly readInto: ReadInto,
    /** Bytes in the whole file: a record claiming more than what is left is cut short. */
    private readonly size: number,
  ) {
    // Small files (and the fuzzer's thousands of them) get a small buffer.
    this.buf = Buffer.allocUnsafe(Math.min(CHUNK * 2, Math.max(4096, size)));
  }

  /** Makes `n` bytes available at `view()`; false at a clean end of file. */
  async need(n: number): Promise<boolean> {
    if (this.end - this.start >= n) return true;
    if (this.offset + n > this.size) {
      if (this.offset === this.size) return false;
      throw new Truncated(`the file ends in the middle of a record (${this.size - this.offset} of ${n} bytes)`);
    }
    while (this.end - this.start < n) {
      if (this.eof) {
        if (this.end === this.start) return false;
        throw new Truncated(`the file ends in the middle of a record (${this.end - this.start} of ${n} bytes)`);
      }
      if (this.start > 0) {
        this.buf.copy(this.buf, 0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      }
      if (n > this.buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, n + CHUNK));
        this.buf.copy(bigger, 0, 0, this.end);
        this.buf = bigger;
      }
      const bytesRead = await this.readInto(this.buf, this.end, this.buf.length - this.end);
      if (bytesRead === 0) this.eof = true;
      this.end += bytesRead;
    }
    return true;
  }

  /** The buffer and where the available bytes start. */
  view(): [Buffer, number] {
    return [this.buf, this.start];
  }

  /** view()[0] without the array, for per-record loops (changes after need()). */
  get bytes(): Buffer {
    return this.buf;
  }

  /** view()[1] without the array. */
  get at(): number {
    return this.start;
  }

  /** Bytes ready without reading: checked first, so most records cost no await. */
  available(): number {
    return this.end - this.start;
  }

  consume(n: number): void {
    this.start += n;
    this.offset += n;
  }
}
