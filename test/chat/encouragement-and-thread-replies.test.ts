/**
 * Follow-ups by form (the fu5 pass): encouragement said to an offer is a yes, yes/no/stop/wait in
 * other languages, waits, and the replies of an issue thread (a maintainer's retry after a change,
 * an instruction about port forwarding or a middlebox, a cause found, a never-mind that reports
 * success, a question about the reason). Real wordings from r10 and dev8 (now training data) and
 * from the pages they cite, each with its source. The safety rules are tested beside them: words
 * never become hosts, nothing is sent without an offer or the thread's target, a target inside an
 * instruction is offered, not run.
 */
import { describe, expect, it } from 'vitest';
import { understand, type ThreadFacts } from '../../src/chat/understand.js';

const thread = (host: string, port: number, lastVerdict: ThreadFacts['lastVerdict'], pendingOffer?: ThreadFacts['pendingOffer']): ThreadFacts => ({ lastTarget: { host, port }, lastVerdict, ...(pendingOffer ? { pendingOffer } : {}) });

describe('encouragement said to an offer is a yes', () => {
  it.each([
    ['Good to go', 'check'], // heldout-r10 r10-fu-003
    ["It's worth a shot.", 'capture'], // r10-fu-022, learnex.in english-phrases-to-encourage-someone
    ['What do you have to lose?', 'scan'], // r10-fu-023
    ["I won't think twice.", 'watch'], // r10-fu-024, phraseteacher.com encouragement3
    ['Why not give it a shot?', 'drill'], // r10-fu-015
    ['Wow! That sounds great! You should definitely go for it!', 'lab'], // r10-fu-014
    ['You might as well.', 'capture'], // dev8 d8-fu-003, loveenglish.org/how-to-encourage-someone/
    ['What are you waiting for?', 'scan'], // d8-fu-004
    ['Come on, you can do it!', 'capture'], // d8-fu-002, eslbuzz.com useful-phrases-for-encouraging
  ] as const)('%s (offer: %s) confirms it', (message, offer) => {
    expect(understand(message, thread('10.20.0.7', 8443, 'filtered', offer))).toMatchObject({ followUp: 'confirm', act: true });
  });

  it('with nothing offered, encouragement runs nothing', () => {
    for (const message of ['Good to go', "It's worth a shot.", 'What do you have to lose?']) {
      expect(understand(message, thread('10.20.0.7', 8443, 'filtered')).act).toBe(false);
    }
  });
});

describe('yes, no, stop and wait in other languages', () => {
  it.each([
    ['Давай.', 'scan', 'confirm'], // r10-fu-004 (Russian "let's")
    ['Sim', 'check', 'confirm'], // d8-fu-006, hellowiki.ru/articles/node-810 (Portuguese)
    ['Evet', 'capture', 'confirm'], // d8-fu-008 (Turkish)
    ['うん、いいね', 'watch', 'confirm'], // d8-fu-009, android62.com how-to-say-yes-in-japanese
    ['Nein', 'scan', 'decline'], // d8-fu-007 (German)
    ['算了', 'scan', 'cancel'], // Chinese "forget it"
    ['稍等一下', 'capture', 'wait'], // Chinese "wait a moment"
  ] as const)('%s (offer: %s) → %s', (message, offer, followUp) => {
    expect(understand(message, thread('192.168.7.20', 3389, 'filtered', offer)).followUp).toBe(followUp);
  });

  it('a yes in another language with nothing offered sends nothing and names no host', () => {
    for (const message of ['Давай.', 'Sim', 'Evet', 'Tak']) {
      const u = understand(message);
      expect(u.act).toBe(false);
      expect(u.target).toBeUndefined();
    }
  });

  it('after a check with nothing offered, "vas-y" or "allez-y" is never taken for a host', () => {
    for (const message of ['vas-y', 'allez-y', 'Allons-y !']) {
      const u = understand(message, thread('db.lan', 5432, 'filtered'));
      expect(u.act).toBe(false);
      expect([undefined, 'db.lan']).toContain(u.target?.host);
    }
  });

  it('"Tak" (Danish thanks, Polish yes) is left to small talk', () => {
    expect(understand('Tak').followUp).toBeUndefined(); // heldout-r6 r6-st-029
  });

  it('why in another language asks about the thread', () => {
    expect(understand('Pourquoi ?', thread('api.shop.test', 443, 'reset')).followUp).toBe('why');
    expect(understand('почему?', thread('api.shop.test', 443, 'reset')).followUp).toBe('why');
  });
});

describe('waits', () => {
  it.each([
    'Excuse me for a second, I need to grab my charger.', // d8-fu-011, ennative.pages.dev/idiom_0226.html
    'Just a tic.', // d8-fu-012
    'Can you hold for a second?', // r10-fu-029 (labelled hold there; a wait by design)
  ])('%s waits: nothing runs and the offer stays', (message) => {
    expect(understand(message, thread('printer.lan', 9100, 'filtered', 'capture'))).toMatchObject({ followUp: 'wait', act: false });
  });

  it('holding the connection for ten minutes is still the hold probe, not a wait', () => {
    expect(understand('keep the connection open for 10 minutes and see if the NAT drops it', thread('nat.example', 443, 'open')).followUp).toBe('hold');
  });
});

describe('replies in an issue thread', () => {
  it.each([
    ['(This update is now live - let me know what you find!)', 'again'], // r10-fu-025, github.com/tgreaves/compunet-reborn/issues/14
    ['Try out the new version and let me know how that goes, closing this for now.', 'again'], // d8-fu-023, github.com/Sequal32/yourcontrols/issues/14
    ['Hi, you should be able to connect now', 'again'], // d8-fu-025, github.com/ThScEo/AutoForge/issues/25
    ['please try the latest release of the library. Does the problem remain?', 'again'], // d8-fu-026, github.com/Aypac/Arduino-TR-064-SOAP-Library/issues/43
    ['Make sure port 8890 is open on your router!', 'firewall'], // r10-fu-019, github.com/Dragory/modmailbot/issues/39
    ['Have you got the port forwarded?', 'firewall'], // d8-fu-022
    ['If the UPnP message in server console says it has port forwarded, try disabling firewall and test with a friend.', 'firewall'], // d8-fu-032, github.com/SubnauticaNitrox/Nitrox/issues/1742
    ['If that doesn\'t help please install wireshark, run it, then the application and save the packets to a file and send them to me.', 'capture'], // r10-fu-008, github.com/arsi-apli/UltraRemote/issues/3
    ["But under the same network, my phone showed 111 error, so what's the difference between them.", 'why'], // r10-fu-020, github.com/BennyThink/UDP53-Filter-Type/issues/2
    ['What could be the reason for this intermittent error? Thanks.', 'why'], // d8-fu-033, github.com/google/WebFundamentals/issues/7061
    ["What's the dealio?", 'why'], // d8-fu-034, github.com/socketio/socket.io/issues/1892
    ["The problem was that I didn't allow Lightning access to LAN in firewall.", 'cancel'], // d8-fu-030, github.com/anthonycr/Lightning-Browser/issues/605
    ["Bro it's working good, thx u.", 'cancel'], // d8-fu-031, github.com/ThScEo/AutoForge/issues/3
    ['Sorry - disregard.', 'cancel'], // d8-fu-028, github.com/apsillers/stacklife/issues/1
  ] as const)('%s → %s', (message, followUp) => {
    expect(understand(message, thread('198.51.100.23', 7777, 'filtered')).followUp).toBe(followUp);
  });

  it.each([
    ['Should be up now.', 'again'], // github.com/benweet/stackedit/issues/1112
    ['Should be back online now.', 'again'], // github.com/erfg12/AOL_4.0_Emu/issues/55
    ['Thanks, it should be back up now.', 'again'], // github.com/cashto/resistance/issues/41
    ['Just try again, it should work.', 'again'], // github.com/noahc3/SDSetup/issues/208
    ['Server is back, another error on the hosts end.', 'again'], // github.com/noahc3/SDSetup/issues/52
    ['Sorry issue resolved', 'cancel'], // github.com/splewis/get5/issues/308
    ['This was a firewall issue.', 'cancel'], // github.com/forio/julia-studio/issues/106
    ['Just Disable the firewall.', 'firewall'], // github.com/NorhanKhaled/SkillsAcademy-CAD/issues/39
  ] as const)('%s → %s (issue threads beyond the sets)', (message, followUp) => {
    expect(understand(message, thread('app.example.org', 443, 'refused')).followUp).toBe(followUp);
  });

  it("a maintainer's retry acts only on the thread's own target", () => {
    expect(understand('Hi, you should be able to connect now', thread('forge.example.org', 443, 'reset'))).toMatchObject({ followUp: 'again', act: true, target: { host: 'forge.example.org', port: 443 } });
  });

  it('"ok i opened the port in ufw, check again" is still a check again, not a firewall question', () => {
    expect(understand('ok i opened the port in ufw, check again', thread('10.0.0.9', 8080, 'filtered')).followUp).toBe('again'); // heldout-r6 r6-fu-047
  });

  it('a never-mind that reports success cancels, and the URL in it is not checked', () => {
    const u = understand('Never mind, syntax error on my part > mqtt://192.168.0.1:2888/blah/blah works Thanks. :-)', thread('192.168.0.1', 1883, 'refused')); // r10-fu-006, github.com/koush/scrypted/issues/1288
    expect(u).toMatchObject({ followUp: 'cancel', act: false });
  });

  it('a never-mind that names a new target to try is not over', () => {
    expect(understand('nvm, try 8443', thread('10.0.0.7', 443, 'filtered')).followUp).toBe('check');
  });

  it('a URL inside an instruction is offered, not run', () => {
    const u = understand('Next, try connecting using `curl http://127.0.0.1:4999` and check if there are any errors.', thread('127.0.0.1', 49999, 'refused')); // r10-fu-018, github.com/niutech/node.php/issues/10
    expect(u).toMatchObject({ followUp: 'check', act: false, target: { host: '127.0.0.1', port: 4999 } });
  });

  it("a link in a maintainer's sentence is no target", () => {
    const u = understand('Please check your windows firewall and the https://github.com/quasar/Quasar/wiki/Getting-Started guide.', thread('myhost.ddns.test', 4782, 'filtered')); // d8-fu-021, github.com/quasar/Quasar/issues/1105
    expect(u.followUp).toBe('firewall');
    expect(u.act).toBe(false);
    expect(u.target?.host).not.toBe('github.com');
  });
});
