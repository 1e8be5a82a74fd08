/** The time-sequence plot (src/report/time-sequence.ts) and the report that carries it. */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeSequenceSvg } from '../../src/report/time-sequence.js';
import type { TimeSequence } from '../../src/packets/time-sequence-samples.js';
import { runCli } from '../helpers/cli.js';
import { FlowBuilder } from './flow-builder.js';

const names = { client: '198.18.0.2:40000', server: '198.19.0.2:8080' };
const empty = () => ({ data: [], acks: [], zeroWindows: [] });

/** A download of `n` segments: the ACKs follow, one resent segment, one zero window. */
function download(n: number): TimeSequence {
  const server = { data: [] as TimeSequence['server']['data'], acks: [] as TimeSequence['server']['acks'], zeroWindows: [50] };
  for (let k = 0; k < n; k++) {
    server.data.push({ atMs: k, from: k * 1000, to: (k + 1) * 1000, retransmit: false });
    server.acks.push({ atMs: k + 0.5, ack: (k + 1) * 1000, edge: (k + 65) * 1000 });
  }
  server.data.push({ atMs: n / 2, from: 3000, to: 4000, retransmit: true });
  return { client: { data: [{ atMs: 0, from: 0, to: 10, retransmit: false }], acks: [], zeroWindows: [] }, server, truncated: false };
}

/** The plot's paths of one colour (the legend's little marks, drawn at the origin, left out). */
const paths = (svg: string, color: string) =>
  [...svg.matchAll(new RegExp(`<path d="([^"]+)" stroke="${color}"`, 'g'))].map((m) => m[1]).filter((d) => !/^M(0|-6) /.test(d));

describe('timeSequenceSvg', () => {
  it('one panel per side that sent data; bars, the resent one in red, the ACK and window lines, the zero window', () => {
    const svg = timeSequenceSvg(download(100), names)!;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // The client's 10-byte request is too little to plot next to 100 KB.
    expect(svg).toContain('198.19.0.2:8080 → 198.18.0.2:40000: bytes sent over time');
    expect(svg).not.toContain('198.18.0.2:40000 → 198.19.0.2:8080');
    const blue = paths(svg, '#1f6feb')[0];
    expect(blue.match(/M/g)).toHaveLength(100);
    expect(paths(svg, '#d1242f')[0].match(/M/g)).toHaveLength(1);
    expect(paths(svg, '#1a7f37')).toHaveLength(1);
    expect(paths(svg, '#bf8700')).toHaveLength(1);
    expect(svg).toMatch(/<title>zero window at 50 ms<\/title>/);
    expect(svg).toMatch(/>80 KiB</);
  });

  it('thousands of segments are merged per pixel column, so the picture stays small', () => {
    const svg = timeSequenceSvg(download(50_000), names)!;
    expect(paths(svg, '#1f6feb')[0].match(/M/g)!.length).toBeLessThanOrEqual(720);
    expect(svg.length).toBeLessThan(200_000);
  });

  it('nothing to draw without data; both panels when both sides sent', () => {
    expect(timeSequenceSvg({ client: empty(), server: empty(), truncated: false }, names)).toBeUndefined();
    const both = download(10);
    both.client.data = both.server.data.map((d) => ({ ...d }));
    expect(timeSequenceSvg(both, names)!.match(/bytes sent over time/g)).toHaveLength(2);
  });

  it('holds no foreign text: names are escaped', () => {
    const svg = timeSequenceSvg(download(5), { client: '<script>x</script>', server: '"><img src=x>' })!;
    expect(svg).not.toMatch(/<script|<img/);
    expect(svg).toContain('&lt;script&gt;');
  });
});

describe('analyze --report draws it for the conversation it shows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsl-ts-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the HTML holds the plot and the findings with their packets and lessons', async () => {
    const b = new FlowBuilder().handshake(0, 500);
    b.data('c', 1000, 100);
    let t = 2000;
    for (let k = 0; k < 20; k++) {
      b.data('s', (t += 100), 1000);
      b.ack('c', t + 30);
    }
    const seq = b.data('s', (t += 100), 1000);
    b.again('s', (t += 250_000), seq, 1000);
    b.ack('c', t + 30);
    const pcap = join(dir, 'x.pcap');
    writeFileSync(pcap, b.pcap());
    const r = await runCli(['analyze', pcap, '--report', join(dir, 'x.html')]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'x.html'), 'utf8');
    expect(html).toMatch(/<figure class="time-sequence"><svg/);
    expect(html).toMatch(/Conversation 1, bytes over time/);
    expect(html).toMatch(/<code>retransmissions<\/code>: the server resent 1 segment .*packet 46 at /);
    expect(html).toMatch(/learn slow-transfers/);
  });
});
