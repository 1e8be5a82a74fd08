/**
 * The TTY path of `tcpsleuth scan`: runs the engine, shows ScanView while it works, then prints
 * the same report as plain mode, as the last frame. Loaded by dynamic import only when stdout is a terminal.
 */
import { render, Text, useApp } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { EXIT } from '../../evidence.js';
import { colorEnabled, painter } from '../../output/colors.js';
import { scanPorts, type ScanOptions } from '../../scan/engine.js';
import { formatScanText, isNotable, type ScanReportMeta } from '../../scan/format.js';
import type { PortResult, ScanProgress, ScanResult } from '../../scan/types.js';
import { ScanView } from './ScanView.js';

export interface ScanUiInput {
  meta: ScanReportMeta;
  address: string;
  ports: number[];
  engineOpts: Omit<ScanOptions, 'onResult' | 'onProgress'>;
}

function ScanScreen({ input, onDone }: { input: ScanUiInput; onDone: (r: ScanResult | Error) => void }) {
  const { exit } = useApp();
  const [final, setFinal] = useState<ScanResult>();
  const [progress, setProgress] = useState<ScanProgress>();
  const [notable, setNotable] = useState<PortResult[]>([]);
  const found = useRef<PortResult[]>([]);
  const shown = useRef(0);
  useEffect(() => {
    let live = true;
    scanPorts(input.address, input.ports, {
      ...input.engineOpts,
      progressEveryMs: 100,
      onResult: (r) => {
        if (isNotable(r)) found.current.push(r);
      },
      onProgress: (p) => {
        if (!live) return;
        setProgress(p);
        if (found.current.length !== shown.current) {
          shown.current = found.current.length;
          setNotable([...found.current]);
        }
      },
    }).then(
      (r) => {
        live = false;
        onDone(r);
        setFinal(r);
      },
      (err: unknown) => {
        live = false;
        onDone(err instanceof Error ? err : new Error(String(err)));
        exit();
      },
    );
    return () => {
      live = false;
    };
    // The scan starts once per screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // The report replaces the live table as the last frame; exit once it has been drawn.
  useEffect(() => {
    if (final) exit();
  }, [final, exit]);
  if (final) return <Text>{formatScanText(input.meta, final, painter(colorEnabled(process.stdout)))}</Text>;
  return <ScanView meta={input.meta} address={input.address} total={input.ports.length} progress={progress} notable={notable} />;
}

/** Shows the live table, then the final report; returns the exit code. */
export async function runScanUi(input: ScanUiInput): Promise<number> {
  let outcome: ScanResult | Error | undefined;
  const app = render(<ScanScreen input={input} onDone={(r) => (outcome = r)} />, { exitOnCtrlC: false, patchConsole: false });
  await app.waitUntilExit();
  app.unmount();
  if (outcome instanceof Error && !input.engineOpts.signal?.aborted) throw outcome;
  if (!outcome || outcome instanceof Error) return EXIT.interrupted;
  return EXIT.ok;
}
