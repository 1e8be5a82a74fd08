export default `tcpsleuth diagrams: draw the guide's decision machine

Usage
  tcpsleuth diagrams [--out DIR] [--render | --check]

Writes Mermaid sources generated from the guide's state machine (src/guide/machine.ts), so the
pictures cannot drift from the code:
  guide.mmd            intake → dns → connect → ping → observe → tls → one branch per verdict
  guide-branches.mmd   each verdict's follow-up checks (scan, traceroute, capture, sockets, tls)

Options
  --out, -o DIR   the folder to write to (default: ./diagrams)
  --render        also render every .mmd in the folder to .svg with mermaid-cli (mmdc) and
                  Chromium (PUPPETEER_EXECUTABLE_PATH, default /usr/bin/chromium; no sandbox as root)
  --check         write nothing; exit 1 when the .mmd files differ from the machine

Examples
  tcpsleuth diagrams --render
  tcpsleuth diagrams --check
`;
