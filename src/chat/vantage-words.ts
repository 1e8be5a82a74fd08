/**
 * "Does it work from app-1?", "check it from the jump host too", "try db:5432 from app-1 and
 * app-2", "from all web servers", "and from here?": a check asked for from other machines (issue
 * 21). A name that is not an ssh URL is an ssh host alias (the person's ~/.ssh/config); "all web
 * servers" is a group of an Ansible inventory (TCPSLEUTH_INVENTORY); here / this machine is
 * `local`. Only a request reads this way: "connection refused from the server" or "I can't
 * connect from home" are not. Pure.
 */

export interface VantageAsk {
  /** Vantage points as `check --from` takes them: `local`, an ssh alias, `user@host`, `ssh://…`. */
  names: string[];
  /** An inventory group, as the words named it ("web servers"); the job finds the group it means. */
  group?: string;
  /** The message without its "from …" part (it may still name the target: "check db:5432"). */
  rest: string;
}

/** The request around "from": a question whether it works, or a verb of checking. */
const ASKS = /^(?:(?:ok|okay|so|and|now|then|also|please|pls|hmm+|what about|how about)[,.]?\s+)*(?:(?:does|did|do|is|will|would|can|could)\b.*\b(?:work|works|reach\w*|connect\w*|open|up|reachable|look|fine|same|fail\w*|answer\w*)\b|(?:check|try|test|probe|run|re-?run|repeat|do|redo)\b|what (?:does|do) (?:it|this|that|they) (?:look like|say)\b|(?:same|and|also|now|then|what about|how about)\b.*\bfrom\b|from\b)/;
const HERE = /^(?:here|local(?:ly)?|localhost|this (?:machine|box|host|laptop|computer|server)|my (?:machine|laptop|box|computer)|me)$/;
/** Places that are no ssh destination ("from home", "from outside", "from the browser"). */
const NOT_VANTAGE = new Set('home outside inside internet office work there anywhere everywhere elsewhere browser start beginning scratch time now then before outside? the a an it that this which where server client container pod docker cloud other another same internet? same? my our your their'.split(' '));
const NAME = /^(?:ssh:\/\/\S+|[\w.-]{1,64}@[\w.:[\]%-]{1,253}|\[[0-9a-f:.%\w]+\]|[a-z0-9][\w.-]{0,62})$/i;
const GROUP = /\bfrom (?:all|every|each)(?: of)?(?: the| our| my)? ([a-z][\w-]{0,40}(?: [a-z][\w-]{0,40})?)\s*(?:too|as well|please|now)?[?.!]*$/i;
const FROM = /\bfrom (?:the )?((?:ssh:\/\/)?[^\s,?!]+)((?:\s*(?:,|and|&)\s*(?:from )?(?:the )?(?:ssh:\/\/)?[^\s,?!]+){0,8})(?:\s+(?:host|box|server|machine|node|vm|jump ?box|bastion))?\s*(?:too|as well|also|please|now|instead)?[?.!]*$/i;

/** The vantage points a message asks for, or null when it asks for none. */
export function readVantageAsk(message: string): VantageAsk | null {
  const text = message.trim().replace(/\s+/g, ' ');
  // A request is short; "…waiting for approval from Legal" at the end of a story is not one.
  if (text.length > 200 || text.includes('\n') || !/\bfrom\b/i.test(text) || text.split(' ').length > 14) return null;
  const lower = text.toLowerCase();
  if (!ASKS.test(lower)) return null;
  const g = GROUP.exec(text);
  if (g) {
    const group = g[1].toLowerCase().replace(/\b(?:too|please|now)$/, '').trim();
    return { names: [], group, rest: text.slice(0, g.index).trim() };
  }
  const m = FROM.exec(text);
  if (!m) return null;
  const words = [m[1], ...(m[2] ? m[2].split(/\s*(?:,|\band\b|&)\s*/) : [])]
    .map((w) => w.replace(/^from\s+/i, '').replace(/^the\s+/i, '').replace(/[?.!]+$/, '').trim())
    .filter(Boolean);
  const names: string[] = [];
  for (const w of words) {
    const lw = w.toLowerCase();
    if (HERE.test(lw)) names.push('local');
    else if (NOT_VANTAGE.has(lw) || !NAME.test(w) || /^\d+$/.test(w)) return null;
    else names.push(w);
  }
  // "from the jump host": the alias is the name before "host" ("jump"); a lone "host" is no name.
  return names.length ? { names: [...new Set(names)], rest: text.slice(0, m.index).trim() } : null;
}

/** Inventory group names the words may mean: "web servers" → web_servers, webservers, web-servers, web. */
export function groupCandidates(words: string): string[] {
  const w = words.toLowerCase().trim().split(/\s+/);
  const joined = [w.join('_'), w.join(''), w.join('-')];
  const singular = w.map((x) => x.replace(/s$/, ''));
  const firstOnly = w.length > 1 ? [w[0], singular[0]] : [singular[0]];
  return [...new Set([...joined, singular.join('_'), singular.join(''), singular.join('-'), ...firstOnly])];
}
