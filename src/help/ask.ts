export default `tcpsleuth ask: answer a TCP question from the lessons

Usage
  tcpsleuth ask "QUESTION"          the most relevant lesson section, as plain text
  tcpsleuth ask --json "QUESTION"   { topic, lesson, section, answer }

Examples
  tcpsleuth ask "why is my socket stuck in SYN_SENT?"
  tcpsleuth ask "does connection refused mean a firewall?"
  tcpsleuth ask --json "what are ECE and CWR?"

The search knows TCP's spellings: SYN_SENT / syn sent, RST / reset, ECE / ECN-Echo,
refused / RST, ECONNRESET / reset by peer.

Exit codes: 0 answered, 1 nothing relevant found, 2 bad usage.
`;
