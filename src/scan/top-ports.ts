/**
 * The built-in list of TCP ports ordered by how often they are found open, most often first,
 * with their usual service names. Written from nmap's published ordering (its top 100); used when
 * nmap's own frequency table (nmap-services) is not installed. See services.ts for the lookup.
 */

/** [port, service] pairs, most often open first. */
export const BUILTIN_TOP_PORTS: ReadonlyArray<readonly [number, string]> = [
  [80, 'http'], [23, 'telnet'], [443, 'https'], [21, 'ftp'], [22, 'ssh'],
  [25, 'smtp'], [3389, 'ms-wbt-server'], [110, 'pop3'], [445, 'microsoft-ds'], [139, 'netbios-ssn'],
  [143, 'imap'], [53, 'domain'], [135, 'msrpc'], [3306, 'mysql'], [8080, 'http-proxy'],
  [1723, 'pptp'], [111, 'rpcbind'], [995, 'pop3s'], [993, 'imaps'], [5900, 'vnc'],
  [1025, 'NFS-or-IIS'], [587, 'submission'], [8888, 'sun-answerbook'], [199, 'smux'], [1720, 'h323q931'],
  [465, 'smtps'], [548, 'afp'], [113, 'ident'], [81, 'hosts2-ns'], [6001, 'X11:1'],
  [10000, 'snet-sensor-mgmt'], [514, 'shell'], [5060, 'sip'], [179, 'bgp'], [1026, 'LSA-or-nterm'],
  [2000, 'cisco-sccp'], [8443, 'https-alt'], [8000, 'http-alt'], [32768, 'filenet-tms'], [554, 'rtsp'],
  [26, 'rsftp'], [1433, 'ms-sql-s'], [49152, 'unknown'], [2001, 'dc'], [515, 'printer'],
  [8008, 'http'], [49154, 'unknown'], [1027, 'IIS'], [5666, 'nrpe'], [646, 'ldp'],
  [5000, 'upnp'], [5631, 'pcanywheredata'], [631, 'ipp'], [49153, 'unknown'], [8081, 'blackice-icecap'],
  [2049, 'nfs'], [88, 'kerberos-sec'], [79, 'finger'], [5800, 'vnc-http'], [106, 'pop3pw'],
  [2121, 'ccproxy-ftp'], [1110, 'nfsd-status'], [49155, 'unknown'], [6000, 'X11'], [513, 'login'],
  [990, 'ftps'], [5357, 'wsdapi'], [427, 'svrloc'], [49156, 'unknown'], [543, 'klogin'],
  [544, 'kshell'], [5101, 'admdog'], [144, 'news'], [7, 'echo'], [389, 'ldap'],
  [8009, 'ajp13'], [3128, 'squid-http'], [444, 'snpp'], [9999, 'abyss'], [5009, 'airport-admin'],
  [7070, 'realserver'], [5190, 'aol'], [3000, 'ppp'], [5432, 'postgresql'], [1900, 'upnp'],
  [3986, 'mapper-ws_ethd'], [13, 'daytime'], [1029, 'ms-lsa'], [9, 'discard'], [5051, 'ida-agent'],
  [6646, 'unknown'], [49157, 'unknown'], [1028, 'unknown'], [873, 'rsync'], [1755, 'wms'],
  [2717, 'pn-requester'], [4899, 'radmin'], [9100, 'jetdirect'], [119, 'nntp'], [37, 'time'],
];

/** Well-known services that are rare on the Internet at large but common in troubleshooting. */
export const EXTRA_SERVICE_NAMES: ReadonlyArray<readonly [number, string]> = [
  [6379, 'redis'], [27017, 'mongod'], [9200, 'elasticsearch'], [5672, 'amqp'], [11211, 'memcache'],
  [2181, 'zookeeper'], [9092, 'kafka'], [6443, 'kubernetes-api'], [2379, 'etcd-client'], [1521, 'oracle'],
];
