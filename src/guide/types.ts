/**
 * The guide's vocabulary: what its machine holds (context), what it hears (events) and what it
 * records (the session notebook). Nothing here does I/O.
 */
import type { Progress, StepEvidence, StepId, Target, Verdict } from '../evidence.js';

/** What the user says is wrong, if they say anything ("it times out"). */
export type Symptom = 'times-out' | 'refused' | 'reset' | 'slow' | 'tls-error';

/** The main path, in order. */
export type MainStep = 'dns' | 'ping' | 'connect' | 'observe' | 'tls';

/** Extra checks a verdict's branch can offer after the main path. */
export type FollowUp = 'scan' | 'traceroute' | 'capture' | 'sockets' | 'tls';

/** Switches of `tcpsleuth check` that change how the steps run (not what they mean). */
export interface CheckOptions {
  /** false: skip ping (`--no-ping`). */
  ping?: boolean;
  /** Force the TLS step on (true) or off (false); default: the target says (`--tls`, `--no-tls`). */
  tls?: boolean;
  /** The connect budget per address (`--timeout`), overriding the adaptive one. */
  budgetMs?: number;
  /** How long to watch after the handshake. */
  observeMs?: number;
  /** Extra CA certificates (PEM) for the TLS step (`--ca`), and their file's name. */
  ca?: string;
  caFile?: string;
  /** SNI and the name the certificate must cover (`--servername`); default the target's host. */
  servername?: string;
}

/** What every check actor receives. Adapters in actors.ts turn it into each check's own input. */
export interface StepInput {
  step: StepId;
  target: Target;
  /** Addresses DNS returned (the literal itself for an IP target; empty before DNS ran). */
  addresses: string[];
  /** The address the connect step settled on, once known. */
  address?: string;
  /** For the scan follow-up: the ports to look at. */
  ports?: number[];
  symptom?: Symptom;
  options: CheckOptions;
  /** Evidence of the steps before this one (ping's RTT scales connect's budget, observe reuses the socket). */
  previous: Partial<Record<StepId, StepEvidence>>;
}

/** One transition of the session and the evidence that caused it: a notebook cell. */
export interface RecordEntry {
  seq: number;
  /** When it happened (ISO time): the first entry's is when the check started. */
  at?: string;
  /** Where the guide was and where it went (state names, e.g. `connect` → `refused`). */
  from: string;
  to: string;
  /** Who spoke: `check.done`, `user.skip`, `guide.timeout`, ... */
  event: string;
  /** The step whose evidence (or absence) caused the move. */
  step?: StepId;
  /** The reason in plain words. */
  because: string;
  evidence?: StepEvidence;
}

export type GuideMode = 'interactive' | 'headless';

export interface GuideContext {
  target?: Target;
  options: CheckOptions;
  symptom?: Symptom;
  mode: GuideMode;
  /** Headless: run the verdict's follow-up checks too (the UI asks the user instead). */
  autoFollowUps: boolean;
  /** The longest the guide waits for one step before moving on (the checks have their own budgets). */
  stepLimitMs: number;
  /** After this long a step shows a "still waiting" hint. */
  slowHintMs: number;
  addresses: string[];
  address?: string;
  /** Latest evidence per step (a re-run replaces it). */
  steps: Partial<Record<StepId, StepEvidence>>;
  /** Step ids in the order they finished. */
  order: StepId[];
  verdict?: Verdict;
  /** The step that is running now, and its latest progress. */
  running?: StepId;
  progress?: Progress;
  slow: boolean;
  /** The user asked "why?": the UI shows the explanation for the current state. */
  whyOpen: boolean;
  record: RecordEntry[];
}

export interface GuideInput {
  target?: Target;
  options?: CheckOptions;
  symptom?: Symptom;
  mode?: GuideMode;
  autoFollowUps?: boolean;
  stepLimitMs?: number;
  slowHintMs?: number;
}

export type GuideEvent =
  | { type: 'user.target'; target: Target; symptom?: Symptom }
  | { type: 'user.newTarget'; target: Target; symptom?: Symptom }
  | { type: 'user.skip' }
  | { type: 'user.rerun' }
  | { type: 'user.why' }
  | { type: 'user.choose'; followUp: FollowUp }
  | { type: 'user.done' }
  | { type: 'user.stop' }
  | { type: 'check.progress'; progress: Progress };
