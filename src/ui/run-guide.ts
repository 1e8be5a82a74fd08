/**
 * The interactive guide (Ink). Placeholder until the guide lands: returns undefined, meaning
 * "no interactive guide here, print plain lines instead".
 */
import type { Target } from '../evidence.js';

export interface GuideOptions {
  signal?: AbortSignal;
  capture?: boolean;
}

export async function runGuide(_target: Target | undefined, _opts: GuideOptions = {}): Promise<number | undefined> {
  return undefined;
}
