/**
 * One place that knows how the process ends. Ctrl-C or SIGTERM aborts the root signal, runs every
 * registered cleanup (stop tcpdump, delete lab namespaces, restore the terminal) once, then exits.
 */
type Cleanup = () => void | Promise<void>;

const root = new AbortController();
const cleanups = new Set<Cleanup>();
let installed = false;
let exiting = false;

/** The signal every command passes to its checks; aborted on Ctrl-C / SIGTERM. */
export const rootSignal: AbortSignal = root.signal;

/** Registers a cleanup to run on interruption; returns a function that unregisters it. */
export function onCleanup(fn: Cleanup): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs every registered cleanup once (best effort, each failure ignored). */
export async function runCleanups(): Promise<void> {
  const all = [...cleanups];
  cleanups.clear();
  await Promise.allSettled(all.map(async (fn) => fn()));
}

/**
 * Installs SIGINT/SIGTERM handlers. `interactive` UIs (Ink in raw mode) get Ctrl-C as a key
 * instead, and call `interrupt()` themselves.
 */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => void interrupt(130));
  process.on('SIGTERM', () => void interrupt(143));
  process.on('SIGHUP', () => void interrupt(129));
}

/** Aborts everything, cleans up, and exits with `code` (130 for Ctrl-C). */
export async function interrupt(code = 130): Promise<void> {
  if (exiting) return;
  exiting = true;
  root.abort(new Error('interrupted'));
  const timer = setTimeout(() => process.exit(code), 3000);
  timer.unref();
  await runCleanups();
  process.exit(code);
}
