/**
 * Child process for the crash test: saves progress in a tight loop (bounded) until it is killed.
 * Each save carries a big, changing payload so a kill often lands in the middle of a write.
 */
import { saveProgress, emptyProgress, recordQuiz } from '../../../src/notebook/progress.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: progress-writer DIR');
const progress = emptyProgress();
for (let i = 0; i < 400; i++) recordQuiz(progress, `lesson-${i}`, 'q', i % 4, i % 2 === 0);
saveProgress(progress, dir); // so a file exists before the first kill
process.stdout.write('ready\n');
for (let round = 0; round < 20_000; round++) {
  for (let i = 0; i < 400; i += 37) recordQuiz(progress, `lesson-${i}`, `q${round % 5}`, round % 4, round % 3 === 0);
  saveProgress(progress, dir);
}
