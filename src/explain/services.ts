/**
 * Service names people write where a port goes (`telnet time.nist.gov daytime`,
 * `openssl s_client -connect host:https`): the TCP ports /etc/services gives them. Pure.
 */
import { SCHEME_PORTS } from '../target.js';

/** Names /etc/services lists for TCP beyond the URL schemes'. */
const MORE: Record<string, number> = {
  echo: 7, discard: 9, daytime: 13, qotd: 17, chargen: 19, 'ftp-data': 20, domain: 53, whois: 43, nicname: 43, gopher: 70, finger: 79, www: 80,
  kerberos: 88, 'pop-3': 110, sunrpc: 111, auth: 113, nntp: 119, ntp: 123, 'netbios-ssn': 139, snmp: 161, bgp: 179, irc: 194,
  'microsoft-ds': 445, rsync: 873, 'ms-sql-s': 1433, mysql: 3306, 'ms-wbt-server': 3389, postgresql: 5432, x11: 6000, 'http-alt': 8080,
};

/** The TCP port of a service name (case-insensitive), or undefined when the name is not one. */
export function servicePort(name: string): number | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(MORE, key) ? MORE[key] : Object.hasOwn(SCHEME_PORTS, key) ? SCHEME_PORTS[key] : undefined;
}
