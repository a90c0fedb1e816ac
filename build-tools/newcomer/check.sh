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
# Online, as a newcomer is (an empty project needs Maven's default plugins, which our build does
# not use). Then the check that matters: every library on the newcomer's class path is one our
# build uses, at the same version (the published poms pin the transitive versions that would
# otherwise differ, see docs/release-check.md).
mvn -B -q -Dmaven.repo.local="$repo" compile dependency:build-classpath -Dmdep.outputFile=cp.txt
status=0
for jar in $(tr ':' ' ' < cp.txt); do
  rel="${jar#"$repo"/}"
  case "$rel" in dev/switchboard/*) continue ;; esac
  if [ ! -f ~/.m2/repository/"$rel" ]; then echo "not what our build uses: $rel" >&2; status=1; fi
done
java -cp "target/classes:$(cat cp.txt)" Quickstart
exit "$status"
