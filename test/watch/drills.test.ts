/**
 * The drills for "connects, but…" tickets: levels 2–3, graded like the others, and each one's
 * telling finding is one the scenario's over-time run (watch or check --hold) must report.
 */
import { describe, expect, it } from 'vitest';
import { drillFor, ticketText } from '../../src/drill/catalogue.js';
import { grade } from '../../src/drill/grade.js';
import { scenarioInfo } from '../../src/lab/index.js';

const OVER_TIME = ['syn-loss', 'dead-address', 'idle-firewall', 'idle-reset'];

describe('drills on faults that show over time', () => {
  it.each(OVER_TIME)('%s: level 2-3, a ticket in the user\'s words, a finding its over-time run reports', (scenario) => {
    const d = drillFor(scenario)!;
    const info = scenarioInfo(scenario)!;
    expect(d).toBeDefined();
    expect([2, 3]).toContain(d.level);
    expect(info.overTime).toBeDefined();
    expect(info.overTime!.findings).toContain(d.finding);
    expect(ticketText(d, '198.19.0.2:5432')).toContain('198.19.0.2:5432');
    expect(d.tells).toMatch(info.overTime!.command === 'watch' ? /`watch`/ : /`check --hold`/);
  });

  it('are graded like the others: the check\'s verdict (open), the cause, who to ask, hints cost points', () => {
    const d = drillFor('idle-firewall')!;
    const info = scenarioInfo('idle-firewall')!;
    expect(grade(d, info.expect, { verdict: 'open', cause: 'idle-firewall', ask: 'network' }, 0)).toMatchObject({ score: 100, cause: { correct: true } });
    const wrong = grade(d, info.expect, { verdict: 'filtered', cause: 'syn-loss', ask: 'network' }, 1);
    expect(wrong).toMatchObject({ score: 10, verdict: { correct: false, expected: 'open' }, cause: { correct: false } });
    // Two tickets, one cause: silence and an RST are the same forgetful firewall.
    expect(drillFor('idle-reset')!.cause).toBe(d.cause);
  });

  it('the user\'s words from the issue', () => {
    expect(drillFor('syn-loss')!.ticket).toMatch(/works 19 times out of 20/);
    expect(drillFor('idle-firewall')!.ticket).toMatch(/dies if I go for coffee/);
    expect(drillFor('idle-firewall')!.ticket).toMatch(/dead after lunch/);
  });
});
