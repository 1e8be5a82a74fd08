/**
 * The live screen of `tcpsleuth watch`: the header, a sparkline of handshake times (failed attempts
 * as ✗), the share that failed by verdict, the share that needed a SYN retransmission, one row
 * per address and the findings so far. Props only; run-live.tsx feeds it the running summary.
 */
import { Box, Text } from 'ink';
import type { Verdict } from '../../evidence.js';
import { formatElapsed } from '../../duration.js';
import { formatShare } from '../../series/stats.js';
import { sparkCells } from '../../watch/sparkline.js';
import { headerText, quantilesText, retransmitText } from '../../watch/text.js';
import type { Attempt, VerdictCounts, WatchSummary } from '../../series/types.js';
import { colour, verdictTone } from '../theme.js';

export interface WatchViewProps {
  summary: WatchSummary;
  attempts: readonly Attempt[];
  elapsedMs: number;
  /** Characters available for the sparkline. */
  width?: number;
}

function Counts({ counts, total }: { counts: VerdictCounts; total: number }) {
  const entries = (Object.entries(counts) as Array<[Verdict, number]>).sort((a, b) => b[1] - a[1]);
  return (
    <>
      {entries.map(([v, n], i) => (
        <Text key={v} color={colour(verdictTone(v))}>
          {i ? ', ' : ''}
          {v} {n}
          {total ? ` (${formatShare(n / total)})` : ''}
        </Text>
      ))}
    </>
  );
}

export function WatchView({ summary: s, attempts, elapsedMs, width = 60 }: WatchViewProps) {
  const failed = s.attempts - (s.byVerdict.open ?? 0);
  const addressWidth = Math.max(15, ...s.byAddress.map((r) => r.address.length));
  return (
    <Box flexDirection="column">
      <Text bold>
        {headerText({ ...s, durationMs: elapsedMs })} <Text dimColor>· Ctrl-C ends with the summary</Text>
      </Text>
      <Text>
        {'handshakes  '}
        {sparkCells(attempts, width).map((c, i) => (
          <Text key={i} color={c.failed ? colour('fail') : colour('accent')}>
            {c.char}
          </Text>
        ))}
      </Text>
      <Text dimColor>{`            ${quantilesText(s.handshakeMs)}`}</Text>
      <Text>
        {'failed      '}
        <Text color={colour(failed ? 'fail' : 'ok')}>{s.attempts ? formatShare(failed / s.attempts) : '-'}</Text>
        {s.attempts ? '  ' : ''}
        <Counts counts={s.byVerdict} total={s.attempts} />
      </Text>
      <Text>
        {'SYN resent  '}
        <Text color={colour(s.retransmitted ? 'warn' : 'ok')}>{retransmitText(s)}</Text>
      </Text>
      {s.byAddress.length > 1 &&
        s.byAddress.map((r) => (
          <Text key={r.address}>
            {'  '}
            {r.address.padEnd(addressWidth)} {String(r.attempts).padStart(4)} <Counts counts={r.byVerdict} total={0} />
            <Text dimColor>{r.retransmitShare !== null ? `  SYN resent ${formatShare(r.retransmitShare)}` : ''}</Text>
          </Text>
        ))}
      {s.findings.length > 0 && (
        <Text>
          {'so far      '}
          <Text color={colour('warn')}>{s.findings.join(', ')}</Text>
        </Text>
      )}
      <Text dimColor>{`            ${formatElapsed(elapsedMs)}`}</Text>
    </Box>
  );
}
