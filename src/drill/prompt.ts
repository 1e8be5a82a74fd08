/**
 * `drill start` in a terminal: after the ticket it stays and takes the answer (verdict, cause, who
 * to ask), with `hint` and `stop` at any question. Ctrl-C ends the drill and tears the fault down;
 * closing the terminal leaves it up (the holder is detached), for `drill status` later.
 */
import { createInterface } from 'node:readline/promises';
import { answerDrill, stopDrill, takeHint, DrillError, type StartedDrill } from './index.js';
import { readAsker, readCause, readVerdict } from './grade.js';
import { answerLines } from './text.js';

class Stopped extends Error {}

/** Asks until the learner answers or stops; returns the exit code (0 all right, 1 not, 130 Ctrl-C). */
export async function askInTerminal(drill: StartedDrill): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const aborter = new AbortController();
  let interrupted = false;
  rl.on('SIGINT', () => {
    interrupted = true;
    aborter.abort();
  });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('\nAnswer here when you are ready (type hint or stop at any question; Ctrl-C ends the drill).');
  /** One question, re-asked until `read` accepts the words. */
  const ask = async <T>(question: string, read: (text: string) => T, optional = false): Promise<T | undefined> => {
    for (;;) {
      const text = (await rl.question(question, { signal: aborter.signal })).trim();
      if (text === 'stop') throw new Stopped();
      if (text === 'hint') {
        const h = takeHint(drill.id);
        say(h.hint ? `hint (−10 points): ${h.hint}` : 'No hints left.');
        continue;
      }
      if (!text && optional) return undefined;
      try {
        return read(text);
      } catch (err) {
        say(err instanceof DrillError ? err.message : String(err));
      }
    }
  };
  try {
    const verdict = await ask('verdict? ', (t) => readVerdict(t));
    const cause = await ask('cause (number)? ', (t) => readCause(t), true);
    const who = await ask('who to ask (service-owner, network-team, security-team)? ', (t) => readAsker(t), true);
    rl.close();
    const r = await answerDrill(drill.id, { verdict: verdict!, cause, ask: who });
    say('');
    say(answerLines(r).join('\n'));
    return r.allCorrect ? 0 : 1;
  } catch (err) {
    rl.close();
    if (err instanceof Stopped || interrupted || (err as Error).name === 'AbortError') {
      await stopDrill({ id: drill.id });
      say(`\ndrill ${drill.id} stopped: the fault is gone`);
      return interrupted ? 130 : 0;
    }
    throw err;
  }
}
