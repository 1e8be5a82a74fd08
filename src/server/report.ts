/**
 * The checklist as a report: facts and findings in, the JSON `server --json` prints and the plain
 * text a person reads. Renderers only: the rules (rules.ts) decide, these show.
 */
import { selfCommandLine } from '../self-command.js';
import { formatHostPort } from '../target.js';
import type { Paint } from '../output/colors.js';
import { FINDING_LESSONS } from '../diagnosis/findings.js';
import type { ServerFacts } from './facts.js';
import { serverExitCode, serverFindings, type ServerFinding } from './rules.js';

/** What `tcpsleuth server PORT --json` prints. */
export interface ServerReport {
  port: number;
  host: string;
  ok: boolean;
  findings: ServerFinding[];
  lessons: string[];
  facts: ServerFacts;
}

/** Facts → report (findings by the rules, their lessons). */
export function serverReport(facts: ServerFacts): ServerReport {
  const findings = serverFindings(facts);
  const lessons = [...new Set(['socket-states', ...findings.flatMap((f) => FINDING_LESSONS[f.id] ?? [])])];
  return { port: facts.port, host: facts.host, ok: serverExitCode(findings) === 0, findings, lessons, facts };
}

/** The checklist in plain lines, one fact per line, then the findings. */
export function formatServerReport(r: ServerReport, paint: Paint): string {
  const f = r.facts;
  const lines: string[] = [paint('strong', `tcpsleuth server ${r.port}${r.host === 'local' ? ' (this host)' : ` on ${r.host}`}`)];
  const label = (s: string) => paint('muted', s.padEnd(9));
  if (!f.listeners.length) lines.push(`${label('listen')}${paint('bad', `nothing listens on port ${r.port}`)}`);
  for (const l of f.listeners) {
    const queue = l.queued !== undefined && l.backlog !== undefined ? `  accept queue ${l.queued}/${l.backlog}` : '';
    const who = l.process ? `  ${l.process}${l.pid ? ` (pid ${l.pid})` : ''}` : '';
    lines.push(`${label('listen')}${formatHostPort(l.address, l.port)}${who}${l.full ? paint('bad', queue + ' FULL') : queue}`);
  }
  const states = Object.entries(f.states).map(([s, n]) => `${n} ${s}`).join(', ');
  lines.push(`${label('sockets')}${states || 'no connections on the port right now'}`);
  if (f.timeWaitHost !== undefined && f.ephemeral) lines.push(`${label('')}${f.timeWaitHost} TIME_WAIT on the host; ephemeral ports ${f.ephemeral.low}-${f.ephemeral.high} (${f.ephemeral.size})`);
  if (f.counters) {
    const c = f.counters;
    const d = (k: keyof typeof c.after) => `${k} ${c.after[k]} (+${Math.max(0, c.after[k] - c.before[k])})`;
    lines.push(`${label('counters')}${d('ListenOverflows')}, ${d('ListenDrops')}, ${d('SyncookiesSent')} over ${c.intervalMs} ms`);
  }
  if (f.syncookies !== undefined) lines.push(`${label('')}tcp_syncookies=${f.syncookies} (${['off', 'when the SYN queue overflows', 'always'][f.syncookies] ?? '?'})`);
  if (!f.firewall.read) lines.push(`${label('firewall')}${paint('warn', `not read: ${f.firewall.why}`)}`);
  else if (!f.firewall.rules.length) lines.push(`${label('firewall')}no INPUT rule names port ${r.port}`);
  for (const rule of f.firewall.rules) {
    const now = rule.delta > 0 ? paint('warn', ` +${rule.delta} now`) : '';
    lines.push(`${label('firewall')}${rule.tool}: ${rule.text}  [${rule.packets} packets${now}]`);
  }
  lines.push('');
  if (!r.findings.length) lines.push(paint('ok', `nothing wrong on port ${r.port} that this host can see`));
  for (const x of r.findings) lines.push(`${paint(x.severity === 'problem' ? 'bad' : 'warn', x.severity === 'problem' ? '✘' : '!')} ${paint('strong', x.id)}: ${x.text}`);
  lines.push(paint('muted', `learn more: ${r.lessons.map((l) => selfCommandLine(['learn', l])).join(' · ')}`));
  return lines.join('\n');
}
