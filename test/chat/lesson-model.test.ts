/**
 * The learned lesson model (src/chat/lesson-model.ts): the committed weights are what the training
 * script gives, questions in wordings no set holds land on their lesson, small talk and other
 * subjects get none, and the leave-one-set-out score (each held-out set scored by a model that
 * never saw it, the rules replaying their first answers) stays above a floor set under the score
 * measured when the model was first trained, so a regression fails.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { understand } from '../../src/chat/understand.js';
import { lessonOf } from '../../src/chat/lesson-words.js';
import { combine, predict, shippedLessonModel, useLessonModel, type Combination } from '../../src/chat/lesson-model.js';
import { labelledMessages } from '../../scripts/lesson-model-data.js';
import { examplesFrom, foldModels, HYPER, leaveOneSetOut, modelFile, pooled } from '../../scripts/train-lesson-model.js';
import { trainModel } from '../../scripts/lesson-model-train.js';

/**
 * Measured 83.0% over r3–r10 when r10 joined (81.6% before that round's changes; rules alone,
 * replayed: 69.0%; the model alone: 69.8%). Over r3–r9 it was 82.9% when r9 joined, over r3–r8
 * 82.2% when r8 joined.
 */
const HONEST_FLOOR = 0.825;
const SMALL_TALK_FLOOR = 0.98;

afterEach(() => useLessonModel(undefined));

describe('the lesson model', () => {
  it('is what the training script produces from the labelled messages and the lessons', () => {
    const again = modelFile(trainModel(examplesFrom(labelledMessages()), HYPER, shippedLessonModel().combination));
    expect(again).toBe(readFileSync(new URL('../../src/chat/lesson-model-weights.ts', import.meta.url), 'utf8'));
  }, 120_000);

  // Written for this test, in no labelled set: the lesson's subject in words its rules do not list.
  // Three more written with them still miss (no lesson): "how does the sender decide how many
  // segments it may have in flight at the start" (slow-transfers) and "what are the three packets
  // exchanged before any data flows" (handshake), where the model's `none` outweighs them; and "the
  // receiver advertises a window of zero and the sender just sits there" (flow-control), which has
  // none of networking's words (subjects.ts), where the model names no lesson.
  it.each([
    ['my game server is up but nobody outside my house can join it', 'firewalls'],
    ['after a few quiet hours our database connections are dead and the first query fails', 'keepalive'],
    ['why does the browser complain that the site certificate has expired', 'tls'],
  ])('answers %j from the %s lesson', (message, lesson) => {
    expect(understand(message).lesson).toBe(lesson);
  });

  it.each(['good morning!', 'thanks a lot, that fixed it', 'what is a good recipe for banana bread?', 'who won the football match last night?', 'can you help me center a div in css?'])('gives no lesson to %j', (message) => {
    expect(understand(message).lesson).toBeUndefined();
    expect(lessonOf(message)).toBeUndefined();
  });

  it('changes the answer where the rules alone name no lesson', () => {
    const message = 'my game server is up but nobody outside my house can join it';
    useLessonModel(null);
    const rulesAlone = lessonOf(message);
    useLessonModel(undefined);
    expect(rulesAlone).toBeUndefined();
    expect(lessonOf(message)).toBe('firewalls');
    expect(predict(shippedLessonModel(), message).find((x) => x.label !== 'none')?.label).toBe('firewalls');
  });

  it('combines rules and model as the combination says: a sure model overrules strong rules, a sure none sets weak rules aside', () => {
    const c: Combination = { strong: 3, minProb: 0.1, minProbOffTopic: 2, noneVeto: 0.5, overrule: 0.6 };
    const offTopicSure: Combination = { ...c, minProbOffTopic: 0.5 };
    const probs = (top: string, p: number) => [{ label: top, p }, { label: top === 'none' ? 'rst' : 'none', p: 1 - p }];
    expect(combine({ named: 'rst', phrases: 4 }, probs('firewalls', 0.7), true, c)).toBe('firewalls');
    expect(combine({ named: 'rst', phrases: 4 }, probs('firewalls', 0.55), true, c)).toBe('rst');
    expect(combine({ named: 'rst', phrases: 4 }, probs('firewalls', 0.9), false, c)).toBe('rst');
    expect(combine({ named: 'rst', phrases: 2 }, [{ label: 'none', p: 0.95 }, { label: 'dns', p: 0.05 }], true, c)).toBeUndefined();
    const someDns = [{ label: 'dns', p: 0.3 }, { label: 'none', p: 0.45 }, { label: 'rst', p: 0.25 }];
    expect(combine({ named: undefined, phrases: 0 }, someDns, true, c)).toBe('dns');
    expect(combine({ named: undefined, phrases: 0 }, someDns, false, c)).toBeUndefined();
    // A sure none comes before a lesson that is merely likely enough: "What is port 3306?"
    expect(combine({ named: 'firewalls', phrases: 2 }, [{ label: 'none', p: 0.79 }, { label: 'firewalls', p: 0.12 }], true, c)).toBeUndefined();
    // Without networking's words the model names a lesson only when it is sure of it.
    expect(combine({ named: undefined, phrases: 0 }, [{ label: 'dns', p: 0.9 }, { label: 'none', p: 0.1 }], false, offTopicSure)).toBe('dns');
    expect(combine({ named: undefined, phrases: 0 }, someDns, false, offTopicSure)).toBeUndefined();
    // A model that finds the rules' lesson ten times less likely than its own overrules even strong rules.
    const disbelieving: Combination = { ...c, overrule: null, disbelief: 10 };
    const rstOverHandshake = [{ label: 'rst', p: 0.5 }, { label: 'none', p: 0.46 }, { label: 'handshake', p: 0.04 }];
    expect(combine({ named: 'handshake', phrases: 4 }, rstOverHandshake, true, disbelieving)).toBe('rst');
    expect(combine({ named: 'handshake', phrases: 4 }, rstOverHandshake, true, { ...disbelieving, disbelief: null })).toBe('handshake');
    expect(combine({ named: 'handshake', phrases: 4 }, [{ label: 'rst', p: 0.5 }, { label: 'handshake', p: 0.1 }, { label: 'none', p: 0.4 }], true, disbelieving)).toBe('handshake');
    expect(combine({ named: 'handshake', phrases: 4 }, [{ label: 'rst', p: 0.25 }, { label: 'none', p: 0.74 }, { label: 'handshake', p: 0.01 }], true, disbelieving)).toBe('handshake');
  });

  it('keeps its leave-one-set-out score above the floor', () => {
    const messages = labelledMessages();
    const c = shippedLessonModel().combination;
    const scores = leaveOneSetOut(messages, foldModels(messages, c), c, true);
    const p = pooled(scores);
    console.log(scores.map((s) => `${s.set} ${s.right}/${s.questions}`).join(', '), `pooled ${(100 * p.questions).toFixed(1)}%, small talk ${(100 * p.talk).toFixed(1)}%`);
    expect(p.questions).toBeGreaterThanOrEqual(HONEST_FLOOR);
    expect(p.talk).toBeGreaterThanOrEqual(SMALL_TALK_FLOOR);
  }, 300_000);
});
