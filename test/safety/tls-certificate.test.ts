/**
 * A server's certificate must not write to the terminal: a real `openssl s_server` on loopback
 * serves a certificate whose subject, issuer and SANs carry a window-title escape, a clipboard
 * write, a C1 CSI and a bidi override. The built CLI prints it (plain, --json, several targets,
 * the chat in a pipe) with every control made visible, and --json keeps the raw names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CERT_CN, CERT_ISSUER_CN, MARK, expectInert, hostileCertificate, opensslServer, tempDir, type Listener } from './fixture.js';

const tmp = tempDir('tls');
const env = { TCPSLEUTH_STATE_DIR: tmp.dir };
let server: Listener;
let target: string;

beforeAll(async () => {
  const { cert, key } = hostileCertificate(tmp.dir);
  server = await opensslServer(cert, key);
  target = `127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

type Step = { id: string; summary: string; reason?: string; command?: string; evidence: { certificate?: { subject?: string; issuer?: string; altNames?: string } } };
const tlsStep = (report: { steps: Step[] }) => report.steps.find((s) => s.id === 'tls')!;

describe('a hostile certificate, through the real CLI', () => {
  it('plain check --tls: the names are shown with their controls visible, nothing raw', async () => {
    const r = await runCli(['check', target, '--tls', '--no-ping'], { env });
    expectInert(r.stdout, 'stdout');
    expectInert(r.stderr, 'stderr');
    expect(r.code).toBe(1);
    // Shown, not dropped: the person sees what the certificate says, escapes as symbols.
    expect(r.stdout).toContain(`${MARK}␛]0;TSLPWN-TITLE␇`);
    expect(r.stdout).toContain('␛]52;c;');
    expect(r.stdout).toContain('<U+202E>');
    expect(r.stdout).toMatch(/NOT trusted: chain not trusted .*not valid for 127\.0\.0\.1/);
  });

  it('--json keeps the raw names in the certificate fields; its sentences and its text are inert', async () => {
    const r = await runCli(['check', target, '--tls', '--no-ping', '--json'], { env });
    expectInert(r.stdout, 'the JSON text');
    const report = JSON.parse(r.stdout);
    const tls = tlsStep(report);
    expect(tls.evidence.certificate?.subject).toBe(CERT_CN);
    expect(tls.evidence.certificate?.issuer).toBe(CERT_ISSUER_CN);
    expect(tls.evidence.certificate?.altNames).toContain(MARK);
    for (const text of [tls.summary, tls.reason ?? '', tls.command ?? '', report.meaning, ...report.details.map((d: { text: string }) => d.text)]) expectInert(text, 'a sentence in --json');
    expect(report.findings).toEqual(expect.arrayContaining(['tls-untrusted', 'tls-name-mismatch']));
    expect(report.details.find((d: { id: string }) => d.id === 'tls-name-mismatch').text).toContain(`${MARK}\\u001b]0;`);
  });

  it('several targets (one JSON line each) and the plain table', async () => {
    const json = await runCli(['check', target, target, '--tls', '--no-ping', '--json'], { env });
    expectInert(json.stdout, 'many --json');
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l).verdict)).toEqual(['tls-error', 'tls-error']);
    const plain = await runCli(['check', target, target, '--tls', '--no-ping'], { env });
    expectInert(plain.stdout + plain.stderr, 'many plain');
  });

  it('the chat in a pipe (plain)', async () => {
    const plain = await runCli(['chat'], { env, input: `https://${target}\n` });
    expectInert(plain.stdout + plain.stderr, 'chat');
    expect(plain.stdout).toContain(`${MARK}␛]0;TSLPWN-TITLE␇`);
  });

  // src/chat/text.ts replyJson: JSON.stringify leaves C1 (U+009B, CSI) and bidi raw; toJson (src/sinks/json.ts) escapes them.
  it('the chat in a pipe (--json lines)', async () => {
    const json = await runCli(['chat', '--json'], { env, input: `https://${target}\n` });
    expect(json.stdout).toContain(MARK);
    expectInert(json.stdout + json.stderr, 'chat --json');
  });
});
