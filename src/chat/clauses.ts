/**
 * A short chat message cut into its clauses, so each reader can look at the part that carries the
 * answer, the target or the request instead of matching the whole message: "Thanks. I'd love
 * to." is thanks and a yes; "I appreciate the offer, but no" is thanks and a no; "it only drops a
 * few times a day, can you keep checking?" ends in a request. Pure.
 */

export interface Clause {
  /** As written (case kept: host names come from here), trimmed. */
  raw: string;
  /** Lower-cased, curly apostrophes folded, spaces collapsed, end punctuation gone. */
  lower: string;
  /** The clause ended with a question mark. */
  asks: boolean;
}

/**
 * Where a clause ends: `,` `;` `!` `?`, a full stop or colon before a space (not inside
 * `db.internal` or `host:5432`), a dash between spaces, "but" between words, and ", and" / "and
 * then" before a new request ("… and tell me if it's still alive").
 */
const BREAK = /([,;!?，；！？、]+|\.{1,3}(?=\s|$)|:(?=\s|$)|\s[-–—]\s|\s+but\s+|\s+and (?=(?:then |also )?(?:tell|let|see|check|try|test|show|why|how|what|where)\b))/i;

/** Typos of the few words follow-ups turn on ("agian pls", "is there a firewal in the way?"). */
const TYPOS: Record<string, string> = { agian: 'again', agin: 'again', aagin: 'again', firewal: 'firewall', firwall: 'firewall', firewll: 'firewall', chekc: 'check', chek: 'check', cehck: 'check' };
const TYPO = new RegExp(String.raw`\b(?:${Object.keys(TYPOS).join('|')})\b`, 'g');

/** The lower-cased form of a piece of a message (what every reader matches against). */
export function lowered(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(TYPO, (w) => TYPOS[w] ?? w)
    .trim();
}

/** The message's clauses, in order; empty pieces dropped. At most 12 (a longer message is no reply). */
export function clausesOf(text: string): Clause[] {
  const parts = text.trim().split(BREAK);
  const out: Clause[] = [];
  for (let i = 0; i < parts.length && out.length < 12; i += 2) {
    const raw = parts[i].trim();
    const after = parts[i + 1] ?? '';
    if (!raw) continue;
    const lower = lowered(raw);
    if (lower) out.push({ raw, lower, asks: after.includes('?') });
  }
  return out;
}

/** Words in a lower-cased clause. */
export function wordsOf(lower: string): string[] {
  return lower.split(' ').filter(Boolean);
}
