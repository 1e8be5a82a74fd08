import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { asRoot, rootPrefix, selfCommand, selfCommandLine } from '../src/self-command.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

describe('the command the tool prints for itself', () => {
  it('is npx tcpsleuth under npx', () => {
    expect(selfCommand({ env: { npm_command: 'exec' }, script: cli })).toEqual(['npx', 'tcpsleuth']);
  });
  it('is node and the path of cli.js otherwise, relative below the working folder', () => {
    expect(selfCommand({ env: { PATH: '' }, script: cli, cwd: root })).toEqual(['node', 'dist/cli.js']);
    expect(selfCommand({ env: { PATH: '' }, script: cli, cwd: '/' })).toEqual(['node', cli.slice(1)]);
    expect(selfCommand({ env: { PATH: '' }, script: cli, cwd: '/nonexistent-elsewhere' })).toEqual(['node', cli]);
  });
  it('quotes arguments for the shell', () => {
    expect(selfCommandLine(['check', "a b'c"], { env: { TCPSLEUTH_SELF: 'tcpsleuth' } })).toBe(`tcpsleuth check 'a b'\\''c'`);
  });
});

describe('asRoot: a command that needs root, as the user types it', () => {
  it('behind sudo only when this process was started through sudo', () => {
    expect(asRoot(['ip', 'netns', 'exec', 'ns1', 'true'], { SUDO_USER: 'alice' })).toEqual(['sudo', 'ip', 'netns', 'exec', 'ns1', 'true']);
    expect(asRoot(['ip', 'netns', 'exec', 'ns1', 'true'], {})).toEqual(['ip', 'netns', 'exec', 'ns1', 'true']);
    expect(rootPrefix({ SUDO_USER: 'alice' })).toBe('sudo ');
    expect(rootPrefix({})).toBe('');
  });
});
