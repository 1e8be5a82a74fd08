/**
 * The TTY path: renders the app with Ink, waits for it to end, restores the terminal and returns
 * the exit code. Loaded only by run-guide.ts's dynamic import, so pipes and --json never load Ink.
 */
import { render } from 'ink';
import type { Target } from '../evidence.js';
import type { CheckOptions } from '../guide/types.js';
import { explainError } from '../explain/index.js';
import { listScenarios, upScenario } from '../lab/index.js';
import { onCleanup } from '../lifecycle.js';
import { App, type AppResult } from './App.js';

export interface InteractiveOptions {
  target?: Target;
  signal?: AbortSignal;
  capture?: boolean;
  check?: CheckOptions;
}

/** Runs the interactive app until the user quits; returns the exit code. */
export async function runInteractive(opts: InteractiveOptions): Promise<number> {
  let result: AppResult = { code: 0 };
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((r) => (finish = r));
  const startFault = async (id: string) => {
    const up = await upScenario(id, { signal: opts.signal });
    return { target: up.target, down: up.down };
  };
  const instance = render(
    <App
      target={opts.target}
      scenarios={listScenarios}
      startFault={startFault}
      explain={explainError}
      capture={opts.capture}
      checkOptions={opts.check}
      keys={process.stdin.isTTY === true}
      onExit={(r) => {
        result = r;
        finish();
      }}
    />,
    { exitOnCtrlC: false },
  );
  // SIGTERM/SIGHUP (or a SIGINT not sent as a key): leave the terminal as we found it.
  const unregister = onCleanup(() => instance.unmount());
  const onAbort = () => {
    result = { code: 130 };
    finish();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  await ended;
  opts.signal?.removeEventListener('abort', onAbort);
  instance.unmount();
  await instance.waitUntilExit().catch(() => undefined);
  unregister();
  if (result.next === 'learn') {
    const learn = await import('../commands/learn.js');
    return learn.default([]);
  }
  return result.code;
}
