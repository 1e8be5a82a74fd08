/**
 * The live many-targets table in a terminal: redrawn in place (cursor up, clear to the end) a few
 * times a second, the cursor hidden meanwhile and restored on every exit path. Rows beyond the
 * screen's height fold into one line; the final table is printed whole.
 */
import { onCleanup } from '../lifecycle.js';
import type { Paint } from '../output/colors.js';
import { formatHeaderRow, formatRow, widthsFor, type ManyRow } from './table.js';

export interface LiveTable {
  update(): void;
  /** Stops redrawing and leaves the final table on screen. */
  finish(footer: string): void;
}

/** How a live table draws its header and rows (the many-targets table by default). */
export interface LiveLayout<R> {
  header(): string;
  row(r: R): string;
}

/** Starts redrawing `rows` (the caller mutates them) on `out`. */
export function startLiveTable<R extends { state: ManyRow['state'] } = ManyRow>(rows: R[], paint: Paint, out: NodeJS.WriteStream = process.stdout, layout?: LiveLayout<R>): LiveTable {
  const widths = layout ? undefined : widthsFor(rows as unknown as ManyRow[]);
  const { header, row } = layout ?? { header: () => formatHeaderRow(widths!, paint), row: (r: R) => formatRow(r as unknown as ManyRow, widths!, paint) };
  let drawn = 0;
  let dirty = true;
  const show = () => {
    out.write('\x1b[?25h');
  };
  out.write('\x1b[?25l');
  const unregister = onCleanup(show);
  const onExit = () => show();
  process.once('exit', onExit);

  const render = (all: boolean): string[] => {
    const lines = [header()];
    const room = Math.max(3, (out.rows ?? 40) - 3);
    let visible = rows;
    if (!all && rows.length > room) {
      // Keep what is moving (running) and the most recent results; fold the rest into one line.
      const running = rows.filter((r) => r.state === 'running');
      const done = rows.filter((r) => r.state === 'done').slice(-(room - running.length - 1));
      visible = [...done, ...running].slice(0, room - 1);
      const hidden = rows.length - visible.length;
      lines.push(paint('muted', `… ${hidden} more (${rows.filter((r) => r.state === 'waiting').length} waiting)`));
    }
    for (const r of visible) lines.push(row(r));
    return lines;
  };
  const draw = (all = false, footer?: string) => {
    const lines = render(all);
    if (footer) lines.push('', footer);
    out.write(`${drawn ? `\x1b[${drawn}A\r\x1b[0J` : ''}${lines.join('\n')}\n`);
    drawn = lines.length;
    dirty = false;
  };
  // Running rows show their time, so redraw even without news.
  const timer = setInterval(() => draw(), 200);
  draw();
  return {
    update() {
      if (dirty) return;
      dirty = true;
      setImmediate(() => dirty && draw());
    },
    finish(footer) {
      clearInterval(timer);
      draw(true, footer);
      show();
      unregister();
      process.removeListener('exit', onExit);
    },
  };
}
