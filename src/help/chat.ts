import type { CommandHelp } from './definition.js';

const chat: CommandHelp = {
  name: 'chat',
  title: 'one box that takes a target, a pasted error or a question',
  summary: 'the chat: type a target, paste an error, ask; in a pipe one reply per line (for scripts and bots)',
  usage: `  tcpsleuth chat                      the chat screen (in a terminal)
  tcpsleuth                           the same
  COMMANDS | tcpsleuth chat           one message per line, one reply per message, in order
  COMMANDS | tcpsleuth chat --json    one JSON object per reply, one per line`,
  blocks: [
    {
      title: 'Options',
      options: [
        { flags: ['--json'], text: 'one JSON object per reply (pipe mode)' },
        { flags: ['--plain'], text: 'plain text even in a terminal' },
        {
          flags: ['--no-auto-check'],
          text: 'never send packets unasked: every check, scan and capture is offered first and runs on "yes" (also: TCPSLEUTH_CHAT_AUTO_CHECK=0)',
        },
        {
          flags: ['--report-dir'],
          arg: 'DIR',
          text: 'where /report NAME writes (also: TCPSLEUTH_REPORT_DIR); default: the working folder. /report takes a bare file name (.md or .html), never a path',
        },
      ],
    },
    {
      title: 'When it acts, and when it asks',
      text: `  Every message gets an intent (target, pasted error, question, follow-up, command, greeting,
  thanks, off-topic) and a confidence. Packets go out unasked only for a message that is a
  target (db:5432, a URL, "can't reach db on 5432") or a pasted client command line (nc, curl,
  psql...). A pasted error is explained and its target's check offered; an error from above TCP
  (a failed login, HTTP 401/403/5xx, an SQL error) is explained as "the connection worked; this
  is the application saying no". A target inside longer prose is offered, not checked. Below the
  confidence threshold the chat says what it did not understand and offers the closest things.`,
    },
    {
      title: 'What it understands',
      text: `  targets         db:5432 · db 5432 · db port 5432 · [::1]:80 · postgres://db/app · https://site
                  "is localhost:3000 up?" · "can't reach 10.0.0.5 on 443"
  command lines   telnet db 5432 · nc -vz db 5432 · curl https://site/x · psql -h db -p 5433
                  openssl s_client -connect db:443 · ssh -p 2222 user@host · mysql -h db -P 3307
  pasted errors   anything explain reads (curl, psql, Java, Go, Python, browsers...); "yes"
                  or an empty line then checks the target it names
  questions       why does my socket sit in SYN_SENT? · does refused mean a firewall?
  follow-ups      scan it · scan ports 1-1024 · why? · is it the firewall? · again · try TLS
                  trace the route · capture it · save a report · stop · what about port 8080
                  (the last host) · same thing on db2 (the last port) · ok but why? · nope
  over time       it works sometimes (20 checks in 10 s, like tcpsleuth watch) · it keeps
                  dropping after a while (the check, then a connection held idle up to 90 s,
                  like check --hold) · it is slow (a capture)
  learning        teach me about ECN · quiz me · show me a SYN being dropped
  drills          give me a drill · a harder drill · /drill 1|2|3, then: check it · hint ·
                  "it's filtered, a firewall on the server drops the SYN, ask the network team"
                  (or: answer filtered 8 network) · stop the drill
  server side     is anything listening on 5432 here? · /server 5432 · after filtered or
                  reset: check from the server side too (then ssh://user@host)
  commands        /help /learn /lab /scan /capture /report /drill /server /clear /quit`,
    },
    {
      title: 'Pipe mode (scripts, Slack or Teams bots; behind a team chat use --no-auto-check)',
      text: `  A line that is a JSON string literal is decoded first, so a multi-line paste is one line:
    "java.net.ConnectException: Connection refused\\n\\tat ..."
  The thread is kept across lines: "scan it" on line 2 scans line 1's host. An empty line is
  Enter (it runs the check on offer). Exit 0 at the end of input. A drill the chat started is
  stopped at the end of input (one last quit reply says so) or on /quit: no fault is left up.
  --json replies carry kind and the fields of the matching command's --json:
    check (target, verdict, findings, steps, lessons...) · explain (class, host, port...) ·
    answer (topic, lesson, section, answer) · scan (host, address, ports...) · why (verdict,
    explanation, evidence) · firewall · lesson · quiz · lab · report · help · unknown · prompt ·
    error · stopped · drill (start: id, ticket, target, investigate, causes, asks) ·
    drill-result (verdict, cause, ask: { correct, expected }, score, evidence, lesson) ·
    server (port, host, ok, findings, lessons, facts) · smalltalk (intent, text)`,
    },
  ],
  examples: [
    "printf '%s\\n' 127.0.0.1:5432 'scan ports 5430-5435' 'why?' | {{self}} chat",
    "printf '%s\\n' '\"curl: (7) Failed to connect to db port 5432\\nConnection refused\"' yes | {{self}} chat --json",
    "printf '%s\\n' db.internal:5432 yes | TCPSLEUTH_CHAT_AUTO_CHECK=0 {{self}} chat --json",
  ],
};

export default chat;
