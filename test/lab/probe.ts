/**
 * A raw TCP probe (plain node:net, not the product's check): connects, optionally sends a few
 * bytes, and reports the events seen, e.g. `connect,ECONNRESET`, `ECONNREFUSED`, `timeout`.
 * Ground truth for the lab's faults, independent of how the check classifies them.
 */
import { runTool } from '../../src/tools.js';

const PROBE = `
  const net = require('node:net');
  const [host, port, send, waitMs] = process.argv.slice(1);
  const seen = [];
  const done = () => { console.log(seen.join(',') || 'nothing'); process.exit(0); };
  const s = net.connect({ host, port: Number(port) });
  s.on('connect', () => {
    seen.push('connect');
    // Something that looks like the start of a TLS ClientHello: payload for a DPI box to see.
    // With data sent, wait for the answer (or the reset); without, a short look is enough.
    if (send === 'data') s.write(Buffer.from('160301002a010000260303' + '00'.repeat(38), 'hex'));
    else setTimeout(done, 600);
  });
  s.on('data', () => seen.push('data'));
  s.on('end', () => { seen.push('end'); done(); });
  s.on('error', (e) => { seen.push(e.code); done(); });
  setTimeout(() => { seen.push('timeout'); done(); }, Number(waitMs));
`;

/** Probes host:port (inside `ns` when given); `data` sends a few bytes after connecting. */
export async function probe(target: { host: string; port: number; namespace?: string }, opts: { data?: boolean; waitMs?: number } = {}): Promise<string> {
  const args = ['-e', PROBE, target.host, String(target.port), opts.data ? 'data' : 'none', String(opts.waitMs ?? 3000)];
  const r = target.namespace
    ? await runTool('ip', ['netns', 'exec', target.namespace, process.execPath, ...args], { timeoutMs: 15_000 })
    : await runTool(process.execPath, args, { timeoutMs: 15_000 });
  return r.stdout.trim() || `probe failed: ${r.stderr.trim()}`;
}
