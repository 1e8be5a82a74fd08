/**
 * How well `explain` and `ask` read what people type, on real text: the held-out sets
 * (test/fixtures/heldout/, never tuned on) and the tuning sets, plus the misses.
 * Run: npm run bench:readers   (--quiet: only the score lines; --tuning-only: skip the held-out sets)
 */
import { scoreAsk, scoreExplain, loadEntries, type AskCase, type ExplainCase } from './readers-score.js';

const quiet = process.argv.includes('--quiet');
/** While tuning, score only the tuning sets: the held-out sets are scored once, at the end. */
const tuningOnly = process.argv.includes('--tuning-only');
const fixture = (path: string) => new URL(`../test/fixtures/${path}`, import.meta.url);

const none = { total: 0, hits: 0, misses: [] as string[] };
const explainHeld = tuningOnly ? { target: none, class: none } : scoreExplain(loadEntries<ExplainCase>(fixture('heldout/explain.json')));
const askHeld = tuningOnly ? none : scoreAsk(loadEntries<AskCase>(fixture('heldout/ask.json')));
const explainTune = scoreExplain(loadEntries<ExplainCase>(fixture('errors-real/tuning.json')));
const askTune = scoreAsk(
  (JSON.parse((await import('node:fs')).readFileSync(fixture('ask-questions.json'), 'utf8')) as Array<{ question: string; topic: string }>).map(
    (q) => ({ question: q.question, topics: [q.topic], source: 'ask-questions.json' }),
  ),
);

const pct = (h: number, t: number) => `${h}/${t}`;
const lines = [
  tuningOnly ? '(held-out sets not scored: --tuning-only)' : `explain held-out: target ${pct(explainHeld.target.hits, explainHeld.target.total)}, class ${pct(explainHeld.class.hits, explainHeld.class.total)}; ask held-out: ${pct(askHeld.hits, askHeld.total)}`,
  `explain tuning:   target ${pct(explainTune.target.hits, explainTune.target.total)}, class ${pct(explainTune.class.hits, explainTune.class.total)}; ask tuning:   ${pct(askTune.hits, askTune.total)}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (!quiet) {
  const section = (title: string, misses: string[]) => (misses.length ? `\n${title} (${misses.length}):\n${misses.join('\n')}\n` : '');
  process.stdout.write(
    section('explain held-out misses, target', explainHeld.target.misses) +
      section('explain held-out misses, class', explainHeld.class.misses) +
      section('ask held-out misses', askHeld.misses) +
      section('explain tuning misses', [...explainTune.target.misses, ...explainTune.class.misses]) +
      section('ask tuning misses', askTune.misses),
  );
}
