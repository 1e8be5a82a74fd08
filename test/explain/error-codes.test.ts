/**
 * Error-code vocabularies and the targets their messages name (issue 23). Most strings are real
 * messages from the source in the comment above them; the rest, marked "written for this test",
 * follow the tool's own wording.
 */
import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/explain/index.js';

process.env.TCPSLEUTH_SELF = 'tcpsleuth';

const read = (text: string) => {
  const ex = explainError(text);
  return { class: ex.class, above: ex.aboveTcp?.kind ?? null, host: ex.host, port: ex.port };
};

describe('codes decide the class', () => {
  it.each([
    // https://github.com/ibmdb/node-ibm_db/issues/82 (selectForConnectTimeout, 115 = EINPROGRESS: the connect timed out)
    ['SQL30081N  A communication error has been detected. Communication protocol being used: "TCP/IP".  Communication API being used: "SOCKETS".  Location where the error was detected: "172.18.1.104".  Communication function detecting the error: "selectForConnectTimeout".  Protocol specific error code(s): "115", "*", "*".  SQLSTATE=08001', 'timeout', '172.18.1.104'],
    // https://github.com/loopbackio/loopback-connector-db2/issues/136 (recv got 104, ECONNRESET)
    ['SQL30081N  A communication error has been detected. Communication protocol being used: "TCP/IP".  Communication API being used: "SOCKETS".  Location where the error was detected: "169.60.63.234".  Communication function detecting the error: "recv".  Protocol specific error code(s): "104", "*", "0".  SQLSTATE=08001.', 'reset', '169.60.63.234'],
    // https://github.com/ibmdb/node-ibm_db/issues/461 (send got 32, EPIPE: the peer had closed it)
    ['SQL30081N A communication error has been detected. Communication protocol being used: "TCP/IP". Communication API being used: "SOCKETS". Location where the error was detected: "169.55.227.101". Communication function detecting the error: "send". Protocol specific error code(s): "32", "*", "0". SQLSTATE=08001', 'closed', '169.55.227.101'],
    // https://www.ibm.com/docs/en/db2/11.5?topic=errors-sql30081n-tcpip-communication (the manual's example, wrapped as printed)
    ['SQL30081N A communication error has been detected. Communication protocol\nbeing used: "TCP/IP". Communication API being used: "SOCKETS". Location\nwhere the error was detected: "". Communication function detecting the error: "connect".\nProtocol specific error code(s): "111", "*", "*".', 'refused', null],
    // https://github.com/ibmdb/node-ibm_db/issues/639
    ['[IBM][CLI Driver] SQL1336N The remote host "hdp-master-7.datalake-hdp.zc2.ibm.com" was not found. SQLSTATE=08001', 'dns', 'hdp-master-7.datalake-hdp.zc2.ibm.com'],
    // https://github.com/oracle/node-oracledb/issues/1278
    ['[Error: ORA-12170: TNS:Connect timeout occurred] {\n  errorNum: 12170,\n  offset: 0\n}', 'timeout', null],
    // https://github.com/eflexsystems/node-samba-client/issues/61
    ['ERROR:  do_connect: Connection to 192.168.234.223 failed (Error NT_STATUS_IO_TIMEOUT)', 'timeout', '192.168.234.223'],
    // https://github.com/awlx/samba-timemachine/issues/17
    ['do_connect: Connection to localhost failed (Error NT_STATUS_CONNECTION_REFUSED)', 'refused', 'localhost'],
    // https://github.com/etingof/snmpsim/issues/51
    ['$ snmpwalk -v2c -c public demo.snmplabs.com system\nTimeout: No Response from demo.snmplabs.com', 'timeout', 'demo.snmplabs.com'],
    // https://github.com/stephendade/Rpanion-server/issues/119
    ["E: Failed to fetch http://ports.ubuntu.com/ubuntu-ports/pool/universe/r/resolvconf/resolvconf_1.82_all.deb  Temporary failure resolving 'ports.ubuntu.com'", 'dns', 'ports.ubuntu.com'],
    // http://www.systemlord.me/2015/12/20/docker-dns-systemd.html (apt in a container; the name is empty on the page)
    ['E: Failed to fetch\nCould not resolve ‘’', 'dns', null],
    // https://toolbase.cc/en/network/api/curl_exit_code (a line of curl's exit-code table)
    ['6 CURLE_COULDNT_RESOLVE_HOST', 'dns', null],
    // https://github.com/DIAGNijmegen/rse-grand-challenge/issues/299 (the errno after 2013 decides)
    ['OperationalError: (2013, "Lost connection to MySQL server at \'reading initial communication packet\', system error: 104")', 'reset', null],
    // https://github.com/sshnet/SSH.NET/pull/1457 (a sentence from the pull request)
    ['SocketError.NoData means "The requested name or IP address was not found on the name server."', 'dns', null],
    // https://github.com/hierynomus/smbj/issues/414 (a NetBIOS name, then the address dialled)
    ['jcifs.smb.SmbException: Failed to connect: 0.0.0.0<00>/13.250.102.143\njcifs.util.transport.TransportException: Connection timeout', 'timeout', '13.250.102.143'],
  ])('%s', (text, cls, host) => {
    const r = read(text);
    expect(r.class).toBe(cls);
    expect(r.host).toBe(host);
    expect(r.above).toBeNull();
  });

  it.each([
    // Oracle's own text for ORA-12154 (a tnsnames.ora alias that does not resolve); written for this test
    ['ORA-12154: TNS:could not resolve the connect identifier specified', 'dns'],
    // py-amqp's exception for RabbitMQ's 320 reply (a broker shutting down); written for this test in its form
    ["amqp.exceptions.ConnectionForced: (0, 0): (320) CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'", 'closed'],
    // Go x/net/http2's wording of a peer's RST_STREAM; written for this test in its form
    ['stream error: stream ID 1; INTERNAL_ERROR; received from peer', 'reset'],
    // OpenLDAP's ldapsearch -ZZ when StartTLS fails; written for this test in its form
    ['ldap_start_tls: Connect error (-11)', 'tls'],
    // Windows `net use` (system error 53, ERROR_BAD_NETPATH), not BSD's errno 53; written for this test in its form
    ['System error 53 has occurred.\n\nThe network path was not found.', 'unreachable'],
    // mosquitto_sub's message when the broker drops it; written for this test in its form
    ['Error: The connection was lost.', 'closed'],
    // https://borncity.com/win/2016/12/20/events-id-4231-and-4227-tcpip-no-internet-connection/ (event 4231's text)
    ['A request to allocate an ephemeral port number from the global TCP port space has failed due to all such ports being in use.', 'other'],
    // Oracle JDBC's ORA-17002 text without its number; written for this test in its form
    ['IO Error: The Network Adapter could not establish the connection', 'refused'],
  ])('%s → %s', (text, cls) => {
    expect(read(text).class).toBe(cls);
  });

  it('a session the server closed is a TCP story, not an SQL error above TCP', () => {
    // http://ronaldbradford.com/blog/sqlstatehy000-general-error-2006-mysql-server-has-gone-away-2013-01-02
    expect(read('SQLSTATE[HY000]: General error: 2006 MySQL server has gone away')).toMatchObject({ class: 'closed', above: null });
    // An SQL error with no connection code stays above TCP.
    expect(read("SQLSTATE[42S02]: Base table or view not found: 1146 Table 'app.users' doesn't exist").above).toBe('sql');
  });
});

describe('targets written the way these tools write them', () => {
  it.each([
    // https://github.com/joeferner/node-oracle/issues/197 (Oracle's connect descriptor)
    ['(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=10.100.0.146)(PORT=1521))(CONNECT_DATA=(SERVER=DEDICATED)(SID=mhost)))\nError: ORA-12541: TNS:no listener', '10.100.0.146', 1521],
    // https://statuscodefyi.com/ar/scenarios/smtp/421-smtp-connection-refused (Postfix's reply line)
    ['Postfix log: `host mail.example.com[1.2.3.4] said: 421 Too many concurrent connections`', 'mail.example.com', null],
    // https://github.com/FreeRDP/FreeRDP/issues/6654
    ['[14:36:02:033] [28689:28690] [ERROR][com.freerdp.core] - failed to connect to rdp.server.org', 'rdp.server.org', null],
    // https://github.com/osTicket/osTicket-plugins/issues/131 (an LDAP bind is a login, not a socket's bind())
    ["Bind failed: Can't contact LDAP server: Unable to bind to server ldap.example.com:389", 'ldap.example.com', 389],
    // gRPC core's address form after its last error; written for this test in its form
    ['14 UNAVAILABLE: failed to connect to all addresses; last error: UNKNOWN: ipv4:127.0.0.1:50051: Failed to connect to remote host: Connection refused', '127.0.0.1', 50051],
    // gRPC's resolver naming the service it could not resolve; written for this test in its form
    ['StatusCode.UNAVAILABLE, DNS resolution failed for service: orders.internal:50051', 'orders.internal', 50051],
    // IBM's JDBC driver (a port with a thousands separator); written for this test in its form
    ['[jcc][t4][2043][11550][4.19.26] Exception java.net.ConnectException: Error opening socket to server db2host/10.0.0.5 on port 50,000 with message: Connection refused. ERRORCODE=-4499, SQLSTATE=08001', 'db2host', 50000],
    // Windows' DNS client, event 1014; written for this test in its form
    ['Name resolution for the name login.example.com timed out after none of the configured DNS servers responded.', 'login.example.com', null],
    // Remote Desktop's refusal; written for this test in its form
    ["The remote computer 'RDPHOST01' refused the network connection.", 'RDPHOST01', null],
    // https://github.com/thingsboard/thingsboard/issues/12805 (quoted -h and -p)
    ['$ mosquitto_pub -d -q 1 -h "demo.thingsboard.io" -p "8883" -t "v1/devices/me/telemetry" -m {"temperature":26}\nError: Connection refused', 'demo.thingsboard.io', 8883],
  ])('%s', (text, host, port) => {
    const r = read(text);
    expect(r.host).toBe(host);
    expect(r.port).toBe(port);
  });

  it('a product name after "could not connect to" is no host', () => {
    expect(read('could not connect to MySQL').host).toBeNull();
    expect(read('could not connect to 10.0.0.30Unable to find suitable address.').host).toBeNull();
  });

  it("a template's placeholder names no host", () => {
    // https://github.com/yajra/laravel-oci8/issues/374
    const r = read("ORA-12541: TNS:no listener\nat Oci8->connect('(DESCRIPTION = (ADDRESS = (PROTOCOL = TCP)(HOST = MY_ORACLE_SERVER_IP)(PORT = 1591)) (CONNECT_DATA =(SID = )))')");
    expect(r.class).toBe('refused');
    expect(r.host).toBeNull();
  });
});
