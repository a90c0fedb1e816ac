#!/usr/bin/env bash
# Builds llama.cpp's llama-server (CPU only, no web UI, no TLS) from the llama.cpp source that the npm
# package node-llama-cpp ships as a git bundle, and caches the binary outside the repository.
#
# Why npm: this machine reaches the npm registry but neither GitHub releases nor a model hub, and
# node-llama-cpp pins one llama.cpp revision per package version, so the source is reproducible.
#
# Usage: build-llama-server.sh            builds if absent, then prints the binary's path (the only
#                                         line on stdout: the build's own output goes to stderr)
# Env:   NODE_LLAMA_CPP_VERSION           npm package version to take the source from (default 3.22.1)
#        SWITCHBOARD_CACHE                cache root (default ~/.cache/switchboard)
#        LLAMA_BUILD_JOBS                 parallel compile jobs (default 1: the build machines are shared)
set -euo pipefail

version="${NODE_LLAMA_CPP_VERSION:-3.22.1}"
cache_root="${SWITCHBOARD_CACHE:-$HOME/.cache/switchboard}"
work="$cache_root/llama.cpp/node-llama-cpp-$version"
jobs="${LLAMA_BUILD_JOBS:-1}"
binary="$work/bin/llama-server"

if [[ -x "$binary" ]]; then
  echo "$binary"
  exit 0
fi

for tool in npm git cmake c++; do
  command -v "$tool" >/dev/null || { echo "build-llama-server: '$tool' is required but not on PATH" >&2; exit 2; }
done

mkdir -p "$work"
cd "$work"

# 1. The npm tarball, which carries llama/gitRelease.bundle (llama.cpp's source, one squashed commit).
tarball="node-llama-cpp-$version.tgz"
if [[ ! -s "$tarball" ]]; then
  echo "build-llama-server: fetching node-llama-cpp@$version from the npm registry" >&2
  npm pack --silent "node-llama-cpp@$version" >/dev/null
fi
if [[ ! -d src/.git ]]; then
  rm -rf package src
  tar xzf "$tarball" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
  git clone --quiet package/llama/gitRelease.bundle src
  cp package/llama/llama.cpp.info.json llama.cpp.info.json
  rm -rf package
fi

# 2. Configure: only what llama-server needs. The UI options are off so that the build never tries to
#    download the prebuilt web UI; OpenSSL is off (loopback only); GGML_NATIVE is off so that the cached
#    binary does not depend on the exact CPU it was built on.
if [[ ! -f build/build.ninja ]]; then
  cmake -S src -B build -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=OFF \
    -DGGML_NATIVE=OFF \
    -DLLAMA_OPENSSL=OFF \
    -DLLAMA_BUILD_UI=OFF \
    -DLLAMA_USE_PREBUILT_UI=OFF \
    -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_APP=OFF \
    -DLLAMA_BUILD_TOOLS=ON \
    -DLLAMA_BUILD_SERVER=ON \
    -DLLAMA_SUBPROCESS=ON >&2
fi

# 3. Build only the server target.
cmake --build build --target llama-server -j "$jobs" >&2

mkdir -p bin
cp build/bin/llama-server "$binary.tmp"
mv "$binary.tmp" "$binary"
echo "$binary"
