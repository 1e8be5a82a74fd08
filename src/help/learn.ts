export default `tcpsleuth learn: lessons with live experiments, quizzes and saved progress

Usage
  tcpsleuth learn                  the lesson list (in a terminal: the notebook)
  tcpsleuth learn ID               one lesson, cell by cell (piped: the lesson as plain text)
  tcpsleuth learn --list [--json]  every lesson with its topics, minutes and cells
  tcpsleuth learn ID --run         run the lesson's experiments: the real check against the lab's
                                   loopback scenarios (127.0.0.1, no root), kernel states alongside;
                                   ECN, DNS and SYN flood ones build network namespaces (root: sudo),
                                   and are skipped, saying so, without it
  tcpsleuth learn ID --markdown    the lesson as Markdown
  tcpsleuth learn ID --html        the lesson as one self-contained HTML page for trainers to
                                   hand out (diagrams inline, quiz answers at the end):
                                   tcpsleuth learn rst --html > rst.html
  tcpsleuth learn --reset [ID]     forget saved progress (all, or one lesson); asks first
  tcpsleuth learn --progress       your record: lessons, quiz answers, experiments, drills
                                   (--json, or --csv: one row per item, a learner column first,
                                   so a trainer can concatenate a team's files)
  tcpsleuth learn --path helpdesk  a suggested path for a new helpdesk engineer: lessons in
                                   order, then drills level by level, with what is done so far

Options
  --json       JSON for scripts: --list gives [{ id, title, topics, minutes, cells }],
               --run gives { experiments: [{ id, ok, expected, observed, summary, findings,
               kernel: [{ side, atMs, state, retransmits }] }] } (kernel: Linux /proc/net/tcp)
  --yes, -y    with --reset: do not ask (needed when not in a terminal)

In the notebook: ↓/Enter next cell, ↑ previous, 1-4 answer a quiz or make a prediction,
r run an experiment, Esc back to the list, q quit.

Progress is saved in $XDG_STATE_HOME/tcpsleuth/progress.json (default ~/.local/state/tcpsleuth);
set TCPSLEUTH_STATE_DIR to use another folder.

Exit codes: 0 ok (for --run: every experiment matched), 1 an experiment did not match, 2 bad usage.
`;
