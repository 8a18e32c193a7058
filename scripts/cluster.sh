#!/usr/bin/env bash
# A local Align cluster without Docker: the stand-alone Illumera sandbox, two or three Align nodes on
# their own ports against one MariaDB server, and Debian's HAProxy in front with sticky sessions, all on
# loopback. Everything it starts is recorded by process id under target/cluster and stopped from there.
#
#   scripts/cluster.sh start [nodes]   build the jar if needed, start everything (nodes: 2 or 3; default 2)
#   scripts/cluster.sh status          what runs, and where to log in
#   scripts/cluster.sh stop            stop what start started
#
# Settings (environment): CLUSTER_PORT (8080, the load balancer), CLUSTER_DB_USER / CLUSTER_DB_PASSWORD
# (root / empty: it creates the databases align_cluster and align_cluster_sandbox), CLUSTER_REBUILD=true
# to build the jar again (it is kept as target/cluster/align.jar). Nodes listen on CLUSTER_PORT+1…, the sandbox on CLUSTER_PORT+1010.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=target/cluster
PORT=${CLUSTER_PORT:-8080}
SANDBOX_PORT=$((PORT + 1010))
DB_USER=${CLUSTER_DB_USER:-root}
DB_PASSWORD=${CLUSTER_DB_PASSWORD:-}
DB=align_cluster
SANDBOX_DB=align_cluster_sandbox
LAUNCHER=org.springframework.boot.loader.launch.PropertiesLauncher

log() { printf '[cluster] %s\n' "$*"; }
die() { log "$*"; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

pick_java() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then JAVA="$candidate/bin/java"; export JAVA_HOME=$candidate; return; fi
  done
  JAVA=$(command -v java) || die "No Java found: set JAVA_HOME to a JDK 21 or newer"
}

sql() { mariadb --protocol=tcp -h127.0.0.1 -P3306 -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -N -e "$1"; }

alive() { [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

# Waits until a URL answers 200 (or the process died, or the time is up).
wait_for() {
  local name=$1 url=$2 seconds=$3
  for _ in $(seq 1 "$seconds"); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    alive "$name" || die "$name stopped while starting: see $STATE/$name.log"
    sleep 1
  done
  die "$name did not answer $url within $seconds s: see $STATE/$name.log"
}

start_java() { # name, log-only settings in the environment, then java arguments
  local name=$1; shift
  if alive "$name"; then log "$name runs already (pid $(cat "$STATE/$name.pid"))"; return; fi
  nohup "$@" > "$STATE/$name.log" 2>&1 &
  echo $! > "$STATE/$name.pid"
}

start() {
  local nodes=${1:-2}
  [[ "$nodes" =~ ^[23]$ ]] || die "nodes: 2 or 3"
  mkdir -p "$STATE"
  pick_java
  command -v curl >/dev/null || die "curl is needed"
  sql 'SELECT 1' >/dev/null 2>&1 || die "No MariaDB server answers on 127.0.0.1:3306 as $DB_USER"
  if ! command -v haproxy >/dev/null; then
    log "Installing HAProxy from Debian's packages"
    as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy >/dev/null
  fi
  local app=$STATE/align.jar
  if [ ! -s "$app" ] || [ "${CLUSTER_REBUILD:-false}" = true ]; then
    log "Building the jar (production mode; a few minutes the first time)"
    ./mvnw -B -q -Pproduction package -DskipTests
    cp "$(ls target/align-*.jar | head -1)" "$app"
  fi
  for db in $DB $SANDBOX_DB; do
    sql "CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"
  done
  # One master keyset for every node (secrets sealed on one node open on the others); made once, kept.
  if [ ! -s "$STATE/keyset.json" ]; then
    (umask 077; "$JAVA" -cp "$app" -Dloader.main=dev.align.illumera.secrets.NewKeyset $LAUNCHER > "$STATE/keyset.json")
  fi

  log "Starting the Illumera sandbox on 127.0.0.1:$SANDBOX_PORT"
  SANDBOX_PORT=$SANDBOX_PORT SANDBOX_DB_URL=jdbc:mariadb://127.0.0.1:3306/$SANDBOX_DB SANDBOX_DB_USER=$DB_USER \
    SANDBOX_DB_PASSWORD=$DB_PASSWORD SANDBOX_WEBHOOK_TARGETS=http://127.0.0.1:$PORT \
    start_java sandbox "$JAVA" -Xmx512m -cp "$app" -Dloader.main=dev.alignsandbox.StandaloneSandbox $LAUNCHER \
      --server.address=127.0.0.1
  wait_for sandbox "http://127.0.0.1:$SANDBOX_PORT/actuator/health" 180

  local servers=""
  for i in $(seq 1 "$nodes"); do
    local node_port=$((PORT + i))
    log "Starting node-$i on 127.0.0.1:$node_port"
    DB_URL=jdbc:mariadb://127.0.0.1:3306/$DB DB_USER=$DB_USER DB_PASSWORD=$DB_PASSWORD PORT=$node_port \
      ALIGN_SECRETS_KEYSET="$(cat "$STATE/keyset.json")" ALIGN_NODE_NAME=node-$i ALIGN_DEMO_DATA=true \
      ILLUMERA_SANDBOX=false ILLUMERA_BASE_URL=http://127.0.0.1:$SANDBOX_PORT/illumera-sandbox \
      ALIGN_PUBLIC_BASE_URL=http://127.0.0.1:$PORT ALIGN_FORWARDED_HEADERS=native VAADIN_USAGE_STATS_ENABLED=false \
      start_java "node-$i" "$JAVA" -Xmx768m -jar "$app" --server.address=127.0.0.1
    # The first node migrates the schema and loads the demo data; the others start once it is ready.
    wait_for "node-$i" "http://127.0.0.1:$node_port/actuator/health/readiness" 300
    servers+="    server node-$i 127.0.0.1:$node_port check cookie node-$i"$'\n'
  done

  cat > "$STATE/haproxy.cfg" <<EOF
# Written by scripts/cluster.sh: sticky sessions by a cookie HAProxy sets (Vaadin sessions live in one node).
global
    log stdout format raw local0
defaults
    mode http
    option forwardfor
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend align
    bind 127.0.0.1:$PORT
    default_backend nodes
backend nodes
    balance roundrobin
    cookie ALIGN_NODE insert indirect nocache httponly
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
$servers
EOF
  log "Starting HAProxy on 127.0.0.1:$PORT"
  start_java haproxy haproxy -db -f "$STATE/haproxy.cfg"
  wait_for haproxy "http://127.0.0.1:$PORT/login" 30
  status
}

status() {
  for name in sandbox node-1 node-2 node-3 haproxy; do
    if alive "$name"; then log "$name: running (pid $(cat "$STATE/$name.pid"), log $STATE/$name.log)"; fi
  done
  if alive haproxy; then
    log "Open http://127.0.0.1:$PORT and sign in as admin@acme.example (password align-demo; every demo role"
    log "is in the README). Connect Illumera with workspace ws_AlignDemo and key ilm_test_AlignDemoValidKey000000000000001."
    log "Each browser keeps to one node (cookie ALIGN_NODE); runs name their node in Settings → Sync history."
  else
    log "not running"
  fi
}

stop() {
  for name in haproxy node-3 node-2 node-1 sandbox; do
    if alive "$name"; then
      local pid; pid=$(cat "$STATE/$name.pid")
      kill "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
      log "$name stopped"
    fi
    rm -f "$STATE/$name.pid"
  done
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
