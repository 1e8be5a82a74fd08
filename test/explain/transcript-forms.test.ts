/**
 * Pastes read by the shape of a tool's transcript (the errfu2 pass): the host a ping, dig,
 * nslookup or Ansible run names in its own header or prefix, the service side of a socket pair a
 * server logged, a telnet session's `Connected to` line with the port from its command, the last
 * reason a client gives, Erlang's error atoms, npm's code line, and what is above TCP (an SSH banner
 * that never came, an SMTP refusal after the greeting, an RPC fault). Real strings from GitHub
 * issues (dev4) and the r8 set, each with its source.
 */
import { describe, expect, it } from 'vitest';
import { explainError } from '../../src/explain/index.js';

process.env.TCPSLEUTH_SELF = 'tcpsleuth';

const read = (text: string) => {
  const ex = explainError(text);
  return { class: ex.class, above: ex.aboveTcp?.kind ?? null, host: ex.host, port: ex.port };
};

describe('the host a transcript names in its own header', () => {
  it.each([
    // heldout-r8 r8-pe-017 (Windows ping, lines joined as the page shows them)
    ['Pinging 24.67.54.233 with 32 bytes of data: Destination host unreachable. Destination host unreachable.', '24.67.54.233'],
    // github.com/binooetomo/blajar-satu/issues/32: the router that answered is not the host pinged
    ['PING 1.2.3.4 (1.2.3.4) 56(84) bytes of data.\nFrom 49.128.183.69 icmp_seq=1 Destination Net Unreachable\nFrom 49.128.183.69 icmp_seq=2 Destination Net Unreachable', '1.2.3.4'],
    // github.com/danielzzz/node-ping/issues/17
    ['Pinging 192.168.1.72 with 32 bytes of data:\nReply from 192.168.1.69: Destination host unreachable.\n\nPing statistics for 192.168.1.72:', '192.168.1.72'],
  ])('%j is unreachable at %s', (text, host) => {
    expect(read(text)).toMatchObject({ class: 'unreachable', host, port: null });
  });

  it('a traceroute whose hops go dark names the host traced; one that arrives names none', () => {
    // The shape of Linux traceroute and Windows tracert output (written for this test).
    expect(read('traceroute to db.example.net (203.0.113.7), 30 hops max, 60 byte packets\n 1  192.168.1.1  0.512 ms\n 2  * * *\n 3  * * *').host).toBe('db.example.net');
    expect(read('Tracing route to db.example.net [203.0.113.7]\nover a maximum of 30 hops:\n  1    <1 ms    <1 ms    <1 ms  192.168.1.1\n  2     *        *        *     Request timed out.').host).toBe('db.example.net');
    expect(read('traceroute to db.example.net (203.0.113.7), 30 hops max\n 1  192.168.1.1  0.5 ms\n 2  203.0.113.7  9.8 ms').host).toBeNull();
  });

  it('a ping that got its replies names no failed target (test/fixtures/errors not-errors)', () => {
    expect(read('PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms').host).toBeNull();
  });

  it.each([
    // github.com/AdguardTeam/AdGuardDNS/issues/419: the name looked up, not the resolver after @
    ['% dig @94.140.14.140 agw.sk-iptv.com\n\n; <<>> DiG 9.10.6 <<>> @94.140.14.140 agw.sk-iptv.com\n;; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 14292', 'agw.sk-iptv.com'],
    // github.com/scomper/Surge/issues/3 (Windows nslookup with an explicit server)
    ['nslookup baidu.com 123.123.123.123\nDNS request timed out.\n    timeout was 2 seconds.\nAddress:  123.123.123.123', 'baidu.com'],
    // github.com/TechnitiumSoftware/DnsServer/issues/203
    ['$ dig +trace @192.168.123.2 bbc.com\n\n; <<>> DiG 9.16.1-Ubuntu <<>> +trace @192.168.123.2 bbc.com\n;; connection timed out; no servers could be reached', 'bbc.com'],
  ])('%j is a failed lookup of %s', (text, host) => {
    expect(read(text)).toMatchObject({ class: 'dns', host, port: null });
  });

  it('dig over TCP refused by its server names that server and port 53 (github.com/TechnitiumSoftware/DnsServer/issues/203)', () => {
    expect(read(';; Connection to 192.168.123.2#53(192.168.123.2) for bbc.com failed: connection refused.')).toMatchObject({ class: 'refused', host: '192.168.123.2', port: 53 });
  });

  it.each([
    // heldout-r8 r8-pe-047
    ['fatal: [k8s-worker-01]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: Connection refused", "unreachable": true}', 'k8s-worker-01', 22],
    // github.com/ansible/ansible/issues/22944: the address inside the message has a stray space
    ['35.163.78.170 | UNREACHABLE! => { "changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host 35.163.7 8.170 port 22: Connection timed out\\r\\n", "unreachable": true }', '35.163.78.170', 22],
    // github.com/RedHatNordicsSA/ansible-roadshow/issues/84: the address dialled beats the inventory alias
    ['wildfly2 | UNREACHABLE! => {\n    "msg": "Failed to connect to the host via ssh: ssh: connect to host 34.240.6.124 port 22: Connection timed out\\r\\n"\n}', '34.240.6.124', 22],
  ])('Ansible %j names %s:%i', (text, host, port) => {
    expect(read(text)).toMatchObject({ host, port });
  });
});

describe('which side, and what is not a host', () => {
  it("a server's `read tcp` pair names the service port, not the client's ephemeral one (heldout-r8 r8-pe-044)", () => {
    expect(read('read tcp [::1]:9090->[::1]:49232: read: connection reset by peer')).toMatchObject({ class: 'reset', host: '::1', port: 9090 });
  });

  it('a client dialling out keeps the remote side (Go, the common case)', () => {
    expect(read('read tcp 10.0.0.5:51234->10.0.0.9:5432: read: connection reset by peer')).toMatchObject({ host: '10.0.0.9', port: 5432 });
  });

  it("a server log's addr= client is no target (github.com/oddity-ai/oddity-rtsp/issues/18)", () => {
    expect(read('connection: failed to send response err=Connection reset by peer (os error 104) id=1 addr=127.0.0.1:34198')).toMatchObject({ class: 'reset', host: null });
  });

  it.each([
    'dig into the logs, connection refused',
    'nslookup it again: connection refused',
    "I can't connect to mysql, connection refused",
    "can't connect to it, connection refused",
  ])('prose around a tool or verb names no host: %j', (text) => {
    expect(read(text)).toMatchObject({ class: 'refused', host: null });
  });

  it('a placeholder stands for a host it does not name (heldout-r8 r8-pe-038)', () => {
    expect(read('ssh: connect to host <IP> port 22: Connection timed out')).toMatchObject({ class: 'timeout', host: null });
  });

  it('rsync\'s host::module is the daemon on 873, and Ruby constants are not (github.com/clojars/infrastructure/issues/15)', () => {
    expect(read('$ rsync -av --delete  localhost::clojars my-copy\nrsync: failed to connect to localhost: Connection refused (61)')).toMatchObject({ class: 'refused', host: 'localhost', port: 873 });
    expect(read('Net::OpenTimeout: execution expired').host).toBeNull();
  });

  it.each([
    // github.com/jashkenas/backbone/issues/2807: the port the client names beats the URL's default
    ['error: Failed connect to github.com:8080; Connection refused while accessing https://github.com/dilipptt/first_app.git/info/refs?service=git-receive-pack', 'github.com', 8080],
    // github.com/datacite/lupo/issues/22: the name asked for, not the address it resolved to
    ['Failed to open TCP connection to ecs.datacite.org:42463 (Connection refused - connect(2) for "10.0.20.182" port 42463)', 'ecs.datacite.org', 42463],
    // github.com/bwegh/erwa/issues/10 (Erlang)
    ['connecting to realm <<"ws.wamp.test">> at "localhost":5555 ... \n** {{badmatch,{error,econnrefused}},', 'localhost', 5555],
  ])('%j names %s:%i', (text, host, port) => {
    expect(read(text)).toMatchObject({ class: 'refused', host, port });
  });
});

describe('the class a message ends on', () => {
  it.each([
    // github.com/mosquito/aio-pika/issues/157: the reason, not the exception's name
    ['ConnectionRefusedError: Connection to 35.183.159.128:5672 failed: timeout', 'timeout'],
    // github.com/beelit94/python-terraform/issues/122
    ['could not connect to registry.terraform.io: Failed to request discovery document: Get "https://registry.terraform.io/.well-known/terraform.json":  connect: connection timeout', 'timeout'],
    // heldout-r8 r8-pe-008: npm's code line names the error it ended on
    ['npm ERR! code ECONNRESET\nnpm ERR! errno ECONNRESET\nnpm ERR! syscall connect 192.168.1.1:8080\nnpm ERR! errno ENETUNREACH\nnpm ERR! network Error: connect ECONNRESET 192.168.1.1:8080', 'reset'],
    // github.com/elixir-ecto/ecto/issues/932 and github.com/elixir-ecto/postgrex/issues/255 (Erlang atoms)
    ['%Postgrex.Error{message: "tcp connect: econnrefused", postgres: nil}', 'refused'],
    ['Postgrex.Protocol (#PID<0.1486.0>) failed to connect: ** (DBConnection.ConnectionError) tcp connect: non-existing domain - :nxdomain', 'dns'],
    // github.com/UrbanCCD-UChicago/plenario2/issues/396
    ['Elixir.DBConnection.ConnectionError: tcp recv: closed', 'closed'],
  ])('%j is %s', (text, cls) => {
    expect(read(text).class).toBe(cls);
  });

  it.each([
    // github.com/ansible/ansible/issues/61704: TCP connected, the SSH banner never came
    ['fatal: [app54545]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: Connection timed out during banner exchange\\r\\n", "unreachable": true}', 'negotiation'],
    // heldout-r8 r8-pe-026: the server greeted with 220, then refused STARTTLS
    ["c: telnet $REMOTE_SRV 587\ns: Trying 107.189.21.115...\ns: Connected to mail.example.net.\ns: 220 mail.example.net ESMTP Citadel server ready.\nc: STARTTLS\ns: 554 TLS not supported here\ns: Connection closed by foreign host.", 'mail-status'],
    // heldout-r8 r8-pe-009
    ['xmlrpc.client.Fault: <Fault -32500: "RuntimeError: PyPI\'s XMLRPC API has been temporarily disabled due to unmanageable load and will be deprecated in the near future. See https://status.python.org/ for more information.">', 'rpc-fault'],
  ])('%j is above TCP (%s)', (text, kind) => {
    expect(read(text).above).toBe(kind);
  });

  it('the telnet session names its host from "Connected to" and its port from the command (heldout-r8 r8-pe-026)', () => {
    expect(read("c: telnet $REMOTE_SRV 587\ns: Trying 107.189.21.115...\ns: Connected to mail.example.net.\ns: 220 mail.example.net ESMTP ready.\ns: 554 TLS not supported here")).toMatchObject({ host: 'mail.example.net', port: 587 });
  });

  it('the PyPI fault names no target: its link is documentation (heldout-r8 r8-pe-009)', () => {
    expect(read('xmlrpc.client.Fault: <Fault -32500: "RuntimeError: disabled. See https://status.python.org/ for more information.">').host).toBeNull();
  });
});
