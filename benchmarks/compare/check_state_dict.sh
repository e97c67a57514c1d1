#!/usr/bin/env bash
# State dicts move between Scorch and PyTorch: a network saved by Scorch (Module.save, safetensors) loads into the
# equivalent torch.nn.Sequential with load_state_dict(strict=True) and gives the same outputs, and one saved from
# PyTorch loads into Scorch (Module.load) and gives PyTorch's outputs. Prints PASS/FAIL for each direction.
#
# Usage: benchmarks/compare/check_state_dict.sh [dir]   (default: a fresh temporary directory)
set -euo pipefail
cd "$(dirname "$0")/../.."

jar=benchmarks/target/benchmarks.jar
if [[ ! -f $jar || -n $(find pom.xml */pom.xml tensor/src/main autograd/src/main benchmarks/src/main \
        -newer "$jar" -print -quit) ]]; then
    echo "check_state_dict: building $jar"
    mvn -B -q package -DskipTests -pl benchmarks -am
fi
dir=${1:-$(mktemp -d -t scorch-sd-XXXXXX)}
run() { java --add-modules jdk.incubator.vector -cp "$jar" dev.scorch.bench.StateDictCrossCheck "$@" 2> >(grep -v incubator >&2); }
run write "$dir"
/usr/bin/python3 benchmarks/compare/check_state_dict.py torch-side "$dir"
run check "$dir"
