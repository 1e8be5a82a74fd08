/**
 * What the server actually sent during a TLS handshake, read off the wire: a stream that records
 * the bytes it passes to node:tls, and a tiny reader of TLS records (is this TLS at all? which
 * handshake messages were in the clear?). Node's TLS errors say "wrong version number"; these
 * bytes say "HTTP/1.1 400 Bad Request".
 */
import { Duplex } from 'node:stream';
import type { Readable, Writable } from 'node:stream';

/** A duplex for `tls.connect({ socket })` that passes bytes through and keeps the first ones received. */
export interface RecordingStream {
  stream: Duplex;
  /** The first bytes received (at most `limit`). */
  received(): Buffer;
}

/**
 * Wraps a byte transport (a TCP socket, or a child process's stdout/stdin) so node:tls can run
 * over it while we keep what the server said. Errors of the transport become the stream's errors,
 * so a RST still reaches node:tls as ECONNRESET.
 */
export function recordingStream(input: Readable, output: Writable, onDestroy: () => void, limit = 4096): RecordingStream {
  const chunks: Buffer[] = [];
  let kept = 0;
  const stream = new Duplex({
    read() {
      input.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      if (output.destroyed) return cb();
      output.write(chunk, (err) => cb(err ?? undefined));
    },
    final(cb) {
      output.end();
      cb();
    },
    destroy(err, cb) {
      onDestroy();
      cb(err);
    },
  });
  input.on('data', (b: Buffer) => {
    if (kept < limit) {
      chunks.push(b.subarray(0, limit - kept));
      kept += Math.min(b.length, limit - kept);
    }
    if (!stream.push(b)) input.pause();
  });
  input.on('end', () => stream.push(null));
  input.on('error', (err) => stream.destroy(err));
  output.on('error', (err) => stream.destroy(err));
  return { stream, received: () => Buffer.concat(chunks) };
}

/** TLS record content types: change_cipher_spec, alert, handshake, application_data, heartbeat. */
const RECORD_TYPES = new Set([20, 21, 22, 23, 24]);

/** True when `bytes` start like a TLS (or SSL 3) record: a known content type, then version 3.x. */
export function looksLikeTls(bytes: Buffer): boolean {
  if (bytes.length === 0) return true;
  if (!RECORD_TYPES.has(bytes[0])) return false;
  return bytes.length < 2 || bytes[1] === 3;
}

/** Handshake message types we name (RFC 8446 §4, RFC 5246 §7.4). */
export const HANDSHAKE = { serverHello: 2, certificate: 11, serverKeyExchange: 12, certificateRequest: 13, serverHelloDone: 14 } as const;

/**
 * The handshake message types the server sent in the clear (TLS 1.2 and earlier send all of them
 * in the clear; TLS 1.3 only its ServerHello). Messages may span records: the handshake records'
 * payloads are joined before reading the 4-byte message headers.
 */
export function clearHandshakeTypes(bytes: Buffer): number[] {
  const payload: Buffer[] = [];
  for (let at = 0; at + 5 <= bytes.length; ) {
    const type = bytes[at];
    const len = bytes.readUInt16BE(at + 3);
    if (!RECORD_TYPES.has(type)) break;
    // After ChangeCipherSpec everything is encrypted: stop reading handshake messages there.
    if (type === 20) break;
    if (type === 22) payload.push(bytes.subarray(at + 5, at + 5 + len));
    at += 5 + len;
  }
  const hs = Buffer.concat(payload);
  const types: number[] = [];
  for (let at = 0; at + 4 <= hs.length; ) {
    types.push(hs[at]);
    at += 4 + hs.readUIntBE(at + 1, 3);
  }
  return types;
}

/**
 * The bytes as text a person can read in a terminal and a ticket: printable ASCII as is, CR/LF/TAB
 * as \r \n \t, anything else as \xNN. Cut at `max` characters of output.
 */
export function printable(bytes: Buffer, max = 120): string {
  let out = '';
  for (const b of bytes) {
    const piece = b === 0x0d ? '\\r' : b === 0x0a ? '\\n' : b === 0x09 ? '\\t' : b === 0x5c ? '\\\\' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/** Names what a plaintext answer looks like: an HTTP server, SSH, SMTP/FTP, or just "plain text". */
export function plaintextKind(bytes: Buffer): string {
  const head = bytes.subarray(0, 64).toString('latin1');
  if (/^HTTP\/\d/.test(head)) return 'an HTTP server';
  if (/^SSH-\d/.test(head)) return 'an SSH server';
  if (/^220[ -].*(E?SMTP|mail|Postfix|Exim)/i.test(head)) return 'an SMTP server';
  if (/^220[ -].*FTP/i.test(head)) return 'an FTP server';
  if (/^220[ -]/.test(head)) return 'an SMTP or FTP server';
  if (/^\* OK/.test(head)) return 'an IMAP server';
  if (/^\+OK/.test(head)) return 'a POP3 server';
  if (/^-ERR|^\+PONG|^-NOAUTH/.test(head)) return 'a Redis server';
  if (/^<\?xml|^<!DOCTYPE|^<html/i.test(head)) return 'a web server (HTML)';
  return 'something that is not TLS';
}
