#!/usr/bin/env bash
# Times the DCGAN of dev.scorch.gan (G 533,889 / D 138,689 parameters, batch 64) in Scorch (JMH DcGanStepBenchmark) and
# in PyTorch (dcgan_torch.py), one after the other, and prints them side by side: the generator's and the
# discriminator's forward, and a whole training step (dcgan: one D and one G update; wgan-gp: five critic updates
# with the gradient penalty, then one G update), on 1 and 2 threads.
# Everything lands in benchmarks/compare/results/ (jmh-gan.json, jmh-gan.log, torch_dcgan.csv, table-gan.txt/.csv).
#
# Usage: benchmarks/compare/run_gan.sh [--quick] [--rebuild]
#   --quick    one 1 s warm-up and one 1 s measurement per case: checks that everything runs; the numbers are rough
#   --rebuild  build benchmarks.jar even when it exists (otherwise it is built only when missing)
# The full run takes about 10 minutes on 2 cores; run it on an otherwise idle machine.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
results="$here/results"
python=/usr/bin/python3   # Debian's PyTorch; the python3 on PATH may lack it

quick=0
rebuild=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --rebuild) rebuild=1 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_gan.sh: unknown option '$arg' (expected --quick or --rebuild)" >&2; exit 2 ;;
  esac
done

if [[ $rebuild == 1 || ! -f $jar ]]; then
  echo "== building $jar"
  (cd "$root" && mvn -B -q -o package -DskipTests -pl benchmarks -am)
fi
mkdir -p "$results"

jmh_opts=()
py_opts=()
if [[ $quick == 1 ]]; then
  jmh_opts=(-wi 1 -w 1s -i 1 -r 1s)
  py_opts=(--quick)
fi

echo "== JMH (log: $results/jmh-gan.log)"
set +e
java -jar "$jar" '\.DcGanStepBenchmark\.' "${jmh_opts[@]}" -foe true -rf json -rff "$results/jmh-gan.json" 2>&1 \
  | tee "$results/jmh-gan.log" | grep --line-buffered -E '^# (Benchmark|Parameters):'
jmh_status=${PIPESTATUS[0]}
set -e
if [[ $jmh_status != 0 ]]; then
  echo "run_gan.sh: JMH failed (exit $jmh_status), see $results/jmh-gan.log" >&2
  exit 1
fi

echo "== PyTorch DCGAN"
"$python" "$here/dcgan_torch.py" "${py_opts[@]}" | tee "$results/torch_dcgan.csv"

echo
"$python" "$here/join_results.py" "$results/jmh-gan.json" "$results/torch_dcgan.csv" --csv "$results/table-gan.csv" \
  | tee "$results/table-gan.txt"
