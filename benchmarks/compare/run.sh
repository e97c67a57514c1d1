#!/usr/bin/env bash
# Issue 5's comparison in one go: Scorch (JMH) against NumPy and PyTorch (Debian's python3-numpy and python3-torch,
# run with /usr/bin/python3) on this machine, printing Scorch ms, reference ms and their ratio for
#   - SGEMM at n = 128, 256, 512, 1024, 2048 (NumPy / OpenBLAS);
#   - each convolution and transposed convolution of the score network, forward and forward + backward, batch 32 and
#     64 (PyTorch, the faster of oneDNN and its native path per case);
#   - the full training step of the tutorial's ScoreNet at batch 32 and 64, one Euler-Maruyama step and one annealed
#     Langevin step at batch 64;
#   - the DCGAN's layers (forward and forward + backward, batch 64), its generator and discriminator forward and its
#     DCGAN and WGAN-GP training steps;
# all on 1 and 2 threads. A full run writes benchmarks/compare/results.csv (name,threads,scorch_ms,reference_ms,ratio,
# one row per case; the file the README's tables come from); every run keeps the raw results and the full table in
# benchmarks/compare/results/ (run-*.json, run-*.csv, table-run.txt; quick-* and short-* for the shorter runs).
#
# Usage: benchmarks/compare/run.sh [--quick|--short] [--no-build]
#   --quick     one short warm-up and measurement per case (about 15 minutes): checks that everything runs; its
#               rough figures go to results/results-quick.csv, not to results.csv
#   --short     fewer, shorter iterations (about 25 minutes), to results/results-short.csv
#   --no-build  use benchmarks/target/benchmarks.jar as it is (otherwise it is rebuilt first, so that a run after a
#               pull measures the code checked out)
# The full run takes about 40 minutes on 2 cores. Run it on an otherwise idle machine: the two sides run one after
# the other, so load that comes and goes shows up in the ratios. Needs Debian's /usr/bin/python3 with python3-torch,
# python3-numpy and python3-threadpoolctl.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
results="$here/results"
python=/usr/bin/python3   # Debian's NumPy and PyTorch; the python3 on PATH may lack them

quick=0
short=0
build=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --short) short=1 ;;
    --no-build) build=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$arg' (expected --quick, --short or --no-build)" >&2; exit 2 ;;
  esac
done
if [[ $quick == 1 && $short == 1 ]]; then
  echo "run.sh: --quick and --short exclude each other" >&2
  exit 2
fi
if ! "$python" -c 'import numpy, torch, threadpoolctl' 2>/dev/null; then
  echo "run.sh: $python lacks numpy, torch or threadpoolctl; install them with" >&2
  echo "  apt-get update && apt-get install -y python3-torch python3-numpy python3-threadpoolctl" >&2
  exit 1
fi

if [[ $build == 1 || ! -f $jar ]]; then
  echo "== building $jar"
  (cd "$root" && mvn -B -q package -DskipTests -pl benchmarks -am)
fi
mkdir -p "$results"

jmh_opts=()
py_opts=()
results_csv="$here/results.csv"
mode=run   # the prefix of this run's files in results/, so that a quick run leaves a full run's alone
if [[ $quick == 1 ]]; then
  jmh_opts=(-wi 1 -w 1s -i 1 -r 1s)
  py_opts=(--quick)
  mode=quick
  results_csv="$results/results-quick.csv"
elif [[ $short == 1 ]]; then
  jmh_opts=(-wi 2 -w 1s -i 3 -r 1s)
  mode=short
  results_csv="$results/results-short.csv"
fi
rm -f "$results/$mode"-*.json "$results/$mode"-*.csv "$results/$mode"-*.log

score_layers=conv1,conv2,conv3,conv4,tconv4,tconv3,tconv2,tconv1
dcgan_layers=dcgan_g1,dcgan_g2,dcgan_g3,dcgan_d1,dcgan_d2,dcgan_d3

# jmh NAME PATTERN [JMH OPTIONS...]: one JMH invocation, its results in MODE-NAME.json, its log in MODE-NAME.log.
jmh() {
  local name=$1 pattern=$2
  shift 2
  echo "== JMH $name (log: $results/$mode-$name.log)"
  set +e
  java -jar "$jar" "$pattern" "$@" "${jmh_opts[@]}" -foe true -rf json -rff "$results/$mode-$name.json" 2>&1 \
    | tee "$results/$mode-$name.log" | grep --line-buffered -E '^# (Benchmark|Parameters):'
  local status=${PIPESTATUS[0]}
  set -e
  if [[ $status != 0 ]]; then
    echo "run.sh: JMH $name failed (exit $status), see $results/$mode-$name.log" >&2
    exit 1
  fi
}

jmh sgemm '\.GemmBenchmark\.' -p n=128,256,512,1024,2048
jmh scoreconv '\.ConvBenchmark\.' -p layer=$score_layers -p batch=32,64
jmh dcganconv '\.ConvBenchmark\.' -p layer=$dcgan_layers -p batch=64
jmh scorestep '\.ScoreNetStepBenchmark\.'
jmh dcganstep '\.DcGanStepBenchmark\.'

echo "== NumPy SGEMM"
"$python" "$here/gemm_numpy.py" "${py_opts[@]}" --suites sgemm --sizes 128,256,512,1024,2048 \
  | tee "$results/$mode-numpy.csv"
echo "== PyTorch convolutions"
"$python" "$here/conv_torch.py" "${py_opts[@]}" --layers $score_layers | tee "$results/$mode-torch-scoreconv.csv"
"$python" "$here/conv_torch.py" "${py_opts[@]}" --layers $dcgan_layers --batches 64 \
  | tee "$results/$mode-torch-dcganconv.csv"
echo "== PyTorch score-network steps"
"$python" "$here/score_steps_torch.py" "${py_opts[@]}" | tee "$results/$mode-torch-scorestep.csv"
echo "== PyTorch DCGAN"
"$python" "$here/dcgan_torch.py" "${py_opts[@]}" | tee "$results/$mode-torch-dcgan.csv"

echo
"$python" "$here/join_results.py" "$results/$mode"-*.json "$results/$mode"-*.csv --csv "$results/table-$mode.csv" \
  --results-csv "$results_csv" | tee "$results/table-$mode.txt"
echo
echo "wrote $results_csv"
