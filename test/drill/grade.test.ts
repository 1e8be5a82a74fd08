/** Drill grading and the catalogue: pure, table-tested. */
import { describe, it, expect } from 'vitest';
import { ASKERS, CAUSES, DRILLS, HINT_COST, POINTS, causeChoices, drillFor, ticketText } from '../../src/drill/catalogue.js';
import { DrillError, grade, readAsker, readCause, readVerdict } from '../../src/drill/grade.js';
import { drillRows, pickDrill } from '../../src/drill/pick.js';
import { scenarioInfo } from '../../src/lab/index.js';

const drop = drillFor('drop')!;

describe('grading', () => {
  it.each([
    ['all right, no hints', { verdict: 'filtered', cause: 'server-firewall-drop', ask: 'network-team' }, 0, 100, [true, true, true]],
    ['all right, two hints', { verdict: 'filtered', cause: 'server-firewall-drop', ask: 'network' }, 2, 100 - 2 * HINT_COST, [true, true, true]],
    ['wrong verdict', { verdict: 'refused', cause: 'server-firewall-drop', ask: 'network-team' }, 0, POINTS.cause + POINTS.ask, [false, true, true]],
    ['wrong cause (the SYN-ACK, not the SYN)', { verdict: 'filtered', cause: 'syn-ack-lost', ask: 'network-team' }, 0, POINTS.verdict + POINTS.ask, [true, false, true]],
    ['verdict only', { verdict: 'filtered' }, 0, POINTS.verdict, [true, false, false]],
    ['nothing right and hints: never below zero', { verdict: 'open', cause: '1', ask: 'service' }, 3, 0, [false, false, false]],
  ])('%s', (_what, answer, hints, score, parts) => {
    const g = grade(drop, 'filtered', answer, hints);
    expect(g.score).toBe(score);
    expect([g.verdict.correct, g.cause.correct, g.ask.correct]).toEqual(parts);
    expect(g.maxScore).toBe(100);
    expect(g.cause.expected).toBe('server-firewall-drop');
    expect(g.tells).toMatch(/syn-retransmitted/);
  });

  it('reads verdicts, causes and people as typed', () => {
    expect(readVerdict(' Filtered ')).toBe('filtered');
    expect(readVerdict('dns error')).toBe('dns-error');
    expect(readCause('1')).toBe(causeChoices()[0].id);
    expect(readCause('syn-ack-lost')).toBe('syn-ack-lost');
    expect(readCause(CAUSES['localhost-only'].toUpperCase())).toBe('localhost-only');
    expect(readAsker('Network team')).toBe('network-team');
    expect(readAsker('security')).toBe('security-team');
    expect(readAsker('service_owner')).toBe('service-owner');
  });

  it.each([
    [() => readVerdict('slow'), /not a verdict/],
    [() => readCause('0'), /not one of the causes/],
    [() => readCause(String(causeChoices().length + 1)), /not one of the causes/],
    [() => readCause('the cable'), /not one of the causes/],
    [() => readAsker('my boss'), /not someone to ask/],
  ])('refuses words it cannot read (%#)', (fn, message) => {
    expect(fn).toThrow(DrillError);
    expect(fn).toThrow(message);
  });
});

describe('the catalogue', () => {
  it('names real lab scenarios, known causes and people, and hints for every drill', () => {
    for (const d of DRILLS) {
      expect(scenarioInfo(d.scenario), d.scenario).toBeDefined();
      expect(CAUSES[d.cause], d.scenario).toBeDefined();
      expect(ASKERS[d.ask], d.scenario).toBeDefined();
      expect(d.hints.length, d.scenario).toBeGreaterThan(0);
      expect(d.ticket, d.scenario).toContain('{target}');
    }
    expect(new Set(DRILLS.map((d) => d.scenario)).size).toBe(DRILLS.length);
  });

  it('tickets are in a user\'s words: they never name the fault or its cause (an error message the user pasted may say "refused")', () => {
    for (const d of DRILLS) {
      const text = ticketText(d, '198.19.0.2:5432').toLowerCase();
      expect(text, d.scenario).toContain('198.19.0.2:5432');
      if (d.scenario.includes('-')) expect(text, d.scenario).not.toContain(d.scenario);
      expect(text, d.scenario).not.toContain(CAUSES[d.cause].toLowerCase());
      expect(text, d.scenario).not.toContain(scenarioInfo(d.scenario)!.title.toLowerCase());
    }
  });

  it('every level has a drill any user can run (loopback), so --level works without root', () => {
    for (const level of [1, 2, 3] as const) {
      expect(drillRows(false).some((r) => r.entry.level === level && r.runnable), `level ${level}`).toBe(true);
    }
  });

  it('picks only what this machine can run: namespace drills need root', () => {
    const rows = drillRows(false, 'linux');
    expect(rows.filter((r) => r.runnable).every((r) => r.info.kind === 'loopback')).toBe(true);
    for (let i = 0; i < 20; i++) expect(pickDrill({ root: false, level: 2, random: () => i / 20 }).info.kind).toBe('loopback');
    expect(() => pickDrill({ root: false, scenario: 'drop' })).toThrow(/needs root/);
    expect(() => pickDrill({ scenario: 'nope' })).toThrow(/no drill for scenario "nope"/);
  });

  it('shows the same cause list for every drill, so the list says nothing about the fault', () => {
    const list = causeChoices().map((c) => c.id);
    expect(list).toEqual(Object.keys(CAUSES));
    for (const d of DRILLS) expect(list).toContain(d.cause);
  });
});
