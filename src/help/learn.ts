import { selfCommandLine } from '../self-command.js';

// Commands in the help run as printed: `npx tcpsleuth`, `node dist/cli.js` or `tcpsleuth`.
const me = selfCommandLine([]);
const COL = 33;

/** A usage row: the command, then its description in a column (under it when the command is long). */
function row(command: string, ...description: string[]): string {
  const indent = `  ${' '.repeat(COL)}`;
  const head = command.length < COL - 1 ? `  ${command.padEnd(COL)}${description[0]}` : `  ${command}\n${indent}${description[0]}`;
  return [head, ...description.slice(1).map((d) => indent + d)].join('\n');
}

export default `${me} learn: lessons with live experiments, quizzes and saved progress

Usage
${row(`${me} learn`, 'the lesson list (in a terminal: the notebook)')}
${row(`${me} learn ID`, 'one lesson, cell by cell (piped: the lesson as plain text,', "prose reflowed to the terminal's width, code kept as is)")}
${row(`${me} learn --list [--json]`, 'every lesson with its topics, minutes and cells')}
${row(
  `${me} learn ID --run`,
  "run the lesson's experiments for real: checks against the lab's",
  'loopback faults and probes on 127.0.0.1 (no root: TIME_WAIT,',
  'Nagle, zero window, keepalive, a dead backend); the ECN, DNS,',
  'SYN flood, SYN loss, dead peer and lossy ones build network',
  'namespaces (root: sudo), and without it are skipped, saying so',
  'and what a run showed',
)}
${row(`${me} learn ID --markdown`, "the lesson as Markdown (this machine's kernel timings filled in)")}
${row(
  `${me} learn ID --html`,
  'the lesson as one self-contained HTML page for trainers to',
  'hand out (diagrams inline, quiz answers at the end):',
  `${me} learn rst --html > rst.html`,
)}
${row(`${me} learn --reset [ID]`, 'forget saved progress (all, or one lesson); asks first')}
${row(
  `${me} learn --progress`,
  'your record: lessons, quiz answers, experiments, drills',
  '(--json, or --csv: one row per item, a learner column first,',
  "so a trainer can concatenate a team's files)",
)}
${row(`${me} learn --path helpdesk`, 'a suggested path for a new helpdesk engineer: lessons in', 'order, then drills level by level, with what is done so far')}

Lessons
  handshake, socket-states, rst, timeouts, firewalls, ecn, syn-floods, toolkit, tls, dns, pmtu;
  "connects, but…": intermittent, keepalive, retransmission, flow-control, nagle, slow-transfers,
  time-wait

Options
  --json       JSON for scripts: --list gives [{ id, title, topics, minutes, cells }],
               --run gives { experiments: [{ id, ok, expected, observed, summary, findings,
               kernel: [{ side, atMs, state, retransmits }], measured, data, skipped }] }
               (kernel: Linux /proc/net/tcp; measured and data: what a probe measured)
  --yes, -y    with --reset: do not ask (needed when not in a terminal)

In the notebook: ↓/Enter next cell, ↑ previous, 1-4 answer a quiz or make a prediction,
r run an experiment (after the prediction), Esc back to the list, q quit.

Progress is saved in $XDG_STATE_HOME/tcpsleuth/progress.json (default ~/.local/state/tcpsleuth);
set TCPSLEUTH_STATE_DIR to use another folder. A progress file that is not one (unreadable, or
of another shape) is set aside as progress.json.bad-<time>, and you are told.

Exit codes: 0 ok (for --run: every experiment matched or was skipped), 1 an experiment did not
match, 2 bad usage.
`;
