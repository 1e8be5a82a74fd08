/** `tcpsleuth` with no arguments: the guide's home screen. Not built yet. */
export default async function run(_argv: string[]): Promise<number> {
  const { HELP } = await import('../help.js');
  process.stdout.write(HELP);
  return 0;
}
