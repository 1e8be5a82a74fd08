/**
 * Which lesson a question is about, from three kinds of evidence: a table of phrase scores per
 * lesson (the names people give a subject: strong cues 3–5, plain 2, hints 1; a lesson's synonyms
 * count once fully, then half), symptoms (lesson-symptoms.ts: what people describe when they do not
 * know the subject's name), and the lessons' own text (lesson-text.ts, BM25). Symptoms, everyday
 * words and the text count only in a message about networking (subjects.ts); subjects no lesson
 * covers (Wi-Fi, BGP, QUIC…) and trivia next to TCP (which port a product uses, header sizes, the
 * OSI model) are discounted. Below {@link MIN_LESSON_SCORE} of phrase evidence, and
 * without a strong match in the lessons' text, no lesson covers the question and the caller says
 * so instead of answering from an unrelated one. Tuned on test/fixtures/chat-train/ (train), the
 * older sets and r3–r7. Where these rules are not strong, or the learned model (lesson-model.ts) is
 * very sure, `lessonOf` lets the model name the lesson, as scripts/train-lesson-model.ts chose by
 * leave-one-set-out.
 * Pure once the lessons' text model is built.
 */

import { aboutNetworking } from './subjects.js';
import { sharedLessonText } from './lesson-text.js';
import { symptomScores } from './lesson-symptoms.js';
import { withEnglish } from './glossary.js';
import { activeLessonModel, combine, predict, replayedRules, type Combination, type LessonModel, type RulesSaid } from './lesson-model.js';

/** Every lesson id the chat and `ask` answer from (old and new). */
export const LESSON_IDS = [
  'handshake', 'socket-states', 'time-wait', 'rst', 'timeouts', 'firewalls', 'dns', 'tls', 'pmtu', 'ecn', 'syn-floods', 'toolkit',
  'intermittent', 'keepalive', 'retransmission', 'flow-control', 'nagle', 'slow-transfers',
] as const;
export type LessonId = (typeof LESSON_IDS)[number];

/**
 * A pattern, its weight, and its kind: everyday words ("sometimes", "slow") count only in a message
 * about networking; a tool's name ("Wireshark", "curl") is the means, not the subject, when the
 * message also names a subject ("Wireshark Dup ACK" is retransmission's, "curl times out" timeouts').
 */
type Cue = [RegExp, number, ('everyday' | 'tool')?];

/** A subject named this strongly makes a tool's name in the same message only a hint. */
const SUBJECT_OVER_TOOL = 2;
const TOOL_HINT = 1;

/** Phrase scores per lesson. Patterns run on lower-case text with `_`/`-` folded to spaces. */
const CUES: Record<LessonId, Cue[]> = {
  handshake: [
    [/\b(?:last|final|third) ack\b.{0,40}\bhandshake\b|\bhandshake\b.{0,40}\b(?:last|final|third) ack\b|\back (?:that is |which is )?one (?:larger|more|bigger|higher)\b|\b(?:sequence|ack(?:nowledgement)?) numbers? (?:plus|\+) ?1\b/, 5],
    [/\b(?:three|3) ?way handshak\w*|\b(?:three|3) ?way\b.{0,20}\b(?:two|2) ?way\b|\bhandshak(?:e|es|ing)\b|\bshak\w* hands?\b|\[s\.?\]|\bflags \[/, 3],
    [/\bsyn ?ack\b|\bsyn,? (?:and )?ack\b|\bsyn\b.*\back\b/, 2],
    [/\b(?:establish\w*|opening|opens|set ?up) (?:a |the )?(?:tcp )?connection|connection establishment|\btcp options\b/, 2],
    [/\bsequence numbers?\b|\binitial sequence\b|\bisn\b(?!')/, 2],
    [/\bwhat is (?:the )?tcp(?: protocol)?\s*\??\s*$|\bhow (?:does|do) tcp\b|\btcp (?:basics|work)|\btcp vs\.? udp\b|\b(?:between )?tcp and udp\b|\budp and tcp\b|\budp\b.{0,30}\btcp\b|\btcp\b.{0,30}\budp\b|\b(?:syn|ack|fin|rst|psh|urg) (?:flag|bit)s?\b|\bconnection oriented\b/, 2],
    [/\bsyn\b/, 1],
  ],
  'socket-states': [
    [/\bclose wait\b|\bfin wait ?[12]?\b|\blast ack\b|\bsyn recv\b|\bclosing state\b/, 3],
    [/\b(?:socket|connection|tcp) states?\b|\bstate (?:diagram|machine)\b|\bestablished state\b|\blisten(?:ing)? state\b/, 3],
    [/\brecv ?q\b|\bsend ?q\b|\b(?:close|closes|closing|terminat\w*|tear\w* down|teardown)\b(?: (?:a|the))?(?: tcp)? connections?\b|\bconnection (?:close|termination|teardown)\b|\bhow (?:does )?tcp close\b/, 3],
    [/\bhalf ?closed\b|\bhalf ?open\b|\bfour ?way\b|\b4 ?way\b|\bfin\b.*\bclose\b|\bclose\(\)/, 2],
    [/\blisten(?:ing)? sockets?\b|\bwhich (?:process|program|app)\b[^?]*\b(?:listen|is using|uses|owns|holds|is bound)|\bwhat(?:'s| is) (?:running |listening )?on (?:my|this|the) (?:box|machine|server|host)\b|\blisten\w* on (?:a |the )?port\b|\bss command\b|\bget netstcpconnection\b/, 4],
    [/\bstates? (?:on|in)\b|\b(?:socket|connection) status\b|\bstatus of (?:the |a |my )?(?:socket|connection)s?\b/, 2],
    [/\b(?:ss|netstat)(?: -\w+)? output\b|\bread\w* (?:the )?(?:ss|netstat)\b/, 4],
    [/\b(?:netstat|ss)\b.{0,40}\blisten\w*|\blisten\w*\b.{0,30}\b(?:netstat|ss)\b|\bwhat does\b.{0,30}\b(?:listen\w*|established|syn sent)\b.{0,10}\bmean\b/, 5],
    [/\bestablished\b|\bnetstat\b.*\bstate|\bss\b.*\bstate/, 1],
    [/\bsystem calls?\b|\bsyscalls?\b/, 2],
  ],
  'time-wait': [
    [/\btime ?wait\b|\bso reuse ?(?:addr|port)\b|\breuse ?addr\b|\breuseport\b|\btcp tw (?:reuse|recycle)\b/, 4],
    [/\baddress already in use\b|\beaddrinuse\b|\bport (?:is )?already in use\b|\bcannot bind\b|\bbind fail\w*\b|\bfail\w* to bind\b/, 3],
    [/\bport exhaustion\b|\bephemeral ports?\b|\b(?:anonymous|client|source|local) ports?\b.{0,40}\b(?:reached|exhaust\w*|run(?:s|ning)? out|used up|limit)\b|\brun(?:s|ning)? out of (?:local |source )?ports\b|\b2 ?msl\b|\bcannot assign requested address\b/, 3],
    [/\brestart\w*\b.*\b(?:bind|port)\b/, 1],
  ],
  rst: [
    [/\breset by peer\b|\beconnreset\b|\bconnection (?:was )?reset\b|\brst\b|\bresets?\b/, 3],
    [/\bconnection refused\b|\beconnrefused\b|\brefused\b|\bactively refused\b/, 3],
    [/\bclosed port\b|\bport (?:is )?closed\b|\bwhich flag\b|\bchallenge ack\b/, 3],
    [/\bbroken pipe\b|\bepipe\b|\bso linger\b|\bforcibly closed\b|\babort(?:ed|ive) close\b/, 2],
  ],
  timeouts: [
    [/\bsyn sent\b|\bsyn retr(?:y|ies)\b|\btcp syn retries\b|\bsyn (?:is )?(?:re)?sent\b/, 3],
    [/\btimed? ?out\b|\btiming out\b|\btimes out\b|\btimeouts?\b|\betimedout\b|\bconnect timeout\b|\bconnection timeout\b/, 2],
    [/\bhangs?\b|\bhanging\b|\bstuck\b.*\bconnect|\bnever (?:connects|answers)\b|\bno (?:answer|response)\b/, 1, 'everyday'],
    [/\b(?:lost|loss of|dropped|missing) (?:the )?syns?\b|\bsyns? (?:packets? )?(?:are |get |were |being |are being |keep getting )?(?:loss|lost|dropped)\b|\bunanswered syn\b|\bgives? up\b|\b(?:nobody|nothing|no one) answers\b|\bno (?:answer|reply) to (?:my |the )?syn\b|\btakes? (?:\w+ ){0,2}(?:minutes?|seconds?) to (?:fail|time ?out|give up)\b/, 3],
    [/\b127 ?s(?:econds)?\b/, 1],
  ],
  firewalls: [
    [/\bbehind (?:a |the |our )?(?:[\w.]+ ){0,3}firewall\b/, 4],
    [/\bfirewall\w*\b|\biptables\b|\bnftables\b|\bnft\b|\bufw\b|\bfirewalld\b|\bsecurity groups?\b|\bacls?\b/, 3],
    [/\bdeep packet inspection\b|\bdpi\b|\bips\b|\bids\b|\bpacket filter\w*|\bcontent filter\w*|\basymmetric routing\b|\bstateful\b|\bstateless\b/, 3],
    [/\bdrop\b.*\breject\b|\breject\b.*\bdrop\b|\bport (?:is )?(?:blocked|filtered)\b|\bfiltering\b|\bfiltered\b|\b(?<!non )block(?:ed|ing|s)?\b(?! (?:on|until|forever|waiting|mode|calls?|i\/?o|reads?|sockets?)\b)/, 2],
    [/\bnat\b|\bport forward\w*\b|\bforward(?:ed|ing)? (?:a |the |my )?ports?\b|\bport blocked\b|\bconntrack\b|\bdnat\b|\bmasquerade\b|\bopen (?:a |the )?port\b|\boutside\b.*\bconnect|\bfrom (?:outside|the internet)\b/, 2],
    [/\bnever (?:reaches|arrives|gets back)\b|\bleaves the server\b/, 3],
    [/\bicmp\b.*\bprohibited\b|\bno route to host\b/, 1],
    [/\bping (?:works|passes|is fine|succeeds|goes through)\b.{0,40}\bno route to host\b|\bping\b.{0,30}\bno route to host\b.*\bworks but\b/, 3],
    [/\bicmp\b.{0,40}\bunreachable\b|\bunreachable (?:icmp )?messages?\b/, 2],
  ],
  dns: [
    [/\bresolv\w*\b/, 3, 'everyday'],
    [/\bdns\b|\bnxdomain\b|\bresolv\.?conf\b|\bresolver\w*\b|\bnslookup\b|\bdig\b|\bgetaddrinfo\b|\beai again\b|\bname resolution\b|\bname or service not known\b/, 3],
    [/\bhosts? file\b|\b\/etc\/hosts\b|\bhost ?name\b.*\b(?:not found|resolve|lookup)|\bunknown ?host\b|\bhost not found\b/, 2],
    [/\blookups?\b/, 2, 'everyday'],
  ],
  tls: [
    [/\bclient ?hello\b|\bserver ?hello\b|\bhello message\b|\btls\b|\bssl\b|\bx509\b|\bcertificates?\b|\bcerts?\b|\bsni\b|\balpn\b|\bs client\b|\bhttps\b|\bciphers?\b|\bself ?signed\b/, 4],
    [/\bhandshake alert\b|\bprotocol version\b|\bca bundle\b|\bchain\b.*\bverif/, 2],
  ],
  pmtu: [
    [/\bvpn\b.{0,60}\bsome (?:sites|websites|pages)\b|\bsome (?:sites|websites|pages)\b.{0,60}\bvpn\b|^(?=.*\bsome sites\b)(?=.*\b(?:hangs|stall\w*|will not load)\b)/, 3],
    [/\bmtu\b|\bpmtu\w*\b|\bpath mtu\b|\bmss clamp\w*\b|\bclamp\w* mss\b|\bfragment\w*\b|\bpacket too big\b|\bneed(?:s)? (?:to )?frag\b|\bjumbo frames?\b|\bdf bit\b|\bdon'?t fragment\b/, 4],
    [/\bmss\b|\bblack ?hol\w*\b|\blarge packets?\b|\bbig packets?\b|\bvpn\b.*\b(?:hang|stall|large|big)|\b(?:hang|stall)\w*\b.*\bvpn\b|\bping works\b.*\b(?:but|tcp|large)/, 2],
  ],
  ecn: [
    [/\becn\b|\bece\b|\bcwr\b|\bce (?:codepoint|bit|mark\w*)\b|\bect ?\(?[01]\)?|\bcodepoints?\b|\bexplicit congestion\b|\bcongestion experienced\b|\btcp ecn\b|\bl4s\b/, 4],
  ],
  'syn-floods': [
    [/\bsyn ?floods?\w*\b|\bsyn ?cookies?\b|\bsyn ?backlog\b|\btcp max syn backlog\b|\bsomaxconn\b|\baccept queue\b|\blisten queue\b|listen ?(?:queue ?)?overflows?|listen ?drops/, 4],
    [/\bsyn recv\b/, 3],
    [/\bbacklog\b|\bddos\b|\bdos\b|\bdenial of service\b|\boverwhelm\w*\b|\battack\w*\b|\bsyn recv\b|\bsyn queue\b|\bhalf ?open connections\b|\baccept\(\)/, 2],
  ],
  toolkit: [
    [/\bnetcat\b|\bnc\b|\btelnet\b|\btcpdump\b|\bwireshark\b|\btshark\b|\btraceroute\b|\btracert\b|\bmtr\b|\blsof\b|\bss\b|\bnetstat\b|\bhping\w*\b|\bsocat\b/, 4, 'tool'],
    // A scanner's words (open, closed, filtered) are its own subject: nmap stays the toolkit's.
    [/\bnmap\b|\bport ?scan\w*\b|\b(?:tcpdump|wireshark|tshark)\b.*\b(?:output|flags)\b/, 4],
    [/\bping\b|\bttl\b|\bcurl\b/, 2, 'tool'],
    [/\bexit code\b/, 2],
    [/\b(?:test|check|see|verify|know|find out|tell) (?:if|whether|that) (?:a |the |my )?(?:remote )?port\b|\bport (?:is )?open\b|\bcapture (?:the )?(?:packets|traffic)\b|\bpacket capture\b|\bwhat tool\b|\bcommand line tool\b/, 3],
    [/\bcurl\b.*\b(?:-v|verbose)\b|\bpcap\b|\bsniff\w*\b|\bpackets on the wire\b|\bwatch (?:the )?packets\b/, 3],
  ],
  intermittent: [
    [/\bintermittent\w*\b|\bsporadic\w*\b|\bflak(?:y|iness)\b/, 3],
    [/\bsometimes\b|\boccasional(?:ly)?\b|\bnow and then\b|\bfrom time to time\b/, 3, 'everyday'],
    [/\bround ?robin\b|\bone of the (?:backends|servers|addresses|nodes)\b|\b(?:bump|spike|jump) at (?:1|one|3|three) seconds?\b|\bexactly (?:1|one|3|three) seconds?\b|\b(?:one|1) (?:request |connection )?in (?:twenty|ten|a hundred|\d+)\b|\b\d+ times out of \d+\b/, 4],
    [/\bone (?:in|out of) (?:every )?\d+\b|\b\d+ (?:out of|in) \d+\b|\bsome (?:requests|connections|of the)\b|\bevery (?:few|now)\b|\bnot always\b|\bonce in a while\b/, 3, 'everyday'],
  ],
  keepalive: [
    [/\bkeep (?:the |a |my |an? idle )?(?:tcp |ssh |idle )?(?:connection|session|socket)s? alive\b|\bkeep\b.{0,25}\b(?:ssh|connection|session|socket)s?\b.{0,15}\bfrom (?:freez\w*|dropping|dying|timing out|disconnect\w*|hanging)\b|\bkeep ?alives?\b|\bkeepalive\w*\b|\bso keepalive\b|\btcp keepidle\b|\bserveraliveinterval\b|\bheart ?beats?\b/, 4],
    [/\bidl(?:e|es|ed|ing)\b|\binactiv\w*\b/, 3],
    [/\bfirst (?:request|packet|query) after\b/, 2],
    [/\bafter (?:a while|some time|\d+ (?:minutes|min|hours|seconds))\b|\bafter lunch\b|\bovernight\b|\bgo(?:ing)? for coffee\b|\bstale connections?\b|\bnat (?:timeout|table)\b|\bforgets? (?:the |idle )?connections?\b/, 2, 'everyday'],
    [/\bdrops? (?:the )?connection\b|\bconnection (?:dies|drops|is dropped|gets dropped|closes)\b|\bdisconnect\w*\b/, 1, 'everyday'],
  ],
  retransmission: [
    [/\bestimated (?:round ?trip|rtt)\b|\b(?:rtt|round ?trip time) estimat\w*|\bsmoothed (?:rtt|round ?trip)|\bsrtt\b|\brttvar\b|\bsample ?rtt\b|\btimeout interval\b|\bretransmission timeout\b|\bout of order\b/, 4],
    [/\bretransmi\w*\b|\brto\b|\btcp retries ?2\b|\btcp retries\b|\btcp user timeout\b|\bdead (?:peer|connection)s?\b|\b(?:connection|peer) (?:is |was |has )?(?:dead|died)\b|\bduplicate acks?\b|\bdup acks?\b|\bfast retransmit\b/, 3],
    [/\b(?:packet|segment)s? (?:is |are |gets? |was |were )?lost\b/, 3],
    [/\bcable (?:is )?(?:pulled|unplugged)\b|\bunplug\w*\b|\b(?:13|15|30) minutes\b|\bpacket loss\b|\blost packets?\b/, 2],
    [/\bdetect\w* (?:a |the )?(?:failed|broken|dead|lost)\b|\b(?:peer|other side|remote (?:end|side|host|peer)) (?:is |was |goes |went )?(?:down|gone|dead|offline|unplugged)\b|\bsuddenly\b|\bdisrupt\w*\b/, 3],
    [/\b(?:client|server) (?:is |was |goes |went )?(?:down|gone|dead|offline|unplugged)\b/, 2],
  ],
  'flow-control': [
    [/\b(?:write|send)\w* and (?:read|receiv)\w*\b.{0,40}\b(?:same|different) (?:speed|rate|pace)s?\b|\b(?:different|not the same) (?:speeds?|rates?)\b.{0,40}\b(?:buffer|storage)|\b(?:receiving|sending) (?:data )?faster than (?:it|the \w+) can\b|\b(?:writes?|sends?|sending|writing) (?:data )?faster than (?:the \w+ |it )?(?:reads?|receives?|can (?:read|receive|handle|keep up))\b/, 4],
    [/\bzero (?:tcp )?window\b|\bzerowindow\b/, 5],
    [/\bwindow (?:is )?full\b|\bflow control\b|\brcv ?window\b|\badvertised ?window\b|\bwindow (?:of |is |= ?)0\b|\breceive window\b|\brwnd\b|\bwindow probes?\b|\bpersist timer\b|\bsliding window\b|\bwin=0\b/, 4],
    [/\brecv ?q (?:keeps )?grow\w*|\breceiving side\b/, 4],
    [/\breceive buffer\b|\bso rcvbuf\b|\bwindow size\b|\bslow (?:receiver|reader|consumer)\b|\bstops? reading\b|\bbuffer (?:is )?full\b/, 2],
  ],
  nagle: [
    [/nagle|\btcp nodelay\b|nodelay\b|\bdelayed acks?\b|\bdelay ack\b|\bquickack\b|\btinygram\b|\btcp cork\b/, 4],
    [/\bsmall (?:writes|packets|messages)\b.*\b(?:delay|latency|slow)|\bwrite write read\b/, 2],
  ],
  'slow-transfers': [
    [/\bslow ?start\b|\bcongestion window\b|\bcwnd\b|\bssthresh\b|\bcongestion avoidance\b|\baimd\b|\badditive increase\b/, 5],
    [/\bcongestion\b/, 2],
    [/\blatency\b.*\b(?:window|throughput|bandwidth|speed|performance|download|upload|transfer)|\b(?:window|throughput|bandwidth|speed|performance|download|upload|transfer)\w*\b.*\blatency\b|\bfill(?:ed)? the pipe\b|\bpipe is\b.*\bfill/, 3],
    [/\b\d+ ?[kmg]i?b(?:it)?(?:\/s(?:ec)?|ps)\b|\bthroughput\b|\bbandwidth\b|\bwindow\W{0,3}scal\w*\b|\bbdp\b|\bbandwidth ?delay\b|\biperf\d?\b|\blong fat\b|\bcongestion control\b|\bcubic\b|\bbbr\b/, 3],
    [/\b(?:file )?transfers? (?:is |are )?(?:very |so |really )?slow\b|\bslow over a fast\b|\bfast link\b|\blink speed\b|\blong distance\b|\bbuffer\b.*\bround ?trip\b|\bround ?trip\b.*\bbuffer\b/, 3],
    [/\bslow (?:download|upload|transfer|copy|speed)s?\b|\b(?:download|upload|transfer|copy|scp)\w* (?:is |are )?(?:very |so |really )?slow\b|\bspeed\b|\b[mkg]bps\b|\b[mk]b\/s\b|\bcrawl\w*\b|\bhigh latency\b.*\b(?:speed|slow|throughput)/, 2, 'everyday'],
    [/\b(?:download|upload|transfer|copy|scp)\w*\b.{0,40}\bslow(?:s|ed|ing)? down\b|\bfast at first\b|\bstarts? fast\b/, 3, 'everyday'],
    [/\bslow\b/, 1, 'everyday'],
  ],
};

/** Below this total no lesson covers the question. */
export const MIN_LESSON_SCORE = 2;

/**
 * Subjects next to TCP that no lesson covers (Wi-Fi, multicast, BGP and routing protocols, HTTP/2
 * and HTTP/3 streams, QUIC, VLANs, DHCP, ARP): a question about one of them gets "no lesson covers
 * that yet", not the lesson that shares a word with it ("QUIC handshake" is not the TCP handshake).
 */
const ELSEWHERE = /\budp (?:headers?|packets?|datagrams?|checksums?)\b|\bconnectionless\b|\b(?:icmp|host) redirects?\b|\bredirect messages?\b|\bwi ?fi\b|\bwireless\b|\bmulticast\w*|\bbgp\b|\bospf\b|\beigrp\b|\bhttp ?\/? ?(?:version )?(?:2|3|two|three)\b|\bquic\b|\btcp fast ?open\b|\btfo\b|\breal ?time\b[^.?!]{0,40}\budp\b|\bvlans?\b|\bdhcp\b|\barp\b|\bspanning tree\b|\bsubnet masks?\b|\bbluetooth\b|\b(?:4|5)g\b|\bcellular\b|\bforg[eo]t(?:ten)? (?:the |my |our |a )?(?:\w+ )?password\b|\block(?:ed)? (?:myself|me|ourselves|us|himself|herself) out\b/;
/**
 * Trivia next to TCP that no lesson teaches: which port a product listens on ("What port does a
 * Minecraft server use?", "what is port 3306?"), the sizes of the headers, the OSI model's layers.
 * A question about opening or checking such a port still names its lesson ("which ports should I
 * open in the firewall" is not asked this way).
 */
const TRIVIA = /\bwhat (?:port|ports|port number) (?:does|do|is|are) (?:\w+ ){1,4}(?:use|uses|using|run on|listen on)\b|\b(?:default|standard) (?:tcp )?port (?:for|of|number)\b|\bwhat(?:'s| is) (?:the )?(?:tcp )?port (?:xport|\d+)\b|\b(?:well ?known|registered|dynamic) ports\b|\bheaders? (?:size|length)\b|\bsize of (?:the |a )?(?:tcp |ip |udp )?header\b|\bhow (?:many bytes|big|large) (?:\w+ ){0,3}headers?\b|\bosi (?:model|layers?|reference model)\b/;
const ELSEWHERE_DISCOUNT = 3;
/** The links among those subjects: a question about speed over one may still be a lesson's. */
const MEDIA = /\bwi ?fi\b|\bwireless\b|\b(?:[345])g\b|\bcellular\b|\bbluetooth\b/g;

/** How much the lessons' own text (BM25, lesson-text.ts) adds to a lesson's phrase score. */
const TEXT_WEIGHT = 0.3;
/** A BM25 score at or above this names a lesson on its own (in a message about networking). */
const TEXT_ALONE = 6;
/** The most the lessons' text adds: beyond it a long lesson's many shared words would outvote what the question names. */
const TEXT_CAP = 10;

/** Text as the cue patterns read it: lower case, `_` and `-` as spaces, one space between words. */
export function cueText(text: string): string {
  return ` ${text.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ')} `.replace(SPELLINGS, (w) => SPELLED[w] ?? w);
}

/** Other spellings of the cue words: "acknowledgement" is an ACK, "nagling" is Nagle, "TIME_WAITs" are TIME_WAIT. */
const SPELLED: Record<string, string> = { acknowledgement: 'ack', acknowledgment: 'ack', acknowledgements: 'acks', acknowledgments: 'acks', nagling: 'nagle', nagled: 'nagle', naggle: 'nagle', 'time waits': 'time wait', 'close waits': 'close wait', sometime: 'sometimes' };
const SPELLINGS = /\b(?:acknowledge?ments?|nagling|nagled|naggle|time waits|close waits|sometime(?= (?:the|it|i|we|my|a|fails?|works?|not)\b))\b/g;

export interface LessonScore {
  lesson: LessonId;
  /** The total the lessons are ranked by. */
  score: number;
  /** From the phrase table and the symptoms (what a person says about the subject). */
  phrases: number;
  /** BM25 of the message against the lesson's own text. */
  text: number;
}

export interface LessonOptions {
  /**
   * Whether the message is about networking (default: it uses networking's words). When not,
   * everyday words, symptoms and the lessons' text say nothing: only the subject's own names count.
   */
  everyday?: boolean;
  /** Whether the lessons' text alone may name the lesson (default true; false: phrases or symptoms must). */
  textAlone?: boolean;
}

/** Every lesson's total for `text`, highest first (lessons with no evidence left out). */
export function lessonScores(message: string, opts: LessonOptions = {}): LessonScore[] {
  const text = withEnglish(message);
  const t = cueText(text);
  const everyday = opts.everyday ?? aboutNetworking(text);
  const symptoms = everyday ? symptomScores(t) : new Map<string, number>();
  const model = everyday ? sharedLessonText() : null;
  const bm25 = new Map((model?.scores(text) ?? []).map((s) => [s.lesson, s.score]));
  const discount = ELSEWHERE.test(t) || TRIVIA.test(t) ? ELSEWHERE_DISCOUNT : 0;
  const hitsOf = new Map(LESSON_IDS.map((lesson) => [lesson, CUES[lesson].filter(([re, , kind]) => (everyday || kind !== 'everyday') && re.test(t))]));
  const subjectNamed = LESSON_IDS.some((l) => l !== 'toolkit' && Math.max(0, ...hitsOf.get(l)!.map(([, w]) => w)) + (symptoms.get(l) ?? 0) >= SUBJECT_OVER_TOOL);
  const scores: LessonScore[] = [];
  for (const lesson of LESSON_IDS) {
    // A lesson's cues are often synonyms ("firewall, NAT or packet filter"): the strongest counts
    // fully, each further one half, so naming one subject three ways does not outweigh a symptom.
    const hits = hitsOf.get(lesson)!.map(([, w, kind]) => (kind === 'tool' && subjectNamed ? TOOL_HINT : w));
    const strongest = hits.length ? Math.max(...hits) : 0;
    const phrases = strongest + (hits.reduce((a, b) => a + b, 0) - strongest) / 2 + (symptoms.get(lesson) ?? 0) - discount;
    const textScore = bm25.get(lesson) ?? 0;
    const score = Math.max(0, phrases) + TEXT_WEIGHT * Math.min(textScore, TEXT_CAP);
    if (score > 0) scores.push({ lesson, score, phrases, text: textScore });
  }
  // Ties go to the lesson listed first in LESSON_IDS (the more basic one).
  return scores.sort((a, b) => b.score - a.score || LESSON_IDS.indexOf(a.lesson) - LESSON_IDS.indexOf(b.lesson));
}

/** A message that asks something: a question mark, or a question's or a request's first word. */
const ASKS = /\?\s*$|^\W*(?:what|why|how|when|where|which|who|is|are|does|do|can|could|should|explain|describe)\b/i;

/** The message is about a subject no lesson covers (TCP Fast Open, UDP); a link it runs over (Wi-Fi, 4G) is only the setting. */
function aboutOtherSubject(text: string): boolean {
  const t = cueText(withEnglish(text));
  return ELSEWHERE.test(t.replace(MEDIA, ' ')) || TRIVIA.test(t);
}

/**
 * The lesson the hand rules name for `text`, and their phrase evidence for it: the best total,
 * named when its phrases reach {@link MIN_LESSON_SCORE} or, in a message about networking with no
 * subject that no lesson covers, when the lesson's own text matches it strongly.
 */
export function ruleLessonOf(text: string, opts: LessonOptions = {}): RulesSaid {
  const [best] = lessonScores(text, opts);
  if (!best) return { named: undefined, phrases: 0 };
  // A subject no lesson covers ("TCP Fast Open", "real-time traffic over UDP") is never named by
  // the lessons' text alone; a link it runs over (Wi-Fi, 4G) is only the setting ("4 Mbit/sec over 3G/4G").
  const named = best.phrases >= MIN_LESSON_SCORE || (opts.textAlone !== false && !aboutOtherSubject(text) && best.phrases >= 0 && best.text >= TEXT_ALONE && (opts.everyday ?? aboutNetworking(text)));
  return { named: named ? best.lesson : undefined, phrases: Math.max(0, best.phrases) };
}

/** What {@link lessonOf} weighs for a message, before a combination decides. */
export interface LessonEvidence {
  rules: RulesSaid;
  probs: Array<{ label: string; p: number }>;
  networky: boolean;
  asks: boolean;
  /** About a subject no lesson covers ("TCP Fast Open", "UDP headers"). */
  otherSubject: boolean;
}

/** The rules' answer and `model`'s probabilities for `text` (the rules replayed when a replay is on). */
export function lessonEvidence(text: string, model: LessonModel, opts: LessonOptions = {}): LessonEvidence {
  return {
    rules: replayedRules(text) ?? ruleLessonOf(text, opts),
    probs: predict(model, text),
    networky: opts.everyday ?? aboutNetworking(text),
    asks: ASKS.test(text),
    otherSubject: aboutOtherSubject(text),
  };
}

/**
 * The lesson `c` names from the evidence. A subject no lesson covers ("TCP Fast Open", "UDP
 * headers") is the rules' to answer: the model knows the words it shares with a lesson, not that
 * the lesson is about something else. Its confident `none` may still set the rules' lesson aside.
 */
export function decideLesson(e: LessonEvidence, c: Combination): LessonId | undefined {
  if (e.otherSubject) {
    const none = e.probs.find((x) => x.label === 'none')?.p ?? 0;
    return (c.noneVeto !== null && none >= c.noneVeto ? undefined : e.rules.named) as LessonId | undefined;
  }
  return combine(e.rules, e.probs, e.networky, c, e.asks) as LessonId | undefined;
}

/**
 * The lesson that answers `text`, or undefined when no lesson covers it: the hand rules
 * ({@link ruleLessonOf}) and the learned model (lesson-model.ts) combined as the model's training
 * chose. The one decision the chat and `ask` both use. With `textAlone: false` (is this prose about
 * a subject at all?) the rules answer alone.
 */
export function lessonOf(text: string, opts: LessonOptions = {}): LessonId | undefined {
  const model = activeLessonModel();
  if (!model || opts.textAlone === false) return (replayedRules(text) ?? ruleLessonOf(text, opts)).named as LessonId | undefined;
  return decideLesson(lessonEvidence(text, model, opts), model.combination);
}
