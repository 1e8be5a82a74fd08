/**
 * Answers to what the chat offered, and stops, read clause by clause: each clause is a yes ("sure",
 * "go ahead", "by all means", "I'd love to", "ok let's see"), a no ("no thanks", "that's really not
 * necessary", "I'll have to take a rain check", "I'll ask him myself"), a stop ("never mind",
 * "forget it", "stop"), thanks ("thank you", "I appreciate the offer"), or an aside that carries
 * nothing ("oh", "I've got it", "it's no big deal"). Thanks and asides do not change the answer,
 * so "No, it's all right, thank you" declines and "Thanks. I'd love to." confirms; of a yes and a
 * no the last said wins ("I appreciate the offer, but no"). A stop ("never mind", "forget it",
 * "scratch that", "call it off", "cancel") cancels, offer or not (r5's labels: a polite no such as
 * "thanks anyway" declines, a stop cancels); the offer's own verb said again ("yeah do it, scan
 * everything") is a yes. A reply that also names something new ("no, try 8080", "ok now node-b")
 * is not an answer to the offer: the follow-up readers take it. Pure.
 */
import { clausesOf, wordsOf } from './clauses.js';
import type { FollowUpRead } from './follow-ups.js';
import { greetingScore } from './intent-words.js';

/** Words around an answer that change nothing ("oh", "well", "really", "then"). */
const SOFT = String.raw`(?:oh|ah|ugh|uh|um|er|hmm+|hm|well|hey|actually|wait|so|then|now|really|just|honestly|quite|totally|for now|mate|man|dude|thanks|thank you|please|pls|too|right|yes|ok|okay|and|but|anyway|anyways|though|sorry|unfortunately|i'?m afraid|afraid)`;

/** One way of saying yes. A clause is a yes when it is made of these (and soft words). */
const YES = String.raw`(?:y|yes|yeah|yea|yep|yup|ya|sure|sure thing|for sure|ok|okay|k|kk|alright|alrighty|all righty|all right|fo sho|for sho|fosho|sure sure|fine|go|go ahead|go on|go for it|do it|do that|do so|run it|please|pls|please do|yes please|sounds (?:good|great|fine|ok|okay|like a plan)|that sounds (?:good|great|fine)|that works|good idea|great idea|great|perfect|cool|let'?s|let'?s go|let'?s do (?:it|that|this)|let'?s (?:see|try|have a look)(?: (?:it|that))?|let me see|show me|proceed|continue|absolutely|definitely|certainly|of course|by all means|with pleasure|gladly|you bet|i'?m in|i'?d (?:love|like) (?:to|that)|i would (?:love|like) (?:to|that)|that would be (?:great|nice|helpful|good|useful)|that'?d be (?:great|nice|helpful|good|useful)|(?:check|test|run|try|do) (?:it|that|this)|(?:check|test|run)|what are we waiting for|what'?re we waiting for|will do|lgtm|looks good(?: to me)?|yep|yup|you got it|affirmative|roger(?: that)?|copy(?: that)?|i'?m down|okey[- ]?dok(?:ey|ie)|okie[- ]?dok(?:ey|ie)|aye|deal|👍)`;
/** One way of saying no. */
const NO = String.raw`(?:n|no|nope|nah|naw|no thanks?|no thank you|not (?:right )?now|not (?:just )?yet|not at the moment|not today|not this time|not really|not necessary|not needed|unnecessary|no need|not worth it|later|maybe later|some other time|another time|next time|maybe (?:next time|another time|some other time|tomorrow)|(?:another|some other) time(?: perhaps| maybe)?|perhaps (?:another|some other) time|(?:maybe )?we can do (?:it|this|that) (?:another|some other) time|(?:i|we) can'?t(?: (?:now|today|right now))?|skip|skip it|pass|i'?ll pass|i'?d rather not|rather not|i don'?t think so|no way|don'?t|don'?t bother|no,? don'?t|i'?m (?:good|fine|ok|okay|all right|alright)|we'?re good|(?:it'?s|that'?s) (?:all right|alright|ok|okay|fine)|not interested|(?:it'?s )?not (?:a )?good time(?: (?:for|to) (?:me|us|now))?|(?:it'?s )?a bad time|i'?ll have to pass|i have to pass|have to pass|(?:won'?t|will not|isn'?t|is not|wouldn'?t|would not)(?: be)? (?:necessary|needed|required)|(?:i'?m )?(?:going to|gonna) (?:have to )?(?:take|pass)(?: a rain ?check)?|(?:i'?ll |i )?(?:have to )?take a rain ?check|rain ?check|i'?ll (?:\w+ )?(?:\w+ )?(?:\w+ )?myself|i can (?:\w+ )?(?:\w+ )?myself)`;
/** One way of saying stop (what runs, or never mind). */
const STOP = String.raw`(?:cancel|abort|halt|enough|stop|never ?mind|nvm|scratch that|call (?:it|that|this) off|call off (?:the \w+|it|that)|forget (?:it|that|about it|what i (?:just )?(?:said|asked|wrote)|everything i (?:just )?said)|ignore(?: (?:it|that|this|me|my (?:last )?(?:message|question)))?|(?:kill|end|quit) (?:it|that|this|the \w+))(?:\s+(?:it|that|this|now|please|the (?:check|scan|capture|watch|hold|trace)|(?:watching|holding|capturing|scanning|checking|tracing|waiting)(?: (?:it|that))?))*`;
/** Thanks in a reply ("thank you", "I appreciate the offer"): neither yes nor no. */
const THANKS = /^(?:(?:oh|well|ok|okay|but|and) )?(?:thanks?|thank you|thx|ty|cheers|many thanks|much appreciated|appreciated|(?:i )?(?:really )?appreciate (?:it|that|the offer|your help|you asking)|(?:that'?s )?(?:very )?kind of you)(?: (?:so much|a lot|anyway|though|again|for (?:the|your) (?:offer|help)|for (?:offering|asking)|for (?:thinking of|asking about|the thought|considering) (?:me|us|it|that)?))*$/;
/** A clause that carries nothing: fillers, "I've got it", "it's no big deal", "no worries". */
const ASIDE = new RegExp(String.raw`^(?:${SOFT}(?: ${SOFT})*|(?:i'?ve |i )?got it|(?:it'?s |that'?s )?no (?:big deal|problem|worries|prob)|all good|i see|next time|some other time|never again)$`);

const whole = (re: string) => new RegExp(String.raw`^(?:${SOFT} )*${re}(?: ${re})*(?: ${SOFT})*$`);
const YES_CLAUSE = whole(YES);
/** Words a no is wrapped in ("that's really not necessary", "I'm afraid not now"). */
const NO_SOFT = String.raw`(?:${SOFT}|that'?s|it'?s|that|this|it|i think|i guess|i'?m afraid|very|so)`;
const NO_CLAUSE = new RegExp(String.raw`^(?:${NO_SOFT} )*${NO}(?: (?:${NO}|${NO_SOFT}))*$`);
const STOP_CLAUSE = new RegExp(String.raw`^(?:(?:${SOFT}|nah|no|nope)[,.!]? )*${STOP}(?: ${SOFT})*$`);
/** "Why not?" is a yes only when something was offered; otherwise it asks why. */
const WHY_NOT = /^(?:(?:ok|okay|sure|well|yeah|yes|hmm) )*why not$/;
/** Words that carry something new: a port, a host-like word, a verb of checking. */
const CARRIES = /\d|[.:]\w|\b(?:try|scan|capture|watch|hold|instead|port|host|server)\b/;
/** A reason told in the past ("my bad, i was using the IP instead of the hostname"): it explains the stop and asks for nothing. */
const PAST_REASON = /\b(?:my bad|my mistake|i was|i had|it was|i forgot|turned out|figured)\b/;
/** A reason that names nothing new ("wrong server", "wrong box"). */
const REASON = /^(?:(?:sorry|oops|my bad)\s+)?wrong (?:server|host|box|machine|port|one|target|ip)$/;
/** "Thanks anyway" to an offer: a polite no. */
const THANKS_ANYWAY = /^(?:(?:oh|well|ok|okay|but) )?(?:thanks?|thank you|thx|cheers)(?: (?:so much|a lot))? (?:anyway|anyways|though|all the same)$/;

type Label = 'yes' | 'no' | 'stop' | 'thanks' | 'aside' | 'other';

/** A stop said first, then what made it moot ("nvm figured it out, the vpn wasnt connected"). */
const STOP_LEAD = new RegExp(String.raw`^(?:${SOFT}[,.!]? )*(?:never ?mind|nvm|forget it|scratch that)\b`);
/** A yes, then what to do ("go ahead and set it up", "yes please scan it"). */
const YES_HEAD = String.raw`^(?:${SOFT}[,.!]? )*${YES}(?: ${YES})*(?: ${SOFT})* (?:and )?`;

/** "go ahead and set it up": a yes whose tail only says to do it (a generic verb, or the offer's own). */
function yesThenDo(lower: string, offered: string | undefined): boolean {
  const own = offered === 'check' ? 'check|test' : offered === 'lab' || offered === 'drill' ? 'start|open' : offered ?? '';
  const verbs = ['set', 'do', 'run', 'start', 'go', 'get', 'fire', 'kick', 'spin', 'turn', ...(own ? [own] : [])].join('|');
  return new RegExp(String.raw`${YES_HEAD}(?:${verbs})(?: (?:it|that|this|them|things))?(?: (?:up|on|off|going|away|now|ahead|please))*$`).test(lower);
}

/** "scan everything" when a scan is what was offered: the offer's own verb, said again, is a yes. */
function namesOffer(lower: string, offered: string | undefined): boolean {
  if (!offered) return false;
  const verb = offered === 'check' ? '(?:check|test)' : offered === 'lab' || offered === 'drill' ? '(?:start|run|do)(?: (?:the|a))? (?:lab|drill)' : offered;
  return new RegExp(String.raw`^(?:(?:run|do|start) (?:the |a )?)?${verb}(?:ning|ing)?(?: (?:it|that|this|everything|it all|all(?: of it| ports| the ports)?|away|now|please))*$`).test(lower);
}

function labelOf(lower: string, pending: boolean, offered?: string): Label {
  if (STOP_CLAUSE.test(lower) || (STOP_LEAD.test(lower) && (!CARRIES.test(lower) || PAST_REASON.test(lower)))) return 'stop';
  if (pending && WHY_NOT.test(lower)) return 'yes';
  if (pending && yesThenDo(lower, offered)) return 'yes';
  if (pending && (THANKS_ANYWAY.test(lower) || /^i'?m (?:good|fine|ok|okay)(?: thanks?| thank you)?$/.test(lower))) return 'no';
  if (namesOffer(lower, offered)) return 'yes';
  if (YES_CLAUSE.test(lower)) return 'yes';
  if (THANKS.test(lower)) return 'thanks';
  if (ASIDE.test(lower)) return 'aside';
  if (NO_CLAUSE.test(lower)) return 'no';
  return 'other';
}

/**
 * A reply to an offer, or a stop: confirm, decline, cancel; null when the text is something else.
 * `pending`: an offer is waiting for its answer ("forget it" then declines it).
 */
export function readOfferReply(text: string, pending = false, offered?: string): FollowUpRead | null {
  if (text.includes('\n')) return null;
  if (!text.trim()) return { followUp: 'confirm', confidence: 0.9 };
  if (text.length > 160) return null;
  // "Alright mate?" with nothing offered asks how you are: a greeting, not a yes.
  if (!pending && /\?\s*$/.test(text) && greetingScore(text) >= 0.6) return null;
  const clauses = clausesOf(text);
  if (!clauses.length) return null;
  const labels = clauses.map((c) => (REASON.test(c.lower) ? 'aside' : labelOf(c.lower, pending, pending ? offered : undefined)));
  const said = labels.filter((l) => l === 'yes' || l === 'no' || l === 'stop');
  if (!said.length) return null;
  const others = clauses.filter((_, i) => labels[i] === 'other');
  // "no, try 6543 instead": the other clause names something new, so this is no answer.
  if (others.some((c) => CARRIES.test(c.lower) && !(said.includes('stop') && PAST_REASON.test(c.lower)))) return null;
  // Another clause may only give a reason after a no or a stop ("no way, that takes too long").
  const first = labels.find((l) => l !== 'aside' && l !== 'thanks');
  const words = clauses.reduce((n, c) => n + wordsOf(c.lower).length, 0);
  const reasonsOnly = first === 'stop' && others.every((c) => PAST_REASON.test(c.lower));
  if (others.length && (first === 'yes' || first === 'other' || (words > 12 && !reasonsOnly))) return null;
  // "No problem", "no route to host": the no-word belongs to something else.
  if (labels.length === 1 && labels[0] === 'no' && /^no (?:problem|worries|prob|internet|route|connection|response|answer|reply|such|data|network|access)\b/.test(clauses[0].lower)) return null;
  // Without an offer, thanks with a no is only thanks ("no, thanks").
  if (!pending && labels.includes('thanks') && !said.includes('stop')) return null;
  const confidence = clauses.length === 1 ? 0.95 : 0.9;
  // "Never mind", "forget it", "scratch that", "cancel": a stop, offer or not (the plan drops the offer either way).
  // "No, really, forget about it." to an offer: the no comes first, the stop only says it firmly.
  if (pending && said[0] === 'no' && said.includes('stop')) return { followUp: 'decline', confidence };
  if (said.includes('stop')) return { followUp: 'cancel', confidence };
  return { followUp: said[said.length - 1] === 'yes' ? 'confirm' : 'decline', confidence };
}
