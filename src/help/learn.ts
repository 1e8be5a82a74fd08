import type { CommandHelp } from './definition.js';

const learn: CommandHelp = {
  name: 'learn',
  title: 'lessons with live experiments, quizzes and saved progress',
  summary: 'lessons with live experiments and quizzes',
  usage: `  tcpsleuth learn                  the lesson list (in a terminal: the notebook)
  tcpsleuth learn ID               one lesson, cell by cell (piped: the lesson as plain text,
                                   prose reflowed to the terminal's width, code kept as is)
  tcpsleuth learn --list [--json]  every lesson with its topics, minutes and cells
  tcpsleuth learn ID --run         run the lesson's experiments for real
  tcpsleuth learn ID --markdown    the lesson as Markdown
  tcpsleuth learn ID --html        the lesson as one self-contained HTML page
  tcpsleuth learn --reset [ID]     forget saved progress (all, or one lesson); asks first
  tcpsleuth learn --progress       your record: lessons, quiz answers, experiments, drills
  tcpsleuth learn --path helpdesk  a suggested path for a new helpdesk engineer`,
  blocks: [
    {
      title: 'Lessons',
      text: `  handshake, socket-states, rst, timeouts, firewalls, ecn, syn-floods, toolkit, tls, dns, pmtu;
  "connects, but…": intermittent, keepalive, retransmission, flow-control, nagle, slow-transfers,
  time-wait`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['--list'], text: 'every lesson with its topics, minutes and cells' },
        {
          flags: ['--run'],
          text: "with ID: run the lesson's experiments for real: checks against the lab's loopback faults and probes on 127.0.0.1 (no root: TIME_WAIT, Nagle, zero window, keepalive, a dead backend); the ECN, DNS, SYN flood, SYN loss, dead peer and lossy ones build network namespaces (root: sudo), and without it are skipped, saying so and what a run showed",
        },
        { flags: ['--markdown'], text: "with ID: the lesson as Markdown (this machine's kernel timings filled in)" },
        {
          flags: ['--html'],
          text: 'with ID: the lesson as one self-contained HTML page for trainers to hand out (diagrams inline, quiz answers at the end): {{self}} learn rst --html > rst.html',
        },
        { flags: ['--reset'], text: 'forget saved progress (all, or the lesson ID); asks first' },
        { flags: ['-y', '--yes'], text: 'with --reset: do not ask (needed when not in a terminal)' },
        { flags: ['--progress'], text: 'your record: lessons, quiz answers, experiments, drills' },
        {
          flags: ['--csv'],
          text: "with --progress: one row per item, a learner column first, so a trainer can concatenate a team's files",
        },
        {
          flags: ['--path'],
          arg: 'NAME',
          text: 'a suggested path (helpdesk: for a new helpdesk engineer): lessons in order, then drills level by level, with what is done so far',
        },
        {
          flags: ['--json'],
          text: 'JSON for scripts: --list gives [{ id, title, topics, minutes, cells }], --run gives { experiments: [{ id, ok, expected, observed, summary, findings, kernel: [{ side, atMs, state, retransmits }], measured, data, skipped }] } (kernel: Linux /proc/net/tcp; measured and data: what a probe measured); --progress gives the record',
        },
      ],
    },
    {
      text: `In the notebook: ↓/Enter next cell, ↑ previous, 1-4 answer a quiz or make a prediction,
r run an experiment (after the prediction), Esc back to the list, q quit.

Progress is saved in $XDG_STATE_HOME/tcpsleuth/progress.json (default ~/.local/state/tcpsleuth);
set TCPSLEUTH_STATE_DIR to use another folder. A progress file that is not one (unreadable, or
of another shape) is set aside as progress.json.bad-<time>, and you are told.

Exit codes: 0 ok (for --run: every experiment matched or was skipped), 1 an experiment did not
match, 2 bad usage.`,
    },
  ],
  examples: ['{{self}} learn handshake', '{{self}} learn time-wait --run', '{{self}} learn rst --html > rst.html', '{{self}} learn --progress --csv'],
};

export default learn;
