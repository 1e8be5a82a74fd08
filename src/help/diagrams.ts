export default `tcpsleuth diagrams: draw the troubleshooting tree, the guide's machine and the lessons' diagrams

Usage
  tcpsleuth diagrams [--out DIR] [--render | --check]

Writes Mermaid sources generated from the guide's state machine (src/guide/machine.ts), so the
pictures cannot drift from the code:
  guide.mmd            intake → dns → connect → ping → observe → tls → one branch per verdict
  troubleshooting.mmd  the tree as a person reads it: a question at each step ("Is the SYN
                       answered?"), the verdicts as leaves, the follow-up checks each offers
  guide-branches.mmd   each verdict's follow-up checks (scan, traceroute, capture, sockets, tls)
  lessons/ID-N.mmd     the Nth diagram of each lesson (lessons/ID.md), for learn --html and reports

Options
  --out, -o DIR   the folder to write to (default: ./diagrams)
  --render        also render each to .svg with mermaid-cli (mmdc) and Chromium
                  (PUPPETEER_EXECUTABLE_PATH, default /usr/bin/chromium; no sandbox as root), in
                  the font Mermaid is configured with (DejaVu Sans: apt-get install fonts-dejavu-core)
  --check         write nothing; exit 1 when any source differs from the machine or the lessons,
                  or any SVG was not rendered from today's source

Examples
  tcpsleuth diagrams --render
  tcpsleuth diagrams --check
`;
