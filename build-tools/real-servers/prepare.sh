#!/usr/bin/env bash
# Prepares everything the real-server test profile (-Preal-servers) needs, outside the repository:
#   - llama-server, built from node-llama-cpp's bundled llama.cpp source (build-llama-server.sh);
#   - the tiny random-weight Qwen2 model, written with llama.cpp's own GGUF writer (make-tiny-model.py).
# Both are cached; a second run only prints the paths. Output: two lines, KEY=path, for the tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
cache_root="${SWITCHBOARD_CACHE:-$HOME/.cache/switchboard}"
work="$cache_root/llama.cpp/node-llama-cpp-$version"

binary="$("$here/build-llama-server.sh")"

model="$work/models/tiny-qwen2.gguf"
if [[ ! -s "$model" ]]; then
  mkdir -p "$work/models"
  python3 "$here/make-tiny-model.py" "$work/src" "$model" >/dev/null
fi

echo "LLAMA_SERVER=$binary"
echo "LLAMA_MODEL=$model"
