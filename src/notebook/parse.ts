/**
 * Lesson files → cells. A lesson is Markdown with a small front matter block and fenced cells:
 * ```experiment, ```quiz and ```mermaid. Every other fence stays part of the prose.
 */
import { VERDICTS } from '../evidence.js';
import { isTopic, type Cell, type ExperimentCell, type Lesson, type LessonMeta, type QuizCell, type QuizChoice } from './cells.js';
import { isProbeOutcome } from './probes/catalogue.js';

/** A lesson file that does not follow the format; the message names the file and line. */
export class LessonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LessonError';
  }
}

const FENCE = /^(```|~~~)\s*([\w-]*)\s*$/;

/** Parses one lesson file. Throws LessonError naming `file:line` on malformed input. */
export function parseLesson(source: string, file = 'lesson.md'): Lesson {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const { meta, bodyStart } = parseFrontMatter(lines, file);
  const cells: Cell[] = [];
  let section = '';
  let prose: string[] = [];
  const flushProse = () => {
    const text = prose.join('\n').trim();
    if (text) cells.push({ kind: 'text', section, markdown: text });
    prose = [];
  };
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence && ['experiment', 'quiz', 'mermaid'].includes(fence[2])) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end].trim() !== fence[1]) end++;
      if (end >= lines.length) throw new LessonError(`${file}:${i + 1}: unclosed \`\`\`${fence[2]} block`);
      flushProse();
      const body = lines.slice(start, end);
      const where = `${file}:${start}`;
      if (fence[2] === 'mermaid') cells.push({ kind: 'diagram', section, source: body.join('\n').trim() });
      else if (fence[2] === 'quiz') cells.push(parseQuiz(body, section, where));
      else cells.push(parseExperiment(body, section, where));
      i = end;
      continue;
    }
    if (fence) {
      // An ordinary code block: copy it whole, so a `## ` inside it is not taken for a heading.
      prose.push(line);
      let j = i + 1;
      while (j < lines.length && lines[j].trim() !== fence[1]) prose.push(lines[j++]);
      if (j < lines.length) prose.push(lines[j]);
      i = j;
      continue;
    }
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flushProse();
      section = heading[1];
    }
    prose.push(line);
  }
  flushProse();
  return { ...meta, cells, file };
}

function parseFrontMatter(lines: string[], file: string): { meta: LessonMeta; bodyStart: number } {
  if (lines[0]?.trim() !== '---') throw new LessonError(`${file}:1: missing front matter (a --- block with id, title, topics, order, minutes)`);
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new LessonError(`${file}:1: front matter is not closed with ---`);
  const fields = keyValues(lines.slice(1, end), `${file}:2`);
  const need = (k: string) => {
    const v = fields.get(k);
    if (!v) throw new LessonError(`${file}: front matter lacks "${k}"`);
    return v;
  };
  const topics = need('topics')
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of topics) if (!isTopic(t)) throw new LessonError(`${file}: unknown topic "${t}"`);
  const order = Number(need('order'));
  const minutes = Number(need('minutes'));
  if (!Number.isFinite(order) || !Number.isFinite(minutes)) throw new LessonError(`${file}: order and minutes must be numbers`);
  const id = need('id');
  if (!/^[a-z0-9-]+$/.test(id)) throw new LessonError(`${file}: id "${id}" must be lowercase letters, digits and dashes`);
  return { meta: { id, title: need('title'), topics: topics as LessonMeta['topics'], order, minutes }, bodyStart: end + 1 };
}

/** `key: value` lines; an indented line continues the previous value. */
function keyValues(lines: string[], where: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of lines) {
    if (!line.trim()) continue;
    const kv = /^([a-z][\w-]*):\s*(.*)$/.exec(line);
    if (kv) {
      last = kv[1];
      out.set(last, kv[2].trim());
    } else if (/^\s/.test(line) && last) {
      out.set(last, `${out.get(last)} ${line.trim()}`.trim());
    } else {
      throw new LessonError(`${where}: expected "key: value", got "${line.trim()}"`);
    }
  }
  return out;
}

function parseQuiz(body: string[], section: string, where: string): QuizCell {
  const head: string[] = [];
  const choices: QuizChoice[] = [];
  let inWhy = false;
  for (const line of body) {
    const choice = /^- \[( |x|X)\]\s+(.+)$/.exec(line);
    const why = /^\s+why:\s*(.*)$/.exec(line);
    if (choice) {
      choices.push({ text: choice[2].trim(), correct: choice[1] !== ' ', why: '' });
      inWhy = false;
    } else if (why && choices.length) {
      choices[choices.length - 1].why = why[1].trim();
      inWhy = true;
    } else if (choices.length && /^\s+\S/.test(line)) {
      const c = choices[choices.length - 1];
      if (inWhy) c.why = `${c.why} ${line.trim()}`;
      else c.text = `${c.text} ${line.trim()}`;
    } else if (!choices.length) head.push(line);
    else if (line.trim()) throw new LessonError(`${where}: unexpected line in quiz: "${line.trim()}"`);
  }
  const fields = keyValues(head, where);
  const id = fields.get('id');
  const question = fields.get('question');
  if (!id || !question) throw new LessonError(`${where}: a quiz needs "id:" and "question:"`);
  if (choices.length < 2) throw new LessonError(`${where}: quiz ${id} needs at least two "- [ ]" choices`);
  return { kind: 'quiz', section, id, question, choices };
}

function parseExperiment(body: string[], section: string, where: string): ExperimentCell {
  const fields = keyValues(body, where);
  const id = fields.get('id');
  const scenario = fields.get('scenario');
  const expect = fields.get('expect');
  if (!id || !scenario || !expect) throw new LessonError(`${where}: an experiment needs "id:", "scenario:" and "expect:"`);
  const isVerdict = (VERDICTS as readonly string[]).includes(expect);
  if (!isVerdict && !isProbeOutcome(expect)) {
    throw new LessonError(`${where}: experiment ${id} expects "${expect}", which is neither a verdict (${VERDICTS.join(', ')}) nor a probe's outcome`);
  }
  const cell: ExperimentCell = { kind: 'experiment', section, id, scenario, expect: expect as ExperimentCell['expect'] };
  const predict = fields.get('predict');
  if (predict) {
    const [question, ...choices] = predict.split('|').map((s) => s.trim());
    const answerText = fields.get('answer');
    const answer = answerText ? choices.findIndex((c) => c.toLowerCase() === answerText.toLowerCase()) : undefined;
    if (answer === -1) throw new LessonError(`${where}: experiment ${id}: answer "${answerText}" is not one of the predict choices`);
    cell.predict = { question, choices, answer };
  }
  const explain = fields.get('explain');
  if (explain) cell.explain = explain;
  const sample = fields.get('sample');
  if (sample) cell.sample = sample;
  const sysctl = fields.get('sysctl');
  if (sysctl) {
    cell.sysctl = sysctl.split(';').map((part) => {
      const m = /^\s*(client|router|server)\s+([a-z0-9_.]+=[\w.-]+)\s*$/.exec(part);
      if (!m) throw new LessonError(`${where}: experiment ${id}: sysctl "${part.trim()}" is not "client|router|server name=value"`);
      return { ns: m[1] as 'client' | 'router' | 'server', setting: m[2] };
    });
  }
  const middlebox = fields.get('middlebox');
  if (middlebox) {
    if (middlebox !== 'off') throw new LessonError(`${where}: experiment ${id}: middlebox can only be "off"`);
    cell.middlebox = 'off';
  }
  if (fields.get('capture') === 'yes') cell.capture = true;
  const findings = fields.get('findings');
  if (findings) cell.findings = findings === 'none' ? [] : findings.split(',').map((f) => f.trim()).filter(Boolean);
  return cell;
}

/** Problems that parse but break the rules: a quiz needs exactly one right answer and a why for each choice. */
export function lintLesson(lesson: Lesson): string[] {
  const problems: string[] = [];
  for (const cell of lesson.cells) {
    if (cell.kind !== 'quiz') continue;
    const right = cell.choices.filter((c) => c.correct).length;
    if (right !== 1) problems.push(`${lesson.id}/${cell.id}: ${right} right answers (need exactly one)`);
    for (const c of cell.choices) if (!c.why) problems.push(`${lesson.id}/${cell.id}: choice "${c.text}" has no why`);
  }
  return problems;
}
