import type { CommandHelp } from './definition.js';

const diagrams: CommandHelp = {
  name: 'diagrams',
  title: "draw the troubleshooting tree, the lessons' diagrams and the guide's machine",
  summary: 'the troubleshooting tree and lesson diagrams (Mermaid, SVG)',
  usage: '  tcpsleuth diagrams [--out DIR] [--render | --check | --list]',
  blocks: [
    {
      text: `Writes Mermaid sources generated from the guide's state machine (src/guide/machine.ts) and the
lessons, so the pictures cannot drift from the code:
  troubleshooting.mmd      start here: the tree as a person reads it, a question at each step
                           ("Is the SYN answered?"), each branch labelled with the error you see
                           ("Connection refused" ECONNREFUSED, "Connection timed out" ETIMEDOUT,
                           "No route to host" EHOSTUNREACH), the verdicts as leaves and the
                           follow-up checks each offers
  lessons/ID-N.mmd         the Nth diagram of each lesson (lessons/ID.md), for learn --html
  dev/guide.mmd            for developers: the machine's states and events (intake → dns →
                           connect → ping → observe → tls → one branch per verdict)
  dev/guide-branches.mmd   for developers: each verdict's follow-up checks`,
    },
    {
      title: 'Options',
      options: [
        { flags: ['-o', '--out'], arg: 'DIR', text: 'the folder to write to (default: ./diagrams)' },
        {
          flags: ['--render'],
          text: 'also render each to .svg with mermaid-cli (mmdc) and Chromium (PUPPETEER_EXECUTABLE_PATH, default /usr/bin/chromium; no sandbox as root), in the font Mermaid is configured with (DejaVu Sans: apt-get install fonts-dejavu-core)',
        },
        {
          flags: ['--check'],
          text: "write nothing; exit 1 when any source differs from the machine or the lessons, or any SVG was not rendered from today's source",
        },
        { flags: ['--list'], text: 'write nothing; name each diagram and say what it shows' },
      ],
    },
  ],
  examples: ['{{self}} diagrams --list', '{{self}} diagrams --render', '{{self}} diagrams --check'],
};

export default diagrams;
