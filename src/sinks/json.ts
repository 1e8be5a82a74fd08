/**
 * The JSON sink: `--json` keeps foreign values raw (a script gets the exact bytes), but JSON text
 * printed to a terminal must not carry controls that JSON.stringify leaves raw: it escapes C0, not
 * DEL, C1 (`\u009b` is CSI to some terminals), bidi overrides or the line separators. Escaping
 * them as `\uXXXX` keeps the same value and leaves nothing a terminal acts on.
 */

// eslint-disable-next-line no-control-regex
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;

/** JSON text with DEL, C1, bidi and line separators written as `\uXXXX` escapes (same value). */
export function jsonInert(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `JSON.stringify`, made inert for a terminal. */
export function toJson(value: unknown, replacer?: (key: string, value: unknown) => unknown, space?: number): string {
  return jsonInert(JSON.stringify(value, replacer, space));
}
