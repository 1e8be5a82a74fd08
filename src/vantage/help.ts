/** The `--from` section of `check --help` (src/help/check.ts includes it). */
export const FROM_HELP = `From elsewhere (vantage points)
  The same check from other machines, over the system ssh: nothing to install there, a POSIX
  sh is enough. The probe uses the best it finds: bash's /dev/tcp (with timeout), nc, curl or
  python3 to connect; getent (python3) for DNS; ping; ip route get for the source address; ss
  when the target is that machine itself; openssl s_client for TLS (that machine's trust store).
  What it could not run is a step marked n/a with what to install there. The same verdicts and
  findings as here, where the evidence allows (nc cannot watch for a banner, FIN or RST).
  --from ssh://[user@]host[:port]   check from there (repeatable; user@host or a Host alias
                    of ~/.ssh/config work too). BatchMode: a key or an agent, never a prompt.
  --from local      this machine too (the full local check)
  --from @FILE      one ssh destination per line (# comments), or an Ansible inventory (INI or
                    YAML: ansible_host, ansible_port, ansible_user, ranges like web[01:20]);
                    @FILE:GROUP for one group (its children included)
  --parallel N      at most N vantage points at once (default 16)
  --ssh-config FILE use this ssh config instead of ~/.ssh/config
  Two or more: one table (from, addresses, verdict, time, main finding), live in a terminal,
  then the difference: differs-by-vantage (who fails, how), dns-differs (split-horizon DNS or
  other hosts files), source-address-matters (the same address answers one source, not
  another: a firewall or security group by source; the failing ones' shared subnet is named).
  A vantage point ssh cannot reach is a row with the reason and the fix, not the end of the run.
  Several checks to one host share one ssh connection (ControlMaster, in a private folder).
  --json: one line per vantage point as it finishes (the check --json report plus "from" and
  "vantage": kind, source address, the tool used, what is missing; "verdict" is null with
  "error" when there is no verdict from there), then one line {"summary": true, "verdicts",
  "findings", "details", "lessons"}. Exit 0 only when every vantage point says open.
  --report FILE.md|FILE.html: one report with every vantage point side by side (the same rows
  as the table, the difference first, then each one's steps and the command to repeat them).
`;
