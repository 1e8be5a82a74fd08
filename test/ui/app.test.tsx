import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App, type AppResult } from '../../src/ui/App.js';
import { ev, standIns, target } from '../guide/stand-ins.js';
import { inkTestSetup, tick } from './helpers.js';

const onCleanup = inkTestSetup();

const refused = ev('connect', 'fail', 'refused', { address: '127.0.0.1', port: 5432, result: 'refused', code: 'ECONNREFUSED' });

function mount() {
  const s = standIns({ connect: refused });
  const results: AppResult[] = [];
  const r = render(<App target={target()} actors={s.actors as never} still onExit={(x) => results.push(x)} />);
  onCleanup(r.unmount);
  return { ...r, results, ...s };
}

describe('App: the guide on one target (tcpsleuth check in a terminal)', () => {
  it('starts straight in the guide, and q ends it with the verdict\'s exit code', async () => {
    const { frames, stdin, results, lastFrame } = mount();
    await tick(60);
    expect(frames.join('\n')).toContain('Verdict: REFUSED');
    stdin.write('q');
    await tick();
    expect(results).toEqual([{ code: 1 }]);
    expect(lastFrame()).toContain('Bye.');
  });

  it('Ctrl-C ends it with 130', async () => {
    const { stdin, results, lastFrame } = mount();
    await tick(60);
    stdin.write('\u0003');
    await tick();
    expect(results).toEqual([{ code: 130 }]);
    expect(lastFrame()).toContain('Interrupted.');
  });

  it('there is no home screen to go back to: Escape leaves the verdict where it is', async () => {
    const { stdin, results, lastFrame } = mount();
    await tick(60);
    stdin.write('\u001b');
    await tick();
    expect(results).toEqual([]);
    expect(lastFrame()).toContain('Check another target');
  });
});
