/**
 * A hostile-everything report (issue 19): every place a report shows text someone else controls
 * carries markup, link and image syntax, terminal escapes (OSC 0 title, OSC 52 clipboard) and a
 * bidi override. The capture is the committed synthetic one (reset during TLS), read for real.
 */
import { fileURLToPath } from 'node:url';
import type { CheckReport } from '../../src/evidence.js';
import { analyzeCapture } from '../../src/packets/analyze-capture.js';
import type { ReportCapture, ReportExtras } from '../../src/report/model.js';
import { synSchedule } from '../../src/kernel-timing.js';

const ESC = '\u001b';
const BEL = '\u0007';
export const EVIL = `[click](javascript:alert(1)) ![i](https://evil.example/p.png) <script>alert(1)</script> <img src=x onerror=alert(2)> ${ESC}]0;owned${BEL}${ESC}]52;c;Zm9v${BEL} \u202eevil <b>bold</b> *em* | pipe`;

/** Substrings that must never reach a page raw (Markdown's links and images are checked as parsed links). */
export const INJECTED_HTML = ['<script', '<img', '<b>', ESC, BEL, '\u202e'];

/** The capture file's own (hostile) name. */
export const HOSTILE_PCAP = `javascript:alert(1)//<b>x</b>[y](z).pcap`;

export function hostileReport(): CheckReport {
  const host = `h](javascript:alert(3))<img src=y>.example`;
  return {
    target: { host, port: 443, addresses: ['192.0.2.9'], addressUsed: '192.0.2.9' },
    verdict: 'tls-error',
    meaning: `TCP works; the TLS handshake with ${host} failed: ${EVIL}.`,
    steps: [
      { id: 'dns', outcome: 'pass', durationMs: 2, summary: `${host} → 192.0.2.9`, command: `getent ahosts '${host}'`, evidence: {} },
      { id: 'connect', outcome: 'pass', durationMs: 3, summary: 'connected', command: 'nc -vz 192.0.2.9 443', evidence: { address: '192.0.2.9', port: 443, result: 'connected', handshakeMs: 3, localAddress: '10.0.0.5', localPort: 40001 } },
      { id: 'observe', outcome: 'pass', durationMs: 50, summary: `banner: ${EVIL}`, evidence: { result: 'banner', windowMs: 50, bytes: 90, banner: EVIL } },
      {
        id: 'tls',
        outcome: 'fail',
        durationMs: 9,
        summary: `certificate CN=${EVIL} issued by ${EVIL}`,
        reason: `alert: ${EVIL}`,
        fix: EVIL,
        command: `openssl s_client -connect 192.0.2.9:443 -servername '${host}'`,
        evidence: { result: 'not-tls', plaintext: `HTTP/1.1 400 ${EVIL}`, alert: EVIL, certificate: { subject: EVIL, issuer: EVIL, altNames: `DNS:${EVIL}`, selfSigned: true }, handshakeMs: 9 },
      },
    ],
    findings: ['tls-not-tls'],
    details: [{ id: 'tls-not-tls', text: `The server answered in plain text: ${EVIL}` }],
    lessons: ['tls'],
    startedAt: '2026-11-29T14:05:06.000Z',
    durationMs: 120,
  };
}

export function hostileExtras(): ReportExtras {
  const syn = synSchedule({ synRetries: 6, linearTimeouts: 4 });
  return {
    origin: { hostname: `ws<script>1${ESC}]0;x${BEL}`, localAddress: '10.0.0.5', interface: `eth0<b>`, timeZone: 'UTC' },
    pcapRelative: 'report.pcap',
    timings: { syn, retries2: { value: 15, giveUpMs: 924_600, source: 'this-kernel' }, keepalive: { timeS: 7200, intervalS: 75, probes: 9, source: 'this-kernel' } },
    provenance: {
      version: '0.1.0',
      commandLine: `tcpsleuth check 'h](javascript:alert(3))<img src=y>.example:443' --report '${HOSTILE_PCAP}.md'`,
      kernel: { system: 'Linux', release: `6.1<script>${ESC}]0;k${BEL}` },
      sysctls: [{ name: 'net.ipv4.tcp_syn_retries', value: 6, source: 'this-kernel' }],
      captureFilter: `host x and ${EVIL}`,
      pcap: { file: HOSTILE_PCAP, sha256: 'ab'.repeat(32), bytes: 400, packets: 7, firstPacketAt: '2026-11-29T14:05:06.000001Z', lastPacketAt: '2026-11-29T14:05:08.000001Z' },
    },
  };
}

/** The committed capture's reset-during-TLS conversation, under a hostile file name. */
export async function hostileCapture(): Promise<ReportCapture> {
  const file = fileURLToPath(new URL('../fixtures/pcap/synthetic-ethernet-be-usec.pcap', import.meta.url));
  const all = await analyzeCapture(file);
  const drawn = all.conversation(4)!;
  const events = (await analyzeCapture(file, { conversation: 4 })).events!;
  return { path: HOSTILE_PCAP, packets: all.packets, truncated: false, conversations: all.conversations, drawn, events };
}
