#!/usr/bin/env bash
# Runs the test suite RUNS times in random order and lists every test that
# failed, with the seed that reproduces the order:
#   tools/repeat_tests.sh 10                       # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/therapies_flake \
#   REDIS_URL=redis://127.0.0.1:6379/2 tools/repeat_tests.sh 10 tests/browser
# Logs go to test-artifacts/repeat/. Used to hunt nondeterministic tests.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
logs=test-artifacts/repeat
mkdir -p "$logs"
failed_runs=0
for run in $(seq 1 "$runs"); do
  seed=$RANDOM$RANDOM
  log="$logs/run-$run-seed-$seed.log"
  start=$SECONDS
  .venv/bin/pytest -q -p no:cacheprovider --randomly-seed="$seed" "$@" >"$log" 2>&1
  status=$?
  echo "run $run/$runs seed $seed: exit $status in $((SECONDS - start)) s — $(tail -1 "$log")"
  if [ "$status" -ne 0 ]; then
    failed_runs=$((failed_runs + 1))
    grep -E "^(FAILED|ERROR) " "$log" | sed 's/^/    /'
  fi
done
echo "$failed_runs of $runs runs failed"
[ "$failed_runs" -eq 0 ]
