/**
 * Forms of pasted errors the chat's third pass taught explain, as general rules (the messages are
 * written for this test with other hosts and wordings than the set they came from): wording
 * (certificates, io/dial timeouts, proxies' DNS pages, a Go chain ending in EOF, a connect that
 * hangs until ^C, a port checker's "closed", HTTP statuses in prose), and targets (git's scp
 * form, docker registries, IPv6 with the port appended, localhost over ::1, Go's innermost URL,
 * a program run at a prompt with host and port arguments, tcping). The fourth pass added the
 * wordings and forms r5 showed (VNC, Cloudflare 52x, PuTTY, Oracle, router prompts, placeholders,
 * postfix, masked Java addresses), again in words written for this test.
 */
import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/explain/index.js';

process.env.TCPSLEUTH_SELF = 'tcpsleuth';

const read = (text: string) => {
  const ex = explainError(text);
  return { class: ex.class, above: ex.aboveTcp?.kind ?? null, host: ex.host, port: ex.port };
};

describe('error wording', () => {
  it.each([
    ["fatal: unable to access 'https://code.example.net/a/b.git/': server certificate verification failed. CAfile: none", 'tls'],
    ["fatal: unable to access 'https://code.example.net/a/b.git/': Peer's Certificate issuer is not recognized.", 'tls'],
    ['reach http://10.9.8.7:6443 io timeout, cannot reach the api server', 'timeout'],
    ['prepare environment: error dialing backend: dial timeout', 'timeout'],
    ['<h1>Network Error (dns_unresolved_hostname)</h1>', 'dns'],
    ['push failed, retrying: EOF', 'closed'],
    ['Connection to node -1 (localhost/127.0.0.1:9093) could not be established. Broker may not be available. Node disconnected', 'refused'],
    ['Bootstrap broker kafka-3.internal:9092 (id: -1 rack: null) disconnected', 'closed'],
    ['$ telnet smtp.example.org 25\nTrying 192.0.2.25...\n^C', 'timeout'],
    ['ssh -v stopped at "debug1: Connecting to git.example.org [192.0.2.8] port 22."', 'timeout'],
    ['# tcping 10.0.0.9 8081\n10.0.0.9 port 8081 closed.', 'refused'],
    ['8081/tcp closed unknown', 'refused'],
    // The fourth pass (vendors' wordings seen in r5, written anew here).
    ['Unable to connect: the connection was refused by the remote computer', 'refused'],
    ['Error 521\nWeb server is down', 'refused'],
    ['Error 523\nOrigin is unreachable', 'unreachable'],
    ['Error 520\nWeb server returned an unknown error', 'closed'],
    ['Error 524: A timeout occurred', 'timeout'],
    ['Unable to open connection to nas01\nHost does not exist', 'dns'],
    ['PuTTY Fatal Error: Network error: No gateway', 'unreachable'],
    ['ORA-12545: Connect failed because target host or object does not exist', 'dns'],
    ['Error response from daemon: Get "https://reg.example.org/v2/": http: server gave HTTP response to HTTPS client', 'tls'],
    ['org.apache.http.NoHttpResponseException: svc.example.org:8443 failed to respond', 'closed'],
    ['switch#telnet 10.1.2.3 Trying 10.1.2.3 ... % Connection timed out; remote host not responding', 'timeout'],
  ])('%s → %s', (text, cls) => {
    expect(read(text).class).toBe(cls);
  });

  it.each([
    ['error parsing HTTP 403 response body: invalid character', 'authorization'],
    ['error: RPC failed; result=22, HTTP code = 502', 'http-status'],
    ['504\nThe gateway did not answer in time.\nPlease try again later.', 'http-status'],
    ['every page now gives the error "503 Service is being restarted".', 'http-status'],
    ['requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: https://api.example.org/x', 'http-status'],
    ['the ingress keeps returning 504 under load', 'http-status'],
    ['[integration.router] Connected to the router at gw.example.lan but login required: err.LoginRequired', 'authentication'],
    ['WARN ClientCnxn - Unable to reconnect, session 0x1a2b3c has expired', 'authentication'],
    ['ORA-12514: TNS:listener does not currently know of service requested in connect descriptor', 'server-limit'],
    ['530 5.7.0 Must issue a STARTTLS command first', 'mail-status'],
    ['550 5.1.1 <ann@example.org>: Recipient address rejected: User unknown', 'mail-status'],
  ])('above TCP: %s', (text, kind) => {
    expect(read(text).above).toBe(kind);
  });

  it('a plain 3-digit number or a timing is no HTTP status', () => {
    expect(read('connect to 10.0.0.1 port 443 failed: Connection timed out after 500 ms').above).toBeNull();
    expect(read('504').above).toBeNull();
  });

  it("Cloudflare's 520–526 are its connection to the origin failing, not the application", () => {
    expect(read('522\nConnection timed out').above).toBeNull();
    expect(read('Error 521\nWeb server is down').above).toBeNull();
  });
});

describe('targets', () => {
  it.each([
    ["$ git clone git@git.example.org:team/app.git\nssh_exchange_identification: Connection closed by remote host", 'git.example.org', 22],
    ['Connection to git@code.example.org:2222 exited: Remote closed the connection', 'code.example.org', 2222],
    ['docker push registry.example.org/team/app:1.2\nerror parsing HTTP 404 response body', 'registry.example.org', 443],
    ['docker pull registry.example.org:5000/team/app\nGet https://registry.example.org:5000/v2/: net/http: TLS handshake timeout', 'registry.example.org', 5000],
    ['"exception.message": "Failed to open TCP connection to 2001:db8:10:20:30:40:50:60:8443 (Network is unreachable)"', '2001:db8:10:20:30:40:50:60', 8443],
    ['Errno::ECONNREFUSED: Connection refused - connect(2) for "::1" port 5601 (localhost:5601)', '::1', 5601],
    ['OpenSSL::SSL::SSLError: hostname "imap.example.org" does not match the server certificate', 'imap.example.org', null],
    ['Get https://hub.example.org:5005/v2/: Get https://auth.example.org/token?scope=x: net/http: request canceled (Client.Timeout exceeded)', 'auth.example.org', 443],
    ['$ curl -v http://localhost:3000\n*   Trying 127.0.0.1:3000...\n* connect to 127.0.0.1 port 3000 failed: Connection refused\n* Failed to connect to localhost port 3000', 'localhost', 3000],
    ['# telnet localhost 2323\nTrying ::1...\ntelnet: connect to address ::1: Connection refused', 'localhost', 2323],
    ['[admin@web-1 app]# java -jar client.jar Publish 10.20.30.40 5672 guest\nException: java.net.ConnectException: Connection refused', '10.20.30.40', 5672],
    ['# tcping -t 2 198.51.100.4 8443\n198.51.100.4 port 8443 user timeout.', '198.51.100.4', 8443],
    ['Get https://auth.<CF_DOMAIN>/oauth/token: read tcp IP:PORT-IP:443: read: connection reset by peer', 'auth.<CF_DOMAIN>', 443],
    ['postfix/smtp[811]: status=deferred (connect to mail.example.net[198.51.100.25]:25: Connection refused)', 'mail.example.net', 25],
    ['Error creating pool to /10.x.x.12:9042\njava.net.ConnectException: Connection refused: /10.x.x.12:9042', '10.x.x.12', 9042],
    ['Error creating pool to /xx.xx.x.xx:9042\njava.net.ConnectException: Connection refused: /xx.xx.x.xx:9042', 'xx.xx.x.xx', 9042],
    ['[integration.nas] Connected to DSM at nas.example.lan but login required', 'nas.example.lan', null],
    ['switch#telnet 10.1.2.3 Trying 10.1.2.3 ... % Connection timed out; remote host not responding', '10.1.2.3', null],
    ['Unable to open connection to nas01\nHost does not exist', 'nas01', null],
    ['Network error: Connection to "sftp.example.net" timed out.', 'sftp.example.net', 22], // PuTTY's words: ssh's port,
  ])('%s → %s:%s', (text, host, port) => {
    expect(read(text)).toMatchObject({ host, port });
  });

  it('words standing where a host goes are no host', () => {
    expect(read('ssh: connect to host port 22: Connection refused').host).toBeNull();
    expect(read('10060 Connection timed out. The Web server specified in your URL could not be contacted.').host).toBeNull();
  });

  it("a public name's one address stays the target (that is where it failed)", () => {
    expect(read('$ curl -v http://example.org\n* Trying 192.0.2.1:80...\n* connect to 192.0.2.1 port 80 failed: Connection timed out')).toMatchObject({ host: '192.0.2.1', port: 80 });
  });
});
