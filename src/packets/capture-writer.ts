/**
 * Writes pcap (either byte order, µs or ns) and pcapng (one section, several interfaces) files.
 * Used for the committed fixtures, the fuzzer and the benchmark; buffered, so a million packets
 * cost a few hundred writes.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface PcapOptions {
  format: 'pcap' | 'pcapng';
  bigEndian?: boolean;
  /** pcap: nanosecond magic; pcapng: if_tsresol = 9. */
  nano?: boolean;
}

/** Encodes capture files in memory, record by record. */
export class CaptureEncoder {
  private readonly ifaces: number[] = [];
  constructor(readonly opts: PcapOptions) {}

  private u32(b: Buffer, v: number, o: number): void {
    if (this.opts.bigEndian) b.writeUInt32BE(v >>> 0, o);
    else b.writeUInt32LE(v >>> 0, o);
  }

  private u16(b: Buffer, v: number, o: number): void {
    if (this.opts.bigEndian) b.writeUInt16BE(v, o);
    else b.writeUInt16LE(v, o);
  }

  /** The file header (pcap) or section header (pcapng). */
  header(linkType: number): Buffer {
    if (this.opts.format === 'pcap') {
      const b = Buffer.alloc(24);
      this.u32(b, this.opts.nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
      this.u16(b, 2, 4);
      this.u16(b, 4, 6);
      this.u32(b, 262144, 16);
      this.u32(b, linkType, 20);
      this.ifaces.push(linkType);
      return b;
    }
    const b = Buffer.alloc(28);
    this.u32(b, 0x0a0d0d0a, 0);
    this.u32(b, 28, 4);
    this.u32(b, 0x1a2b3c4d, 8);
    this.u16(b, 1, 12);
    this.u16(b, 0, 14);
    b.writeBigInt64LE(-1n, 16);
    this.u32(b, 28, 24);
    return Buffer.concat([b, this.interfaceBlock(linkType)]);
  }

  /** pcapng: another interface; returns its block (the id is the order of the calls). */
  interfaceBlock(linkType: number): Buffer {
    const opts = this.opts.nano ? 12 : 4;
    const len = 20 + opts;
    const b = Buffer.alloc(len);
    this.u32(b, 1, 0);
    this.u32(b, len, 4);
    this.u16(b, linkType, 8);
    this.u32(b, 262144, 12);
    if (this.opts.nano) {
      this.u16(b, 9, 16);
      this.u16(b, 1, 18);
      b[20] = 9;
    }
    this.u32(b, len, len - 4);
    this.ifaces.push(linkType);
    return b;
  }

  /** One packet record; `tsUs` in microseconds since the epoch. */
  packet(tsUs: number, data: Buffer, iface = 0, origLen = data.length): Buffer {
    const sec = Math.floor(tsUs / 1e6);
    const us = tsUs - sec * 1e6;
    if (this.opts.format === 'pcap') {
      const b = Buffer.alloc(16);
      this.u32(b, sec, 0);
      this.u32(b, Math.round(this.opts.nano ? us * 1000 : us), 4);
      this.u32(b, data.length, 8);
      this.u32(b, origLen, 12);
      return Buffer.concat([b, data]);
    }
    const pad = (4 - (data.length % 4)) % 4;
    const len = 32 + data.length + pad;
    const b = Buffer.alloc(len);
    const ts = BigInt(sec) * (this.opts.nano ? 1_000_000_000n : 1_000_000n) + BigInt(Math.round(this.opts.nano ? us * 1000 : us));
    this.u32(b, 6, 0);
    this.u32(b, len, 4);
    this.u32(b, iface, 8);
    this.u32(b, Number(ts >> 32n), 12);
    this.u32(b, Number(ts & 0xffffffffn), 16);
    this.u32(b, data.length, 20);
    this.u32(b, origLen, 24);
    data.copy(b, 28);
    this.u32(b, len, len - 4);
    return b;
  }
}

/** Streams records to a file with large buffered writes. */
export class CaptureFileWriter {
  private readonly fd: number;
  private pending: Buffer[] = [];
  private size = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(b: Buffer): void {
    this.pending.push(b);
    this.size += b.length;
    if (this.size > 4 << 20) this.flush();
  }
  flush(): void {
    if (this.pending.length) writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
