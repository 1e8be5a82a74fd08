/**
 * The troubleshooting tree as a person reads it: a question at each step, the verdicts as
 * leaves, the follow-up checks each verdict offers. Generated from the guide machine: the steps
 * come in the machine's order, the leaves are its verdict branches and the follow-ups their
 * states, so adding a step or a branch without words here fails generation (and the drift test)
 * instead of drawing a stale tree. The words are the only thing written by hand. Pure.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { verdictText } from './explanations.js';
import type { Verdict } from '../evidence.js';

/** Where an answer leads: the next step of the main path, a further question, or a verdict. */
type Lead = { next: true } | { ask: string } | { verdict: Verdict | 'undecided' };

interface Question {
  text: string;
  answers: Array<[answer: string, lead: Lead]>;
}

/** Per main step: its question (and sub-questions, by id) in the words of the helpdesk. */
const STEP_QUESTIONS: Record<string, Record<string, Question>> = {
  dns: {
    dns: { text: 'Does the name resolve?', answers: [['no: “Name or service not known” (NXDOMAIN), “Temporary failure in name resolution” (EAI_AGAIN)', { verdict: 'dns-error' }], ['yes, or it is an address', { next: true }]] },
  },
  ping: {
    ping: { text: 'Ping the host (a clue only: many hosts ignore ping)', answers: [['answered or not', { next: true }]] },
  },
  connect: {
    connect: { text: 'Is the SYN answered?', answers: [['no: silence, “Connection timed out” (ETIMEDOUT)', { verdict: 'filtered' }], ['yes', { ask: 'connect_how' }], ['the step did not run', { verdict: 'undecided' }]] },
    connect_how: {
      text: 'By SYN-ACK, by RST or by ICMP?',
      answers: [
        ['RST: “Connection refused” (ECONNREFUSED)', { verdict: 'refused' }],
        ['ICMP: “No route to host” (EHOSTUNREACH), “Network is unreachable” (ENETUNREACH)', { verdict: 'unreachable' }],
        ['SYN-ACK', { next: true }],
      ],
    },
  },
  observe: {
    observe: { text: 'Does the server hang up at once?', answers: [['with RST: “Connection reset by peer” (ECONNRESET)', { verdict: 'reset' }], ['with FIN: the peer closed', { verdict: 'closed' }], ['no: quiet, or a banner', { next: true }]] },
  },
  tls: {
    tls: { text: 'Did TLS complete?', answers: [['no: an alert or a bad certificate', { verdict: 'tls-error' }], ['RST after the ClientHello', { verdict: 'reset' }], ['yes, or no TLS on this port', { next: true }]] },
  },
};

/** Leaves whose words say more than the verdict's title: a RST can be a firewall's too. */
const LEAF_WORDS: Record<string, string> = {
  refused: 'the host answered with RST: nothing listens there, or a firewall REJECT rule (tcp-reset)',
};

/** Short names of the follow-up checks, as a person would say them. */
const FOLLOW_UP_WORDS: Record<string, string> = {
  scan: 'scan ports',
  traceroute: 'traceroute',
  capture: 'capture packets',
  sockets: 'local listening sockets',
  tls: 'try TLS',
};

const id = (s: string) => s.replace(/[^a-zA-Z0-9]/g, '_');
const q = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;

/** The machine's main steps (states that run a check and are not inside a branch), in order. */
function mainSteps(root: AnyStateNode): string[] {
  return (Object.values(root.states) as AnyStateNode[]).filter((s) => s.type === 'atomic' && s.invoke.length > 0).map((s) => s.key);
}

function branches(root: AnyStateNode): AnyStateNode[] {
  return (Object.values(root.states) as AnyStateNode[]).filter((s) => s.type === 'compound');
}

/** The tree as a Mermaid flowchart. Throws when the machine has a step or branch with no words here. */
export function readerDiagram(machine: unknown): string {
  const root = (machine as AnyStateMachine).root as AnyStateNode;
  const steps = mainSteps(root);
  const branchNodes = branches(root);
  const branchKeys = new Set(branchNodes.map((b) => b.key));
  const out = ['flowchart TD', `  start([${q('A target: a name or an address, and a port')}])`];
  const leaves = new Set<string>();
  steps.forEach((step, i) => {
    const qs = STEP_QUESTIONS[step];
    if (!qs) throw new Error(`troubleshooting tree: the machine's step "${step}" has no question (src/guide/reader-diagram.ts)`);
    const next = steps[i + 1] ?? 'open';
    for (const [qid, question] of Object.entries(qs)) {
      // A step with one way on asks nothing: a box, not a diamond.
      out.push(question.answers.length > 1 ? `  ${id(qid)}{${q(question.text)}}` : `  ${id(qid)}[${q(question.text)}]`);
      for (const [answer, lead] of question.answers) {
        let to: string;
        if ('next' in lead) to = steps[i + 1] ? id(next) : `v_${id(next)}`;
        else if ('ask' in lead) to = id(lead.ask);
        else to = `v_${id(lead.verdict)}`;
        if ('verdict' in lead || ('next' in lead && !steps[i + 1])) leaves.add('verdict' in lead ? lead.verdict : next);
        out.push(`  ${id(qid)} -->|${q(answer)}| ${to}`);
      }
    }
  });
  out.push(`  start --> ${id(steps[0])}`);
  for (const leaf of leaves) if (!branchKeys.has(leaf)) throw new Error(`troubleshooting tree: "${leaf}" is a leaf but the machine has no such branch`);
  for (const b of branchNodes) {
    if (!leaves.has(b.key)) throw new Error(`troubleshooting tree: the machine's branch "${b.key}" is no leaf of the tree (src/guide/reader-diagram.ts)`);
    const title = LEAF_WORDS[b.key] ?? verdictText(b.key as Verdict, { host: 'HOST', port: 0 }).title.split(': ').slice(1).join(': ');
    out.push(`  v_${id(b.key)}[[${q(`${b.key}: ${title || b.key}`)}]]`);
    const follow = (Object.values(b.states) as AnyStateNode[]).map((s) => s.key).filter((k) => k !== 'advice');
    for (const f of follow) if (!FOLLOW_UP_WORDS[f]) throw new Error(`troubleshooting tree: the follow-up "${f}" has no words (src/guide/reader-diagram.ts)`);
    if (follow.length) out.push(`  f_${id(b.key)}(${q(`next: ${follow.map((f) => FOLLOW_UP_WORDS[f]).join(' · ')}`)})`, `  v_${id(b.key)} -.-> f_${id(b.key)}`);
  }
  out.push('  classDef verdict fill:#fde2e1,stroke:#cf222e,color:#1b1f24');
  out.push('  classDef ok fill:#dafbe1,stroke:#1a7f37,color:#1b1f24');
  out.push('  classDef follow fill:#eef2f7,stroke:#8c959f,color:#1b1f24,stroke-dasharray:4 3');
  const bad = branchNodes.map((b) => b.key).filter((k) => k !== 'open');
  if (bad.length) out.push(`  class ${bad.map((k) => `v_${id(k)}`).join(',')} verdict`);
  if (branchKeys.has('open')) out.push('  class v_open ok');
  const withFollow = branchNodes.filter((b) => Object.keys(b.states).some((k) => k !== 'advice')).map((b) => `f_${id(b.key)}`);
  if (withFollow.length) out.push(`  class ${withFollow.join(',')} follow`);
  return `${out.join('\n')}\n`;
}
