/**
 * What to do next, chosen from what the check did and did not observe: no "capture it" after a
 * capture that shows it, no "check the server side" after the server's side was checked, a
 * follow-up only when its step has not run. Each piece says why it is offered. Pure.
 */
import type { Finding, Verdict } from '../evidence.js';
import type { TlsEvidence } from '../checks/tls.js';
import { shellLine } from '../shell-words.js';
import type { StoryAdvice } from './story.js';
import type { Seen } from './story-seen.js';
import { idleTimeoutIn, type IdleTimeoutDetail } from './hold.js';

export interface AdviceInput {
  verdict: Verdict;
  seen: Seen;
  /** The report's findings with their details (a hold's settings ride on its idle-timeout finding). */
  findings: readonly Finding[];
  /** How this tcpsleuth is started (`['npx', 'tcpsleuth']`), for the commands advice prints. */
  self: readonly string[];
  resolvers: readonly string[];
  /** The target is on this very host: its socket table is the server's. */
  local: boolean;
  /** The named network namespace the check ran in (`ip netns exec NAME`): commands to run from there say so. */
  netns?: string;
  /** The check ran on another machine: its commands run there through this (ssh); tcpsleuth's own are left out. */
  via?: (commandLine: string) => string;
}

type Rule = { text: string; because: string; command?: string; cite?: StoryAdvice['cites']; settings?: string[] };

type RuleOf = (text: string, because: string, command?: string, cite?: StoryAdvice['cites'], elsewhere?: boolean) => Rule;

/**
 * Advice whose command runs from where the check ran (`place` puts it there: `ip netns exec NAME …`,
 * `ssh app-1 '…'`, or nowhere when it cannot run there), unless it is for another machine.
 */
const ruleFrom =
  (place: (command: string) => string | undefined): RuleOf =>
  (text, because, command, cite = [], elsewhere = false) => {
    const cmd = command && !elsewhere ? place(command) : command;
    return { text: cmd ? `${text}${text.endsWith('?') ? ' ' : ': '}${cmd}` : text, because, command: cmd, cite };
  };

/** Where the check ran: this host, a named namespace here, or another machine over ssh. */
function placeOf(a: AdviceInput): (command: string) => string | undefined {
  const own = `${shellLine(a.self)} `;
  if (a.via) {
    const via = a.via;
    // `tracepath X (or ping …)`: the command is the part before the aside.
    return (command) => (command.startsWith(own) ? undefined : command.replace(/^(.*?)( \(or .*\))?$/, (_m, head: string, aside = '') => `${via(head)}${aside}`));
  }
  const at = a.netns ? `${shellLine(['ip', 'netns', 'exec', a.netns])} ` : '';
  return (command) => `${at}${command}`;
}

/** The advice for this verdict, in the order to follow it. */
export function chooseAdvice(a: AdviceInput): StoryAdvice[] {
  const { seen: s, self } = a;
  const rule = ruleFrom(placeOf(a));
  const me = (...args: string[]) => shellLine([...self, ...args]);
  const target = s.hp;
  const serverSide = !s.ran('server-capture') && !s.ran('server-sockets');
  const rules: Array<Rule | false | undefined> = [];
  const captureRst = s.conv?.rst;
  switch (a.verdict) {
    case 'dns-error':
      rules.push(
        rule('Check the spelling, and whether the name only exists on an internal DNS (VPN connected?)', s.has('nxdomain') ? 'a resolver answered that the name does not exist' : 'the name did not become an address'),
        a.resolvers.length
          ? rule(`Ask the resolver this machine uses (${a.resolvers.join(', ')}, from /etc/resolv.conf) directly`, 'it is the one that failed', shellLine(['dig', `@${a.resolvers[0]}`, s.host]))
          : rule('Look at the resolver in /etc/resolv.conf (or resolvectl status) and whether it answers', 'the resolver that failed is not known', shellLine(['getent', 'ahosts', s.host])),
        rule('No answer at all: is the resolver reachable (port 53)? NXDOMAIN: ask who owns the zone to add the record', 'the two failures have different owners'),
      );
      break;
    case 'unreachable':
      rules.push(
        !s.ran('traceroute') && rule('See how far packets get', 'an ICMP error means a router (or this host) cannot deliver; traceroute names the hop', shellLine(['traceroute', '-T', '-p', String(s.port), s.address])),
        rule('Check the route on this machine', s.has('no-route') ? 'this machine has no route to that network' : 'a wrong route here looks the same as one on the way', shellLine(['ip', 'route', 'get', s.address])),
        rule('Is the server up and on the address you think (a moved VM, a stale IP)?', 'host unreachable also means nothing answered ARP on the last hop'),
      );
      break;
    case 'refused':
      // This host's socket table already answered "does it listen, and where?".
      if (s.has('listening-localhost-only')) {
        rules.push(
          rule("Bind the service to 0.0.0.0 or :: (or to this address) in its configuration (its listen or bind setting), then restart it", 'the socket table shows it listening on 127.0.0.1 only', undefined, [{ finding: 'listening-localhost-only' }]),
          rule('Or connect through 127.0.0.1, if the client runs on this machine', 'that address is the one it accepts on', undefined, [{ finding: 'listening-localhost-only' }]),
        );
        break;
      }
      if (s.has('not-listening')) {
        rules.push(
          rule('Start the service (systemctl status, docker ps), or find the port it really uses', 'the socket table has no LISTEN socket on this port', me('sockets', '--listening'), [{ finding: 'not-listening' }]),
          rule("Still refused once it listens? A firewall REJECT rule with tcp-reset answers the same: check this machine's INPUT rules", 'a RST cannot tell "nothing listens" from "a rule rejects"'),
        );
        break;
      }
      rules.push(
        rule('Is the service running on the server? (systemctl status, docker ps)', 'the RST proves the host is up and nothing accepts on this port', undefined, [{ step: 'connect', address: s.address }]),
        a.local
          ? !s.ran('sockets') && rule('Does it LISTEN here, and on which address (0.0.0.0 or only 127.0.0.1)?', 'a service bound to one address refuses the others', me('sockets', '--port', String(s.port)))
          : rule('Does it LISTEN on 0.0.0.0 or only 127.0.0.1? On the server', 'a service bound to 127.0.0.1 refuses connections from elsewhere', `${me('sockets', '--port', String(s.port))} (or ss -ltnp)`, [], true),
        !s.ran('scan') && rule('Is it on another port? Scan the neighbours', 'a service moved to another port refuses this one', shellLine(['nmap', '-Pn', '-p', neighbourPorts(s.port), s.address])),
        rule("A firewall REJECT rule with tcp-reset answers exactly like this: check the server's INPUT rules", 'a RST cannot tell "nothing listens" from "a rule rejects"'),
      );
      break;
    case 'filtered':
      if (s.has('local-firewall')) {
        rules.push(rule("Look at this machine's OUTPUT chain, not at the server", 'a rule here counted the SYN', 'sudo iptables -L OUTPUT -v -n', [{ finding: 'local-firewall' }]));
        break;
      }
      if (s.has('accept-queue-full')) {
        rules.push(rule('The application must accept() faster (or have a larger backlog): look at why it stalls', 'its accept queue is full, so the kernel drops new SYNs', undefined, [{ finding: 'accept-queue-full' }]));
        break;
      }
      rules.push(
        !s.ran('scan') && rule('Scan common ports: if every port is silent, the firewall covers the host; if others answer, it is a rule for this port', 'one silent port cannot tell a host-wide drop from a per-port rule', shellLine(['nmap', '-Pn', '-p', `${s.port},22,80,443`, s.address])),
        !s.ran('traceroute') && rule('Traceroute to see where packets stop', 'the last hop that answers is where the drop is', shellLine(['traceroute', '-T', '-p', String(s.port), s.address])),
        !s.capture && rule('Capture to prove the SYN leaves and nothing returns', 'the check saw no answer, not the packets on the wire', me('check', target, '--capture')),
        serverSide && rule('Check from the server side too (did the SYN arrive? was it answered?)', 'only the server can tell "dropped on the way in" from "answered, and the answer lost"', me('check', target, '--server', 'ssh://USER@SERVER')),
      );
      break;
    case 'reset':
      rules.push(
        !(captureRst && captureRst.synAckTtl !== undefined) &&
          (s.capture
            ? rule("Capture it again: the RST's TTL differs from the SYN-ACK's if a middlebox forged it", s.conv && !s.conv.handshakeSeen ? 'this capture began after the handshake: it holds the RST but no SYN-ACK' : 'the capture did not hold both the RST and the SYN-ACK', me('check', target, '--capture'))
            : rule("Capture the RST: its TTL differs from the SYN-ACK's if a middlebox forged it", 'the check saw the RST but not its TTL', me('check', target, '--capture'))),
        rule(`Check the server's or application's log at ${s.when}; check a load balancer between you`, 'something accepted the connection and then threw it away'),
        serverSide && !s.has('rst-from-server') && !s.has('rst-not-from-server') && rule('Check from the server side too (did the server send that RST?)', "only the server's capture shows whether it sent the RST", me('check', target, '--server', 'ssh://USER@SERVER')),
      );
      break;
    case 'closed':
      rules.push(
        !s.tls && rule('Is this the protocol the port expects (TLS or not)?', 'a server that gets the wrong protocol often closes at once'),
        rule(`Check the server log at ${s.when} for why it closed (allow-lists, connection limits)`, 'the FIN came from the application, before any exchange'),
        !s.conv?.fin && rule('Capture to see who sent the FIN and when', s.capture ? 'the capture did not show the FIN' : 'the check saw the connection end, not the packets', me('check', target, '--capture')),
      );
      break;
    case 'tls-error':
      rules.push(...tlsAdvice(s, s.tls?.evidence, rule));
      break;
    case 'open':
      // Open, but part of the path fails (story-open-but.ts): the advice is about that part.
      if (s.has('idle-timeout')) {
        rules.push(...idleAdvice(idleTimeoutIn(a.findings), rule));
        break;
      }
      if (s.has('addresses-disagree')) {
        rules.push(
          rule('Check each address of the name on its own (the addresses above): bring the service up on the failing one, or take it out of DNS', 'a client that tries the failing address first fails, whatever this check reached', undefined, [{ finding: 'addresses-disagree' }]),
          rule('Does the client fall back to the next address? Many do not (or try IPv6 first)', 'with fallback the name works, without it only sometimes', undefined, [{ finding: 'addresses-disagree' }]),
        );
        break;
      }
      rules.push(
        rule('Does the client connect to this same host and port (config, DNS, proxy settings)?', 'from here the port answers'),
        rule("Read the application's own error (authentication, protocol, TLS)", 'nothing went wrong at the TCP level'),
        rule('Intermittent? From the client machine itself, watch it over time (a share of failures, a resent SYN, one bad address show there)', 'one good check does not rule out a flaky path', me('watch', target)),
      );
      break;
  }
  return rules.filter((r): r is Rule => Boolean(r)).map((r) => ({ text: r.text, because: r.because, cites: r.cite ?? [], ...(r.command ? { command: r.command } : {}), ...(r.settings?.length ? { settings: r.settings } : {}) }));
}

/** An idle timeout: stay below it (where to set that, from the hold's finding), or have it raised by whoever owns it. */
function idleAdvice(idle: IdleTimeoutDetail | undefined, rule: RuleOf): Rule[] {
  const cite: StoryAdvice['cites'] = [{ finding: 'idle-timeout' }];
  const below = idle?.keepaliveS !== undefined ? `every ${idle.keepaliveS} s or sooner` : 'more often than the timeout';
  if (idle?.by === 'closed') {
    const within = idle.keepaliveS !== undefined ? `within ${idle.keepaliveS} s of silence` : 'before the timeout';
    return [
      { ...rule(`Keep clients from reusing a connection the server has closed: send something ${within}, or drop the connection before then`, 'the server closes a connection that stays idle longer', undefined, cite), settings: idle.advice },
      rule("Or raise the server's own idle timeout (its keepalive or wait timeout: MySQL wait_timeout, PostgreSQL idle_session_timeout, nginx keepalive_timeout)", "the timeout is the server's to set", undefined, cite),
    ];
  }
  return [
    { ...rule(`Keep connections from idling that long: TCP keepalive (or the client's own keepalive) ${below}`, 'a middlebox on the path forgets flows that stay idle longer', undefined, cite), settings: idle?.advice },
    rule('Or ask the network team to raise the idle timeout of that firewall, NAT or load balancer for this service', 'the timeout is theirs to set', undefined, cite),
  ];
}

function tlsAdvice(s: Seen, t: TlsEvidence | undefined, rule: RuleOf): Rule[] {
  const name = t?.checkedName ?? s.host;
  if (s.has('pmtu-blackhole')) {
    const here = s.connect?.evidence?.localAddress;
    return [
      // The full-size packets that vanish are the server's, on their way here: measure that direction, from the server.
      here
        ? rule(`Confirm the path MTU from the server towards this machine (${here}), the way the big packets travel; on the server`, 'full-size packets from the server vanish and small ones pass', shellLine(['tracepath', '-n', here]), [], true)
        : rule('Confirm the path MTU from the server towards this machine, the way the big packets travel (on the server: tracepath -n, or ping -M do -s 1472 and then smaller sizes, to this machine\'s address)', 'full-size packets from the server vanish and small ones pass'),
      rule('Which firewall between you drops ICMP type 3 code 4 (or ICMPv6 type 2)? The VPN gateway is the usual suspect', 'the ICMP that would shrink the packets never arrives'),
      rule('Meanwhile, a client-side workaround: lower the MTU of your VPN interface', 'smaller segments get through'),
    ];
  }
  const out: Rule[] = [rule('Look at the certificate and the handshake yourself', 'it shows the alert or the certificate the server sends', shellLine(['openssl', 's_client', '-connect', s.hp, '-servername', name]))];
  if (t?.result === 'untrusted' || s.has('tls-name-mismatch')) out.push(rule('Check the name, the expiry date and the chain (is an intermediate missing? an internal CA: --ca FILE)', 'the certificate is not accepted here'));
  if (t?.result === 'protocol-mismatch') out.push(rule('Compare TLS versions: upgrade the server, not the client', 'no common version or cipher'));
  if (t?.result === 'timeout' && !s.has('pmtu-blackhole')) out.push(rule('Stalled with no answer? If a smaller MSS gets through, ask for ICMP "fragmentation needed" / Packet Too Big to be allowed, or MSS clamping on the VPN gateway', 'nothing came back after the ClientHello'));
  return out;
}

/** The port's neighbours and the usual suspects, each once: `5431-5433,22,80,443`, or `21-23,80,443` for 22. */
function neighbourPorts(port: number): string {
  const lo = Math.max(1, port - 1);
  const hi = Math.min(65535, port + 1);
  return [`${lo}-${hi}`, ...[22, 80, 443].filter((p) => p < lo || p > hi)].join(',');
}
