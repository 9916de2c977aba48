#!/usr/bin/env bash
# One lab's stage of `npm test`: its twin up and suite, its fault matrix (exact), its twin down, its cleanup promises.
# Usage: test/lab-stage.sh <lab>
set -euo pipefail
cd "$(dirname "$0")/.."
lab="$1"
labgate() { node bin/labgate.mjs "$@"; }
if [ -f "features/$lab/fault-matrix.json" ]; then
  # the matrix brings up a fresh twin and runs the gate on it (`labgate run`) as its healthy reference first:
  # that run is this lab's suite run, so it is not made twice
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
