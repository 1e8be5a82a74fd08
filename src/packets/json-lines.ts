/**
 * `analyze --json`'s conversation lines, one per finished conversation, written into big buffers
 * as the capture is read, byte by byte straight from the conversation's slot (conversation-bytes.ts:
 * the text conversationJson gives for its summary, without making either).
 */
import type { ConvStore } from './conversation-state.js';
import { ChunkedOutput } from './chunked-output.js';
import { MAX_FAST_LINE, writeLine } from './conversation-bytes.js';
import type { Retries2 } from './transfer-findings.js';

/** The lines of one capture, after `head`, comma-separated as the JSON array wants them. */
export class JsonLines {
  /** Lines written so far. */
  count = 0;
  private readonly out: ChunkedOutput;

  /**
   * `head` is written with the first lines, so a capture refused at once leaves no output; `sink`
   * resolves once it is done with a chunk (written out): its buffer then takes the next lines.
   */
  constructor(
    head: string,
    private readonly retries2: Retries2,
    sink: (chunk: Buffer) => Promise<void>,
  ) {
    this.out = new ChunkedOutput(sink, true);
    this.out.add(head);
  }

  /** A finished conversation (the tracker's onFinishedSlot): slot `slot` of `store`. */
  add(store: ConvStore, slot: number): void {
    const out = this.out;
    const buf = out.reserve(MAX_FAST_LINE + 8);
    let at = out.at;
    if (this.count++) buf[at++] = 44;
    buf[at++] = 10;
    for (let k = 0; k < 4; k++) buf[at++] = 32;
    out.commit(writeLine(store, slot, buf, at, this.retries2));
    if (out.full) out.seal();
  }

  /** Writes the full buffers (awaited before each read of the capture). */
  drain(): Promise<void> {
    return this.out.drain();
  }

  /** Writes everything added. */
  flush(): Promise<void> {
    return this.out.flush();
  }
}
