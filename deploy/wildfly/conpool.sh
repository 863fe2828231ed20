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

# short-lived CLI JVMs start faster with these (unless the caller set JAVA_OPTS)
export JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}

cli() {
  "$cli_cmd" --connect --controller="$controller" "$@"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One CLI run that reads what the commands decide on: deployments, server and suspend state, the
# definitions of conpool.rar and the config-properties of definition $1 (if given).
read_facts() {
  local address=$RA_ADDRESS/connection-definitions=${1:-none}
  cat >"$work/facts.cli" <<CLI
echo ##deployments
:read-children-names(child-type=deployment)
echo ##state
:read-attribute(name=server-state)
:read-attribute(name=suspend-state)
if (outcome == success) of $RA_ADDRESS:read-resource
echo ##ra
$RA_ADDRESS:read-children-names(child-type=connection-definitions)
end-if
if (outcome == success) of $address:read-resource
echo ##props
$address:read-children-names(child-type=config-properties)
end-if
echo ##end
CLI
  cli --file="$work/facts.cli" >"$work/facts.out" 2>&1 \
    || fail "cannot reach WildFly's management interface at $controller (set CONPOOL_CONTROLLER=host:port):
$(cat "$work/facts.out")"
}

# the "result" lines of one section of the facts
section() {
  awk -v s="##$1" '$0 == s {on = 1; next} /^##/ {on = 0} on' "$work/facts.out"
}

has_section() {
  grep -qx "##$1" "$work/facts.out"
}

deployed() {
  section deployments | grep -q "\"$RA\""
}

# definition $1 exists (read_facts must have been given it)
has_props() {
  has_section props
}

has_prop() {
  section props | grep -q "\"$1\""
}

# server-state and suspend-state, e.g. "running RUNNING"
state() {
  cat >"$work/state.cli" <<CLI
:read-attribute(name=server-state)
:read-attribute(name=suspend-state)
CLI
  cli --file="$work/state.cli" 2>/dev/null | sed -n 's/.*"result" => "\(.*\)".*/\1/p' | xargs
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

# checks SETTING=VALUE arguments
check_settings() {
  local name=$1 setting key
  shift
  for setting in "$@"; do
    key=${setting%%=*}
    [[ $setting == *=* && " ${SETTINGS[*]} " == *" $key "* ]] \
      || fail "'$setting' is not SETTING=VALUE with a known setting; known settings: ${SETTINGS[*]}"
    [[ -n ${setting#*=} ]] || fail "setting '$key' of connection definition '$name' has no value"
    [[ $key != port ]] || check_port "$name" "${setting#*=}"
  done
}

# Runs the batch in $work/batch.cli. A change WildFly applies only on reload is refused unless --reload
# was given; with it the batch and the reload run in one go, then this waits until WildFly runs again.
apply() {
  local needs_reload=$1 what=$2 state
  if [[ $needs_reload == 1 && $reload == 0 ]]; then
    fail "$what changes conpool.rar while it is deployed; WildFly applies that only when the server reloads, which restarts every application. Nothing was changed. Run it again with --reload to change and reload now (or change the limits of the running pool live over JMX)."
  fi
  if [[ $needs_reload == 1 ]]; then
    echo "conpool.sh: $what: changing and reloading WildFly (its applications restart)"
    echo ":reload" >>"$work/batch.cli"
  fi
  cli --file="$work/batch.cli" >"$work/batch.out" 2>&1 || fail "$what failed; nothing was changed. jboss-cli said:
$(cat "$work/batch.out")"
  finish "$what" "$needs_reload"
}

# Waits for a reload to end; reports whether the change is in force.
finish() {
  local what=$1 reloading=${2:-0} state=""
  for _ in $(seq 1 90); do
    state=$(state)
    [[ $reloading == 1 && $state != "running RUNNING" ]] || break
    sleep 2
  done
  case $state in
    "running RUNNING") echo "conpool.sh: $what: done, in force (WildFly is running)" ;;
    reload-required* | restart-required*)
      echo "conpool.sh: $what is saved but NOT in force: WildFly is in state ${state%% *}; run: $cli_cmd --connect --controller=$controller --command=:${state%%-required*}" >&2
      exit 3
      ;;
    *)
      echo "conpool.sh: $what: WildFly is not running normally now (state '$state'); see its server log" >&2
      exit 1
      ;;
  esac
}

add() {
  [[ $# -ge 3 ]] || usage
  local name=$1 host=$2 port=$3 address setting needs_reload=0
  shift 3
  check_name "$name"
  [[ -n $host ]] || fail "no host given for connection definition '$name'"
  check_port "$name" "$port"
  check_settings "$name" "$@"
  address=$RA_ADDRESS/connection-definitions=$name
  read_facts "$name"
  has_props && fail "connection definition '$name' exists already: change it with set, or remove it first"
  {
    echo "batch"
    if has_section ra; then
      deployed && needs_reload=1
    else
      echo "$RA_ADDRESS:add(archive=$RA, transaction-support=NoTransaction)"
    fi
    echo "$address:add(class-name=io.conpool.rar.ConpoolManagedConnectionFactory, jndi-name=\"java:/conpool/$name\", min-pool-size=0, initial-pool-size=0, max-pool-size=${CONPOOL_SLOTS:-200}, pool-prefill=false, sharable=false)"
    echo "$address/config-properties=host:add(value=$(quote "$host"))"
    echo "$address/config-properties=port:add(value=$port)"
    for setting in "$@"; do
      [[ ${setting%%=*} == host || ${setting%%=*} == port ]] && continue
      echo "$address/config-properties=${setting%%=*}:add(value=$(quote "${setting#*=}"))"
    done
    echo "run-batch"
  } >"$work/batch.cli"
  apply "$needs_reload" "add $name"
}

set_settings() {
  [[ $# -ge 2 ]] || usage
  local name=$1 address setting key needs_reload=0
  shift
  check_name "$name"
  check_settings "$name" "$@"
  address=$RA_ADDRESS/connection-definitions=$name
  read_facts "$name"
  has_props || fail "no connection definition '$name' in $RA: add it first"
  deployed && needs_reload=1
  {
    echo "batch"
    for setting in "$@"; do
      key=${setting%%=*}
      if has_prop "$key"; then
        echo "$address/config-properties=$key:write-attribute(name=value, value=$(quote "${setting#*=}"))"
      else
        echo "$address/config-properties=$key:add(value=$(quote "${setting#*=}"))"
      fi
    done
    echo "run-batch"
  } >"$work/batch.cli"
  apply "$needs_reload" "set $name $*"
}

remove() {
  [[ $# -eq 1 ]] || usage
  check_name "$1"
  local needs_reload=0
  read_facts "$1"
  has_props || fail "no connection definition '$1' in $RA"
  deployed && needs_reload=1
  printf 'batch\n%s:remove\nrun-batch\n' "$RA_ADDRESS/connection-definitions=$1" >"$work/batch.cli"
  apply "$needs_reload" "remove $1"
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
    read_facts
    if deployed; then
      echo "conpool.sh: redeploying $RA; WildFly restarts the applications that depend on it (Dependencies: deployment.$RA)"
    fi
    echo "deploy $(cd "$(dirname "$1")" && pwd)/$(basename "$1") --name=$RA --force" >"$work/batch.cli"
    cli --file="$work/batch.cli" >"$work/batch.out" 2>&1 || fail "deploying $1 failed; jboss-cli said:
$(cat "$work/batch.out")"
    finish "deploy $RA"
    ;;
  add) add "$@" ;;
  set) set_settings "$@" ;;
  remove) remove "$@" ;;
  undeploy)
    [[ $# -eq 0 ]] || usage
    read_facts
    if ! deployed && ! has_section ra; then
      echo "conpool.sh: $RA is neither deployed nor activated: nothing to undeploy"
      exit 0
    fi
    {
      echo "batch"
      deployed && echo "undeploy $RA"
      has_section ra && echo "$RA_ADDRESS:remove"
      echo "run-batch --headers={allow-resource-service-restart=true}"
    } >"$work/batch.cli"
    cli --file="$work/batch.cli" >"$work/batch.out" 2>&1 || fail "undeploying $RA failed; jboss-cli said:
$(cat "$work/batch.out")"
    finish "undeploy $RA"
    ;;
  *) usage ;;
esac
