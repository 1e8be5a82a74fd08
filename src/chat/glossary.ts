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

/**
 * The core words of each lesson in the other languages people most often write in (Spanish,
 * French, German, Portuguese, Italian, Russian, Polish, Turkish, Dutch, Indonesian, Vietnamese,
 * Arabic, Hindi, with a few more CJK terms): port, firewall, connection and what goes wrong with it
 * (refused, timed out, reset, dropped, hangs, slow, sometimes), names and certificates, idle
 * sessions, packets, and "check" / "not working" / "some sites". Each entry is a list of stems: a
 * stem matches at the start of a word and may go on (Russian "соединени" is соединение,
 * соединения, соединением…); `(?!\p{L})` ends a stem that must be a whole word.
 */
const WORLD_TERMS: ReadonlyArray<[string, string[]]> = [
  ['firewall', ['cortafuegos', 'pare-?feu', 'файрвол', 'фаервол', 'брандмауэр', 'межсетев\\S* экран', 'zapor\\S* sieciow', 'güvenlik duvar', 'tường lửa', 'جدار (?:الحماية|ناري)', 'फ़?फायरवॉल', 'फ़ायरवॉल']],
  ['open the port', ['abrir (?:un |el |la |o |a )?(?:puerto|porta)', 'ouvrir (?:un |le )?port', 'port (?:öffnen|freigeben)', 'portfreigabe', 'aprire (?:la |una )?porta', 'открыть порт', 'проброс\\S* порт', 'otworzy\\S* port', 'przekierowan\\S* port', 'port(?:u|unu)? aç', 'port yönlendir', 'poort openen', 'port forwarding', '(?:mem)?buka port', 'mở cổng', 'ポート(?:を)?開放', '開放した', '开放端口', '开放.{0,4}端口', '포트 (?:개방|열기|포워딩)']],
  ['port is open', ['(?:puerto|porta) (?:está |esta |é )?abiert', 'port (?:est )?ouvert', 'port (?:ist )?geöffnet', 'porta (?:è )?apert', 'порт открыт', 'открыт(?:ый|ли) порт', 'port (?:jest )?otwart', 'otwart\\S* port', 'port açık', 'poort (?:is )?open(?!\\p{L})', 'port terbuka', 'cổng (?:đang )?mở', '端口是否开放', 'ポートが開いて', '포트가 열려']],
  ['check whether the port is open', ['(?:comprobar|verificar|saber) si (?:un |el )?puerto', 'vérifier (?:si |l.ouverture d.un )?(?:le |un )?port', 'prüfen, ob (?:der |ein )?port', '(?:verificar|testar) se a porta', 'verificare se (?:la )?porta', 'провер\\S* (?:открыт\\S* )?порт', 'sprawdzi\\S* czy port', 'port(?:un)? açık olup olmadığını', 'controleren of (?:de |een )?poort', 'cek (?:apakah )?port', 'kiểm tra cổng']],
  ['packet capture', ['captura de (?:paquetes|pacotes|tráfico)', 'capturar (?:el )?tráfico', 'capture de paquets', 'capturer le trafic', 'paketmitschnitt', 'mitschneiden', 'cattura (?:dei |di )?pacchetti', 'захват\\S* (?:пакет|трафик)', 'перехват\\S* трафик', 'сниффер', 'przechwytywani\\S* (?:pakiet|ruch)', 'paket yakala', 'menangkap paket', 'bắt gói']],
  ['ping works but', ['(?:el |o |le )?ping (?:funciona|fonctionne|passe|geht|funktioniert|funziona|działa|çalışıyor|werkt|berhasil|chạy được)\\S*,? (?:pero|mais|aber|mas|ma|ale|ama|maar|tapi|nhưng)', 'пинг\\S* (?:проходит|идет|идёт|есть)\\S*,? но', 'пингуется,? но']],
  ['router', ['enrutador', 'roteador', 'routeur', 'роутер', 'маршрутизатор', 'yönlendirici', 'bộ định tuyến']],
  ['unreachable cannot reach', ['inalcanzable', 'no (?:es |está )?accesible', 'injoignable', 'inaccessible', 'nicht erreichbar', 'unerreichbar', 'inacessível', 'não (?:está )?acessível', 'irraggiungibile', 'non (?:è )?raggiungibile', 'недоступ', 'nieosiągaln', 'niedostępn', 'erişilemiyor', 'ulaşılamıyor', 'onbereikbaar', 'niet bereikbaar', 'tidak (?:dapat|bisa) (?:dijangkau|diakses)', 'không truy cập được']],
  ['page will not load', ['(?:la )?página no carga', 'no cargan?', 'ne (?:se )?charge pas', 'lädt nicht', 'página não carrega', 'non si carica', 'не открывается', 'не грузится', 'не загружается', 'nie (?:ładuje|wczytuje) się', 'açılmıyor', 'yüklenmiyor', 'laadt niet', 'tidak bisa dibuka', 'không (?:vào|tải) được']],
  ['port blocked', ['(?:puerto|porta) bloquead', 'port bloqu', 'port (?:blockiert|gesperrt)', 'porta bloccat', 'порт (?:закрыт|заблокир)', 'port (?:zablokowan|zamkni)', 'port (?:engellen|kapalı)', 'poort geblokkeerd', 'port (?:diblokir|tertutup)', 'cổng bị chặn']],
  ['port', ['порт', 'poort(?!\\p{L})', 'cổng', 'منفذ', 'पोर्ट']],
  ['blocked', ['bloquead', 'bloqué', 'blockiert', 'gesperrt', 'bloccat', 'заблокир', 'блокир', 'zablokowan', 'blokow', 'engellen', 'geblokkeerd', 'diblokir', 'bị chặn', 'محظور']],
  ['cannot connect', ['no (?:se )?(?:puede |puedo |podemos |logro |consigo )?conectar', 'impossible de (?:se |me )?connecter', "n'arrive pas à (?:me |se )?connecter", 'ne (?:se )?connecte pas', 'kann (?:mich |keine )?(?:nicht )?verbind', 'keine verbindung', 'verbindung fehlgeschlagen', 'não (?:consigo |consegue )?(?:me )?conect', 'non (?:riesco a |riesce a )?(?:mi |si )?connett', 'impossibile (?:connettersi|collegarsi)', 'не (?:могу|можем|может|удается|удаётся) (?:подключ|соедин|установить соедин)', 'не подключа', 'nie (?:mogę|moge|można|mozna|da się) (?:się )?połącz', 'bağlanam', 'baglanam', 'kan (?:geen|niet) (?:verbinding|verbinden)', '(?:tidak|gagal|tak) (?:bisa |dapat )?(?:terhubung|konek)', 'không (?:thể )?kết nối', '(?:لا يمكن|تعذر) الاتصال', 'कनेक्ट नहीं']],
  ['connection', ['conexi', 'connexion', 'verbindung', 'conex[ãa]o', 'connession', 'collegament', 'соединени', 'подключени', 'połączeni', 'polaczeni', 'bağlantı', 'baglanti', 'verbinding', 'koneksi', 'sambungan', 'kết nối', 'اتصال', 'कनेक्शन']],
  ['not working', ['no funciona', 'ne (?:fonctionne|marche) pas', 'funktioniert nicht', 'geht nicht', 'não funciona', 'non funziona', 'не работа', 'nie (?:działa|dziala|chc\\S* działać)', 'çalışmıyor', 'calismiyor', 'werkt niet', 'tidak (?:berfungsi|jalan|bekerja)', 'không hoạt động', 'لا يعمل', 'काम नहीं']],
  ['connection refused', ['rechazad', 'refusée?', 'verweigert', 'recusad', 'rifiutat', 'отказано', 'отклонен', 'odmow', 'odrzucon', 'reddedil', 'geweigerd', 'ditolak', 'bị từ chối', 'مرفوض', 'رفض الاتصال']],
  ['timeout', ['tiempo de espera', 'se agotó', "délai d'attente", 'zeitüberschreitung', 'tempo (?:limite )?esgotado', 'tempo scaduto', 'тайм-?аут', 'истекло время', 'превышено время', 'limit czasu', 'zaman aşımı', 'time-?out', 'waktu habis', 'hết thời gian', 'انتهت المهلة', 'टाइमआउट']],
  ['connection reset', ['restablecid', 'réinitialis', 'zurückgesetzt', 'redefinid', 'resettat', 'сброшен', 'сброс соедин', 'zresetowan', 'sıfırlandı', 'direset', 'bị đặt lại']],
  ['disconnected', ['se (?:desconecta|cae|corta)', 'desconex', 'déconnect', 'coupée', 'getrennt', 'bricht ab', 'abgebrochen', 'desconect', 'disconness', 'разрыва', 'разрыв', 'обрыв', 'отключа', 'разорван', 'rozłącz', 'zrywa', 'zerwan', 'kopuyor', 'kopma', 'verbroken', 'terputus', 'putus', 'mất kết nối', 'ngắt kết nối', 'bị ngắt', 'ينقطع', 'انقطاع']],
  ['dns name resolution', ['resoluci[óo]n de nombres', 'no resuelve', 'résolution (?:de noms|dns)', 'ne résout pas', 'namensauflösung', 'resolução de nomes', 'não resolve', 'risoluzione dei nomi', 'non risolve', 'разрешени\\S* имен', 'не резолв', 'rozwiązywani\\S* nazw', 'nie rozwiązuje', '(?:ad|isim) çözümle', 'çözümlenemiyor', 'naamresolutie', 'resolusi nama', 'phân giải tên']],
  ['domain', ['dominio', 'domaine', 'domínio', 'домен', 'domen', 'alan adı', 'domein', 'tên miền', 'نطاق']],
  ['certificate', ['certificad', 'certificat', 'zertifikat', 'сертификат', 'certyfikat', 'sertifika', 'certificaat', 'chứng chỉ', 'شهادة', 'प्रमाणपत्र']],
  ['keep the connection alive', ['mantener (?:viva|activa|abierta) la conexi', 'maintenir la connexion', 'verbindung (?:aufrecht|offen) ?(?:zu )?halten', 'manter a conex', 'mantenere (?:attiva|viva) la connession', 'поддержани\\S* соединени', 'podtrzymywani', 'canlı tut', 'verbinding (?:open|levend) houden', 'menjaga koneksi', 'duy trì kết nối']],
  ['idle', ['inactiv', 'inativ', 'ocios', 'leerlauf', 'inattiv', 'бездейств', 'простоя', 'bezczynno', 'nieaktywno', 'boşta', 'inactief', 'inactiviteit', 'tidak aktif', 'không hoạt động một']],
  ['after a while', ['después de (?:un (?:tiempo|rato)|unos minutos)', 'al rato', 'après (?:un (?:certain )?temps|quelques minutes)', "au bout d'un moment", 'nach (?:einer (?:weile|zeit)|einiger zeit|ein paar minuten)', 'depois de (?:um tempo|alguns minutos)', 'após algum tempo', "dopo (?:un po'|qualche minut)", 'через (?:некоторое время|несколько минут|пару минут)', 'po (?:jakimś|pewnym) czasie', 'po chwili', 'bir süre sonra', 'na (?:een tijdje|enige tijd)', 'setelah beberapa (?:saat|waktu|menit)', 'sau một thời gian', 'بعد فترة']],
  ['slow', ['lent[oae]s?(?!\\p{L})', 'lentement', 'langsam', 'медленн', 'тормоз', 'woln[ey]', 'powoln', 'yavaş', 'traag', 'lambat', 'lemot', 'chậm', 'بطيء', 'धीमा']],
  ['packet loss', ['p[ée]rdida de paquetes', 'perte de paquets', 'paketverlust', 'perda de pacotes', 'perdita di pacchetti', 'потер\\S* пакет', 'utrat\\S* pakiet', 'paket kayb', 'pakketverlies', 'kehilangan paket', 'mất gói']],
  ['packets', ['paquetes', 'paquets', 'pakete(?!\\p{L})', 'pacotes', 'pacchetti', 'пакет', 'pakiet', 'pakketten', 'gói tin']],
  ['retransmission', ['retransmisi', 'retransmiss', 'erneute übertragung', 'ritrasmission', 'повторн\\S* передач', 'ретрансмис', 'retransmisj', 'yeniden iletim', 'hertransmissie', 'transmisi ulang', 'truyền lại']],
  ['handshake', ['stretta di mano', 'рукопожати', 'uzgadniani', 'uścisk dłoni', 'el sıkışma', 'handdruk', 'jabat tangan', 'bắt tay']],
  ['sometimes intermittent', ['a veces', 'intermitent', 'de vez en cuando', 'parfois', 'de temps en temps', 'manchmal', 'gelegentlich', 'sporadisch', 'às vezes', 'a volte', 'ogni tanto', 'иногда', 'периодически', 'время от времени', 'czasami', 'czasem', 'sporadyczn', 'bazen', 'ara sıra', 'soms(?!\\p{L})', 'af en toe', 'kadang', 'đôi khi', 'thỉnh thoảng', 'chập chờn', 'أحيان', 'कभी-कभी']],
  ['hangs', ['se (?:cuelga|congela|queda colgad)', 'se bloque', 'se fige', 'hängt', 'friert ein', 'trava(?!\\p{L})', 'travando', 'si blocca', 'завис', 'висит', 'zawiesza', 'zawiesz', 'donuyor', 'takılıyor', 'bevriest', 'macet', 'bị treo', 'bị đơ']],
  ['check test', ['probar', 'probarlo', 'comprobar', 'verificar', 'saberlo', 'tester', 'vérifier', 'prüfen', 'testen', 'testar', 'verificare', 'testare', 'controllare', 'провер', 'sprawdz', 'przetestow', 'test et', 'kontrol et', 'controleren', 'memeriksa', 'menguji', 'kiểm tra', '確認', '检查', '測試', '测试', '확인']],
  ['local network', ['red local', 'réseau local', 'lokale\\S* netz', 'rede local', 'rete locale', 'локальн\\S* сет', 'sie\\S* lokaln', 'yerel ağ', 'lokaal netwerk', 'jaringan lokal', 'mạng (?:nội bộ|lan)']],
  ['network', ['red(?:es)?(?!\\p{L})', 'réseau', 'netzwerk', 'rede(?!\\p{L})', 'rete(?!\\p{L})', 'сет(?:ь|и|евой|евая)(?!\\p{L})', 'сетев', 'sieć', 'sieci', 'sieciow', 'ağ(?:da|a|ı)?(?!\\p{L})', 'netwerk', 'jaringan', 'mạng', 'شبكة', 'नेटवर्क']],
  ['internet', ['интернет', 'internetow', 'الإنترنت', 'इंटरनेट']],
  ['some services websites', ['algun[oa]s (?:servicios|sitios|páginas)', 'certain(?:e?s) (?:services|sites)', '(?:einige|manche) (?:dienste|webseiten|websites|seiten)', 'alg(?:uns|umas) (?:serviços|sites)', 'alcun[ie] (?:servizi|siti)', 'некоторые (?:сервис|сайт|служб)', 'niektóre (?:usług|stron|serwis)', 'bazı (?:siteler|servisler|hizmetler)', 'sommige (?:diensten|websites|sites)', 'beberapa (?:situs|layanan)', 'một số (?:trang|dịch vụ)']],
  ['services', ['servicios', 'serviços', 'servizi', 'dienste(?!\\p{L})', 'сервис', 'служб', 'usług', 'hizmet', 'diensten', 'layanan', 'dịch vụ']],
  ['server', ['servidor', 'serveur', 'сервер', 'serwer', 'sunucu', 'máy chủ', 'خادم', 'सर्वर']],
  ['session', ['sesión', 'sessão', 'sessione', 'sitzung', 'сесси', 'sesj', 'oturum', 'sessie', 'phiên']],
  ['error', ['erreur', 'fehler', 'erro(?:re)?(?!\\p{L})', 'ошибк', 'błąd', 'błęd', 'hata', 'kesalahan', 'lỗi']],
];

/** The stems as patterns: each starts at a word's start (no letter of an alphabet before it; CJK has no spaces). */
const WORLD: ReadonlyArray<[RegExp, string]> = WORLD_TERMS.map(([en, stems]) => [new RegExp(`(?<![\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Arabic}\\p{Script=Devanagari}])(?:${stems.join('|')})`, 'iu'), en]);

/** Text in one of these scripts. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** `text` followed by the English of the TCP terms it uses (unchanged when it uses none). */
export function withEnglish(text: string): string {
  const latin = /[^\x00-\x7f]|\b(?:der|die|das|und|nicht|el|la|los|las|que|por|une?|les|des|pas|não|il|della|sono|het|een|niet|geen|yang|tidak|bisa|saya|dengan|nie|jest|bir|ve|ich|ist|wie|kann|mein|avec|je|una|uno|del|jak|czy|ik|mijn|apa|ini|itu|untuk)\b/i.test(text);
  if (!latin) return text;
  const english = [...(CJK.test(text) ? TERMS : []), ...LATIN, ...WORLD].filter(([re]) => re.test(text)).map(([, en]) => en);
  return english.length ? `${text} ${english.join(' ')}` : text;
}
