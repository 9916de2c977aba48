/**
 * The shell programs labgate runs inside pods, and the parsers for what they print. Values (host, port,
 * payload) are passed as positional arguments ($1, $2, ...), never spliced into the script text.
 * Markers on stderr ("labgate-probe: ...") tell the parser what happened.
 */

export const MARKER = 'labgate-probe:';
/** Seconds the reader waits for the server to answer and close. */
export const REPLY_WAIT_SECONDS = 5;

/** Seconds a lookup may take: a resolver that gets no answer (its queries dropped) would retry for much longer. */
export const LOOKUP_WAIT_SECONDS = 8;

/** sh: resolve a name with getent, else nslookup, bounded by `timeout` where the image has it. */
export const LOOKUP_SCRIPT = [
  'name="$1"; secs="$2"',
  'if command -v timeout >/dev/null 2>&1; then bound="timeout $secs"; else bound=""; fi',
  `ran() { rc=$?; [ "$rc" = 124 ] && echo "${MARKER} lookup-timeout" >&2; exit "$rc"; }`,
  `if command -v getent >/dev/null 2>&1; then echo "${MARKER} tool=getent" >&2; $bound getent hosts "$name"; ran; fi`,
  `if command -v nslookup >/dev/null 2>&1; then echo "${MARKER} tool=nslookup" >&2; $bound nslookup "$name"; ran; fi`,
  `echo "${MARKER} missing-tool getent nslookup" >&2`,
  'exit 127',
].join('\n');

/**
 * bash: open host:port with /dev/tcp, send one line (CRLF), read until the server closes or time runs out. A
 * connect that gets no answer (the packet dropped, as a real cluster drops traffic no rule takes anywhere), or a
 * name that does not resolve in time, is ended by a watcher after `secs`, which says so first.
 */
export const TCP_REQUEST_SCRIPT = [
  'host="$1"; port="$2"; payload="$3"; secs="$4"',
  // KILL, not TERM: bash runs a trap only after the builtin returns, and a name lookup retries through signals
  `( sleep "$secs"; echo "${MARKER} connect-timeout" >&2; kill -KILL $$ 2>/dev/null ) &`,
  'watcher=$!',
  `if ! exec 3<>"/dev/tcp/$host/$port"; then kill "$watcher"; echo "${MARKER} connect-failed" >&2; exit 20; fi`,
  'kill "$watcher" 2>/dev/null',
  `echo "${MARKER} connected" >&2`,
  `printf '%s\\r\\n' "$payload" >&3`,
  'if command -v timeout >/dev/null 2>&1; then timeout "$secs" cat <&3; rc=$?; else cat <&3; rc=$?; fi',
  `if [ "$rc" = 0 ]; then echo "${MARKER} closed-by-peer" >&2;`,
  `elif [ "$rc" = 124 ] || [ "$rc" = 143 ]; then echo "${MARKER} still-open" >&2;`,
  `else echo "${MARKER} read-error rc=$rc" >&2; fi`,
  'exec 3<&-',
  'exit 0',
].join('\n');

/**
 * sh fallback for images without bash: the same request through nc. nc exits 0 both when the server closes and
 * when its own idle timeout (`-w`, OpenBSD nc) ends a connection the server kept open, so its status alone cannot
 * say who closed: a connection that lasted `secs` or longer was ended by the timeout, not the server. nc builds
 * whose `-w` bounds only the connect (busybox) would wait for ever: a watcher ends them at `secs` + 1 (by then
 * the connect, bounded by `secs`, has succeeded or failed). Seconds are whole (`date +%s`): a server that takes
 * `secs` - 1 s or more to close counts as keeping the connection open.
 */
export const TCP_REQUEST_NC_SCRIPT = [
  'host="$1"; port="$2"; payload="$3"; secs="$4"',
  `if ! command -v nc >/dev/null 2>&1; then echo "${MARKER} missing-tool bash nc" >&2; exit 127; fi`,
  'start=$(date +%s)',
  'printf \'%s\\r\\n\' "$payload" | nc -w "$secs" "$host" "$port" &',
  'nc_pid=$!',
  '( sleep $((secs + 1)); kill "$nc_pid" ) >/dev/null 2>&1 &',
  'watcher=$!',
  'wait "$nc_pid"; rc=$?',
  'kill "$watcher" 2>/dev/null',
  'elapsed=$(( $(date +%s) - start ))',
  `if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ]; then echo "${MARKER} connect-failed" >&2; exit 20; fi`,
  `echo "${MARKER} connected" >&2`,
  `if [ "$rc" -eq 0 ] && [ "$elapsed" -lt "$secs" ]; then echo "${MARKER} closed-by-peer" >&2;`,
  `else echo "${MARKER} still-open" >&2; fi`,
].join('\n');

/**
 * bash: open `count` new connections one after another. Each is established (the handshake is done, so the
 * NAT rules chose its endpoint on the first packet) and closed at once: the load balancing is in the choice,
 * and waiting for each reply only made the burst slower. Builtins only: no process per connection.
 */
/**
 * How long one burst may take: connections that hang (dropped, not refused) must not hold the burst until the
 * exec's own bound; whatever is not established by then counts as failed. Healthy bursts take well under 1 s.
 */
export const BURST_LIMIT_SECONDS = 20;

export const TCP_BURST_SCRIPT = [
  'host="$1"; port="$2"; n="$3"; limit="$4"; ok=0',
  // the count so far every 16 connections, so a burst cut short by its limit still says how many were established
  `connect='ok=0; i=0; while [ "$i" -lt "$3" ]; do if exec 3<>"/dev/tcp/$1/$2"; then exec 3<&-; ok=$((ok+1)); fi; ` +
    `i=$((i+1)); [ $((i % 16)) -eq 0 ] && echo "$ok"; done 2>/dev/null; echo "$ok"'`,
  'if command -v timeout >/dev/null 2>&1; then bound="timeout $limit"; else bound=""; fi',
  'while read -r counted; do ok=$counted; done < <($bound bash -c "$connect" labgate-burst "$host" "$port" "$n")',
  `echo "${MARKER} connections ok=$ok failed=$((n - ok))"`,
].join('\n');

export function lookupCommand(name: string): string[] {
  return ['sh', '-c', LOOKUP_SCRIPT, 'labgate-lookup', name, String(LOOKUP_WAIT_SECONDS)];
}

export function tcpRequestCommand(
  host: string,
  port: number,
  payload: string,
  shell: 'bash' | 'sh' = 'bash',
): string[] {
  const script = shell === 'bash' ? TCP_REQUEST_SCRIPT : TCP_REQUEST_NC_SCRIPT;
  return [shell, '-c', script, 'labgate-request', host, String(port), payload, String(REPLY_WAIT_SECONDS)];
}

export function tcpBurstCommand(host: string, port: number, count: number): string[] {
  const limit = String(BURST_LIMIT_SECONDS);
  return ['bash', '-c', TCP_BURST_SCRIPT, 'labgate-burst', host, String(port), String(count), limit];
}

export function markers(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(MARKER))
    .map((l) => l.slice(MARKER.length).trim());
}

export interface LookupOutcome {
  tool: 'getent' | 'nslookup' | null;
  addresses: string[]; // IPv4 addresses the name resolved to, in order, without duplicates
  missingTool: boolean;
}

const IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/g;

/**
 * getent prints "<ip> <name> [aliases]" per line; nslookup (bind or busybox) prints the server first, then
 * "Name:" and the answers, so only addresses after the first "Name:" line count.
 */
export function parseLookup(stdout: string, stderr: string): LookupOutcome {
  const m = markers(stderr);
  const missingTool = m.some((x) => x.startsWith('missing-tool'));
  const toolMarker = m.find((x) => x.startsWith('tool='));
  const tool = toolMarker === 'tool=getent' ? 'getent' : toolMarker === 'tool=nslookup' ? 'nslookup' : null;
  let text = stdout;
  if (tool === 'nslookup') {
    const at = stdout.search(/^Name:/m);
    text = at >= 0 ? stdout.slice(at) : '';
  } else {
    text = stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[0] ?? '')
      .join('\n');
  }
  const addresses: string[] = [];
  for (const match of text.matchAll(IPV4)) {
    const ip = match[1]!;
    if (ip.split('.').every((o) => Number(o) <= 255) && !addresses.includes(ip)) addresses.push(ip);
  }
  return { tool, addresses, missingTool };
}

export interface HttpReply {
  host: string;
  port: number;
  connected: boolean;
  closedByPeer: boolean;
  missingTool: boolean;
  statusLine: string | null;
  headers: Record<string, string>; // lower-case names
  raw: string;
  /** why no connection was made, in the shell's words ("nginx-service: Name or service not known") */
  failure?: string;
}

export function parseTcpRequest(host: string, port: number, stdout: string, stderr: string): HttpReply {
  const m = markers(stderr);
  const lines = stdout.split(/\r?\n/);
  const statusLine = lines[0]?.startsWith('HTTP/') ? lines[0].trim() : null;
  const headers: Record<string, string> = {};
  if (statusLine) {
    for (const line of lines.slice(1)) {
      if (line.trim() === '') break;
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  const connected = m.includes('connected');
  if (!connected && m.includes('connect-timeout')) {
    const failure = `connect: timed out (no answer within ${REPLY_WAIT_SECONDS} s)`;
    return {
      host,
      port,
      connected,
      failure,
      closedByPeer: false,
      missingTool: false,
      statusLine,
      headers,
      raw: stdout,
    };
  }
  // bash reports a failed /dev/tcp open as "bash: line 1: <host>: Name or service not known" or "connect: ..."
  const complaint = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith(MARKER));
  return {
    host,
    port,
    connected,
    ...(connected || !complaint
      ? {}
      : { failure: complaint.replace(/^[\w.-]+: line \d+: /, '').replace(/^(ba)?sh: |^labgate-[\w-]+: /, '') }),
    closedByPeer: m.includes('closed-by-peer'),
    missingTool: m.some((x) => x.startsWith('missing-tool')),
    statusLine,
    headers,
    raw: stdout,
  };
}

export interface BurstOutcome {
  ok: number;
  failed: number;
}

export function parseBurst(stdout: string): BurstOutcome | null {
  const match = /connections ok=(\d+) failed=(\d+)/.exec(stdout);
  return match ? { ok: Number(match[1]), failed: Number(match[2]) } : null;
}

/** True when the exec failed because the program is not in the image. */
export function isMissingExecutable(failure: string | undefined): boolean {
  return (
    !!failure && /executable file not found|no such file or directory|not found in \$PATH|exit code 127/i.test(failure)
  );
}

/**
 * True when `program` itself could not be started: the API server's exec status says so (containerd:
 * "executable file not found in $PATH"), or the runtime wrote it on stderr before any script ran
 * (`exec of "<program>" failed: No such file or directory`, as `ip netns exec` prints it).
 */
export function programMissing(
  program: string,
  failure: string | undefined,
  stderr: string,
  exitCode: number | undefined,
): boolean {
  if (isMissingExecutable(failure)) return true;
  if (exitCode === 0 || markers(stderr).length > 0) return false;
  const quoted = JSON.stringify(program);
  return (
    stderr.includes(`exec of ${quoted} failed`) ||
    (stderr.includes(quoted) && /executable file not found|no such file or directory/i.test(stderr))
  );
}
