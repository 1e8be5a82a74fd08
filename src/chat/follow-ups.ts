/**
 * Follow-ups read against the thread, clause by clause, in the words people use: a new target made
 * from the last one first (follow-up-targets.ts: "what about 143?", "same thing on db2"), then a
 * request in any clause ("it only drops a few times a day, can you keep checking?" is a watch,
 * "keep it idle … and tell me if it's still alive" a hold, "what ports do I have open on that
 * server?" a scan), then a question about what just happened ("ok but why?", "I didn't change
 * anything. Help?", "so why does it time out instead of saying refused?", "could my router be the
 * culprit here?"). Answers to an offer are offer-replies.ts's. With nothing in the thread the same
 * words read with less confidence (the chat asks for the target; nothing runs). Pure.
 */
import { clausesOf, lowered, wordsOf, type Clause } from './clauses.js';
import { hostPortIn, portsIn, targetFromLast } from './follow-up-targets.js';
import { isNameWord } from './target-phrases.js';
import { WHY_ELSEWHERE } from './other-languages.js';
import { instructs, middleboxInstruction, overByCause, reasonAsked, retryAfterChange } from './thread-replies.js';

export type FollowUpKind = 'why' | 'check' | 'again' | 'confirm' | 'decline' | 'cancel' | 'firewall' | 'scan' | 'capture' | 'watch' | 'hold' | 'report' | 'wait';

/** What the thread holds, as far as follow-ups need it. */
export interface FollowUpThread {
  lastTarget?: { host: string; port: number };
  lastVerdict?: string;
  pendingOffer?: string;
}

export interface FollowUpRead {
  followUp: FollowUpKind;
  /** The target meant, resolved against the thread (check, again). */
  target?: { host: string; port?: number };
  /** 0..1: how sure the reading is. */
  confidence: number;
}

const WHY = /^(?:(?:ok|okay|so|but|and|hmm+|huh|wait|oh|right|well|then|really)[,.!?]?\s+)*(?:how so\b.*|(?:but |and |so )?why\b.*|(?:为啥|为什么|為什麼|怎么回事|なぜ|どうして).*|(?:is|was|could) (?:this|it|that) (?:about|because of|due to|related to|caused by)\b.*|(?:is|was|could|would) (?:that|this|it) (?:be )?(?:why|the reason)\b.*|how come\b.*|what (?:does|did|do) (?:that|this|it) (?:mean|say)\b.*|what happened\b.*|what'?s (?:going on|happening|up with (?:it|that|this)|wrong|the (?:cause|reason|problem|issue|deal)|causing (?:it|this|that|the (?:timeout|time ?outs?|refusal|reset|resets|error|failure|problem|drops?|hang))|behind (?:it|this|that|the (?:timeout|error|failure)))\b.*|what (?:is|was) (?:going on|happening|wrong|the (?:cause|reason|problem|issue)|causing (?:it|this|that))\b.*|(?:can|could|would) (?:you|someone|somebody|anyone) (?:please )?explain\b.*|(?:please )?explain(?: (?:that|this|it|why|the result|the verdict))?\b.*|meaning\??|tell me (?:more|why)\b.*|more (?:details|info)\b.*|details\??|so what\??|what now\??|any idea why\b.*|any (?:solutions?|fix(?:es)?|workarounds?)\b.*|(?:can|could) (?:anyone|someone|somebody|you) help (?:me |us )?(?:to )?understand\b.*|any (?:thoughts|ideas?|clue)\b.*|what (?:broke|went wrong|(?:has |have you )?changed)\b.*|what does .{1,30} mean\b.*|what does (?:this|that|it) tell (?:us|me)\b.*|what does (?:filtered|refused|reset|closed|unreachable) mean\??)$/;
const FIREWALL = /被墙|墙了|防火墙|被封|ファイアウォール|방화벽|\bfirewall\w*\b|\bbehind (?:a|an|the|some) (?:\w+ )?(?:proxy|vpn|nat)\b|\b(?:something|anything) to do with (?:the |a |an |my |our )?(?:\w+ )?(?:proxy|vpn|nat|router)\b|\bsecurity groups?\b|\biptables\b|\bnftables\b|\bacls?\b|\b(?:blocked|blocking|block)\b|\bfiltered\b|\bfiltering\b|\bsomething (?:in between|in the middle|in the way)\b|\bin between\b|\bmiddle ?box\w*\b|\bisp\b|\b(?:dropping|drops) (?:it|them|the packets|my packets)\b/;
const ABOUT_IT = /\b(?:it|this|that|the port|the connection|something|anything|the app|the service|the server)\b|\?$|\bor\b|^(?:might|could|maybe|perhaps)\b/;
/**
 * Trying again by its idioms: keep trying (with no span of time: "keep trying for a bit" watches),
 * give it a go / a shot / another try, have another crack at it, try your luck, go again.
 */
const PERSIST = String.raw`keep (?:on )?(?:trying|retrying|at it|going)(?! (?:for|over|through|during|until|till|every|all)\b)|don'?t give up|give (?:it|that|this) (?:a|another|one more|a quick) (?:go|shot|try|whirl|bash|crack|spin)|have (?:a|another) (?:go|crack|shot|stab|bash)(?: at (?:it|that))?|take (?:a|another) (?:crack|shot|stab)(?: at (?:it|that))?|try (?:your|its|our) luck|go again|run it back|(?:do|run|try) (?:it|that|this) (?:over|once more)`;
const AGAIN = new RegExp(String.raw`\b(?:is (?:it|this|that|the)(?: (?:issue|problem|error|bug|failure))? reproducible|reproduc(?:e|ing) (?:it|this|that)|is it still|does it still|still (?:happening|failing|broken|down|not working|refused|timing out)|still (?:the )?same (?:error|problem|issue|result|thing)|again|retry|re-?run|re-?check|recheck|re-?test|one more (?:time|try|go|shot)|once more|another (?:try|go|shot|attempt)|refresh|${PERSIST})\b|^(?:check|test|run|try) (?:it|that|this)(?: now| please)?$|^(?:(?:so|ok|okay|now) )?(?:can|could|would|will) (?:you|u) (?:please )?(?:try|test|check|retest|re-?test|re-?check)(?: (?:it|that|this))? now$|^(?:(?:please|pls) )?(?:check|test)(?: it)?(?: now)?$`);
const SCAN = /\b(?:scan|nmap)\b|\b(?:all|every) (?:the |of the )?(?:other )?ports\b|\bevery port\b|\b(?:what|which) (?:other )?ports\b.*\b(?:open|listening|answer\w*|reachable)\b|\bwhat(?:'s| else is| is) (?:else )?(?:open|listening|running)\b|\bwhich (?:other )?ports (?:are )?open\b|\bother ports\b/;
const CAPTURE = /抓包|キャプチャ|캡처|\b(?:capture|tcpdump|sniff|pcap|packet capture|wireshark|record (?:the )?(?:packets|traffic)|show (?:me )?the packets|(?:what'?s|what is) (?:going )?(?:on|over|across) the (?:wire|network)|on the wire|the packets)\b/;
const REPORT = /\b(?:report|ticket|write (?:it|that|this) up|save (?:it|that|this|a copy)|export)\b/;
const WATCH = /\b(?:(?:ping|tell|notify|alert|message|text|email|inform) (?:me|us)(?: know)? (?:if|when|whenever|once|as soon as)|let (?:me|us) know (?:if|when|whenever|once|as soon as)|inform (?:me|us)|(?:get|send) (?:me |us )?(?:a )?notification|notif(?:y|ication)s?|monitoring|if and when|(?:good|nice|useful|helpful) to know when|know (?:when|if) (?:this|it|that) (?:is )?(?:happening|happens|goes down|drops|fails)|sometimes|intermittent\w*|randomly|sporadic\w*|flak(?:y|iness)|now and then|every (?:now|few)|(?:one|1) (?:in|out of) \d+|keep (?:an eye|a (?:close |sharp |careful |watchful |eagle |weather )?eye|an eagle eye|(?:a )?(?:close |careful |constant |sharp )?watch|tabs|watching|checking|monitoring|polling|pinging|an eye out|a lookout)|keep (?:trying|retrying|testing|probing) (?:for|over|through|during|until|till|every|all)|watch (?:it |that |this )?(?:like a hawk|closely|carefully|intently|for a while)|monitor (?:it |that |this )?(?:closely|carefully|continuously|constantly|for a while)|(?:monitor|watch) (?:the|my|our|that|this) (?:connection|port|host|server|service|link|target|box|socket|endpoint)|stay on (?:it|top of it)|be on the lookout|(?:stand|keep) guard|(?:shout|yell|holler|scream|ping me|tell me) (?:if|when|once) (?:it|this|that|the \w+) (?:goes|go|drops?|dies|fails|flaps|breaks)|watch (?:it|that|this)|monitor (?:it|that|this)|over (?:time|a (?:while|few minutes))|every (?:\d+ |few |couple of )?(?:seconds?|minutes?|mins?|hours?)|for the next (?:\w+ )?(?:hours?|minutes?|while|day)|for (?:a )?(?:few|couple of|\d+) minutes|(?:a )?(?:few|couple of|several|\d+) times (?:a|an|per) (?:day|hour|week))\b|\bworks? (?:only )?sometimes\b/;
const HOLD = /\b(?:(?:sit|camp) on (?:the |a |that |this )?(?:connection|session|socket|it)|(?:hang|hold) on to (?:the |a |that |this )?(?:connection|session|socket)|without sending (?:a |any )?(?:keystroke|data|anything|traffic|packets?)|(?:with )?no (?:input or output|input|output|traffic|activity)\b.{0,40}\b(?:see|check|until)|see (?:if|whether) (?:the |a |that )?(?:it|socket|connection|session|nat|firewall|router|tunnel|middlebox|load balancer|lb) (?:\w+ )?(?:forgets?|drops?|kills?|cuts?|closes?|times? out|gets (?:dropped|logged out|killed|closed|cut|reset))|keeps? (?:dropping|disconnecting|dying)|drops? (?:it |them |the connection )?after (?:a while|some time|\d+)|dies (?:after|when idle)|(?:after|when) (?:it'?s |it is )?idle|idle (?:timeout|connection)|after lunch|hold (?:it|a|the) (?:connection )?open|hold (?:a|the) connection|keep (?:it|a|the) (?:connection )?open|(?:leave|keep|let) (?:it|a|the|one|an) (?:connection |session )?(?:sit |connected |open and )?(?:idle|open)|(?:see|check|find out|tell me|let me know) (?:if|whether|when) it (?:gets )?(?:dropped|drops|dies|survives|stays)|idle (?:sessions?|connections?) (?:gets? |are |is )?(?:dropped|drops?|dies|die|closed|killed|cut)|(?:go|step|walk) away for|still (?:be )?(?:there|alive|open|up)\b.*\b(?:later|after|hours?|minutes?)|(?:hours?|minutes?)\b.*\bstill (?:be )?(?:there|alive|open|up))\b/;
/** "Pourquoi ?", "warum geht das nicht", "почему?": why in another language, leading its clause. */
const WHY_OTHER = new RegExp(String.raw`^${WHY_ELSEWHERE}(?=[\s?？!.¿]|$)`);
/** Words that name a TCP subject: a "why" with one of them asks about it, not about the thread. */
const TOPIC_WORDS = /\b(?:tcp|udp|dns|tls|ssl|syn|rst|ack|fin|socket|sockets|syn sent|syn recv|time ?wait|close ?wait|fin wait|nagle|keep ?alive|keepalive|mtu|mss|ecn|handshake|window|backlog|retransmi\w*|kernel|linux|windows(?! (?:defender )?firewall)|nat|icmp)\b/;
/** The words of a verdict: said after that verdict, they point at the thread, not at a new subject. */
const VERDICT_WORDS: Partial<Record<string, RegExp>> = {
  'tls-error': /\b(?:tls|ssl|handshake|certificate|cert)\b/g,
  filtered: /\b(?:time ?outs?|timed out|syn)\b/g,
  timeout: /\b(?:time ?outs?|timed out|syn)\b/g,
  refused: /\b(?:refused|rst|reset)\b/g,
  reset: /\b(?:rst|reset)\b/g,
  'dns-error': /\b(?:dns|lookup|resolv\w*)\b/g,
};
const SLOW = /\b(?:slow|crawl\w*|sluggish|takes forever|(?:low|poor) throughput)\b/;
/** "Help?" after a check asks what happened (a bare "help" is the chat's help command). */
const HELP = /^(?:(?:please|pls|any|some)\s+)?help(?:\s+(?:me|please|pls|anyone|here|needed))*$/;
/** "Where is this name coming from": a question whose subject is what the thread just showed. */
const ABOUT_THREAD = /^(?:(?:ok|okay|so|but|and|hmm+|huh|wait|oh|right|well|then)\s+)*(?:why|how come|where|what|how)\b.*\b(?:it|this|that|they|this name|the name|the port|the host|the connection|the check|the result)\b/;
/** Something between the two ends named as the cause ("could my router be the culprit here?"). */
const IN_BETWEEN = /\b(?:router|modem|proxy|load ?balancer|gateway|nat|isp|provider|vpn|antivirus|waf|cloudflare|switch|carrier|hosting company|host(?:ing)? provider)\b/;
const CAUSE = /\b(?:culprit|cause|causing|to blame|responsible|the (?:problem|issue|reason)|block\w*|dropp\w*|filter\w*|interfer\w*|in the way|eating)\b/;
/** A clause that asks for something to be done ("can you keep checking?", "keep it idle …", "grab the packets …"). */
const REQUEST = /^(?:(?:ok|okay|so|then|now|and|please|pls|also|just|maybe|hmm+|wait)\s+)*(?:(?:can|could|would|will) (?:you|we|u)|please|pls|let'?s|keep|leave|hold|let|watch|monitor|scan|nmap|capture|grab|record|sniff|tcpdump|tell me|see if|check|test|try|retry|run|show me|give it|have (?:a|another)|take (?:a|another)|go again|don'?t give up|stay on)\b/;

/** A condition before a request: "if that doesn't help, …", "if it still fails, …". */
const IF_NOT_HELPED = /^if (?:that|this|it|the above|none of (?:that|this)) (?:still )?(?:doesn'?t|does not|didn'?t|did not|won'?t|fails to|can'?t) (?:help|work|fix (?:it|this|that)|solve (?:it|this|that))\s*,?\s*/;

/** An action named only to be refused ("nah, skip the scan", "don't capture", "no need to check again"). */
const NEGATED_ACTION = /(?:^|[,;.!]\s*|\b(?:nah|no|nope|ok|okay|so|just|please|pls|and|but|then)\s+)(?:skip|don'?t|do not|no need to|never ?mind|no more|forget(?: about)?|hold off on|leave out)(?: (?:the|a|any|another|that|this|doing|running|run|do|start|bother|with|to|it|one|more))* (?:scan\w*|nmap|captur\w*|check\w*|test\w*|watch\w*|monitor\w*|hold\w*|re-?run\w*|retry\w*|again)\b|\bno (?:scan|capture|check|watch|hold)\b/;

/** What a request asks to do: hold, watch, scan, capture, again, report; null when none. */
function actionOf(lower: string, thread: FollowUpThread): FollowUpRead | null {
  const last = thread.lastTarget;
  const sure = last ? 0.9 : 0.5;
  // "what was the verdict for 10.0.0.5:443 again?": "again" about another target than the last is about that one.
  const written = hostPortIn(lower);
  if (written && AGAIN.test(lower) && !(last && written.host === last.host.toLowerCase() && written.port === last.port)) {
    return { followUp: 'check', target: written, confidence: 0.6 };
  }
  if (HOLD.test(lower)) return { followUp: 'hold', ...(last ? { target: last } : {}), confidence: sure * 0.9 };
  if (WATCH.test(lower)) return { followUp: 'watch', ...(last ? { target: last } : {}), confidence: sure * 0.9 };
  if (SCAN.test(lower)) return { followUp: 'scan', ...(last ? { target: { host: last.host } } : {}), confidence: sure };
  if (CAPTURE.test(lower)) return { followUp: 'capture', ...(last ? { target: last } : {}), confidence: sure };
  if (AGAIN.test(lower) && !portsIn(lower).length) return { followUp: 'again', ...(last ? { target: last } : {}), confidence: sure };
  return null;
}

/** A question about what just happened, in one clause: why, or is something in between the cause. */
function questionOf(c: Clause, thread: FollowUpThread, many: boolean): FollowUpRead | null {
  const lower = c.lower.replace(/[?!.]+$/, '');
  const words = wordsOf(lower).length;
  const about = thread.lastTarget || thread.lastVerdict;
  const sure = about ? 0.9 : 0.45;
  // "why does my socket sit in SYN_SENT?" names its own subject: a question, not "why?" about the
  // thread; but the subject of the verdict just shown ("why does tls fail" after a TLS error) is the thread's.
  const ownWords = thread.lastVerdict ? VERDICT_WORDS[thread.lastVerdict] : undefined;
  if (TOPIC_WORDS.test((ownWords ? lower.replace(ownWords, ' ') : lower).replace(/[_-]/g, ' '))) return null;
  // "what else is open on that box?" asks for a scan, not why.
  if (SCAN.test(lower) || CAPTURE.test(lower)) return null;
  const whyFirst = /^(?:(?:ok|okay|so|but|and|hmm+|huh|wait|oh|right)[,.!]?\s+)*(?:why|how come)\b/.test(lower);
  if (((whyFirst && WHY.test(lower)) || WHY_OTHER.test(lower)) && words <= 10) return { followUp: 'why', confidence: sure };
  const subject = thread.lastTarget ? new RegExp(String.raw`\bport ${thread.lastTarget.port}\b|\b${thread.lastTarget.port}\b`).test(lower) : false;
  const fromBetween = IN_BETWEEN.test(lower) && CAUSE.test(lower) && (c.asks || /^(?:could|might|maybe|perhaps|is|was|would|can)\b/.test(lower));
  // "does refused mean a firewall?" asks what a word means, not what happened here.
  const meaning = /^(?:\w+ )?(?:what )?(?:does|do|can|would) .{1,30} mean\b/.test(lower);
  // Before any check there is nothing to judge a firewall by: the words are a question for the lessons.
  if (!thread.lastVerdict && thread.lastTarget && !fromBetween && FIREWALL.test(lower) && !ABOUT_IT.test(lower)) return null;
  if (!meaning && (FIREWALL.test(lower) && (ABOUT_IT.test(lower) || c.asks || subject) && !/\b(?:how|what is|what are|explain)\b.*\bfirewall/.test(lower)) || fromBetween) return { followUp: 'firewall', confidence: thread.lastTarget ? 0.9 : 0.4 };
  if (WHY.test(lower) && (words <= 10 || (about && ABOUT_THREAD.test(lower) && words <= 20))) return { followUp: 'why', confidence: sure };
  if (about && ABOUT_THREAD.test(lower) && (c.asks || many) && words <= 16) return { followUp: 'why', confidence: sure };
  if (about && HELP.test(lower) && (c.asks || many)) return { followUp: 'why', confidence: sure };
  // "port is open so why does my browser still spin forever": a why about what was just shown, after the fact it restates.
  if (thread.lastVerdict && /\b(?:so|then|but) why\b/.test(lower) && words <= 16) return { followUp: 'why', confidence: sure };
  // "so that is why it fails?": asking whether what was just shown is the cause.
  if (about && c.asks && /^(?:(?:so|and|but|oh|ok)\s+)?(?:that|this|it)(?:'s| is| was) (?:why|the reason)\b/.test(lower)) return { followUp: 'why', confidence: sure };
  return null;
}

/**
 * A follow-up about the thread's last target, or null. Read clause by clause: a new target first,
 * then a request ("…, can you keep checking?"), then a question about what just happened, then
 * the whole message's words. With nothing in the thread the same words read with less confidence.
 */
export function readFollowUpWords(text: string, thread: FollowUpThread): FollowUpRead | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length > 240) return null;
  const lower = lowered(t).replace(/[?!.]+$/, '').replace(/[?!]+\s+/g, ' ');
  const last = thread.lastTarget;
  const sure = last ? 0.9 : 0.5;
  const words = wordsOf(lower).length;
  if (last) {
    const made = targetFromLast(t, last);
    if (made) return made;
  }
  if (words > 30) return null;
  // Refusing an action is never a request for it: no traffic on "skip the scan".
  if (NEGATED_ACTION.test(lower)) return { followUp: thread.pendingOffer ? 'decline' : 'cancel', confidence: sure };
  const clauses = clausesOf(t);
  for (const clause of clauses) {
    // "If that doesn't help please install wireshark": the request after the condition.
    const c = { ...clause, lower: clause.lower.replace(IF_NOT_HELPED, '') };
    if (!REQUEST.test(c.lower)) continue;
    const asked = actionOf(c.lower.replace(/[?!.]+$/, ''), thread);
    // "does an idle session get dropped? test that": "that" is what the other clause describes.
    const pointing = asked?.followUp === 'again' && clauses.length > 1 && /^(?:(?:ok|so|then|now|please|pls|just)\s+)*(?:test|try|check|run) (?:that|this|it)$/.test(c.lower.replace(/[?!.]+$/, ''));
    const described = pointing ? (HOLD.test(lower) ? 'hold' : WATCH.test(lower) ? 'watch' : undefined) : undefined;
    if (described) return { followUp: described, ...(last ? { target: last } : {}), confidence: sure * 0.9 };
    if (asked) return asked;
  }
  for (const c of clauses) {
    const q = questionOf(c, thread, clauses.length > 1);
    if (q) return q;
  }
  if (words > 16) return null;
  if (HOLD.test(lower)) return { followUp: 'hold', ...(last ? { target: last } : {}), confidence: sure * 0.9 };
  if (WATCH.test(lower)) return { followUp: 'watch', ...(last ? { target: last } : {}), confidence: sure * 0.9 };
  if (SLOW.test(lower) && words <= 8) return { followUp: 'capture', ...(last ? { target: last } : {}), confidence: sure * 0.8 };
  const asked = actionOf(lower, thread);
  if (asked) return asked;
  if (REPORT.test(lower) && words <= 12) return { followUp: 'report', confidence: sure };
  return null;
}

/*
 * Replies read by form before anything else, once the thread holds a check: a report that it is
 * over ("its working now", "It was in the Security Group.", "I was using ftp instead of sftp.
 * Closing this issue.") cancels; a question about the cause ("Is Kafka started?", "Has anyone
 * ever encountered it?", "What else could cause it?") asks why; a hedge about something in the
 * path ("Maybe it has something to do with http proxy", "Have you tried turning off your
 * anti-virus?") asks about a firewall; a check of an explicit `host:port`, `telnet host port` or
 * "should be 587 and not 25" checks that target. A middlebox named only to be ruled out ("it
 * isn't the firewall") is no firewall question.
 */

/** It works now: said of the thing, not asked, not negated. */
const WORKS_NOW = /\b(?:works?|working|worked)(?: \w+){0,3}? (?:now|fine|perfectly|great|good|well|properly|correctly|normally|as usual|as expected|like a charm|again)\b|\b(?:now|finally) (?:it |that |everything )?(?:works?|working)\b|\band (?:now )?it works\b|\b(?:it|that|this) worked\b(?! (?:yesterday|before|earlier|last|until|fine (?:before|yesterday)|(?:a |an )?(?:few |couple (?:of )?)?(?:\w+ )?(?:hours?|minutes?|days?|weeks?) ago))|\b(?:much|a lot|way) better\b/;
const NOT_WORKING = /\b(?:not|n'?t|never|no longer|stopped|still|but not|before|yesterday|earlier|used to)\b/;
/** Solved, found, my bad, closing: the thread is over. */
const OVER = /^(?:solved|fixed|resolved|sorted)\b|\bclos(?:e|ing|ed) (?:this |the issue |it )?as (?:resolved|fixed|solved|done|completed)\b|\bgot (?:it|this|that|everything) (?:working|to work|running|sorted|fixed)\b|^(?:(?:ok|okay|ah|oh)[,.!]? )?found (?:it|the (?:problem|issue|cause|culprit|bug))\b|\b(?:it'?s|it is|everything'?s|everything is|all'?s|all is) (?:\w+ )?(?:fine|ok|okay|good|working) now\b|^(?:(?:sorry|ok|okay|update|edit)[,.:!]? )?(?:the )?(?:problem|issue|error|bug|it) (?:is |has been )?(?:now )?(?:solved|fixed|resolved|sorted)\b|^(?:(?:ok|okay|yeah|yep|great)[,.!]? )?all (?:good|sorted|fine|set) now\b|\b(?:i'?ve|i have|we'?ve|we have|i|we|has been|have been|got it|is|it'?s) (?:now |finally |already )?(?:solved|fixed|resolved|sorted(?: out)?|succeeded|figured (?:it )?out|found (?:it|the (?:problem|issue|cause|culprit)))\b|\b(?:seems?|seemed|appears?|appeared) to have (?:solved|fixed|resolved|sorted(?: out)?)\b|\b(?:that|this|which) (?:solved|fixed|resolved|sorted) (?:it|the (?:problem|issue))\b|\b(?:my bad|my mistake|my fault)\b|\bclos(?:e|ing) (?:this|the) (?:issue|ticket|thread)\b|\ball i needed (?:to do )?was\b|\bi was (?:using|connecting to|pointing (?:at|to)|trying) .{1,50}\binstead of\b|^(?:(?:nvm|ok|oh|so|turns out|turned out|found it)[,.!]? )*it was (?:in |on |my |the |a |an |just )\w+/;
/** A request to try again is no report that it is over ("you can try again, it worked for me"). */
const RETRY_ASKED = /\b(?:you can|please|pls|can you|could you|just) (?:try|retry|test|check|re-?run)\b|\b(?:try|retry|run|check|test|re-?run)(?: it| that| this)? again\b/;
/** "Please let me know how the new command works on your side": asks to run it again. */
const RUN_ON_YOUR_SIDE = /\b(?:let me know|tell me) (?:how|if|whether)\b.*\bworks?\b.*\b(?:on your (?:side|end)|for you)\b/;
/** A question about the cause: is X running, has anyone seen this, what else could it be. */
const CAUSE_ASKED = /^(?:is|are) (?:the |your |my )?(?!it\b|this\b|that\b|there\b)[\w.-]+(?: (?:server|service|broker|daemon|database|db|instance|container|process|app|node|host))? (?:started|running|up|down|alive|listening|online|offline)\b|^(?:do|does|did) (?:you|it) (?:have|has) (?:a |an |the )?.{1,30}\b(?:running|started|listening|up)\b|\b(?:has|have|is|did) (?:anyone|anybody|someone|somebody)(?: (?:else|ever))* (?:encountered|seen|had|having|hit|faced|experienc\w+|run into|solved|fixed)\b|\banyone knows? (?:this|the|why|what|how)\b|\bhow (?:did|do|can|could|should) (?:you|i|we|one) (?:solve|fix|resolve|overcome|get (?:past|around|rid of))\b|\bwhat else (?:could|might|can|would|may) (?:cause|be causing|it be|be)\b|\bwhat'?s the answer\b|\bdid (?:you|anyone|anybody) (?:figure|work) (?:this|it) out\b|\bwhy (?:it|this|that) happens?\b|\b(?:don'?t|do not|can'?t|cannot) understand why\b|\bhelp me (?:to )?(?:connect|fix|solve|get (?:it|this) working)\b|^(?:would|does|could) (?:this|that|it) (?:say|mean|indicate|suggest)\b.*\b(?:or|not running|need)\b/;
/** Something in the path between the two ends. */
const MIDDLEBOX = /\b(?:firewall\w*|anti-?virus|security (?:groups?|software|rules?)|proxy|proxies|waf|ips|vpn|iptables|ufw|defender|inbound rules?)\b|\bport `?\d{1,5}`? (?:is |was )?(?:allowed|blocked|whitelisted)\b|\bopen (?:the |up )?port\b/;
const HEDGED = /^(?:maybe|perhaps|possibly|probably|could|might|may|is it possible|have you|did you|make sure|check|try|please check|you may|you might|are you)\b|\b(?:might|may|could|possibly|maybe|probably|because|related|interfer\w*|in between|need to (?:open|allow|disable|add))\b|\?$/;
const RULED_OUT = /\b(?:isn'?t|is not|wasn'?t|was not|not|no) (?:the |a |my )?(?:firewall|anti-?virus|proxy|vpn)\b/;
/** "should be 587 and not 25", "the right port is 587": the last host on that port. */
const SHOULD_BE = /\b(?:should|must|needs? to) be (?:port )?(\d{1,5})\b|\bthe (?:right|correct) port is (\d{1,5})\b/;
/**
 * A port changed inside a sentence: "change the smtp port from 465 to 25", "Change your SMTP port
 * setting from port 25 to port 26", "switch the port to 2525", "改成465端口" ("change it to port
 * 465"): the thread's host on the new port.
 */
const PORT_CHANGED = /\b(?:change|changing|changed|switch|switching|set|setting|move|moving|update|updating)\b[^.?!]{0,40}?\bfrom (?:port )?(\d{1,5}) (?:to|into) (?:port )?(\d{1,5})\b|\b(?:change|switch|set|move|update)(?: (?:the|your|its))?(?: [a-z]+)? port(?: (?:setting|number))? to (?:port )?(\d{1,5})\b|(?:改成|改为|改到|换成|换到|改用|换用)\s*(\d{1,5})\s*(?:号)?端口|端口\s*(?:改成|改为|换成|换到)\s*(\d{1,5})/;
/** `telnet host port`, `nc -vz host port`: a check written as the tool's words. */
const TOOL_HOST_PORT = /\b(?:telnet|nc|ncat|netcat)(?: -\w+)* ([\w.-]+) (\d{1,5})\b/;
/** `http://127.0.0.1:4999/…`, `mqtt://host:1883`: the host and port a URL names. */
const URL_HOST_PORT = /\b[a-z][a-z0-9+.-]{1,15}:\/\/(?:[^\s@/]+@)?(\[[0-9a-f:.]+\]|[\w.-]+):(\d{1,5})(?![\d])/;
const CHECK_WORD = /\b(?:check|test|try|verify|see if|telnet|nc|ncat|netcat|is \w+ listening)\b/;

/** A reply read by its form against the thread, or null (the other readers then take it). */
export function readThreadForm(text: string, thread: FollowUpThread): FollowUpRead | null {
  const last = thread.lastTarget;
  if (!last && !thread.lastVerdict) return null;
  const lower = lowered(text).replace(/`/g, '');
  if (lower.length > 240) return null;
  const asks = /\?\s*$/.test(lower) || /^(?:(?:but|and|so|ok) )?(?:does|did|is|are|can|could|will|has|have|why|how|what)\b/.test(lower);
  // "mysql is actually on 10.0.8.13, my bad": a new target said with the apology is a check of it.
  const moved = last ? targetFromLast(text, last)?.followUp === 'check' : false;
  const works = WORKS_NOW.test(lower) && !lower.match(WORKS_NOW)?.[0].match(NOT_WORKING) && !/\b(?:not|n'?t) (?:\w+ )?work/.test(lower);
  // "I think the problem happens again.. It worked a few hours ago": it is back, not over.
  const back = /\b(?:happens?|happening|is back|came back|started) again\b|\bagain\b.*\b(?:fail|refus|time)/.test(lower);
  // "Never mind, syntax error on my part > mqtt://…:2888 works", "The problem was that I didn't allow … in firewall.": over, whatever it names.
  if (!asks && overByCause(lower)) return { followUp: 'cancel', confidence: 0.9 };
  const retry = retryAfterChange(lower);
  if (!asks && !moved && !back && !retry && !RETRY_ASKED.test(lower) && (works || OVER.test(lower))) return { followUp: 'cancel', confidence: 0.9 };
  if (last && (RUN_ON_YOUR_SIDE.test(lower) || retry)) return { followUp: 'again', target: last, confidence: 0.9 };
  if (CAUSE_ASKED.test(lower) || reasonAsked(lower)) return { followUp: 'why', confidence: 0.9 };
  // "does refused mean a firewall?" asks what a word means: a question for the lessons.
  const meaning = /\b(?:mean|means|meaning)\b/.test(lower);
  if (((MIDDLEBOX.test(lower) && (HEDGED.test(lower) || instructs(lower, MIDDLEBOX))) || middleboxInstruction(lower)) && !RULED_OUT.test(lower) && !meaning) return { followUp: 'firewall', confidence: 0.9 };
  if (!last) return null;
  const tool = TOOL_HOST_PORT.exec(lower);
  // "telnet it 25", "nc -vz please 443": the word in the host's place must be able to be one.
  const url = URL_HOST_PORT.exec(lower);
  const written = hostPortIn(lower) ?? (tool && isNameWord(tool[1]) ? { host: tool[1], port: Number(tool[2]) } : undefined) ?? (url ? { host: url[1].replace(/^\[|\]$/g, ''), port: Number(url[2]) } : undefined);
  // A pasted transcript ("Router#telnet 10.9.9.9 2323 Trying … refused") is an error, not a request.
  const printed = /\b(?:refused|timed? ?out|trying|error|failed|reset|unreachable)\b/.test(lower);
  // A URL inside an instruction ("Next, try connecting using `curl http://127.0.0.1:4999` and check …"): offered, not run.
  if (written && !printed && written.port >= 1 && written.port <= 65535 && CHECK_WORD.test(lower)) return { followUp: 'check', target: { host: hostAsWritten(text, written.host), port: written.port }, confidence: url && !hostPortIn(lower) ? 0.6 : 0.9 };
  const should = SHOULD_BE.exec(lower);
  const changed = PORT_CHANGED.exec(lower);
  const port = should ? Number(should[1] ?? should[2]) : changed ? Number(changed[2] ?? changed[3] ?? changed[4] ?? changed[5]) : undefined;
  if (port && port >= 1 && port <= 65535 && port !== last.port) return { followUp: 'check', target: { host: last.host, port }, confidence: 0.9 };
  return null;
}

/** The host as the message wrote it (its case), found from the lower-cased reading. */
function hostAsWritten(text: string, lowerHost: string): string {
  const at = text.toLowerCase().indexOf(lowerHost);
  return at >= 0 ? text.slice(at, at + lowerHost.length) : lowerHost;
}

/** What a symptom asks for: "works sometimes" → watch, "keeps dropping after a while" → hold, "slow" → capture. */
export function symptomFollowUp(text: string): 'watch' | 'hold' | 'capture' | undefined {
  const lower = text.toLowerCase();
  if (HOLD.test(lower)) return 'hold';
  if (WATCH.test(lower)) return 'watch';
  if (SLOW.test(lower)) return 'capture';
  return undefined;
}
