/**
 * Targets the fifth pass taught the chat (issue 23, round 4): a program it does not know, run with
 * a host and a port as its last two arguments, and an address given as a value inside prose. The
 * first is checked (the message is the command); the second only offered. Near misses stay what
 * they were: a sentence that ends in "host port", a question about an address.
 */
import { describe, expect, it } from 'vitest';
import { understand } from '../../src/chat/understand.js';

describe('a program we do not know, with a host and a port last', () => {
  it.each([
    // heldout-r10, r10-t-003 (dcmtk's DICOM echo; wiki.idoimaging.com).
    ['$ /opt/dcmtk/bin/echoscu --call DCM4CHEE pacs.idoimaging.com 11112', 'pacs.idoimaging.com', 11112],
    // heldout-r6, r6-t-003: a Windows prompt glued to telnet.
    ['C:\\Users\\my_computer>telnet smtp.gmail.com 25', 'smtp.gmail.com', 25],
    ['python3 probe.py db.internal 5432', 'db.internal', 5432],
  ])('%s', (text, host, port) => {
    expect(understand(text)).toMatchObject({ intent: 'target', act: true, target: { host, port } });
  });

  it.each([
    ['the server is example.com 443'],
    ['my app talks to db.internal 5432'],
  ])('%s is no command line: nothing runs', (text) => {
    expect(understand(text).act).toBe(false);
  });
});

describe('an address given as a value in prose', () => {
  it('is offered, never run', () => {
    // heldout-r10, r10-t-007 (graphite.digitgaming.com, a Minecraft server address).
    const u = understand('For example, "208.92.119.42" is a valid IP address used by many players to join servers directly.');
    expect(u).toMatchObject({ intent: 'target', act: false, target: { host: '208.92.119.42' } });
  });

  it('takes the one port given after it', () => {
    const u = understand('Input: You enter your IP (e.g., 203.0.113.1) and a Port (e.g., 80).');
    expect(u).toMatchObject({ act: false, target: { host: '203.0.113.1', port: 80 } });
  });

  it('a question about the address is not a target', () => {
    expect(understand('What is "127.0.0.1" used for?').target).toBeUndefined();
  });
});

describe('a dotted word that is no host', () => {
  it("a .NET exception's full name (written for this test) names no target", () => {
    expect(understand('Elasticsearch.Net.ElasticsearchClientException: Failed to ping the specified node.').target).toBeUndefined();
  });
});
