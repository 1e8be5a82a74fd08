// Preloaded with `node --import`: records every module file the process loads into $TRACE_FILE.
import { register } from 'node:module';
import { appendFileSync } from 'node:fs';
register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      if (url.startsWith('file:')) appendFileSync(${JSON.stringify(process.env.TRACE_FILE)}, url + '\\n');
      return next(url, context);
    }
  `)}`,
);
appendFileSync(process.env.TRACE_FILE, '');
