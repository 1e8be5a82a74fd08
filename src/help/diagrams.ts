export default `tcpsleuth diagrams: draw the troubleshooting tree, the lessons' diagrams and the guide's machine

Usage
  tcpsleuth diagrams [--out DIR] [--render | --check | --list]

Writes Mermaid sources generated from the guide's state machine (src/guide/machine.ts) and the
lessons, so the pictures cannot drift from the code:
  troubleshooting.mmd      start here: the tree as a person reads it, a question at each step
                           ("Is the SYN answered?"), each branch labelled with the error you see
                           ("Connection refused" ECONNREFUSED, "Connection timed out" ETIMEDOUT,
                           "No route to host" EHOSTUNREACH), the verdicts as leaves and the
                           follow-up checks each offers
  lessons/ID-N.mmd         the Nth diagram of each lesson (lessons/ID.md), for learn --html
  dev/guide.mmd            for developers: the machine's states and events (intake → dns →
                           connect → ping → observe → tls → one branch per verdict)
  dev/guide-branches.mmd   for developers: each verdict's follow-up checks

Options
  --out, -o DIR   the folder to write to (default: ./diagrams)
  --render        also render each to .svg with mermaid-cli (mmdc) and Chromium
                  (PUPPETEER_EXECUTABLE_PATH, default /usr/bin/chromium; no sandbox as root), in
                  the font Mermaid is configured with (DejaVu Sans: apt-get install fonts-dejavu-core)
  --check         write nothing; exit 1 when any source differs from the machine or the lessons,
                  or any SVG was not rendered from today's source
  --list          write nothing; name each diagram and say what it shows

Examples
  tcpsleuth diagrams --list
  tcpsleuth diagrams --render
  tcpsleuth diagrams --check
`;
