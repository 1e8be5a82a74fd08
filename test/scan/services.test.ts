import { describe, expect, it } from 'vitest';
import { parseNmapServices, portCatalog, serviceName, topPorts } from '../../src/scan/services.js';
import { BUILTIN_TOP_PORTS } from '../../src/scan/top-ports.js';

const SAMPLE = `# Fields in this file are: Service name, portnum/protocol, open-frequency, optional comments
#
tcpmux	1/tcp	0.001995	# TCP Port Service Multiplexer
domain	53/udp	0.213496
http	80/tcp	0.484143	# World Wide Web HTTP
ssh	22/tcp	0.182286	# Secure Shell Login
telnet	23/tcp	0.221265
unknown	7/tcp	0.001995
`;

describe('nmap-services', () => {
  it('ranks TCP ports by open frequency, ties by port number, UDP ignored', () => {
    const { ranked, names } = parseNmapServices(SAMPLE);
    expect(ranked).toEqual([80, 23, 22, 1, 7]);
    expect(names.get(22)).toBe('ssh');
    expect(names.has(53)).toBe(false);
  });
});

describe('the built-in top ports', () => {
  it('has 100 distinct valid ports, http first', () => {
    const ports = BUILTIN_TOP_PORTS.map(([p]) => p);
    expect(new Set(ports).size).toBe(100);
    expect(ports.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535)).toBe(true);
    expect(ports.slice(0, 5)).toEqual([80, 23, 443, 21, 22]);
  });

  it('is the fallback when nmap-services is missing, and --top N past its end continues ascending', () => {
    const catalog = portCatalog('/nonexistent/nmap-services');
    expect(catalog.source).toBe('built-in');
    const top = topPorts(105, catalog);
    expect(top).toHaveLength(105);
    expect(top.slice(0, 100)).toEqual(BUILTIN_TOP_PORTS.map(([p]) => p));
    // 1-6 are not in the built-in list; 7 and 9 are.
    expect(top.slice(100)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(topPorts(65535, catalog)).size).toBe(65535);
    expect(serviceName(5432, catalog)).toBe('postgresql');
  });

  it('agrees with nmap-services on the first ten ports when it is installed', (ctx) => {
    const catalog = portCatalog();
    if (catalog.source !== 'nmap-services') return ctx.skip(); // reported as skipped, not passed
    expect(topPorts(10, catalog)).toEqual(BUILTIN_TOP_PORTS.slice(0, 10).map(([p]) => p));
  });
});
