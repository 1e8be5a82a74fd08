/**
 * `tcpsleuth server PORT [--json]`: the server-side checklist for one port. The facts come from
 * src/server/gather.ts, the findings from its pure rules; this file parses, prints, picks the exit code.
 */
import { selfCommandLine } from '../self-command.js';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { parsePort } from '../target.js';
import { parseDuration } from '../duration.js';
import { colorEnabled, painter } from '../output/colors.js';
import { exitQuietlyOnEpipe } from '../output/epipe.js';
import { DEFAULT_SAMPLE_MS, gatherLocal } from '../server/gather.js';
import { formatServerReport, serverReport } from '../server/report.js';

/** The command line's options (test/docs checks `server --help` lists the same). */
export const OPTIONS = { json: { type: 'boolean' }, port: { type: 'string', short: 'p' }, sample: { type: 'string' } } as const;

export default async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgsOrUsage({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const portText = values.port ?? positionals[0];
  if (portText === undefined) throw new UsageError(`server needs the port to check: ${selfCommandLine(['server', '8080'])}`);
  if (positionals.length > (values.port ? 0 : 1)) throw new UsageError(`server checks one port, got: ${positionals.join(' ')}`);
  const port = parsePort(portText);
  const sampleMs = values.sample !== undefined ? parseDuration(values.sample, { minMs: 0, maxMs: 10_000, option: '--sample' }) : DEFAULT_SAMPLE_MS;
  exitQuietlyOnEpipe();
  const report = serverReport(await gatherLocal(port, { signal: rootSignal, sampleMs }));
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${formatServerReport(report, painter(colorEnabled(process.stdout)))}\n`);
  return report.ok ? 0 : 1;
}
