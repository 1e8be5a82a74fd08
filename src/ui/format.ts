/** Small pure formatters the screens share (tested without rendering). */
import type { KernelSocketView } from '../evidence.js';

export { formatElapsed } from '../duration.js';

/** The kernel's view in a sentence: "SYN_SENT, retransmitted 2×; the kernel gives up in 9 s" (from the evidence's kernelGivesUpMs). */
export function kernelLine(kernel: KernelSocketView, elapsedMs = 0): string {
  const parts: string[] = [kernel.state];
  if (kernel.retransmits > 0) parts.push(`retransmitted ${kernel.retransmits}×`);
  let line = parts.join(', ');
  if (kernel.kernelGivesUpMs !== undefined && kernel.state === 'SYN_SENT') {
    const left = Math.max(0, Math.round((kernel.kernelGivesUpMs - elapsedMs) / 1000));
    line += `; the kernel gives up in ${left} s`;
  }
  return line;
}
