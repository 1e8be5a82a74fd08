/**
 * The terminal path of `tcpsleuth watch`: runs the series, redraws WatchView a few times a second
 * with the summary so far, and leaves the final summary (the same lines as plain mode) as the last
 * frame. Loaded by dynamic import only when stdout is a terminal. Ctrl-C reaches the series as the
 * signal (no raw mode here), so it ends with its summary like any other end.
 */
import { render, Text, useApp } from 'ink';
import { useEffect, useState } from 'react';
import { readTcpTimings } from '../../kernel-timing.js';
import { colorEnabled, painter } from '../../output/colors.js';
import { runWatch, type WatchInput } from '../../watch/run.js';
import { summarize, watchExitCode } from '../../watch/summary.js';
import { summaryLines } from '../../watch/text.js';
import { termLine } from '../../sinks/terminal.js';
import type { Attempt, WatchSummary } from '../../series/types.js';
import { WatchView } from './WatchView.js';

const REDRAW_MS = 250;

type Outcome = { summary: WatchSummary; attempts: readonly Attempt[] } | Error;

function WatchScreen({ input, signal, onDone }: { input: WatchInput; signal: AbortSignal; onDone: (o: Outcome) => void }) {
  const { exit } = useApp();
  const [live, setLive] = useState<{ summary: WatchSummary; attempts: readonly Attempt[]; elapsedMs: number }>();
  const [final, setFinal] = useState<{ summary: WatchSummary; attempts: readonly Attempt[] }>();
  useEffect(() => {
    const syn = readTcpTimings().syn;
    const t0 = performance.now();
    const startedAt = new Date().toISOString();
    let addresses: string[] = [];
    let attempts: readonly Attempt[] = [];
    // The summary is rebuilt at most every REDRAW_MS, not per attempt: a long series stays cheap.
    const redraw = () => {
      if (!addresses.length) return;
      const elapsedMs = performance.now() - t0;
      const summary = summarize(attempts, { host: input.host, port: input.port, addresses, ratePerSecond: input.ratePerSecond ?? 1, startedAt, durationMs: elapsedMs, interrupted: false, syn });
      setLive({ summary, attempts: [...attempts], elapsedMs });
    };
    const timer = setInterval(redraw, REDRAW_MS);
    runWatch(input, {
      signal,
      syn,
      onStart: (a) => {
        addresses = a;
        redraw();
      },
      onAttempt: (_a, sofar) => (attempts = sofar),
    }).then(
      (summary) => {
        clearInterval(timer);
        const done = { summary, attempts: [...attempts] };
        onDone(done);
        setFinal(done);
      },
      (err: unknown) => {
        clearInterval(timer);
        onDone(err instanceof Error ? err : new Error(String(err)));
        exit();
      },
    );
    return () => clearInterval(timer);
    // The series starts once per screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // The summary replaces the live screen as the last frame; exit once it has been drawn.
  useEffect(() => {
    if (final) exit();
  }, [final, exit]);
  if (final) return <Text>{summaryLines(final.summary, painter(colorEnabled(process.stdout)), { attempts: final.attempts }).join('\n')}</Text>;
  if (!live) return <Text dimColor>watch {termLine(input.host, 200)} port {input.port}: resolving…</Text>;
  return <WatchView summary={live.summary} attempts={live.attempts} elapsedMs={live.elapsedMs} width={Math.max(10, Math.min(80, (process.stdout.columns ?? 80) - 14))} />;
}

/** Shows the live screen, then the summary; returns the exit code (throws what the series threw). */
export async function runLiveWatch(input: WatchInput, signal: AbortSignal): Promise<number> {
  let outcome: Outcome | undefined;
  const app = render(<WatchScreen input={input} signal={signal} onDone={(o) => (outcome = o)} />, { exitOnCtrlC: false, patchConsole: false });
  await app.waitUntilExit();
  app.unmount();
  if (outcome instanceof Error) throw outcome;
  return outcome ? watchExitCode(outcome.summary) : 1;
}
