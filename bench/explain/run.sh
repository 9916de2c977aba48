#!/usr/bin/env bash
# The 50,000-Service benchmark of `labgate explain` (issue 14): generates a full iptables-save dump and a
# partial (grepped) copy, then times `labgate explain --json` on each with /usr/bin/time -v.
# Usage: bash bench/explain/run.sh [services]   (default 50000). Targets: under 3 s and 600 MB each.
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-50000}"
out="$(mktemp -d /tmp/lgexplain-bench.XXXXXX)"
trap 'rm -rf "$out"' EXIT
node --import tsx bench/explain/generate.ts "$count" "$out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for kind in full partial; do
  for mode in --json ""; do
    /usr/bin/time -v node bin/labgate.mjs explain --input "$out/$kind-$count.txt" $mode >"$out/out.txt" 2>"$out/time.txt" || {
      echo "$kind ${mode:-text}: explain failed"; tail -3 "$out/time.txt"; exit 1; }
    elapsed=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time.txt")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
    user=$(sed -n 's/.*User time (seconds): //p' "$out/time.txt")
    sys=$(sed -n 's/.*System time (seconds): //p' "$out/time.txt")
    printf '%-8s %-6s %s services: %s wall, %s s user + %s s sys CPU, %d MB max RSS, %d lines out\n' \
      "$kind" "${mode:---text}" "$count" "$elapsed" "$user" "$sys" $((rss / 1024)) "$(wc -l <"$out/out.txt")"
  done
done
