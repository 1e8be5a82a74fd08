/** `--from @FILE`: plain lists, Ansible INI and YAML inventories, groups, ranges, variables, errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { expandHostPattern, inventoryHosts, parseIniInventory, parseYamlInventory } from '../../src/vantage/inventory.js';
import { fileKind, parseVantage, parseVantages, splitFileGroup } from '../../src/vantage/vantages.js';

const dir = mkdtempSync(join(tmpdir(), 'tsl-inventory-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const INI = `
# the fleet
jump.example.com ansible_user=ops

[web]
web[01:03].example.com
app-b ansible_host=10.0.2.5 ansible_port=2222 ansible_user="deploy"

[db]
db-[a:b].internal:2200

[prod:children]
web
db

[prod:vars]
ansible_user=admin

[local]
localhost ansible_connection=local
`;

const YAML = `
all:
  hosts:
    jump.example.com:
      ansible_user: ops
  vars:
    ansible_port: 22
  children:
    web:
      hosts:
        web[01:02].example.com:
        app-b:
          ansible_host: 10.0.2.5
          ansible_port: 2222
      vars:
        ansible_user: deploy
    db:
      hosts:
        db1.internal:
`;

describe('INI inventories', () => {
  const inv = parseIniInventory(INI);
  it('every host, with ranges expanded', () => {
    expect(inventoryHosts(inv).map((h) => h.name)).toEqual(['jump.example.com', 'web01.example.com', 'web02.example.com', 'web03.example.com', 'app-b', 'db-a.internal', 'db-b.internal', 'localhost']);
  });
  it('one group, its children included, and the variables merged (host over group)', () => {
    const prod = inventoryHosts(inv, 'prod');
    expect(prod.map((h) => h.name)).toEqual(['web01.example.com', 'web02.example.com', 'web03.example.com', 'app-b', 'db-a.internal', 'db-b.internal']);
    expect(prod.find((h) => h.name === 'app-b')!.vars).toMatchObject({ ansible_host: '10.0.2.5', ansible_port: '2222', ansible_user: 'deploy' });
    expect(prod.find((h) => h.name === 'web01.example.com')!.vars.ansible_user).toBe('admin');
    expect(prod.find((h) => h.name === 'db-a.internal')!.vars.ansible_port).toBe('2200');
  });
  it('an unknown group names the ones there are', () => {
    expect(() => inventoryHosts(inv, 'nope')).toThrow(/no group "nope" \(groups: ungrouped, web, db, prod, local\)/);
  });
  it('a bad line is a usage error with its line number', () => {
    expect(() => parseIniInventory('[web]\nhost1 novalue\n', 'inv.ini')).toThrow(/inv.ini line 2: "novalue" is not key=value/);
  });
});

describe('YAML inventories', () => {
  const inv = parseYamlInventory(YAML);
  it('groups, ranges and vars (all < group < host)', () => {
    const web = inventoryHosts(inv, 'web');
    expect(web.map((h) => h.name)).toEqual(['web01.example.com', 'web02.example.com', 'app-b']);
    expect(web[0].vars).toEqual({ ansible_port: '22', ansible_user: 'deploy' });
    expect(web[2].vars).toMatchObject({ ansible_host: '10.0.2.5', ansible_port: '2222', ansible_user: 'deploy' });
    expect(inventoryHosts(inv).map((h) => h.name)).toContain('db1.internal');
  });
  it('not an inventory', () => {
    expect(() => parseYamlInventory('- a\n- b\n')).toThrow(UsageError);
    expect(() => parseYamlInventory('all: [\n')).toThrow(/not valid YAML/);
  });
});

describe('host ranges', () => {
  it.each([
    ['www[01:03].x', ['www01.x', 'www02.x', 'www03.x']],
    ['db-[a:c]', ['db-a', 'db-b', 'db-c']],
    ['h[0:10:5]', ['h0', 'h5', 'h10']],
    ['r[1:2]-[a:b]', ['r1-a', 'r1-b', 'r2-a', 'r2-b']],
    ['plain', ['plain']],
  ])('%s', (pattern, hosts) => {
    expect(expandHostPattern(pattern)).toEqual(hosts);
  });
  it('a range too big is a usage error, not 10 million ssh sessions', () => {
    expect(() => expandHostPattern('h[0:9999999]')).toThrow(/more than 2000 hosts/);
  });
});

describe('--from values', () => {
  it('local, URLs, user@host and ssh_config aliases', () => {
    expect(parseVantage('local')).toEqual({ kind: 'local', label: 'local' });
    expect(parseVantage('ssh://ops@10.0.0.5:2222')).toMatchObject({ kind: 'ssh', label: 'ssh://ops@10.0.0.5:2222', dest: { user: 'ops', host: '10.0.0.5', port: 2222 } });
    expect(parseVantage('app-1')).toMatchObject({ label: 'app-1', dest: { host: 'app-1' } });
  });

  it.each(['ssh://-oProxyCommand=id', 'ssh://a;id', "ssh://a'b", 'ssh://a b', 'ssh://a\nb', '$(id)', '-oProxyCommand=id', 'ssh://h:70000'])('rejects %j', (v) => {
    expect(() => parseVantage(v)).toThrow(UsageError);
  });

  it('an error echoes the value inert', () => {
    expect(() => parseVantage('ssh://a\x1b[2Jb')).toThrow(/a␛\[2Jb/);
  });

  it('files: a list, an INI group, a YAML group; repeats dropped; --ssh-config carried', () => {
    const list = file('hosts.txt', '# vantage points\nlocal\nops@jump.example.com   # the jump host\n\nssh://app-2:2222\nlocal\n');
    const ini = file('inv.ini', INI);
    const yml = file('inv.yml', YAML);
    const v = parseVantages([`@${list}`, `@${ini}:web`, `@${yml}:db`, 'local'], '/tmp/ssh_config');
    expect(v.map((x) => x.label)).toEqual(['local', 'ops@jump.example.com', 'ssh://app-2:2222', 'web01.example.com', 'web02.example.com', 'web03.example.com', 'app-b', 'db1.internal']);
    expect(v.find((x) => x.label === 'app-b')).toMatchObject({ dest: { host: '10.0.2.5', port: 2222, user: 'deploy', configFile: '/tmp/ssh_config' } });
    // ansible_connection=local is this machine.
    expect(parseVantages([`@${ini}:local`])).toEqual([{ kind: 'local', label: 'local' }]);
  });

  it('file errors name the file and line', () => {
    expect(() => parseVantages(['@/nonexistent/fleet.txt'])).toThrow(/cannot read it \(no such file\)/);
    expect(() => parseVantages([`@${file('bad.txt', 'good-host\nbad host;id\n')}`])).toThrow(/bad.txt line 2/);
    expect(() => parseVantages([`@${file('plain.txt', 'a\nb\n')}:web`])).toThrow(/plain list, not an inventory/);
    expect(() => parseVantages([`@${file('empty.txt', '# nothing\n')}`])).toThrow(/no hosts in it/);
    expect(() => parseVantages([`@${file('evil.ini', '[web]\nevil ansible_host=$(id)\n')}`])).toThrow(/evil.ini host evil/);
  });

  it('kinds and groups', () => {
    expect(fileKind('x.yaml', 'a')).toBe('yaml');
    expect(fileKind('inventory', 'all:\n  hosts:\n')).toBe('yaml');
    expect(fileKind('inventory', '[web]\na\n')).toBe('ini');
    expect(fileKind('hosts', 'a ansible_host=1.2.3.4\n')).toBe('ini');
    expect(fileKind('hosts', 'a\nssh://b\n')).toBe('list');
    expect(splitFileGroup('inv.ini:web', () => false)).toEqual({ file: 'inv.ini', group: 'web' });
    expect(splitFileGroup('odd:name', () => true)).toEqual({ file: 'odd:name' });
  });
});
