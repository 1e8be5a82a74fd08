/**
 * The chat's "does it work from app-1?": `check TARGET --from …` run through the vantage API
 * (runFromVantages, src/vantage/index.ts). A name that is not an ssh URL is an ssh host alias
 * (the person's ~/.ssh/config); "here" is `local`; a group ("all web
 * servers") is looked up in the Ansible inventory named by `TCPSLEUTH_INVENTORY`, and without one
 * the reply says how to set it. The reply carries every report, the difference, and the table's
 * lines as `check --from` prints them, with the command that does the same.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Target } from '../evidence.js';
import { selfCommandLine } from '../self-command.js';
import { argEcho } from '../sinks/terminal.js';
import { formatHostPort } from '../target.js';
import { parseIniInventory, parseYamlInventory } from '../vantage/inventory.js';
import { fileKind } from '../vantage/vantages.js';
import type { Vantage } from '../vantage/types.js';
import { groupCandidates } from './vantage-words.js';
import type { JobInput } from './machine.js';
import type { Reply } from './types.js';

/** The environment variable naming the inventory a group is read from. */
export const INVENTORY_ENV = 'TCPSLEUTH_INVENTORY';

/** How to name an inventory, for a reply that needs one. */
function inventoryHelp(target: string, group: string): string {
  return `To check from a group of machines I need an Ansible inventory (INI or YAML): set ${INVENTORY_ENV}=/path/to/hosts.ini before starting the chat, or run ${selfCommandLine(['check', target, '--from', `@hosts.ini:${group.replace(/\s+/g, '_')}`])}. Or name the machines: "from web-1 and web-2".`;
}

/** The inventory group the words mean ("web servers" → web_servers, webservers…, web), or a usage error listing the groups there are. */
function pickGroup(file: string, words: string): string {
  const text = readFileSync(file, 'utf8');
  const kind = fileKind(file, text);
  if (kind === 'list') throw new UsageError(`${argEcho(file)} is a plain list of hosts, not an inventory with groups: name the machines instead, or point ${INVENTORY_ENV} at an inventory`);
  const inv = kind === 'yaml' ? parseYamlInventory(text, file) : parseIniInventory(text, file);
  const group = groupCandidates(words).find((g) => inv.groups.has(g));
  if (!group) throw new UsageError(`the inventory ${argEcho(file)} has no group for "${argEcho(words)}" (groups: ${[...inv.groups.keys()].filter((g) => g !== 'all' && g !== 'ungrouped').join(', ') || 'none'})`);
  return group;
}

/** The `--from` values the job names: the names as they are, or `@INVENTORY:GROUP`. */
export function fromValues(input: Pick<JobInput<'from'>, 'names' | 'group' | 'target'>, env: NodeJS.ProcessEnv = process.env): { values: string[] } | { help: string } {
  if (!input.group) return { values: input.names };
  const file = env[INVENTORY_ENV];
  const target = formatHostPort(input.target.host, input.target.port);
  if (!file) return { help: inventoryHelp(target, input.group) };
  return { values: [`@${file}:${pickGroup(file, input.group)}`] };
}

/** Runs the check from every vantage point the job names; a bad name or inventory is a reply saying why. */
export async function runChatFrom(input: JobInput<'from'>, signal: AbortSignal): Promise<Reply> {
  const { parseVantages, runFromVantages, formatVantageHeader, formatVantageRow, formatNoVerdicts, formatFleetSummary, vantageWidths } = await import('../vantage/index.js');
  const hp = formatHostPort(input.target.host, input.target.port);
  let vantages: Vantage[];
  let values: string[];
  try {
    const from = fromValues(input);
    if ('help' in from) return { kind: 'error', text: from.help };
    values = from.values;
    vantages = parseVantages(values);
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'error', text: err.message };
    if ((err as NodeJS.ErrnoException).code) return { kind: 'error', text: `cannot read the inventory ${argEcho(process.env[INVENTORY_ENV] ?? '')}: ${(err as Error).message}` };
    throw err;
  }
  const target: Target = input.target;
  const { reports, summary } = await runFromVantages(target, vantages, { signal });
  const plain = (_t: unknown, s: string) => s;
  const rows = reports.map((r) => ({ from: r.from, state: 'done' as const, report: r }));
  const w = vantageWidths(rows);
  const lines = [formatVantageHeader(w, plain), ...rows.map((r) => formatVantageRow(r, w, plain)), ...formatNoVerdicts(reports, plain), formatFleetSummary(summary, plain, (id) => selfCommandLine(['learn', id]))];
  const command = selfCommandLine(['check', hp, ...values.flatMap((v) => ['--from', v])]);
  const verdicts = summary.verdicts.map((v) => `${v.from === 'local' ? 'here' : v.from}: ${v.verdict ?? 'no verdict'}`).join(', ');
  return { kind: 'from', target: hp, reports, summary, lines, command, text: `${hp} from ${verdicts}. The same from a shell: ${command}` };
}
