/** `tcpsleuth lab`: not built yet. */
export default async function run(_argv: string[]): Promise<number> {
  process.stderr.write('tcpsleuth lab: not built yet\n');
  return 2;
}
