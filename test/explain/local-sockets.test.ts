/**
 * Listen/bind failures name the LOCAL address (never a target), and socket-table rows are read by
 * their peer column. Table-driven; the real-message sets live in test/fixtures/errors-real and heldout.
 */
import { describe, it, expect } from 'vitest';
import { explainError } from '../../src/explain/index.js';
import { isBindFailure, localAddress } from '../../src/explain/local.js';
import { readSocketTable } from '../../src/explain/sockets.js';

const read = (t: string) => readSocketTable(t, t.toLowerCase());

describe('bind failures: the local address, not a target', () => {
  const cases: Array<[string, { host: string | null; port: number | null }]> = [
    ['Error: listen EADDRINUSE: address already in use :::3000', { host: null, port: 3000 }],
    ['Error: listen EADDRINUSE 127.0.0.1:3000', { host: '127.0.0.1', port: 3000 }],
    ['nginx: [emerg] bind() to [::]:80 failed (98: Address already in use)', { host: null, port: 80 }],
    ['Bind for 0.0.0.0:8080 failed: port is already allocated', { host: null, port: 8080 }],
    ['listen tcp 10.0.0.5:9090: bind: address already in use', { host: '10.0.0.5', port: 9090 }],
    ["{ code: 'EADDRINUSE', syscall: 'listen', address: '192.168.1.4', port: 5000 }", { host: '192.168.1.4', port: 5000 }],
    ['OSError: [Errno 98] Address already in use', { host: null, port: null }],
  ];
  for (const [text, want] of cases) {
    it(text.slice(0, 60), () => {
      expect(localAddress(text, text.toLowerCase())).toEqual(want);
      const ex = explainError(text);
      expect(ex.host).toBeNull();
      expect(ex.port).toBeNull();
      expect(ex.localAddress).toEqual(want);
    });
  }

  it('a connect error is not a bind failure, even with address/port fields', () => {
    const text = "Error: connect ECONNREFUSED 10.0.0.9:5432\n  syscall: 'connect',\n  address: '10.0.0.9',\n  port: 5432";
    expect(isBindFailure(text.toLowerCase())).toBe(false);
    expect(explainError(text)).toMatchObject({ host: '10.0.0.9', port: 5432, class: 'refused' });
    expect(explainError(text).localAddress).toBeUndefined();
  });
});

describe('socket tables: the peer column, and SYN_SENT means no answer', () => {
  const cases: Array<[string, { host: string; port: number } | null, string | null]> = [
    ['tcp        0      1 192.168.1.20:40322      203.0.113.7:443         SYN_SENT    2211/curl', { host: '203.0.113.7', port: 443 }, 'SYN_SENT'],
    ['SYN-SENT 0 1 172.27.233.198:46460 10.1.1.1:8080', { host: '10.1.1.1', port: 8080 }, 'SYN_SENT'],
    ['tcp4       0      0  192.168.0.4.49876      23.96.52.53.22         SYN_SENT', { host: '23.96.52.53', port: 22 }, 'SYN_SENT'],
    ['  TCP    10.1.1.5:50312         10.9.8.7:1433          ESTABLISHED     4120', { host: '10.9.8.7', port: 1433 }, 'ESTABLISHED'],
    ['tcp6       0      1 2001:db8::10:52100      2001:db8:1::5:8443      SYN_SENT    901/java', { host: '2001:db8:1::5', port: 8443 }, 'SYN_SENT'],
    ['tcp        0      0 0.0.0.0:5432            0.0.0.0:*               LISTEN      811/postgres', null, 'LISTEN'],
  ];
  for (const [text, peer, state] of cases) {
    it(text.trim().slice(0, 60), () => {
      expect(read(text)).toEqual({ peer, state });
    });
  }

  it('prefers a SYN_SENT row over an established one, whatever the order', () => {
    const text = 'tcp 0 0 10.0.0.5:1111 10.0.0.7:22 ESTABLISHED\ntcp 0 1 10.0.0.5:2222 10.0.0.8:5432 SYN_SENT';
    expect(read(text)?.peer).toEqual({ host: '10.0.0.8', port: 5432 });
    expect(explainError(text)).toMatchObject({ class: 'timeout', host: '10.0.0.8', port: 5432, socketState: 'SYN_SENT' });
  });

  it('does not read a Go client->server pair or prose as a table', () => {
    expect(read('read tcp 10.0.0.1:5555->10.0.0.2:80: read: connection reset by peer')).toBeNull();
    expect(read('connection established with 10.0.0.1:80, later 10.0.0.2:81 closed')).toBeNull();
    expect(explainError('read tcp 10.0.0.1:5555->10.0.0.2:80: read: connection reset by peer')).toMatchObject({ host: '10.0.0.2', port: 80 });
  });
});

describe('the command pasted with the error fills in what the message leaves out', () => {
  const cases: Array<[string, string, number]> = [
    ["$ mysql -h db.internal -P 3307 -u app -psecret\nERROR 2003 (HY000): Can't connect to MySQL server on 'db.internal' (111)", 'db.internal', 3307],
    ['telnet: Unable to connect to remote host: Connection refused\nTrying ::1...\ntelnet localhost 8080', 'localhost', 8080],
    ['psql -h pg.internal -p 5433 -U app\npsql: error: could not connect', 'pg.internal', 5433],
    ['ssh -i ~/.ssh/key -p 2200 root@10.0.0.4\nssh: connect to host 10.0.0.4 port 2200: Connection timed out', '10.0.0.4', 2200],
  ];
  for (const [text, host, port] of cases) {
    it(text.split('\n')[0], () => expect(explainError(text)).toMatchObject({ host, port }));
  }

  it('takes mysql -p as the password, never as the port', () => {
    const ex = explainError("mysql -h db1 -p3306x -u root\nERROR 2003 (HY000): Can't connect to MySQL server on 'db1' (111)");
    expect(ex).toMatchObject({ host: 'db1', port: 3306, portSource: 'tool-default' });
  });
});
