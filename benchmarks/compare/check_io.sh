#!/usr/bin/env bash
# Cross-check of tensor I/O: .npy and .safetensors files written by Scorch (dev.scorch.bench.IoCrossCheck) must be
# read back exactly by NumPy and PyTorch (benchmarks/compare/check_io.py). Prints PASS/FAIL per file.
#
# Usage: benchmarks/compare/check_io.sh [output dir]   (default: a fresh temporary directory)
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=benchmarks/target/benchmarks.jar
if [[ ! -f $jar || -n $(find pom.xml tensor/pom.xml benchmarks/pom.xml tensor/src/main benchmarks/src/main \
        -newer "$jar" -print -quit) ]]; then
    echo "check_io: building $jar"
    mvn -B -q package -DskipTests -pl benchmarks -am
fi

out=${1:-$(mktemp -d -t scorch-io-XXXXXX)}
java --add-modules jdk.incubator.vector -cp "$jar" dev.scorch.bench.IoCrossCheck "$out" 2> >(grep -v incubator >&2)
/usr/bin/python3 benchmarks/compare/check_io.py "$out"
