import { describe, it, expect } from 'vitest';
import { loadLessons } from '../../src/notebook/lessons.js';
import { mermaidToText } from '../../src/notebook/mermaid-text.js';
import { cellsToMarkdown, cellsToPlain, plainMarkdown } from '../../src/notebook/export.js';
import { parseLesson } from '../../src/notebook/parse.js';
import type { Cell } from '../../src/notebook/cells.js';

describe('mermaid as text', () => {
  it('draws a sequence diagram as columns with arrows and labels in order', () => {
    const text = mermaidToText('sequenceDiagram\n  participant C as client\n  participant S as server\n  C->>S: SYN\n  S->>C: SYN-ACK\n  C-xS: lost ACK\n  Note over C: ESTABLISHED');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/client\s+server/);
    const syn = lines.findIndex((l) => l.includes('SYN') && !l.includes('ACK'));
    const synAck = lines.findIndex((l) => l.includes('SYN-ACK'));
    expect(syn).toBeGreaterThan(0);
    expect(synAck).toBeGreaterThan(syn);
    expect(lines[syn + 1]).toMatch(/\|=+>\|/); // client → server
    expect(lines[synAck + 1]).toMatch(/\|<=+\|/); // server → client
    expect(lines[lines.findIndex((l) => l.includes('lost ACK')) + 1]).toContain('x');
    expect(text).toContain('(ESTABLISHED)');
  });

  it('draws a flowchart as an indented list with edge labels', () => {
    const text = mermaidToText('flowchart TD\n  A[SYN arrives] --> B{allowed?}\n  B -->|yes| C[accept]\n  B -->|no| D[drop]');
    expect(text.split('\n')).toEqual(['SYN arrives', '  --> allowed?', '    -- yes --> accept', '    -- no --> drop']);
  });

  it('draws a state diagram from its start', () => {
    const text = mermaidToText('stateDiagram-v2\n  [*] --> LISTEN: listen()\n  LISTEN --> SYN_RECEIVED: got SYN\n  SYN_RECEIVED --> ESTABLISHED');
    expect(text.split('\n')).toEqual(['(start)', '  -- listen() --> LISTEN', '    -- got SYN --> SYN_RECEIVED', '      --> ESTABLISHED']);
  });

  it('draws every diagram in the lessons as text, not as Mermaid source', () => {
    for (const lesson of loadLessons()) {
      for (const cell of lesson.cells) {
        if (cell.kind !== 'diagram') continue;
        const text = mermaidToText(cell.source);
        expect(text.trim().length, `${lesson.id}`).toBeGreaterThan(20);
        expect(text, `${lesson.id}`).not.toMatch(/sequenceDiagram|flowchart|stateDiagram|-->>|->>/);
      }
    }
  });
});

describe('exporters', () => {
  const lesson = parseLesson(
    '---\nid: x\ntitle: X\ntopics: [rst]\norder: 1\nminutes: 5\n---\n## Part\nSome **bold** and `code` and *em*.\n\n```quiz\nid: q\nquestion: Q?\n- [ ] A\n  why: no\n- [x] B\n  why: yes\n```\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n',
    'x.md',
  );

  it('Markdown keeps diagrams as mermaid blocks and quizzes as checklists; it parses back to the same cells', () => {
    const md = cellsToMarkdown(lesson.cells);
    expect(md).toContain('```mermaid\nsequenceDiagram');
    expect(md).toContain('- [x] B');
    // Prose and diagrams survive a round trip through a lesson file.
    const again = parseLesson(`---\nid: x\ntitle: X\ntopics: [rst]\norder: 1\nminutes: 5\n---\n${md}`, 'x.md');
    expect(again.cells.filter((c) => c.kind !== 'text')).toHaveLength(1);
    expect(again.cells.find((c) => c.kind === 'diagram')).toEqual(lesson.cells.find((c) => c.kind === 'diagram'));
  });

  it('plain text strips Markdown, draws diagrams, and shows quiz answers with their whys', () => {
    const text = cellsToPlain(lesson.cells, { title: 'X' });
    expect(text).toContain('Some bold and code and em.');
    expect(text).toContain('Quiz: Q?\n  A. A\n  B. B\n  Answer: B.');
    expect(text).toMatch(/A\s+B\n.*hi/);
    expect(text).not.toContain('```');
  });

  it('exports a recorded session (output cells) the same way', () => {
    const session: Cell[] = [
      { kind: 'text', section: '', markdown: '## Step 1: connect' },
      { kind: 'output', section: 'Step 1: connect', command: 'nc -vz db 5432', output: 'nc: connect to db port 5432 (tcp) failed: Connection refused', explanation: 'Nothing listens.' },
    ];
    expect(cellsToMarkdown(session)).toContain('```console\n$ nc -vz db 5432\nnc: connect');
    expect(cellsToPlain(session)).toContain('$ nc -vz db 5432\nnc: connect to db port 5432 (tcp) failed: Connection refused\nNothing listens.');
  });

  it('plain Markdown indents code blocks and keeps literal asterisks', () => {
    expect(plainMarkdown('text\n```console\n$ ss -ltn\n```')).toBe('text\n\n    $ ss -ltn');
    expect(plainMarkdown('stars (`* * *`) mean 2 * 3')).toBe('stars (* * *) mean 2 * 3');
  });
});
