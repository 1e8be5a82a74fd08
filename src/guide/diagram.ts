/**
 * Mermaid state diagrams generated from the guide machine itself, so the pictures in diagrams/
 * cannot drift from the code: walk the state nodes and their transitions, name each edge by who
 * speaks (check.done, user.skip, timeout) or by the guard that picks it. Pure: no I/O.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { readerDiagram } from './reader-diagram.js';

interface Edge {
  from: string;
  to: string;
  label: string;
}

/** `xstate.done.actor.0.guide.dns` → `check.done`; the machine's own names otherwise. */
export function eventLabel(event: string): string | undefined {
  if (event.startsWith('xstate.done.actor')) return 'check.done';
  if (event.startsWith('xstate.error.actor')) return 'check.error';
  if (event.startsWith('xstate.after.stepLimit')) return 'timeout';
  if (event.startsWith('xstate.after')) return undefined;
  return event;
}

function guardLabel(guard: unknown): string | undefined {
  if (!guard) return undefined;
  if (typeof guard === 'string') return guard;
  const g = guard as { type?: string; params?: Record<string, unknown> };
  const p = g.params ? Object.values(g.params).join(',') : '';
  return g.type ? (p ? `${g.type}(${p})` : g.type) : undefined;
}

/** The state's name inside `parent` (or its path from the machine root, joined with `_`). */
function nameOf(node: AnyStateNode, parent: AnyStateNode): string {
  const rel = node.path.slice(parent.path.length);
  return rel.length ? rel.join('_').replace(/-/g, '_') : node.key.replace(/-/g, '_');
}

/** Edges between the children of `parent` (targets outside it are named by their top-level state). */
function edgesOf(parent: AnyStateNode): Edge[] {
  const edges = new Map<string, Edge>();
  const add = (from: string, to: string, label: string) => {
    const key = `${from}>${to}`;
    const e = edges.get(key);
    if (!e) edges.set(key, { from, to, label });
    else if (!e.label.split(' · ').includes(label)) e.label += ` · ${label}`;
  };
  for (const child of Object.values(parent.states) as AnyStateNode[]) {
    const from = nameOf(child, parent);
    for (const [event, defs] of child.transitions.entries()) {
      const label = eventLabel(event);
      if (!label) continue;
      for (const d of defs) for (const t of d.target ?? []) add(from, targetName(t, parent), label);
    }
    for (const d of child.always ?? []) for (const t of d.target ?? []) add(from, targetName(t, parent), guardLabel(d.guard) ?? 'always');
    // A branch's own states leave it too (advice → done, a follow-up → route): draw those from the branch.
    for (const inner of descendants(child)) {
      for (const [event, defs] of inner.transitions.entries()) {
        const label = eventLabel(event);
        if (!label) continue;
        for (const d of defs) for (const t of d.target ?? []) if (!isInside(t, child)) add(from, targetName(t, parent), label);
      }
      for (const d of inner.always ?? []) for (const t of d.target ?? []) if (!isInside(t, child)) add(from, targetName(t, parent), guardLabel(d.guard) ?? 'always');
    }
  }
  return [...edges.values()];
}

function descendants(node: AnyStateNode): AnyStateNode[] {
  return (Object.values(node.states) as AnyStateNode[]).flatMap((c) => [c, ...descendants(c)]);
}

function isInside(t: AnyStateNode, node: AnyStateNode): boolean {
  return t.path.length > node.path.length && node.path.every((p: string, i: number) => t.path[i] === p);
}

function targetName(t: AnyStateNode, parent: AnyStateNode): string {
  const inside = t.path.length > parent.path.length && parent.path.every((p: string, i: number) => t.path[i] === p);
  return inside ? nameOf(t, parent) : t.path.join('_').replace(/-/g, '_');
}

const line = (e: Edge) => `  ${e.from} --> ${e.to}: ${e.label}`;

/** The whole decision path: intake, the main steps, the router, one state per verdict branch. */
function overviewDiagram(machine: AnyStateMachine): string {
  const root = machine.root as AnyStateNode;
  const out = ['stateDiagram-v2', '  direction TB', `  [*] --> ${root.initial?.target?.[0]?.key ?? 'intake'}`];
  out.push('  state route <<choice>>');
  for (const child of Object.values(root.states) as AnyStateNode[]) {
    const id = nameOf(child, root);
    if (child.type === 'compound') out.push(`  ${id}: ${child.key} (branch)`);
    if (child.type === 'final') out.push(`  ${id} --> [*]`);
  }
  // Edges every branch shares (re-run, follow-ups back through the router) would hide the tree:
  // they go in the note, and guide-branches.mmd draws the follow-ups.
  const branches = new Set((Object.values(root.states) as AnyStateNode[]).filter((c) => c.type === 'compound').map((c) => nameOf(c, root)));
  const shared = (e: Edge) => branches.has(e.from) && (e.to === 'intake' || e.to === 'route');
  out.push(...edgesOf(root).filter((e) => e.from !== e.to && !shared(e)).map(line));
  const global = [...root.transitions.entries()]
    .map(([event, defs]) => [event, defs.flatMap((d) => ((d.target ?? []) as AnyStateNode[]).map((t) => t.key))] as const)
    .filter(([, targets]) => targets.length > 0)
    .map(([event, targets]) => `${event} → ${targets.join(', ')}`);
  out.push('  note right of intake', `    from any state: ${global.join('; ')}`, '    in a branch: user.rerun → intake; a follow-up check → route (guide-branches.mmd)', '  end note');
  return out.join('\n') + '\n';
}

/** Each verdict branch: its advice state and the follow-up checks it offers. */
function branchesDiagram(machine: AnyStateMachine): string {
  const root = machine.root as AnyStateNode;
  const out = ['stateDiagram-v2', '  direction LR'];
  for (const child of Object.values(root.states) as AnyStateNode[]) {
    if (child.type !== 'compound') continue;
    const id = nameOf(child, root);
    out.push(`  state "${child.key}" as ${id} {`);
    out.push(`    [*] --> ${id}_advice`);
    for (const sub of Object.values(child.states) as AnyStateNode[]) {
      if (sub.key !== 'advice') {
        out.push(`    ${id}_advice --> ${id}_${sub.key}: user.choose(${sub.key})`);
        out.push(`    ${id}_${sub.key} --> ${id}_advice: check.done · user.skip · timeout`);
      }
      out.push(`    ${id}_${sub.key}: ${sub.key}`);
    }
    out.push('  }');
  }
  return out.join('\n') + '\n';
}

/** Every generated diagram, by file name. */
export function guideDiagrams(machine: unknown): Record<string, string> {
  const m = machine as AnyStateMachine;
  return { 'troubleshooting.mmd': readerDiagram(machine), 'guide.mmd': overviewDiagram(m), 'guide-branches.mmd': branchesDiagram(m) };
}
