import { describe, it, expect } from 'vitest';
import { analyzeCaptureBuffer } from '../../src/packets/analyze-capture.js';
import { CaptureEncoder } from '../../src/packets/capture-writer.js';
import { LINKTYPE } from '../../src/packets/decode.js';
import { conversationJson } from '../../src/packets/conversation-json.js';
import type { ConversationSummary } from '../../src/packets/conversations.js';
import { syntheticTraffic } from '../../src/packets/synthetic.js';

function capture(count: number, spacingUs: number): Buffer {
  const enc = new CaptureEncoder({ format: 'pcap' });
  const parts = [enc.header(LINKTYPE.ethernet)];
  syntheticTraffic(count, (ts, frame) => parts.push(enc.packet(ts, frame)), { spacingUs });
  return Buffer.concat(parts);
}

describe('streaming analysis (analyze on captures of any size)', () => {
  // One conversation every 20 ms: 40k packets span about 70 s of capture time, so conversations
  // that ended more than a minute ago are handed over while the file is still being read.
  const bytes = capture(40_000, 20_000);

  it('gives exactly the conversations the keep-everything analysis gives', async () => {
    const all = await analyzeCaptureBuffer(bytes);
    const streamed: ConversationSummary[] = [];
    const s = await analyzeCaptureBuffer(bytes, { onConversation: (c) => streamed.push(c) });
    const handedEarly = streamed.length;
    expect(handedEarly).toBeGreaterThan(0);
    streamed.push(...s.eachConversation());
    expect(handedEarly).toBeLessThan(streamed.length);
    expect(s.conversationCount).toBe(all.conversationCount);
    expect(s.conversations).toEqual([]);
    streamed.sort((a, b) => a.index - b.index);
    expect(streamed.map(conversationJson)).toEqual(all.conversations.map(conversationJson));
    expect(new Set(streamed.map((c) => c.index)).size).toBe(streamed.length);
  });

  it('holds only the conversations that are not over, not all of them', async () => {
    const long = capture(60_000, 50_000);
    const all = await analyzeCaptureBuffer(long);
    let handed = 0;
    const s = await analyzeCaptureBuffer(long, { onConversation: () => handed++ });
    for (const _ of s.eachConversation()) handed++;
    expect(handed).toBe(all.conversationCount);
    expect(all.peakHeld).toBe(all.conversationCount);
    // 60k packets at one conversation per 50 ms span ~6 minutes: a minute's worth is held.
    expect(s.peakHeld).toBeLessThan(all.conversationCount / 2);
  });

  it('records the arrows of conversation N even when it ended long before the file did', async () => {
    const all = await analyzeCaptureBuffer(bytes, { conversation: 3 });
    let third: ConversationSummary | undefined;
    const s = await analyzeCaptureBuffer(bytes, { conversation: 3, onConversation: (c) => (c.index === 3 ? (third = c) : undefined) });
    // Conversation 3 ended within the first second: it was handed over long before the end.
    expect(third && conversationJson(third)).toBe(conversationJson(all.conversation(3)!));
    expect(s.events).toEqual(all.events);
    expect(s.events!.length).toBeGreaterThan(2);
  });
});

