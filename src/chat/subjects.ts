/**
 * What a message is about: networking, some other subject, or neither. Off-topic needs evidence
 * of another subject (a recipe, the weather, a Python list, a spreadsheet, a poem, a dog), never
 * merely the absence of known words; a text that uses networking's own words (ssh, VPN, port,
 * firewall, packets, MTU, socket, tcpdump…) is never off-topic, whatever else it mentions. Words
 * that networking shares with everyday life (server, connection, reset, session, delay, hangs,
 * 200 ms, the page) count for networking only when no other subject is named ("reset my password
 * at the bank" is not about RST). Lower case, `_`/`-` folded to spaces. Pure.
 */

import { withEnglish } from './glossary.js';

/** Networking's own words: one is enough. */
const NETWORK = new RegExp(
  String.raw`\b(?:tcp|udp|ip|ipv[46]|icmp|http|https|tls|ssl|ssh|sshd|dns|port|ports|socket\w*|packet\w*|syn|ack|rst|fin|ecn|mtu|mss|firewall\w*|iptables|nftables|ufw|nat|vpn|proxy|proxies|router|routing|gateway|latency|bandwidth|throughput|timeouts?|timed out|time out|timing out|times out|refused|handshake|keep ?alives?|nagle|nodelay|retransmi\w*|ping|pings|pinging|traceroute|tracert|mtr|tcpdump|wireshark|tshark|pcap|nmap|netcat|nc|ncat|telnet|curl|wget|netstat|ss|lsof|certificates?|cert|nxdomain|getaddrinfo|nslookup|dig|resolvers?|systemd resolved|resolv\.conf|econn\w*|etimedout|eaddrinuse|ehostunreach|enetunreach|backlog|ethernet|wifi|wi fi|lan|wan|subnet|vlan|bgp|quic|websockets?|load ?balancers?|nginx|haproxy|envoy|docker|kubernetes|k8s|kubectl|postgres\w*|psql|mysql|redis|mongo\w*|kafka|rabbitmq|internet|localhost|hostnames?|ip address\w*|time ?wait|close ?wait|so reuse\w*|reuseaddr|tunnel\w*|ipsec|wireguard|openvpn|scp|sftp|rsync|ftp|smtp|imap|pop3|mail ?servers?|mailserver|rdp|remote desktop|winsock|netbios|git (?:pull|clone|push|fetch)|apt(?: get)? (?:update|install)|pip install|npm install|docker pull|downloads?|downloading|uploads?|uploading|web ?pages?|web ?sites?|web ?servers?|web ?hooks?|browsers?|urls?|cdn|ddos|nic|wlan|dhcp|arp|multicast|broadcast)\b`,
);

/** Words networking shares with everyday life: they count only when no other subject is named. */
const SHARED = new RegExp(
  String.raw`\b(?:connect\w*|disconnect\w*|network\w*|servers?|clients?|hosts?|listen\w*|bind|idle|resets?|established|reachable|unreachable|endpoints?|upstream|peers?|api|apis|database|databases|db|route|routes|sessions?|requests?|responses?|remote|services?|links?|hang|hangs|hanging|hung|freez\w*|froze|stall\w*|stuck|delays?|delayed|lag\w*|slow\w*|\d+ ?ms|millisecond\w*|drops?|dropped|dropping|pages?|sites?|outages?|paged|e ?mails?|mail|online|offline|down|downtime|flak\w*|intermittent\w*|transfers?|bytes|speed|upgrade|sometimes (?:it )?works?|randomly)\b`,
);

/**
 * Another subject: food and cooking, weather, health, animals, gardening, homework maths,
 * programming that is not about the network (lists, strings, CSS, git merges, spreadsheets), the
 * app's own look (fonts, themes, PDFs), writing and the arts, sports, travel, money, family,
 * history and politics, cars, shopping.
 */
const OTHER = new RegExp(
  String.raw`\b(?:recipes?|cook\w*|bak(?:e|ed|es|ing)|oven|eggs?|chocolate|flour|sugar|butter|cheese|pasta|soup|salad|sandwich\w*|pizza|dinner|breakfast|meals?|cast iron|skillet|frying pan|spices?|tomato\w*|vegetables?|fruits?|wine|beer|chewy|crunchy|` +
    String.raw`weather|rain\w*|snow\w*|sunny|forecast\w*|umbrella|` +
    String.raw`doctor|medicine|headache|fever|allerg\w*|diet|weight loss|workout|vitamins?|` +
    String.raw`dogs?|puppy|puppies|kittens?|cats|pets?|horses?|birds?|vet|` +
    String.raw`garden\w*|plants?|flowers?|lawn|seeds?|soil|` +
    String.raw`derivative\w*|integrals?|calculus|equations?|algebra|probability|dice|theorem|fractions?|geometry|triangles?|differentiate|product rule|homework|` +
    String.raw`reverse a list|python lists?|(?:a |the )?list in python|lists? of numbers|strings? (?:to|into) (?:an? )?(?:int|integer|number)|numberformatexception|arrays?|console ?\.? ?log|css|div|margin|center (?:a|an|the) (?:div|element|text|image)|regex\w*|recursion|merge conflicts?|git (?:merge|rebase|commit|branch)|rebase|excel|vlookup|hlookup|spreadsheets?|formulas?|pivot tables?|powerpoint|word document|` +
    String.raw`fonts?|themes?|dark mode|light mode|pdfs?|markdown|notes|` +
    String.raw`poems?|poetry|poets?|novels?|essays?|lyrics|songs?|music|guitar|piano|painting|drawing|movies?|films?|tv shows?|netflix|` +
    String.raw`football|soccer|basketball|baseball|tennis|world cup|olympics|` +
    String.raw`hotels?|vacation|holidays?|road trips?|visa|passport|capital of|` +
    String.raw`stocks?|invest\w*|mortgage|loans?|tax(?:es)?|salary|bank|money|price|` +
    String.raw`girlfriend|boyfriend|wife|husband|marriage|wedding|birthday|dating|babies|baby|kids|parenting|` +
    String.raw`president|election|history|king|queen|religion|bible|` +
    String.raw`(?:morning |daily )?routines?|remote (?:work|working|teams?|workers?)|tires?|oil change|brakes?|cars?|trucks?|engine light|check engine|motorcycles?|railway|trains? (?:to|from|station)|shoes?|dress|shirt|jokes?|riddles?|meaning of life|ocean)\b`,
);

// The glossary's English of other languages' terms counts as words said ("ネットワーク" is network).
const fold = (text: string) => ` ${withEnglish(text).toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ')} `;

/** True when the text uses one of networking's own words. */
export function networkWords(text: string): boolean {
  return NETWORK.test(fold(text));
}

/** The other subject the text names, if any ("recipe", "excel", "dog"). */
export function otherSubject(text: string): string | undefined {
  return OTHER.exec(fold(text))?.[0];
}

/**
 * True when the text is about networking: it uses networking's own words, or words it shares
 * with everyday life ("the page hangs", "a 200 ms delay") and names no other subject.
 */
export function aboutNetworking(text: string): boolean {
  const t = fold(text);
  return NETWORK.test(t) || (SHARED.test(t) && !OTHER.test(t));
}

/** True when the text names another subject and none of networking's own words: off-topic. */
export function aboutSomethingElse(text: string): boolean {
  const t = fold(text);
  return !NETWORK.test(t) && OTHER.test(t);
}
