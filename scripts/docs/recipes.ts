/**
 * The one table of transcript recipes: each transcript in README.md and docs/*.md is the output
 * of one recipe, run for real by `npm run docs:transcripts` and compared by test/docs/transcripts.
 * A recipe starts its own loopback listeners (`{name}` in a line is its port) and runs shell lines
 * as a user types them. `tested: false` marks the slow ones and those that need root: the script
 * regenerates them, the test leaves them out.
 */

/** A loopback listener: accepts and waits, accepts then resets, accepts then closes, greets, or a port nothing listens on. */
export type ListenerKind = 'open' | 'reset' | 'closed' | 'banner' | 'refused';

export interface Step {
  /** The shell line, shown as typed (after `$ `). */
  sh: string;
  /** Run it, but do not show it (setup). */
  hidden?: boolean;
  /** Values to read from the output for later lines: `{name}`. */
  capture?: { name: string; pattern: RegExp }[];
}

export interface Recipe {
  id: string;
  /** What the transcript shows (the table in docs/contributing.md). */
  what: string;
  listeners?: Record<string, ListenerKind>;
  steps: Step[];
  /** Run in the project folder (to read its files) instead of an empty temp folder. */
  inProject?: boolean;
  /** Needs root (namespaces, capture): regenerated only as root. */
  root?: boolean;
  /** Compared by the test on every run (fast, loopback, no root). */
  tested: boolean;
  /** A shell line run at the end whatever happened (e.g. stop a drill). */
  cleanup?: string;
  /** Parts of the output that honestly differ between runs beyond the usual (normalise.ts). */
  vary?: RegExp[];
  /** Lines come in the order things finish: compared as a set of lines. */
  anyOrder?: boolean;
}

const line = (sh: string): Step => ({ sh });

export const RECIPES: Recipe[] = [
  {
    id: 'chat-short',
    what: 'the chat in a pipe: a pasted error, then a question (nothing sent)',
    steps: [line(`printf '%s\\n' 'curl: (7) Failed to connect to db.internal port 5432 after 3 ms: Connection refused' 'does refused mean a firewall?' | npx tcpsleuth chat`)],
    tested: true,
  },
  {
    id: 'chat-tour',
    what: 'the chat in a pipe: a target named in a sentence, then "why?"',
    listeners: { db: 'refused' },
    steps: [line(`printf '%s\\n' "can't reach 127.0.0.1 on port {db}" 'why?' | npx tcpsleuth chat`)],
    tested: true,
  },
  {
    id: 'chat-conversation',
    what: 'a longer chat: small talk, a check, a follow-up, a pasted error from above TCP',
    listeners: { db: 'refused', web: 'open' },
    steps: [
      line(
        `printf '%s\\n' hi 127.0.0.1:{db} 'what about port {web}?' 'psql: error: connection to server at "127.0.0.1", port {web} failed: FATAL:  password authentication failed for user "app"' nope 'thanks!' | npx tcpsleuth chat`,
      ),
    ],
    tested: true,
  },
  {
    id: 'check-refused',
    what: 'check a port nothing listens on',
    listeners: { db: 'refused' },
    steps: [line('npx tcpsleuth check 127.0.0.1:{db}')],
    tested: true,
  },
  {
    id: 'check-open',
    what: 'check a name: DNS, then the open port',
    listeners: { web: 'open' },
    steps: [line('npx tcpsleuth check localhost:{web}')],
    tested: true,
  },
  {
    id: 'check-reset',
    what: 'check a server that accepts, then resets',
    listeners: { api: 'reset' },
    steps: [line('npx tcpsleuth check 127.0.0.1:{api} --no-ping')],
    tested: true,
  },
  {
    id: 'check-json',
    what: 'check --json, a few fields through jq',
    listeners: { api: 'reset' },
    steps: [line(`npx tcpsleuth check 127.0.0.1:{api} --no-ping --json | jq '{verdict, findings, lessons, cause: .story.cause.text, ask: .story.whomToAsk}'`)],
    tested: true,
  },
  {
    id: 'check-many',
    what: 'many targets from a file',
    listeners: { web: 'open', db: 'refused', api: 'reset' },
    steps: [line(`printf '%s\\n' 127.0.0.1:{web} 127.0.0.1:{db} 127.0.0.1:{api} > targets.txt`), line('npx tcpsleuth check -f targets.txt --no-ping')],
    anyOrder: true,
    tested: true,
  },
  {
    id: 'check-hold',
    what: 'check --hold: connections held idle, then probed',
    listeners: { db: 'open' },
    steps: [line('npx tcpsleuth check 127.0.0.1:{db} --no-ping --hold 4s')],
    tested: true,
  },
  {
    id: 'check-from',
    what: 'check --from: here, and a vantage point ssh cannot reach',
    listeners: { db: 'open', ssh: 'refused' },
    steps: [line('npx tcpsleuth check 127.0.0.1:{db} --no-ping --from local --from ssh://admin@127.0.0.1:{ssh}')],
    anyOrder: true,
    tested: true,
  },
  {
    id: 'check-server',
    what: 'check --server when ssh to the server fails: the server steps say why',
    listeners: { db: 'refused', ssh: 'refused' },
    steps: [line('npx tcpsleuth check 127.0.0.1:{db} --no-ping --server ssh://admin@127.0.0.1:{ssh}')],
    vary: [/captured \d+ packets/],
    root: true,
    tested: true,
  },
  {
    id: 'check-report',
    what: 'check --report: the Markdown report',
    listeners: { api: 'reset' },
    steps: [line('npx tcpsleuth check 127.0.0.1:{api} --no-ping --report reset.md'), line('head -n 24 reset.md')],
    tested: true,
  },
  {
    id: 'check-capture',
    what: 'check --capture as root: the packets confirm who sent the RST',
    listeners: { api: 'reset' },
    steps: [line('sudo npx tcpsleuth check 127.0.0.1:{api} --no-ping --capture')],
    root: true,
    tested: false,
  },
  {
    id: 'watch-open',
    what: 'watch: five connections, ten a second',
    listeners: { web: 'open' },
    steps: [line('npx tcpsleuth watch 127.0.0.1:{web} --count 5 --rate 10')],
    tested: true,
  },
  {
    id: 'watch-refused-json',
    what: 'watch --json on a port nothing listens on',
    listeners: { db: 'refused' },
    steps: [line(`npx tcpsleuth watch 127.0.0.1:{db} --count 3 --rate 10 --json | jq -c '{attempts, byVerdict, findings}'`)],
    tested: true,
  },
  {
    id: 'server-open',
    what: 'the server-side checklist for a port that listens',
    listeners: { web: 'open' },
    steps: [line('npx tcpsleuth server {web}')],
    vary: [/\d+ TIME_WAIT on the host/, /ListenOverflows .*/, /ephemeral ports .*/],
    root: true,
    tested: true,
  },
  {
    id: 'server-refused',
    what: 'the server-side checklist for a port nothing listens on',
    listeners: { db: 'refused' },
    steps: [line('npx tcpsleuth server {db}')],
    vary: [/\d+ TIME_WAIT on the host/, /ListenOverflows .*/, /ephemeral ports .*/],
    root: true,
    tested: true,
  },
  {
    id: 'scan',
    what: 'scan three ports',
    listeners: { web: 'open', db: 'refused', api: 'reset' },
    steps: [line('npx tcpsleuth scan 127.0.0.1 -p {web},{db},{api} --plain')],
    // A random port may have a name in nmap-services (the SERVICE column).
    vary: [/(?<=\d ms) +[\w.-]+$/m],
    anyOrder: true,
    tested: true,
  },
  {
    id: 'sockets',
    what: 'the socket table for one port',
    listeners: { web: 'open' },
    steps: [line('npx tcpsleuth sockets --port {web} --listening')],
    tested: true,
  },
  {
    id: 'analyze',
    what: 'analyze a capture',
    steps: [line('npx tcpsleuth analyze test/fixtures/pcap/lo-ethernet-usec.pcap')],
    inProject: true,
    tested: true,
  },
  {
    id: 'analyze-conversation',
    what: 'analyze one conversation as a sequence diagram',
    steps: [line('npx tcpsleuth analyze test/fixtures/pcap/lo-ethernet-usec.pcap --conversation 1')],
    inProject: true,
    tested: true,
  },
  {
    id: 'explain',
    what: 'explain a pasted curl error',
    steps: [line(`npx tcpsleuth explain "curl: (7) Failed to connect to db.internal port 5432 after 3 ms: Connection refused"`)],
    tested: true,
  },
  {
    id: 'ask',
    what: 'ask a question',
    steps: [line(`npx tcpsleuth ask "why is my socket stuck in SYN_SENT?"`)],
    tested: true,
  },
  {
    id: 'learn-list',
    what: 'the lessons',
    steps: [line('npx tcpsleuth learn --list')],
    tested: true,
  },
  {
    id: 'learn-lesson',
    what: 'the start of a lesson, piped',
    steps: [line('npx tcpsleuth learn handshake | head -n 24')],
    tested: true,
  },
  {
    id: 'learn-run',
    what: "a lesson's experiment, run for real",
    steps: [line('npx tcpsleuth learn time-wait --run')],
    tested: true,
  },
  {
    id: 'drill',
    what: "a drill from the trainer's choice of fault, investigated, answered, and the record as CSV",
    steps: [
      {
        sh: 'npx tcpsleuth drill start --scenario localhost-only | head -n 12',
        capture: [
          { name: 'id', pattern: /Drill ([0-9a-f]{6})/ },
          { name: 'target', pattern: /from where the user stands:\s+npx tcpsleuth check (\S+)/ },
        ],
      },
      line('npx tcpsleuth check {target} --no-ping | tail -n 9'),
      line('npx tcpsleuth drill answer {id} --verdict refused --cause 2 --ask service-owner'),
      line('npx tcpsleuth learn --progress --csv'),
    ],
    // The learner's user name, and the drill's seconds.
    vary: [/^[^,\n]+(?=,drill,)/m, /(?<=,\d+,\d+,)\d+(?=,\d+,\d{4}-)/],
    cleanup: 'npx tcpsleuth drill stop',
    tested: true,
  },
  {
    id: 'lab-list',
    what: 'the lab scenarios',
    steps: [line('npx tcpsleuth lab list')],
    tested: true,
  },
  {
    id: 'lab-run',
    what: 'a loopback lab scenario, checked',
    steps: [line('npx tcpsleuth lab run localhost-only')],
    tested: true,
  },
  {
    id: 'lab-run-ns',
    what: 'a namespace lab scenario as root',
    steps: [line('sudo npx tcpsleuth lab run drop')],
    root: true,
    tested: false,
  },
  {
    id: 'bot-json',
    what: 'the chat as a bot: JSON lines, nothing sent until "yes"',
    listeners: { db: 'refused' },
    steps: [
      line(
        `printf '%s\\n' 'is 127.0.0.1:{db} up?' yes 'why?' | TCPSLEUTH_CHAT_AUTO_CHECK=0 npx tcpsleuth chat --json | jq -c '{kind, need, verdict, text: (.text // .explanation // .meaning)}'`,
      ),
    ],
    tested: true,
  },
  {
    id: 'safety-inputs',
    what: 'files and arguments that are refused before any packet',
    steps: [
      line('npx tcpsleuth check -f /dev/zero'),
      line('npx tcpsleuth check -f .'),
      line(`npx tcpsleuth check "$(printf 'db\\033]0;owned\\007'):5432"`),
      line('npx tcpsleuth check 127.0.0.1:5432 --report /proc/x.md'),
    ],
    tested: true,
  },
];

/** A recipe by its id. */
export function recipeOf(id: string): Recipe | undefined {
  return RECIPES.find((r) => r.id === id);
}
