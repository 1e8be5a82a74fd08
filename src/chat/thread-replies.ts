/**
 * The forms of replies in a troubleshooting thread that readThreadForm (follow-ups.ts) reads
 * besides the ones it has always had: a maintainer asking to try again after a change ("This
 * update is now live - let me know what you find!", "Try out the new version and let me know how
 * that goes", "you should be able to connect now", "please try the latest release. Does the
 * problem remain?"); an instruction about something in the path ("Make sure port 8890 is open on
 * your router!", "Have you got the port forwarded?", "try disabling firewall and test with a
 * friend"); a cause found, told in the past ("The problem was that I didn't allow … in
 * firewall."); a "never mind" that reports success ("Never mind, syntax error on my part > … works");
 * a question about the difference or the reason ("so what's the difference between them", "What
 * could be the reason for this intermittent error?"). Data and one pure test each.
 */

/*
 * Cheap word tests first: most replies ("yes", "why?") hold none of these words, and the large
 * patterns below then never run (V8 compiles a pattern on its first use, twice: first to bytecode,
 * then to machine code; for these that is tens of milliseconds on the first message).
 */
const MAY_RETRY = /version|release|build|update|fix|patch|change|deploy|should|persist|remain|back|live/;
const MAY_FORWARD = /forward|upnp|\bnat|open|reachable/;
const MAY_BE_OVER = /problem|issue|cause|culprit|error|bug|mistake|typo|fault|pebkac|never ?mind|nvm|forget|scratch|ignore| was |turned out/;
const MAY_ASK_REASON = /difference|reason|cause|causing|explain|deal|story|hold-?up|matter|gives|wrong|missing|expected|normal|bug|intended|design/;

/** A change made on the other side: a new version, release, build, fix or update. */
const CHANGE = String.raw`(?:(?:new|newer|latest|updated|fixed|next|current) (?:version|release|build|update|image|firmware|beta|nightly|commit|code)|(?:update|fix|patch|release|version|build|change|deploy(?:ment)?)s?)`;
/** Said out: live, out, available, deployed… */
const OUT = String.raw`(?:is|are|has been|have been|was|were|went|got|just went)? ?(?:now )?(?:live|out|available|deployed|released|published|pushed|merged|up|online)`;
/** What is asked after the change: try, test, check, let me know, see if. */
const ASK_BACK = String.raw`\b(?:let (?:me|us) know|tell (?:me|us)|report back|try|test|check|see (?:if|whether)|give it a (?:go|try|shot)|does (?:it|that|this)|is it)\b`;

/** A maintainer asking to try again after a change. */
const RETRY_AFTER_CHANGE = new RegExp(
  [
    String.raw`\b${CHANGE}\b[^.?!]{0,40}?\b${OUT}\b.*${ASK_BACK}`,
    String.raw`\b(?:try|test|check|use|grab|install|update to|upgrade to)(?: out)?(?: with)?(?: it)? (?:the |a |our |this |that )?(?:new|newer|latest|updated|fixed|current|next) (?:version|release|build|update|image|firmware|beta|nightly|commit|code)\b`,
    String.raw`\b(?:we have|there(?:'s| is)|i(?:'ve| have) (?:pushed|published|released|made)) (?:a |the )?(?:new|newer|latest|updated) (?:version|release|build|update)\b.*${ASK_BACK}`,
    String.raw`\b(?:you )?should (?:now )?be able to (?:connect|reach (?:it|the \w+)|access (?:it|the \w+)|get in|log ?in|use it)\b`,
    String.raw`\b(?:it |this |that )?should (?:now )?(?:work|be (?:fixed|working|resolved))(?: now)?\b(?!.*\b(?:but|still|doesn'?t|does not|isn'?t)\b)`,
    String.raw`\b(?:should be|is|it'?s|its|are|we'?re) (?:now )?back (?:up|online|in service)\b|\bshould be (?:up|online|reachable|available) (?:again|now)\b|^(?:the )?(?:server|service|site|host|api|backend|broker|database|db)(?:'s| is) back\b`,
    String.raw`\b(?:if|whether) (?:the|this|that|your) (?:problem|issue|error|bug) (?:still )?(?:persists?|remains?|happens?)\b`,
    String.raw`^(?:and )?(?:does|do) (?:the|this|that|your) (?:problem|issue|error|bug) (?:still )?(?:remain|persist|happen|occur|exist)\b`,
  ].join('|'),
);

/** "Make sure port 8890 is open on your router!", "Have you got the port forwarded?", UPnP, NAT. */
const FORWARDING = /\bport[- ]?forward\w*|\b(?:ports?|it|that) (?:\w+ )?forwarded\b|\bforward(?:ed|ing)? (?:the |your |that |those |both )?(?:ports?|router)\b|\bupnp\b|\bnat(?:ed|'?d)?\b|\b(?:port `?\d{1,5}`?|the port|ports?) (?:is |are )?(?:open|opened|reachable)\b.*\b(?:on|in|through|at) (?:your|my|the|our) (?:router|modem|gateway)\b/;
/** An instruction to look at, open or switch off something in the path ("try disabling firewall"). */
const INSTRUCTED = /^(?:(?:just|please|pls|then|so) )*(?:disable|turn off|switch off|whitelist|unblock|allow|open)\b|\b(?:make sure|ensure|double[- ]check|check|verify|please|try (?:disabling|turning off|allowing|opening|adding|forwarding|whitelisting|checking|to (?:disable|open|allow|forward)))\b|^have you\b/;

/**
 * An instruction, then what it is about after it (`about`: follow-ups.ts passes its MIDDLEBOX):
 * "check your windows firewall"; not "I opened the port in ufw, check again".
 */
export function instructs(lower: string, about: RegExp): boolean {
  const said = INSTRUCTED.exec(lower);
  return said !== null && about.test(lower.slice(said.index));
}

/** Port forwarding, UPnP, NAT or a router's open port named as what to look at. */
export function middleboxInstruction(lower: string): boolean {
  if (!MAY_FORWARD.test(lower)) return false;
  return instructs(lower, FORWARDING) || (FORWARDING.test(lower) && /\?\s*$/.test(lower));
}

/** A maintainer asking to try again after a change on their side. */
export function retryAfterChange(lower: string): boolean {
  if (!MAY_RETRY.test(lower)) return false;
  return RETRY_AFTER_CHANGE.test(lower);
}

/** The cause found, told in the past: "the problem was that …", "the issue was in the security group". */
const CAUSE_FOUND = /^(?:(?:ok|okay|ah|oh|so|update|edit)[,.:!]? )?(?:it|this|that) (?:was|turned out to be) (?:a|an|just a|the) (?:[\w-]+ ){0,2}(?:issue|problem|misconfiguration)(?: on my (?:side|end|part))?$|\b(?:the|my|our) (?:problem|issue|cause|culprit|error|bug) (?:was|turned out to be|ended up being) (?:that|the|my|a|an|in|on|with|because|caused by|due to|just)\b|\b(?:syntax |user |config(?:uration)? )?(?:error|mistake|typo|fault) on my (?:part|end|side)\b|\bpebkac\b/;
/** "never mind, … works": a stop that reports success. */
const NEVER_MIND_WORKS = /^(?:(?:oh|ah|ok|okay|sorry|well)[,.!]? )*(?:never ?mind|nvm|forget (?:it|that)|scratch that|ignore (?:this|that|me))\b.*\b(?:works?|working|worked|fixed|solved|resolved|sorted|my (?:bad|mistake|fault|part|end))\b/;

/** A report that the thread is over: the cause found, or "never mind, it works". */
export function overByCause(lower: string): boolean {
  if (!MAY_BE_OVER.test(lower)) return false;
  return CAUSE_FOUND.test(lower.replace(/[.!\s]+$/, '')) || NEVER_MIND_WORKS.test(lower);
}

/** "so what's the difference between them", "What could be the reason for this intermittent error?" */
const REASON_ASKED = /^what (?:am i|are we|is it) (?:doing|getting) wrong|^what (?:am i|are we) missing|^(?:is|was) (?:this|that|it) (?:expected|normal|a bug|intended|by design)\b|\bwhat(?:'s| is| was) the difference(?: between (?:them|those|these|the two|both|it|that))?$|\bwhat (?:could|might|would|may|can) (?:be )?(?:the )?(?:reason|cause|causing|explain)\b|\bwhat(?:'s| is) the (?:deal(?:io)?|story|holdup|hold-up|matter)\b|^what gives\b/;

/** A question about the reason for what the thread shows. */
export function reasonAsked(lower: string): boolean {
  if (!MAY_ASK_REASON.test(lower)) return false;
  return REASON_ASKED.test(lower.replace(/[?!.\s]+$/, ''));
}
