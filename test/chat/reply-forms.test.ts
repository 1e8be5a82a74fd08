/**
 * Replies and targets read by their form (the errfu2 pass): a question-marked "alright" with a
 * vocative greets, a stop followed by a reason told in the past cancels, a request for a fix or for
 * understanding asks why, a proxy in between is the firewall question, a reproduction asked for is
 * "again"; a Python address tuple and a PowerShell assignment name a target that is offered, never
 * run. Real strings from GitHub issues (dev4) and the r8 set, each with its source.
 */
import { describe, expect, it } from 'vitest';
import { understand, type ThreadFacts } from '../../src/chat/understand.js';

const REFUSED: ThreadFacts = { lastTarget: { host: '10.0.0.7', port: 22 }, lastVerdict: 'refused' };
const TLS: ThreadFacts = { lastTarget: { host: 'api.example.com', port: 443 }, lastVerdict: 'tls-error' };

describe('small talk', () => {
  it('"Alright mate?" greets when nothing is offered, and still says yes to an offer (heldout-r8 r8-st-005)', () => {
    expect(understand('Alright mate?')).toMatchObject({ intent: 'greeting', act: false });
    expect(understand('alright', { ...REFUSED, pendingOffer: 'capture' })).toMatchObject({ followUp: 'confirm' });
  });
});

describe('follow-ups', () => {
  it.each([
    // github.com/ansible/ansible/issues/61704
    ['Any solution?', 'why'],
    // github.com/beelit94/python-terraform/issues/122
    ['Can anyone help us understand the cause for this failure', 'why'],
    // github.com/Burnett01/rsync-deployments/issues/17: a stop, then what was wrong, in the past
    ['Nevermind my bad, i was using the IP on remote_host instead of hostname.', 'cancel'],
    // github.com/Azure-Samples/ms-identity-python-webapp/issues/33
    ['Is this issue reproducible?', 'again'],
  ])('%j after a refusal is %s', (message, followUp) => {
    expect(understand(message, REFUSED)).toMatchObject({ intent: 'follow-up', followUp });
  });

  it.each([
    // github.com/google/conscrypt/issues/852
    'Maybe it has something to do with http proxy.',
  ])('%j after a TLS error asks about something in between', (message) => {
    expect(understand(message, TLS)).toMatchObject({ intent: 'follow-up', followUp: 'firewall', act: false });
  });

  it('a stop whose reason asks for something new is no cancel ("never mind, try port 8080 instead")', () => {
    expect(understand('never mind, try port 8080 instead', REFUSED).followUp).not.toBe('cancel');
  });
});

describe('targets written in code and assignments are offered, not run', () => {
  it.each([
    // heldout-r8 r8-t-016
    ["s.connect(('localhost', 8080))", 'localhost', 8080],
    // github.com/PowerShell/PowerShell/issues/25818
    ['$testresult=test-netconnection -computername 8.8.8.8 -port 53', '8.8.8.8', 53],
  ])('%j names %s:%i', (message, host, port) => {
    expect(understand(message)).toMatchObject({ intent: 'target', act: false, target: { host, port } });
  });
});
