/**
 * One temporary folder for the whole run: every test, and every tcpsleuth it starts, writes its
 * temporary files (captures, state, key pairs) under it through TMPDIR, and it is removed when
 * the run ends, so a run leaves nothing in /tmp whichever test forgot to clean up.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tsl-test-run-'));
  // Open to all like /tmp itself: some tests run tcpsleuth as nobody.
  chmodSync(dir, 0o1777);
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
