#!/usr/bin/env bash
# The loopback stub with a vendor's latency: the nginx server of ../shared/bench/loopback-stub.sh,
# whose chat route (/v1/chat/completions) answers after DELAY seconds instead of at once.
#
#   slow-stub.sh start DELAY [PORT] [DIR]   start it (DELAY in seconds, e.g. 0.02; default port
#                                           18081; state in DIR, default /tmp/slow-stub)
#   slow-stub.sh stop [DIR]                 stop it (by its pid file)
#
# Why: the fast stub answers in about 70 µs, faster than one fsync of a disk, so an fsync on a
# durable call's path is the call's critical path and a call's CPU is its cost. A real vendor
# answers in tens of milliseconds at the very least; this stub shows what each durability mode
# costs a call then (docs/performance.md, *Twentieth pass*). The delay is nginx's echo_sleep (a
# timer, no thread held), and the body is the fast stub's, written by the echo module: chunked,
# where the fast stub sends a Content-Length.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shared=${SWITCHBOARD_SHARED:-$here/../../shared}
cmd=${1:-}
if [ "$cmd" = stop ]; then
  dir=${2:-/tmp/slow-stub}
  pid=$(cat "$dir/nginx.pid" 2>/dev/null) || { echo "not running"; exit 0; }
  kill "$pid" && echo "stopped (pid $pid)"
  exit 0
fi
if [ "$cmd" != start ] || [ $# -lt 2 ]; then
  echo "usage: $0 start DELAY_SECONDS [PORT] [DIR] | stop [DIR]" >&2
  exit 2
fi
delay=$2 port=${3:-18081} dir=${4:-/tmp/slow-stub}
if ! [[ $delay =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
  echo "DELAY: seconds as a plain number (0.02 for 20 ms), not '$delay'" >&2
  exit 2
fi
echo_so=/usr/lib/nginx/modules/ngx_http_echo_module.so
if ! command -v nginx >/dev/null || [ ! -f $echo_so ]; then
  echo "nginx and its echo module are missing: run $shared/bench/loopback-stub.sh start once" >&2
  exit 2
fi
mkdir -p "$dir"/tmp
# the chat route's one 'return 200' becomes a sleep, then the same body
"$shared/bench/nginx-conf.sh" "$port" "$echo_so" \
  | sed -E "/\"object\":\"chat.completion\"/ s/^( *)return 200 '/\1echo_sleep $delay; echo -n '/" \
  > "$dir/nginx.conf"
grep -q "echo_sleep $delay" "$dir/nginx.conf" || {
  echo "the stub's chat route was not found in its config; nothing started" >&2
  exit 1
}
nginx -p "$dir/" -c nginx.conf -e error.log
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/nginx_status" >/dev/null && break; sleep 0.1; done
echo "listening on http://127.0.0.1:$port, chat answers after ${delay}s (pid $(cat "$dir/nginx.pid"); stop: $0 stop $dir)"
