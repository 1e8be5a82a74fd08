/**
 * Answers to what the chat offered, and stops: "sure go ahead", "that sounds good", "yep please
 * check" (confirm); "nope", "not really", "I don't think so", "no way, that takes too long"
 * (decline); "stop", "ok stop watching", "never mind" (cancel). "Forget it" declines an offer
 * when one is pending and cancels otherwise. A reply that also names something new ("no, try
 * 8080", "ok now node-b") is not an answer to the offer: the follow-up reader takes it. Pure.
 */
import type { FollowUpRead } from './follow-ups.js';

const AFFIRM = /^(?:y|yes|yeah|yea|yep|yup|ya|sure|ok|okay|k|kk|alright|all right|fine|go|go ahead|go for it|go on|do it|do that|do so|run it|please|pls|yes please|please do|sounds good|let'?s go|let'?s do it|proceed|continue|absolutely|definitely|of course|why not|👍)$/;
const AFFIRM_WORDS = new Set(`y yes yeah yea yep yup ya sure ok okay k kk alright fine go ahead for it do run check test please pls sounds good great fine
  perfect lets let's proceed continue absolutely definitely of course why not that this thanks thank you then now 👍 it works idea sure, go, on`.split(/\s+/));
const AFFIRM_HEAD = /^(?:y|yes|yeah|yea|yep|yup|ya|sure|ok|okay|alright|fine|go ahead|go for it|go on|do it|please|pls|sounds good|(?:that )?sounds (?:good|great|fine|ok|okay|like a plan)|that works|good idea|great|perfect|let'?s|absolutely|definitely|of course|proceed)\b/;
/** The whole reply says no. */
const DECLINE = /^(?:n|no|nope|nah|naw|no thanks?|no thank you|not now|not yet|not today|later|maybe later|skip|skip it|don'?t|no,? don'?t|no need|not needed|(?:ok |okay )?forget (?:it|that|about it)|i'?ll pass|pass|no,? (?:that'?s )?(?:fine|ok)|nope,? thanks|not really|i don'?t think so|i'?d rather not|rather not|no way|nah,? thanks?|i'?m good|we'?re good|not necessary)$/;
/** No, with a reason after it ("no way, that takes too long", "nah, not worth it"). */
const DECLINE_HEAD = /^(?:no|nope|nah|naw|not really|not now|i don'?t think so|no way|i'?d rather not|rather not|skip it|no thanks?),?\s/;
/** Stop what runs, or never mind. */
const CANCEL = /^(?:(?:ok|okay|please|pls|just|hey|actually|wait)[,.!]?\s+)*(?:cancel|abort|halt|enough|stop|never ?mind|nvm|scratch that|ignore (?:it|that)|(?:kill|end|quit) (?:it|that|this|the \w+))(?:\s+(?:it|that|this|now|please|the (?:check|scan|capture|watch|hold|trace)|(?:watching|holding|capturing|scanning|checking|tracing|waiting)(?: (?:it|that))?))*$/;
/** "No problem, thanks", "no worries", "no internet", "no route to host": not an answer to an offer. */
const NOT_A_NO = /^no (?:problem|worries|prob|internet|route|connection|response|answer|reply|such|data|network|access)\b|\bthank|\bthx\b|\bcheers\b/;
/** Words that carry something new: a port, a host-like word, a verb of checking. */
const CARRIES = /\d|[.:]\w|\b(?:try|check|scan|capture|watch|hold|instead|on|port|host|server)\b/;

/**
 * A reply to an offer, or a stop: confirm, decline, cancel; null when the text is something else.
 * `pending`: an offer is waiting for its answer ("forget it" then declines it).
 */
export function readOfferReply(text: string, pending = false): FollowUpRead | null {
  if (text.includes('\n')) return null;
  const t = text.trim().toLowerCase().replace(/[’]/g, "'").replace(/[?!.]+$/, '').replace(/\s+/g, ' ');
  if (!t) return { followUp: 'confirm', confidence: 0.9 };
  if (/^(?:(?:ok |okay )?forget (?:it|that|about it)|never ?mind|nvm)$/.test(t)) return { followUp: pending ? 'decline' : 'cancel', confidence: 0.95 };
  if (CANCEL.test(t)) return { followUp: 'cancel', confidence: 0.95 };
  if (DECLINE.test(t)) return { followUp: 'decline', confidence: 0.95 };
  if (AFFIRM.test(t)) return { followUp: 'confirm', confidence: 0.95 };
  const ws = t.split(/[\s,]+/).filter(Boolean);
  if (ws.length <= 10 && DECLINE_HEAD.test(`${t} `) && !CARRIES.test(t.replace(DECLINE_HEAD, '')) && !NOT_A_NO.test(t)) return { followUp: 'decline', confidence: 0.9 };
  if (ws.length <= 6 && AFFIRM_HEAD.test(t) && ws.every((w) => AFFIRM_WORDS.has(w) || w === 'it' || w === 'like' || w === 'a' || w === 'plan')) return { followUp: 'confirm', confidence: 0.9 };
  if (/^(?:please |pls )?(?:check|test|run|do) it(?: please)?$|^(?:please|pls) (?:check|test|run)(?: it)?$/.test(t)) return { followUp: 'confirm', confidence: 0.85 };
  return null;
}
