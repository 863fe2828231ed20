#!/usr/bin/env bash
# conpool on WildFly: deploys conpool.rar and manages its connection definitions with jboss-cli, and says
# when a change is in force.
#
#   conpool.sh deploy   CONPOOL_RAR                          deploy conpool.rar; over a deployed one: redeploy it
#                                                            (WildFly restarts the applications that depend on it)
#   conpool.sh add      NAME HOST PORT [SETTING=VALUE]... [--reload]
#                                                            connection definition NAME, JNDI java:/conpool/NAME
#   conpool.sh set      NAME SETTING=VALUE... [--reload]     change settings of definition NAME
#   conpool.sh remove   NAME [--reload]                      delete definition NAME
#   conpool.sh undeploy                                      undeploy conpool.rar and remove all its definitions
#
# SETTING is a config-property of the connection definition: host, port, tls, poolName, protocol, and
# the limits/timeouts of the pool (durations in ms), e.g.
#   conpool.sh add orders orders.example.com 7000 poolName=orders maxConnectionsPerEndpoint=20 acquireTimeout=5000
#
# WildFly applies a change to the definitions of a deployed conpool.rar only when the server reloads
# (all its applications restart). So add/set/remove on a deployed adapter refuse to run without
# --reload; with --reload they make the change, reload WildFly, wait until it runs again and then say
# the change is in force. The limits and timeouts of a running pool also change live over JMX
# (JConsole), without a reload, until the next restart.
#
# Which jboss-cli: $JBOSS_CLI, else $JBOSS_HOME/bin/jboss-cli.sh, else jboss-cli.sh on the PATH. Which
# server: CONPOOL_CONTROLLER (default 127.0.0.1:9990; the management port is 9990 + port offset).
set -euo pipefail

RA=conpool.rar
RA_ADDRESS=/subsystem=resource-adapters/resource-adapter=$RA
SETTINGS=(host port tls poolName protocol maxConnectionsPerEndpoint maxIdleTime maxConnectionLifetime maxConnectionUses
  connectTimeout connectRetryCount connectRetryDelay acquireTimeout maxWaitersPerEndpoint validateAfterInactivity
  minIdlePerEndpoint leakDetectionThreshold)

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "conpool.sh: $*" >&2
  exit 2
}

if [[ -n "${JBOSS_CLI:-}" ]]; then
  cli_cmd=$JBOSS_CLI
elif [[ -n "${JBOSS_HOME:-}" ]]; then
  cli_cmd=$JBOSS_HOME/bin/jboss-cli.sh
else
  cli_cmd=$(command -v jboss-cli.sh) || fail "jboss-cli.sh not found: set JBOSS_CLI or JBOSS_HOME, or put WildFly's bin on the PATH"
fi
controller=${CONPOOL_CONTROLLER:-127.0.0.1:9990}

cli() {
  "$cli_cmd" --connect --controller="$controller" "$@"
}

# succeeds if the management resource exists
exists() {
  cli --command="$1:read-resource" 2>/dev/null | grep -q '"outcome" => "success"'
}

server_state() {
  cli --command=":read-attribute(name=server-state)" 2>/dev/null | sed -n 's/.*"result" => "\(.*\)".*/\1/p'
}

check_name() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || fail "connection definition name '$1' is not usable: use letters, digits, '.', '_' or '-'"
}

check_port() {
  [[ $2 =~ ^[0-9]+$ ]] && (($2 >= 1 && $2 <= 65535)) \
    || fail "port '$2' of connection definition '$1' is not a TCP port between 1 and 65535"
}

# a value as a quoted DMR string: \ and " escaped
quote() {
  local v=${1//\\/\\\\}
  printf '"%s"' "${v//\"/\\\"}"
}

# checks SETTING=VALUE arguments; prints "key value" lines
parse_settings() {
  local name=$1 setting key value
  shift
  for setting in "$@"; do
    key=${setting%%=*}
    value=${setting#*=}
    [[ $setting == *=* && " ${SETTINGS[*]} " == *" $key "* ]] \
      || fail "'$setting' is not SETTING=VALUE with a known setting; known settings: ${SETTINGS[*]}"
    [[ -n $value ]] || fail "setting '$key' of connection definition '$name' has no value"
    [[ $key != port ]] || check_port "$name" "$value"
    printf '%s %s\n' "$key" "$value"
  done
}

# Runs a batch file; a change that WildFly applies only on reload is refused unless --reload was given.
apply() {
  local batch=$1 needs_reload=$2 what=$3
  if [[ $needs_reload == 1 && $reload == 0 ]]; then
    fail "$what changes conpool.rar while it is deployed; WildFly applies that only when the server reloads, which restarts every application. Nothing was changed. Run it again with --reload to change and reload now (or change the limits of the running pool live over JMX)."
  fi
  cli --file="$batch" >/dev/null
  finish "$what"
}

# Reloads when asked to and WildFly needs it; reports whether the change is in force.
finish() {
  local what=$1 state
  state=$(server_state)
  if [[ $state == reload-required || $state == restart-required ]]; then
    if [[ $reload == 1 && $state == reload-required ]]; then
      echo "conpool.sh: $what: reloading WildFly (its applications restart)"
      cli --command="reload" >/dev/null
      for _ in $(seq 1 120); do
        [[ $(server_state) == running ]] && break
        sleep 1
      done
      state=$(server_state)
      [[ $state == running ]] || { echo "conpool.sh: $what: WildFly did not come back after the reload (state '$state'); see its server log" >&2; exit 1; }
    else
      echo "conpool.sh: $what is saved but NOT in force: WildFly is in state $state; run: $cli_cmd --connect --controller=$controller --command=:${state%-required}" >&2
      exit 3
    fi
  fi
  echo "conpool.sh: $what: done, in force (WildFly is $state)"
}

add() {
  [[ $# -ge 3 ]] || usage
  local name=$1 host=$2 port=$3 address key value
  shift 3
  check_name "$name"
  [[ -n $host ]] || fail "no host given for connection definition '$name'"
  check_port "$name" "$port"
  local settings
  settings=$(parse_settings "$name" "$@")
  address=$RA_ADDRESS/connection-definitions=$name
  local batch needs_reload=0
  batch=$(mktemp)
  trap 'rm -f "$batch"' RETURN
  {
    echo "batch"
    if exists "$RA_ADDRESS"; then
      exists "$address" && fail "connection definition '$name' exists already: change it with set, or remove it first"
      exists "/deployment=$RA" && needs_reload=1
    else
      echo "$RA_ADDRESS:add(archive=$RA, transaction-support=NoTransaction)"
    fi
    echo "$address:add(class-name=io.conpool.rar.ConpoolManagedConnectionFactory, jndi-name=\"java:/conpool/$name\", min-pool-size=0, initial-pool-size=0, max-pool-size=${CONPOOL_SLOTS:-200}, pool-prefill=false, sharable=false)"
    echo "$address/config-properties=host:add(value=$(quote "$host"))"
    echo "$address/config-properties=port:add(value=$port)"
    while read -r key value; do
      [[ -n $key && $key != host && $key != port ]] && echo "$address/config-properties=$key:add(value=$(quote "$value"))"
    done <<<"$settings"
    echo "run-batch"
  } >"$batch"
  apply "$batch" "$needs_reload" "add $name"
}

set_settings() {
  [[ $# -ge 2 ]] || usage
  local name=$1 address key value
  shift
  check_name "$name"
  address=$RA_ADDRESS/connection-definitions=$name
  exists "$address" || fail "no connection definition '$name' in $RA: add it first"
  local settings
  settings=$(parse_settings "$name" "$@")
  local batch needs_reload=0
  exists "/deployment=$RA" && needs_reload=1
  batch=$(mktemp)
  trap 'rm -f "$batch"' RETURN
  {
    echo "batch"
    while read -r key value; do
      [[ -n $key ]] || continue
      if exists "$address/config-properties=$key"; then
        echo "$address/config-properties=$key:write-attribute(name=value, value=$(quote "$value"))"
      else
        echo "$address/config-properties=$key:add(value=$(quote "$value"))"
      fi
    done <<<"$settings"
    echo "run-batch"
  } >"$batch"
  apply "$batch" "$needs_reload" "set $name $*"
}

remove() {
  [[ $# -eq 1 ]] || usage
  check_name "$1"
  local address=$RA_ADDRESS/connection-definitions=$1 batch needs_reload=0
  exists "$address" || fail "no connection definition '$1' in $RA"
  exists "/deployment=$RA" && needs_reload=1
  batch=$(mktemp)
  trap 'rm -f "$batch"' RETURN
  printf 'batch\n%s:remove\nrun-batch\n' "$address" >"$batch"
  apply "$batch" "$needs_reload" "remove $1"
}

reload=0
args=()
for a in "$@"; do
  if [[ $a == --reload ]]; then
    reload=1
  else
    args+=("$a")
  fi
done
set -- ${args[@]+"${args[@]}"}
[[ $# -ge 1 ]] || usage
command=$1
shift
case $command in
  deploy)
    [[ $# -eq 1 ]] || usage
    [[ -f $1 ]] || fail "$1 not found (build it with: mvn -B -ntp -pl conpool-rar -am package -DskipTests)"
    if exists "/deployment=$RA"; then
      echo "conpool.sh: redeploying $RA; WildFly restarts the applications that depend on it (Dependencies: deployment.$RA)"
    fi
    cli --command="deploy $(cd "$(dirname "$1")" && pwd)/$(basename "$1") --name=$RA --force" >/dev/null
    finish "deploy $RA"
    ;;
  add) add "$@" ;;
  set) set_settings "$@" ;;
  remove) remove "$@" ;;
  undeploy)
    [[ $# -eq 0 ]] || usage
    batch=$(mktemp)
    trap 'rm -f "$batch"' EXIT
    {
      echo "batch"
      exists "/deployment=$RA" && echo "undeploy $RA"
      exists "$RA_ADDRESS" && echo "$RA_ADDRESS:remove"
      echo "run-batch --headers={allow-resource-service-restart=true}"
    } >"$batch"
    cli --file="$batch" >/dev/null
    finish "undeploy $RA"
    ;;
  *) usage ;;
esac
