import { Text } from 'ink';
import { formatMs } from '../../scan/format.js';

export interface ProgressBarProps {
  done: number;
  total: number;
  etaMs?: number;
  width?: number;
}

/** `[██████░░░░░░]  48%  481/1000  ETA 1.2 s`. */
export function ProgressBar({ done, total, etaMs, width = 30 }: ProgressBarProps) {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const eta = etaMs === undefined ? 'ETA …' : `ETA ${formatMs(etaMs)}`;
  return (
    <Text>
      [<Text color="cyan">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text>] {String(Math.round(ratio * 100)).padStart(3)}% {done}/{total} {eta}
    </Text>
  );
}
