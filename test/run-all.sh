#!/usr/bin/env bash
# `npm test`: the whole self-test. Brings the twin up, runs every suite against it, takes it down and
# checks that nothing is left behind. Each stage prints its name; the first failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"
stage() { printf '\n=== %s\n' "$*"; }
labgate() { node bin/labgate.mjs "$@"; }

stage "host packages the tests need (test/host-packages.txt)"
bash test/host-packages.sh

stage "typecheck"
npx tsc --noEmit

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
  for lab in 01-calico-ipam 02-pod-network 03-pod-routing 04-k8s-services 05-k8s-dns 11-headless-services; do
    coverage=$(labgate coverage --lab "$lab") || { printf '%s\n' "$coverage"; exit 1; }
    printf '%s: %s\n' "$lab" "$(printf '%s\n' "$coverage" | sed -n 2p)"
  done
fi

stage "dry run: no undefined or ambiguous steps"
npx cucumber-js --dry-run --format summary --strict

stage "twin up"
labgate twin up --lab 04-k8s-services

stage "the lab-04 suite against the twin"
labgate run --lab 04-k8s-services

if compgen -G 'test/twin/*.test.ts' >/dev/null; then
  stage "twin and CLI end-to-end tests"
  node --import tsx --test --test-reporter=spec --test-concurrency=1 test/twin/*.test.ts
fi

stage "bad inputs: one-line errors, non-zero exits, never a pass"
node --import tsx --test --test-reporter=spec --test-concurrency=1 test/inputs/*.test.ts

if compgen -G 'test/faults/*.test.ts' >/dev/null; then
  stage "fault matrix"
  node --import tsx --test --test-reporter=spec --test-concurrency=1 test/faults/*.test.ts
fi

stage "lab 02-pod-network: twin, suite, fault matrix"
bash test/lab-stage.sh 02-pod-network

stage "lab 03-pod-routing: twin, suite, fault matrix"
bash test/lab-stage.sh 03-pod-routing

stage "lab 01-calico-ipam: twin, suite, fault matrix"
bash test/lab-stage.sh 01-calico-ipam

stage "lab 05-k8s-dns: twin, suite, fault matrix"
bash test/lab-stage.sh 05-k8s-dns

stage "lab 11-headless-services: twin, suite, fault matrix"
bash test/lab-stage.sh 11-headless-services

stage "the main job (npm run cucumber): every lab in one process, each on its twin"
node --import tsx --test --test-reporter=spec --test-concurrency=1 test/main-job/*.test.ts
labgate twin down --lab 11-headless-services

stage "twin down, then the @after-destroy feature"
labgate twin down --lab 04-k8s-services
labgate run --lab 04-k8s-services -- --profile after-destroy

stage "a lab made of a descriptor and two manifests comes up on the twin"
node --import tsx --test --test-reporter=spec --test-concurrency=1 test/twin-lab/*.test.ts

stage "twin up refuses bad states (port in use, foreign containers, no engine)"
node --import tsx --test --test-reporter=spec --test-concurrency=1 test/after-down/*.test.ts

stage "all stages passed"
