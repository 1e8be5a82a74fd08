/**
 * What may differ between two honest runs of one recipe: times, durations, dates, ports and other
 * long numbers, pids, hashes and ids, temp paths, this machine's name. A transcript is compared
 * with a fresh run after both go through `normalise`; anything else that differs is drift.
 */
import { hostname } from 'node:os';

const RULES: [RegExp, string][] = [
  // Dates and clock times: 2026-12-07 02:33:29 UTC, 2026-12-07T02:33:29.123Z, 02:33:29.821
  // (also as a Markdown report escapes them: 2026\-12\-07 02\:33\:29)
  [/\d{4}\\?-\d{2}\\?-\d{2}(?:[ T]\d{2}\\?:\d{2}(?:\\?:\d{2}(?:\\?\.\d+)?)?(?: ?(?:UTC|GMT|Z|[+-]\d{2}:?\d{2}))?)?/g, '<time>'],
  [/\b\d{2}\\?:\d{2}\\?:\d{2}(?:\.\d+)?\b/g, '<time>'],
  // Temp paths (the recipe's own folder, mktemp names).
  [/\/tmp\/[^\s'")\]]+/g, '<tmp>'],
  // Durations and sizes: 1.7 ms, 11 s, 0.036 ms, 15 min 25 s, 127 KB, 3.5 MB, 44.0 ms, 2.00 s–40.0 s
  [/\b\d+(?:\.\d+)?\s?(?:µs|us|ms|s|sec|min|m|h|B|KB|kB|MB|GB)\b/g, '<n unit>'],
  // Hex ids and hashes (a drill id, a SHA-256): six or more hex digits with a letter and a digit.
  // Counted as numbers: a random id may come out with no letter at all (631526), which the
  // number rule below makes <n>, so a letter must not make it anything else.
  [/\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{6,}\b/g, '<n>'],
  // Process ids, however short: node (pid 812), node[812].
  [/\bpid \d+/g, 'pid <n>'],
  [/(?<=[\w)])\[\d+\]/g, '[<n>]'],
  // The machine a check ran from, named before its address ("checked from vm (127.0.0.1)"):
  // a name too short for the hostname rule below (or another machine's) is still this machine.
  [/(?<=[Cc]hecked from )[\w.\\-]+(?= \\?\()/g, '<hostname>'],
  // A sparkline of handshake times.
  [/[▁▂▃▄▅▆▇█✗]{2,}/g, '<sparkline>'],
  // Ports, pids, counts of four digits or more; decimals.
  [/\b\d+\.\d+\b/g, '<n>'],
  [/\b\d{4,}\b/g, '<n>'],
];

/**
 * The text with everything that may honestly differ between runs replaced by a placeholder;
 * `vary` adds a recipe's own (removed); `anyOrder` sorts the lines (for output in finishing order).
 */
export function normalise(text: string, vary: RegExp[] = [], anyOrder = false): string {
  let out = text.replace(/\r/g, '');
  for (const pattern of vary) out = out.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`), '');
  const host = hostname();
  if (host.length >= 3) out = out.split(host).join('<hostname>');
  for (const [pattern, by] of RULES) out = out.replace(pattern, by);
  // Runs of placeholders (e.g. "<n unit> <n unit>") and the padding tables put around them.
  const lines = out.split('\n').map((l) => l.replace(/[ \t]+/g, ' ').trimEnd());
  return (anyOrder ? lines.sort() : lines).join('\n').trim();
}
