/**
 * The chat's phrase tables: follow-ups about the thread ("scan it", "why?", "is it the firewall?"),
 * short replies ("yes", "stop"), and requests to learn, be quizzed or see a fault in the lab
 * ("teach me about ECN", "show me a SYN being dropped"). Data first, matched in order; pure.
 */
import type { FollowUpAction } from './types.js';

/** Short answers, matched against the whole message (case-folded, trailing punctuation removed). */
export const ACCEPT = /^(?:y|yes|yeah|yea|yep|yup|sure|ok|okay|k|go|go ahead|go for it|do it|run it|please|yes please|sounds good|let'?s go|proceed|continue|👍)$/i;
export const DECLINE = /^(?:n|no|nope|nah|not now|no thanks|skip|later|don'?t)$/i;

/** A port spec written after "scan": `1-1024`, `22,80,443`, `ports 1-50`, `-p 1-100`, `top 100`. */
const PORTS = String.raw`(?:(?:on\s+)?(?:the\s+)?(?:ports?|-p)\s*)?(\d{1,5}(?:\s*-\s*\d{0,5})?(?:\s*,\s*\d{1,5}(?:\s*-\s*\d{1,5})?)*|-)`;

interface FollowUpRule {
  action: FollowUpAction;
  re: RegExp;
}

/** Matched against the whole message; `ports` (group `ports`) and `host` (group `host`) when present. */
const FOLLOW_UPS: readonly FollowUpRule[] = [
  { action: 'stop', re: /^(?:stop|cancel|abort|halt|enough|never ?mind|stop it|stop (?:the |that )?(?:check|scan|capture|trace)|ctrl[- ]?c)$/i },
  { action: 'why', re: /^(?:why|why\?|how come|how so|what does (?:that|this|it) mean|what do(?:es)? (?:that|this|it) mean|what happened|meaning|explain(?: (?:that|this|it|the verdict|the result))?|tell me more|more|details|what now|so what|why (?:is|was|did|does) (?:it|that|this)\b.*|what(?:'s| is) wrong(?: with it)?)$/i },
  { action: 'firewall', re: /^(?:(?:is|could|might|would) (?:it|this|that)(?: be)? (?:a |the )?firewall(?: issue| problem| thing)?|firewall|a firewall|the firewall|(?:is|was) (?:it|this|that) (?:being )?(?:blocked|filtered|dropped)(?: by (?:a |the )?firewall)?|is (?:a|the|some) firewall (?:blocking|dropping|rejecting) (?:it|this|that)|is something blocking (?:it|this|that)|blocked\?|firewall issue|firewall problem|(?:is|could) (?:it|this) be (?:a )?(?:security group|acl|iptables)|what about the firewall)$/i },
  { action: 'again', re: /^(?:again|retry|re-?run|re-?check|try again|check again|run (?:it )?again|once more|one more time|refresh|recheck it|check it|test it|run the check|check it again|try it again)$/i },
  { action: 'tls', re: /^(?:(?:try|check|test|with|use|probe|do|run) (?:it )?(?:with )?(?:tls|ssl|https)|tls|ssl|tls\?|(?:check|test) the (?:certificate|cert|tls handshake)|what about tls|is (?:it|the) (?:tls|certificate|cert) ok)$/i },
  { action: 'capture', re: /^(?:capture|capture it|capture (?:the )?(?:packets|traffic|handshake|connection)|tcpdump(?: it)?|sniff(?: it)?|record (?:the )?(?:packets|traffic)|packet capture|show (?:me )?(?:the )?packets|take a capture)$/i },
  { action: 'traceroute', re: /^(?:trace(?: it| the route| the path| route)?|traceroute(?: it)?|tracert|mtr|tracepath|where does it (?:stop|die|get dropped|fail)|show (?:me )?the (?:route|path|hops)|route\?|which hop)$/i },
  { action: 'report', re: /^(?:(?:save|write|make|export|create|generate) (?:a |the |me a )?(?:report|ticket|summary)(?: of (?:it|this|that))?|report|save(?: it)?|export(?: it)?|(?:save|export) (?:it|this|that)(?: as (?:a )?(?:report|markdown|html))?)$/i },
  {
    action: 'scan',
    re: new RegExp(
      String.raw`^(?:(?:port ?)?scan(?: it| that| this)?|nmap(?: it)?|scan (?:the )?(?:other |neighbou?ring |common )?ports|what(?:'s| else is| is) open|which ports are open|(?:scan|check) (?:the |its |other |neighbou?ring |common )?ports)(?:\s+(?:on|of|for)\s+(?:it|that|this))?(?:\s+${PORTS})?$`,
      'i',
    ),
  },
];

/** `scan HOST [ports]`: a scan of a host the message names. */
const SCAN_HOST = new RegExp(String.raw`^(?:port ?)?scan\s+(?<host>\[[0-9a-f:.]+\]|[\w.-]+\.[\w-]+|localhost|[0-9a-f:]+:[0-9a-f:]+)(?:\s+${PORTS})?$`, 'i');
/** `scan ports 1-50` / `scan 1-1024` / `scan top 100`. */
const SCAN_PORTS = new RegExp(String.raw`^(?:port ?)?scan(?: it| that| this)?\s+${PORTS}(?:\s+(?:on|of) (?:it|that|this))?$`, 'i');

function portsOf(raw: string | undefined): string | undefined {
  return raw?.replace(/\s+/g, '');
}

/** A follow-up about the thread, or null. */
export function readFollowUp(message: string): { action: FollowUpAction; ports?: string; host?: string } | null {
  const text = message.trim().replace(/[?!.]+$/, '').replace(/\s+/g, ' ');
  if (text.length > 120) return null;
  const sp = SCAN_PORTS.exec(text);
  if (sp) return { action: 'scan', ports: portsOf(sp[1]) };
  const sh = SCAN_HOST.exec(text);
  if (sh?.groups) {
    const ports = portsOf(sh[2]);
    return { action: 'scan', host: sh.groups.host.replace(/^\[|\]$/g, ''), ...(ports ? { ports } : {}) };
  }
  for (const rule of FOLLOW_UPS) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const ports = rule.action === 'scan' ? portsOf(m[1]) : undefined;
    return ports ? { action: rule.action, ports } : { action: rule.action };
  }
  return null;
}

/** Lesson ids by the words people use for their subject. */
const LESSON_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:ecn|ece|cwr|congestion)\b/i, 'ecn'],
  [/\b(?:tls|ssl|https|certificates?|certs?|x509)\b/i, 'tls'],
  [/\b(?:dns|name resolution|resolv\w*|nxdomain|lookups?)\b/i, 'dns'],
  [/\b(?:syn ?floods?|backlogs?|accept queue|syn cookies?|listen queue)\b/i, 'syn-floods'],
  [/\b(?:firewalls?|nat|iptables|nftables|security groups?|acls?|drops?|filter\w*)\b/i, 'firewalls'],
  [/\b(?:rst|resets?|refused|refusals?|econnrefused|econnreset)\b/i, 'rst'],
  [/\b(?:timeouts?|time ?outs?|timed out|retransmi\w*|syn_sent|syn sent)\b/i, 'timeouts'],
  [/\b(?:states?|time_wait|time wait|close_wait|close wait|established|fin_wait|netstat|ss|sockets?)\b/i, 'socket-states'],
  [/\b(?:tools?|toolkit|nc|netcat|nmap|tcpdump|traceroute|openssl|curl|ping|wireshark)\b/i, 'toolkit'],
  [/\b(?:handshake|three[- ]way|3[- ]way|syn|ack|tcp|basics|connections?)\b/i, 'handshake'],
];

/** The lesson a subject names ("ECN" → `ecn`, "resets" → `rst`), or undefined. */
export function lessonFor(subject: string): string | undefined {
  const s = subject.trim().toLowerCase();
  for (const [re, id] of LESSON_WORDS) if (re.test(s) || s === id) return id;
  return undefined;
}

const LESSON_ASK = /^(?:teach me|teach me about|learn|learn about|i want to learn(?: about)?|i'?d like to learn(?: about)?|lesson(?: on| about)?|show me the lesson(?: on| about)?|tell me about|explain to me|course on|tutorial(?: on| about)?)\b\s*(.*)$/i;
const QUIZ_ASK = /^(?:quiz(?: me)?|test me|test my knowledge|give me a quiz|ask me (?:a question|something)|question me)\b(?:\s+(?:on|about|in))?\s*(.*)$/i;

/** "teach me about ECN" → `{ lesson: 'ecn' }`; "teach me" → `{}`; null when not a lesson request. */
export function readLessonAsk(message: string): { lesson?: string; topic?: string } | null {
  const m = LESSON_ASK.exec(message.trim().replace(/[?!.]+$/, ''));
  if (!m) return null;
  const topic = (m[1] ?? '').replace(/^(?:about|on|the|a|an)\s+/i, '').trim();
  if (!topic) return {};
  const lesson = lessonFor(topic);
  return lesson ? { lesson, topic } : { topic };
}

/** "quiz me on resets" → `{ lesson: 'rst' }`; null when not a quiz request. */
export function readQuizAsk(message: string): { lesson?: string } | null {
  const m = QUIZ_ASK.exec(message.trim().replace(/[?!.]+$/, ''));
  if (!m) return null;
  const lesson = m[1] ? lessonFor(m[1]) : undefined;
  // "QUIZ: How much do you know about the world's most famous shipwreck?": a headline about another
  // subject, not a request to be quizzed.
  if (!lesson && m[1] && m[1].split(/\s+/).length > 4) return null;
  return lesson ? { lesson } : {};
}

/** An answer to an open quiz: `b`, `B)`, `2`, `(c)`, `answer: a` → the 0-based choice. */
export function readQuizChoice(message: string): number | null {
  const m = /^(?:answer:?\s*|i think\s*|it'?s\s*)?\(?([a-h]|[1-8])\)?[.)]?$/i.exec(message.trim());
  if (!m) return null;
  const c = m[1].toLowerCase();
  return /\d/.test(c) ? Number(c) - 1 : c.charCodeAt(0) - 97;
}

/** Lab scenario ids by how people describe the fault (most specific first). */
const LAB_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/syn-?ack\b.*\b(?:drop|lost|block)|(?:drop|lose|block)\w*.*\bsyn-?ack/i, 'syn-ack-drop'],
  [/\becn\b.*\b(?:strip|clear|remov)|(?:strip|clear)\w*.*\becn\b/i, 'ecn-strip'],
  [/\becn\b/i, 'ecn-blackhole'],
  [/admin\w*[ -]prohibited|prohibited/i, 'admin-prohibited'],
  [/icmp|port[- ]unreachable/i, 'reject-icmp'],
  [/\bdpi\b|inject\w*|middlebox|in the middle/i, 'dpi-reset'],
  [/\btls\b.*\breset|reset.*\btls\b|ssl reset/i, 'tls-delayed-reset'],
  [/accept queue|backlog|queue (?:is )?full|never accepts?|syn flood/i, 'accept-queue-full'],
  [/localhost[- ]only|bound to (?:127|localhost)|only (?:on )?(?:127|localhost)/i, 'localhost-only'],
  [/no route|unroutable|network unreachable/i, 'no-route'],
  [/outgoing|egress|outbound|my own firewall|local firewall|client'?s? (?:own )?firewall/i, 'local-egress-drop'],
  [/reject\w*/i, 'reject-rst'],
  [/\bsyn\b.*\b(?:drop|lost|eaten|block|filter)\w*|\bdrop\w*|filtered|black ?hole|time[sd]? ?out|timing out|syn_sent/i, 'drop'],
  [/reset after|resets? (?:right )?after|rst after|reset/i, 'reset-after-connect'],
  [/\bfin\b|closed? after|closes|hang ?up/i, 'closed-after-connect'],
  [/refus\w*|nothing listen\w*|closed port/i, 'refused'],
  [/healthy|working|open port|successful|good connection|normal/i, 'open'],
];

const LAB_ASK = /^(?:show me|demo|demonstrate|simulate|reproduce|lab|run the lab(?: for)?|let me see|what does|i want to see|can you show me|try a fault(?: in the lab)?|break something|start the lab|open the lab)\b\s*(.*)$/i;

/** The lab scenario a description fits ("a SYN being dropped" → `drop`), or undefined. */
export function scenarioFor(description: string): string | undefined {
  const d = description.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^[a-z-]+$/.test(d) && LAB_WORDS.some(([, id]) => id === d)) return d;
  for (const [re, id] of LAB_WORDS) if (re.test(d)) return id;
  return undefined;
}

/** "show me a SYN being dropped" → `{ scenario: 'drop' }`; "lab" → `{}`; null when not a lab request. */
export function readLabAsk(message: string): { scenario?: string } | null {
  const text = message.trim().replace(/[?!.]+$/, '');
  const m = LAB_ASK.exec(text);
  if (!m) return null;
  const rest = m[1].trim();
  // "what does X look like" only asks for the lab when X is a fault, not "what does ECONNRESET mean".
  if (/^what does/i.test(text) && !/look like/i.test(text)) return null;
  if (/^show me/i.test(text) && /\b(?:the )?(?:packets|route|path|hops|lesson)\b/i.test(rest)) return null;
  if (!rest) return {};
  const scenario = scenarioFor(rest.replace(/\blook like\b/i, ''));
  if (!scenario && /^show me/i.test(text)) return null;
  return scenario ? { scenario } : {};
}
