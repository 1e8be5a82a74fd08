/** Opens the notebook UI in the terminal (only ever loaded in a TTY). */
import { render } from 'ink';
import { onCleanup } from '../../lifecycle.js';
import type { Lesson } from '../../notebook/cells.js';
import { loadProgress, saveProgress, type Progress } from '../../notebook/progress.js';
import { NotebookApp } from './NotebookApp.js';

/** Renders the notebook, waits until the learner quits, returns the exit code. */
export async function openNotebook(lessons: Lesson[], lessonId?: string): Promise<number> {
  const index = lessonId === undefined ? undefined : lessons.findIndex((l) => l.id === lessonId);
  let notSaved: string | undefined;
  const onSave = (p: Progress) => {
    try {
      saveProgress(p);
    } catch (err) {
      // Said once, after the screen is gone: the lesson goes on without saving.
      notSaved = err instanceof Error ? err.message : String(err);
    }
  };
  const app = render(<NotebookApp lessons={lessons} startLesson={index} progress={loadProgress()} onSave={onSave} />, { exitOnCtrlC: false });
  // SIGTERM/SIGHUP: unmounting aborts a running experiment (its lab server closes) and restores the terminal.
  const unregister = onCleanup(() => app.unmount());
  let code = 0;
  await app.waitUntilExit().catch(() => {
    code = 130;
  });
  unregister();
  if (notSaved) process.stderr.write(`tcpsleuth: ${notSaved}\n`);
  return code;
}
