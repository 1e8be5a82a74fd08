/**
 * The router's table: what each message is, and what it refers to. Every row is a real way a
 * person writes something; the expected fields are the ones that matter for what runs next.
 */
import { describe, expect, it } from 'vitest';
import { route } from '../../src/chat/route.js';
import { parseTarget } from '../../src/target.js';
import type { QuizReply, Route, Thread } from '../../src/chat/types.js';

type Expect =
  | { kind: 'target'; hp: string; tls?: boolean; symptom?: string }
  | { kind: 'needs-port'; host: string }
  | { kind: 'follow-up'; action: string; ports?: string; host?: string }
  | { kind: 'lesson'; lesson?: string }
  | { kind: 'quiz'; lesson?: string }
  | { kind: 'lab'; scenario?: string }
  | { kind: 'command'; name: string; args?: string }
  | { kind: 'error' | 'question' | 'accept' | 'decline' | 'unknown' | 'invalid' | 'drill' | 'server' | 'smalltalk' };

const T = (hp: string, more: Partial<{ tls: boolean; symptom: string }> = {}): Expect => ({ kind: 'target', hp, ...more });
const F = (action: string, more: Partial<{ ports: string; host: string }> = {}): Expect => ({ kind: 'follow-up', action, ...more });
const K = (kind: 'error' | 'question' | 'accept' | 'decline' | 'unknown' | 'invalid' | 'drill' | 'server'): Expect => ({ kind });

const TABLE: Array<[string, Expect]> = [
  // targets, whole message
  ['db:5432', T('db:5432')],
  ['db 5432', T('db:5432')],
  ['db port 5432', T('db:5432')],
  ['db -p 5432', T('db:5432')],
  ['db on port 5432', T('db:5432')],
  ['db on 5432', T('db:5432')],
  ['port 5432 on db', T('db:5432')],
  ['db.internal:5432', T('db.internal:5432')],
  ['DB.Internal:5432.', T('db.internal:5432')],
  ['[::1]:80', T('[::1]:80')],
  ['[2001:db8::1]:443', T('[2001:db8::1]:443', { tls: true })],
  ['::1 port 22', T('[::1]:22')],
  ['10.0.0.5:443', T('10.0.0.5:443', { tls: true })],
  ['postgres://db/app', T('db:5432')],
  ['postgresql://user:pw@db.internal:6432/app?sslmode=require', T('db.internal:6432')],
  ['https://site', T('site:443', { tls: true })],
  ['https://example.com/login?next=/', T('example.com:443', { tls: true })],
  ['http://localhost:3000/health', T('localhost:3000')],
  ['redis://cache:6380/0', T('cache:6380')],
  ['mysql://db', T('db:3306')],
  ['ssh://git@host:2222', T('host:2222')],
  ['`db:5432`', T('db:5432')],
  ['"db.internal:5432"', T('db.internal:5432')],
  ['localhost 8080', T('localhost:8080')],
  // targets in sentences
  ['is localhost:3000 up?', T('localhost:3000')],
  ["can't reach 10.0.0.5 on 443", T('10.0.0.5:443', { tls: true })],
  ['cannot connect to db.internal port 5432', T('db.internal:5432')],
  ["can't reach db:5432", T('db:5432')],
  ['is port 8080 open on localhost?', T('localhost:8080')],
  ['check api.example.com:8443', T('api.example.com:8443', { tls: true })],
  ['connect to api.example.com:8443 times out', T('api.example.com:8443', { tls: true, symptom: 'times-out' })],
  ['db.internal port 5432 times out', T('db.internal:5432', { symptom: 'times-out' })],
  ['port 5432 on db refuses connections', T('db:5432', { symptom: 'refused' })],
  ["my app can't connect to redis on port 6379", T('redis:6379')],
  ['test 192.168.1.10 port 22 please', T('192.168.1.10:22')],
  ['is https://intranet.corp up?', T('intranet.corp:443', { tls: true })],
  ['why is my connection to db:5432 refused?', T('db:5432', { symptom: 'refused' })],
  ['unable to reach 10.1.2.3:8080, it hangs', T('10.1.2.3:8080', { symptom: 'times-out' })],
  ['hey, can you check 127.0.0.1:9000 for me', T('127.0.0.1:9000')],
  ['getting resets from lb.example.net:443', T('lb.example.net:443', { tls: true, symptom: 'reset' })],
  // command lines people paste
  ['telnet db 5432', T('db:5432')],
  ['telnet 10.0.0.1', T('10.0.0.1:23')],
  ['nc -vz db 5432', T('db:5432')],
  ['nc -zv -w 3 10.0.0.5 443', T('10.0.0.5:443', { tls: true })],
  ['ncat -v db.internal 6379', T('db.internal:6379')],
  ['$ nc -vz localhost 8080', T('localhost:8080')],
  ['sudo nc -vz localhost 80', T('localhost:80')],
  ['curl https://site/x', T('site:443', { tls: true })],
  ['curl -v http://localhost:8080/api', T('localhost:8080')],
  ['curl -sS -o /dev/null -w "%{http_code}" https://api.example.com/health', T('api.example.com:443', { tls: true })],
  ['curl localhost:3000', T('localhost:3000')],
  ['curl -v telnet://db:5432', T('db:5432')],
  ['wget http://x.org:8080/a', T('x.org:8080')],
  ['openssl s_client -connect db:443', T('db:443', { tls: true })],
  ['openssl s_client -connect mail.example.com:993 -servername mail.example.com', T('mail.example.com:993', { tls: true })],
  ['openssl s_client -connect [::1]:8443', T('[::1]:8443', { tls: true })],
  ['psql -h db -p 5433', T('db:5433')],
  ['psql -h db.internal -U app mydb', T('db.internal:5432')],
  ["psql 'host=db port=5433 dbname=x'", T('db:5433')],
  ['psql postgresql://u@db:6432/x', T('db:6432')],
  ['pg_isready -h db -p 5432', T('db:5432')],
  ['ssh -p 2222 user@host', T('host:2222')],
  ['ssh user@host', T('host:22')],
  ['ssh user@host -p 2200', T('host:2200')],
  ['ssh -i ~/.ssh/id_ed25519 -o Port=2201 deploy@10.0.0.9', T('10.0.0.9:2201')],
  ['scp -P 2200 f user@h:/tmp', T('h:2200')],
  ['sftp -P 2200 user@h', T('h:2200')],
  ['mysql -h db -P 3307 -u root -p', T('db:3307')],
  ['mysql -hdb -P3307', T('db:3307')],
  ['mysql --host=db.internal --port=3308 -u app', T('db.internal:3308')],
  ['redis-cli -h cache -p 6380', T('cache:6380')],
  ['redis-cli -h cache ping', T('cache:6379')],
  ['mongosh mongodb://m1:27018/db', T('m1:27018')],
  ['mongo --host m2 --port 27019', T('m2:27019')],
  ['Test-NetConnection db -Port 1433', T('db:1433')],
  ['tnc 10.1.1.1 -Port 3389', T('10.1.1.1:3389')],
  ['Test-NetConnection -ComputerName sql01.corp.local -Port 1433', T('sql01.corp.local:1433')],
  ['socat - TCP:db:5432', T('db:5432')],
  ['Test-Connection -TargetName db.corp -TcpPort 8443', T('db.corp:8443', { tls: true })],
  ['telnet: Unable to connect to remote host: Connection refused', K('error')],
  ['ftp files.example.org', T('files.example.org:21')],
  ['traceroute -T -p 443 10.0.0.5', T('10.0.0.5:443', { tls: true })],
  ['grpcurl -plaintext api.internal:50051 list', T('api.internal:50051')],
  ['paping 127.0.0.1 -p 400 -c 3', T('127.0.0.1:400')],
  ['tcping db.internal 5432', T('db.internal:5432')],
  ['psping 10.0.0.5:1433', T('10.0.0.5:1433')],
  // a host with no port: ask for it
  ['ping db', { kind: 'needs-port', host: 'db' }],
  ['ping -c 3 10.0.0.5', { kind: 'needs-port', host: '10.0.0.5' }],
  ['traceroute db.internal', { kind: 'needs-port', host: 'db.internal' }],
  ['db.internal', { kind: 'needs-port', host: 'db.internal' }],
  ['is db.internal up?', { kind: 'needs-port', host: 'db.internal' }],
  ["can't reach 10.0.0.5", { kind: 'needs-port', host: '10.0.0.5' }],
  // invalid targets: say why
  ['db:99999', K('invalid')],
  ['db:0', K('invalid')],
  ['nc -vz db 70000', K('invalid')],
  ['psql -d mydb', K('invalid')],
  // follow-ups
  ['scan it', F('scan')],
  ['Scan it.', F('scan')],
  ['scan', F('scan')],
  ['port scan', F('scan')],
  ['scan ports 1-1024', F('scan', { ports: '1-1024' })],
  ['scan 1-50', F('scan', { ports: '1-50' })],
  ['scan ports 22,80,443', F('scan', { ports: '22,80,443' })],
  ['scan the other ports', F('scan')],
  ['what else is open?', F('scan')],
  ['scan 10.0.0.5', F('scan', { host: '10.0.0.5' })],
  ['scan 127.0.0.1 ports 1-50', F('scan', { host: '127.0.0.1', ports: '1-50' })],
  ['nmap -p 22,80 db', F('scan', { host: 'db', ports: '22,80' })],
  ['nmap 10.0.0.5', F('scan', { host: '10.0.0.5' })],
  ['nc -zv 10.0.0.1 20-25', F('scan', { host: '10.0.0.1', ports: '20-25' })],
  ['capture it', F('capture')],
  ['tcpdump it', F('capture')],
  ['capture the handshake', F('capture')],
  ['trace the route', F('traceroute')],
  ['traceroute', F('traceroute')],
  ['where does it stop?', F('traceroute')],
  ['try TLS', F('tls')],
  ['check the certificate', F('tls')],
  ['again', F('again')],
  ['try again', F('again')],
  ['re-run', F('again')],
  ['why?', F('why')],
  ['Why', F('why')],
  ['what does that mean?', F('why')],
  ['explain that', F('why')],
  ['why is it refused?', F('why')],
  ['is it the firewall?', F('firewall')],
  ['could it be a firewall?', F('firewall')],
  ['is something blocking it?', F('firewall')],
  ['firewall?', F('firewall')],
  ['is it being dropped?', F('firewall')],
  ['save a report', F('report')],
  ['export it as markdown', F('report')],
  ['make a ticket', F('report')],
  ['stop', F('stop')],
  ['cancel', F('stop')],
  // learning
  ['teach me about ECN', { kind: 'lesson', lesson: 'ecn' }],
  ['teach me about resets', { kind: 'lesson', lesson: 'rst' }],
  ['I want to learn about the three-way handshake', { kind: 'lesson', lesson: 'handshake' }],
  ['tell me about TIME_WAIT', { kind: 'lesson', lesson: 'socket-states' }],
  ['teach me', { kind: 'lesson' }],
  ['lesson on firewalls', { kind: 'lesson', lesson: 'firewalls' }],
  ['quiz me', { kind: 'quiz' }],
  ['quiz me on TLS', { kind: 'quiz', lesson: 'tls' }],
  ['test me', { kind: 'quiz' }],
  ['show me a SYN being dropped', { kind: 'lab', scenario: 'drop' }],
  ['show me a reset', { kind: 'lab', scenario: 'reset-after-connect' }],
  ['show me an ECN blackhole', { kind: 'lab', scenario: 'ecn-blackhole' }],
  ['simulate admin prohibited', { kind: 'lab', scenario: 'admin-prohibited' }],
  ['demo the SYN-ACK being dropped', { kind: 'lab', scenario: 'syn-ack-drop' }],
  ['what does a full accept queue look like?', { kind: 'lab', scenario: 'accept-queue-full' }],
  ['lab drop', { kind: 'lab', scenario: 'drop' }],
  ['lab', { kind: 'lab' }],
  // commands
  ['/learn ecn', { kind: 'command', name: 'learn', args: 'ecn' }],
  ['/lab', { kind: 'command', name: 'lab', args: '' }],
  ['/scan 1-100', { kind: 'command', name: 'scan', args: '1-100' }],
  ['/capture', { kind: 'command', name: 'capture' }],
  ['/report out.md', { kind: 'command', name: 'report', args: 'out.md' }],
  ['/help', { kind: 'command', name: 'help' }],
  ['/HELP', { kind: 'command', name: 'help' }],
  ['/clear', { kind: 'command', name: 'clear' }],
  ['/quit', { kind: 'command', name: 'quit' }],
  ['/drill', K('drill')],
  ['/server', K('invalid')],
  ['/server 5432', K('server')],
  ['help', { kind: 'command', name: 'help' }],
  ['what can you do?', { kind: 'command', name: 'help' }],
  ['exit', { kind: 'command', name: 'quit' }],
  ['/foo', K('unknown')],
  // short answers
  ['', K('accept')],
  ['   ', K('accept')],
  ['yes', K('accept')],
  ['Y', K('accept')],
  ['ok', K('accept')],
  ['sure!', K('accept')],
  ['go ahead', K('accept')],
  ['no', K('decline')],
  ['nope', K('decline')],
  // pasted errors
  ['curl: (7) Failed to connect to localhost port 3000: Connection refused', K('error')],
  ['curl: (28) Failed to connect to db.internal port 5432 after 130 ms: Couldn\'t connect to server', K('error')],
  ['ECONNREFUSED', K('error')],
  ['Connection refused', K('error')],
  ['java.net.ConnectException: Connection refused: connect', K('error')],
  ['Error: connect ECONNREFUSED 127.0.0.1:5432', K('error')],
  ['dial tcp 10.0.0.5:443: i/o timeout', K('error')],
  ['ssh: connect to host example.com port 22: Connection timed out', K('error')],
  ['psql: error: connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?', K('error')],
  ['Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nConnectionRefusedError: [Errno 111] Connection refused', K('error')],
  ['read ECONNRESET', K('error')],
  ['net::ERR_CONNECTION_TIMED_OUT', K('error')],
  // questions
  ['why does my socket sit in SYN_SENT?', K('question')],
  ['what is ECN?', K('question')],
  ['how does the handshake work', K('question')],
  ['does connection refused mean a firewall?', K('question')],
  ['what is the difference between a reset and a refusal?', K('question')],
  ['TIME_WAIT', K('question')],
  ['CLOSE_WAIT piling up', K('question')],
  ['difference between drop and reject', K('question')],
  // words near a port that are not hosts (found on the held-out set)
  ['Not able to access port 80', K('question')],
  ['MySQL Server is running on 3340, script fails to connect.', K('question')],
  ['could not connect to server: Connection refused Is the server running on host "localhost" (127.0.0.1) and accepting TCP/IP connections on port 5433?', K('error')],
  ['Could not connect: [2013]: Lost connection to MySQL server at \'reading initial communication packet\', system error: 111', K('error')],
  // unknown
  ['ping fails, ping_port works', K('question')],
  ['hello there', { kind: 'smalltalk' }],
  ['asdf qwer', K('unknown')],
  ['at 12:30 the app failed to start', { kind: 'smalltalk' }],
  ['Error:5 something', K('unknown')],
];

function check(r: Route, e: Expect): void {
  expect(r.kind).toBe(e.kind);
  if (e.kind === 'target' && r.kind === 'target') {
    const hp = r.target.host.includes(':') ? `[${r.target.host}]:${r.target.port}` : `${r.target.host}:${r.target.port}`;
    expect(hp).toBe(e.hp);
    if (e.tls !== undefined) expect(r.target.tls).toBe(e.tls);
    expect(r.symptom).toBe(e.symptom);
  }
  if (e.kind === 'needs-port' && r.kind === 'needs-port') expect(r.host).toBe(e.host);
  if (e.kind === 'follow-up' && r.kind === 'follow-up') {
    expect(r.action).toBe(e.action);
    expect(r.ports).toBe(e.ports);
    expect(r.host).toBe(e.host);
  }
  if (e.kind === 'lesson' && r.kind === 'lesson') expect(r.lesson).toBe(e.lesson);
  if (e.kind === 'quiz' && r.kind === 'quiz') expect(r.lesson).toBe(e.lesson);
  if (e.kind === 'lab' && r.kind === 'lab') expect(r.scenario).toBe(e.scenario);
  if (e.kind === 'command' && r.kind === 'command') {
    expect(r.name).toBe(e.name);
    if (e.args !== undefined) expect(r.args).toBe(e.args);
  }
}

describe('route: what a message is', () => {
  it('has a big table', () => expect(TABLE.length).toBeGreaterThanOrEqual(100));
  it.each(TABLE)('%j', (message, expected) => check(route(message), expected));
});

describe('route: the thread decides what short messages refer to', () => {
  it('a bare port after a host without one is the target', () => {
    check(route('5432', { hostWithoutPort: 'db.internal' }), T('db.internal:5432'));
    check(route('port 443', { hostWithoutPort: '::1' }), T('[::1]:443'));
    check(route('5432', {}), K('unknown'));
  });
  it('a plain name after "which target?" is the host, with the error\'s port when it named one', () => {
    const explain = { port: 5432 } as Thread['explain'];
    check(route('db', { offer: { kind: 'ask-target' }, explain }), T('db:5432'));
    check(route('db', { offer: { kind: 'ask-target' } }), { kind: 'needs-port', host: 'db' });
    check(route('db', {}), K('unknown'));
    check(route('why', { offer: { kind: 'ask-target' } }), { kind: 'follow-up', action: 'why' });
    check(route('teach me', { offer: { kind: 'ask-target' } }), { kind: 'lesson' });
  });
  it('a letter answers an open quiz, and only then', () => {
    const quiz: QuizReply = { kind: 'quiz', lesson: 'rst', index: 0, question: 'q', choices: ['a', 'b', 'c'] };
    const thread: Thread = { quiz };
    expect(route('b', thread)).toEqual({ kind: 'quiz-answer', choice: 1 });
    expect(route('(c)', thread)).toEqual({ kind: 'quiz-answer', choice: 2 });
    expect(route('2', thread)).toEqual({ kind: 'quiz-answer', choice: 1 });
    expect(route('b', {}).kind).toBe('unknown');
  });
  it('the router never reads the thread target for a new target', () => {
    const thread: Thread = { target: parseTarget('db:5432') };
    check(route('cache:6379', thread), T('cache:6379'));
  });
});

describe('route: hostile and huge input', () => {
  it('escape sequences and control characters are stripped before reading', () => {
    check(route('\u001b[31mdb:5432\u001b[0m'), T('db:5432'));
    check(route('db:5432\u0007'), T('db:5432'));
    expect(route('\u001b]0;owned\u0007').kind).toBe('accept');
  });
  it('a 1 MB paste of an error is read as an error; 1 MB of noise is refused with a reason', () => {
    const noise = 'lorem ipsum '.repeat(90_000);
    const err = route(`${noise}\njava.net.ConnectException: Connection refused`);
    expect(err.kind).toBe('error');
    const r = route(noise);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.reason).toMatch(/characters/);
  });
  it('a shell metacharacter stays text (the target parser rejects it)', () => {
    const r = route('nc -vz "db;rm -rf /" 5432');
    expect(['invalid', 'unknown']).toContain(r.kind);
  });
});

describe('a target with TLS asked for is checked with TLS', () => {
  const tlsOf = (text: string) => {
    const r = route(text, {});
    return r.kind === 'target' ? Boolean(r.target.tls) : `not a target: ${r.kind}`;
  };
  it.each([
    ['127.0.0.1:9000 --tls', true],
    ['check tls on 127.0.0.1:9000', true],
    ['127.0.0.1:9000 tls', true],
    ['test the certificate of 127.0.0.1:9000', true],
    ['127.0.0.1:9000', false],
  ])('%s → tls %s', (text, want) => {
    expect(tlsOf(text)).toBe(want);
  });
  it('a TLS word that is not asked for does not turn TLS on', () => {
    const r = route("can't reach 127.0.0.1:5432 since the ssl upgrade", {});
    if (r.kind === 'target') expect(r.target.tls).toBeFalsy();
  });
});
