/**
 * Yes, no, stop, wait and why in the most spoken languages besides English (Spanish, French,
 * German, Portuguese, Italian, Russian, Chinese, Japanese, Korean, Hindi, Arabic, Turkish, Polish,
 * Dutch): the short answers people type to an offer without switching to English ("Давай.",
 * "Sim", "Nein", "うん、いいね", "算了", "稍等", "pourquoi ?"). Written from general knowledge of
 * each language; each list is a clause on its own (after lower-casing), never a word inside a
 * sentence, so "si" or "da" in an English sentence means nothing here; a yes or a no counts
 * only as the answer to an offer ("tak" is Polish yes but Danish thanks: left out). Data only.
 */

/** Yes, sure, go ahead, let's. */
export const YES_ELSEWHERE = String.raw`(?:sí|si|claro(?: que sí)?|vale|dale|venga|adelante|hazlo|por supuesto|de acuerdo|oui|ouais|d'accord|bien sûr|vas-y|allez-y|allons-y|volontiers|ja|jawohl|klar|na klar|genau|gerne?|los|mach(?: das| es)?|einverstanden|sim|pode(?: ser)?|bora|vamos|beleza|com certeza|sì|certo|va bene|vai|dai|d'accordo|certamente|да|давай|давайте|конечно|ага|хорошо|ладно|угу|поехали|好|好的|好啊|好吧|行|可以|是|是的|对|嗯|没问题|来吧|开始吧|はい|うん|ええ|いいよ|いいね|いいですね|お願い(?:します)?|どうぞ|了解|オッケー|네|예|응|좋아요?|그래요?|haan|han|haa|ji haan|हाँ|हां|जी हाँ|ठीक है|theek hai|thik hai|نعم|ايوه|أيوه|tamam|evet|olur|peki|jasne|dobrze|pewnie|prima|zeker|graag)`;

/** No, no thanks, not now. */
export const NO_ELSEWHERE = String.raw`(?:no gracias|ahora no|non|non merci|pas maintenant|nein|nee|nein danke|lieber nicht|jetzt nicht|não|nao|agora não|no grazie|нет|не надо|не сейчас|нет спасибо|不|不要|不用|不了|不用了|いいえ|いや|いらない|結構です|아니요?|아뇨|nahin|nahi|नहीं|لا|hayır|hayir|nie|nie teraz)`;

/** Never mind, forget it, cancel, stop. */
export const STOP_ELSEWHERE = String.raw`(?:olvídalo|olvidalo|déjalo|dejalo|cancela|laisse tomber|oublie(?:z)?(?: ça)?|annule(?:r)?|arrête|vergiss es|egal|abbrechen|stopp|lass es|esquece|deixa pra lá|deixa para lá|lascia perdere|lascia stare|annulla|basta|забудь|отмена|стоп|неважно|не важно|проехали|算了|取消|别管了|やっぱりいい|キャンセル|やめて|取り消し|됐어|취소|그만|rehne do|chhodo|रहने दो|छोड़ो|boşver|bosver|iptal|nieważne|niewazne|anuluj)`;

/** Wait a moment. */
export const WAIT_ELSEWHERE = String.raw`(?:espera(?: un (?:momento|segundo))?|un momento|un segundo|attends|un instant|une seconde|un moment|moment(?: mal)?|einen moment|warte(?: mal)?|sekunde|espera aí|peraí|um momento|aspetta|un attimo|подожди(?:те)?|секунду|минутку|погоди|等一下|等等|稍等(?:一下)?|ちょっと待って|待って|少々お待ちください|잠깐(?:만요)?|잠시만(?:요)?|기다려(?:요)?|ruko|ek minute|रुको|bekle|bir dakika|chwila|czekaj)`;

/** Why (as a whole clause, or leading one: "warum geht das nicht"). */
export const WHY_ELSEWHERE = String.raw`(?:¿?por ?qu[eé]|pourquoi|warum|wieso|weshalb|perch[eé]|почему|зачем|отчего|なんで|왜요?|kyon|kyun|क्यों|لماذا|ليش|neden|niye|niçin|dlaczego|czemu|waarom)`;
