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
 * is not an answer to the offer: the follow-up readers take it.
 *
 * The words are kinds of answer, not lists of one set's sentences: intensifiers that say yes on
 * their own ("undoubtedly", "you betcha", "yesss"), refusals by form (a first person who cannot
 * or will not: "I won't be able to make it", "I'm unfortunately unable to attend", "I'll sit this
 * one out"), deferrals ("I'll think about it", "let me sleep on it"), stops by their verbs ("call
 * off", "scratch", "scrap", "nix" + what), and waits ("hang on", "bear with me", "give me a
 * second", "let me check and I'll get back to you"): a wait runs nothing and drops nothing. Pure.
 */
import { clausesOf, wordsOf, type Clause } from './clauses.js';
import type { FollowUpRead } from './follow-ups.js';
import { greetingScore } from './intent-words.js';
import { answerElsewhere } from './other-languages.js';

/** Words around an answer that change nothing ("oh", "well", "really", "then"). */
const SOFT = String.raw`(?:oh|ah|wow|whoa|ooh|yay|ugh|uh|um|er|hmm+|hm|well|hey|actually|wait|so|then|now|really|just|honestly|quite|totally|for now|mate|man|dude|thanks|thank you|please|pls|too|right|yes|ok|okay|and|but|anyway|anyways|though|sorry|i'?m sorry|so sorry|unfortunately|regrettably|sadly|alas|i'?m afraid|afraid|i guess|i think|to be honest|tbh)`;

/**
 * Yes by kind: adverbs of certainty said alone ("undoubtedly", "most certainly", "without a
 * doubt"), slang and spellings of yes ("you betcha", "totes", "yas", "okie", "uh-huh"), go-on
 * words ("carry on", "works for me", "be my guest", "count me in"), and willingness ("I'd be
 * happy to help", "happy to", "my pleasure").
 */
const ASSENT = String.raw`(?:(?:most |very |quite )?(?:undoubtedly|indubitably|unquestionably|unquestioningly|doubtlessly|assuredly|surely|positively|unreservedly|wholeheartedly|certainly|definitely|absolutely|totally|completely|entirely|indeed|exactly|precisely|naturally|obviously)|no doubt(?: about it)?|without (?:a |any )?doubt|beyond (?:a |any )?doubt|(?:you )?bet(?:cha| ya| you| your life)?|you betcha|totes|right on|hell(?: yes| yeah)|heck(?: yes| yeah)|yes(?: sir| ma'?am| indeed| please)|yessir|aye aye|y[aei]s+|ye[ah]+|yeh|yah|yu?p+|okie|oki|okey|okies|k+|ok+|mm+[- ]?hm+|m+h+m+|ja|oui|s[ií]|da|uh[- ]?huh|carry on|go on then|(?:that )?works for (?:me|us)|(?:that'?s )?fine (?:by|with) (?:me|us)|(?:that'?s )?(?:ok|okay|good) (?:by|with) (?:me|us)|(?:that )?sounds (?:good|great|fine|ok|okay|perfect|lovely|grand|like a (?:plan|good idea))(?: to (?:me|us))?|(?:i'?d|i would) (?:love|like|enjoy|appreciate) (?:to|that|it)(?: (?:very much|a lot|so much))?|(?:that|it|this)(?:'d| would|'ll| will) (?:be (?:(?:really|very|so|super|most|quite) )?(?:great|nice|helpful|good|useful|awesome|amazing|perfect|lovely|fantastic|wonderful|brilliant|cool|excellent|appreciated|a (?:big |great )?help)|help(?: (?:a lot|a ton|so much|loads))?)|go (?:right |on )?ahead|you (?:can|may|could)(?: (?:do (?:it|that|so)|go ahead|proceed|run it|start))?|feel free|permission granted|you have my (?:permission|blessing)|ye|count me in|be my guest|fire away|bring it on|make it so|if you insist|happy to(?: help)?|glad to(?: help)?|(?:it'?s |it would be |it'?d be )?my pleasure|(?:i'?d|i would|i'?ll|i will) be (?:happy|glad|delighted|pleased|more than happy) to(?: (?:help|oblige|do (?:it|that|so)))?|i'?m (?:happy|glad|keen|game|up for it|all for it)|💯|👌|✅)`;

/** One way of saying yes. A clause is a yes when it is made of these (and soft words). */
const YES = String.raw`(?:y|yes|yeah|yea|yep|yup|ya|sure|sure thing|for sure|ok|okay|k|kk|alright|alrighty|all righty|all right|fo sho|for sho|fosho|sure sure|fine|go|go ahead|go on|go for it|do it|do that|do so|run it|please|pls|please do|yes please|sounds (?:good|great|fine|ok|okay|like a plan)|that sounds (?:good|great|fine)|that works|good idea|great idea|great|perfect|cool|let'?s|let'?s go|let'?s do (?:it|that|this)|let'?s (?:see|try|have a look)(?: (?:it|that))?|let me see|show me|proceed|continue|absolutely|definitely|certainly|of course|by all means|with pleasure|gladly|you bet|i'?m in|i'?d (?:love|like) (?:to|that)|i would (?:love|like) (?:to|that)|that would be (?:great|nice|helpful|good|useful)|that'?d be (?:great|nice|helpful|good|useful)|(?:check|test|run|try|do) (?:it|that|this)|(?:check|test|run)|what are we waiting for|what'?re we waiting for|will do|lgtm|looks good(?: to me)?|yep|yup|you got it|affirmative|roger(?: that)?|copy(?: that)?|i'?m down|okey[- ]?dok(?:ey|ie)|okie[- ]?dok(?:ey|ie)|aye|deal|👍|${ASSENT})`;
/** When a no is for: "this time", "tonight", "for now". */
const WHEN = String.raw`(?: (?:this time|this once|today|tonight|now|right now|for now|at the moment|at this time|after all|though))?`;
/**
 * No by form: a first person who cannot or will not ("I won't be able to make it", "we can't
 * join you", "I'm unfortunately unable to attend", "regrettably, I'm not able to"), who passes or
 * sits it out ("I'm going to sit this one out", "count me out", "hard pass"), who has something
 * else on ("I have a prior commitment that I can't reschedule"), or a no said with emphasis
 * ("absolutely not", "no can do"). The verbs are the verbs of taking up an offer, so "I can't
 * connect" is no answer.
 */
const REFUSAL = String.raw`(?:(?:(?:i|we)(?:'m|'re| am| are)?(?: (?:just|simply|really|unfortunately|sadly|regrettably|afraid))* )?(?:not able|unable|won'?t(?: be able)?|will not(?: be able)?|can'?t|cannot|can not|couldn'?t|could not|not going to(?: be able)?|'?ll not be able|am not in a position|'?m not in a position)(?: to)?(?: (?:make it|come|attend|join(?: (?:you|us|in))?|go|do (?:it|that|this|so)|accept|commit|participate|take part|be there|help|manage|afford (?:it|the time)))?${WHEN}|(?:(?:i|we)(?:'m| am|'ll| will|'re| are)?(?: (?:just|probably|afraid|going to|gonna|have to|need to|think i'?ll|think we'?ll))* )?(?:sit (?:this|that|it) (?:one )?out|pass(?: on (?:this|that|it)(?: one)?)?|skip (?:this|that|it)(?: one)?|give (?:it|this|that) a miss|bow out|decline(?: (?:it|this|that|the offer))?)${WHEN}|(?:(?:i|we)(?:'m| am|'ll| will|'re| are)?(?: (?:going to|gonna|have to|need to|must|afraid|think|'ll have to))* )?say no${WHEN}|(?:i'?d|i would|we'?d) (?:prefer|rather|sooner) not(?: to)?|(?:i'?m|i am|we'?re|we are) not (?:interested|keen|up for it|in the mood)|(?:i|we) (?:don'?t|do not) (?:want|need|wish)(?: (?:to|it|that|this|one|that one|them))?${WHEN}|(?:i |we )?don'?t think (?:(?:that|it|this)(?:'s| is| would be|'d be|'ll be|'s going to be) )?(?:necessary|needed|required|a good idea|worth it)|(?:i |we )?don'?t think (?:i|we) need (?:it|that|to|one)|(?:i'?m )?afraid not|sadly not|i guess not|i think not|probably not|let'?s not(?: (?:do (?:it|that|this)|bother))?${WHEN}|no (?:thx|ty|tnx|thank u)|(?:i'?m|we'?re|i am|we are) (?:fine|good|ok|okay|all right|alright) without (?:it|that|one)|not (?:for )?now|not (?:right )?(?:this|at the) (?:minute|moment|second)|not at this time|no need (?:for (?:that|it|this|one)|to)|count (?:me|us) out|include (?:me|us) out|not for (?:me|us)|no can do|hard pass|not (?:really )?my cup of tea|(?:i'?m )?not (?:so |too |really )?sure (?:that'?s|it'?s|that is|it is|this is) (?:necessary|needed|worth it|a good idea)|(?:i'?d |i had |we'?d )?better not|negative|nay|not a chance|(?:absolutely|certainly|definitely|of course|surely) not|by no means|no siree|(?:i|we) (?:have|'ve got|got) (?:a |another |other |some )?(?:prior |previous |other |existing )?(?:commitments?|engagements?|plans?|appointments?|meetings?)(?: (?:that|which) (?:i|we) can'?t (?:reschedule|move|change|cancel|get out of|miss))?${WHEN}|(?:i'?m|i am|we'?re|we are) (?:(?:too|a bit|really|very|quite|pretty|kind of|so) )?(?:busy|swamped|booked(?: up)?|tied up|slammed|not free|not available)${WHEN})`;
/** Not now, by form: "I'll think about it", "I'll give it some thought", "let me sleep on it", "I'll get back to you on that". */
const DEFERRAL = String.raw`(?:(?:i'?ll|i will|let me|i'?d like to|i need to|i have to|i want to|i'?m going to|i'?m gonna|i should|i might|i may|we'?ll|let us)(?: (?:have to|need to|want to|first|maybe))* (?:think (?:about|on|over)(?: (?:it|that|this))?|think (?:it|that|this) over|give (?:it|this|that) (?:some |a little |more |a bit of |a |some more )?thought|sleep on (?:it|that|this)|mull (?:it|that|this) over|mull over (?:it|that|this)|consider (?:it|that|this)|ponder (?:it|that|this)|chew on (?:it|that|this)|decide(?: (?:on|about) (?:it|that|this))?|get back to you(?: on (?:it|that|this))?|let you know)(?: (?:a bit|some more|first|later|tomorrow|soon))?|not yet|maybe(?: later| tomorrow| next week)|we'?ll see)`;

/** One way of saying no. */
const NO = String.raw`(?:n|no|nope|nah|naw|no thanks?|no thank you|not (?:right )?now|not (?:just )?yet|not at the moment|not today|not this time|not really|not necessary|not needed|unnecessary|no need|not worth it|later|maybe later|some other time|another time|next time|maybe (?:next time|another time|some other time|tomorrow)|(?:another|some other) time(?: perhaps| maybe)?|perhaps (?:another|some other) time|(?:maybe )?we can do (?:it|this|that) (?:another|some other) time|(?:i|we) can'?t(?: (?:now|today|right now))?|skip|skip it|pass|i'?ll pass|i'?d rather not|rather not|i don'?t think so|no way|don'?t|don'?t bother|no,? don'?t|i'?m (?:good|fine|ok|okay|all right|alright)|we'?re good|(?:it'?s|that'?s) (?:all right|alright|ok|okay|fine)|not interested|(?:it'?s )?not (?:a )?good time(?: (?:for|to) (?:me|us|now))?|(?:it'?s )?a bad time|i'?ll have to pass|i have to pass|have to pass|(?:won'?t|will not|isn'?t|is not|wouldn'?t|would not)(?: be)? (?:necessary|needed|required)|(?:i'?m )?(?:going to|gonna) (?:have to )?(?:take|pass)(?: a rain ?check)?|(?:i'?ll |i )?(?:have to )?take a rain ?check|rain ?check|i'?ll (?:\w+ )?(?:\w+ )?(?:\w+ )?myself|i can (?:\w+ )?(?:\w+ )?myself|${REFUSAL}|${DEFERRAL})`;
/** What a stop is said of: "it", "that", "the plan", "our dinner plans". */
const STOPPED = String.raw`(?:it|that|this|everything|all (?:of )?(?:it|that)|the (?:whole )?\w+|our \w+(?: \w+)?|my \w+(?: \w+)?)`;
/**
 * A stop by its verb: call off, scratch, scrap, nix, ditch, drop, cancel (+ what), said plainly or
 * as a plan ("let's scratch the plan", "I need to call off our dinner plans for tonight", "we had
 * to call it off").
 */
const CALL_OFF = String.raw`(?:(?:let'?s|let us|(?:i|we) (?:need|have|had|want|'d like|would like|'ll have|will have) to|(?:i|we)(?:'ll| will| must| should)|i'?m going to|we'?re going to|just|please|actually) )*(?:forget (?:about )?(?:it|that|this|the whole thing|i (?:ever )?(?:asked|said (?:anything|that|it)|mentioned (?:it|that)))|call ${STOPPED} off|call off ${STOPPED}|(?:scratch|scrap|nix|ditch|axe|scrub|shelve|drop|cancel|abort|kill) ${STOPPED}|strike that|belay that|abort(?: the)? mission|no longer (?:needed|necessary|required|relevant)|not needed any ?more|disregard (?:it|that|this|my (?:last )?(?:message|question)))(?: (?:for (?:now|today|tonight)|tonight|today|after all|then|altogether))?`;
/** One way of saying stop (what runs, or never mind). */
const STOP = String.raw`(?:${CALL_OFF}|cancel|abort|halt|enough|stop|never ?mind|nvm|scratch that|forget (?:it|that|about it|what i (?:just )?(?:said|asked|wrote)|everything i (?:just )?said)|ignore(?: (?:it|that|this|me|my (?:last )?(?:message|question)))?|disregard(?: (?:it|that|this|me))?|(?:kill|end|quit) (?:it|that|this|the \w+))(?:\s+(?:it|that|this|now|please|the (?:check|scan|capture|watch|hold|trace)|(?:watching|holding|capturing|scanning|checking|tracing|waiting)(?: (?:it|that))?))*`;
/** Thanks in a reply ("thank you", "I appreciate the offer"): neither yes nor no. */
const THANKS = /^(?:(?:oh|well|ok|okay|but|and) )?(?:thanks?|thank you|thx|ty|cheers|many thanks|much appreciated|appreciated|(?:i )?(?:really |truly |do )?appreciate (?:it|that|you asking|(?:the|your) (?:kind |generous )?(?:offer|help|invite|invitation|suggestion|thought|idea))|(?:that'?s |it'?s )?(?:very |so |really )?(?:kind|nice|sweet|thoughtful|generous) of you(?: to (?:offer|ask|think of (?:me|us)))?|i'?m (?:(?:very|so|really|truly) )?(?:flattered|honou?red|touched)(?: (?:that )?you (?:considered|thought of|asked|invited|included) (?:me|us))?)(?: (?:so much|a lot|anyway|though|again|for (?:the|your) (?:kind |generous )?(?:offer|help|invite|invitation|suggestion)|for (?:offering|asking|inviting me|the invite|the invitation)|for (?:thinking of|asking about|the thought|considering|including) (?:me|us|it|that)?))*$/;
/** A clause that carries nothing: fillers, "I've got it", "it's no big deal", "no worries". */
const ASIDE = new RegExp(String.raw`^(?:${SOFT}(?: ${SOFT})*|(?:i'?ve |i )?got it|(?:it'?s |that'?s )?no (?:big deal|problem|worries|prob)|all good|i see|next time|some other time|never again|i know it'?s (?:not easy|hard|a pain|tedious)|i wish (?:i|we) could|if you (?:don'?t|do not) mind|if (?:that'?s|it'?s) (?:ok|okay|alright|all right|fine)(?: with you)?|if you (?:can|could|would|want|like)|(?:i'?m|i am) not (?:so |too )?sure)$`);

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

type Label = 'yes' | 'no' | 'stop' | 'wait' | 'thanks' | 'aside' | 'other';

/** How long a wait is: "a second", "one moment", "a few minutes". */
const SPAN = String.raw`(?:(?:a|one|a few|a couple|a couple of|two|five|5|ten|10|some|just a|just one) (?:sec|secs|second|seconds|moment|moments|minute|minutes|min|mins|mo|tick|tic|jiffy|trice|bit|while|little while|little bit|little)|a sec or two|a minute or two|some time|a little more time|more time)`;
/**
 * Wait, by its idioms: hold on, hang on, hold up, hang tight, sit tight, stand by, hold the phone,
 * hold your horses, hold that thought, bear with me, give me a second, just a moment, not so fast,
 * "let me check and I'll get back to you". Nothing runs and nothing is dropped: the person will be
 * back. "Hold on to the connection" is no wait (the clause must be only the idiom and a span).
 */
const WAIT_CLAUSE = new RegExp(String.raw`^(?:${SOFT}[,.!]? )*(?:(?:can|could|would|will) you (?:please |just )?)?(?:hold on|hang on|hold up|hold it|hold tight|hang tight|sit tight|stand by|hold the (?:phone|line|press)|(?:excuse|pardon) (?:me|us)(?= (?:for )?(?:a|one|just a) )|hold(?= (?:for )?(?:a|one|just a) (?:sec|second|moment|minute|min|tick|tic|jiffy|mo)\b)|hold your horses|hold that thought|bear with (?:me|us)|wait(?: up| for me| a bit| there)?|wait and see|gimme ${SPAN}|give (?:me|us) ${SPAN}|(?:just )?${SPAN}(?: please)?|not so fast|easy there|(?:i'?ll |i will )?be (?:right )?back|(?:i'?ll |i will )?be (?:right )?with you|(?:i'?ll|i will) get back to you(?= (?:in|within) )|brb|back in (?:${SPAN}|\d{1,2}(?: ?(?:min|mins|minutes|sec|secs|seconds))?)|(?:half a|two|a couple of) (?:mo|sec|secs|second|seconds|tick|ticks|tic|tics|jiffy|minute|minutes)|(?:give me|gimme) (?:five|5|ten|10|two|2)|let me (?:check|think|find out|ask|confirm|verify|double[- ]?check)(?: (?:something|first|on (?:it|that|something)|quickly))?(?: and (?:i'?ll |i will )?(?:get back to you|let you know|come back))?)(?: (?:for |in )?${SPAN})?(?: to (?:check|think|look|see|finish|decide|ask)(?: (?:something|it|that|first))?)?(?: (?:please|pls|there|pal|mate|buddy|then|ok|okay))*$`);
/** What a person says they will do while the chat waits ("let me grab that file for you"). */
const OWN_ERRAND = /^(?:let me|i'?ll|i will|i need to|i have to|i gotta|gotta|i'?m (?:just |going to |gonna |still )?(?:\w+ing\b)?|i want to|(?:just |still )?\w+ing\b)/;
/** "Give it a go", "have another crack at it": a yes to an offer; with none, the follow-up readers take it (again). */
const GIVE_IT_A_GO = new RegExp(String.raw`^(?:${SOFT}[,.!]? )*(?:let'?s |let us )?(?:give (?:it|that|this) (?:a|another|one more|a quick) (?:go|shot|try|whirl|bash|crack|spin)|have (?:a|another) (?:go|crack|shot|stab|bash)(?: at (?:it|that))?|take (?:a|another) (?:crack|shot|stab)(?: at (?:it|that))?)(?: ${SOFT})*$`);

/**
 * Encouragement said to an offer is a yes: go for it, just do it, you can do it, it's worth a shot,
 * you might as well, it can't hurt, good to go, I won't think twice; and rhetorical questions
 * whose answer is yes ("what do you have to lose?", "what are you waiting for?", "why not give it
 * a shot?", "what's the harm?"). With nothing offered they answer nothing (the other readers decide).
 */
const ENCOURAGE = String.raw`(?:(?:you|we|u) (?:should|could|might|may|can|ought to|gotta|have to|need to|must)(?: (?:definitely|totally|really|just|absolutely|certainly|probably|surely|so))* (?:go for it|do it|try it|go ahead|give it a (?:go|shot|try|whirl))|(?:just )?go for it|just do it|come on|c'?mon|(?:you|we)(?: can| could| will)? do (?:it|this)|you(?:'ve)? got this|(?:(?:it'?s|it is|that'?s|that is|it'?d be|it would be) )?(?:(?:definitely|totally|well|surely|certainly|probably|always|still) )?worth (?:a|the|another) (?:shot|try|go|punt|look|attempt)|(?:you |we |i )?might as well(?: (?:try|do it|go for it|give it a (?:go|shot|try)))?|no harm (?:in )?trying|(?:it |that )?(?:can'?t|won'?t|wouldn'?t|couldn'?t) hurt(?: to (?:try|ask|check|look))?|(?:there'?s |we have |you have |got )?nothing to lose|what (?:do|have|did) (?:you|we|i|u) (?:have |got )?(?:got )?to lose|what'?s the (?:harm|worst that could happen)|what (?:could|can) (?:possibly )?go wrong|what (?:are|r) (?:you|we|u) waiting for|why not(?: (?:give it a (?:go|shot|try|whirl)|try(?: it| that)?|do it|go for it|have a (?:go|look)|just do it))?|why wouldn'?t (?:you|we|i)|(?:(?:we'?re|i'?m|you'?re|it'?s|all) )?good to go|(?:i'?m |we'?re )?(?:all set|ready when you are|ready)|(?:i )?(?:won'?t|wouldn'?t|don'?t) (?:think|hesitate) twice|without (?:a second thought|hesitation|thinking twice)|in a heartbeat|let'?s roll|hit it|let (?:it|'er) rip|knock yourself out|go nuts|have at it|shoot|take (?:a|the) (?:chance|plunge|leap)|give it (?:your|a) best shot|nothing ventured(?: nothing gained)?|nothing gained|(?:i )?(?:don'?t|can'?t) see why not|(?:there'?s |i see )?no reason not to|(?:it )?never hurts to (?:try|ask|check)|(?:there'?s |there is )?no harm in (?:trying|asking|checking)|(?:you'?ve got|you have|you got) my (?:blessing|permission|vote)|i say (?:go for it|do it|yes|go ahead))`;
const ENCOURAGE_CLAUSE = new RegExp(String.raw`^(?:${SOFT}[,.!]? )*${ENCOURAGE}(?: ${SOFT})*$`);
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
  if (GIVE_IT_A_GO.test(lower)) return pending ? 'yes' : 'other';
  // "let me think on it" defers (the offer is dropped); "let me check" only waits.
  if (WAIT_CLAUSE.test(lower) && !NO_CLAUSE.test(lower)) return 'wait';
  if (STOP_CLAUSE.test(lower) || (STOP_LEAD.test(lower) && (!CARRIES.test(lower) || PAST_REASON.test(lower)))) return 'stop';
  if (pending && WHY_NOT.test(lower)) return 'yes';
  if (pending && yesThenDo(lower, offered)) return 'yes';
  if (pending && (THANKS_ANYWAY.test(lower) || /^i'?m (?:good|fine|ok|okay)(?: thanks?| thank you)?$/.test(lower))) return 'no';
  if (namesOffer(lower, offered)) return 'yes';
  if (YES_CLAUSE.test(lower)) return 'yes';
  if (THANKS.test(lower)) return 'thanks';
  if (ASIDE.test(lower)) return 'aside';
  if (NO_CLAUSE.test(lower)) return 'no';
  // Checked last, so a plain English answer never pays for compiling them.
  if (pending && ENCOURAGE_CLAUSE.test(lower)) return 'yes';
  const foreign = answerElsewhere(lower);
  if (foreign && (pending || foreign === 'stop' || foreign === 'wait')) return foreign;
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
  // "yesssss", "nooo", "okkk": a letter said three times or more is one.
  const lowers = clauses.map((c) => c.lower.replace(/([a-z])\1{2,}/g, '$1'));
  const read = lowers.map((lower) => (REASON.test(lower) ? 'aside' : labelOf(lower, pending, pending ? offered : undefined)));
  // "Hold on a moment, please.": beside a wait, "please" and "ok" only soften it.
  const labels = read.map((l, i) => (read.includes('wait') && l === 'yes' && /^(?:please|pls|ok|okay|k|thanks?|thank you)$/.test(lowers[i]) ? 'aside' : l));
  const said = labels.filter((l) => l === 'yes' || l === 'no' || l === 'stop');
  const others = clauses.filter((_, i) => labels[i] === 'other');
  // "Hold on a sec, let me grab that file for you": a wait (and what the person does meanwhile) keeps everything as it is.
  // "Hold on, someone is at the door": a short reason beside the wait, asking nothing and naming nothing, keeps it a wait.
  const aside = (c: Clause) => !c.asks && wordsOf(c.lower).length <= 8 && !/\b(?:why|how|what|wrong|not|n'?t|stop|cancel|check|test|again)\b/.test(c.lower);
  if (!said.length && labels.includes('wait') && others.every((c) => (OWN_ERRAND.test(c.lower) || aside(c)) && !CARRIES.test(c.lower))) return { followUp: 'wait', confidence: 0.9 };
  if (!said.length) return null;
  // "no, try 6543 instead": the other clause names something new, so this is no answer.
  if (others.some((c) => CARRIES.test(c.lower) && !(said.includes('stop') && PAST_REASON.test(c.lower)))) return null;
  // Another clause may only give a reason after a no or a stop ("no way, that takes too long").
  const first = labels.find((l) => l !== 'aside' && l !== 'thanks');
  const words = clauses.reduce((n, c) => n + wordsOf(c.lower).length, 0);
  const reasonsOnly = first === 'stop' && others.every((c) => PAST_REASON.test(c.lower));
  // "Yes, but we had to call it off. It's too cold outside.": the yes agrees; the stop is the answer.
  if (others.length && ((first === 'yes' && !said.includes('stop')) || first === 'other' || (words > 12 && !reasonsOnly))) return null;
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
