/**
 * The vantage points' public API, for the chat ("does it work from app-1?") and the report's
 * side-by-side view: read vantage points, run the check from each, get every report and the
 * difference. `runFromVantages(target, vantages, opts)` never throws for a vantage point that
 * fails (that report has `verdict: null` and `error`); it throws only when aborted.
 *
 *   const vantages = parseVantages(['ssh://app-1', '@inventory.ini:web', 'local']);
 *   const { reports, summary } = await runFromVantages(target, vantages, { signal, control });
 *
 * Pass one `control = openSshControl()` to reuse ssh connections across runs (a chat thread), and
 * `await control.close()` when done; without it each run opens and closes its own.
 */
export { runFromVantages, fleetSummary, fromExitCode, DEFAULT_FROM_PARALLEL, type FromOptions, type FromResult } from './run.js';
export { parseVantages, parseVantage, readVantageFile } from './vantages.js';
export { openSshControl, type SshControl } from '../remote/control.js';
export type { Vantage, VantageReport, VantageFacts, VantageError, FleetSummary } from './types.js';
/** Plain-text rows of the vantage table and the difference (for a terminal or pipe renderer). */
export { formatVantageHeader, formatVantageRow, formatNoVerdicts, formatFleetSummary, vantageWidths, type VantageRow } from './table.js';
/** What the difference rules read from one report (for a renderer that lays them side by side). */
export { vantageEvidence } from './run.js';
