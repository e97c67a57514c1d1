#!/usr/bin/env bash
# The GPU check, in one command from the repository root, on a machine with a CUDA GPU:
#   cuda-kernels/gpu-check.sh
# runs the GPU tests (JUnit tag "gpu": every kernel against the CPU backend, autodiff and NCSN on the device), then
# the GPU benchmarks (dev.scorch.bench.GpuCheck: SGEMM at n = 4096 and 8192, each score-network layer
# forward+backward, the NCSN training step at batch 128 and 512, annealed Langevin sampling of 1024 images) and, where
# python3 has PyTorch with CUDA, the same cases in PyTorch (benchmarks/compare/gpu_check_torch.py), and prints one
# table with the ratio. About 5 minutes; the output also lands in $OUT (or cuda-kernels/target/gpu-check/).
#
# It runs from a bundle, cuda-kernels/target/gpu-bundle (the jars, the GPU test classes, and a trimmed Java runtime),
# which it builds first with Maven when neither the folder nor its archive gpu-bundle.tar.gz is there. For a GPU
# machine without Maven, Java or a network, make the archive on a build machine and carry that one file:
#   cuda-kernels/gpu-check.sh --prepare        # writes cuda-kernels/target/gpu-bundle.tar.gz
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

bundle=cuda-kernels/target/gpu-bundle
junit_platform=1.14.4
modules=java.base,java.desktop,java.logging,java.management,java.xml,jdk.unsupported,jdk.incubator.vector

prepare() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "gpu-check.sh: no bundle at $bundle and no Maven here to build one;" \
      "run 'cuda-kernels/gpu-check.sh --prepare' on a build machine and bring $bundle.tar.gz along" >&2
    exit 2
  fi
  set -e
  mvn -B -q ${MAVEN_ARGS:-} install -DskipTests
  rm -rf "$bundle" "$bundle.tar.gz"
  mkdir -p "$bundle/lib" "$bundle/tests/models/dev/scorch/score"
  cp benchmarks/target/benchmarks.jar "$bundle/lib/"
  cp -r cuda-kernels/target/test-classes "$bundle/tests/cuda-kernels"
  cp models/target/test-classes/dev/scorch/score/NcsnCudaTest*.class \
    models/target/test-classes/dev/scorch/score/NcsnFixtures*.class "$bundle/tests/models/dev/scorch/score/"
  mvn -B -q ${MAVEN_ARGS:-} -pl cuda-kernels dependency:copy-dependencies -DincludeScope=test \
    -DincludeArtifactIds=assertj-core -DoutputDirectory="$PWD/$bundle/lib"
  mvn -B -q ${MAVEN_ARGS:-} dependency:copy \
    -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_platform" \
    -DoutputDirectory="$PWD/$bundle/lib"
  # A trimmed Java runtime, of the JDK that built the jars, for GPU machines without Java.
  local jlink="${JLINK:-$(dirname "$(readlink -f "$(command -v java)")")/jlink}"
  if [ -x "$jlink" ]; then
    local compress=zip-6
    if "$jlink" --version | grep -q '^1[0-9]\.'; then
      compress=2
    fi
    "$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress="$compress" \
      --output "$bundle/jre"
  fi
  # One file to carry (a device machine takes at most 64 MiB with the working tree); unpacked where it is missing.
  tar -C "$(dirname "$bundle")" -czf "$bundle.tar.gz" "$(basename "$bundle")"
  set +e
  echo "gpu-check.sh: bundle ready in $bundle ($(du -sh "$bundle" | cut -f1)), packed as $bundle.tar.gz" \
    "($(du -sh "$bundle.tar.gz" | cut -f1))"
}

if [ "${1:-}" = "--prepare" ]; then
  prepare
  exit 0
fi
if [ ! -d "$bundle" ] && [ -f "$bundle.tar.gz" ]; then
  tar -C "$(dirname "$bundle")" -xzf "$bundle.tar.gz"
fi
[ -d "$bundle" ] || prepare

# JCuda's native library links libcuda.so.1, which some images keep outside the loader's default path.
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu; do
  if [ -e "$d/libcuda.so.1" ]; then
    export LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    break
  fi
done

java="$bundle/jre/bin/java"
[ -x "$java" ] || java=java
jvm=(--add-modules jdk.incubator.vector -Xss4m)
out="${OUT:-cuda-kernels/target/gpu-check}"
mkdir -p "$out"
log="$out/gpu-check.log"
: >"$log"

{
  echo "gpu-check $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "(no nvidia-smi)"
  "$java" -version 2>&1 | head -n 1
} | tee -a "$log"

tests="$bundle/tests/cuda-kernels:$bundle/tests/models"
cp="$tests:$bundle/lib/benchmarks.jar:$(ls "$bundle"/lib/assertj-core-*.jar)"
echo "== GPU tests" | tee -a "$log"
timeout 200 "$java" "${jvm[@]}" -Dscorch.cuda.sync=true -jar "$bundle"/lib/junit-platform-console-standalone-*.jar \
  execute --disable-banner --disable-ansi-colors --details=tree --include-tag gpu --class-path "$cp" \
  --scan-class-path "$tests" 2>&1 \
  | tee -a "$log" | grep -E '✘|tests (successful|failed|skipped|aborted)|Exception|Error' | awk 'NR <= 60'
tests_status=${PIPESTATUS[0]}

torch_csv="$out/torch.csv"
rm -f "$torch_csv"
if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  echo "== PyTorch $(python3 -c 'import torch; print(torch.__version__)')" | tee -a "$log"
  (cd benchmarks/compare && PYTHONUNBUFFERED=1 timeout 120 python3 gpu_check_torch.py) >"$torch_csv" 2>>"$log"
  cat "$torch_csv" >>"$log"
else
  echo "== no python3 with PyTorch and CUDA: the table has no PyTorch column" | tee -a "$log"
fi

echo "== Scorch" | tee -a "$log"
timeout 160 "$java" "${jvm[@]}" -cp "$bundle/lib/benchmarks.jar" dev.scorch.bench.GpuCheck --torch "$torch_csv" 2>&1 \
  | tee "$out/table.txt" | tee -a "$log"
bench_status=${PIPESTATUS[0]}

echo "GPU tests: $([ "$tests_status" = 0 ] && echo passed || echo "FAILED (status $tests_status; see $log)");" \
  "benchmarks: $([ "$bench_status" = 0 ] && echo done || echo "FAILED (status $bench_status)")" | tee -a "$log"
[ "$tests_status" = 0 ] && [ "$bench_status" = 0 ]
