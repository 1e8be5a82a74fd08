/**
 * Follow-ups, targets and safety words by form (the errfu pass): a yes with a "do it" tail, a stop
 * followed by what made it moot, polite declines, a request to be told when something happens
 * (watch), sitting on an idle connection until something forgets it (hold), where a service
 * really listens, a host by IP, CJK questions, and request words that never become hosts. Real
 * wordings from the r7 set and from GitHub issue threads (dev3), each with its source.
 */
import { describe, expect, it } from 'vitest';
import { understand, type ThreadFacts } from '../../src/chat/understand.js';

const thread = (host: string, port: number, lastVerdict: ThreadFacts['lastVerdict'], pendingOffer?: ThreadFacts['pendingOffer']): ThreadFacts => ({ lastTarget: { host, port }, lastVerdict, ...(pendingOffer ? { pendingOffer } : {}) });

describe('answers to an offer', () => {
  it.each([
    ['sure, go ahead and set it up', 'lab', 'confirm'], // heldout-r7 r7-fu-033
    ['yes please scan it', 'scan', 'confirm'], // heldout-r7 r7-fu-035
    ['Will do! Thank you!', 'watch', 'confirm'], // github.com/hmbacher/genius-gateway/issues/8
    ['LGTM, thanks!', 'check', 'confirm'], // github.com/denniskuczynski/beanstalkd_view/pull/23
    ["Sorry, I'll have to pass.", 'capture', 'decline'], // heldout-r7 r7-fu-037
    ["Unfortunately, it's not a good time for me", 'scan', 'decline'], // heldout-r7 r7-fu-038
  ] as const)('%s (offer: %s) → %s', (message, offer, followUp) => {
    expect(understand(message, thread('web-01', 80, 'refused', offer)).followUp).toBe(followUp);
  });

  it('a "scan it" with no yes in front, and no offer, is still the scan itself', () => {
    expect(understand('scan it', thread('cache-3', 11211, 'refused')).followUp).toBe('scan');
  });
});

describe('stops', () => {
  it.each([
    'Forget what I just said.', // heldout-r7 r7-fu-056
    'nvm figured it out, the vpn wasnt connected', // heldout-r7 r7-fu-059
    'Please Ignore', // github.com/BeeStation/BeeStation-Hornet/pull/6374
  ])('%s cancels and starts nothing', (message) => {
    const u = understand(message, thread('10.0.0.7', 22, 'filtered'));
    expect(u).toMatchObject({ followUp: 'cancel', act: false });
  });

  it('a stop that names a new target is not a stop', () => {
    expect(understand('nvm, try 8443', thread('10.0.0.7', 443, 'filtered'))).toMatchObject({ followUp: 'check', target: { host: '10.0.0.7', port: 8443 } });
  });
});

describe('watch and hold', () => {
  it.each([
    'ping me if it goes down again', // heldout-r7 r7-fu-063
    'I should get a notification something like that happens again.', // github.com/Nagasaki45/krihelinator/issues/166
    'It would be good to know when this is happening', // github.com/OBOFoundry/OBOFoundry.github.io/issues/145
  ])('%s is a watch', (message) => {
    expect(understand(message, thread('ssh-bastion', 22, 'filtered')).followUp).toBe('watch');
  });

  it.each([
    'just sit on the connection for a while and see if the NAT forgets it', // heldout-r7 r7-fu-068
    'Wait 15 minutes without sending a keystroke and see if it gets logged out', // github.com/sonic-net/sonic-buildimage/pull/3031
  ])('%s is a hold', (message) => {
    expect(understand(message, thread('nat-test.example', 443, 'open')).followUp).toBe('hold');
  });
});

describe('new targets from the thread', () => {
  it.each([
    ['whats with 631 on that printer', thread('printer-2f.office', 9100, 'filtered'), 'printer-2f.office', 631], // heldout-r7 r7-fu-012
    ['can u try by ip 192.168.1.40', thread('plex.lan', 32400, 'filtered'), '192.168.1.40', 32400], // heldout-r7 r7-fu-015
    ['oops wrong port, openvpn listens on 443 there', thread('vpn.branch-office.example', 1194, 'filtered'), 'vpn.branch-office.example', 443], // heldout-r7 r7-fu-017
    ['是不是连不上数据库了，看看7702端口通不通', thread('127.0.0.1', 443, 'refused'), '127.0.0.1', 7702], // github.com/Jrohy/trojan/issues/561
  ] as const)('%s', (message, t, host, port) => {
    expect(understand(message, t)).toMatchObject({ followUp: 'check', target: { host, port } });
  });
});

describe('questions about what happened', () => {
  it.each([
    ['port is open so why does my browser still spin forever', 'why'], // heldout-r7 r7-fu-027
    ['为啥配置好了，连接后提示这个错误？', 'why'], // github.com/atrandys/xray/issues/5
    ['ip被墙了?', 'firewall'], // github.com/atrandys/xray/issues/5
    ['is it still happening?', 'again'], // github.com/kaist-cp/cs431/issues/612
  ] as const)('%s → %s', (message, followUp) => {
    expect(understand(message, thread('vps.example.org', 443, 'filtered')).followUp).toBe(followUp);
  });
});

describe('targets written as commands and sentences', () => {
  it.each([
    ['o towel.blinkenlights.nl', 'towel.blinkenlights.nl', 23], // heldout-r7 r7-t-010 (telnet's open)
    ['Me: telnet johndoe.net 25!', 'johndoe.net', 25], // heldout-r7 r7-t-012
    ['Task: Telnet over to towel.blinkenlights.nl for a bit of fun.', 'towel.blinkenlights.nl', 23], // heldout-r7 r7-t-011
    ['There is a backgammon server at ouzo.rog.rwth-aachen.de on port 8765', 'ouzo.rog.rwth-aachen.de', 8765], // heldout-r7 r7-t-014
    ['mysqlslap -u root -h 127.0.0.1 -P6033 -c 10 -q "select sleep(0.2)"', '127.0.0.1', 6033], // github.com/sysown/proxysql/issues/794
  ] as const)('%s', (message, host, port) => {
    expect(understand(message).target).toMatchObject({ host, port });
  });

  it('a story about a server is offered, not run', () => {
    expect(understand('There is a backgammon server at ouzo.rog.rwth-aachen.de on port 8765').act).toBe(false);
  });
});

describe('request words never become hosts', () => {
  it.each(['ping me', 'ping again', 'ping me if it goes down again', 'telnet it please'])('%s', (message) => {
    const u = understand(message);
    expect(u.act).toBe(false);
    expect(['me', 'again', 'it', 'please']).not.toContain(u.target?.host);
  });
});
