#!/usr/bin/env bash
# Side-by-side benchmark of gru4j and PyTorch (shared/bench/torch_bench.py) on the standard workloads, alternating
# the two implementations (A B A B) one run at a time. Prints one JSON line per run to stdout; redirect to a file
# and summarize with tools/bench/summarize.py.
#   tools/bench/compare.sh [rounds] [cells] [workloads]      e.g. tools/bench/compare.sh 2 "gru lstm rnn" "S M L stream"
# Needs: mvn -q -B install -DskipTests (for bench/target/classes) and apt-get install python3-torch libopenblas0-openmp.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-2}"
cells="${2:-gru lstm rnn}"
workloads="${3:-S M L stream}"
torch_bench="${TORCH_BENCH:-$root/../shared/bench/torch_bench.py}"
cp="$root/bench/target/classes:$root/core/target/classes"
declare -A args=(
  [S]="--batch 32 --seq 50 --input 32 --hidden 128"
  [M]="--batch 64 --seq 100 --input 128 --hidden 256"
  [L]="--batch 128 --seq 100 --input 512 --hidden 512"
  [stream]="--batch 1 --seq 1 --input 32 --hidden 128"
)
run() {
  local impl=$1 cell=$2 mode=$3 w=$4
  local flags="--cell $cell --mode $mode ${args[$w]} --threads 2 --json"
  local line
  if [ "$impl" = gru4j ]; then
    line=$(java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Xmn64m -cp "$cp" org.gru4j.bench.Bench $flags 2>/dev/null | tail -n 1)
  else
    line=$(/usr/bin/python3 "$torch_bench" $flags 2>/dev/null | tail -n 1)
  fi
  echo "{\"workload\": \"$w\", \"run\": $line}"
}
for r in $(seq 1 "$rounds"); do
  for cell in $cells; do
    for w in $workloads; do
      modes="infer train"
      [ "$w" = stream ] && modes="stream"
      for mode in $modes; do
        run gru4j "$cell" "$mode" "$w"
        run torch "$cell" "$mode" "$w"
      done
    done
  done
done
