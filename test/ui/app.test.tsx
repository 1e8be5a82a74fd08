import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../src/explain/index.js';
import type { ScenarioInfo } from '../../src/lab/scenarios.js';
import { App, type AppResult, type StartedFault } from '../../src/ui/App.js';
import { ev, standIns } from '../guide/stand-ins.js';
import { inkTestSetup, tick } from './helpers.js';

const onCleanup = inkTestSetup();

const refused = ev('connect', 'fail', 'refused', { address: '127.0.0.1', port: 5432, result: 'refused', code: 'ECONNREFUSED' });

const scenarios: ScenarioInfo[] = [
  { id: 'refused', title: 'Nothing listens on the port', imitates: 'a stopped service', lesson: 'rst', kind: 'loopback', needsRoot: false, expect: 'refused', findings: [] } as unknown as ScenarioInfo,
  { id: 'drop', title: 'A firewall drops SYNs', imitates: 'a firewall', lesson: 'firewalls', kind: 'namespace', needsRoot: true, reason: 'needs root', expect: 'filtered', findings: [] } as unknown as ScenarioInfo,
];

const explanation: Explanation = {
  class: 'refused',
  also: null,
  host: 'db.internal',
  port: 5432,
  portSource: 'message',
  tool: 'psql',
  explanation: 'The server answered the SYN with RST: nothing listens there.',
  causes: ['the service is down'],
  lessons: ['rst'],
  evidence: ['Connection refused'],
};

function mount(extra: Partial<Parameters<typeof App>[0]> = {}) {
  const s = standIns({ connect: refused });
  const results: AppResult[] = [];
  const downs: string[] = [];
  const startFault = async (id: string): Promise<StartedFault> => ({ target: { host: '127.0.0.1', port: 5432, tls: false }, down: async () => void downs.push(id) });
  const r = render(
    <App actors={s.actors as never} scenarios={() => scenarios} startFault={startFault} explain={() => explanation} still onExit={(x) => results.push(x)} {...extra} />,
  );
  onCleanup(r.unmount);
  return { ...r, results, downs, ...s };
}

describe('App: the home screen and where it leads', () => {
  it('lists the four entries and quits with q (exit 0)', async () => {
    const { lastFrame, stdin, results } = mount();
    await tick();
    for (const e of ['Troubleshoot a connection', 'Paste an error message', 'Learn TCP', 'Try a fault in the lab']) expect(lastFrame()).toContain(e);
    stdin.write('q');
    await tick();
    expect(results).toEqual([{ code: 0 }]);
  });

  it('Troubleshoot opens the guide at its intake prompt', async () => {
    const { lastFrame, stdin } = mount();
    await tick();
    stdin.write('\r');
    await tick();
    expect(lastFrame()).toContain('Which host and port?');
  });

  it('Paste an error: the explanation, then Enter checks the host and port it names', async () => {
    const { lastFrame, stdin, frames, inputs } = mount();
    await tick();
    stdin.write('2');
    await tick();
    expect(lastFrame()).toContain('Paste the error message');
    stdin.write('psql: error: connection to server at "db.internal", port 5432 failed: Connection refused');
    await tick();
    stdin.write('\r');
    await tick();
    expect(lastFrame()).toContain('This looks like: refused, from psql');
    expect(lastFrame()).toContain('Press Enter to check db.internal:5432 now.');
    stdin.write('\r');
    await tick(60);
    expect(inputs[0].target.host).toBe('db.internal');
    expect(inputs[0].symptom).toBe('refused');
    expect(frames.join('\n')).toContain('Verdict: REFUSED');
  });

  it('Paste an error says so when the error reader is not there', async () => {
    const { lastFrame, stdin } = mount({ explain: undefined });
    await tick();
    stdin.write('2');
    await tick();
    expect(lastFrame()).toContain('not built yet');
  });

  it('a lab fault starts, the guide checks it, and quitting stops the fault', async () => {
    const { lastFrame, stdin, frames, results, downs } = mount();
    await tick();
    stdin.write('4');
    await tick();
    expect(lastFrame()).toContain('Which fault?');
    expect(lastFrame()).toContain('A firewall drops SYNs (in a namespace: tcpsleuth lab up drop)');
    // The list must not give the answer away.
    expect(lastFrame()).not.toMatch(/expect/i);
    stdin.write('2');
    await tick();
    expect(lastFrame()).toContain('needs root');
    stdin.write('1');
    await tick(80);
    expect(frames.join('\n')).toContain('you › Check 127.0.0.1:5432');
    expect(frames.join('\n')).toContain('Verdict: REFUSED');
    stdin.write('q');
    await tick();
    expect(downs).toEqual(['refused']);
    expect(results).toEqual([{ code: 1 }]);
  });

  it('Learn TCP leaves the app to open the lessons; Ctrl-C on home exits 130', async () => {
    const a = mount();
    await tick();
    a.stdin.write('3');
    await tick();
    expect(a.results).toEqual([{ code: 0, next: 'learn' }]);
    const b = mount();
    await tick();
    b.stdin.write('\u0003');
    await tick();
    expect(b.results).toEqual([{ code: 130 }]);
  });

  it('with a target it starts straight in the guide', async () => {
    const { frames } = mount({ target: { host: '127.0.0.1', port: 5432, portSource: 'explicit', isIpLiteral: true, tls: false } });
    await tick(60);
    expect(frames.join('\n')).toContain('Verdict: REFUSED');
  });
});
