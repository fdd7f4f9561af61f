#!/usr/bin/env bash
# Two instances of the server behind nginx with the shipped configuration (src/RunwayRelay.Mcp/Deployment/nginx.conf),
# everything on 127.0.0.1, checking what nginx's defaults would break: progress streamed while a wait runs, the
# comment lines that keep a quiet streamed answer alive, a wait that says nothing for longer than nginx's default 60 s,
# and waits that had answered nothing when their instance was killed, which nginx must send to the other one.
# Bounded: it stops itself within about 3 minutes.
# Usage: behind-nginx.sh <path to RunwayRelay.Mcp.dll or the Native AOT binary>
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
server=$1
work=$(mktemp -d)
pids=()
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/error.log" ] && sed 's/^/    nginx: /' "$work/error.log" | tail -5; exit 1; }
# exec: the background job is the server itself, so that cleanup's kill reaches it.
launch() { case "$server" in *.dll) exec dotnet "$server" "$@" ;; *) exec "$server" "$@" ;; esac; }
listening() { for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }

# Below the ephemeral range: a port an outgoing connection left in TIME_WAIT cannot be listened on.
below=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null); [ "${below:-0}" -gt 21000 ] || below=32768
base=$((20000 + RANDOM % (below - 20010))); front=$base; one=$((base + 1)); two=$((base + 2))
for port in $one $two; do
  # Each request's start is logged, so that the kill below comes once the waits have reached the instances.
  launch --sandbox --http --Server:Urls="http://127.0.0.1:$port" --Sandbox:StepSeconds=3 \
    --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information >"$work/instance-$port.log" 2>&1 &
  pids+=($!)
done

# What envsubst '${MCP_LISTEN} ${MCP_1} ${MCP_2}' does, in bash: nginx's own $host, $scheme ... stay as they are.
conf=$(<"$root/src/RunwayRelay.Mcp/Deployment/nginx.conf")
conf=${conf//'${MCP_LISTEN}'/127.0.0.1:$front}; conf=${conf//'${MCP_1}'/127.0.0.1:$one}; conf=${conf//'${MCP_2}'/127.0.0.1:$two}
printf '%s\n' "$conf" >"$work/nginx.conf"
mkdir -p "$work/logs"
nginx -t -q -p "$work/" -c "$work/nginx.conf" -g "pid $work/nginx.pid; error_log $work/error.log warn;" || fail "nginx refuses the configuration"
nginx -p "$work/" -c "$work/nginx.conf" -g "pid $work/nginx.pid; error_log $work/error.log warn;" || fail "nginx did not start"
listening $front && listening $one && listening $two || fail "nginx or an instance is not listening"
for _ in $(seq 1 100); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$front/readyz")" = 200 ] && break; sleep 0.2; done

call() { # call ID JSON-ARGUMENTS [PROGRESS-TOKEN]: wait_for_video_task through nginx, each line of the answer with its arrival time
  local meta=""; [ -n "${3:-}" ] && meta=",\"_meta\":{\"progressToken\":\"$3\"}"
  curl -sN --max-time 110 -w '\nHTTP %{http_code}\n' "http://127.0.0.1:$front/mcp" \
    -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' -H 'mcp-protocol-version: 2025-11-25' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":$1,\"method\":\"tools/call\",\"params\":{\"name\":\"wait_for_video_task\",\"arguments\":$2$meta}}" |
    while IFS= read -r line; do [ -n "$line" ] && printf '%s %s\n' "$(date +%s.%N)" "$line"; done
}

modern_wait() { # modern_wait ID TASK-ID [TIMEOUT]: wait_for_video_task on the 2026-07-28 revision through nginx
  curl -s --max-time 110 -w '\nHTTP %{http_code}\n' "http://127.0.0.1:$front/mcp" \
    -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' -H 'mcp-protocol-version: 2026-07-28' \
    -H 'mcp-method: tools/call' -H 'mcp-name: wait_for_video_task' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":$1,\"method\":\"tools/call\",\"params\":{\"name\":\"wait_for_video_task\",\"arguments\":{\"task_id\":\"$2\",\"timeout_seconds\":${3:-120}},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientInfo\":{\"name\":\"behind-nginx\",\"version\":\"1.0\"},\"io.modelcontextprotocol/clientCapabilities\":{}}}}"
}

# A wait whose answer begins at once (2025-11-25) and then has nothing to say but the comment lines that keep it
# alive; a wait on 2026-07-28 without a progress token, whose answer begins only with its result, silent for longer
# than nginx's default read timeout; and a wait that streams its progress.
call 1 '{"task_id":"demo-never-ends","timeout_seconds":50}' >"$work/kept.txt" &
kept=$!
modern_wait 3 demo-never-ends 65 >"$work/silent.txt" &
silent=$!
call 2 '{"task_id":"demo-success","timeout_seconds":120}' progress-1 >"$work/streamed.txt"
wait $kept $silent

progress=$(grep -c 'notifications/progress' "$work/streamed.txt")
first=$(grep -m1 'notifications/progress' "$work/streamed.txt" | cut -d' ' -f1)
result=$(grep -m1 '"result"' "$work/streamed.txt" | cut -d' ' -f1)
[ "$progress" -ge 2 ] || fail "the streamed wait got $progress progress notifications: $(cut -c1-300 "$work/streamed.txt")"
grep -q '"status":"SUCCEEDED"' "$work/streamed.txt" || fail "the streamed wait did not end SUCCEEDED: $(tail -c 400 "$work/streamed.txt")"
ahead=$(awk -v a="$first" -v b="$result" 'BEGIN { printf "%.1f", b - a }')
awk -v s="$ahead" 'BEGIN { exit !(s >= 3) }' || fail "the first progress notification came only $ahead s before the result: nginx held it back"
echo "streamed: $progress progress notifications, the first $ahead s before the result"

comments=$(grep -c ': keep-alive' "$work/kept.txt")
grep -q '"timedOut":true' "$work/kept.txt" || fail "the kept-alive wait did not time out itself: $(tail -c 400 "$work/kept.txt")"
[ "$comments" -ge 2 ] || fail "the kept-alive wait got $comments comment lines through nginx in 50 s: $(cut -c1-300 "$work/kept.txt")"
echo "kept alive: $comments comment lines through nginx in a 50-second wait with nothing else to say"

grep -q 'HTTP 200' "$work/silent.txt" || fail "the silent wait ended with $(grep -o 'HTTP [0-9]*' "$work/silent.txt"): $(cut -c1-300 "$work/silent.txt")"
grep -q '"timedOut":true' "$work/silent.txt" || fail "the silent wait did not time out itself: $(tail -c 400 "$work/silent.txt")"
! grep -q ': keep-alive' "$work/silent.txt" || fail "the silent wait, not begun, got a comment line: $(cut -c1-300 "$work/silent.txt")"
echo "silent: 65 s without a byte (2026-07-28, no progress token), answered 200 with wait.timedOut"

[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$front/readyz")" = 200 ] || fail "/readyz through nginx did not answer 200"

# An instance killed while it holds waits that have answered nothing yet (2026-07-28 requests without a progress
# token: on 2025-11-25 the MCP SDK starts every answer at once): nginx sends them to the other instance
# (proxy_next_upstream ... non_idempotent) and they end with their result.
posts() { grep -c 'Request starting HTTP/1.1 POST' "$work/instance-$1.log"; }
before_one=$(posts $one); before_two=$(posts $two)
held=()
for i in 1 2 3 4; do
  modern_wait $((10 + i)) "demo-success-k$i" >"$work/killed-$i.txt" &
  held+=($!)
done
for _ in $(seq 1 100); do [ $(( $(posts $one) - before_one + $(posts $two) - before_two )) -ge 4 ] && break; sleep 0.1; done
# Kill the first instance if it holds any of them, else the second (it then holds all four).
victim=0; reached=$(( $(posts $one) - before_one ))
[ "$reached" -ge 1 ] || { victim=1; reached=$(( $(posts $two) - before_two )); }
[ "$reached" -ge 1 ] || fail "the 4 waits did not reach the instances"
{ kill -KILL "${pids[$victim]}"; wait "${pids[$victim]}"; } 2>/dev/null # without bash's "Killed" job notice
wait "${held[@]}"
for i in 1 2 3 4; do
  grep -q '"status":"SUCCEEDED"' "$work/killed-$i.txt" || fail "wait $i of 4 did not end SUCCEEDED after the kill: $(tail -c 300 "$work/killed-$i.txt")"
done
echo "killed: $reached of 4 silent waits were on the killed instance; all 4 ended SUCCEEDED"
echo "ok: behind nginx"
