/**
 * `check TARGET --server ssh://HOST`: the client-side check as always, with the server's side
 * beside it: tcpdump there from before the first SYN until the verdict, and the checklist's facts.
 * Both arrive as steps (`server-capture`, `server-sockets`) with their own outcome; a server we
 * cannot reach makes them `unavailable` and the client-side check still completes.
 */
import { readFile } from 'node:fs/promises';
import type { CheckReport, StepEvidence, Target } from '../evidence.js';
import { runCheck, type RunCheckOptions } from '../guide/run-check.js';
import { diagnose } from '../diagnosis/index.js';
import { withStory } from '../guide/story-context.js';
import { joinBothEnds } from '../diagnosis/both-ends.js';
import { tcpPacketsOnPort, type TcpPacket } from '../packets/handshake-packets.js';
import { formatDestination, type SshDestination } from '../remote/ssh.js';
import { isRoot } from '../tools.js';
import { gatherRemote } from './gather.js';
import type { ServerFacts } from './facts.js';
import { startServerCapture, type ServerCaptureStep } from './remote-capture.js';
import { serverFindings, type ServerFinding } from './rules.js';

export type ServerSocketsStep = StepEvidence<'server-sockets', { destination: string; facts?: ServerFacts; findings: ServerFinding[] }>;

/** The two-sided check; `onStep` also sees the two server steps, after the client's. */
export async function runTwoSidedCheck(target: Target, server: SshDestination, opts: RunCheckOptions = {}): Promise<CheckReport> {
  const started = Date.now();
  const capture = await startServerCapture(server, target.port, { signal: opts.signal });
  // The checklist reads twice, a second apart, while the check runs: counters rise with our SYNs.
  const facts = gatherRemote(server, target.port, { signal: opts.signal, sampleMs: 1000 });
  // Our own capture gives the SYN's sequence number to join by (root only; else the client's port).
  let report: CheckReport;
  try {
    report = await runCheck(target, { ...opts, capture: opts.capture ?? isRoot() });
  } catch (err) {
    // Interrupted or failed: the server's tcpdump still stops (its ssh session ends here).
    await capture.stop().catch(() => undefined);
    throw err;
  }
  const { step: captureStep, packets: serverPackets } = await capture.stop();
  const gathered = await facts;
  const socketsStep = serverSocketsStep(server, gathered, Date.now() - started);

  if (captureStep.outcome === 'pass') {
    const client = await clientPackets(report, target.port);
    const connect = [...report.steps].reverse().find((s) => s.id === 'connect')?.evidence as { localPort?: number } | undefined;
    const join = joinBothEnds({
      port: target.port,
      addresses: report.target.addresses,
      client,
      clientPort: connect?.localPort,
      clientSawRst: report.verdict === 'reset' || report.verdict === 'refused',
      server: serverPackets,
      serverFindings: socketsStep.evidence.findings,
    });
    const { findings, ...rest } = join;
    captureStep.evidence.findings = findings;
    captureStep.evidence.join = { ...rest, clientCaptured: client !== undefined };
    if (join.joinedBy === 'none') captureStep.summary += '; could not find our connection in it (no client capture and no client port)';
    else captureStep.summary += join.synAtServer ? `; our SYN (seq ${join.isn}) arrived${join.serverTuple && join.serverTuple !== join.clientTuple ? ` as ${join.serverTuple}` : ''}, the server sent ${join.synAcksSent} SYN-ACK and ${join.rstsFromServer} RST` : `; our SYN (seq ${join.isn}) never arrived`;
  }
  for (const step of [captureStep, socketsStep] as StepEvidence[]) {
    report.steps.push(step);
    opts.onStep?.(step);
  }
  // The server's steps carry their own findings; diagnosis joins them (and their lessons) with the client's, and the story is told again.
  const d = diagnose(report.steps);
  Object.assign(report, { findings: d.findings, details: d.details, lessons: d.lessons });
  return withStory(report);
}

async function clientPackets(report: CheckReport, port: number): Promise<TcpPacket[] | undefined> {
  const cap = report.steps.find((s) => s.id === 'capture');
  const file = (cap?.evidence as { file?: string } | undefined)?.file;
  if (cap?.outcome !== 'pass' || !file) return undefined;
  const bytes = await readFile(file).catch(() => undefined);
  return bytes ? tcpPacketsOnPort(bytes, port) : undefined;
}

function serverSocketsStep(d: SshDestination, g: Awaited<ReturnType<typeof gatherRemote>>, durationMs: number): ServerSocketsStep {
  const destination = formatDestination(d);
  if (!g.facts) {
    return {
      id: 'server-sockets',
      outcome: 'unavailable',
      durationMs,
      summary: `no checklist from the server ${destination}`,
      reason: g.failure?.reason ?? 'unknown',
      fix: g.failure?.fix,
      command: `ssh ${d.host} tcpsleuth server PORT`,
      evidence: { destination, findings: [] },
    };
  }
  const findings = serverFindings(g.facts);
  const f = g.facts;
  const where = f.listeners.length ? `listens on ${f.listeners.map((l) => (l.address.includes(':') ? `[${l.address}]` : l.address)).join(', ')}` : 'nothing listens';
  const states = Object.entries(f.states).map(([s, n]) => `${n} ${s}`).join(', ');
  return {
    id: 'server-sockets',
    outcome: findings.some((x) => x.severity === 'problem') ? 'fail' : 'pass',
    durationMs,
    summary: `on the server, port ${f.port} ${where}${states ? ` (${states})` : ''}${findings.length ? `; ${findings.map((x) => x.id).join(', ')}` : ''}`,
    command: `ssh ${d.host} tcpsleuth server ${f.port}`,
    evidence: { destination, facts: f, findings },
  };
}
