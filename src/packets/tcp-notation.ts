/** tcpdump's way of writing TCP flags, so our output reads like its output. */
import { TCP_FLAGS } from './decode.js';

// tcpdump's order (print-tcp.c): F S R P . U E W, so a SYN asking for ECN is [SEW] and the
// ECN-capable SYN-ACK is [S.E].
const ORDER: Array<[number, string]> = [
  [TCP_FLAGS.FIN, 'F'],
  [TCP_FLAGS.SYN, 'S'],
  [TCP_FLAGS.RST, 'R'],
  [TCP_FLAGS.PSH, 'P'],
  [TCP_FLAGS.ACK, '.'],
  [TCP_FLAGS.URG, 'U'],
  [TCP_FLAGS.ECE, 'E'],
  [TCP_FLAGS.CWR, 'W'],
];

/** `[S]`, `[S.]`, `[SEW]`, `[S.E]`, `[R.]`, `[F.]`, `[P.]`; `[none]` for no flags, like tcpdump. */
export function flagNotation(flags: number): string {
  let s = '';
  for (const [bit, ch] of ORDER) if (flags & bit) s += ch;
  return `[${s || 'none'}]`;
}
