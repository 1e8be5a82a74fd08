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
  [/三次握手|3次握手|三路握手|スリーウェイハンドシェイク|3ウェイハンドシェイク|３ウェイハンドシェイク|3-?way ?핸드셰이크|3방향 핸드셰이크/, 'three way handshake'],
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
  [/ドメインを?見つけられ|ドメインが見つか|名前を解決でき|解決できませ|找不到域名|无法解析|無法解析|解析失败/, 'dns host not found'],
  [/ドメイン|域名|도메인/, 'domain'],
  [/全连接队列|全連接佇列|accept ?キュー/, 'accept queue'],
  [/半连接队列|半連接佇列|SYN ?キュー/, 'syn queue'],
  [/抓包|パケットキャプチャ|キャプチャ|ダンプ|패킷 캡처/, 'packet capture'],
  [/(?:データ|パケット)が流れ|流れているパケット/, 'packets on the wire'],
  [/一部(?:の)?サイト|特定のサイト|別のサイト|部分网站|某些网站|有些网站|一些网站/, 'some sites'],
  [/読み込めない|開かない|打不开|打不開|加载不出/, 'will not load hangs'],
  [/夜中にだけ|夜だけ|深夜だけ|特定の時間(?:帯)?だけ|只在晚上|晚上才|只有晚上/, 'intermittent, only at certain times'],
  [/偶发|偶發|偶尔|偶爾|不安定|不稳定|不穩定/, 'intermittent'],
  [/长时间|長時間|很长时间|时间比较长|時間が長/, 'after a while'],
  [/未进行数据交互|没有数据|沒有資料|无数据|データのやり取りがない|通信がない|無通信/, 'idle'],
  [/维持|維持|保持连接|保持連線/, 'keep the connection alive'],
  [/ロードバランサ|负载均衡|負載平衡/, 'load balancer'],
  [/ネットワーク|网络|網路|네트워크/, 'network'],
  [/通信が遅い|速度が遅い|网速慢|传输慢|傳輸慢|下载慢|下載慢/, 'slow transfer'],
  [/回線|线路|線路/, 'link'],
  [/输出|輸出|出力|출력/, 'output'],
  [/は通るのに|は通るが|能通|可以通/, 'works but'],
  [/端口|埠|ポート|포트/, 'port'],
  [/空闲|閒置|アイドル|無通信|유휴/, 'idle'],
  [/保活|心跳|キープアライブ|킵얼라이브/, 'keepalive'],
  [/滑动窗口|滑動窗口|ウィンドウ|윈도우/, 'window'],
  [/拥塞|擁塞|輻輳|혼잡|ふくそう/, 'congestion'],
  [/分片|フラグメント|단편화/, 'fragmentation'],
  [/时有时无|有时|有時|時々|ときどき|たまに|가끔/, 'sometimes'],
  [/慢|遅い|느림|느려/, 'slow'],
  [/状态|狀態|状態|상태/, 'state'],
  [/延迟|延遲|遅延|지연/, 'delay latency'],
  [/エラー|错误|錯誤|오류|에러/, 'error'],
  [/服务器|伺服器|サーバ|서버/, 'server'],
];

/**
 * TCP's words in Spanish, German, French and Portuguese, read the same way (a question in Spanish
 * about "apretón de manos" is the handshake's). Case-insensitive, on any text.
 */
const LATIN: ReadonlyArray<[RegExp, string]> = [
  [/apret[óo]n de manos|poign[ée]e de main|aperto de m[ãa]o|handshake a (?:tres|três) vias/i, 'handshake'],
  [/a tres (?:bandas|v[íi]as)|en trois temps|drei[- ]?wege/i, 'three way handshake'],
  [/cortafuegos|pare-?feu|corta-fogo/i, 'firewall'],
  [/(?:cap\w*|bloque\w*|filtr\w*) (?:un |el |o |le )?(?:puerto|porta|port)\b|(?:puerto|porta) bloquead[oa]|port bloqu[ée]|gesperrte?r? port/i, 'port blocked'],
  [/\bpuertos?\b|\bportas?\b/i, 'port'],
  [/\bno (?:se )?(?:puede )?conecta\w*|keine verbindung|ne se connecte pas|n[ãa]o (?:se )?conecta/i, 'cannot connect'],
  [/zur[üu]ckgesetzt|r[ée]initialis[ée]e|restablecid[ao] por/i, 'connection reset'],
  [/zeit[üu]berschreitung|tiempo de espera agotado|d[ée]lai d'attente d[ée]pass[ée]/i, 'timeout'],
  [/verbindung|conexi[óo]n|connexion|conex[ãa]o/i, 'connection'],
  [/\bwlan\b|\bwi-?fi\b/i, 'wifi'],
  [/passwor\w* (?:\S+ ){0,4}(?:vergessen|olvidad\w*|oubli[ée]|esquec\w*)|(?:olvid[ée]|oubli[ée]) (?:\S+ ){0,3}(?:contrase[ñn]a|mot de passe)/i, 'forgot the password'],
];

/** Text in one of these scripts. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** `text` followed by the English of the TCP terms it uses (unchanged when it uses none). */
export function withEnglish(text: string): string {
  const latin = /[^\x00-\x7f]|\b(?:der|die|das|und|nicht|el|la|los|las|que|por|une?|les|des|pas|não)\b/i.test(text);
  if (!latin) return text;
  const english = [...(CJK.test(text) ? TERMS : []), ...LATIN].filter(([re]) => re.test(text)).map(([, en]) => en);
  return english.length ? `${text} ${english.join(' ')}` : text;
}
