/**
 * What `tcpsleuth lab` prints, as pure functions of the catalogue and results: JSON rows and plain
 * lines. No I/O here; src/commands/lab.ts writes them out.
 */
import { LabError } from './netns.js';
import { rootPrefix, selfCommandLine } from '../self-command.js';
import { SCENARIO_IDS, type ScenarioInfo } from './scenarios.js';
import type { ScenarioResult, UpScenario } from './index.js';

export const firstLine = (text: string): string => text.split('\n')[0].trim();

/** The scenario id nearest to a typo (a small edit distance), if any. */
export function closestScenario(typed: string): string | undefined {
  const distance = (a: string, b: string) => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row;
    }
    return prev[b.length];
  };
  const ranked = SCENARIO_IDS.map((id) => ({ id, d: distance(typed.toLowerCase(), id) })).sort((x, y) => x.d - y.d);
  // Short words are near everything: allow one slip there, two elsewhere.
  return ranked[0] && ranked[0].d <= (typed.length < 6 ? 1 : 2) ? ranked[0].id : undefined;
}

/** `lab list --json`: one row per scenario. */
export function listRows(all: ScenarioInfo[]): object[] {
  return all.map((s) => ({
    id: s.id,
    title: s.title,
    needsRoot: s.needsRoot,
    ...(s.reason ? { reason: s.reason } : {}),
    kind: s.kind,
    expect: s.expect,
    findings: s.findings,
    captureFindings: s.captureFindings ?? [],
    imitates: s.imitates,
    symptom: s.symptom,
    lesson: s.lesson,
    ...(s.overTime ? { overTime: s.overTime } : {}),
  }));
}

/** `lab list`: the table, with `sudo` marking root scenarios for a user who is not root. */
export function listTable(all: ScenarioInfo[], root: boolean): string[] {
  const lines = [`Fault lab scenarios (${selfCommandLine(['lab', 'run'])} ID checks one; lab up ID keeps it up to try by hand)`, ''];
  lines.push(`${'ID'.padEnd(22)}${'EXPECT'.padEnd(13)}${'ROOT'.padEnd(6)}TITLE`);
  for (const s of all) lines.push(`${s.id.padEnd(22)}${s.expect.padEnd(13)}${(s.needsRoot ? (root ? 'yes' : 'sudo') : '-').padEnd(6)}${s.title}`);
  if (!root) lines.push('', 'Scenarios marked sudo need root: they build network namespaces, veth pairs and iptables rules.');
  return lines;
}

/** The story of a scenario: what it imitates, what people see, what a check must say, the lesson. */
export function scenarioLines(info: ScenarioInfo): string[] {
  const findings = [...info.findings, ...(info.captureFindings ?? []).filter((f) => !info.findings.includes(f)).map((f) => `${f} with --capture`)];
  return [
    `  imitates: ${info.imitates}`,
    `  symptom:  ${info.symptom}`,
    `  expect:   ${info.expect}${findings.length ? ` (findings: ${findings.join(', ')})` : ''}`,
    ...(info.overTime ? [`  over time: ${selfCommandLine(info.overTime.command === 'watch' ? ['watch'] : ['check', '--hold'])} finds ${info.overTime.findings.join(', ')}`] : []),
    `  lesson:   ${selfCommandLine(['learn', info.lesson])}`,
  ];
}

/** `lab up` in plain text: the story, the fault itself, how to watch it and how to try it. */
export function upLines(lab: UpScenario): string[] {
  const fault = !lab.fault.length
    ? 'no rule: the topology itself is the fault (the router has no route there)'
    : lab.info.kind === 'namespace'
      ? // A line starting with # describes a process of the lab's own (a comment if pasted), not a command to run.
        lab.fault.map((c) => (c.startsWith('# ') ? c : `${rootPrefix()}${c}`)).join('\n            ')
      : lab.fault.join('; ');
  return [
    `lab ${lab.id} is up: ${lab.info.title}`,
    ...scenarioLines(lab.info),
    '',
    `  fault:    ${fault}`,
    `  watch:    ${lab.watch}`,
    '',
    `  try:  ${lab.tryCommand}`,
    `  stop: Ctrl-C here, or ${selfCommandLine(['lab', 'down', lab.id])}`,
  ];
}

/** `lab up --json`: one line. */
export function upRow(lab: UpScenario, pid: number): object {
  const { id, target, tryCommand, fault, watch } = lab;
  return { id, title: lab.info.title, expect: lab.info.expect, target, tryCommand, fault, watch, lesson: lab.info.lesson, pid };
}

/** `lab run` in plain text: the story, the check and each of its steps, the verdict against the expected one. */
export function runLines(r: ScenarioResult, info: ScenarioInfo): string[] {
  return [
    `lab ${r.id}: ${info.title}`,
    ...scenarioLines(info),
    `  check:    ${r.command}`,
    ...(r.report.steps ?? []).map((step) => `    ${step.id.padEnd(10)}${step.outcome.padEnd(12)}${step.summary}`),
    `  verdict:  ${r.verdict}${r.ok ? ' (as expected)' : ` (EXPECTED ${r.expected})`}`,
    ...(r.overTime ? [`  then:     ${r.overTime.command}`, `            found ${r.overTime.findings.join(', ') || 'nothing'}`] : []),
    `  findings: ${r.findings.length ? r.findings.join(', ') : 'none'}`,
    ...(r.missingFindings.length ? [`  not seen: ${r.missingFindings.join(', ')} (the catalogue expects them)`] : []),
    ...(r.report.meaning ? [`  meaning:  ${r.report.meaning}`] : []),
  ];
}

/** `lab run --json`: `{ id, expected, verdict, findings, ..., report }` (the check's whole `--json` report, its story included). */
export function resultRow(r: ScenarioResult) {
  return { id: r.id, expected: r.expected, verdict: r.verdict, findings: r.findings, ok: r.ok, missingFindings: r.missingFindings, lessons: r.report.lessons ?? [], ...(r.overTime ? { overTime: r.overTime } : {}), report: r.report };
}

/** `lab run --json` when the run itself failed (a crashed check, a missing tool): verdict null. */
export function errorRow(info: ScenarioInfo, e: LabError) {
  return { id: info.id, expected: info.expect, verdict: null, findings: [] as string[], ok: false, error: firstLine(e.message) };
}

/** One line of the `lab run --all` table. */
export function matrixLine(info: ScenarioInfo, row: ReturnType<typeof resultRow> | ReturnType<typeof errorRow> | undefined, family: 4 | 6 = 4): string {
  const start = `${`${info.id}${family === 6 ? ' (IPv6)' : ''}`.padEnd(22)}${info.expect.padEnd(13)}`;
  if (!row) return `${start}${'-'.padEnd(13)}skipped: needs root (sudo)`;
  const verdict = row.verdict ?? 'error';
  const missing = 'missingFindings' in row && row.missingFindings.length ? `; missing: ${row.missingFindings.join(', ')}` : '';
  const tail = 'error' in row ? row.error : `${row.findings.join(', ') || '-'}${missing}`;
  return `${start}${(row.ok ? verdict : `${verdict} (!)`).padEnd(13)}${tail}`;
}

export const MATRIX_HEADER = `${'ID'.padEnd(22)}${'EXPECT'.padEnd(13)}${'VERDICT'.padEnd(13)}FINDINGS`;
