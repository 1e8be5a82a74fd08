/**
 * Reports: evidence you can forward. `buildReportModel` decides what a report says (model.ts);
 * `renderMarkdown` / `renderHtml` lay it out; `writeReport` does both for a file name and saves
 * the capture beside it; `validateReportPath` vets the name before any packet is sent. Entry
 * points for `check --report`, `analyze --report` and the chat's `/report`.
 */
export { buildReportModel, buildCaptureReportModel, localTime } from './model.js';
export type { ReportModel, ReportExtras, ReportOrigin, ReportCapture, ReportStep, ReportAddress, ReportFinding, ReportLadder, ReportFigure, ReportFact } from './model.js';
export { collectOrigin } from './origin.js';
export { kernelCollector, kernelTimeline, type KernelPoint } from './kernel-timeline.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export { writeReport, writeCaptureReport, type WriteReportOptions, type WriteCaptureReportOptions, type WrittenReport } from './write.js';
export { reportFormat, validateReportPath, pcapBeside, ReportFileError } from './report-path.js';
export { buildFleetReportModel, type FleetReportModel, type FleetRow, type FleetVantage } from './fleet-model.js';
export { renderFleetMarkdown } from './fleet-markdown.js';
export { renderFleetHtml } from './fleet-html.js';
export { writeFleetReport, type WriteFleetReportOptions } from './fleet-write.js';
