/**
 * `tcpsleuth drill [start|status|hint|answer|stop]`: practise on a hidden fault. The work is in
 * src/drill/; this file parses arguments, prints (plain or --json) and picks exit codes.
 */
import { HINT_COST } from '../drill/catalogue.js';
import { UsageError, parseArgsOrUsage } from '../errors.js';
import { rootSignal } from '../lifecycle.js';
import { answerDrill, drillStatus, startDrill, stopDrill, takeHint, DrillError, type DrillLevel } from '../drill/index.js';
import { holdDrill } from '../drill/holder.js';
import { answerLines, startLines, statusLines } from '../drill/text.js';
import { askInTerminal } from '../drill/prompt.js';
import { argEcho } from '../sinks/terminal.js';

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const json = (data: unknown) => out(JSON.stringify(data, null, 2));

/** The command line's options (test/docs checks `drill --help` lists the same). */
export const OPTIONS = {
  json: { type: 'boolean' },
  level: { type: 'string', short: 'l' },
  scenario: { type: 'string' },
  verdict: { type: 'string' },
  cause: { type: 'string' },
  ask: { type: 'string' },
} as const;

export default async function run(argv: string[]): Promise<number> {
  const parsed = parseArgsOrUsage({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const { values: o, positionals } = parsed;
  const [verb = 'start', id, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument "${argEcho(extra[0])}" (see: tcpsleuth drill --help)`);
  if ((o.level || o.scenario) && verb !== 'start') throw new UsageError('--level and --scenario go with drill start');
  if ((o.verdict || o.cause || o.ask) && verb !== 'answer') throw new UsageError('--verdict, --cause and --ask go with drill answer ID');
  const asJson = o.json ?? false;
  try {
    switch (verb) {
      case 'start':
        if (id !== undefined) throw new UsageError('drill start takes no id (--level 1|2|3 picks the difficulty)');
        return await start(parseLevel(o.level), o.scenario, asJson);
      case 'status':
        if (asJson) json(drillStatus({ id }));
        else out(statusLines(drillStatus({ id })).join('\n'));
        return 0;
      case 'hint': {
        const h = takeHint(needId(id, 'hint'));
        if (asJson) json(h);
        else out(h.hint ? `hint ${h.hintsTaken} (−${HINT_COST} points): ${h.hint}${h.left ? `\n(${h.left} more hint${h.left === 1 ? '' : 's'} left)` : ''}` : 'No hints left: the answer is yours.');
        return 0;
      }
      case 'answer': {
        if (!o.verdict) throw new UsageError('drill answer needs --verdict (and --cause, --ask: tcpsleuth drill status lists the choices)');
        const r = await answerDrill(needId(id, 'answer'), { verdict: o.verdict, cause: o.cause, ask: o.ask }, { signal: rootSignal });
        if (asJson) json(r);
        else out(answerLines(r).join('\n'));
        return r.allCorrect ? 0 : 1;
      }
      case 'stop': {
        const ended = await stopDrill({ id });
        if (asJson) json({ stopped: ended });
        else out(ended.length ? `stopped drill${ended.length === 1 ? '' : 's'} ${ended.join(', ')}: the fault is gone` : 'no drill was running');
        return 0;
      }
      case '__hold':
        return await holdDrill(needId(id, '__hold'));
      default:
        throw new UsageError(`unknown drill command "${argEcho(verb)}": use start, status, hint ID, answer ID, stop [ID]`);
    }
  } catch (e) {
    if (e instanceof DrillError) throw new UsageError(e.message);
    throw e;
  }
}

function needId(id: string | undefined, verb: string): string {
  if (!id) throw new UsageError(`drill ${verb} needs the drill's id (tcpsleuth drill status lists them)`);
  return id;
}

function parseLevel(text: string | undefined): DrillLevel | undefined {
  if (text === undefined) return undefined;
  if (text === '1' || text === '2' || text === '3') return Number(text) as DrillLevel;
  throw new UsageError(`--level is 1, 2 or 3, not "${argEcho(text)}"`);
}

async function start(level: DrillLevel | undefined, scenario: string | undefined, asJson: boolean): Promise<number> {
  if (!asJson) out('Setting up a fault you cannot see…');
  let drill;
  try {
    drill = await startDrill({ level, scenario, signal: rootSignal });
  } catch (e) {
    // The fault could not be built (a missing tool, a busy namespace): not a usage error.
    if (!(e instanceof DrillError) || !e.message.startsWith('could not set up')) throw e;
    process.stderr.write(`tcpsleuth drill: ${e.message}\n`);
    return 1;
  }
  if (asJson) {
    json(drill);
    return 0;
  }
  out(startLines(drill).join('\n'));
  // In a terminal, stay and take the answer here (Ctrl-C ends the drill; closing the terminal keeps it).
  if (process.stdin.isTTY && process.stdout.isTTY) return askInTerminal(drill);
  return 0;
}
