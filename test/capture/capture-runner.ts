/**
 * A tiny program for the capture tests, bundled by them with esbuild: starts a capture the way a
 * command does (signal handlers installed), prints `ready FILE`, then either stops and prints the
 * evidence (`stop`) or waits to be interrupted (`wait`, bounded at 30 s).
 */
import { startCapture } from '../../src/checks/capture.js';
import { installSignalHandlers } from '../../src/lifecycle.js';

installSignalHandlers();
const [address, port, mode] = process.argv.slice(2);
const session = await startCapture({ address, port: Number(port) });
if (!session.running) {
  process.stdout.write(`${JSON.stringify(await session.stop())}\n`);
  process.exit(0);
}
process.stdout.write(`ready ${session.file}\n`);
if (mode === 'stop') {
  process.stdout.write(`${JSON.stringify(await session.stop())}\n`);
} else {
  setTimeout(() => process.exit(3), 30_000);
}
