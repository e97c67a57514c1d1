#!/usr/bin/env bash
# Runs the tensor-engine benchmarks (JMH: GEMM, skinny GEMM, convolutions, the small conv net) and the same workloads in
# NumPy and PyTorch one after the other, then prints one table: Scorch ms, reference ms, their ratio and GFLOP/s.
# Everything lands in benchmarks/compare/results/ (jmh.json, jmh.log, numpy.csv, torch.csv, table.txt, table.csv).
#
# Usage: benchmarks/compare/run_tensor.sh [--quick|--short] [--rebuild]
#   --quick    one 1 s warm-up and one 1 s measurement per case (about 8 minutes): checks that everything runs;
#              the numbers are rough
#   --short    two 1 s warm-ups and three 1 s measurements per case (about 25 minutes), for a busy schedule
#   --rebuild  build benchmarks.jar even when it exists (otherwise it is built only when missing)
# The full run takes about 35 minutes on 2 cores; run it on an otherwise idle machine.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
results="$here/results"
python=/usr/bin/python3   # Debian's NumPy and PyTorch; the python3 on PATH may lack them

quick=0
short=0
rebuild=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --short) short=1 ;;
    --rebuild) rebuild=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_tensor.sh: unknown option '$arg' (expected --quick, --short or --rebuild)" >&2; exit 2 ;;
  esac
done

if [[ $rebuild == 1 || ! -f $jar ]]; then
  echo "== building $jar"
  (cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am)
fi
mkdir -p "$results"

jmh_opts=()
py_opts=()
if [[ $quick == 1 ]]; then
  jmh_opts=(-wi 1 -w 1s -i 1 -r 1s)
  py_opts=(--quick)
elif [[ $short == 1 ]]; then
  jmh_opts=(-wi 2 -w 1s -i 3 -r 1s)
fi

echo "== JMH (log: $results/jmh.log)"
set +e
java -jar "$jar" '\.GemmBenchmark\.' '\.DgemmBenchmark\.' '\.GemmSkinnyBenchmark\.' '\.ConvBenchmark\.' \
  '\.SmallConvNetBenchmark\.' \
  "${jmh_opts[@]}" -foe true -rf json -rff "$results/jmh.json" 2>&1 \
  | tee "$results/jmh.log" | grep --line-buffered -E '^# (Benchmark|Parameters):'
jmh_status=${PIPESTATUS[0]}
set -e
if [[ $jmh_status != 0 ]]; then
  echo "run_tensor.sh: JMH failed (exit $jmh_status), see $results/jmh.log" >&2
  exit 1
fi

echo "== NumPy GEMM"
"$python" "$here/gemm_numpy.py" "${py_opts[@]}" | tee "$results/numpy.csv"
echo "== PyTorch convolutions"
"$python" "$here/conv_torch.py" "${py_opts[@]}" | tee "$results/torch.csv"
echo "== PyTorch small conv net"
"$python" "$here/small_convnet_torch.py" "${py_opts[@]}" | tee "$results/torch_smallconvnet.csv"

echo
"$python" "$here/join_results.py" "$results/jmh.json" "$results/numpy.csv" "$results/torch.csv" \
  "$results/torch_smallconvnet.csv" --csv "$results/table.csv" | tee "$results/table.txt"
