/**
 * Replies read by their kind, not by one set's sentences (issue 23): yes said with an adverb of
 * certainty or in slang, no said as a first person who cannot or will not take it up, deferrals,
 * stops by their verbs, wait idioms (nothing runs, nothing is dropped), persistence against
 * watching, and a port changed inside a sentence. Real wordings from phrase pages and GitHub
 * threads (test/fixtures/chat-dev6, heldout-r9), each with its source; then what must not change.
 */
import { describe, expect, it } from 'vitest';
import { readOfferReply } from '../../src/chat/offer-replies.js';
import { plan } from '../../src/chat/plan.js';
import { route } from '../../src/chat/route.js';
import type { Thread } from '../../src/chat/types.js';
import { understand, UNDERSTAND_THRESHOLD, type ThreadFacts } from '../../src/chat/understand.js';

const thread = (host: string, port: number, lastVerdict: ThreadFacts['lastVerdict'], pendingOffer?: ThreadFacts['pendingOffer']): ThreadFacts => ({ lastTarget: { host, port }, lastVerdict, ...(pendingOffer ? { pendingOffer } : {}) });

describe('yes, by kind', () => {
  it.each([
    ['You betcha!', 'capture'], // heldout-r9 r9-fu-012
    ['Undoubtedly', 'check'], // heldout-r9 r9-fu-014
    ['indubitably', 'drill'], // heldout-r9 r9-fu-015
    ['Certainly, I’d be happy to help!', 'check'], // howtosayguide.com/how-to-say-yes-in-aussie-slang
    ['okie', 'scan'], // digitalinsightsandinspiration.wordpress.com/2015/04/13/how-to-say-yes-by-not-saying-yes/
    ['yas', 'watch'], // same page
    ['Carry on', 'capture'], // ultimatelexicon.com/definitions/w/wait-a-minute_moment_second (antonyms of "wait")
  ] as const)('%s (offer: %s) confirms', (message, offer) => {
    expect(understand(message, thread('vpn.corp.example', 443, 'filtered', offer))).toMatchObject({ followUp: 'confirm', act: true });
  });

  it('an adverb of certainty turned round is a no: "absolutely not", "certainly not"', () => {
    expect(understand('absolutely not', thread('db.lan', 5432, 'refused', 'scan')).followUp).toBe('decline');
    expect(understand('Certainly not.', thread('db.lan', 5432, 'refused', 'scan')).followUp).toBe('decline');
  });
});

describe('no and not now, by form', () => {
  it.each([
    ['Sorry I won’t be able to make it.', 'drill'], // heldout-r9 r9-fu-009
    ['I’ll think about it.', 'capture'], // heldout-r9 r9-fu-007
    ['Thanks so much for thinking of me, but I’m going to sit this one out.', 'watch'], // heldout-r9 r9-fu-025
    ['Thank you for the invitation, but I’m unfortunately unable to attend.', 'lab'], // en.phongnhaexplorer.com/qna/tips-and-tricks/how-to-decline-something-politely.html
    ['I appreciate the offer, but I have a prior commitment that I can’t reschedule.', 'capture'], // same page
    ['I appreciate the invite, but I’m sorry, I can’t join you this time.', 'drill'], // howtosayguide.com/how-to-say-no-when-someone-invites-you
    ['I’m flattered you considered me, but unfortunately I’ll have to pass this time', 'check'], // ownrelationships.com/how-do-you-politely-cancel-a-plan/
    ['Regrettably, I’m not able to.', 'capture'], // same page
    ["I'll give it some thought.", 'scan'], // sameconversation.blogspot.com/2009/07/ill-give-it-some-thought.html
    ['Let me think about that.', 'capture'], // critter.blog/2021/09/07/im-a-slow-processor/
  ] as const)('%s (offer: %s) declines and sends nothing', (message, offer) => {
    expect(understand(message, thread('smtp.office.lan', 587, 'filtered', offer))).toMatchObject({ followUp: 'decline', act: false });
  });

  it('"let me think on it" defers (the offer is dropped); "let me check" only waits (it stays)', () => {
    expect(understand('Let me think on it.', thread('db.lan', 5432, 'refused', 'scan')).followUp).toBe('decline');
    expect(understand('Let me check first.', thread('db.lan', 5432, 'refused', 'scan')).followUp).toBe('wait');
  });

  it('a first person who cannot reach something reports a problem; it is no refusal of the offer', () => {
    expect(understand('I can’t connect to the server', thread('db.lan', 5432, 'refused', 'scan')).followUp).not.toBe('decline');
    expect(readOfferReply('we can’t reach port 443', true, 'scan')).toBeNull();
  });
});

describe('stops by their verbs', () => {
  it.each([
    ["Let's scratch the plan.", 'lab'], // heldout-r9 r9-fu-021
    ['Let’s call off the search; it’s getting too dark.', 'scan'], // ennative.pages.dev/idiom_1350.html
    ['Call off the search; we found the missing hiker.', 'watch'], // lingvocore.com/words/call-off
    ['Sorry, I need to call off our dinner plans for tonight.', 'drill'], // same page
    ['Yes, but we had to call it off. It’s too cold outside.', 'capture'], // plainenglish.com/expressions/call-off/
  ] as const)('%s (offer: %s) cancels', (message, offer) => {
    expect(understand(message, thread('git.internal.example', 22, 'open', offer))).toMatchObject({ followUp: 'cancel', act: false });
  });

  it('while something runs, "let\'s call it off" is a stop as well (the machine asks the same reader)', () => {
    expect(readOfferReply("let's call it off", false)?.followUp).toBe('cancel');
  });
});

describe('wait idioms: an acknowledgement, never the held-connection probe', () => {
  it.each([
    ['Hold on a second!', 'capture'], // heldout-r9 r9-fu-001
    ['Bear with me for a moment.', undefined], // heldout-r9 r9-fu-002
    ['Hang on.', 'watch'], // heldout-r9 r9-fu-003
    ['Hold your horses!', 'scan'], // heldout-r9 r9-fu-004
    ['Oh, can you hold on a second?', undefined], // heldout-r9 r9-fu-005
    ['Let me check and I’ll get back to you.', 'lab'], // heldout-r9 r9-fu-008
    ['Hold the phone!', 'capture'], // thevillageidiom.org/idioms/hold-the-phone-idiom-meaning-and-origin
    ['Hang tight', 'scan'], // ultimatelexicon.com/definitions/h/hold_hang-on-a-minute
    ['Hold on a sec, let me grab that file for you.', 'watch'], // spokenroot.com/hold-on-a-sec
    ['Hold up', 'scan'], // ultimatelexicon.com/definitions/w/wait-a-minute_moment_second
  ] as const)('%s (offer: %s) is a wait: no action, no target', (message, offer) => {
    const u = understand(message, thread('192.168.1.20', 3389, 'filtered', offer));
    expect(u).toMatchObject({ intent: 'follow-up', followUp: 'wait', act: false });
    expect(u.target).toBeUndefined();
  });

  it('"hang on" never becomes a job that sends packets', () => {
    const t: Thread = { target: { host: 'mail.example.org', port: 25 } } as Thread;
    const { job } = plan(route('Hang on.', t), t);
    expect(job.run).toBe('reply');
  });

  it('holding on TO the connection is still the hold probe; a wait that names a new port is no wait', () => {
    expect(understand('hold on to the connection for an hour', thread('db.lan', 5432, 'open')).followUp).toBe('hold');
    expect(understand('hang on, try 8080', thread('db.lan', 5432, 'refused'))).toMatchObject({ followUp: 'check', target: { host: 'db.lan', port: 8080 } });
    expect(understand('hang on, what does filtered mean?', thread('db.lan', 5432, 'filtered')).followUp).not.toBe('wait');
  });
});

describe('trying again, and watching', () => {
  it.each([
    "I know it's not easy, but keep trying!", // heldout-r9 r9-fu-022
    'So, give it a shot.', // go2pasa.ning.com (englishclub forum, "Give it a shot")
    'Give it a go', // ultimatelexicon.com/definitions/t/take-a-shot
    'Keep trying to reconnect even when getting ECONNREFUSED', // github.com/salesforce/refocus/pull/544
  ])('%s is the last check again', (message) => {
    expect(understand(message, thread('irc.example.org', 6697, 'refused'))).toMatchObject({ followUp: 'again', target: { host: 'irc.example.org', port: 6697 } });
  });

  it('"give it a go" to an offer is a yes to that offer', () => {
    expect(understand('Give it a go', thread('irc.example.org', 6697, 'refused', 'scan')).followUp).toBe('confirm');
  });

  it.each([
    'keep a close watch', // heldout-r9 r9-fu-016
    'keep an eye out', // crossidiomas.com/keep-an-eye-out
    'Watch like a hawk', // ultimatelexicon.com/definitions/k/keep-an-eagle-eye-on
    'Monitor closely', // same page
    'it fails maybe twice an hour, could you keep trying for a bit?', // kept from follow-up-clauses.test.ts: trying over a span watches
  ])('%s is a watch', (message) => {
    expect(understand(message, thread('api.partner.io', 443, 'open')).followUp).toBe('watch');
  });

  it('"monitor" in a question about a subject is no watch', () => {
    expect(understand('how do I monitor connections?', thread('db.lan', 5432, 'open')).followUp).toBeUndefined();
  });
});

describe('a port changed inside a sentence', () => {
  it.each([
    ['Change your SMTP port setting from port 25 to port 26.', 'mail.example.com', 25, 26], // heldout-r9 r9-fu-018
    ['change the smtp port from 465 to 25.', 'mail.chapel.test', 465, 25], // github.com/chapel-lang/chapel/pull/22189
    ['Change port from 465 to 587', 'smtp.sendgrid.net', 465, 587], // github.com/sendgrid/docs/pull/6112
    ['改成465端口', 'smtp.163.com', 25, 465], // github.com/hidu/mysql-schema-sync/issues/60
  ] as const)('%s checks the thread\'s host on the new port', (message, host, from, to) => {
    expect(understand(message, thread(host, from, 'filtered'))).toMatchObject({ followUp: 'check', act: true, target: { host, port: to } });
  });

  it('a port change reported as the fix ends the thread', () => {
    // github.com/dotmailer/dotmailer-magento2-extension/issues/511
    expect(understand('Switching from port 25 to port 2525 seems to have resolved it.', thread('smtp.sendgrid.net', 25, 'filtered'))).toMatchObject({ followUp: 'cancel', act: false });
  });

  it('words around the change never become the host', () => {
    const u = understand('switch the port to 2525', thread('relay.lan', 25, 'filtered'));
    expect(u.target).toEqual({ host: 'relay.lan', port: 2525 });
  });
});

describe('below the threshold nothing is sent', () => {
  it.each(['yas', 'Undoubtedly', 'Give it a go'])('%s with nothing in the thread sends nothing', (message) => {
    const u = understand(message, {});
    expect(u.act).toBe(false);
    expect(u.confidence < UNDERSTAND_THRESHOLD || u.followUp !== 'again').toBe(true);
  });
});
