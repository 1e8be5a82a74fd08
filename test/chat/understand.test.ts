/**
 * understand(): the contract, table by table. Each row is a way people write; the expected fields
 * are the ones the machine acts on (intent, act, target, class, lesson, follow-up).
 */
import { describe, expect, it } from 'vitest';
import { understand, UNDERSTAND_THRESHOLD, type ThreadFacts, type Understanding } from '../../src/chat/understand.js';

const AFTER_CHECK: ThreadFacts = { lastTarget: { host: 'db.internal', port: 5432 }, lastVerdict: 'filtered' };
const OFFERED: ThreadFacts = { lastTarget: { host: 'db.internal', port: 5432 }, pendingOffer: 'check' };

const rows = (table: Array<[string, Partial<Understanding>, ThreadFacts?]>) =>
  it.each(table)('%j', (message, want, thread) => {
    expect(understand(message, thread ?? {})).toMatchObject(want);
  });

describe('small talk is answered honestly: no lesson, no action', () => {
  rows([
    ['hi', { intent: 'greeting', act: false }],
    ['Good morning!', { intent: 'greeting', act: false }],
    ['hello, how are you?', { intent: 'greeting', act: false }],
    ['thanks, that fixed it!', { intent: 'thanks', act: false }],
    ['thank you so much', { intent: 'thanks', act: false }],
    ["what's the weather in Berlin", { intent: 'off-topic', act: false }],
    ['how do I make a sandwich', { intent: 'off-topic', act: false }],
    ['write me a python function that reverses a list', { intent: 'off-topic', act: false }],
  ]);
  it('never carries a lesson', () => {
    for (const m of ['hi', 'thanks!', 'how do I make a sandwich', "what's the weather in Berlin"]) expect(understand(m).lesson).toBeUndefined();
  });
});

describe('follow-ups are resolved against the thread', () => {
  rows([
    ['what about port 8080?', { intent: 'follow-up', followUp: 'check', act: true, target: { host: 'db.internal', port: 8080 } }, AFTER_CHECK],
    ['try 443 instead', { intent: 'follow-up', followUp: 'check', target: { host: 'db.internal', port: 443 } }, AFTER_CHECK],
    ['try port 5433', { intent: 'follow-up', followUp: 'check', target: { host: 'db.internal', port: 5433 } }, AFTER_CHECK],
    ['same thing on db2', { intent: 'follow-up', followUp: 'check', target: { host: 'db2', port: 5432 } }, AFTER_CHECK],
    ['what about 10.0.0.6?', { intent: 'follow-up', followUp: 'check', target: { host: '10.0.0.6', port: 5432 } }, AFTER_CHECK],
    ['check it again in a minute', { intent: 'follow-up', followUp: 'again', target: { host: 'db.internal', port: 5432 } }, AFTER_CHECK],
    ['ok but why?', { intent: 'follow-up', followUp: 'why', act: false }, AFTER_CHECK],
    ['so is it the firewall or the app?', { intent: 'follow-up', followUp: 'firewall', act: false }, AFTER_CHECK],
    ['sure go ahead', { intent: 'follow-up', followUp: 'confirm', act: true }, OFFERED],
    ['please check', { intent: 'follow-up', followUp: 'confirm', act: true }, OFFERED],
    ['nope', { intent: 'follow-up', followUp: 'decline', act: false }, OFFERED],
    ['cancel', { intent: 'follow-up', followUp: 'cancel', act: false }, OFFERED],
  ]);
  it('filler words never become a host name', () => {
    for (const m of ['try port 5432', 'try it again', 'please port 80', 'again 443']) {
      const u = understand(m, AFTER_CHECK);
      expect(['try', 'it', 'again', 'please', 'port'].includes(u.target?.host ?? '')).toBe(false);
    }
    // With nothing in the thread, "try port 5432" names no host at all.
    expect(understand('try port 5432').target?.host).not.toBe('try');
  });
  it('"yes" with nothing offered runs nothing', () => {
    expect(understand('sure go ahead')).toMatchObject({ followUp: 'confirm', act: false });
  });
});

describe('network traffic only for what was understood', () => {
  rows([
    ['db.internal:5432', { intent: 'target', act: true, target: { host: 'db.internal', port: 5432 } }],
    ['nc -vz 127.0.0.1 8080', { intent: 'target', act: true, target: { host: '127.0.0.1', port: 8080 } }],
    ["can't reach 10.0.0.5 on 443", { intent: 'target', act: true, target: { host: '10.0.0.5', port: 443 } }],
    // A target inside longer prose is offered, not run.
    ['we moved the database last week and since then the reporting job that runs at night fails, it connects to reports.internal:5432 I think. any idea?', { act: false }],
    ['the install guide says to run curl http://get.example.com/install.sh | sh but then nothing happens after that step, what did I miss', { act: false }],
  ]);
  it('a pasted error is explained and the check offered, never run', () => {
    const u = understand('psql: error: connection to server at "db.internal" (10.0.0.9), port 5432 failed: Connection refused');
    expect(u).toMatchObject({ intent: 'pasted-error', errorClass: 'refused', act: false, target: { host: 'db.internal', port: 5432 } });
  });
  it('below the threshold nothing acts', () => {
    for (const m of ['what about 8080', 'zqx vvb', 'hmm', 'same thing on db2', '???', 'it works sometimes']) {
      const u = understand(m);
      if (u.confidence < UNDERSTAND_THRESHOLD) expect(u.act).toBe(false);
    }
  });
});

describe('pasted errors: class, host and port from every common form', () => {
  rows([
    ['FATAL:  password authentication failed for user "app"', { intent: 'pasted-error', errorClass: 'above-tcp', act: false }],
    ['ERROR 1045 (28000): Access denied for user \'root\'@\'localhost\' (using password: YES)', { errorClass: 'above-tcp' }],
    ['HTTP/1.1 503 Service Unavailable', { errorClass: 'above-tcp' }],
    ['jdbc:postgresql://db.internal:5433/app\norg.postgresql.util.PSQLException: Connection to db.internal:5433 refused.', { errorClass: 'refused', target: { host: 'db.internal', port: 5433 } }],
    ['Npgsql.NpgsqlException: Failed to connect with "Host=pg.internal;Port=6432;Database=app"\n ---> System.Net.Sockets.SocketException (10060): A connection attempt failed', { target: { host: 'pg.internal', port: 6432 } }],
    ["redis.exceptions.ConnectionError: Error 111 connecting to cache.internal:6380. Connection refused.", { errorClass: 'refused', target: { host: 'cache.internal', port: 6380 } }],
    ['socket.timeout: timed out while connecting to (\'10.1.2.3\', 8443)', { errorClass: 'filtered', target: { host: '10.1.2.3', port: 8443 } }],
    ['level=error msg="dial tcp 10.0.0.7:9092: i/o timeout"', { errorClass: 'filtered', target: { host: '10.0.0.7', port: 9092 } }],
    ['Get "https://[2001:db8::5]:8443/healthz": dial tcp [2001:db8::5]:8443: connect: connection refused', { errorClass: 'refused', target: { host: '2001:db8::5', port: 8443 } }],
    ['The connection to the server 10.190.67.31:6443 was refused - did you specify the right host or port?', { errorClass: 'refused', target: { host: '10.190.67.31', port: 6443 } }],
    ['curl: (6) Could not resolve host: api.internal', { errorClass: 'dns-error', target: { host: 'api.internal' } }],
    // The second pass: product messages, errno names, and hosts in other tools' output (written for this test).
    ['MongoServerSelectionError: querySrv ECONNREFUSED _mongodb._tcp.cluster0.example.net', { errorClass: 'dns-error', act: false }],
    ['Faraday::ConnectionFailed (Connection refused - connect(2) for "search.internal" port 9201)', { intent: 'pasted-error', errorClass: 'refused', act: false, target: { host: 'search.internal', port: 9201 } }],
    ['SqlException: A transport-level error has occurred. (provider: TCP Provider, error: 0 - The specified network name is no longer available.)', { errorClass: 'reset' }],
    ['2024/01/02 03:04:05 [crit] 9#9: *1 socket() failed (97: Address family not supported by protocol) while connecting to upstream, upstream: "http://[::1]:9000/"', { errorClass: 'unreachable', target: { host: '::1', port: 9000 } }],
    ['MongoServerSelectionError: connection <monitor> to 10.4.4.4:27017 closed', { errorClass: 'closed' }],
    ['502 upstream server is at capacity', { errorClass: 'above-tcp' }],
    ['{\n  "detail": "Authentication credentials were not provided."\n}', { intent: 'pasted-error', errorClass: 'above-tcp', act: false }],
    ["Host 'app-7.internal' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'", { errorClass: 'above-tcp' }],
    ['$ ip route get 10.9.0.4\nRTNETLINK answers: Network is unreachable', { errorClass: 'unreachable', target: { host: '10.9.0.4' } }],
    ['npm ERR! getaddrinfo EAI_NODATA registry.example.org', { errorClass: 'dns-error', target: { host: 'registry.example.org' } }],
  ]);
  it('the client\'s own address is no target (pg_hba.conf, MySQL\'s user@host)', () => {
    expect(understand('FATAL:  no pg_hba.conf entry for host "203.0.113.77", user "app", database "orders", SSL off')).toMatchObject({ errorClass: 'above-tcp' });
    expect(understand('FATAL:  no pg_hba.conf entry for host "203.0.113.77", user "app", database "orders", SSL off').target).toBeUndefined();
    expect(understand("ERROR 1045 (28000): Access denied for user 'app'@'10.3.3.3' (using password: YES)").target).toBeUndefined();
  });
  it('a name that does not resolve carries no port the message does not name', () => {
    expect(understand('php_network_getaddresses: getaddrinfo for cachehost failed: Name or service not known').target).toEqual({ host: 'cachehost' });
  });
});

describe('questions are answered from the right lesson, or from none', () => {
  rows([
    ['why does my socket sit in SYN_SENT?', { intent: 'question', lesson: 'timeouts' }],
    ['what does connection reset by peer mean?', { intent: 'question', lesson: 'rst' }],
    ['why do I have thousands of sockets in TIME_WAIT?', { intent: 'question', lesson: 'time-wait' }],
    ['my ssh session dies if I go for coffee, idle for 10 minutes', { intent: 'question', lesson: 'keepalive' }],
    ['why does every small request take 40 ms? TCP_NODELAY?', { intent: 'question', lesson: 'nagle' }],
    ['downloads from that server crawl over the VPN at 2 Mbps', { intent: 'question' }],
    ['wireshark shows TCP ZeroWindow from the client', { intent: 'question', lesson: 'flow-control' }],
  ]);
  it('a question no lesson covers has no lesson (the chat says so instead of answering from another)', () => {
    for (const m of ['how does QUIC multiplex streams over UDP?', 'what is BGP route flapping?']) {
      const u = understand(m);
      expect(u.intent).toBe('question');
      expect(u.lesson).toBeUndefined();
    }
  });
});

describe('the third pass: reported errors, targets in other forms and scripts, questions in other words', () => {
  rows([
    ['nginx logs show SSL routines::tls_process_client_hello:unsupported protocol right when it fails', { intent: 'pasted-error', errorClass: 'tls-error', act: false }],
    ['$redis-cli -h 10.2.2.2 -p 6380 ping', { intent: 'target', act: true, target: { host: '10.2.2.2', port: 6380 } }],
    ['mongo -u app -p secret 10.3.3.3:27018/orders', { intent: 'target', act: true, target: { host: '10.3.3.3', port: 27018 } }],
    ['ssh -B eth1 fd00:7::15', { intent: 'target', target: { host: 'fd00:7::15', port: 22 } }],
    ['openssl s_client \\\n  -connect mx.example.org:465 \\\n  -quiet', { intent: 'target', target: { host: 'mx.example.org', port: 465 } }],
    ['to see the chain, run “openssl s_client -connect mx.example.org:993” and read the output', { intent: 'target', act: false, target: { host: 'mx.example.org', port: 993 } }],
    ['10.8.0.4 のサーバの TCP ポート番号 8443 に接続できません', { intent: 'target', target: { host: '10.8.0.4', port: 8443 } }],
    ['How to check if port 587 is open', { act: false }],
    ['TCP为什么需要三次握手?', { intent: 'question', lesson: 'handshake' }],
    ['How does delayed acknowledgement interact with nagling?', { intent: 'question', lesson: 'nagle' }],
    ['What happens when the sender gets no ACK for a segment before its timer runs out?', { intent: 'question', lesson: 'retransmission' }],
    ['After the connection is terminated, what if old duplicated segments arrive late?', { intent: 'question', lesson: 'time-wait' }],
    ['The webhook cannot connect to our server although the server is up', { intent: 'question', lesson: 'firewalls' }],
  ]);
  it('a question about ICMP redirects or UDP headers has no lesson', () => {
    expect(understand('Why would a router send an ICMP redirect message?').lesson).toBeUndefined();
    expect(understand('How many bytes is the UDP header?').lesson).toBeUndefined();
  });
  it('"check if port 587 is open" names no host "if"', () => {
    expect(understand('How to check if port 587 is open').target).toBeUndefined();
  });
});

describe('the fourth pass: the causes r5 showed, in words written for this test', () => {
  rows([
    ['should I call setTcpNoDelay on my game socket?', { intent: 'question', lesson: 'nagle' }],
    ['what happens to TCP when a segment is lost on the way?', { intent: 'question', lesson: 'retransmission' }],
    ['how do I keep my ssh connection from dying overnight', { intent: 'question', lesson: 'keepalive' }],
    ['why three-way and not two-way?', { intent: 'question', lesson: 'handshake' }],
    ['the receiver advertised a window of 0, so what does the sender do?', { intent: 'question', lesson: 'flow-control' }],
    ['what does LISTENING mean in netstat?', { intent: 'question', lesson: 'socket-states' }],
    ['how can I find which program is using port 8080 on linux', { intent: 'question', lesson: 'socket-states' }],
    ['How does the kernel decide a TCP connection is dead?', { intent: 'question', lesson: 'retransmission' }],
    ['Why are my SYN packets being dropped?', { intent: 'question', lesson: 'timeouts' }],
    ['Router#telnet 10.9.9.9 2323', { intent: 'target', target: { host: '10.9.9.9', port: 2323 } }],
    // A command joined to what it printed is a paste, not the command (nor "again" after a check of the same target).
    ['Router#telnet 10.9.9.9 2323 Trying 10.9.9.9, 2323 ... % Connection refused by remote host', { intent: 'pasted-error', act: false }, { lastTarget: { host: '10.9.9.9', port: 2323 }, lastVerdict: 'refused' }],
    ['ping api.example.org\ntelnet api.example.org 8443', { intent: 'target', act: false, target: { host: 'api.example.org', port: 8443 } }],
    ['Check the status page, or run `curl -I https://pkg.example.org/` - if it resets, it is not you.', { intent: 'target', act: false, target: { host: 'pkg.example.org', port: 443 } }],
    ['Proxy Server Gave HTTP Response To HTTPS Client', { intent: 'pasted-error', errorClass: 'tls-error' }],
    // "e.g." is no host; an example in brackets is the word itself.
    ['Enter the host (e.g. 198.51.100.7) and port (e.g. 443) and press Check', { target: { host: '198.51.100.7', port: 443 } }],
  ]);
  it('subjects no lesson covers (TCP Fast Open, real-time over UDP) get no lesson, even with the handshake named', () => {
    expect(understand('How does TCP Fast Open shorten the 3-way handshake?').lesson).toBeUndefined();
    expect(understand('Why do games send real-time updates over UDP?').lesson).toBeUndefined();
  });
});

describe('the fifth pass: the causes r6 showed, in words written for this test', () => {
  rows([
    // Textbook mechanism questions reach their lesson, not the toolkit.
    ['In slow start, how big is cwnd after three round trips if it starts at 2 MSS?', { intent: 'question', lesson: 'slow-transfers' }],
    ['The smoothed RTT is 40 ms and a sample of 60 ms arrives: what is the new estimated RTT?', { intent: 'question', lesson: 'retransmission' }],
    ['In a telnet session, why is the ACK one larger than the sequence number of the segment it acknowledges?', { intent: 'question', lesson: 'handshake' }],
    ['What happens if the final ACK of the handshake is lost?', { intent: 'question', lesson: 'handshake' }],
    ['The sender writes faster than the receiver reads, at different speeds; what holds the data?', { intent: 'question', lesson: 'flow-control' }],
    ['I forwarded the port on my router and still nothing gets in', { intent: 'question', lesson: 'firewalls' }],
    // A tool named beside a subject is the means: the subject answers.
    ['what do duplicate ACKs in wireshark tell me?', { intent: 'question', lesson: 'retransmission' }],
    ['curl keeps timing out, why?', { intent: 'question', lesson: 'timeouts' }],
    ['what do open, closed and filtered mean in nmap?', { intent: 'question', lesson: 'toolkit' }],
    // Other languages: the lessons' words, and never off-topic for being foreign.
    ['TCP的三次握手是什么?', { intent: 'question', lesson: 'handshake' }],
    ['3ウェイハンドシェイクとは?', { intent: 'question', lesson: 'handshake' }],
    ['TCP 如何检测拥塞?', { intent: 'question', lesson: 'slow-transfers' }],
    ['全连接队列溢出怎么排查?', { intent: 'question', lesson: 'syn-floods' }],
    ['パケットキャプチャのやり方', { intent: 'question', lesson: 'toolkit' }],
    ['接口偶发超时怎么办', { intent: 'question' }],
    ['VPNにつなぐと一部のサイトだけ開かない', { intent: 'question', lesson: 'pmtu' }],
    ['¿Qué es el apretón de manos de TCP?', { intent: 'question', lesson: 'handshake' }],
    // Pasted errors in other languages and wordings.
    ['Verbindung vom Peer zurückgesetzt (os error 104)', { intent: 'pasted-error', errorClass: 'reset', act: false }],
    ['ssh: ホスト build-01.example.jp ポート 2222 に接続: 接続が拒否されました', { intent: 'pasted-error', errorClass: 'refused', act: false, target: { host: 'build-01.example.jp', port: 2222 } }],
    ['javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure', { intent: 'pasted-error', errorClass: 'tls-error' }],
    // A page's placeholder names no host (r8's call, tuned on in the errfu2 pass): explained, nothing offered for <HOSTNAME>.
    ['ssh: connect to host <HOSTNAME> port 2200: Connection timed out', { intent: 'pasted-error', errorClass: 'filtered', act: false }],
    ['ping: wrote files.example.net 64 chars, ret=-1', { target: { host: 'files.example.net' } }],
    ['npm 报错:无法从mirror.example.cn下载,ENOTFOUND', { intent: 'pasted-error', errorClass: 'dns-error', target: { host: 'mirror.example.cn' } }],
    // A service's name where the port goes.
    ['telnet mail.example.org smtp', { intent: 'target', act: true, target: { host: 'mail.example.org', port: 25 } }],
    ['openssl s_client -connect www.example.org:https', { intent: 'target', target: { host: 'www.example.org', port: 443 } }],
    ['I tried telnet the http server and got nothing', { act: false }],
    // Follow-ups: the verdict's own words point at the thread; more ways to say yes, no and hold.
    ['why does tls break if the port is open?', { intent: 'follow-up', followUp: 'why' }, { lastTarget: { host: 'web.internal', port: 443 }, lastVerdict: 'tls-error' }],
    ["what's causing the timeout?", { intent: 'follow-up', followUp: 'why' }, AFTER_CHECK],
    ['Alrighty', { followUp: 'confirm' }, OFFERED],
    ['maybe another time', { followUp: 'decline', act: false }, OFFERED],
    // Chinese and Japanese ask at the end of the sentence: an error named in such a question is its subject, not a paste.
    ['ETIMEDOUT只在晚上出现的原因', { intent: 'question', act: false, lesson: 'intermittent' }],
    ['connect ECONNREFUSED 10.0.0.5:5432 是什么原因?', { intent: 'pasted-error', act: false, errorClass: 'refused' }],
    // A headline that starts with QUIZ: about another subject is no quiz request.
    ['QUIZ: how well do you know the rivers of Europe?', { intent: 'off-topic', act: false }],
    ['keep it connected idle, the firewall drops it after 600s I think', { followUp: 'hold' }, { lastTarget: { host: 'db.internal', port: 5432 }, lastVerdict: 'open' }],
  ]);
  it('subjects no lesson covers (a forgotten Wi-Fi password, locked out of a router) get no lesson', () => {
    for (const text of ['Ich habe das Passwort für mein WLAN vergessen, was tun?', 'I locked myself out of my router admin page, how do I get back in?']) {
      const u = understand(text);
      expect(u.lesson, text).toBeUndefined();
      expect(u.act, text).toBe(false);
    }
  });
});

describe('a follow-up never swaps the target the message names for the thread\'s', () => {
  const AFTER_OFFER: ThreadFacts = { lastTarget: { host: '127.0.0.1', port: 2 }, pendingOffer: 'check' };
  rows([
    // "again" about another target than the last: that target, offered (a question, not an order).
    ['what was the verdict for 127.0.0.1:44427 again?', { intent: 'follow-up', followUp: 'check', target: { host: '127.0.0.1', port: 44427 }, act: false }, AFTER_OFFER],
    ['check 127.0.0.1:44427 again', { followUp: 'check', target: { host: '127.0.0.1', port: 44427 } }, AFTER_OFFER],
  ]);
  it('a sentence that starts with "ping" is not a ping command: no filler word becomes a host', () => {
    for (const m of ['ping me if it goes down again', 'ping me when it is back up']) expect(understand(m, AFTER_OFFER).target?.host ?? '').not.toMatch(/^(?:again|up|back|me)$/);
  });
});
