/**
 * The TTY path: renders the guide with Ink, waits for it to end, restores the terminal and returns
 * the exit code. Loaded only by run-guide.ts's dynamic import, so pipes and --json never load Ink.
 */
import { render } from 'ink';
import type { Target } from '../evidence.js';
import type { CheckOptions } from '../guide/types.js';
import { onCleanup } from '../lifecycle.js';
import { App, type AppResult } from './App.js';

export interface InteractiveOptions {
  target: Target;
  signal?: AbortSignal;
  capture?: boolean;
  check?: CheckOptions;
}

/** Runs the interactive guide until the user quits; returns the exit code. */
export async function runInteractive(opts: InteractiveOptions): Promise<number> {
  let result: AppResult = { code: 0 };
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((r) => (finish = r));
  const instance = render(
    <App
      target={opts.target}
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
  return result.code;
}
