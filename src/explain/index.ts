/** Error intake: read a pasted error message, say what happened at the TCP level. */
export { explainError } from './classify.js';
export type { Explanation, ErrorClass, ToolId } from './types.js';
export { ERROR_CLASSES } from './types.js';
export { expectedVerdict } from './verdicts.js';
export { formatExplanation } from './format.js';
