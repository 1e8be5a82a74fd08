/**
 * Replies built from pure readers (no I/O): a pasted error explained, with the offer to check the
 * target it names (or to ask for one).
 */
import { explainError } from '../explain/index.js';
import type { Target } from '../evidence.js';
import type { Symptom } from '../guide/types.js';
import { formatHostPort, parseTarget } from '../target.js';
import type { ExplainReply } from './types.js';

const SYMPTOM_OF_CLASS: Partial<Record<string, Symptom>> = { refused: 'refused', timeout: 'times-out', reset: 'reset', tls: 'tls-error' };

/** A target from a host and port (a pasted error's, a drill's), if they make one. */
export function targetOf(host: string | null, port: number | null): Target | undefined {
  if (!host || !port) return undefined;
  try {
    return parseTarget(formatHostPort(host, port));
  } catch {
    return undefined;
  }
}

/** `explain` on a pasted error, plus what "yes" would do: check the named target, or ask for one. */
export function explainReply(text: string): ExplainReply {
  const ex = explainError(text);
  const target = targetOf(ex.host, ex.port);
  const symptom = SYMPTOM_OF_CLASS[ex.class];
  if (target) {
    return {
      kind: 'explain',
      ...ex,
      offer: { kind: 'check', target, ...(symptom ? { symptom } : {}) },
      // Above TCP the server answered: the check would only show the port open, so it is not pressed.
      text: ex.aboveTcp
        ? `The connection worked, so the port most likely answers. Check ${formatHostPort(target.host, target.port)} anyway? (Enter or "yes")`
        : `Check ${formatHostPort(target.host, target.port)} now? (Enter or "yes")`,
    };
  }
  if (ex.aboveTcp) return { kind: 'explain', ...ex, text: 'Nothing to check at the TCP level: the connection worked and the application said no.' };
  if (ex.unixSocket) return { kind: 'explain', ...ex, text: 'That is a local Unix socket, not TCP: is the server running here?' };
  return {
    kind: 'explain',
    ...ex,
    offer: { kind: 'ask-target' },
    text: ex.host ? `Which port on ${ex.host}? Type it (e.g. 5432) and I will check it.` : 'The message names no host and port: type the target (host:port) and I will check it.',
  };
}
