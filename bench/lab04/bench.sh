#!/usr/bin/env bash
# Warm lab-04 gate vs the shell-script equivalent (bench/lab04/check.sh), N runs each, in alternation, on the
# twin: prints median, min and max wall seconds of each and the ratio of the medians.
# Usage: flock /tmp/labgate-twin.lock bash bench/lab04/bench.sh [N]   (N defaults to 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-5}
lab=04-k8s-services
node bin/labgate.mjs twin up --lab "$lab" | tail -1
export CI=true
node bin/labgate.mjs run --lab "$lab" >/dev/null 2>&1 || { echo "bench: the gate fails on this twin; fix that first" >&2; exit 1; }  # warm-up (build, caches)
bash bench/lab04/check.sh >/dev/null || { echo "bench: the shell script fails on this twin" >&2; exit 1; }
timed() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || echo "bench: '$*' exited non-zero" >&2; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
gate=(); shell=()
for i in $(seq "$n"); do
  gate+=("$(timed node bin/labgate.mjs run --lab "$lab")")
  shell+=("$(timed bash bench/lab04/check.sh)")
  echo "run $i: gate ${gate[-1]} ms, shell script ${shell[-1]} ms"
done
stats() { printf '%s\n' "$@" | sort -n | awk '{ a[NR]=$1 } END { m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f %.2f %.2f\n", m/1000, a[1]/1000, a[NR]/1000 }'; }
read -r gm gmin gmax < <(stats "${gate[@]}")
read -r sm smin smax < <(stats "${shell[@]}")
echo "labgate run --lab $lab: median $gm s (min $gmin, max $gmax)"
echo "shell script (check.sh): median $sm s (min $smin, max $smax)"
awk -v g="$gm" -v s="$sm" 'BEGIN { printf "ratio (shell / gate, medians): %.2fx\n", s / g }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
