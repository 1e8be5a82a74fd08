/**
 * The live scan screen: header, the ports worth seeing so far (open ones, and filtered ones with
 * an ICMP reason), counts, a progress bar with ETA. Props only; run-scan-ui.tsx feeds it.
 */
import { Box, Text } from 'ink';
import { formatMs, formatRow, headerLine, TABLE_HEADER, type ScanReportMeta } from '../../scan/format.js';
import type { PortResult, ScanProgress } from '../../scan/types.js';
import { ProgressBar } from './ProgressBar.js';

export interface ScanViewProps {
  meta: ScanReportMeta;
  address: string;
  total: number;
  progress?: ScanProgress;
  /** Ports listed live, in the order found. */
  notable: PortResult[];
  /** How many rows to show at most (the newest). */
  maxRows?: number;
}

const noPaint = (_t: unknown, s: string) => s;

export function ScanView({ meta, address, total, progress, notable, maxRows = 12 }: ScanViewProps) {
  const rows = [...notable].sort((a, b) => a.port - b.port);
  // Too many to show: keep the open ones (the highest ports when even those are too many).
  const visible = rows.length > maxRows ? rows.filter((r) => r.state === 'open').slice(-maxRows) : rows;
  const hidden = rows.length - visible.length;
  const p = progress;
  return (
    <Box flexDirection="column">
      <Text bold>{headerLine(meta, address, total)}</Text>
      {visible.length > 0 && <Text dimColor>{TABLE_HEADER}</Text>}
      {visible.map((r) => (
        <Text key={r.port} color={r.state === 'open' ? 'green' : r.state === 'filtered' ? 'yellow' : undefined}>
          {formatRow(r, noPaint, meta.targetPort)}
        </Text>
      ))}
      {hidden > 0 && <Text dimColor>… {hidden} more row{hidden === 1 ? '' : 's'} (listed at the end)</Text>}
      <Box marginTop={1} flexDirection="column">
        <ProgressBar done={p?.done ?? 0} total={total} etaMs={p?.etaMs} />
        <Text>
          <Text color="green">{p?.open ?? 0} open</Text> · {p?.closed ?? 0} closed · <Text color="yellow">{p?.filtered ?? 0} filtered</Text>
          <Text dimColor>
            {' '}
            · {p?.inFlight ?? 0} in flight{p && p.reprobing > 0 ? ` · ${p.reprobing} silent, re-probing late` : ''} · no-response after {formatMs(p?.timeoutMs)}
            {p?.srttMs !== undefined ? ` (RTT ${formatMs(p.srttMs)})` : ''}
          </Text>
        </Text>
      </Box>
    </Box>
  );
}
