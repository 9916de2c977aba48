#!/usr/bin/env bash
# `npm test`: the whole self-test. Brings the twin up, runs every suite against it, takes it down and
# checks that nothing is left behind. Each stage prints its name; the first failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"
# each stage's name and start; the table of their durations is printed at the end, passed or not
stage_names=()
stage_starts=()
stage() {
  stage_names+=("$*")
  stage_starts+=("$(date +%s)")
  printf '\n=== %s\n' "$*"
}
stage_times() {
  local status=$? end i
  end=$(date +%s)
  printf '\n=== stage times (%s)\n' "$([ "$status" = 0 ] && echo passed || echo "failed, exit $status")"
  for i in "${!stage_names[@]}"; do
    local next=${stage_starts[$((i + 1))]:-$end}
    printf '%5d s  %s\n' "$((next - stage_starts[i]))" "${stage_names[$i]}"
  done
  printf '%5d s  total\n' "$((end - ${stage_starts[0]:-$end}))"
  # the same times against the budget: each lab's cost and the run with every lab of the course gated
  [ "${#labs[@]}" -gt 0 ] || return 0
  for i in "${!stage_names[@]}"; do
    local next=${stage_starts[$((i + 1))]:-$end}
    printf '%d\t%s\n' "$((next - stage_starts[i]))" "${stage_names[$i]}"
  done | node --import tsx test/stageBudget.ts "${#labs[@]}" "$(course_labs)" || true
}
# the labs of the course (each a folder NN-name of its text), or the gated ones where the text is not here
course_labs() {
  local n
  n=$(find ../shared/course -mindepth 1 -maxdepth 1 -type d -name '[0-9][0-9]-*' 2>/dev/null | wc -l)
  echo "$((n > 0 ? n : ${#labs[@]}))"
}
labs=()
trap stage_times EXIT
labgate() { node bin/labgate.mjs "$@"; }

# The labs, from their descriptors. The twin, input and fault tests are written against the reference lab;
# every other lab gets its own stage (test/lab-stage.sh).
labs_json=$(labgate labs --json)
mapfile -t labs < <(node -e 'for (const l of JSON.parse(require("fs").readFileSync(0, "utf8")).labs) console.log(l.name)' \
  <<<"$labs_json")
reference=04-k8s-services
printf 'labs: %s (reference lab %s)\n' "${labs[*]}" "$reference"

stage "host packages the tests need (test/host-packages.txt)"
bash test/host-packages.sh

stage "lint: format, Biome's rules, lines at most 120 characters, typecheck (npm run lint)"
npm run --silent lint

stage "unit tests (parsers, model, hash, probability math, API server, reports)"
npm run --silent test:unit

stage "host tests (root and the host packages: DNS in network namespaces, real iptables, Allure's HTML report)"
npm run --silent test:host

if [ -f docs/steps.md ] && node -e 'process.exit(require("./package.json").scripts["docs:steps:check"]?0:1)'; then
  stage "step catalogue is current"
  npm run --silent docs:steps:check
fi

if [ -d ../shared/course ]; then
  stage "course text: drift report current, every gated lab's coverage complete (no cluster)"
  npm run --silent docs:drift:check
  for lab in "${labs[@]}"; do
    coverage=$(labgate coverage --lab "$lab") || { printf '%s\n' "$coverage"; exit 1; }
    printf '%s: %s\n' "$lab" "$(printf '%s\n' "$coverage" | sed -n 2p)"
  done
fi

stage "dry run: no undefined or ambiguous steps"
npx cucumber-js --dry-run --format summary --strict

stage "twin up"
labgate twin up --lab "$reference"

stage "the $reference suite against the twin"
labgate run --lab "$reference"

if compgen -G 'test/twin/*.test.ts' >/dev/null; then
  stage "twin and CLI end-to-end tests"
  node --import tsx --test --test-reporter=spec --test-concurrency=1 test/twin/*.test.ts
fi

stage "bad inputs: one-line errors, non-zero exits, never a pass"
node --import tsx --test --test-reporter=spec --test-concurrency=1 test/inputs/*.test.ts

stage "the main job (npm run cucumber): every lab in one process, each on a fresh twin"
labgate twin down --lab "$reference" # the tests above wrote to it: its run must be on a fresh twin like the others'
node --import tsx --test --test-reporter=spec --test-concurrency=1 test/main-job/*.test.ts
labgate twin down --lab "${labs[-1]}" # the main job leaves its last lab's twin up
# every lab just ran green on a fresh twin: each fault matrix takes that run as its healthy reference
# (reports/<lab>/cucumber-messages.ndjson) instead of running the same suite again
export LABGATE_HEALTHY_RUNS="$PWD/reports"

if compgen -G 'test/faults/*.test.ts' >/dev/null; then
  stage "fault matrix"
  node --import tsx --test --test-reporter=spec --test-concurrency=1 test/faults/*.test.ts
fi

for lab in "${labs[@]}"; do
  [ "$lab" = "$reference" ] && continue
  stage "lab $lab: fault matrix, twin down, cleanup promises"
  bash test/lab-stage.sh "$lab"
done

stage "twin down, then the @after-destroy feature"
labgate twin down --lab "$reference"
labgate run --lab "$reference" -- --profile after-destroy

stage "a lab made of a descriptor and two manifests comes up on the twin"
node --import tsx --test --test-reporter=spec --test-concurrency=1 test/twin-lab/*.test.ts

stage "twin up refuses bad states (port in use, foreign containers, no engine)"
node --import tsx --test --test-reporter=spec --test-concurrency=1 test/after-down/*.test.ts

stage "all stages passed"
