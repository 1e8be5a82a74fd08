/**
 * What `--from` names: `local` (this machine), an ssh destination (`ssh://[user@]host[:port]`,
 * `user@host`, or a Host alias of ~/.ssh/config), or `@FILE` (`@FILE:GROUP`): a list with one
 * destination per line (`#` comments), or an Ansible inventory, INI or YAML. Everything is read
 * and validated before any check starts: a bad line is a usage error naming the file and line.
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { parseSshDestination, type SshDestination } from '../remote/ssh.js';
import { argEcho } from '../sinks/terminal.js';
import { inventoryHosts, parseIniInventory, parseYamlInventory, type InventoryHost } from './inventory.js';
import type { Vantage } from './types.js';

/** At most this many vantage points in one run. */
export const MAX_VANTAGES = 1000;

const LOCAL: Vantage = { kind: 'local', label: 'local' };

function sshVantage(text: string, where: string): Vantage {
  try {
    const dest = parseSshDestination(text, '--from');
    // Named as written (an ssh_config alias stays `app-1`), so the table reads like the command line.
    return { kind: 'ssh', label: text.trim(), dest };
  } catch (err) {
    if (err instanceof UsageError && where !== '--from') throw new UsageError(`${where}: ${err.message}`);
    throw err;
  }
}

/** One `--from` word that is not a file: `local` or an ssh destination. */
export function parseVantage(text: string): Vantage {
  if (text === 'local') return LOCAL;
  return sshVantage(text, '--from');
}

/** `@hosts.ini:web` → the file and the group; a colon that is part of an existing file's name stays. */
export function splitFileGroup(spec: string, exists: (path: string) => boolean = isFile): { file: string; group?: string } {
  const i = spec.lastIndexOf(':');
  if (i > 0 && !exists(spec) && /^[A-Za-z0-9_.-]+$/.test(spec.slice(i + 1))) return { file: spec.slice(0, i), group: spec.slice(i + 1) };
  return { file: spec };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Which of the three a file is: YAML by name or first line, INI by its `[groups]` or `key=value`, else a list. */
export function fileKind(file: string, text: string): 'yaml' | 'ini' | 'list' {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith(';'));
  if (lines[0] === '---' || /^[A-Za-z0-9_.-]+:\s*$/.test(lines[0] ?? '')) return 'yaml';
  if (/\.ini$/i.test(file) || lines.some((l) => /^\[[^\]]+\]$/.test(l) || /\s\w+=/.test(l))) return 'ini';
  return 'list';
}

/** A vantage point from an inventory host: `ansible_host`/`_port`/`_user`, or local for `ansible_connection=local`. */
function fromInventory(h: InventoryHost, where: string): Vantage {
  const v = h.vars;
  if (v.ansible_connection === 'local') return LOCAL;
  const host = v.ansible_host ?? v.ansible_ssh_host ?? h.name;
  const port = v.ansible_port ?? v.ansible_ssh_port;
  const user = v.ansible_user ?? v.ansible_ssh_user;
  const parsed = sshVantage(`ssh://${user ? `${user}@` : ''}${host.includes(':') ? `[${host}]` : host}${port ? `:${port}` : ''}`, `${where} host ${h.name}`);
  const dest = (parsed as { dest: SshDestination }).dest;
  return { kind: 'ssh', label: h.name, dest };
}

/** Reads `@FILE[:GROUP]`; throws UsageError for a missing file, a bad line or an unknown group. */
export function readVantageFile(spec: string): Vantage[] {
  const { file, group } = splitFileGroup(spec);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--from @${argEcho(file)}: cannot read it (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code ?? 'error'})`);
  }
  const kind = fileKind(file, text);
  const where = `--from @${argEcho(file)}`;
  if (kind === 'list') {
    if (group) throw new UsageError(`${where}: ":${argEcho(group)}" picks a group, but this file is a plain list, not an inventory`);
    const out: Vantage[] = [];
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.replace(/#.*$/, '').trim();
      if (line) out.push(line === 'local' ? LOCAL : sshVantage(line, `${where} line ${i + 1}`));
    }
    return out;
  }
  const inv = kind === 'yaml' ? parseYamlInventory(text, where) : parseIniInventory(text, where);
  return inventoryHosts(inv, group, where).map((h) => fromInventory(h, where));
}

/**
 * Every `--from` value, in order, files expanded, repeats dropped (same label), bounded.
 * @throws UsageError for an empty list, a bad destination, an unreadable file.
 */
export function parseVantages(values: readonly string[], sshConfig?: string): Vantage[] {
  const all: Vantage[] = [];
  for (const v of values) {
    if (v.startsWith('@')) {
      const got = readVantageFile(v.slice(1));
      if (!got.length) throw new UsageError(`--from ${argEcho(v)}: no hosts in it`);
      all.push(...got);
    } else all.push(parseVantage(v));
  }
  const seen = new Set<string>();
  const unique = all.filter((v) => (seen.has(v.label) ? false : (seen.add(v.label), true)));
  if (unique.length > MAX_VANTAGES) throw new UsageError(`--from names ${unique.length} vantage points; at most ${MAX_VANTAGES} at once`);
  return unique.map((v) => (v.kind === 'ssh' && sshConfig ? { ...v, dest: { ...v.dest, configFile: sshConfig } } : v));
}
