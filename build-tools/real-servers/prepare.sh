#!/usr/bin/env bash
# Prepares everything the real-server test profile (-Preal-servers) needs, outside the repository:
#   - llama-server, built from node-llama-cpp's bundled llama.cpp source (build-llama-server.sh);
#   - two tiny Qwen2.5-style models written with llama.cpp's own GGUF writer (make-tiny-model.py):
#     the random-weight one for the protocol tests and the hand-built tool-caller for the tool calls.
# All are cached; a model's file name carries a digest of make-tiny-model.py, so changing the
# script makes new models. A second run only prints the paths. Output: KEY=path lines, for the tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
cache_root="${SWITCHBOARD_CACHE:-$HOME/.cache/switchboard}"
work="$cache_root/llama.cpp/node-llama-cpp-$version"

binary="$("$here/build-llama-server.sh")"

digest="$(sha256sum "$here/make-tiny-model.py" | cut -c1-12)"
mkdir -p "$work/models"
model() { # kind, file
  if [[ ! -s "$2" ]]; then
    python3 "$here/make-tiny-model.py" --kind "$1" "$work/src" "$2" >/dev/null
  fi
}
model random "$work/models/tiny-qwen2.5-$digest.gguf"
model tool-caller "$work/models/tool-caller-qwen2.5-$digest.gguf"

echo "LLAMA_SERVER=$binary"
echo "LLAMA_MODEL=$work/models/tiny-qwen2.5-$digest.gguf"
echo "LLAMA_TOOL_MODEL=$work/models/tool-caller-qwen2.5-$digest.gguf"
