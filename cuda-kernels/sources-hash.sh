#!/usr/bin/env bash
# Prints the SOURCES.sha256 file that build-ptx.sh writes beside the PTX:
#   sha256 <hex>
#   flags <nvcc flags>
#   nvcc <compiler version line>
# where <hex> is the SHA-256 of, for each file of src/main/cuda in byte order of its name, the line "file <name>" and
# then the file's bytes, and last the line "flags <flags>". PtxResourcesTest computes the same digest in Java.
#
# Usage: sources-hash.sh FLAGS NVCC_VERSION_LINE
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
flags="$1"
version="$2"
hex="$(
  cd "$here/src/main/cuda"
  {
    for f in $(LC_ALL=C ls -1 | LC_ALL=C sort); do
      printf 'file %s\n' "$f"
      cat "$f"
    done
    printf 'flags %s\n' "$flags"
  } | sha256sum | cut -d' ' -f1
)"
printf 'sha256 %s\nflags %s\nnvcc %s\n' "$hex" "$flags" "$version"
