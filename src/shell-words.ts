/** Quoting for a POSIX shell: the one place a word is made safe for `sh` (remote ssh commands, printed commands). */

/** One word for a POSIX shell: bare when it is plainly safe, else single-quoted with embedded quotes escaped. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Words joined into one command line a person can paste into a shell. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
