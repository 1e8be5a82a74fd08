/**
 * Measures, in the browser, whether each label of a rendered Mermaid SVG fits its box: HTML labels
 * (foreignObject) must not be wider than the foreignObject that clips them, every node's or
 * actor's or note's text (every line of it) must lie inside its shape, and every text inside the
 * drawing's viewport.
 * Returns the labels that do not fit.
 */
import type { Page } from 'puppeteer';

export interface Misfit {
  text: string;
  labelWidth: number;
  boxWidth: number;
  kind: string;
}

/** Loads `svg` alone in `page` and returns every label wider than its box (1 px tolerance). */
export async function labelMisfits(page: Page, svg: string): Promise<Misfit[]> {
  await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
  return page.evaluate(`(() => {
    const out = [];
    const tol = 1;
    // HTML labels: the text's own width against the foreignObject that clips it.
    for (const fo of Array.from(document.querySelectorAll('svg foreignObject'))) {
      const inner = fo.firstElementChild ;
      if (!inner) continue;
      const foWidth = Number(fo.getAttribute('width') ?? fo.getBoundingClientRect().width);
      const range = document.createRange();
      range.selectNodeContents(inner);
      const textWidth = range.getBoundingClientRect().width;
      const text = (inner.textContent ?? '').trim();
      if (text && (textWidth > foWidth + tol || inner.scrollWidth > foWidth + tol)) out.push({ text, labelWidth: Math.max(textWidth, inner.scrollWidth), boxWidth: foWidth, kind: 'foreignObject' });
    }
    // Nodes (flowchart, state): the label group against the node's shape.
    for (const node of Array.from(document.querySelectorAll('svg g.node'))) {
      const shape = node.querySelector(':scope > rect, :scope > polygon, :scope > path, :scope > circle, :scope > g.basic > rect, :scope > g > path') ;
      const label = node.querySelector('g.label, text') ;
      if (!shape || !label) continue;
      const s = shape.getBoundingClientRect();
      const l = label.getBoundingClientRect();
      const text = (label.textContent ?? '').trim();
      if (text && (l.width > s.width + tol || l.left < s.left - tol || l.right > s.right + tol)) out.push({ text, labelWidth: l.width, boxWidth: s.width, kind: 'node' });
    }
    // Sequence diagrams: actor boxes and notes, every line of their text (a wrapped note has one
    // <text> per line), inside the box across and down.
    for (const [boxSel, textSel, kind] of [['rect.actor', 'text.actor', 'actor'], ['rect.note', 'text.noteText', 'note']]) {
      for (const rect of Array.from(document.querySelectorAll(boxSel))) {
        const g = rect.parentElement;
        const s = rect.getBoundingClientRect();
        for (const text of Array.from(g?.querySelectorAll(textSel) ?? [])) {
          const l = text.getBoundingClientRect();
          const t = (text.textContent ?? '').trim();
          const across = l.width > s.width + tol || l.left < s.left - tol || l.right > s.right + tol;
          const down = l.top < s.top - tol || l.bottom > s.bottom + tol;
          if (t && (across || down)) out.push({ text: t, labelWidth: l.width, boxWidth: s.width, kind: across ? kind : kind + ' (height)' });
        }
      }
    }
    // Every text inside the drawing itself: a label past the viewBox is cut off too.
    const root = document.querySelector('body > svg');
    if (root) {
      const r = root.getBoundingClientRect();
      for (const t of Array.from(root.querySelectorAll('text, foreignObject'))) {
        const text = (t.textContent ?? '').trim();
        if (!text || t.closest('defs, marker, symbol')) continue;
        const b = t.getBoundingClientRect();
        if (b.width && (b.left < r.left - tol || b.right > r.right + tol || b.top < r.top - tol || b.bottom > r.bottom + tol)) out.push({ text, labelWidth: b.width, boxWidth: r.width, kind: 'outside the drawing' });
      }
    }
    return out;
  })()`) as Promise<Misfit[]>;
}
