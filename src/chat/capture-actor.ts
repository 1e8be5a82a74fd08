/**
 * The chat's capture: tcpdump on the way to the target while we connect to it, then a few seconds
 * more, so a transfer already running (the slow download the user talks about) is in the file
 * too. The handshake findings and what the transfers show come from diagnosis.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { captureDuring } from '../checks/capture.js';
import { connect } from '../checks/connect.js';
import { captureFindings } from '../diagnosis/capture-findings.js';
import { captureTransfers } from '../diagnosis/capture-transfers.js';
import { formatHostPort } from '../target.js';
import type { JobInput } from './machine.js';
import { CHAT_CAPTURE_LISTEN_MS } from './plan.js';
import type { CaptureReply } from './types.js';

export async function runChatCapture(input: JobInput<'capture'>, signal: AbortSignal): Promise<CaptureReply> {
  const address = input.address ?? input.target.host;
  const port = input.target.port;
  const target = formatHostPort(input.target.host, port);
  const listenMs = input.listenMs ?? CHAT_CAPTURE_LISTEN_MS;
  const started = Date.now();
  const step = await captureDuring(
    { address, port },
    async () => {
      await connect({ address, port }, { signal });
      await wait(listenMs, undefined, { signal }).catch(() => undefined);
    },
    { signal },
  );
  if (step.outcome === 'unavailable') return { kind: 'capture', target, outcome: step.outcome, summary: step.summary, findings: [], ...(step.fix ? { fix: step.fix } : {}) };
  const conversations = step.evidence?.conversations ?? [];
  const transfers = captureTransfers(conversations, target, Date.now() - started);
  return {
    kind: 'capture',
    target,
    outcome: step.outcome,
    summary: step.summary,
    findings: [...captureFindings(conversations), ...transfers.findings],
    transfers: transfers.summary,
    ...(step.fix ? { fix: step.fix } : {}),
  };
}
