#!/usr/bin/env bash
# Checks that the committed PTX is what build-ptx.sh makes from the committed CUDA sources: regenerates it into a
# scratch folder with this machine's nvcc (which also runs ptxas for sm_75 and sm_90) and compares every file.
# Exit 0 when current, 1 when stale (with what to run), 2 without nvcc. For CI machines that have nvcc:
#   if command -v nvcc >/dev/null 2>&1; then cuda-kernels/check-ptx.sh; fi
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
committed="$here/src/main/resources/dev/scorch/cuda/ptx"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT

"$here/build-ptx.sh" "$fresh" >/dev/null
if diff -r -q "$committed" "$fresh" >/dev/null; then
  echo "check-ptx.sh: the committed PTX is current ($(head -n 1 "$committed/SOURCES.sha256"))"
  exit 0
fi
echo "check-ptx.sh: the committed PTX is stale: run cuda-kernels/build-ptx.sh and commit the result" >&2
diff -r -q "$committed" "$fresh" >&2 || true
built_with="$(sed -n 's/^nvcc //p' "$committed/SOURCES.sha256")"
here_with="$(sed -n 's/^nvcc //p' "$fresh/SOURCES.sha256")"
if [ "$built_with" != "$here_with" ]; then
  echo "check-ptx.sh: note: the committed PTX was built by '$built_with', this machine has '$here_with'" >&2
fi
exit 1
