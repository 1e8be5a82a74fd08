/**
 * `drill start` in a terminal: after the ticket it stays and takes the answer (verdict, cause, who
 * to ask), with `hint` and `stop` at any question. Ctrl-C ends the drill and tears the fault down;
 * closing the terminal leaves it up (the holder is detached), for `drill status` later.
 */
import { selfCommandLine } from '../self-command.js';
import { HINT_COST } from './catalogue.js';
import { createInterface } from 'node:readline';
import { answerDrill, stopDrill, takeHint, DrillError, type StartedDrill } from './index.js';
import { readDrill } from './state.js';
import { readAsker, readCause, readVerdict } from './grade.js';
import { answerLines } from './text.js';

class Stopped extends Error {}
/** The input ended (Ctrl-D, the terminal went away): leave the drill up for `drill status`. */
class Detached extends Error {}
/** The drill was answered or stopped from another terminal: nothing is left to ask here. */
class EndedElsewhere extends Error {}

/** How often the waiting terminal looks whether the drill still runs. */
const ELSEWHERE_POLL_MS = 500;

/** Asks until the learner answers or stops; returns the exit code (0 all right, 1 not, 130 Ctrl-C). */
export async function askInTerminal(drill: StartedDrill): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Lines typed (or pasted) ahead of a question are queued, not lost: the iterator buffers them.
  const lines = rl[Symbol.asyncIterator]();
  let interrupted = false;
  let answered = false;
  let end: (err: Error) => void = () => undefined;
  const interruptedNow = new Promise<never>((_, reject) => {
    end = reject;
  });
  interruptedNow.catch(() => undefined);
  rl.on('SIGINT', () => {
    interrupted = true;
    end(new Stopped());
  });
  rl.on('close', () => {
    if (!answered) end(new Detached());
  });
  const elsewhere = setInterval(() => {
    if (readDrill(drill.id)?.status !== 'up') end(new EndedElsewhere());
  }, ELSEWHERE_POLL_MS);
  elsewhere.unref();
  const nextLine = async (question: string): Promise<string> => {
    process.stdout.write(question);
    const r = await Promise.race([lines.next(), interruptedNow]);
    if (r.done) throw new Detached();
    return r.value;
  };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('\nAnswer here when you are ready (type hint or stop at any question; Ctrl-C ends the drill).');
  /** One question, re-asked until `read` accepts the words. */
  const ask = async <T>(question: string, read: (text: string) => T, optional = false): Promise<T | undefined> => {
    for (;;) {
      const text = (await nextLine(question)).trim();
      if (text === 'stop') throw new Stopped();
      if (text === 'hint') {
        const h = takeHint(drill.id);
        say(h.hint ? `hint (−${HINT_COST} points): ${h.hint}` : 'No hints left.');
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
    answered = true;
    clearInterval(elsewhere);
    rl.close();
    const r = await answerDrill(drill.id, { verdict: verdict!, cause, ask: who });
    say('');
    say(answerLines(r).join('\n'));
    return r.allCorrect ? 0 : 1;
  } catch (err) {
    answered = true;
    clearInterval(elsewhere);
    rl.close();
    if (err instanceof EndedElsewhere) {
      say(`\n\ndrill ${drill.id} was answered or stopped from another terminal: nothing left to answer here (${selfCommandLine(['drill', 'status'])} lists the running ones).`);
      return 0;
    }
    if (err instanceof Detached && !interrupted) {
      say(`\ndrill ${drill.id} is still up: ${selfCommandLine(['drill', 'status'])}, ${selfCommandLine(['drill', 'answer', drill.id])} …`);
      return 0;
    }
    if (err instanceof Stopped || interrupted) {
      await stopDrill({ id: drill.id });
      say(`\ndrill ${drill.id} stopped: the fault is gone`);
      return interrupted ? 130 : 0;
    }
    throw err;
  }
}
