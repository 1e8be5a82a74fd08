/**
 * TCP's words in Chinese, Japanese and Korean, and their English: the phrase table, the symptom
 * rules and the lessons' text are English, and these scripts put no spaces between words, so a
 * question such as "TCP为何需要3次握手?" shares no word with the handshake lesson until its terms
 * are read in English. `withEnglish` appends the English of every term it finds (the original stays,
 * so addresses and Latin words keep their place). A glossary of a subject's terms, not a
 * translator: the sentence's grammar is not needed to know what it is about. Pure.
 */

/** [pattern, English]: longer terms first where one contains another (三次握手 before 握手). */
const TERMS: ReadonlyArray<[RegExp, string]> = [
  [/三次握手|3次握手|スリーウェイハンドシェイク|3-?way ?핸드셰이크|3방향 핸드셰이크/, 'three way handshake'],
  [/握手|ハンドシェイク|핸드셰이크/, 'handshake'],
  [/四次挥手|四次揮手|4次挥手/, 'four way close connection termination'],
  [/挥手|揮手/, 'connection close'],
  [/超时|超時|タイムアウト|타임아웃|시간 초과/, 'timeout'],
  [/重传|重傳|再送|재전송/, 'retransmission'],
  [/拒绝连接|拒絕連線|接続拒否|接続が拒否|연결 거부/, 'connection refused'],
  [/重置|リセット|재설정/, 'reset'],
  [/防火墙|防火牆|ファイアウォール|방화벽/, 'firewall'],
  [/丢包|丟包|パケットロス|패킷 손실/, 'packet loss'],
  [/断开|斷開|切断|切れる|끊김|끊어/, 'disconnected'],
  [/卡死|卡住|卡顿|卡頓|フリーズ|固まる|止まる|멈춤|멈춰/, 'hangs'],
  [/会话|會話|セッション|세션/, 'session'],
  [/可以建立|建立成功|確立でき|確立され|수립/, 'connected'],
  [/连接|連線|連接|接続|접속|연결/, 'connection'],
  [/证书|證書|証明書|인증서/, 'certificate'],
  [/域名解析|名前解決|이름 확인/, 'dns name resolution'],
  [/端口|埠|ポート|포트/, 'port'],
  [/空闲|閒置|アイドル|無通信|유휴/, 'idle'],
  [/保活|心跳|キープアライブ|킵얼라이브/, 'keepalive'],
  [/滑动窗口|滑動窗口|ウィンドウ|윈도우/, 'window'],
  [/拥塞|擁塞|輻輳|혼잡/, 'congestion'],
  [/分片|フラグメント|단편화/, 'fragmentation'],
  [/时有时无|有时|有時|時々|ときどき|たまに|가끔/, 'sometimes'],
  [/慢|遅い|느림|느려/, 'slow'],
  [/状态|狀態|状態|상태/, 'state'],
  [/延迟|延遲|遅延|지연/, 'delay latency'],
  [/エラー|错误|錯誤|오류|에러/, 'error'],
  [/服务器|伺服器|サーバ|서버/, 'server'],
];

/** Text in one of these scripts. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** `text` followed by the English of the TCP terms it uses (unchanged when it uses none). */
export function withEnglish(text: string): string {
  if (!CJK.test(text)) return text;
  const english = TERMS.filter(([re]) => re.test(text)).map(([, en]) => en);
  return english.length ? `${text} ${english.join(' ')}` : text;
}
