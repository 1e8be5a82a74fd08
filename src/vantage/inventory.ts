/**
 * Ansible inventories, INI and YAML, read just far enough to know where to ssh: groups (with
 * `:children`), host ranges (`web[01:20].example.com`, `db-[a:c]`), and the connection variables
 * (`ansible_host`, `ansible_port`, `ansible_user`, `ansible_connection=local`) from the host, its
 * groups' vars and `all`. Everything else (other variables, plugins) is ignored. Pure.
 */
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../errors.js';
import { argEcho } from '../sinks/terminal.js';

/** One host of the inventory, with the variables that say how to reach it. */
export interface InventoryHost {
  name: string;
  vars: Record<string, string>;
}

interface Group {
  hosts: string[];
  children: string[];
  vars: Record<string, string>;
}

/** The inventory: groups in file order, each host's own variables. */
export interface Inventory {
  groups: Map<string, Group>;
  hostVars: Map<string, Record<string, string>>;
}

/** More hosts than this from one inventory is a usage error (a range typo, not a fleet). */
export const MAX_INVENTORY_HOSTS = 2000;

const group = (inv: Inventory, name: string): Group => {
  let g = inv.groups.get(name);
  if (!g) inv.groups.set(name, (g = { hosts: [], children: [], vars: {} }));
  return g;
};

/** `web[01:03].x` → web01.x, web02.x, web03.x; letters too (`[a:c]`), and a stride (`[0:10:5]`). */
export function expandHostPattern(pattern: string): string[] {
  const m = /^(.*?)\[([0-9a-z]+):([0-9a-z]+)(?::(\d+))?\](.*)$/i.exec(pattern);
  if (!m) return [pattern];
  const [, head, from, to, strideText, tail] = m;
  const stride = Number(strideText ?? 1) || 1;
  const out: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const width = from.startsWith('0') ? from.length : 0;
    for (let i = Number(from); i <= Number(to) && out.length <= MAX_INVENTORY_HOSTS; i += stride) out.push(`${head}${String(i).padStart(width, '0')}`);
  } else if (/^[a-z]$/i.test(from) && /^[a-z]$/i.test(to)) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c += stride) out.push(`${head}${String.fromCharCode(c)}`);
  } else throw new UsageError(`bad host range "${argEcho(pattern)}" (write [01:20] or [a:f])`);
  if (out.length > MAX_INVENTORY_HOSTS) throw new UsageError(`the host range "${argEcho(pattern)}" makes more than ${MAX_INVENTORY_HOSTS} hosts`);
  return out.flatMap((h) => expandHostPattern(`${h}${tail}`));
}

/** Words of an INI host line: `host a=1 b="two words"`. */
function iniWords(line: string): string[] {
  return [...line.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)].map((m) => m[0]);
}

const unquote = (v: string) => v.replace(/^(["'])(.*)\1$/, '$2');

function keyValues(words: string[], where: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new UsageError(`${where}: "${argEcho(w)}" is not key=value`);
    vars[w.slice(0, eq)] = unquote(w.slice(eq + 1));
  }
  return vars;
}

/** Reads an INI inventory; throws UsageError naming the line of the first thing it cannot read. */
export function parseIniInventory(text: string, source = 'inventory'): Inventory {
  const inv: Inventory = { groups: new Map(), hostVars: new Map() };
  let section: { name: string; kind: 'hosts' | 'children' | 'vars' } = { name: 'ungrouped', kind: 'hosts' };
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/^\s*[#;].*$/, '').replace(/\s+#.*$/, '').trim();
    if (!line) continue;
    const where = `${source} line ${i + 1}`;
    const head = /^\[([^\]:]+)(?::(children|vars))?\]$/.exec(line);
    if (head) {
      section = { name: head[1].trim(), kind: (head[2] as 'children' | 'vars' | undefined) ?? 'hosts' };
      group(inv, section.name);
      continue;
    }
    if (line.startsWith('[')) throw new UsageError(`${where}: "${argEcho(line)}" is not a group heading`);
    if (section.kind === 'children') group(inv, section.name).children.push(line);
    else if (section.kind === 'vars') Object.assign(group(inv, section.name).vars, keyValues(iniWords(line), where));
    else {
      const [pattern, ...rest] = iniWords(line);
      const vars = keyValues(rest, where);
      // `host:2222` gives the port as the INI format allows (a range's own colons stay inside [ ]).
      const hp = /^(.+):(\d+)$/.exec(pattern);
      const withPort = hp && (hp[1].match(/\[/g) ?? []).length === (hp[1].match(/\]/g) ?? []).length;
      const base = withPort ? hp[1] : pattern;
      if (withPort) vars.ansible_port ??= hp[2];
      for (const name of expandHostPattern(base)) {
        group(inv, section.name).hosts.push(name);
        inv.hostVars.set(name, { ...inv.hostVars.get(name), ...vars });
      }
    }
  }
  return inv;
}

type YamlGroup = { hosts?: Record<string, unknown> | null; vars?: Record<string, unknown> | null; children?: Record<string, YamlGroup | null> | null };

const strings = (o: Record<string, unknown> | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)).map(([k, v]) => [k, String(v)]));

/** Reads a YAML inventory (`all: { hosts, vars, children }`); throws UsageError when it is not one. */
export function parseYamlInventory(text: string, source = 'inventory'): Inventory {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new UsageError(`${source} is not valid YAML: ${argEcho((err as Error).message.split('\n')[0])}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${source}: a YAML inventory is a map of groups (all: {hosts: …, children: …})`);
  const inv: Inventory = { groups: new Map(), hostVars: new Map() };
  const seen = new Set<string>();
  const walk = (name: string, g: YamlGroup | null, depth: number) => {
    if (depth > 20) throw new UsageError(`${source}: groups nest deeper than 20 levels`);
    const mine = group(inv, name);
    if (!g || typeof g !== 'object') return;
    if (seen.has(name)) return;
    seen.add(name);
    Object.assign(mine.vars, strings(g.vars));
    for (const [pattern, vars] of Object.entries(g.hosts ?? {})) {
      for (const host of expandHostPattern(pattern)) {
        mine.hosts.push(host);
        inv.hostVars.set(host, { ...inv.hostVars.get(host), ...strings(vars as Record<string, unknown> | null) });
      }
    }
    for (const [child, cg] of Object.entries(g.children ?? {})) {
      mine.children.push(child);
      walk(child, cg, depth + 1);
    }
  };
  for (const [name, g] of Object.entries(doc as Record<string, YamlGroup | null>)) walk(name, g, 0);
  return inv;
}

/**
 * The hosts of `groupName` (and of its child groups), or of the whole inventory, each with its
 * variables merged: `all`'s vars, then each group's, then the host's own.
 */
export function inventoryHosts(inv: Inventory, groupName?: string, source = 'inventory'): InventoryHost[] {
  const memberOf = new Map<string, string[]>();
  const collect = (name: string, path: string[], out: Set<string>) => {
    if (path.includes(name) || path.length > 20) return;
    const g = inv.groups.get(name);
    if (!g) return;
    for (const h of g.hosts) {
      out.add(h);
      memberOf.set(h, [...new Set([...(memberOf.get(h) ?? []), ...path, name])]);
    }
    for (const c of g.children) collect(c, [...path, name], out);
  };
  const picked = new Set<string>();
  if (groupName && groupName !== 'all') {
    if (!inv.groups.has(groupName)) throw new UsageError(`${source} has no group "${argEcho(groupName)}" (groups: ${[...inv.groups.keys()].join(', ') || 'none'})`);
    collect(groupName, [], picked);
    // Membership elsewhere still brings that group's vars (Ansible merges every group a host is in).
    for (const name of inv.groups.keys()) collect(name, [], new Set());
  } else for (const name of inv.groups.keys()) collect(name, [], picked);
  if (picked.size > MAX_INVENTORY_HOSTS) throw new UsageError(`${source} has more than ${MAX_INVENTORY_HOSTS} hosts`);
  return [...picked].map((name) => {
    const groups = memberOf.get(name) ?? [];
    const vars = { ...inv.groups.get('all')?.vars };
    for (const g of inv.groups.keys()) if (g !== 'all' && groups.includes(g)) Object.assign(vars, inv.groups.get(g)!.vars);
    return { name, vars: { ...vars, ...inv.hostVars.get(name) } };
  });
}
