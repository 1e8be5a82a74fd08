/**
 * Answers about the thread that need no network: "why?" (the last verdict in its own words and
 * its own evidence) and "is it the firewall?" (decided from the evidence gathered, not in
 * general). Pure functions of a CheckReport.
 */
import type { CheckReport, StepEvidence } from '../evidence.js';
import { storyText, verdictText } from '../guide/explanations.js';
import { formatHostPort } from '../target.js';
import { selfCommandLine as self } from '../self-command.js';
import type { AckReply, CaptureReply, FirewallReply, ScanJson, WatchReply, WhyReply } from './types.js';

function targetOf(r: CheckReport): string {
  return formatHostPort(r.target.host, r.target.port);
}

/** One line per step that decided something: the failing ones, then the rest (at most 6). */
function stepLines(r: CheckReport): string[] {
  // The reason only when it adds something the summary does not already say (its errno, its words).
  const adds = (s: StepEvidence) => s.outcome !== 'pass' && s.reason && !s.summary.includes(s.reason.split(':')[0].trim());
  const line = (s: StepEvidence) => `${s.id}: ${s.summary}${adds(s) ? ` (${s.reason})` : ''}`;
  const failing = r.steps.filter((s) => s.outcome === 'fail');
  const rest = r.steps.filter((s) => s.outcome !== 'fail');
  return [...failing, ...rest].slice(0, 6).map(line);
}

/** "why?" about the last check: what the verdict means, how TCP produces it, the evidence, what next. */
export function whyReply(r: CheckReport): WhyReply {
  // The check's own story (its time, its evidence); words from the verdict alone only without one.
  const t = r.story ? storyText(r.story) : verdictText(r.verdict, r.target, r.target.addressUsed ?? r.target.host);
  return {
    kind: 'why',
    target: targetOf(r),
    verdict: r.verdict,
    meaning: r.meaning,
    explanation: t.why,
    evidence: [...stepLines(r), ...r.details.map((d) => d.text)],
    next: t.next,
    lessons: r.lessons,
    text: `${targetOf(r)} was ${r.verdict}: ${r.meaning}`,
  };
}

interface ConnectFacts {
  result?: string;
  code?: string;
  synRetransmits?: number;
  handshakeMs?: number;
  localDropRules?: string[];
}

function connectFacts(r: CheckReport): ConnectFacts {
  const c = [...r.steps].reverse().find((s) => s.id === 'connect');
  return (c?.evidence ?? {}) as ConnectFacts;
}

function pingAnswered(r: CheckReport): boolean | undefined {
  const p = r.steps.find((s) => s.id === 'ping');
  if (!p || p.outcome === 'skipped' || p.outcome === 'unavailable') return undefined;
  return p.outcome === 'pass';
}

/** Text of every finding and step, lower case, to look for what an ICMP error said. */
function allWords(r: CheckReport): string {
  return [...r.details.map((d) => d.text), ...r.steps.map((s) => `${s.summary} ${s.reason ?? ''}`)].join(' ').toLowerCase();
}

/**
 * "is it the firewall?", from what the last check saw: no answer and no ICMP → most likely a DROP;
 * RST → not a drop (nothing listens, or a REJECT); ICMP admin-prohibited → a firewall said so;
 * this machine's OUTPUT rule counted the SYN → the local firewall; a completed handshake → no.
 */
/** What a scan of the same host adds: were the other ports silent too, or did they answer? */
function scanFacts(r: CheckReport, scan: ScanJson | undefined): { line?: string; others: number; answered: number; prohibited: boolean } {
  const sameHost = scan && (scan.host === r.target.host || scan.address === r.target.addressUsed);
  if (!scan || !sameHost) return { others: 0, answered: 0, prohibited: false };
  const others = scan.ports.filter((p) => p.port !== r.target.port);
  const answered = others.filter((p) => p.state !== 'filtered');
  const open = answered.filter((p) => p.state === 'open').map((p) => p.port);
  const prohibited = scan.ports.some((p) => /prohibit/.test(p.reason));
  const line = `scan: ${others.length} other ports of ${scan.host}: ${answered.length} answered${open.length ? ` (open: ${open.slice(0, 8).join(', ')})` : ''}, ${others.length - answered.length} silent`;
  return { line, others: others.length, answered: answered.length, prohibited };
}

export function firewallReply(r: CheckReport, scan?: ScanJson): FirewallReply {
  const c = connectFacts(r);
  const ping = pingAnswered(r);
  const has = (id: string) => r.findings.includes(id);
  const sf = scanFacts(r, scan);
  const evidence = [...stepLines(r), ...(sf.line ? [sf.line] : [])];
  const base = { kind: 'firewall' as const, target: targetOf(r), verdict: r.verdict, evidence };
  const waited = c.handshakeMs !== undefined ? ` after ${Math.round(c.handshakeMs)} ms` : '';
  const resent = c.synRetransmits ? `, the SYN was sent ${c.synRetransmits + 1} times` : '';

  if (has('local-firewall') || c.result === 'local-firewall') {
    const rule = c.localDropRules?.[0];
    return { ...base, likely: 'local-firewall', answer: `Yes, and it is this machine's own firewall: ${rule ? `the OUTPUT rule "${rule}" counted our SYN` : 'an OUTPUT rule dropped our SYN before it left'}. Look at iptables -L OUTPUT -v -n (or nft list ruleset) here, not at the server.` };
  }
  if (r.verdict === 'unreachable') {
    if (/prohibit/.test(allWords(r)) || sf.prohibited) {
      return { ...base, likely: 'admin-prohibited', answer: `Yes: a firewall said so. The ICMP error was "administratively prohibited", which is how a REJECT rule with icmp-admin-prohibited (or a router ACL) answers. Ask whoever runs the hop that sent it.` };
    }
    const route = c.result === 'no-route' || c.code === 'ENETUNREACH' || has('no-route');
    return { ...base, likely: route ? 'not-firewall' : 'unknown', answer: route ? 'Probably not: this machine has no route to that network, so the SYN never left. That is routing (a VPN down, a missing route), not a firewall.' : `Not clearly: an ICMP "host unreachable" (${c.code ?? 'EHOSTUNREACH'}) usually means the last router could not find the host (ARP failed: the host is down or the address is wrong). A firewall would more often drop silently or say "prohibited". traceroute shows which hop answered.` };
  }
  if (r.verdict === 'filtered') {
    if (has('accept-queue-full')) {
      return { ...base, likely: 'not-firewall', answer: 'Probably not: the server listens, but its accept queue is full, and a full queue drops SYNs exactly like a firewall would. The application is not calling accept() fast enough.' };
    }
    const alive = ping === true ? ' Ping answered, so the host is up.' : ping === false ? ' Ping got no answer either (ICMP may be blocked too).' : '';
    const scope =
      sf.others === 0
        ? ' Scan other ports ("scan it"): if every port is silent, the rule covers the host; traceroute -T shows how far packets get.'
        : sf.answered > 0
          ? ` The scan shows ${sf.answered} of ${sf.others} other ports answering, so the host is up and reachable: the rule is for port ${r.target.port} (or a range around it).`
          : ` The scan found all ${sf.others} other ports silent too: the rule covers the whole host (or the host is down).`;
    return { ...base, likely: 'drop', answer: `Most likely, yes: a firewall that DROPs. The SYN got no answer at all${c.handshakeMs !== undefined ? ` in ${Math.round(c.handshakeMs)} ms` : ''}${resent}: no RST (which a host with nothing listening would send) and no ICMP error (which a router or a REJECT rule would send).${alive} Silence is what a DROP rule (or a security group) looks like.${scope}` };
  }
  if (r.verdict === 'refused') {
    if (has('not-listening') || has('listening-localhost-only')) {
      return { ...base, likely: 'not-firewall', answer: `No: the host answered the SYN with RST${waited}, and this machine's socket table shows ${has('listening-localhost-only') ? 'the service listens on 127.0.0.1 only' : 'nothing listening on that port'}. A dropping firewall would have stayed silent.` };
    }
    return { ...base, likely: 'reject', answer: `Not a drop: the SYN was answered with RST${waited}${c.code ? ` (${c.code})` : ''}. Most often nothing listens on the port; a firewall REJECT rule with tcp-reset looks the same. On the server, check that the service listens (ss -ltnp); if it does, look for a REJECT rule.` };
  }
  if (r.verdict === 'reset') {
    if (has('rst-ttl-mismatch')) return { ...base, likely: 'reject', answer: 'Possibly a middlebox: the RST arrived with a different TTL than the SYN-ACK, so something between you (a firewall or IPS) likely forged it.' };
    return { ...base, likely: 'unknown', answer: `The handshake completed, so no firewall blocks the port itself. The RST after it comes from the application or a box in the middle (a load balancer, a TLS-inspecting firewall)${has('reset-during-tls') ? ', and it came during TLS, which points at such a box or at a rejected ClientHello' : ''}. A capture shows whether the RST's TTL matches the server's.` };
  }
  if (r.verdict === 'dns-error') return { ...base, likely: 'not-firewall', answer: 'No: the name did not resolve, so no packet was sent to the service. Fix DNS first (or a firewall in front of the resolver, if the resolver did not answer at all).' };
  if (r.verdict === 'open') return { ...base, likely: 'not-firewall', answer: `No: the handshake with ${targetOf(r)} completed${waited}, so no firewall blocks this port from here.` };
  return { ...base, likely: 'not-firewall', answer: `Not a firewall on the path: TCP connected${r.verdict === 'tls-error' ? ' and the TLS handshake itself failed (certificate, version or alert)' : ' and the peer closed the connection itself'}.` };
}

/**
 * "why?" after a watch or a capture: what that run itself found, again, or that it found nothing
 * to explain (and what would). Only the run's own facts.
 */
export function overTimeWhy(reply: WatchReply | CaptureReply): AckReply {
  if (reply.kind === 'watch') {
    const hp = formatHostPort(reply.target.host, reply.target.port);
    if (reply.details.length) return { kind: 'ack', text: reply.details.map((d) => `${d.text} Learn why: ${self(['learn', d.lesson])}`).join(' ') };
    const failed = reply.attempts - (reply.byVerdict.open ?? 0);
    if (failed) return { kind: 'ack', text: `${failed} of ${reply.attempts} checks of ${hp} failed, with no pattern I could name (one address, a period, a share of SYNs lost). A longer watch shows more: ${self(['watch', hp, '--duration', '10m'])}` };
    return { kind: 'ack', text: `Every one of the ${reply.attempts} checks of ${hp} was open: nothing failed while I watched, so there is nothing to explain yet. A fault that comes and goes less often shows in a longer watch: ${self(['watch', hp, '--duration', '10m'])}` };
  }
  return { kind: 'ack', text: [reply.transfers ?? reply.summary, ...reply.findings.map((f) => `${f.text} [${f.id}]`)].join(' ') };
}
