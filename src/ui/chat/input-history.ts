/**
 * ↑/↓ over earlier messages, as a pure reducer (the shape of gemini-cli's useInputHistory): ↑ from
 * the newest entry backwards, ↓ forwards, and past the newest back to the draft the user was typing.
 */

export interface InputHistory {
  /** Earlier messages, oldest first (consecutive duplicates kept once). */
  readonly entries: readonly string[];
  /** The entry shown now, or -1 when the user is editing their own draft. */
  readonly index: number;
  /** What was in the box before ↑ was first pressed. */
  readonly draft: string;
}

/** How many messages are remembered: enough for a session, bounded for a long-running one. */
export const HISTORY_LIMIT = 200;

export const EMPTY_HISTORY: InputHistory = { entries: [], index: -1, draft: '' };

/** Records a sent message and stops browsing. Blank messages are not recorded. */
export function remember(h: InputHistory, message: string): InputHistory {
  if (!message.trim()) return { ...h, index: -1, draft: '' };
  const entries = h.entries.at(-1) === message ? h.entries : [...h.entries, message].slice(-HISTORY_LIMIT);
  return { entries, index: -1, draft: '' };
}

/** ↑: the previous entry; undefined when there is none (the box stays as it is). */
export function older(h: InputHistory, current: string): { history: InputHistory; text: string } | undefined {
  if (!h.entries.length || h.index === 0) return undefined;
  const index = h.index === -1 ? h.entries.length - 1 : h.index - 1;
  return { history: { ...h, index, draft: h.index === -1 ? current : h.draft }, text: h.entries[index] };
}

/** ↓: the next entry, or the draft after the newest; undefined when not browsing. */
export function newer(h: InputHistory): { history: InputHistory; text: string } | undefined {
  if (h.index === -1) return undefined;
  if (h.index === h.entries.length - 1) return { history: { ...h, index: -1, draft: '' }, text: h.draft };
  return { history: { ...h, index: h.index + 1 }, text: h.entries[h.index + 1] };
}
