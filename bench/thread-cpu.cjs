/**
 * Preloaded (`node -r`) into the timed runs of bench/analyze.ts: at exit, appends to the file
 * THREAD_CPU_FILE names "MAIN BACKGROUND", the CPU seconds (user + system) of the main thread and
 * of all other threads together (V8's background compiler and garbage collector, libuv's pool),
 * read from /proc/self/task (Linux; elsewhere it writes nothing). Clock ticks are USER_HZ, 100.
 */
const { appendFileSync, readdirSync, readFileSync } = require('node:fs');

const file = process.env.THREAD_CPU_FILE;
if (file) {
  process.on('exit', () => {
    let main = 0;
    let background = 0;
    try {
      for (const tid of readdirSync('/proc/self/task')) {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
        if (Number(tid) === process.pid) main += seconds;
        else background += seconds;
      }
    } catch {
      return;
    }
    appendFileSync(file, `${main.toFixed(2)} ${background.toFixed(2)}\n`);
  });
}
