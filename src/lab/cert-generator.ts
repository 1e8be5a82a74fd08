/** The lab's certificates come from selfsigned; this is its `generate`, however it was loaded. */
export type Generate = typeof import('selfsigned').generate;

/** selfsigned is CommonJS: bundled, the dynamic import may expose it only as `default`. */
export async function certGenerator(): Promise<Generate> {
  const mod = (await import('selfsigned')) as typeof import('selfsigned') & { default?: typeof import('selfsigned') };
  return mod.generate ?? mod.default!.generate;
}
