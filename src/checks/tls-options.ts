/**
 * `check --ca FILE` and `check --servername NAME`, read and checked before any packet leaves: a
 * missing or non-PEM CA file, or an SNI that is not a host name, is bad usage (exit 2), never a
 * stack trace or a TLS error that is really a typo.
 */
import net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { UsageError } from '../errors.js';
import { readRegularFileSync } from '../input-file.js';
import { argEcho } from '../sinks/terminal.js';

/** A CA bundle larger than this is not a CA bundle (the system's whole store is about 200 KB). */
export const MAX_CA_FILE_BYTES = 10 * 1024 * 1024;

/** Reads a PEM file of one or more CA certificates; throws UsageError saying what is wrong. */
export function readCaFile(file: string): string {
  // Only a regular file: a FIFO or a device given as --ca would block or never end.
  const text = readRegularFileSync(file, { option: '--ca', maxBytes: MAX_CA_FILE_BYTES, holds: 'a CA bundle' });
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw new UsageError(`--ca ${argEcho(file)}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----; convert DER with: openssl x509 -inform der -in FILE -out ca.pem)`);
  for (const [i, pem] of blocks.entries()) {
    try {
      new X509Certificate(pem);
    } catch {
      throw new UsageError(`--ca ${argEcho(file)}: certificate ${i + 1} of ${blocks.length} is not a valid X.509 certificate`);
    }
  }
  return blocks.join('\n');
}

/** Checks an SNI name: a DNS name (letters, digits, dashes, dots, a leading `*.`), not an IP. */
export function checkServername(name: string): string {
  if (net.isIP(name)) throw new UsageError(`--servername ${argEcho(name)}: SNI carries a host name, not an IP address`);
  if (name.length > 253 || !/^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i.test(name)) {
    throw new UsageError(`--servername "${argEcho(name)}": not a host name (letters, digits, dashes and dots)`);
  }
  return name.replace(/\.$/, '');
}
