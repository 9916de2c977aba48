#!/usr/bin/env bash
# One lab's stage of `npm test`: its twin up and suite, its fault matrix (exact), its twin down, its cleanup promises.
# Usage: test/lab-stage.sh <lab>
set -euo pipefail
cd "$(dirname "$0")/.."
lab="$1"
labgate() { node bin/labgate.mjs "$@"; }
if [ -f "features/$lab/fault-matrix.json" ]; then
  # the matrix's healthy reference is the main job's run of the lab (LABGATE_HEALTHY_RUNS, set by npm test), or
  # else a run of its own on a fresh twin; then each fault resets the twin, so no separate suite run is needed
  LABGATE_TWIN_LAB="$lab" node --import tsx --test --test-reporter=spec --test-concurrency=1 test/faults/matrix.test.ts
else
  labgate twin up --lab "$lab"
  labgate run --lab "$lab"
fi
labgate twin down --lab "$lab"
# what the lab's destroy script promises, checked against what the twin's `down` left
if grep -qs '@after-destroy' "features/$lab"/*.feature; then
  labgate run --lab "$lab" -- --profile after-destroy
fi
