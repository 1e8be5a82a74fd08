/**
 * The readers behind understand() that the second pass added, each on its own: what a message is
 * about (another subject, or networking), the lessons' own text as evidence (BM25 over lessons
 * given here, so the test does not depend on the shipped wording), symptoms, a command inside
 * prose, and answers to an offer. The messages are written for this test (not from any set).
 */
import { describe, expect, it } from 'vitest';
import { aboutNetworking, aboutSomethingElse, otherSubject } from '../../src/chat/subjects.js';
import { lessonTextModel } from '../../src/chat/lesson-text.js';
import { symptomScores } from '../../src/chat/lesson-symptoms.js';
import { cueText, lessonOf } from '../../src/chat/lesson-words.js';
import { findCommand } from '../../src/explain/commands-in-text.js';
import { readOfferReply } from '../../src/chat/offer-replies.js';
import { understand } from '../../src/chat/understand.js';
import type { Lesson } from '../../src/notebook/cells.js';

describe('what a message is about', () => {
  it.each([
    ['How do I bake sourdough bread?', 'bak'],
    ['my dog keeps barking at night', 'dog'],
    ['why does my excel formula return #N/A', 'excel'],
    ['write a poem about the sea', 'poem'],
  ])('another subject: %s', (message, word) => {
    expect(otherSubject(message)).toMatch(new RegExp(`^${word}`));
    expect(aboutSomethingElse(message)).toBe(true);
    expect(understand(message)).toMatchObject({ intent: 'off-topic', act: false });
    expect(understand(message).lesson).toBeUndefined();
  });
  it('networking\'s own words are never off-topic, whatever else the message names', () => {
    for (const m of ['my python script gets ECONNRESET from the API', 'the ssh session to the bank server freezes', 'is the firewall blocking my recipe site?']) {
      expect(aboutNetworking(m)).toBe(true);
      expect(aboutSomethingElse(m)).toBe(false);
      expect(understand(m).intent).not.toBe('off-topic');
    }
  });
  it('shared words count for networking only without another subject', () => {
    expect(aboutNetworking('the page hangs with a 200 ms delay')).toBe(true);
    expect(aboutNetworking('how do I reset my password at the bank')).toBe(false);
    expect(understand('how do I reset my password at the bank').lesson).toBeUndefined();
  });
});

describe('the lessons\' own text as evidence', () => {
  const lesson = (id: string, title: string, prose: string): Lesson => ({ id, title, topics: [], order: 1, minutes: 1, cells: [{ kind: 'text', section: title, markdown: prose }] });
  const model = lessonTextModel([
    lesson('a', 'Window probes', 'A receiver that stops reading advertises a zero window; the sender sends window probes.'),
    lesson('b', 'Resets', 'An RST ends a connection at once: refused, reset by peer, abortive close.'),
  ]);
  it('ranks the lesson whose words the message uses, and leaves out lessons that share none', () => {
    expect(model.scores('why does the sender keep sending probes when the receiver stops reading?')[0]).toMatchObject({ lesson: 'a' });
    expect(model.scores('abortive close after a refused connect').map((s) => s.lesson)).toEqual(['b']);
    expect(model.scores('a recipe for pancakes')).toEqual([]);
  });
});

describe('symptoms point at the lesson that explains them', () => {
  it.each([
    ['the transfer stalls on big files over the tunnel, small ones are fine', 'pmtu'],
    ['my websocket dies after being idle for ten minutes', 'keepalive'],
    ['every call takes an extra 40 ms on small requests', 'nagle'],
    ['some requests take exactly one second longer than the rest', 'intermittent'],
    ['how long until the app notices the peer died?', 'retransmission'],
  ])('%s → %s', (message, want) => {
    expect(lessonOf(message)).toBe(want);
  });
  it('one everyday word alone is no symptom', () => {
    expect(symptomScores(cueText('it hangs')).size).toBe(0);
    expect(symptomScores(cueText('a large file')).size).toBe(0);
  });
});

describe('a command inside a text', () => {
  it.each([
    ['We tried nc -zv pay-db-2 5432 from the app host and it sat there', 'pay-db-2', 5432, false],
    ['# from the jump box\ntelnet 10.2.3.4 25', '10.2.3.4', 25, false],
    ['$ nmap -p 8443 10.9.8.7', '10.9.8.7', 8443, true],
    ['start telnet 10.120.1.2 3389', '10.120.1.2', 3389, true],
    ["r = redis.Redis(host='cache.local', port=6380)", 'cache.local', 6380, false],
    ["timeout 3 bash -c 'echo > /dev/tcp/mx.example.org/587'", 'mx.example.org', 587, true],
  ])('%j', (text, host, port, whole) => {
    const found = findCommand(text);
    expect(found?.read).toMatchObject({ kind: 'target', target: { host, port } });
    expect(found?.whole).toBe(whole);
  });
  it('a sentence about a tool is not its command line', () => {
    expect(findCommand('ssh keeps disconnecting')).toBeNull();
    expect(findCommand('curl is slow to connect to localhost on Windows')).toBeNull();
    expect(findCommand('the SSH console was completely stuck')).toBeNull();
  });
  it('in prose it is offered, alone it is run', () => {
    expect(understand('We tried nc -zv pay-db-2 5432 from the app host and it sat there')).toMatchObject({ intent: 'target', act: false });
    expect(understand('$ nmap -p 8443 10.9.8.7')).toMatchObject({ intent: 'target', act: true, target: { host: '10.9.8.7', port: 8443 } });
  });
});

describe('answers to an offer', () => {
  it.each([
    ['that sounds good', 'confirm'],
    ['sure, go on', 'confirm'],
    ['not really', 'decline'],
    ["I don't think so", 'decline'],
    ['nah, not worth it', 'decline'],
    ['ok stop watching', 'cancel'],
  ])('%s → %s', (text, want) => {
    expect(readOfferReply(text, true)?.followUp).toBe(want);
  });
  it('a stop ("forget it", "scratch that", "call it off") cancels, offer or not; "thanks anyway" to an offer declines (r5\'s convention)', () => {
    expect(readOfferReply('forget it', true)?.followUp).toBe('cancel');
    expect(readOfferReply('forget it', false)?.followUp).toBe('cancel');
    expect(readOfferReply('Scratch that.', true)?.followUp).toBe('cancel');
    expect(readOfferReply('call it off, wrong server', false)?.followUp).toBe('cancel');
    expect(readOfferReply('Thanks anyway', true)?.followUp).toBe('decline');
    expect(readOfferReply('Thanks anyway', false)).toBeNull();
    expect(readOfferReply('yeah do it, scan everything', true, 'scan')?.followUp).toBe('confirm');
    expect(readOfferReply('yeah do it, scan everything', true, 'capture')).toBeNull();
  });
  it('a no that names something new, thanks, or an error is no answer', () => {
    expect(readOfferReply('no, try 6543 instead', true)).toBeNull();
    expect(readOfferReply('No problem, thank you!', true)).toBeNull();
    expect(readOfferReply('no route to host', true)).toBeNull();
  });
});
