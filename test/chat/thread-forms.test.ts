/**
 * Replies read by form against the thread (readThreadForm via understand): a report that it is
 * over cancels, a question about the cause asks why, a hedge about something in the path asks
 * about a firewall, an explicit host:port is checked. Real replies from GitHub issue threads
 * (test/fixtures/chat-dev5 and chat-dev4 cite them), each with the thread it answered.
 */
import { describe, expect, it } from 'vitest';
import { understand, type ThreadFacts } from '../../src/chat/understand.js';

const refused: ThreadFacts = { lastTarget: { host: '127.0.0.1', port: 6379 }, lastVerdict: 'refused' };
const filtered: ThreadFacts = { lastTarget: { host: 'smtp.gmail.com', port: 25 }, lastVerdict: 'filtered' };

describe('a report that the thread is over cancels, and runs nothing', () => {
  it.each([
    ['Oh wow, I just tried again and its working now, sorry for this.', 'https://github.com/owenashurst/agar.io-clone/issues/59'],
    ['I was using ftp instead of sftp. Closing this issue.', 'https://github.com/DeployHubProject/DeployHub-Pro/issues/223'],
    ['Container now works perfectly! Thanks!', 'https://github.com/hoppscotch/proxyscotch/issues/97'],
    ['It was in the Security Group.', 'https://github.com/CalthorpeAnalytics/urbanfootprint/issues/6'],
    ['Switched server port to 587 and it works', 'https://github.com/logto-io/logto/issues/6191'],
    ['Nevermind my bad, i was using the IP on remote_host instead of hostname.', 'https://github.com/ansible/ansible (chat-dev4 d4-fu-012)'],
    ['solved', 'https://github.com/saltcorn/saltcorn/issues/2503'],
  ])('%s (%s)', (message) => {
    const u = understand(message, filtered);
    expect(u).toMatchObject({ intent: 'follow-up', followUp: 'cancel', act: false });
  });

  it('the same words with nothing checked yet stay thanks or talk, not a cancel', () => {
    expect(understand('Container now works perfectly! Thanks!').followUp).toBeUndefined();
  });

  it('a past success, a retry asked for or a new target said with the apology is no report that it is over', () => {
    expect(understand('why cant it find the name, it worked yesterday', refused).followUp).toBe('why');
    expect(understand('Guys, you can try again, it worked for me just right now.', refused).followUp).toBe('again');
    expect(understand('I think the problem happens again.. It worked a few hours ago.', refused).followUp).not.toBe('cancel');
    expect(understand('mysql is actually on 10.0.8.13, my bad', { lastTarget: { host: 'db.internal', port: 3306 }, lastVerdict: 'refused' })).toMatchObject({ followUp: 'check', target: { host: '10.0.8.13', port: 3306 } });
  });
});

describe('a question about the cause asks why', () => {
  it.each([
    ['Is Kafka started?', 'chat-dev4 d4-fu-019'],
    ['Is your server down?', 'https://github.com/JiveOff/roPresence/issues/38'],
    ['Do you have a MySAL database running on localhost ?', 'https://github.com/processone/ejabberd/issues/404'],
    ['I know for fact that it isn\'t the firewall or the anti-virus. What else could cause it?', 'https://github.com/KC3Kai/KC3Kai/issues/1978'],
    ['Has anyone ever encountered it? How did you solve it?', 'https://github.com/wmcnally/kapao/issues/89'],
  ])('%s (%s)', (message) => {
    expect(understand(message, refused)).toMatchObject({ intent: 'follow-up', followUp: 'why', act: false });
  });

  it('"localhost" in a cause question is no target to check', () => {
    expect(understand('Do you have a MySAL database running on localhost ?', refused).target).toBeUndefined();
  });
});

describe('a hedge about something in the path asks about a firewall', () => {
  it.each([
    ['Maybe it has something to do with http proxy.', 'chat-dev4 d4-fu-011'],
    ['Have you tried turning off your anti-virus?', 'https://github.com/debauchee/barrier/issues/1196'],
    ['Could you check your server if port `3000` is allowed?', 'https://github.com/owenashurst/agar.io-clone/issues/59'],
    ['You may need to open the port 80 to access your meteor application', 'https://github.com/arunoda/meteor-up-legacy/issues/547'],
  ])('%s (%s)', (message) => {
    expect(understand(message, filtered)).toMatchObject({ intent: 'follow-up', followUp: 'firewall', act: false });
  });
});

describe('what a word means is a question for the lessons', () => {
  it('"does refused mean a firewall?" is no firewall follow-up', () => {
    expect(understand('does refused mean a firewall?', refused).followUp).not.toBe('firewall');
  });
});

describe('an explicit target in the reply is checked; words never become hosts', () => {
  it('a new port for the thread\'s host ("should be 587 and not 25")', () => {
    expect(understand('Seems like this should be 587 and not 25.', filtered)).toMatchObject({ followUp: 'check', act: true, target: { host: 'smtp.gmail.com', port: 587 } });
  });
  it('telnet host port and host:port name their own target', () => {
    const mysql: ThreadFacts = { lastTarget: { host: 'localhost', port: 3306 }, lastVerdict: 'refused' };
    expect(understand('check telnet localhost 3306', mysql)).toMatchObject({ followUp: 'check', target: { host: 'localhost', port: 3306 } });
    expect(understand('openssl s_client -connect imap.gmail.com:993 -crlf', filtered)).toMatchObject({ followUp: 'check', act: true, target: { host: 'imap.gmail.com', port: 993 } });
  });
  it("a filler word in the host's place of 'telnet HOST PORT' never becomes a host: the port is the last host's", () => {
    for (const m of ['please telnet it 25', 'try telnet again 25', 'can you telnet port 25', 'check with nc -vz please 443']) {
      const u = understand(m, refused);
      expect(u.target?.host, m).toBe('127.0.0.1');
    }
  });

  it('a pasted telnet transcript stays an error, not a check', () => {
    expect(understand('Router#telnet 10.9.9.9 2323 Trying 10.9.9.9, 2323 ... % Connection refused by remote host', filtered).followUp).not.toBe('check');
  });
  it('a reply with no number or host in it runs nothing new', () => {
    for (const m of ['Please help me to connect by ssh', 'what\'s the answer?', 'It was in the Security Group.']) {
      const u = understand(m, filtered);
      expect(u.act).toBe(false);
      expect(u.target?.host ?? 'smtp.gmail.com').toBe('smtp.gmail.com');
    }
  });
});
