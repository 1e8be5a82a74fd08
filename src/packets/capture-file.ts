/**
 * Streaming reader for pcap (both byte orders, micro- and nanosecond) and pcapng (several
 * sections and interfaces, blocks in any order). The file is read in fixed chunks and each record
 * is handed to a callback as a view into the chunk, so memory stays constant whatever the size.
 *
 * Hostile input never crashes or hangs: every length is bounded, and a record that runs past the
 * end or breaks a bound ends the read with `truncated: true` and a reason.
 */
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { ChunkSource, Truncated, type ReadInto } from './chunk-source.js';
import { u32be, u32le } from './bytes.js';
import { argEcho } from '../sinks/terminal.js';

/**
 * One captured frame: bytes `buf[offset, offset + length)`. The object and the buffer are reused
 * for the next frame, so both are only valid during the callback (copy what you keep).
 */
export interface RawPacket {
  /** Capture time in microseconds since the epoch (fractional when the file has ns). */
  tsUs: number;
  /** LINKTYPE_* of the interface (1 Ethernet, 113 SLL, 276 SLL2, 101 raw, 0 null...). */
  linkType: number;
  buf: Buffer;
  offset: number;
  length: number;
  /** Length on the wire (may exceed data.length when the snap length cut it). */
  origLen: number;
  interfaceId: number;
}

export interface ReadSummary {
  format: 'pcap' | 'pcapng';
  packets: number;
  truncated: boolean;
  /** Why the read stopped early, in plain words. */
  truncatedReason?: string;
  linkTypes: number[];
}

/** The file is not a capture at all (or unreadable): a one-line message for the user. */
export class CaptureFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureFileError';
  }
}

/** No real frame is bigger (jumbo + headers); anything larger is corruption. */
const MAX_RECORD = 256 * 1024;
const MAX_BLOCK = 16 * 1024 * 1024;

/** What a path is when it is not a regular file, in words ("a FIFO (named pipe)"). */
function notAFile(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function cannotRead(path: string, err: unknown): CaptureFileError {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : (e.code ?? e.message);
  return new CaptureFileError(`cannot read ${argEcho(path)}: ${why}`);
}

/**
 * The capture file's size, after making sure it is a regular file: a FIFO, a device or a
 * directory is refused before it is opened (opening a FIFO blocks until a writer comes, and a
 * blocked open cannot be interrupted). Streams come in through readCaptureStream (`-`).
 */
export async function captureFileSize(path: string): Promise<number> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
  const what = notAFile(st);
  if (what) throw new CaptureFileError(`${argEcho(path)} is ${what}, not a capture file (to read a stream, pipe it in and give - as the file: tcpdump -w - … | tcpsleuth analyze -)`);
  return st.size;
}

/**
 * Reads a pcap or pcapng file and calls `onPacket` for every frame, in file order.
 * Throws CaptureFileError only when the file cannot be opened or is not a capture; damage after
 * the header gives a partial result marked `truncated`.
 */
export async function readCapture(
  path: string,
  onPacket: (p: RawPacket) => void,
  opts: { signal?: AbortSignal; beforeRead?: () => Promise<void> } = {},
): Promise<ReadSummary> {
  await captureFileSize(path);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw cannotRead(path, err);
  }
  try {
    const st = await fh.stat();
    // Replaced by something else between the stat and the open: still no FIFO read here.
    const what = notAFile(st);
    if (what) throw new CaptureFileError(`${argEcho(path)} is ${what}, not a capture file`);
    const size = st.size;
    const file = fh;
    const { beforeRead } = opts;
    const readInto: ReadInto = async (buf, at, len) => {
      if (beforeRead) await beforeRead();
      return (await file.read(buf, at, len, null)).bytesRead;
    };
    return await parseCapture(new ChunkSource(readInto, size), path, onPacket, opts.signal);
  } finally {
    await fh.close();
  }
}

/**
 * The same reader over a stream (`analyze -`: stdin, a pipe from tcpdump). Reads are asynchronous,
 * so Ctrl-C and SIGTERM stop it while it waits for bytes.
 */
export async function readCaptureStream(
  stream: AsyncIterable<Buffer | string>,
  onPacket: (p: RawPacket) => void,
  opts: { signal?: AbortSignal; beforeRead?: () => Promise<void>; name?: string } = {},
): Promise<ReadSummary> {
  const chunks = stream[Symbol.asyncIterator]();
  let pending: Buffer | undefined;
  let at = 0;
  const readInto: ReadInto = async (buf, to, len) => {
    if (opts.beforeRead) await opts.beforeRead();
    while (!pending || at >= pending.length) {
      const next = await chunks.next();
      if (next.done) return 0;
      pending = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      at = 0;
    }
    const n = Math.min(len, pending.length - at);
    pending.copy(buf, to, at, at + n);
    at += n;
    return n;
  };
  return parseCapture(new ChunkSource(readInto, Number.MAX_SAFE_INTEGER), opts.name ?? 'the input', onPacket, opts.signal);
}

/** The same reader over bytes in memory (the fuzzer feeds it mutated files). */
export async function readCaptureBuffer(bytes: Buffer, onPacket: (p: RawPacket) => void): Promise<ReadSummary> {
  let pos = 0;
  const readInto: ReadInto = async (buf, at, len) => {
    const n = Math.min(len, bytes.length - pos);
    bytes.copy(buf, at, pos, pos + n);
    pos += n;
    return n;
  };
  return parseCapture(new ChunkSource(readInto, bytes.length), '(buffer)', onPacket);
}

async function parseCapture(src: ChunkSource, path: string, onPacket: (p: RawPacket) => void, signal?: AbortSignal): Promise<ReadSummary> {
  let ok: boolean;
  try {
    ok = await src.need(4);
  } catch {
    ok = false;
  }
  if (!ok) throw new CaptureFileError(`${argEcho(path)} is empty or too short to be a capture file`);
  const [b, at] = src.view();
  const magicLE = b.readUInt32LE(at);
  const summary: ReadSummary = { format: 'pcap', packets: 0, truncated: false, linkTypes: [] };
  try {
    if (magicLE === 0x0a0d0d0a) {
      summary.format = 'pcapng';
      await readPcapng(src, onPacket, summary, signal);
    } else if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magicLE)) {
      await readPcap(src, onPacket, summary, signal);
    } else {
      throw new CaptureFileError(`${argEcho(path)} is not a pcap or pcapng file (magic number 0x${magicLE.toString(16).padStart(8, '0')})`);
    }
  } catch (err) {
    if (err instanceof Truncated) {
      summary.truncated = true;
      summary.truncatedReason = `${err.message} at byte ${src.offset}`;
    } else if (err instanceof CaptureFileError && summary.packets === 0 && src.offset === 0) {
      throw err;
    } else if (err instanceof CaptureFileError) {
      summary.truncated = true;
      summary.truncatedReason = err.message;
    } else throw err;
  }
  return summary;
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new Truncated('stopped');
}

async function readPcap(src: ChunkSource, onPacket: (p: RawPacket) => void, summary: ReadSummary, signal?: AbortSignal): Promise<void> {
  if (!(await src.need(24))) throw new CaptureFileError('the pcap header is cut short');
  const [b, at] = src.view();
  const magic = b.readUInt32LE(at);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = le ? u32le : u32be;
  // The upper bits of the link-type field carry FCS information; the type is the low 16 bits.
  const linkType = u32(b, at + 20) & 0xffff;
  summary.linkTypes.push(linkType);
  src.consume(24);
  const fracToUs = nano ? 1e-3 : 1;
  const pkt: RawPacket = { tsUs: 0, linkType, buf: b, offset: 0, length: 0, origLen: 0, interfaceId: 0 };
  const records = { src, onPacket, summary, u32, fracToUs, pkt };
  let n = 0;
  while (src.available() >= 16 || (await src.need(16))) {
    // The records already in the buffer, in a plain loop: the awaits below (once a buffer, not
    // once a record) stay out of the code V8 optimizes for it.
    n += pcapRecordsInBuffer(records, ABORT_EVERY - (n % ABORT_EVERY));
    if (n > 0 && n % ABORT_EVERY === 0) checkAbort(signal);
    if (src.available() < 16) continue;
    const incl = u32(src.bytes, src.at + 8);
    if (incl > MAX_RECORD) throw new CaptureFileError(`record ${summary.packets + 1} claims ${incl} bytes: the file is corrupt`);
    if (src.available() < 16 + incl && !(await src.need(16 + incl))) throw new Truncated('the file ends after a record header');
  }
}

/** Packets between two looks at the abort signal. */
const ABORT_EVERY = 0x10000;

interface PcapRecords {
  src: ChunkSource;
  onPacket: (p: RawPacket) => void;
  summary: ReadSummary;
  u32: (b: Buffer, at: number) => number;
  fracToUs: number;
  pkt: RawPacket;
}

/**
 * Hands over the whole records at the start of the buffer, at most `max`; stops at one cut off by
 * the buffer's end (or too big: the caller says so). Returns how many it handed over.
 */
function pcapRecordsInBuffer(r: PcapRecords, max: number): number {
  const { src, onPacket, summary, u32, fracToUs, pkt } = r;
  const b = src.bytes;
  let n = 0;
  while (n < max && src.available() >= 16) {
    const at = src.at;
    const incl = u32(b, at + 8);
    if (incl > MAX_RECORD || src.available() < 16 + incl) break;
    pkt.tsUs = u32(b, at) * 1e6 + u32(b, at + 4) * fracToUs;
    pkt.buf = b;
    pkt.offset = at + 16;
    pkt.length = incl;
    pkt.origLen = u32(b, at + 12);
    summary.packets++;
    onPacket(pkt);
    src.consume(16 + incl);
    n++;
  }
  return n;
}

interface NgInterface {
  linkType: number;
  snapLen: number;
  /** Multiply a raw timestamp by this to get microseconds. */
  toUs: number;
}

async function readPcapng(src: ChunkSource, onPacket: (p: RawPacket) => void, summary: ReadSummary, signal?: AbortSignal): Promise<void> {
  let le = true;
  let ifaces: NgInterface[] = [];
  let n = 0;
  while (src.available() >= 12 || (await src.need(12))) {
    let b = src.bytes;
    let at = src.at;
    const typeLE = b.readUInt32LE(at);
    if (typeLE === 0x0a0d0d0a) {
      // A new section: its own byte order and its own interfaces.
      const bom = b.readUInt32LE(at + 8);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else throw new CaptureFileError('pcapng section header has a bad byte-order magic');
      ifaces = [];
    }
    const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const type = u32(at);
    const len = u32(at + 4);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) throw new CaptureFileError(`pcapng block of type ${type} has an impossible length ${len}`);
    if (src.available() < len) {
      if (!(await src.need(len))) throw new Truncated('the file ends inside a block');
      b = src.bytes;
      at = src.at;
    }
    if (u32(at + len - 4) !== len) throw new CaptureFileError(`pcapng block of type ${type} has mismatched lengths`);
    const body = at + 8;
    const bodyEnd = at + len - 4;
    if (type === 1 && bodyEnd - body >= 8) {
      const iface: NgInterface = { linkType: u16(body), snapLen: u32(body + 4), toUs: 1 };
      // Options: if_tsresol (9) sets the timestamp unit; the default is microseconds.
      for (let o = body + 8; o + 4 <= bodyEnd; ) {
        const code = u16(o);
        const olen = u16(o + 2);
        if (code === 0 || o + 4 + olen > bodyEnd) break;
        if (code === 9 && olen >= 1) {
          const v = b[o + 4];
          const exp = v & 0x7f;
          iface.toUs = v & 0x80 ? 1e6 / 2 ** exp : 10 ** (6 - exp);
        }
        o += 4 + olen + ((4 - (olen % 4)) % 4);
      }
      ifaces.push(iface);
      if (!summary.linkTypes.includes(iface.linkType)) summary.linkTypes.push(iface.linkType);
    } else if ((type === 6 || type === 2) && bodyEnd - body >= 20) {
      const ifId = type === 6 ? u32(body) : u16(body);
      const iface = ifaces[ifId];
      const capLen = u32(body + 12);
      const origLen = u32(body + 16);
      if (!iface) throw new CaptureFileError(`packet ${summary.packets + 1} names interface ${ifId}, which no interface block defined`);
      if (capLen > bodyEnd - body - 20) throw new CaptureFileError(`packet ${summary.packets + 1} claims more bytes than its block holds`);
      const ts = u32(body + 4) * 4294967296 + u32(body + 8);
      summary.packets++;
      onPacket({ tsUs: ts * iface.toUs, linkType: iface.linkType, buf: b, offset: body + 20, length: capLen, origLen, interfaceId: ifId });
    } else if (type === 3 && bodyEnd - body >= 4) {
      const iface = ifaces[0];
      if (!iface) throw new CaptureFileError('a simple packet block comes before any interface block');
      const origLen = u32(body);
      let capLen = Math.min(origLen, bodyEnd - body - 4);
      if (iface.snapLen > 0) capLen = Math.min(capLen, iface.snapLen);
      summary.packets++;
      onPacket({ tsUs: NaN, linkType: iface.linkType, buf: b, offset: body + 4, length: capLen, origLen, interfaceId: 0 });
    }
    src.consume(len);
    if ((++n & 0xffff) === 0) checkAbort(signal);
  }
}
