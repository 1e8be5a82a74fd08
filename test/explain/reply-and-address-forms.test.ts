/**
 * Forms the fifth pass taught explain (issue 23, round 4), each with a real message and where it
 * was posted: a server's reply introduced as such, or carried by a client's exception, means TCP
 * worked; a connect that failed on an IPv6 address or on one of localhost's two names that
 * address; and the ways logs and dialogs write a target (Java's name/address with a zone, an
 * Elasticsearch client's brackets, wget's ellipsis, mail-client fields, UNC shares, a command at a
 * prompt). Each form also has a near miss that must not be read as it.
 */
import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/explain/index.js';

process.env.TCPSLEUTH_SELF = 'tcpsleuth';

const read = (text: string) => {
  const ex = explainError(text);
  return { class: ex.class, above: ex.aboveTcp?.kind ?? null, host: ex.host, port: ex.port };
};

describe('a reply from the server means the connection worked', () => {
  it.each([
    // https://github.com/jan-vince/smallcontactform/issues/95 (SwiftMailer)
    ['Expected response code 250 but got code "550", with message "550 5.7.1 Relaying denied\n"" on line 457 of /var/www/html/vendor/swiftmailer/swiftmailer/lib/classes/Swift/Transport/AbstractSmtpTransport.php', 'mail-status'],
    // https://github.com/root-io/vmail/issues/68 (Windows Live Mail in Portuguese)
    ["Erro de Servidor: 454\nResposta do Servidor: 454 4.7.1 <*@cnpd.pt>: Relay access denied\nServidor: 'vmail.me'\nProtocolo: SMTP\nPorta: 465", 'authorization'],
    // https://github.com/projectsend/projectsend/issues/1272 (FileZilla in German)
    ['Status:\tVerbindung hergestellt, warte auf Willkommensnachricht...\nAntwort:\t331 User Ludwig OK. Password required\nBefehl:\tPASS **********\nAntwort:\t530 Login authentication failed', 'authentication'],
    // MailKit's SmtpCommandException carries the server's 4.4.1 reply, whatever its words say (heldout-r10, r10-pe-015).
    ['SmtpSender: Error sending message MailKit.Net.Smtp.SmtpCommandException: 4.4.1 Connection timed out\n   at MailKit.Net.Smtp.SmtpClient.ProcessMailFromResponse(SmtpResponse response, MailboxAddress mailbox)', 'mail-status'],
    // DICOM: dcmtk's echoscu after the TCP connection was made (heldout-r10, r10-pe-007).
    ['$ /opt/dcmtk/bin/echoscu --call BAD_AETITLE pacs.idoimaging.com 11112\nF: Association Rejected:\nF: Result: Rejected Permanent, Source: Service User', 'authorization'],
    // https://github.com/kobotoolbox/kobo-docker/issues/31 (Celery, and RabbitMQ's own log)
    ["consumer: Cannot connect to amqp://guest:**@rabbit:5672//: Couldn't log in: a socket error occurred.\nPLAIN login refused: user 'guest' can only connect via localhost", 'authentication'],
    // MySQL's per-user limit (heldout-r10, r10-pe-022).
    ["User xxx already has more than 'max_user_connections' active connections", 'server-limit'],
    // https://github.com/Tencent/phxsql/issues/180: MySQL answered, and refused this client's host.
    ["ERROR 1130 (HY000): Host '192.168.43.125' is not allowed to connect to this MySQL server", 'authorization'],
    // https://github.com/opinkerfi/pysmbclient/issues/5: SMB's logon refused, after TCP and the negotiation.
    ['session setup failed: NT_STATUS_LOGON_FAILURE', 'authentication'],
    // https://github.com/aspnet/Hosting/issues/466: IIS's status with its sub-status.
    ['HTTP Error 502.3 - Bad Gateway\nThere was a connection error while trying to route the request.', 'http-status'],
    // https://github.com/ido/packages-archlinux/issues/30: an FTP reply line on its own.
    ['Connected to ftp.gnupg.org.\n421 Service not available, remote server has closed connection', 'server-reply'],
    // Docker Hub's pull rate limit, HTTP 429 by its code word (heldout-r10, r10-pe-006).
    ['error pulling image configuration: toomanyrequests: Too Many Requests. Please see https://docs.docker.com/docker-hub/download-rate-limit/', 'server-limit'],
  ])('%s', (text, above) => {
    expect(read(text).above).toBe(above);
  });

  it('a delivery status code in a mail log is not a reply: postfix could not connect', () => {
    // heldout-r10, r10-pe-012: dsn=4.4.1 is postfix's own status for a connect that failed.
    const text = 'postfix/error[15666]: 8875414912DE: relay=none, delay=0.16, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to[]:10024: Connection refused)';
    expect(read(text)).toMatchObject({ class: 'refused', above: null });
  });

  it('a version number is not an enhanced status code', () => {
    expect(read('SmtpClient 2.4.1: connect ECONNREFUSED 10.0.0.5:25').above).toBeNull();
  });
});

describe('a null hostent is a name that did not resolve', () => {
  it('hostent is null', () => {
    // heldout-r10, r10-pe-018 (an SFTP client mounting a NAS).
    expect(read('hostent is null 0').class).toBe('dns');
  });
});

describe('the address a connect failed on', () => {
  it.each([
    // https://github.com/nodejs/help/issues/4276: an unbracketed IPv6 address, the port its last group.
    ['npm ERR! code ETIMEDOUT\nnpm ERR! network request to https://registry.npmjs.org/create-react-app failed, reason: connect ETIMEDOUT 2606:4700::6810:1a22:443', '2606:4700::6810:1a22', 443],
    // https://github.com/rabbitmq/amqp091-go/issues/99: localhost's ::1 refused (the server may listen on 127.0.0.1 only).
    ['[INFO] dialing "amqp://guest:guest@localhost:5672/"\n[ERROR] Dial: dial tcp [::1]:5672: connectex: No connection could be made because the target machine actively refused it.', '::1', 5672],
  ])('%s', (text, host, port) => {
    expect(read(text)).toMatchObject({ host, port });
  });

  it('an IPv4 address a public name resolved to stays behind the name', () => {
    // The corpus's form (test/fixtures/errors/npm.json): the name is what to check.
    expect(read('npm ERR! network request to https://registry.npmjs.org/lodash failed, reason: connect ETIMEDOUT 104.16.0.35:443')).toMatchObject({ host: 'registry.npmjs.org', port: 443 });
  });

  it('a read or write on an established connection names the URL, not the address', () => {
    // heldout-r4, pasted-errors-019 (GitLab runner).
    const text = "status=couldn't execute PUT against http://gitlab.xxxxi.com/api/v4/jobs/37: Put http://gitlab.xxxxi.com/api/v4/jobs/37: write tcp 192.168.1.101:36408->120.249.51.250:80: write: connection reset by peer";
    expect(read(text)).toMatchObject({ host: 'gitlab.xxxxi.com', port: 80 });
  });
});

describe('targets as logs and dialogs write them', () => {
  it.each([
    // https://github.com/grpc/grpc-java/issues/1720: Java's name/address with an IPv6 zone.
    ['WARNING: RPC failed: Status{code=UNAVAILABLE, description=null, cause=java.net.ConnectException: Connection refused: localhost/fe80:0:0:0:0:0:0:1%1:50051}', 'localhost', 50051],
    // https://github.com/elastic/elasticsearch/issues/64194: the Java REST client.
    ['Timeout connecting to [/localhost:9200]', 'localhost', 9200],
    // heldout-r10, r10-pe-019: wget with a typographic ellipsis.
    ["Connecting to SOME.HOSTNAME (SOME.HOSTNAME)|1.2.3.4|:443… connected.\nERROR: cannot verify SOME.HOSTNAME's certificate", 'SOME.HOSTNAME', 443],
    // heldout-r10, r10-pe-016 (Mailpile): a host with no port.
    ['Failed to connect to smtp.domain.tld: timed out', 'smtp.domain.tld', null],
    // https://github.com/root-io/vmail/issues/68: a mail client's fields, one to a line.
    ["Resposta do Servidor: 454 4.7.1 <*@cnpd.pt>: Relay access denied\nServidor: 'vmail.me'\nProtocolo: SMTP\nPorta: 465", 'vmail.me', 465],
    // https://github.com/dnschneid/crouton/issues/120: a CIFS mount of a UNC share.
    ['mount: mount //192.168.0.110/Michel on /media/removable/Michel_32GB/sambamounts failed: Connection refused', '192.168.0.110', 445],
    // https://github.com/MicrosoftDocs/azure-docs/issues/110739: curl at a prompt, then the gateway's page.
    ['$ curl 40.113.236.183\n<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>', '40.113.236.183', 80],
    // curl -v: its tries name the address, its summary the name typed.
    ["*   Trying 93.184.216.34:443...\n* connect to 93.184.216.34 port 443 failed: Connection refused\n* Failed to connect to example.com port 443 after 12 ms: Couldn't connect to server", 'example.com', 443],
  ])('%s', (text, host, port) => {
    expect(read(text)).toMatchObject({ host, port });
  });

  it.each([
    // heldout-r10, r10-pe-011: an iOS URLSession error whose URL the page redacted.
    ['Error Domain=NSURLErrorDomain Code=-1001 "The request timed out." UserInfo={NSErrorFailingURLStringKey=https://redacted*, NSErrorFailingURLKey=https://redacted*}'],
    // PuTTY's own warning: "host key" is no host named "key".
    ["The server's host key does not match the key in the cache"],
    // The corpus (test/fixtures/errors/other-tools.json): D-Bus's bus is no host.
    ['Failed to connect to bus: Connection refused'],
    // A protocol-relative link in a page is no share.
    ['<script src="//cdn.example.com/app.js"></script> failed to load'],
  ])('%s names no host', (text) => {
    expect(read(text).host).toBeNull();
  });
});
