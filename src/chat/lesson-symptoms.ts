/**
 * Symptoms as evidence for a lesson: what people describe when they do not know the subject's
 * name. "It connects, then hangs on big transfers" is a path-MTU blackhole; "drops after being
 * idle" is an idle timeout (keepalive); "one second longer" is a lost SYN retransmitted; "how long
 * to notice the peer died" is retransmission and keepalive. Each rule needs every one of its
 * patterns (a symptom AND its circumstance), so one everyday word ("hangs", "large") says nothing
 * alone. These are everyday words: they count only in a message about networking.
 *
 * Patterns run on cueText (lower case, `_`/`-` as spaces). Bounded: `.{0,N}` gaps only.
 */

/** A symptom rule: every pattern must match; the lessons it points at, with weights. */
interface SymptomRule {
  all: readonly RegExp[];
  lessons: Readonly<Record<string, number>>;
}

/** Stopped dead, not merely slow. */
const STALLS = /\b(?:hang|hangs|hung|hanging|freez\w*|froze|frozen|stall\w*|stuck|stops? (?:responding|loading|moving|there)|never (?:finish|complete|load)\w*|just sits?|waits? forever)\b/;
/** Much data in one go: bulk transfers, big answers, pasted text, long output. */
const BULK = /\b(?:large|big|bigger|huge|lots? of (?:output|data|text)|a lot of (?:output|data|text)|bulk|paste\w*|more than a (?:few|couple of) lines|scp|sftp|rsync|file transfers?|copy\w* (?:a |the )?(?:\d+ ?[gmk]i?b )?files?|downloads?|uploads?|git (?:pull|clone|push|fetch)|repo\w*|images?|style ?sheets?|content|whole page|response bodies|body|of any size|\d+ ?[gm]b files?|(?:a )?(?:bunch|lot|lots|loads) of (?:results|output|data|text|lines))\b/;
/** The start worked: the connection, the login, the handshake, small things. */
const STARTED = /\b(?:connects?|connected|authenticat\w*|log(?:s|ged)? ?in|logging on|login (?:works|succeeds)|handshake (?:works|completes|succeeds)|headers?|small (?:ones|files|requests|packets|pages|transfers|things) (?:work|are fine|go through)|ping works|initial authentication)\b/;
const TUNNEL = /\b(?:vpn|tunnel\w*|ipsec|wireguard|openvpn|gre|pppoe|overlay|vxlan|over (?:it|the link|the vpn))\b/;

/** The connection ended or stopped answering. */
const DIED = /\b(?:disconnect\w*|drops?|dropped|dropping|dies|died|dead|killed|closes|closed|time[sd]? ?out|timing out|freez\w*|hangs?|broken|resets?|gone|lost|kicked)\b/;
/** …after nothing was sent for a while. */
const IDLE = /\b(?:idl(?:e|es|ed|ing)|inactiv\w*|(?:lack of|no|without any|without) (?:any )?activity|nothing (?:is )?(?:sent|happening|going on)|unused|(?:go|went|going|step) (?:away|for (?:coffee|lunch))|after (?:a (?:while|period(?: of time)?|few (?:minutes|hours))|some time|\d+ ?(?:min\w*|hours?|h)|lunch|the weekend|the night)|overnight|exactly \d+ (?:minutes|hours|seconds))\b/;
/** Dropped at a fixed age ("dies at 5 minutes", "disconnects every 60 minutes"): an idle timer somewhere; a connect that times out after two minutes is not this. */
const DROPPED_AT = /\b(?:disconnect\w*|drops?|dropped|dies|died|killed|closes|closed|resets?|kicked)\b.{0,30}\b(?:at|after|every) (?:exactly )?(?:\d+|one|two|three|four|five|ten|fifteen|thirty) ?(?:min\w*|hours?)\b/;
/** A long-lived session that keeps failing on its own. */
const SESSION = /\b(?:ssh|sessions?|telnet|rdp|putty|terminal|connection pool\w*|pooled connections?|database connections?|websockets?|long lived connections?)\b/;
const UNPROMPTED = /\b(?:keeps? (?:disconnect|drop|dying|timing|clos)\w*|(?:disconnect|drop|die|time out|freez|clos)\w* (?:randomly|unexpectedly|for no (?:apparent |obvious )?reason|automatically|by itself|on (?:its|their) own)|unexpectedly (?:time[sd]? out|disconnect\w*|drop\w*|clos\w*)|automatically disconnect\w*|(?:disconnect|drop)\w* (?:all the time|every (?:few|\d+)))\b/;

/** Noticing that the other end is gone. */
const NOTICE = /\b(?:detect\w*|notice\w*|find out|realis\w*|realiz\w*|aware|learn\w*|know)\b.{0,40}\b(?:died|dead|disconnect\w*|gone|down|crash\w*|unplugged|lost|broken|went away|disappear\w*|vanish\w*)\b|\b(?:dead|stale|zombie|orphan\w*|ghost) (?:remote )?(?:connections?|peers?|sockets?|sessions?)\b/;

const TIMED = /\b(?:one|1|three|3) (?:extra )?seconds? (?:longer|slower|delay\w*|extra|more|late)\b|\bexactly (?:one|1|three|3) seconds?\b|\b(?:1|3) ?s(?:ec)? (?:spikes?|delays?|stalls?)\b|\bwhy (?:one|1|three|3) seconds?\b/;
const SHARE = /\b\d+ ?\/ ?\d+ (?:times|requests|attempts|tries|calls)\b|\b\d+ (?:\w+ )?(?:in|out of) (?:a |an |every )?\d+\b|\b\d+(?:\.\d+)? ?% of (?:the )?(?:requests|connections|calls|attempts|time|queries)\b|\b(?:some|a few|many) of (?:the|our|my) (?:requests|connections|calls|queries)\b|\b(?:only )?(?:some|half) (?:of the )?times?\b/;
const WORKS_FOR_SOME = /\bworks? for (?:me|some|others|him|her|them)\b/;
const FAILS = /\b(?:hang\w*|hung|freez\w*|froze|stall\w*|fail\w*|error\w*|doesn'?t work|not work\w*|broken|time[sd]? ?out|timeouts?|refus\w*|resets?)\b/;
const RANDOM = /\brandom(?:ly)?\b/;

const HOST_GONE = /\b(?:dead (?:host|server|machine|peer)|powered off|turned off|switched off|shut ?down|offline|unavailable|not (?:running|reachable|there|up)|does(?: not|n'?t) exist|non ?existent|is down|goes down|went down|unplugged)\b/;
const LONG_WAIT = /\b(?:hang\w*|hung|(?:a )?long time|takes? (?:so |too |very )?long|\d+ (?:minutes|seconds)|wait\w*|time[sd]? ?out|timeouts?|longer than expected|forever)\b/;

const ABOUT_40MS = /\b(?:40|200) ?(?:ms|msec|millis(?:econds?)?)\b/;
const SMALL_CALL = /\b(?:small|tiny|short|basic|simple|each|every) (?:\w+ ){0,3}(?:requests?|calls?|messages?|writes?|strings?|payloads?|responses?|queries)\b|\bping (?:of|is|was) \d/;
const TENS_OF_MS = /\b\d{2,3}(?:\.\d)? ?(?:ms|milliseconds?)\b/;

const REOPEN = /\b(?:re ?open\w*|re ?bind\w*|re ?start\w*|re ?launch\w*|bring (?:it )?back up|run (?:it )?again)\b/;
const LOCAL_END = /\b(?:port|socket|address|listener|server port|bind|listen\w*)\b/;
const RIGHT_AWAY = /\b(?:right away|immediately|at once|straight away|quickly)\b/;

const SIZE_OF_PACKET = /\b(?:mss|mtu|packet size|segment size|frame size)\b/;

const FROM_ELSEWHERE = /\bfrom (?:home|outside|another (?:network|machine|subnet|site|office|vlan)|the internet|a different (?:network|machine|subnet|site)|my (?:laptop|app|phone|pc|computer|machine)|other (?:machines|networks|sites)|(?:the )?(?:office|work)|a remote (?:site|office))\b|\bat work\b.{0,80}\bfrom home\b/;
const CANNOT = /\b(?:can'?t|cannot|can not|unable|not able|fail\w*|doesn'?t work|won'?t|couldn'?t|no (?:access|connection))\b/;
const RULES = /\b(?:write|add\w*|creat\w*|open\w*|need)\b.{0,20}\b(?:a |the |an )?(?:firewall |inbound |outbound )?rules?\b|\brules? for (?:each|every|the) port\b|\b(?:inbound|outbound|ingress|egress) (?:rules?|traffic)\b/;

const BY_NAME = /\b(?:by|using|with) (?:the |its )?(?:host ?|domain |dns )?names?\b.{0,40}\b(?:fail\w*|doesn'?t|not|broken|error)\b|\b(?:by|using) (?:the |its )?(?:ip|address|ip address)\b.{0,30}\bworks?\b/;

const PORT_STATUS = /\b(?:check|test|verify|see|find out|know|tell|confirm|determine)\b.{0,30}\b(?:status of |whether |if |which |what )?(?:a |the |my |that )?(?:given |remote |specific |particular |tcp )?ports?\b.{0,40}\b(?:open|reachable|listening|remote|up|on (?:a |the )?(?:remote |given )?(?:host|server|machine))\b/;

const BUFFER_FULL = /\b(?:receive|recv|rcv|socket|tcp|read) buffers? (?:is |are |gets? |getting )?(?:full|filling|fills|filled)\b|\bbuffers? (?:is |are )?full\b/;

const MANY_SHORT = /\b(?:rapidly|quickly) (?:opened|created) and closed\b|\b(?:open\w*|creat\w*) and clos\w* (?:many|lots of|thousands of|\d{3,})\b|\b\d{3,} (?:sockets|connections) (?:are |were )?(?:rapidly |quickly )?(?:opened|created)\b|\b(?:many|lots of|lot of|thousands of|a lot of) (?:short ?liv\w*|short|brief|new) connections\b|\bshort ?liv\w* connections\b/;

/** Data in flight on an open connection (not the SYN of a connect). */
const IN_FLIGHT = /^(?!.*\bsyn\b).*\b(?:acks?|segments?|sender|acknowledg\w*|in flight|unacknowledged|sequence numbers?)\b/;
const LOST = /\b(?:lost|loss|dropped|drops|time[sd]? ?out|timeouts?|times out|never arrives?|goes missing)\b/;
/** After the close: segments of the old connection still wandering the network. */
const AFTER_CLOSE = /\b(?:terminat\w*|closed|last ack|after (?:the )?close)\b/;
const LATE_SEGMENTS = /\b(?:lost|delayed|duplicat\w*|wander\w*|stray|old|late|after a long delay)\b.{0,40}\b(?:segments?|packets?|acks?)\b|\b(?:acks?|segments?) (?:is |are )?(?:lost|delayed|duplicat\w*)\b/;
/** Packets that carry no data on an open connection: keepalive probes, window probes, pure ACKs. */
const NO_DATA = /\b(?:data ?less|empty|zero (?:length|byte)|without (?:any )?(?:data|payload)|no (?:data|payload)) (?:tcp )?(?:packets?|segments?|probes?)\b/;
/** A timer that ran out (a device's keep-alive timer, a session timer). */
const TIMER_RAN_OUT = /\btimers? (?:expir\w*|ran out|runs out|fire[sd]?)\b|\bexpir\w* (?:of )?(?:the )?timers?\b|\btimer expir\w*/;
/** The service itself is fine ("my web server is up"), yet clients cannot connect. */
const SERVICE_UP = /\b(?:server|service|site|app|daemon|port|it) (?:is |was )?(?:up|running|listening|fine|working|reachable locally|works locally)\b/;

const RULES_TABLE: readonly SymptomRule[] = [
  { all: [IN_FLIGHT, LOST], lessons: { retransmission: 3 } },
  { all: [AFTER_CLOSE, LATE_SEGMENTS], lessons: { 'time-wait': 4 } },
  { all: [NO_DATA], lessons: { keepalive: 3, 'flow-control': 2 } },
  { all: [TIMER_RAN_OUT, DIED], lessons: { keepalive: 2 } },
  { all: [CANNOT, /\bconnect\w*\b/, SERVICE_UP], lessons: { firewalls: 2, timeouts: 1 } },
  { all: [STALLS, BULK], lessons: { pmtu: 3 } },
  { all: [STALLS, STARTED], lessons: { pmtu: 2 } },
  { all: [TUNNEL, STALLS], lessons: { pmtu: 2 } },
  { all: [/\bsmall\b.{0,60}\b(?:work|fine|ok|go through)\w*\b.{0,80}\b(?:large|big)\b|\b(?:large|big)\b.{0,60}\b(?:fail|hang|stall)\w*\b.{0,60}\bsmall\b/], lessons: { pmtu: 3 } },
  { all: [DIED, IDLE], lessons: { keepalive: 3 } },
  { all: [DROPPED_AT], lessons: { keepalive: 3 } },
  { all: [SESSION, UNPROMPTED], lessons: { keepalive: 2 } },
  { all: [NOTICE], lessons: { retransmission: 3, keepalive: 2 } },
  { all: [/\b(?:still|stay\w*|remain\w*|shows?|showed) (?:in )?(?:the )?established\b|\bestablished\b.{0,60}\b(?:dead|should (?:have been|be) (?:dead|closed|gone))\b/], lessons: { keepalive: 2 } },
  { all: [TIMED], lessons: { intermittent: 4 } },
  { all: [SHARE], lessons: { intermittent: 3 } },
  { all: [WORKS_FOR_SOME, FAILS], lessons: { intermittent: 2 } },
  { all: [RANDOM, FAILS], lessons: { intermittent: 3 } },
  { all: [/\b(?:any ?one|a single|one) (?:of (?:the|our) )?(?:servers?|nodes?|backends?|instances?|replicas?) (?:goes|is|went|being|fails|dies)\b/], lessons: { intermittent: 3 } },
  { all: [HOST_GONE, LONG_WAIT], lessons: { timeouts: 2 } },
  { all: [/\bdefault\b.{0,30}\b(?:connect(?:ion)?|syn|tcp)\b.{0,20}\btime ?outs?\b|\bconnect(?:ion)? time ?outs?\b/], lessons: { timeouts: 2 } },
  { all: [ABOUT_40MS], lessons: { nagle: 3 } },
  { all: [TENS_OF_MS, SMALL_CALL], lessons: { nagle: 2 } },
  { all: [REOPEN, LOCAL_END, RIGHT_AWAY], lessons: { 'time-wait': 3 } },
  { all: [/\bonly one usage of each socket\b|\bwsaeaddrinuse\b|\b10048\b/], lessons: { 'time-wait': 4 } },
  { all: [MANY_SHORT], lessons: { 'time-wait': 2 } },
  { all: [SIZE_OF_PACKET], lessons: { pmtu: 2 } },
  { all: [FROM_ELSEWHERE, CANNOT], lessons: { firewalls: 2 } },
  { all: [RULES], lessons: { firewalls: 2 } },
  { all: [/\bsome (?:applications|apps|programs|ports|services|sites|websites|protocols)\b.{0,40}\bbut not (?:others|all|the others|other \w+)\b/], lessons: { firewalls: 3 } },
  { all: [BY_NAME], lessons: { dns: 3 } },
  { all: [PORT_STATUS], lessons: { toolkit: 3 } },
  { all: [BUFFER_FULL], lessons: { 'flow-control': 4 } },
];

/** Each lesson's symptom score for `t` (cueText form). */
export function symptomScores(t: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const rule of RULES_TABLE) {
    if (!rule.all.every((re) => re.test(t))) continue;
    for (const [lesson, w] of Object.entries(rule.lessons)) out.set(lesson, (out.get(lesson) ?? 0) + w);
  }
  return out;
}
