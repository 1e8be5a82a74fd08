/**
 * Scores the chat's understanding on the frozen held-out set (test/fixtures/heldout-r3/, gathered
 * from non-GitHub public pages by someone who had not read the router). Run once, at the end:
 *   npx tsx bench/heldout-score.ts [--set r4] [--misses]
 * (`--set` names the folder test/fixtures/heldout-<set>/; r3 by default. `--dir <path>` scores any folder of
 * the same five files instead, such as a development set.)
 * It calls the chat's pure `understand()` and the real `tcpsleuth ask --json` (no network traffic:
 * understanding a message sends nothing). Rules, fixed before the first run:
 * - questions: right when the lesson is one of the labelled ones; a `none` item is right when no
 *   lesson is named. A question that would start traffic (`act`) is wrong.
 * - small talk: honest when nothing is acted on, no lesson is named and the intent is greeting,
 *   thanks, off-topic or unknown.
 * - follow-ups: right when `followUp` matches and, where the label names a host or port, the
 *   resolved target matches it.
 * - pasted errors: class right when `errorClass` matches; host+port right when both match (hosts
 *   compared without case, brackets or a trailing dot; a null label means none named; a port
 *   implied by a URL scheme may also be left out).
 * - targets: right when the host and port match; `act` is counted apart.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { understand, type ThreadFacts, type Understanding } from '../src/chat/understand.js';

const setAt = process.argv.indexOf('--set');
const set = setAt > 0 ? process.argv[setAt + 1] : 'r3';
const dirAt = process.argv.indexOf('--dir');
const dir = dirAt > 0 ? resolve(process.argv[dirAt + 1]) + sep : fileURLToPath(new URL(`../test/fixtures/heldout-${set}/`, import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const load = <T>(name: string): T[] => JSON.parse(readFileSync(dir + name, 'utf8')) as T[];
const showMisses = process.argv.includes('--misses');

interface Question { id: string; partition?: string; text: string; lessons: string[] }
interface SmallTalk { id: string; partition?: string; text: string; kind: string }
interface FollowUp { id: string; partition?: string; thread: ThreadFacts; message: string; expect: { followUp: string; host?: string; port?: number } }
interface Pasted { id: string; partition?: string; text: string; class: string; host: string | null; port: number | null; portImplied?: boolean }
interface TargetItem { id: string; partition?: string; text: string; host: string; port: number; portImplied?: boolean }

const normHost = (h: string | null | undefined) => (h ?? '').toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
const misses: Record<string, string[]> = {};
/** Sets whose items name the source partition they come from (`web`, `issues`): each part also scored by partition. */
const byPartition = new Map<string, Map<string, [number, number]>>();
function tally(set: string, ok: boolean, miss: () => string, item?: { partition?: string }): number {
  if (!ok) (misses[set] ??= []).push(miss());
  if (item?.partition) {
    const parts = byPartition.get(set) ?? byPartition.set(set, new Map()).get(set)!;
    const [right, all] = parts.get(item.partition) ?? [0, 0];
    parts.set(item.partition, [right + (ok ? 1 : 0), all + 1]);
  }
  return ok ? 1 : 0;
}
const brief = (u: Understanding) => JSON.stringify({ intent: u.intent, c: Math.round(u.confidence * 100) / 100, act: u.act, target: u.target, errorClass: u.errorClass, lesson: u.lesson, followUp: u.followUp });
const pct = (n: number, d: number) => `${n}/${d} (${((100 * n) / d).toFixed(1)}%)`;
const lines: string[] = [];

const questions = load<Question>('questions.json');
let chatQ = 0;
let askQ = 0;
for (const q of questions) {
  const none = q.lessons.includes('none');
  const u = understand(q.text);
  chatQ += tally('questions (chat)', !u.act && (none ? u.lesson === undefined : q.lessons.includes(u.lesson ?? '')), () => `${q.id} want ${q.lessons.join('|')} got ${brief(u)}: ${q.text.slice(0, 100)}`, q);
  let asked: string | null = null;
  try {
    asked = (JSON.parse(execFileSync(process.execPath, [cli, 'ask', q.text, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { lesson?: string | null }).lesson ?? null;
  } catch (e) {
    const out = (e as { stdout?: string }).stdout;
    if (out) asked = (JSON.parse(out) as { lesson?: string | null }).lesson ?? null;
  }
  askQ += tally('questions (ask)', none ? asked === null : q.lessons.includes(asked ?? ''), () => `${q.id} want ${q.lessons.join('|')} got ${asked}: ${q.text.slice(0, 100)}`, q);
}
lines.push(`questions answered from the right lesson: chat ${pct(chatQ, questions.length)}, ask ${pct(askQ, questions.length)}`);

const talk = load<SmallTalk>('small-talk.json');
let honest = 0;
let kindRight = 0;
for (const t of talk) {
  const u = understand(t.text);
  honest += tally('small talk', !u.act && u.lesson === undefined && ['greeting', 'thanks', 'off-topic', 'unknown'].includes(u.intent), () => `${t.id} (${t.kind}) got ${brief(u)}: ${t.text.slice(0, 100)}`, t);
  kindRight += u.intent === t.kind || (t.kind === 'off-topic' && u.intent === 'unknown') ? 1 : 0;
}
lines.push(`off-topic and greetings answered honestly (no lesson, no action): ${pct(honest, talk.length)}; intent named exactly: ${pct(kindRight, talk.length)}`);

const follows = load<FollowUp>('follow-ups.json');
let followRight = 0;
for (const f of follows) {
  const u = understand(f.message, f.thread);
  const e = f.expect;
  const ok = u.followUp === e.followUp && (e.host === undefined || normHost(u.target?.host) === normHost(e.host)) && (e.port === undefined || u.target?.port === e.port);
  followRight += tally('follow-ups', ok, () => `${f.id} want ${JSON.stringify(e)} got ${brief(u)}: ${f.message}`, f);
}
lines.push(`follow-ups resolved right: ${pct(followRight, follows.length)}`);

const pasted = load<Pasted>('pasted-errors.json');
let classRight = 0;
let hpRight = 0;
let pastedActed = 0;
for (const p of pasted) {
  const u = understand(p.text);
  classRight += tally('pasted errors: class', u.errorClass === p.class, () => `${p.id} want ${p.class} got ${brief(u)}: ${p.text.slice(0, 120).replace(/\n/g, ' ⏎ ')}`, p);
  const hostOk = p.host === null ? !u.target?.host : normHost(u.target?.host) === normHost(p.host);
  const portOk = p.port === null ? u.target?.port === undefined : u.target?.port === p.port || (Boolean(p.portImplied) && u.target?.port === undefined);
  hpRight += tally('pasted errors: host and port', hostOk && portOk, () => `${p.id} want ${p.host}:${p.port} got ${JSON.stringify(u.target)}: ${p.text.slice(0, 120).replace(/\n/g, ' ⏎ ')}`, p);
  if (u.act) pastedActed++;
}
lines.push(`pasted errors: class right ${pct(classRight, pasted.length)}, host and port right ${pct(hpRight, pasted.length)}, acted on at once ${pct(pastedActed, pasted.length)}`);

const targets = load<TargetItem>('targets.json');
let targetRight = 0;
let targetActed = 0;
for (const t of targets) {
  const u = understand(t.text);
  const ok = normHost(u.target?.host) === normHost(t.host) && (u.target?.port === t.port || (Boolean(t.portImplied) && u.target?.port === undefined));
  targetRight += tally('targets', ok, () => `${t.id} want ${t.host}:${t.port} got ${brief(u)}: ${t.text.slice(0, 100).replace(/\n/g, ' ⏎ ')}`, t);
  if (u.act) targetActed++;
}
lines.push(`targets: host and port right ${pct(targetRight, targets.length)}, checked at once ${pct(targetActed, targets.length)}`);

for (const [set, parts] of byPartition) lines.push(`  ${set} by source: ${[...parts].map(([name, [right, all]]) => `${name} ${pct(right, all)}`).join(', ')}`);
console.log(lines.join('\n'));
if (showMisses) for (const [set, list] of Object.entries(misses)) console.log(`\n## misses: ${set} (${list.length})\n${list.join('\n')}`);
