/**
 * `check --ca FILE` and `check --servername NAME`, read and checked before any packet leaves: a
 * missing or non-PEM CA file, or an SNI that is not a host name, is bad usage (exit 2), never a
 * stack trace or a TLS error that is really a typo.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { UsageError } from '../errors.js';

/** Reads a PEM file of one or more CA certificates; throws UsageError saying what is wrong. */
export function readCaFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new UsageError(`--ca ${file}: ${why}`);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw new UsageError(`--ca ${file}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----; convert DER with: openssl x509 -inform der -in FILE -out ca.pem)`);
  for (const [i, pem] of blocks.entries()) {
    try {
      new X509Certificate(pem);
    } catch {
      throw new UsageError(`--ca ${file}: certificate ${i + 1} of ${blocks.length} is not a valid X.509 certificate`);
    }
  }
  return blocks.join('\n');
}

/** Checks an SNI name: a DNS name (letters, digits, dashes, dots, a leading `*.`), not an IP. */
export function checkServername(name: string): string {
  if (net.isIP(name)) throw new UsageError(`--servername ${name}: SNI carries a host name, not an IP address`);
  if (name.length > 253 || !/^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i.test(name)) {
    throw new UsageError(`--servername "${name}": not a host name (letters, digits, dashes and dots)`);
  }
  return name.replace(/\.$/, '');
}
