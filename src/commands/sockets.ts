/** `tcpsleuth sockets`: not built yet. */
export default async function run(_argv: string[]): Promise<number> {
  process.stderr.write('tcpsleuth sockets: not built yet\n');
  return 2;
}
