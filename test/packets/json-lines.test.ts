/**
 * `analyze --json` written the fast way (most lines straight from the conversation's slot into
 * bytes) gives the same text as the plain way: each conversation summarised and printed by
 * conversationJson, as analyze did before. A mid-size capture of every
 * synthetic shape (IPv4 and IPv6, mid-conversation starts, lost segments, findings) decides.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { CaptureEncoder } from '../../src/packets/capture-writer.js';
import { LINKTYPE } from '../../src/packets/decode.js';
import { frame } from '../../src/packets/frame-builder.js';
import { scenarioPackets, type Scenario } from '../../src/packets/synthetic.js';
import { analyzeCaptureBuffer } from '../../src/packets/analyze-capture.js';
import { conversationJson } from '../../src/packets/conversation-json.js';
import { summarize } from '../../src/packets/conversation-summary.js';
import { MAX_FAST_LINE, writeLine } from '../../src/packets/conversation-bytes.js';
import { readTcpTimings } from '../../src/kernel-timing.js';
import { toJson } from '../../src/sinks/json.js';

const SCENARIOS: Scenario[] = ['open', 'refused', 'filtered', 'reset-during-tls', 'unreachable-router', 'closed', 'ecn-negotiated', 'ecn-not-negotiated', 'ecn-blackhole', 'retransmits'];

/** `n` overlapping conversations of every scenario, a fifth over IPv6, some cut at the start or missing a segment. */
function capture(n: number): Buffer {
  const enc = new CaptureEncoder({ format: 'pcap' });
  const up = { linkType: 1, srcMac: '00:14:22:0a:0b:0c', dstMac: '00:01:d7:aa:bb:cc' };
  const down = { linkType: 1, srcMac: '00:01:d7:aa:bb:cc', dstMac: '00:14:22:0a:0b:0c' };
  const parts = [enc.header(LINKTYPE.ethernet)];
  let t = Date.UTC(2026, 10, 21, 9) * 1000 + 417;
  for (let i = 0; i < n; i++) {
    const v6 = i % 5 === 4;
    const e = {
      client: v6 ? `fd00:18::${(i & 0xfff).toString(16)}` : `198.18.${(i >> 8) & 0xff}.${(i & 0xff) || 1}`,
      server: v6 ? `fd00:19::${2 + (i % 7)}` : `198.19.0.${2 + (i % 50)}`,
      router: v6 ? 'fd00:18::1' : '198.18.0.1',
      clientPort: 32768 + (i % 28000),
      serverPort: [443, 5432, 8080, 22][i % 4],
    };
    let packets = scenarioPackets(SCENARIOS[i % SCENARIOS.length], e);
    if (i % 7 === 3) packets = packets.slice(1);
    if (i % 13 === 5) packets = packets.filter((_, k) => k !== 3);
    for (const p of packets) parts.push(enc.packet(t + p.atUs, frame(p.ip, p.fromClient ? up : down)));
    t += 500 + (i % 3) * 37;
  }
  return Buffer.concat(parts);
}

/** The whole `--json` text the plain way (analyze's writeJson before the fast ways). */
async function plainJson(file: string, bytes: Buffer): Promise<string> {
  const lines: string[] = [];
  const a = await analyzeCaptureBuffer(bytes, { onConversation: (c) => lines.push(conversationJson(c)) });
  for (const c of a.eachConversation()) lines.push(conversationJson(c));
  const tail = { packets: a.packets, truncated: a.truncated, truncatedReason: a.truncatedReason, format: a.format };
  const body = lines.map((l, i) => `${i ? ',\n    ' : '\n    '}${l}`).join('');
  return `{\n  "file": ${toJson(file)},\n  "conversations": [${body}${lines.length ? '\n  ' : ''}],\n${JSON.stringify(tail, null, 2).slice(2, -2)},\n  "macs": ${JSON.stringify(a.macs)}\n}\n`;
}

function run(args: string[], input?: Buffer): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { maxBuffer: 64 << 20 }, (err, stdout) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout) }),
    );
    child.stdin?.end(input);
  });
}

describe('analyze --json, the fast way', () => {
  const bytes = capture(12_000);
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcpsleuth-json-lines-'));
    file = join(dir, 'mid.pcap');
    writeFileSync(file, bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('each line written from the slot is the text summarize + conversationJson give', async () => {
    const retries2 = readTcpTimings().retries2;
    const seen = new Set<string>();
    let n = 0;
    const buf = Buffer.alloc(MAX_FAST_LINE);
    const check = (store: Parameters<typeof writeLine>[0], slot: number) => {
      n++;
      const text = buf.toString('latin1', 0, writeLine(store, slot, buf, 0, retries2));
      const c = summarize(store.conv(slot), retries2);
      expect(text).toBe(conversationJson(c));
      seen.add(c.outcome);
      for (const k of ['rst', 'icmp', 'fin', 'stall', 'transfer'] as const) if (c[k]) seen.add(k);
      if (c.synRetransmits.length) seen.add('synRetransmits');
      for (const f of c.findings) seen.add(f.id);
      if (c.client.startsWith('[')) seen.add('ipv6');
    };
    const a = await analyzeCaptureBuffer(bytes, { onFinishedSlot: check });
    for (const { store, slot } of a.restSlots()) check(store, slot);
    expect(n).toBe(a.conversationCount);
    // Every shape was written: outcomes, optional parts, findings, IPv6.
    expect([...seen].sort()).toEqual(
      ['closed', 'filtered', 'fin', 'icmp', 'idle-then-reset', 'ipv6', 'open', 'refused', 'reset', 'retransmissions', 'rst', 'stall', 'synRetransmits', 'transfer', 'unreachable'].sort(),
    );
  });

  it('the CLI prints the same bytes, from a file and from stdin', async () => {
    const fromFile = await run(['analyze', file, '--json']);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toBe(await plainJson(file, bytes));
    const stdin = await run(['analyze', '-', '--json'], bytes);
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toBe(await plainJson('-', bytes));
  });
});
