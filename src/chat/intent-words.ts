/**
 * Word lists behind the small-talk decisions: greetings, thanks, how a question and a pasted error
 * each look. What a message is about (networking or another subject) is subjects.ts's. Data plus a
 * few pure scoring functions; tuned on test/fixtures/chat-train/ (train split) and r3.
 */
import { networkWords } from './subjects.js';

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Words a greeting is made of (a message of only these, and names, is a greeting). */
const GREETING_WORDS = words(`hi hii hiya hai hello helo hallo hellooo hey heya heyy yo sup wassup whassup howdy greetings morning
  good evening afternoon day there all everyone everybody guys folks team bot tcpsleuth friend buddy mate how are you u doing
  it going is what's whats up nice to meet again im i'm ok fine and well alright bonjour salut hola ciao moin servus namaste`);
/** Words that make a greeting on their own. */
const GREETING_HEADS = /^(?:(?:wow|oh|well|so|and|ok|okay),?\s+)?(?:h+i+|hel+o+|hey+|heya|hiya|hai|yo|sup|w?ass?up|howdy|greetings|good (?:morning|evening|afternoon|day)|morning|evening|bonjour|salut|hola|ciao|moin|servus|namaste|hallo|how are (?:you|u)|nice to meet you|(?:you )?(?:alright|all right)(?=[^?\n]{0,30}\?\s*$))\b/;
/** Non-Latin greetings seen in the training set (早安 "good morning", こんにちは). */
const GREETING_OTHER = /早安|早上好|你好|您好|こんにちは|おはよ|안녕|привет|здравствуй/;

const THANKS = /\b(?:thanks?|thx|thnx|tnx|ty|tysm|cheers|kudos|merci|danke|gracias|grazie|appreciated?|grateful|much obliged|you(?:'re| are) (?:the best|awesome|amazing|great)|great (?:job|work|app|tool|project)|awesome|amazing|brilliant|perfect|nice one|well done|cool (?:thing|app|tool)|love (?:it|this)|helps? (?:me )?a lot|(?:it'?s|very|really) helpful|saved my)\b|ありがと|谢谢|感谢|спасибо|👍|🙏|❤/i;
/** Words allowed around thanks ("thanks a lot, that fixed it!"). */
const THANKS_WORDS = words(`thanks thank thx ty you so much a lot very really for the help that this it fixed worked works fixing
  great awesome amazing cool nice perfect brilliant job work tool app project dude man mate again all ok okay oh glad to hear
  just wanted want say i we you're youre are the best appreciate appreciated it's its helpful helps me lot saved my butt day
  problem no cheers kudos love well done one grateful am very your hard congrats on making this and too :) :-) ! . ,`);

/** A message that asks something ("how…", "what…", "…?"). */
const ASKS = /^(?:what|what's|whats|why|how|when|where|which|who|does|do|did|is|are|was|were|can(?!not| not|'t)|could(?! not|n't)|should|would|will|explain|tell me|define|meaning of|difference between|any idea|anyone know|help)\b|\?\s*$/i;

const ASK_START = /^(?:(?:ok|okay|so|but|and|hi|hey|hello|please)[,!]?\s+)*(?:what|what's|whats|why|how|when|where|which|who|whom|does|do|did|is|are|was|were|can(?!not| not|'t)|could(?! not|n't)|should|would|will|shall|explain|tell me|define|meaning of|difference between|any idea|anyone know|is there)\b/i;

/** Signs of a pasted error: a tool's prefix, an exception, an errno, a log line, a stack frame. */
const ERROR_SIGNS = /(?:^|\n)\s*(?:[\w.-]{1,40}: (?:error|fatal|\(\d+\)|could not|couldn't|can't|cannot|unable|failed|connect)|error:|fatal:|err!|panic:|traceback|exception|caused by|\[error\]|level=error|\d{4}[-/]\d\d[-/]\d\d[ t]\d\d:\d\d)|\[errno \d+\]|\berrno\b|\bat [\w$.]+\([\w.]+:\d+\)|\bsqlstate\b|\bsee (?:the )?inner exception\b|\bHTTP\/\d(?:\.\d)? \d{3}\b|^\s*\{.*"(?:level|error|msg)"/i;
/** The same signs where case matters: exception names, errno symbols, `ORA-12541`-style codes. */
const ERROR_CODES = /\b(?:[a-z]+\.)+[A-Z]\w*(?:Exception|Error)\b|\b(?:[A-Z][a-z]\w*\.){2,6}[A-Z]\w*(?:Exception|Error)\b|^\s*\[[A-Z][A-Z0-9 _-]{1,20}\]\s|\b[A-Z]\w*::[A-Z]\w*|\bconnect\(2\)|^[A-Z][a-z]+(?:[A-Z][a-z]+)+\s|\b[A-Z]\w*(?:Exception|Error):|\b(?:(?!ESTABLISHED\b|EXAMPLE\b|EVERY\w*\b|EMPTY\b|ENTER\b|EXPECTED\b)E[A-Z]{4,14}|WSAE[A-Z]+|EAI_[A-Z]+)\b|\b[A-Z]{2,5}-\d{4,5}\b|\(\w{1,40} error -?\d{1,6}\)/;

const cleanWords = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'’:)(!.,\s-]/gu, ' ')
    .split(/[\s,.!]+/)
    .filter(Boolean);

/** 0..1: how much `text` is a greeting and nothing else ("hi", "good morning", "hello how are you guys"). */
export function greetingScore(text: string): number {
  const t = text.trim().toLowerCase();
  if (t.length > 80) return 0;
  if (GREETING_OTHER.test(t) && t.length < 24) return 0.9;
  if (!GREETING_HEADS.test(t.replace(/^(?:oh |well |so |and )/, ''))) return 0;
  const ws = cleanWords(t).map((w) => w.replace(/[':)(?]+$/g, ''));
  const foreign = ws.filter((w) => !GREETING_WORDS.has(w) && !/^h+[aeiy]+$|^hel+o+$|^hey+$/.test(w));
  return foreign.length === 0 ? 0.95 : foreign.length === 1 && ws.length >= 3 ? 0.75 : 0.3;
}

/** 0..1: how much `text` is thanks or praise and nothing else. */
export function thanksScore(text: string): number {
  const t = text.trim();
  if (t.length > 160 || !THANKS.test(t)) return 0;
  const ws = cleanWords(t);
  const foreign = ws.filter((w) => !THANKS_WORDS.has(w.replace(/['’]/g, "'")));
  if (foreign.length === 0) return 0.95;
  return foreign.length <= 2 && !networkWords(t) ? 0.8 : foreign.length <= 4 && !ASKS.test(t) && !networkWords(t) ? 0.6 : 0.2;
}

/** True when the text is phrased as a question. */
export function asksSomething(text: string): boolean {
  return ASKS.test(text.trim());
}

/** True when the text starts the way a question does ("why…", "how do I…", "is it…"). */
export function startsAsking(text: string): boolean {
  return ASK_START.test(text.trim());
}

/** Chinese and Japanese put the question at the end: "…の理由", "…とは", "…吗", "为什么…". */
const ASK_END_UNSPACED = /(?:理由|原因|とは|ですか|でしょうか|吗|嗎|呢|何|什么|什麼)[?？!！。]?\s*$|^(?:为什么|為什麼|なぜ|どうして|怎么|如何)/;

/** True when a Chinese or Japanese sentence is a question by its words (the mark is often left off). */
export function endsAskingUnspaced(text: string): boolean {
  return ASK_END_UNSPACED.test(text.trim());
}

/** Text in a script without spaces between words (Chinese, Japanese): its length counts, not its words. */
export function unspacedScript(text: string): boolean {
  return /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(text);
}

/** True when the text carries the marks of a pasted error (a prefix, an exception, an errno…). */
export function looksPasted(text: string): boolean {
  // Two "word: " separators on one line (`listen tcp :8080: bind: …`) are a program talking, not a person.
  return ERROR_SIGNS.test(text) || ERROR_CODES.test(text) || /\S: \S[^\n]*\S: \S|^[^\n]{0,80}\S: [A-Z]/.test(text);
}

/** "The logs show …", "it throws …", "I keep getting …": what follows is what a program printed. */
const REPORTED = /\b(?:logs? (?:shows?|says?|said|reports?)|(?:i|we) (?:get|got|see|saw|keep getting)|(?:it|this|that) (?:says|said|throws|threw|returns|returned|prints|printed)|fails? with|failed with)\b/i;

/** A program's words, not a person's: `SSL routines::…`, `ERR_…`, `ECONNRESET`, `SocketException`, `(os error 104)`, "… error/failure/exception". */
const PROGRAM_WORDS = /::|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\bE[A-Z]{4,}\b|\b[a-z]+[A-Z]\w*(?:Error|Exception)\b|\b[A-Z]\w+(?:Error|Exception)\b|\(\w+ error \d+\)|\b(?:error|failure|exception)\b/;

/** "pveproxy logs show SSL routines::record layer failure …": a sentence reporting what a log or a program printed, in its words. */
export function reportsPrinted(line: string): boolean {
  const said = REPORTED.exec(line);
  return said !== null && PROGRAM_WORDS.test(line.slice(said.index + said[0].length));
}
