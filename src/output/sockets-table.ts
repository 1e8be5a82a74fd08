/** The `tcpsleuth sockets` table: aligned columns, like `ss -tan` with the queue explained. */
import type { SocketRow } from '../checks/netstat-parse.js';
import type { Paint } from './colors.js';

const fmt = (address: string, port: number) => (port === 0 && (address === '0.0.0.0' || address === '::' || address === '*') ? '*:*' : `${address.includes(':') ? `[${address}]` : address}:${port}`);

/** Renders rows as a table; LISTEN rows show their accept queue as `queued/backlog`. */
export function formatSocketsTable(rows: SocketRow[], paint: Paint): string {
  const header = ['STATE', 'LOCAL', 'REMOTE', 'QUEUE', 'RETR', 'PROCESS'];
  const body = rows.map((r) => [
    r.state,
    fmt(r.localAddress, r.localPort),
    r.state === 'LISTEN' ? '*' : fmt(r.remoteAddress, r.remotePort),
    r.state === 'LISTEN' && r.recvQ !== undefined && r.sendQ !== undefined ? `${r.recvQ}/${r.sendQ}` : r.recvQ || r.sendQ ? `${r.recvQ ?? 0}/${r.sendQ ?? 0}` : '',
    r.retransmits ? String(r.retransmits) : '',
    r.process ? `${r.process}${r.pid ? `[${r.pid}]` : ''}` : r.pid ? String(r.pid) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const stateToken = (s: string) => (s === 'LISTEN' ? 'ok' : s === 'SYN_SENT' || s === 'SYN_RECV' || s === 'CLOSE_WAIT' ? 'warn' : s === 'ESTABLISHED' ? 'accent' : 'muted');
  return [paint('strong', line(header)), ...body.map((b) => {
    const text = line(b);
    return paint(stateToken(b[0]), text.slice(0, widths[0])) + text.slice(widths[0]);
  })].join('\n');
}
