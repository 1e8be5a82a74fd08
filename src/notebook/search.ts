/**
 * `tcpsleuth ask`: a MiniSearch index over lesson sections, with TCP's synonyms folded in so
 * "SYN_SENT", "syn sent" and "stuck in syn-sent" meet, and "refused" finds the RST lesson.
 */
import MiniSearch from 'minisearch';
import type { Lesson, Topic } from './cells.js';
import { isTopic } from './cells.js';
import { plainMarkdown } from './export.js';

export interface Section {
  /** `lesson#n`: unique per section. */
  id: string;
  lesson: string;
  lessonTitle: string;
  heading: string;
  topic: Topic;
  /** The section's prose as plain text (the answer). */
  text: string;
  /** Text that helps find the section but is not shown: quiz questions and their whys. */
  extra: string;
}

export interface Answer {
  topic: Topic;
  lesson: string;
  section: string;
  answer: string;
  score: number;
  /** The next best sections from other lessons, for "see also". */
  related: { lesson: string; section: string }[];
}

/** Multi-word spellings folded into one token before splitting (order matters: longest first). */
const PHRASES: [RegExp, string][] = [
  [/\bsyn[\s_-]*sent\b/g, ' synsent '],
  [/\bsyn[\s_-]*rec(?:v|eived?)\b/g, ' synrecv '],
  [/\btime[\s_-]*wait\b/g, ' timewait '],
  [/\bclose[\s_-]*wait\b/g, ' closewait '],
  [/\bfin[\s_-]*wait[\s_-]*[12]?\b/g, ' finwait '],
  [/\blast[\s_-]*ack\b/g, ' lastack '],
  [/\bsyn[\s_-]*ack\b/g, ' synack '],
  [/\bsyn[\s_-]*cookies?\b/g, ' syncookie '],
  [/\bsyn[\s_-]*flood(?:s|ing)?\b/g, ' synflood '],
  [/\bsyn[\s_-]*backlog\b/g, ' synbacklog '],
  [/\baccept[\s_-]*queue\b/g, ' acceptqueue '],
  [/\blisten[\s_-]*overflows?\b/g, ' listenoverflow acceptqueue '],
  [/\becn[\s_-]*echo\b/g, ' ece '],
  [/\bcongestion[\s_-]*window[\s_-]*reduced\b/g, ' cwr '],
  [/\bcongestion[\s_-]*experienced\b/g, ' ce ecn '],
  [/\bexplicit[\s_-]*congestion[\s_-]*notification\b/g, ' ecn '],
  [/\bthree[\s_-]*way\b/g, ' threeway handshake '],
  [/\b3[\s_-]*way\b/g, ' threeway handshake '],
  [/\bconnection[\s_-]*refused\b/g, ' refused rst '],
  [/\beconnrefused\b/g, ' refused rst '],
  [/\b(?:connection[\s_-]*)?reset[\s_-]*by[\s_-]*peer\b/g, ' resetbypeer rst reset '],
  [/\beconnreset\b/g, ' resetbypeer rst reset '],
  [/\btimed[\s_-]*out\b/g, ' timeout '],
  [/\betimedout\b/g, ' timeout '],
  [/\btime[\s_-]*out\b/g, ' timeout '],
  [/\bport[\s_-]*unreachable\b/g, ' portunreachable icmp '],
  [/\bs_client\b/g, ' sclient openssl '],
  [/\bself[\s_-]*signed\b/g, ' selfsigned certificate '],
  [/\bload[\s_-]*balancers?\b/g, ' loadbalancer '],
  [/\bmiddle[\s_-]*box(?:es)?\b/g, ' middlebox '],
  [/\bdeep[\s_-]*packet[\s_-]*inspection\b/g, ' dpi '],
  [/\bname[\s_-]*resolution\b/g, ' dns resolve '],
  // How learners say it when they do not use the lessons' words.
  [/\bhalf[\s_-]*open\b/g, ' halfopen synqueue '],
  [/\bsyn[\s_-]*queue\b/g, ' synqueue synbacklog '],
  [/\bshak(?:e|es|ing)[\s_-]*hands?\b/g, ' handshake '],
  [/\bsyn\s*(?:,|and|&|\/)\s*ack\b/g, ' syn ack handshake '],
  [/\b(?:open|opens|opening|establish|establishes|establishing)\s+(?:a\s+|the\s+)?(?:tcp\s+)?connections?\b/g, ' handshake connect '],
  [/\b(?:close|closes|closing|tear\s+down|terminate|terminates)\s+(?:a\s+|the\s+)?(?:tcp\s+)?connections?\b/g, ' fin close states '],
  [/\b(?:four|4)[\s_-]*way\b/g, ' fin close states '],
  [/\btim(?:ing|es)[\s_-]*out\b/g, ' timeout '],
  [/\b(?:\d+|two|three|several|few)\s+(?:minutes?|seconds?)\b/g, ' timeout '],
  [/\bhow\s+(?:is|are)\s+(?:a\s+|the\s+)?(?:tcp\s+)?connections?\s+(?:closed|terminated|torn\s+down)\b/g, ' fin close states '],
  [/\b(?:ufw|firewalld|conntrack|nftables|pf(?=\s+firewall))\b/g, ' firewall iptables '],
  [/\b(?:listening|bound)\s+on\s+(?:port\s+)?\w+/g, ' listen state table '],
  [/\bwhich\s+(?:process|program|app|application)\b/g, ' table netstat '],
];

/** Single words and their companions: a query for one also looks for the others. */
const SYNONYMS: Record<string, string[]> = {
  rst: ['reset'],
  reset: ['rst'],
  refused: ['rst', 'refuse'],
  refuse: ['refused', 'rst'],
  ece: ['ecn'],
  cwr: ['ecn'],
  ect: ['ecn'],
  ecn: ['ece', 'cwr'],
  firewall: ['iptables', 'nftables', 'filter'],
  iptables: ['firewall'],
  nftables: ['firewall'],
  nft: ['firewall', 'nftables'],
  filtered: ['drop', 'firewall'],
  drop: ['filtered', 'dropped'],
  dropped: ['drop', 'filtered'],
  reject: ['rst', 'firewall'],
  nat: ['firewall', 'masquerade'],
  hang: ['timeout', 'synsent'],
  hangs: ['timeout', 'synsent'],
  stuck: ['timeout', 'synsent'],
  slow: ['timeout', 'retransmit'],
  retransmission: ['retransmit'],
  retransmit: ['retransmission'],
  ssl: ['tls'],
  https: ['tls'],
  certificate: ['tls', 'cert'],
  cert: ['certificate', 'tls'],
  sclient: ['openssl', 'tls'],
  nxdomain: ['dns'],
  resolve: ['dns'],
  resolver: ['dns'],
  hostname: ['dns'],
  netcat: ['nc'],
  nc: ['netcat'],
  wireshark: ['tshark', 'capture'],
  tshark: ['wireshark'],
  pcap: ['capture', 'tcpdump'],
  capture: ['tcpdump', 'wireshark'],
  sniff: ['capture', 'tcpdump'],
  netstat: ['ss'],
  ss: ['netstat'],
  tracert: ['traceroute'],
  mtr: ['traceroute'],
  flood: ['synflood'],
  ddos: ['synflood'],
  backlog: ['acceptqueue', 'synbacklog'],
  somaxconn: ['acceptqueue', 'backlog'],
  listen: ['listening'],
  listening: ['listen'],
  handshake: ['threeway'],
  socket: ['state'],
  ufw: ['firewall', 'iptables'],
  firewalld: ['firewall', 'iptables'],
  conntrack: ['firewall', 'stateful'],
  stateful: ['firewall', 'stateless'],
  stateless: ['firewall', 'stateful'],
  block: ['firewall', 'filtered'],
  blocked: ['firewall', 'filtered'],
  blocking: ['firewall', 'filtered'],
  synrecv: ['synflood', 'synqueue'],
  attack: ['synflood'],
  synqueue: ['backlog', 'synflood'],
  halfopen: ['synqueue', 'synrecv'],
  linger: ['rst'],
  lsof: ['netstat', 'ss'],
};

/** English glue and question scaffolding ("what does X mean", "how does X work"): no topic in them. */
const STOP = new Set(
  `a about always an and any are as at be between but by can could difference do does doe explain first for from get gets got
  happen happens how i if in into is it its me mean meaning means my of on or see should show so tell that the their then there
  these this to use was we what when where which who why will with work works you your
  fail fails failed failing failure`.split(/\s+/),
);

/** Folds case, TCP phrases and light English suffixes; used for documents and queries alike. */
export function normalize(text: string): string[] {
  let t = ` ${text.toLowerCase()} `;
  for (const [re, rep] of PHRASES) t = t.replace(re, rep);
  return t
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w))
    .map(stem);
}

function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|ns)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** Splits lessons into sections (by `##` heading). A `<!-- topic: rst -->` line overrides the lesson's topic. */
export function lessonSections(lessons: Lesson[]): Section[] {
  const sections: Section[] = [];
  for (const lesson of lessons) {
    const bySection = new Map<string, { prose: string[]; extra: string[] }>();
    for (const cell of lesson.cells) {
      const s = bySection.get(cell.section) ?? { prose: [], extra: [] };
      bySection.set(cell.section, s);
      if (cell.kind === 'text') s.prose.push(cell.markdown);
      else if (cell.kind === 'quiz') s.extra.push(cell.question, ...cell.choices.filter((c) => c.correct).map((c) => `${c.text} ${c.why}`));
      else if (cell.kind === 'experiment') s.extra.push(cell.explain ?? '', cell.predict?.question ?? '');
    }
    let n = 0;
    for (const [heading, { prose, extra }] of bySection) {
      const md = prose.join('\n\n');
      const override = /<!--\s*topic:\s*([\w-]+)\s*-->/.exec(md)?.[1];
      const topic = override && isTopic(override) ? override : lesson.topics[0];
      // The section's own heading is its title (`heading`), not part of its answer text.
      const body = md.replace(/<!--[\s\S]*?-->\n?/g, '').replace(/^\s*#{1,6}[ \t]+.*\n+/, '');
      const text = plainMarkdown(body).trim();
      if (!text && !extra.length) continue;
      sections.push({ id: `${lesson.id}#${n++}`, lesson: lesson.id, lessonTitle: lesson.title, heading: heading || lesson.title, topic, text, extra: extra.join(' ') });
    }
  }
  return sections;
}

export interface SearchOptions {
  /** Answer only from this lesson's sections (the lesson the chat's understanding chose). */
  lesson?: string;
}

/** Builds the search index over the lessons' sections. */
export function buildIndex(lessons: Lesson[]): { search(question: string, opts?: SearchOptions): Answer | undefined; sections: Section[]; lessonIds: Set<string> } {
  const sections = lessonSections(lessons);
  const index = new MiniSearch<Section>({
    fields: ['heading', 'lessonTitle', 'text', 'extra'],
    storeFields: ['lesson', 'heading', 'topic', 'text'],
    tokenize: (text) => normalize(text),
    processTerm: (term) => term,
    searchOptions: {
      boost: { heading: 2, lessonTitle: 1, text: 1, extra: 0.7 },
      fuzzy: (term) => (term.length > 5 ? 0.2 : false),
      prefix: (term) => term.length > 4,
      tokenize: (text) => normalize(text),
      processTerm: (term) => {
        const more = SYNONYMS[term];
        return more ? [term, ...more] : term;
      },
    },
  });
  // A synonym counts, but less than the word the learner actually typed.
  const search = (question: string, lesson?: string) => {
    const typed = new Set(normalize(question));
    return index.search(question, { boostTerm: (term) => (typed.has(term) ? 1 : 0.35), ...(lesson ? { filter: (r) => r.lesson === lesson } : {}) });
  };
  index.addAll(sections);
  return {
    sections,
    lessonIds: new Set(lessons.map((l) => l.id)),
    search(question: string, opts: SearchOptions = {}): Answer | undefined {
      const hits = search(question, opts.lesson);
      const byId = (id: string) => sections.find((s) => s.id === id)!;
      // "See also": the best sections of other lessons, from the search over every lesson.
      const seeAlso = (lesson: string, floor: number) => {
        const related: Answer['related'] = [];
        for (const hit of opts.lesson ? search(question) : hits.slice(1)) {
          const s = byId(hit.id);
          if (hit.score < floor) break;
          if (s.lesson === lesson || related.some((r) => r.lesson === s.lesson)) continue;
          related.push({ lesson: s.lesson, section: s.heading });
          if (related.length === 2) break;
        }
        return related;
      };
      if (!hits[0] && opts.lesson) {
        // The lesson covers the subject even when none of its sections shares a word: its opening.
        const first = sections.find((s) => s.lesson === opts.lesson && s.text);
        return first ? { topic: first.topic, lesson: first.lesson, section: first.heading, answer: first.text, score: 0, related: [] } : undefined;
      }
      const best = hits[0];
      if (!best) return undefined;
      const section = byId(best.id);
      return { topic: section.topic, lesson: section.lesson, section: section.heading, answer: section.text, score: best.score, related: seeAlso(section.lesson, best.score * 0.1) };
    },
  };
}
