/**
 * The held-out set r3 (test/fixtures/heldout-r3/), scored the way bench/heldout-score.ts scores it
 * (its rules, the chat's side only: no `ask` subprocess). r3 was scored once frozen (see
 * test/fixtures/heldout-r3/first-score.md) and is TRAINING data since: the chat's rules were tuned on it.
 */
import { readFileSync } from 'node:fs';
import { understand, type ThreadFacts, type Understanding } from '../../src/chat/understand.js';


interface Question { id: string; text: string; lessons: string[] }
interface SmallTalk { id: string; text: string; kind: string }
interface FollowUp { id: string; thread: ThreadFacts; message: string; expect: { followUp: string; host?: string; port?: number } }
interface Pasted { id: string; text: string; class: string; host: string | null; port: number | null; portImplied?: boolean }
interface TargetItem { id: string; text: string; host: string; port: number; portImplied?: boolean }

export interface R3Score {
  /** Right / total per group (`errors-class`, `errors-target` and `targets` share the pasted and target items). */
  groups: Record<'questions' | 'small-talk' | 'follow-ups' | 'errors-class' | 'errors-target' | 'targets', { right: number; n: number }>;
  /** Items that started traffic at once: pasted errors (must be none), targets (counted apart). */
  acted: { errors: number; targets: number };
  misses: string[];
}

const normHost = (h: string | null | undefined) => (h ?? '').toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
const brief = (u: Understanding) => JSON.stringify({ intent: u.intent, c: Math.round(u.confidence * 100) / 100, act: u.act, target: u.target, errorClass: u.errorClass, lesson: u.lesson, followUp: u.followUp });

/** Scores understand() on every r3 item (bench/heldout-score.ts's rules). */
export function scoreR3(): R3Score {
  return scoreSet('heldout-r3');
}

/** Scores understand() on a set in r3's shape under test/fixtures/ (`heldout-r3`, `chat-dev2`). */
export function scoreSet(name: string): R3Score {
  const dir = new URL(`../fixtures/${name}/`, import.meta.url);
  const load = <T>(file: string): T[] => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as T[];
  const groups: R3Score['groups'] = { questions: { right: 0, n: 0 }, 'small-talk': { right: 0, n: 0 }, 'follow-ups': { right: 0, n: 0 }, 'errors-class': { right: 0, n: 0 }, 'errors-target': { right: 0, n: 0 }, targets: { right: 0, n: 0 } };
  const acted = { errors: 0, targets: 0 };
  const misses: string[] = [];
  const tally = (g: keyof R3Score['groups'], ok: boolean, miss: () => string) => {
    groups[g].n++;
    if (ok) groups[g].right++;
    else misses.push(`${g}: ${miss()}`);
  };
  for (const q of load<Question>('questions.json')) {
    const none = q.lessons.includes('none');
    const u = understand(q.text);
    tally('questions', !u.act && (none ? u.lesson === undefined : q.lessons.includes(u.lesson ?? '')), () => `${q.id} want ${q.lessons.join('|')} got ${brief(u)}: ${q.text.slice(0, 100)}`);
  }
  for (const t of load<SmallTalk>('small-talk.json')) {
    const u = understand(t.text);
    tally('small-talk', !u.act && u.lesson === undefined && ['greeting', 'thanks', 'off-topic', 'unknown'].includes(u.intent), () => `${t.id} (${t.kind}) got ${brief(u)}: ${t.text.slice(0, 100)}`);
  }
  for (const f of load<FollowUp>('follow-ups.json')) {
    const u = understand(f.message, f.thread);
    const e = f.expect;
    const ok = u.followUp === e.followUp && (e.host === undefined || normHost(u.target?.host) === normHost(e.host)) && (e.port === undefined || u.target?.port === e.port);
    tally('follow-ups', ok, () => `${f.id} want ${JSON.stringify(e)} got ${brief(u)}: ${f.message}`);
  }
  for (const p of load<Pasted>('pasted-errors.json')) {
    const u = understand(p.text);
    tally('errors-class', u.errorClass === p.class, () => `${p.id} want ${p.class} got ${brief(u)}: ${p.text.slice(0, 120).replace(/\n/g, ' ⏎ ')}`);
    const hostOk = p.host === null ? !u.target?.host : normHost(u.target?.host) === normHost(p.host);
    const portOk = p.port === null ? u.target?.port === undefined : u.target?.port === p.port || (Boolean(p.portImplied) && u.target?.port === undefined);
    tally('errors-target', hostOk && portOk, () => `${p.id} want ${p.host}:${p.port} got ${JSON.stringify(u.target)}: ${p.text.slice(0, 120).replace(/\n/g, ' ⏎ ')}`);
    if (u.act) acted.errors++;
  }
  for (const t of load<TargetItem>('targets.json')) {
    const u = understand(t.text);
    const ok = normHost(u.target?.host) === normHost(t.host) && (u.target?.port === t.port || (Boolean(t.portImplied) && u.target?.port === undefined));
    tally('targets', ok, () => `${t.id} want ${t.host}:${t.port} got ${brief(u)}: ${t.text.slice(0, 100).replace(/\n/g, ' ⏎ ')}`);
    if (u.act) acted.targets++;
  }
  return { groups, acted, misses };
}
