import type { CommandHelp } from './definition.js';

const drill: CommandHelp = {
  name: 'drill',
  title: 'practise on a hidden fault, like a ticket on a real helpdesk',
  summary: 'practise: a hidden fault, a ticket, your answer graded',
  usage: `  tcpsleuth drill [start] [--level 1|2|3]   set up a fault you cannot see and hand over a ticket
  tcpsleuth drill start --scenario ID       a trainer's choice of fault (a lab scenario id)
  tcpsleuth drill status [ID]               the running drills: ticket, target, time, hints
  tcpsleuth drill hint ID                   the next hint (each costs 10 points)
  tcpsleuth drill answer ID --verdict V [--cause N] [--ask WHO]
                                            graded at once: each part right or wrong, the
                                            evidence that tells it, the lesson, the time taken
  tcpsleuth drill stop [ID]                 end a drill (all of them without ID); the fault is
                                            removed`,
  blocks: [
    {
      title: 'How it goes',
      text: `  1. A fault from the lab is set up at random among those this machine can run (loopback ones for
     anyone; namespace ones, with a client ── router ── server, as root). It stays up until you
     answer, stop, or press Ctrl-C in the drill's terminal; closing the terminal keeps it
     ({{self}} drill status finds it again).
  2. Investigate with anything: {{self}} check, scan, sockets, check --capture, the chat,
     another terminal. The ticket names the target and the command that checks it from where the
     user stands (inside the lab's client namespace for namespace drills).
  3. Answer three things: the verdict (what check would say), the cause (from one list, the same
     for every drill), and who to ask: service-owner, network-team or security-team.
     Points: verdict 40, cause 40, who to ask 20; each hint −10.`,
    },
    {
      title: 'Levels',
      text: `  1  the application end: nothing listens, localhost only, the app resets or closes
  2  firewalls, routes, queues: drops, rejects, no route, a full accept queue, a CLOSE_WAIT leak
  3  the subtle ones: lost SYN-ACKs, SYN floods, forged RSTs, TLS resets, ECN blackholes
  No --level: any level this machine can run.`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['-l', '--level'], arg: 'N', text: '1, 2 or 3' },
        { flags: ['--scenario'], arg: 'ID', text: "a trainer's choice of fault (a lab scenario id: {{self}} lab list) instead of a random one" },
        {
          flags: ['--json'],
          text: 'for scripts: start prints { id, ticket, target, investigate, causes, asks, level }; answer prints { verdict: { given, correct, expected }, cause: {…}, ask: {…}, score, maxScore, hintsTaken, tells, evidence, lesson, durationMs, allCorrect }',
        },
        { flags: ['--verdict'], arg: 'V', text: 'with answer: the verdict (open, refused, filtered, reset, closed, unreachable, dns-error, tls-error)' },
        { flags: ['--cause'], arg: 'N|ID', text: 'with answer: the cause, by its number in the list, its id or its exact words' },
        { flags: ['--ask'], arg: 'WHO', text: 'with answer: service-owner, network-team or security-team (service, network, security for short)' },
      ],
    },
    {
      text: `Scores go to your progress record: {{self}} learn --progress (--json, --csv for a trainer).

Exit codes: 0 ok (answer: every part right), 1 an answer part was wrong or the fault could not be
set up, 2 bad usage (an unknown id, a verdict or cause it cannot read: the drill stays up).`,
    },
  ],
  examples: [
    '{{self}} drill --level 1',
    'sudo {{self}} drill start --scenario drop',
    '{{self}} drill answer ID --verdict filtered --cause 8 --ask network-team',
    '{{self}} learn --progress --csv > progress.csv',
  ],
};

export default drill;
