/**
 * The chat on pasted errors that are mostly codes, tool command lines in their own argument orders,
 * and a target named in prose with its port given later (issue 23). Real strings; source in a comment.
 * A pasted error is explained and its check only offered; a target inside long prose is offered.
 */
import { describe, expect, it } from 'vitest';
import { understand } from '../../src/chat/understand.js';

describe('a paste that is mostly an error code is a pasted error', () => {
  it.each([
    // https://toolbase.cc/en/network/api/curl_exit_code
    ['6 CURLE_COULDNT_RESOLVE_HOST', 'dns-error'],
    // https://www.ibm.com/docs/en/db2/11.5?topic=errors-sql30081n-tcpip-communication
    ['SQL30081N A communication error has been detected. Communication protocol\nbeing used: "TCP/IP". Communication API being used: "SOCKETS". Location\nwhere the error was detected: "". Communication function detecting the error: "connect".\nProtocol specific error code(s): "111", "*", "*".', 'refused'],
    // http://www.systemlord.me/2015/12/20/docker-dns-systemd.html
    ['E: Failed to fetch\nCould not resolve ‘’', 'dns-error'],
    // http://ronaldbradford.com/blog/sqlstatehy000-general-error-2006-mysql-server-has-gone-away-2013-01-02
    ['SQLSTATE[HY000]: General error: 2006 MySQL server has gone away', 'closed'],
    // https://github.com/awlx/samba-timemachine/issues/17
    ['root@50b0:~# smbclient //localhost/TimeMachine -U timemachine\nPassword for [WORKGROUP\\timemachine]:\ndo_connect: Connection to localhost failed (Error NT_STATUS_CONNECTION_REFUSED)', 'refused'],
  ])('%s → %s, never run', (text, errorClass) => {
    const u = understand(text);
    expect(u.intent).toBe('pasted-error');
    expect(u.errorClass).toBe(errorClass);
    expect(u.act).toBe(false);
  });
});

describe("tools' own argument orders", () => {
  it.each([
    // http://yml.com/homepage?article_id=618 (the port before the host)
    ['Telnet 25 localhost', 'localhost', 25],
    // https://github.com/eylenburg/linoffice/issues/129
    ['xfreerdp3 /cert:ignore /u:MyWindowsUser /p:MyWindowsPassword /v:127.0.0.1 /port:3388', '127.0.0.1', 3388],
    // https://github.com/ibmdb/node-ibm_db/issues/1010
    ['db2cli validate -database "DB2INST1:anzglobal.con.anznw.com:55000" -user <db2userid> -passwd <db2passwd> -connect', 'anzglobal.con.anznw.com', 55000],
    // https://github.com/jomjol/AI-on-the-edge-device/issues/575 (MQTT's port when none is given)
    ['mosquitto_sub -h 192.168.178.113 -t /# -d', '192.168.178.113', 1883],
    // https://github.com/LDAPAccountManager/lam/issues/263
    ['ldapsearch -x -H ldaps://tenang.perkeso.gov.my:636 -b "dc=perkeso,dc=gov,dc=my" -W', 'tenang.perkeso.gov.my', 636],
  ])('%s → %s:%i', (text, host, port) => {
    const u = understand(text);
    expect(u.intent).toBe('target');
    expect(u.target).toEqual({ host, port });
  });

  it('a port and a word that cannot be a host is no telnet target', () => {
    expect(understand('telnet 25 please').target?.host).not.toBe('please');
  });
});

describe('a host in prose with its port given later', () => {
  it('is offered, not run', () => {
    // https://roxburysoftware.com/how-to-connect-to-bbss-from-linux-or-mac/
    const u = understand('In this case the server at 64vintageremixbbs.dyndns.org won’t return a ping packet. [...] We are giving telnet the domain name (you can also put in the IP directly here) and telling it to connect on port 6400.');
    expect(u.target).toEqual({ host: '64vintageremixbbs.dyndns.org', port: 6400 });
    expect(u.act).toBe(false);
  });

  it('takes no port when the prose names two hosts or two ports', () => {
    const two = understand('We moved the app from old.example.org to new.example.org last week and since then the clients cannot connect on port 5432 at all, any idea why?');
    expect(two.target?.port).toBeUndefined();
  });
});

describe('the new forms read no filler word as a host, and leave a person\'s sentence a question', () => {
  it.each([
    'why do I get no response from my router?',
    'dns resolution failed for our domain yesterday, how do I debug',
    'thanks, the connection was lost because of the VPN',
  ])('%s', (text) => {
    const u = understand(text);
    expect(u.intent).not.toBe('pasted-error');
    expect(['my', 'our', 'the']).not.toContain(u.target?.host);
  });
});

describe('a host and a port the sentence labels, and a client used as a verb', () => {
  it.each([
    ['host: db.internal, port: 5432', 'db.internal', 5432],
    ['the server is mail.example.com and the port is 587', 'mail.example.com', 587],
    ['hostname db01.corp.local, port 1521', 'db01.corp.local', 1521],
    ['telnet to smtp.example.org port 25 hangs', 'smtp.example.org', 25],
    ['ssh into bastion.example.com on 2222 fails', 'bastion.example.com', 2222],
  ])('%s → %s:%i', (text, host, port) => {
    expect(understand(text).target).toEqual({ host, port });
  });

  it('a word after the client\'s name ("into", "over") is never the host, and prose is offered', () => {
    for (const text of ['ssh into bastion.example.com on 2222 fails', 'ssh over to db.example.com']) {
      const u = understand(text);
      expect(['into', 'over', 'to']).not.toContain(u.target?.host);
      expect(u.act).toBe(false);
    }
  });
});
