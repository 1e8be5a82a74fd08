/**
 * Yes, no, stop, wait and why in the most spoken languages besides English (Spanish, French,
 * German, Portuguese, Italian, Russian, Chinese, Japanese, Korean, Hindi, Arabic, Turkish, Polish,
 * Dutch): the short answers people type to an offer without switching to English ("Давай.",
 * "Sim", "Nein", "うん、いいね", "算了", "稍等", "pourquoi ?"). Written from general knowledge of
 * each language. An answer is a whole clause made only of these phrases, never a word inside a
 * sentence, so "si" or "da" in an English sentence means nothing here; a yes or a no counts only
 * as the answer to an offer ("tak" is Polish yes but Danish thanks: left out). Phrases are looked
 * up in sets, not one large pattern, so the first message pays no compile cost for them.
 */

const phrases = (lines: string[]) => new Set(lines.join('|').split('|'));

/** Yes, sure, go ahead, let's. */
const YES = phrases([
  'sí|si|claro que sí|claro|vale|dale|venga|adelante|hazlo|por supuesto|de acuerdo|oui|ouais',
  'd\'accord|bien sûr|vas-y|allez-y|allons-y|volontiers|ja|jawohl|klar|na klar|genau|gern|gerne|los',
  'mach das|mach es|mach|einverstanden|sim|pode ser|pode|bora|vamos|beleza|com certeza|sì|certo',
  'va bene|vai|dai|d\'accordo|certamente|да|давай|давайте|конечно|ага|хорошо|ладно|угу|поехали|好|好的',
  '好啊|好吧|行|可以|是|是的|对|嗯|没问题|来吧|开始吧|はい|うん|ええ|いいよ|いいね|いいですね|お願いします|お願い|どうぞ|了解|オッケー|네|예|응|좋아|좋아요|그래',
  '그래요|haan|han|haa|ji haan|हाँ|हां|जी हाँ|ठीक है|theek hai|thik hai|نعم|ايوه|أيوه|tamam|evet|olur',
  'peki|jasne|dobrze|pewnie|prima|zeker|graag',
]);

/** No, no thanks, not now. */
const NO = phrases([
  'no gracias|ahora no|non|non merci|pas maintenant|nein|nee|nein danke|lieber nicht|jetzt nicht',
  'não|nao|agora não|no grazie|нет|не надо|не сейчас|нет спасибо|不|不要|不用|不了|不用了|いいえ|いや|いらない|結構です',
  '아니|아니요|아뇨|nahin|nahi|नहीं|لا|hayır|hayir|nie|nie teraz',
]);

/** Never mind, forget it, cancel, stop. */
const STOP = phrases([
  'olvídalo|olvidalo|déjalo|dejalo|cancela|laisse tomber|oubliez ça|oubliez|oublie ça|oublie',
  'annuler|annule|arrête|vergiss es|egal|abbrechen|stopp|lass es|esquece|deixa pra lá',
  'deixa para lá|lascia perdere|lascia stare|annulla|basta|забудь|отмена|стоп|неважно|не важно',
  'проехали|算了|取消|别管了|やっぱりいい|キャンセル|やめて|取り消し|됐어|취소|그만|rehne do|chhodo|रहने दो|छोड़ो|boşver|bosver',
  'iptal|nieważne|niewazne|anuluj',
]);

/** Wait a moment. */
const WAIT = phrases([
  'espera un momento|espera|espera un segundo|un momento|un segundo|attends|un instant|une seconde',
  'un moment|moment mal|moment|einen moment|warte mal|warte|sekunde|espera aí|peraí|um momento',
  'aspetta|un attimo|подождите|подожди|секунду|минутку|погоди|等一下|等等|稍等一下|稍等|ちょっと待って|待って|少々お待ちください',
  '잠깐만요|잠깐|잠시만요|잠시만|기다려요|기다려|ruko|ek minute|रुको|bekle|bir dakika|chwila|czekaj',
]);

/** Whether the words are made only of phrases in `set` ("ja gerne", "네 좋아요"), at most four words a phrase. */
function madeOf(words: string[], set: Set<string>): boolean {
  const can: boolean[] = [true];
  for (let end = 1; end <= words.length; end++) {
    can[end] = false;
    for (let len = 1; len <= 4 && len <= end && !can[end]; len++) can[end] = Boolean(can[end - len]) && set.has(words.slice(end - len, end).join(' '));
  }
  return Boolean(can[words.length]);
}

/** What a lower-cased clause answers in another language: yes, no, stop or wait; undefined when it is no such answer. */
export function answerElsewhere(lower: string): 'yes' | 'no' | 'stop' | 'wait' | undefined {
  const words = lower.replace(/[.!¡¿…]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  if (!words.length || words.length > 6) return undefined;
  if (madeOf(words, YES)) return 'yes';
  if (madeOf(words, NO)) return 'no';
  if (madeOf(words, STOP)) return 'stop';
  if (madeOf(words, WAIT)) return 'wait';
  return undefined;
}

/** One word that is such an answer ("vas-y", "allez-y"): never a host name. */
export function isAnswerWord(word: string): boolean {
  const w = word.toLowerCase();
  return YES.has(w) || NO.has(w) || STOP.has(w) || WAIT.has(w);
}

/** Why (as a whole clause, or leading one: "warum geht das nicht"). */
export const WHY_ELSEWHERE = String.raw`(?:¿?por ?qu[eé]|pourquoi|warum|wieso|weshalb|perch[eé]|почему|зачем|отчего|なんで|왜요?|kyon|kyun|क्यों|لماذا|ليش|neden|niye|niçin|dlaczego|czemu|waarom)`;
