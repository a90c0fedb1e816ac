#!/usr/bin/env bash
# The README's "Done when", done as a newcomer would (issue #15): install the artifacts into a
# throwaway local repository, paste the README's Maven blocks and Java quickstart into an empty
# project, build it and run it on the repository's sample switchboard.yaml. Not part of verify
# (it installs everything); see docs/release-check.md.
#   build-tools/newcomer/check.sh [work-dir]   (default /tmp/switchboard-newcomer)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-/tmp/switchboard-newcomer}"
repo="$work/repo"
mkdir -p "$repo"
# Third-party artifacts from the usual local repository; Switchboard's own only from this build.
(cd ~/.m2/repository && tar --exclude=./dev/switchboard -cf - .) | (cd "$repo" && tar xf -)
mvn -B -o -q install -DskipTests -Dmaven.repo.local="$repo" \
  -pl '!benchmarks,!architecture-tests,!examples,!examples-spring'
rm -rf "$work/project"
python3 build-tools/newcomer/readme_project.py README.md "$work/project"
cp switchboard.yaml "$work/project/"
cd "$work/project"
# Online if the newcomer's resolution needs an artifact our own build never fetched (see
# docs/release-check.md: the published poms do not pin every transitive version).
mvn -B -q -Dmaven.repo.local="$repo" compile dependency:build-classpath -Dmdep.outputFile=cp.txt
java -cp "target/classes:$(cat cp.txt)" Quickstart
