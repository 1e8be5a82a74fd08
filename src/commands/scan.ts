/**
 * `tcpsleuth scan HOST [-p SPEC]`: nmap-style port states with reasons. `--json` prints one object;
 * a TTY gets the live table (Ink, loaded only then); anything else gets plain lines at the end.
 * Exit 0 when the scan ran, 1 when the host could not be resolved, 2 for bad usage.
 */
import { EXIT } from '../evidence.js';
import { rootSignal } from '../lifecycle.js';
import { colorEnabled, painter } from '../output/colors.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { scanPorts } from '../scan/engine.js';
import { formatMs, formatScanText, writeScanJson, type ScanReportMeta } from '../scan/format.js';
import type { ScanProgress } from '../scan/types.js';
import { scanParallelism } from '../scan/limits.js';
import { parseScanArgs } from '../scan/options.js';
import { isOwnAddress, permissionReminder, ResolveError, resolveScanHost } from '../scan/target.js';

/** Above this many ports, scanning someone else's host gets a reminder first. */
const REMINDER_ABOVE = 1000;

export default async function run(argv: string[]): Promise<number> {
  const args = parseScanArgs(argv);
  exitQuietlyOnEpipe();
  let addresses: string[];
  try {
    addresses = await resolveScanHost(args.target.host);
  } catch (err) {
    if (!(err instanceof ResolveError)) throw err;
    process.stderr.write(`tcpsleuth scan: ${err.message}\n`);
    return EXIT.verdict;
  }
  const [address, ...others] = addresses;
  if (args.ports.length > REMINDER_ABOVE && !args.yes && !isOwnAddress(address)) {
    process.stderr.write(`${permissionReminder(args.target.host, address, args.ports.length)}\n`);
  }
  const bound = await scanParallelism();
  const { fdLimit } = bound;
  const parallel = Math.min(bound.parallel, args.maxParallel ?? Number.POSITIVE_INFINITY);
  const meta: ScanReportMeta = { host: args.target.host, otherAddresses: others, targetPort: args.target.port, portsFrom: args.portsFrom, fdLimit };
  const engineOpts = { signal: rootSignal, parallel, rate: args.rate, timeoutMs: args.timeoutMs };

  if (args.json) {
    const result = await scanPorts(address, args.ports, engineOpts);
    writeScanJson((chunk) => process.stdout.write(chunk), args.target.host, result);
    return EXIT.ok;
  }
  if (process.stdout.isTTY && !args.plain) {
    const { runScanUi } = await import('../ui/scan/run-scan-ui.js');
    return runScanUi({ meta, address, ports: args.ports, engineOpts });
  }
  const paint = painter(colorEnabled(process.stdout));
  // Output redirected but a person watching the terminal: a progress line every few seconds.
  const progress = process.stderr.isTTY
    ? {
        progressEveryMs: 5000,
        onProgress: (p: ScanProgress) => {
          if (p.done < p.total) process.stderr.write(`… ${p.done}/${p.total} ports, ${p.open} open, ${p.filtered} filtered${p.etaMs !== undefined ? `, about ${formatMs(p.etaMs)} left` : ''}\n`);
        },
      }
    : {};
  const result = await scanPorts(address, args.ports, { ...engineOpts, ...progress });
  process.stdout.write(`${formatScanText(meta, result, paint)}\n`);
  return EXIT.ok;
}
