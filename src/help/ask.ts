import type { CommandHelp } from './definition.js';

const ask: CommandHelp = {
  name: 'ask',
  title: 'answer a TCP question from the lessons',
  summary: 'answer a TCP question from the lessons',
  usage: `  tcpsleuth ask "QUESTION"          the most relevant lesson section, as plain text
  tcpsleuth ask --json "QUESTION"   { topic, lesson, section, answer }`,
  blocks: [
    {
      text: `The search knows TCP's spellings: SYN_SENT / syn sent, RST / reset, ECE / ECN-Echo,
refused / RST, ECONNRESET / reset by peer. A question no lesson covers gets "No lesson covers
that yet" and the nearest useful thing, never the nearest lesson.`,
    },
    {
      title: 'Options',
      options: [{ flags: ['--json'], text: '{ topic, lesson, section, answer } (lesson is null when no lesson covers it)' }],
      after: 'Exit codes: 0 answered, 1 nothing relevant found, 2 bad usage.',
    },
  ],
  examples: [
    '{{self}} ask "why is my socket stuck in SYN_SENT?"',
    '{{self}} ask "does connection refused mean a firewall?"',
    '{{self}} ask --json "what are ECE and CWR?"',
  ],
};

export default ask;
