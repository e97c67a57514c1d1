#!/usr/bin/env bash
# Regenerates the committed PTX from the CUDA sources:
#   src/main/cuda/<module>.cu  ->  src/main/resources/dev/scorch/cuda/ptx/<module>.ptx
# for the virtual architecture compute_75 (Turing and every newer GPU run it; the driver compiles it for the device at
# load time), then assembles each PTX with ptxas for sm_75 and sm_90 (H100/H200) to check that it compiles there, and
# writes SOURCES.sha256 beside the PTX: the SHA-256 of the sources and flags it was built from, which a test without
# nvcc compares with the sources (PtxResourcesTest).
#
# Usage: cuda-kernels/build-ptx.sh [OUTPUT_DIR]      (NVCC=/path/to/nvcc to choose the compiler)
# Also run by: mvn -Pptx -pl cuda-kernels generate-resources
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main/cuda"
out="${1:-$here/src/main/resources/dev/scorch/cuda/ptx}"
nvcc="${NVCC:-nvcc}"
modules=(elementwise reduce gemm conv pool index random fused)
# No fast math: the kernels must round as the CPU does (see fused.cu and common.cuh).
flags="-ptx -arch=compute_75 -O3 -std=c++17 --Werror all-warnings"

if ! command -v "$nvcc" >/dev/null 2>&1; then
  echo "build-ptx.sh: nvcc not found (set NVCC or put CUDA's bin on the PATH)" >&2
  exit 2
fi
mkdir -p "$out"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

for m in "${modules[@]}"; do
  # shellcheck disable=SC2086
  "$nvcc" $flags -o "$out/$m.ptx" "$src/$m.cu"
  for sm in sm_75 sm_90; do
    if ! "$nvcc" -cubin -arch="$sm" -Xptxas -warn-spills -o "$scratch/$m.$sm.cubin" "$out/$m.ptx" 2>"$scratch/log"; then
      cat "$scratch/log" >&2
      echo "build-ptx.sh: ptxas failed on $m.ptx for $sm" >&2
      exit 1
    fi
    if [ -s "$scratch/log" ]; then
      sed "s|^|$m.ptx ($sm): |" "$scratch/log" >&2
    fi
  done
done

"$here/sources-hash.sh" "$flags" "$("$nvcc" --version | tail -n 2 | head -n 1)" >"$out/SOURCES.sha256"
echo "build-ptx.sh: wrote ${#modules[@]} PTX modules and SOURCES.sha256 to $out"
