#!/usr/bin/env bash
# The shipped systemd unit (src/RunwayRelay.Mcp/Deployment/runway-relay-mcp@.service) run by a real systemd: this
# machine's own, booted in a throwaway container (systemd-nspawn, --volatile=yes: /usr from here, everything else an
# empty tmpfs) that shares the network, so that the instances listen on this machine's 127.0.0.1. Checks what the unit
# and the Deployment README promise: the unit verifies clean and stays sandboxed, --check runs as the service would,
# start returns only once an instance answers (Type=notify), the process runs unprivileged and can look a relay up by
# name and reach it, secrets arrive as credentials and stay out of the journal, the journal has each line's level, a
# restart lets a wait end with server_stopping and waits for the new instance, an upgrade with a rolling restart
# behind the shipped nginx configuration loses no call, nor a rolling restart behind HAProxy's, a killed instance is
# restarted, a settings problem is not.
# Needs root, systemd-nspawn (Debian's systemd-container), nginx and HAProxy. Bounded: it stops itself within about
# 3 minutes.
# Usage: under-systemd.sh <folder of the Native AOT build, holding RunwayRelay.Mcp>
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
[ -x "$build/RunwayRelay.Mcp" ] || { echo "FAIL: no RunwayRelay.Mcp in $build (the Native AOT build)"; exit 1; }
work=$(mktemp -d)
nspawn=""
pid1=""
cleanup() {
  if [ -n "$nspawn" ] && kill -0 "$nspawn" 2>/dev/null; then
    kill -TERM "$nspawn" # nspawn asks the container's systemd to power off
    for _ in $(seq 1 100); do kill -0 "$nspawn" 2>/dev/null || break; sleep 0.1; done
    # Still up: killing the container's init ends every process in it; nspawn's end alone would not.
    [ -n "$pid1" ] && kill -KILL "$pid1" 2>/dev/null
    kill -KILL "$nspawn" 2>/dev/null
  fi
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
  [ -f "$work/haproxy.pid" ] && kill "$(cat "$work/haproxy.pid")" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -n "${pid1:-}" ] && inside journalctl --no-pager -n 15 -u 'runway-relay-mcp@*' 2>/dev/null | sed 's/^/    journal: /'; exit 1; }

# Below the ephemeral range: a port an outgoing connection left in TIME_WAIT cannot be listened on.
below=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null); [ "${below:-0}" -gt 21000 ] || below=32768
base=$((20000 + RANDOM % (below - 20010))); one=$base; two=$((base + 1))
token=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')

# What an administrator installs, as the unit's opening comment and the Deployment README say: the unit, a settings
# file, and the drop-in that hands secrets over as credentials.
mkdir -p "$work/system/runway-relay-mcp@.service.d" "$work/etc"
cp "$root/src/RunwayRelay.Mcp/Deployment/runway-relay-mcp@.service" "$work/system/"
printf '%s\n' 'Sandbox__Enabled=true' 'Sandbox__StepSeconds=2' >"$work/etc/settings.env"
printf '%s\n' "$token" >"$work/etc/server-bearer-token"
chmod 600 "$work/etc/server-bearer-token"
cat >"$work/system/runway-relay-mcp@.service.d/secrets.conf" <<'EOF'
[Service]
LoadCredential=Server__BearerToken:/etc/runway-relay-mcp/server-bearer-token
Environment=Secrets__Directory=%d
EOF
# The first instance's sandbox listens on a known port; a third instance reaches it as its relay by host name
# (localhost, from /etc/hosts), so that a name lookup and a connection out are made under the unit's sandboxing.
relay_port=$((base + 4)); three=$((base + 5))
mkdir -p "$work/system/runway-relay-mcp@$one.service.d" "$work/system/runway-relay-mcp@$three.service.d"
printf '%s\n' "Sandbox__Port=$relay_port" >"$work/etc/sandbox-port.env"
printf '%s\n' '[Service]' 'EnvironmentFile=/etc/runway-relay-mcp/sandbox-port.env' >"$work/system/runway-relay-mcp@$one.service.d/sandbox-port.conf"
printf '%s\n' 'Sandbox__Enabled=false' "Relay__BaseUrl=http://localhost:$relay_port" 'Relay__ApiKey=sk-sandbox-by-name' \
  'Server__ShareConfiguredKey=true' >"$work/etc/relay-by-name.env"
printf '%s\n' '[Service]' 'EnvironmentFile=/etc/runway-relay-mcp/relay-by-name.env' >"$work/system/runway-relay-mcp@$three.service.d/relay-by-name.conf"
# The second instance names its log format: under systemd too, a format set is the one used.
mkdir -p "$work/system/runway-relay-mcp@$two.service.d"
printf '%s\n' '[Service]' 'Environment=Logging__Console__FormatterName=json' >"$work/system/runway-relay-mcp@$two.service.d/format.conf"

systemd-nspawn -q -D / --volatile=yes --register=no --keep-unit --machine="runway-relay-$$" --console=pipe \
  --uuid="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" \
  --bind-ro=/etc/passwd --bind-ro=/etc/group --bind-ro=/etc/nsswitch.conf --bind-ro=/etc/hosts \
  --bind-ro="$work/system:/etc/systemd/system" --bind-ro="$work/etc:/etc/runway-relay-mcp" \
  --bind-ro="$build:/opt/runway-relay-mcp-1" --bind-ro="$build:/opt/runway-relay-mcp-2" -b >"$work/boot.log" 2>&1 &
nspawn=$!
for _ in $(seq 1 100); do pid1=$(pgrep -P "$nspawn" -x systemd | head -1); [ -n "$pid1" ] && break; sleep 0.1; done
[ -n "$pid1" ] || { tail -5 "$work/boot.log"; fail "the container did not boot"; }
inside() { timeout 60 nsenter -t "$pid1" -a -- "$@"; } # every command in the container, bounded
state=""
for _ in $(seq 1 30); do state=$(timeout 10 nsenter -t "$pid1" -a -- systemctl is-system-running --wait 2>/dev/null) && break; [ "$state" = degraded ] && break; sleep 0.5; done
case "$state" in running | degraded) ;; *) tail -5 "$work/boot.log"; fail "the container's systemd did not finish booting ($state)" ;; esac
echo "booted: systemd $(inside systemctl --version | head -1 | cut -d' ' -f2) in a container ($state)"
# Installed as the Deployment README has it: each version in a folder of its own, the unit's folder a link to one.
inside ln -sfn /opt/runway-relay-mcp-1 /opt/runway-relay-mcp || fail "cannot link the build's folder"

unit() { echo "runway-relay-mcp@$1.service"; }
readyz() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$1/readyz"; } # readyz PORT: its status
get_instant() { # get_instant PORT [CURL-OPTIONS...]: get_video_task demo-instant there, with the bearer token
  local port=$1; shift
  curl -s --max-time 10 "$@" "http://127.0.0.1:$port/mcp" -H "authorization: Bearer $token" \
    -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' -H 'mcp-protocol-version: 2025-11-25' \
    -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_video_task","arguments":{"task_id":"demo-instant"}}}'
}
prop() { inside systemctl show -p "$2" --value "$(unit "$1")"; }
verified=$(inside systemd-analyze verify "$(unit $one)" 2>&1) || fail "systemd-analyze verify: $verified"
[ -z "$verified" ] || fail "systemd-analyze verify warns: $verified"
# The sandboxing the Deployment README rates: an exposure above 2.0 (of 10) fails, as a setting taken out would make it.
exposure=$(inside systemd-analyze security --no-pager --threshold=20 "$(unit $one)" 2>&1) ||
  fail "systemd-analyze security rates the unit above 2.0: $(grep 'Overall exposure' <<<"$exposure")"
echo "sandboxed: $(grep -o 'Overall exposure level.*' <<<"$exposure")"

# Before the instances start, --check as the Deployment README runs it: with the unit's settings and credentials.
checked=$(inside systemd-run --quiet --wait --pipe --unit=runway-relay-mcp-check -p DynamicUser=yes \
  -p EnvironmentFile=/etc/runway-relay-mcp/settings.env \
  -p LoadCredential=Server__BearerToken:/etc/runway-relay-mcp/server-bearer-token \
  -p Environment=Secrets__Directory=/run/credentials/runway-relay-mcp-check.service \
  /opt/runway-relay-mcp/RunwayRelay.Mcp --check --http 2>&1) || fail "--check with the unit's settings and credentials did not pass: $checked"
grep -q '^OK: the relay answered' <<<"$checked" || fail "--check said: $checked"
! grep -qF "$token" <<<"$checked" || fail "--check printed the bearer token"
echo "checked: --check with the unit's settings and credentials (systemd-run) exits 0"

# Type=notify: start returns once the server said it is ready, so the instance answers at once, no retry.
inside systemctl start "$(unit $one)" "$(unit $two)" || fail "systemctl start did not succeed"
for port in $one $two; do
  code=$(readyz $port)
  [ "$code" = 200 ] || fail "instance $port answered /readyz $code right after systemctl start returned"
done
echo "started: both instances answered /readyz as soon as systemctl start returned"

main=$(prop $one MainPID)
user=$(inside ps -o user= -p "$main" | tr -d ' ')
[ -n "$user" ] && [ "$user" != root ] || fail "the server runs as '$user', not an unprivileged dynamic user"
echo "unprivileged: the server runs as $user (DynamicUser)"

inside systemctl start "$(unit $three)" || fail "the instance with a relay named by host name did not start"
byname=$(get_instant $three --max-time 30)
grep -q '"status":"SUCCEEDED"' <<<"$byname" || fail "a relay named by host name was not read under the unit's sandboxing: $(tail -c 300 <<<"$byname")"
inside systemctl stop "$(unit $three)"
echo "relay by name: an instance looked localhost up and read the task from the relay there, sandboxed as shipped"

call() { # call PORT ID TASK-ID TIMEOUT [AUTHORIZATION [PROGRESS-TOKEN]]: wait_for_video_task on the 2025-11-25 revision
  local meta=""; [ -n "${6:-}" ] && meta=",\"_meta\":{\"progressToken\":\"$6\"}"
  curl -sN --max-time 60 -w '\nHTTP %{http_code}\n' "http://127.0.0.1:$1/mcp" ${5:+-H "authorization: $5"} \
    -H 'content-type: application/json' -H 'accept: application/json, text/event-stream' -H 'mcp-protocol-version: 2025-11-25' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":$2,\"method\":\"tools/call\",\"params\":{\"name\":\"wait_for_video_task\",\"arguments\":{\"task_id\":\"$3\",\"timeout_seconds\":$4}$meta}}"
}

# The bearer token came as a credential (LoadCredential, Secrets__Directory=%d): without it a call is refused.
refused=$(call $one 1 demo-success 30)
grep -q 'HTTP 401' <<<"$refused" || fail "a call without the credential's bearer token was not refused: $(tail -c 200 <<<"$refused")"
answer=$(call $one 2 demo-success 30 "Bearer $token")
grep -q '"status":"SUCCEEDED"' <<<"$answer" || fail "the call with the credential's bearer token did not end SUCCEEDED: $(tail -c 300 <<<"$answer")"
echo "credentials: the bearer token read from \$CREDENTIALS_DIRECTORY; without it 401, with it SUCCEEDED"

journal=$(inside journalctl --no-pager -o cat -u "$(unit $one)")
! grep -qF "$token" <<<"$journal" || fail "the bearer token is in the journal"
# systemd's line prefixes: the journal has a refused call at warning level, the start-up lines at info, no prefix left.
warnings=$(inside journalctl --no-pager -o cat -p warning -u "$(unit $one)")
grep -q 'Refused POST /mcp' <<<"$warnings" || fail "the refused call is not in the journal at warning level: $(tail -c 300 <<<"$warnings")"
grep -q 'Using the embedded sandbox relay' <<<"$journal" || fail "the start-up lines are not in the journal: $(head -c 300 <<<"$journal")"
! grep -q 'Using the embedded sandbox relay' <<<"$warnings" || fail "the start-up lines are at warning level"
! grep -q '^<[0-7]>' <<<"$journal" || fail "journal lines keep their level prefix: $(grep -m1 '^<' <<<"$journal")"
first=$(inside journalctl --no-pager -o cat -u "$(unit $two)" | grep -m1 'RunwayRelay')
[[ "$first" == '{'*'"Category":"RunwayRelay.Mcp'* ]] || fail "the instance that names json as its log format wrote: $first"
echo "journal: levels read from systemd's prefixes (the refused call at warning), no token; a format set is kept (json)"

# A restart under a wait: the wait is told server_stopping, and restart returns once the new process answers.
call $one 3 demo-never-ends 40 "Bearer $token" held >"$work/restarted.txt" &
waiting=$!
# Restarted once the wait has read the task (its first progress notification), so that it is held, not refused.
for _ in $(seq 1 100); do grep -q 'notifications/progress' "$work/restarted.txt" && break; sleep 0.1; done
grep -q 'notifications/progress' "$work/restarted.txt" || fail "the wait to hold during the restart sent no progress: $(tail -c 300 "$work/restarted.txt")"
inside systemctl restart "$(unit $one)" || fail "systemctl restart did not succeed"
code=$(readyz $one)
[ "$code" = 200 ] || fail "instance $one answered /readyz $code right after systemctl restart returned"
wait $waiting
grep -q 'server_stopping' "$work/restarted.txt" || fail "the wait held during the restart did not end with server_stopping: $(tail -c 300 "$work/restarted.txt")"
[ "$(prop $one MainPID)" != "$main" ] || fail "the restart left the same process"
echo "restarted: the held wait ended with server_stopping; the new process answered as soon as restart returned"

# Killed: Restart=on-failure starts it again.
inside systemctl kill -s KILL "$(unit $two)"
for _ in $(seq 1 100); do [ "$(prop $two NRestarts)" -ge 1 ] && [ "$(prop $two ActiveState)" = active ] && break; sleep 0.1; done
[ "$(prop $two NRestarts)" -ge 1 ] && [ "$(prop $two ActiveState)" = active ] || fail "the killed instance was not restarted ($(prop $two ActiveState), $(prop $two NRestarts) restarts)"
code=$(readyz $two)
[ "$code" = 200 ] || fail "the restarted instance answered /readyz $code"
echo "killed: systemd started the instance again, which answers"

# Rolling restarts behind the shipped balancer configurations, as the Deployment README gives them: each instance
# restarted in turn (restart returns once it answers), then a pause of 6 s for the balancer to take it back (nginx keeps
# a refused instance out for fail_timeout, 5 s; HAProxy needs two good checks a second apart). Without the pause nginx
# counts both out and answers 502 (seen: 38 of 80 calls). Calls go through the balancer the whole time.
gets() { # gets PORT: get_video_task there until told to stop (60 s at most): one line per call, its HTTP and task status
  local until=$((SECONDS + 60))
  while [ ! -f "$work/stop-gets" ] && [ $SECONDS -lt $until ]; do
    get_instant "$1" -o "$work/get.txt" -w '%{http_code} '
    grep -o '"status":"[A-Z]*"' "$work/get.txt" | head -1 || echo none
  done
}
answered() { wc -l <"$work/gets.txt"; }
rolling_restart() { # rolling_restart BALANCER PORT: every call through it answered while both instances restart in turn;
  # sets total, the number of calls
  rm -f "$work/stop-gets"
  gets "$2" >"$work/gets.txt" &
  local getting=$! before lost
  for _ in $(seq 1 100); do [ "$(answered)" -ge 20 ] && break; sleep 0.1; done
  for port in $one $two; do
    inside systemctl restart "$(unit $port)" || fail "systemctl restart of $port did not succeed"
    sleep 6 # the procedure's own pause, not a wait for this script
  done
  before=$(answered)
  for _ in $(seq 1 100); do [ "$(answered)" -ge $((before + 20)) ] && break; sleep 0.1; done
  touch "$work/stop-gets"; wait $getting
  total=$(answered); lost=$(grep -vc '^200 "status":"SUCCEEDED"' "$work/gets.txt")
  [ "$total" -ge 40 ] || fail "only $total calls went through $1 during the rolling restart"
  [ "$lost" = 0 ] || fail "$lost of $total calls through $1 failed during the rolling restart: $(grep -v '^200 "status":"SUCCEEDED"' "$work/gets.txt" | sort | uniq -c | head -3)"
}

front=$((base + 2))
conf=$(<"$root/src/RunwayRelay.Mcp/Deployment/nginx.conf")
conf=${conf//'${MCP_LISTEN}'/127.0.0.1:$front}; conf=${conf//'${MCP_1}'/127.0.0.1:$one}; conf=${conf//'${MCP_2}'/127.0.0.1:$two}
mkdir -p "$work/nginx/logs" && printf '%s\n' "$conf" >"$work/nginx/nginx.conf"
nginx -p "$work/nginx/" -c "$work/nginx/nginx.conf" -g "pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;" || fail "nginx did not start"
# With an upgrade: the link moved to the new version's folder first (the running file itself cannot be replaced).
inside ln -sfn /opt/runway-relay-mcp-2 /opt/runway-relay-mcp || fail "cannot move the link to the new version"
rolling_restart nginx $front
kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
for port in $one $two; do
  exe=$(inside readlink "/proc/$(prop $port MainPID)/exe")
  [ "$exe" = /opt/runway-relay-mcp-2/RunwayRelay.Mcp ] || fail "instance $port runs $exe after the upgrade, not the new version"
done
echo "behind nginx: both instances upgraded and restarted in turn; all $total calls through nginx answered"

# The HAProxy configuration has three servers; the third is the second instance again.
haproxy_front=$((base + 3))
MCP_BIND=127.0.0.1:$haproxy_front MCP_1=127.0.0.1:$one MCP_2=127.0.0.1:$two MCP_3=127.0.0.1:$two \
  haproxy -q -D -f "$root/src/RunwayRelay.Mcp/Deployment/haproxy.cfg" -p "$work/haproxy.pid" || fail "HAProxy did not start"
rolling_restart HAProxy $haproxy_front
kill "$(cat "$work/haproxy.pid")" 2>/dev/null
echo "behind HAProxy: both instances restarted in turn; all $total calls through HAProxy answered"

# A settings problem (exit 2) fails the start and is not retried: the unit is failed, not waiting to restart.
! inside systemctl start "$(unit not-a-port)" 2>/dev/null || fail "an instance with no valid port started"
[ "$(prop not-a-port SubState)" = failed ] || fail "the instance with a settings problem is $(prop not-a-port SubState), not failed"
[ "$(prop not-a-port ExecMainStatus)" = 2 ] || fail "the instance with a settings problem exited $(prop not-a-port ExecMainStatus), not 2"
[ "$(prop not-a-port NRestarts)" = 0 ] || fail "the instance with a settings problem was restarted"
inside journalctl --no-pager -o cat -u "$(unit not-a-port)" | grep -q 'cannot start' || fail "the settings problem is not in the journal"
echo "settings problem: exit 2, failed at once and not restarted, the reason in the journal"

# Stopped: a clean exit within TimeoutStopSec.
inside systemctl stop "$(unit $one)" "$(unit $two)" || fail "systemctl stop did not succeed"
for port in $one $two; do
  [ "$(prop $port Result)" = success ] || fail "instance $port stopped with result $(prop $port Result)"
done
echo "stopped: both instances exited cleanly"
echo "ok: under systemd"
