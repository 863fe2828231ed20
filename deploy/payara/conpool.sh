#!/usr/bin/env bash
# conpool on Payara Server 6: deploys conpool.rar and makes one connection factory per endpoint.
#
#   conpool.sh deploy   CONPOOL_RAR [--apps=A,B]             deploy the resource adapter as "conpool"; over a
#                                                            deployed one: redeploy it, keep its pools and
#                                                            resources, and restart the applications
#   conpool.sh add      NAME HOST PORT [SETTING=VALUE]...    connector connection pool "conpool-NAME" and
#                                                            connector resource (JNDI name) "conpool/NAME"
#   conpool.sh set      NAME SETTING=VALUE... [--apps=A,B]   change settings of pool conpool-NAME, then restart
#                                                            the applications so that they are in force
#   conpool.sh remove   NAME                                 delete that resource and pool
#   conpool.sh undeploy                                      undeploy conpool.rar with all its pools and resources
#
# Restarting the applications: an application's conpool factories and classes belong to the adapter
# instance it started with, so after a redeploy or a change of settings it must restart (asadmin
# disable + enable) to use the new one. By default the script restarts every application of the
# server except connectors and says which; --apps=A,B restarts only those, --apps= none.
#
# SETTING is a config-property of the connection definition: tls, poolName, protocol, every pool
# setting (durations as text, 30s, or milliseconds) and every http2 setting as http2<Name>, e.g.
#   conpool.sh add orders orders.example.com 7000 poolName=orders maxConnectionsPerEndpoint=20 acquireTimeout=5s
#
# "add" and "set" first check the definition with the adapter's own rules (io.conpool.rar.CheckDefinition
# from conpool.rar, run with java) and change nothing when a value is bad; the message names the
# property, the value and what is allowed. The RAR: $CONPOOL_RAR, else conpool.rar beside this script or
# in this module's build output; with none found that check is skipped. "add" then pings the new pool
# (Payara builds the adapter's factory) and removes it again if Payara refuses it.
#
# The server's connector pool only holds cheap lease slots (the conpool engine opens, limits, queues
# and validates the real connections), so it is created empty (steady size 0) with more slots
# (CONPOOL_SLOTS, default 200) than the engine's limits; callers wait in the engine (acquireTimeout).
#
# Which asadmin: $ASADMIN, else $PAYARA_HOME/bin/asadmin, else asadmin on the PATH. Which server:
# asadmin's own environment variables AS_ADMIN_HOST (default localhost), AS_ADMIN_PORT (default
# 4848), AS_ADMIN_USER, AS_ADMIN_PASSWORDFILE. asadmin runs the java of AS_JAVA or the PATH.
set -euo pipefail

RA_NAME=conpool

usage() {
  sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "conpool.sh: $*" >&2
  exit 2
}

if [[ -n "${ASADMIN:-}" ]]; then
  asadmin_cmd=$ASADMIN
elif [[ -n "${PAYARA_HOME:-}" ]]; then
  asadmin_cmd=$PAYARA_HOME/bin/asadmin
else
  asadmin_cmd=$(command -v asadmin) || fail "asadmin not found: set ASADMIN or PAYARA_HOME, or put Payara's bin on the PATH"
fi

# A value inside --property=name=value:name=value must have ':' and '\' escaped with '\'.
escape() {
  local v=${1//\\/\\\\}
  printf '%s' "${v//:/\\:}"
}

# Checks HOST PORT SETTING... with CheckDefinition from the jars inside $CONPOOL_RAR; the Jakarta
# Connector API comes from the Payara installation next to asadmin.
check_definition() {
  local rar=${CONPOOL_RAR:-} here candidate
  here=$(dirname "$0")
  if [[ -n $rar ]]; then
    [[ -f $rar ]] || fail "CONPOOL_RAR=$rar not found"
  else
    for candidate in "$here/conpool.rar" "$here/target/deployments/conpool.rar"; do
      [[ -f $candidate ]] && rar=$candidate && break
    done
    [[ -n $rar ]] || return 0
  fi
  local tmp api java_cmd status=0 out
  tmp=$(mktemp -d)
  if command -v unzip >/dev/null; then
    unzip -q -o "$rar" '*.jar' -d "$tmp"
  else
    (cd "$tmp" && jar xf "$rar")
  fi
  api=$(dirname "$asadmin_cmd")/../glassfish/modules/jakarta.resource-api.jar
  java_cmd=${AS_JAVA:+$AS_JAVA/bin/}java
  out=$("$java_cmd" -cp "$tmp/*:$api" io.conpool.rar.CheckDefinition "host=$1" "port=$2" "${@:3}" 2>&1) || status=$?
  rm -rf "$tmp"
  [[ $status -eq 0 ]] || fail "endpoint not created: $out"
}

check_name() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || fail "endpoint name '$1' is not usable: use letters, digits, '.', '_' or '-'"
}

# The form only; which settings exist and what values they take is CheckDefinition's to say.
check_setting() {
  local key=${2%%=*}
  [[ $2 == *=* && $key =~ ^[a-z][A-Za-z0-9]*$ ]] \
    || fail "'$2' is not SETTING=VALUE (a setting name such as maxIdleTime, then =, then the value)"
  [[ -n ${2#*=} ]] || fail "setting '$key' of endpoint '$1' has no value"
  if [[ $key == port ]]; then
    [[ ${2#*=} =~ ^[0-9]+$ ]] && ((${2#*=} >= 1 && ${2#*=} <= 65535)) \
      || fail "port '${2#*=}' of endpoint '$1' is not a TCP port between 1 and 65535"
  fi
}

# The applications to restart: --apps=A,B, else every deployed application that is not a connector.
apps_to_restart() {
  if [[ -n ${apps+x} ]]; then
    printf '%s\n' ${apps//,/ }
  else
    "$asadmin_cmd" list-applications | awk '$2 != "<connector>" && $1 != "Command" && $1 != "Nothing" && NF >= 2 {print $1}'
  fi
}

# disable + enable: the application starts again with the adapter instance and settings now in force
restart_apps() {
  local why=$1 list app
  list=$(apps_to_restart | xargs)
  if [[ -z $list ]]; then
    echo "conpool.sh: $why; no application to restart"
    return
  fi
  echo "conpool.sh: $why; restarting the applications so that they use it: $list"
  for app in $list; do
    "$asadmin_cmd" disable "$app" >/dev/null || fail "could not disable application '$app' (asadmin disable $app)"
    "$asadmin_cmd" enable "$app" >/dev/null || fail "could not enable application '$app' again (asadmin enable $app)"
    echo "conpool.sh: restarted $app"
  done
}

# Payara keeps a connector pool's connection factory (with its settings) while the pool exists, so a
# changed property reaches the adapter only through a new pool: set merges the new settings into the
# pool's properties, recreates pool and resource under the same names, then restarts the applications.
set_settings() {
  [[ $# -ge 2 ]] || usage
  local name=$1 setting key line slots props=""
  shift
  check_name "$name"
  local given_host=localhost given_port=1 others=()
  for setting in "$@"; do
    check_setting "$name" "$setting"
    case ${setting%%=*} in
      host) given_host=${setting#*=} ;;
      port) given_port=${setting#*=} ;;
      *) others+=("$setting") ;;
    esac
  done
  check_definition "$given_host" "$given_port" "${others[@]}" # the values given, before anything is looked up
  local pool=conpool-$name
  "$asadmin_cmd" get "resources.connector-connection-pool.$pool.name" >/dev/null 2>&1 \
    || fail "no connector connection pool $pool: add it first (conpool.sh add $name HOST PORT ...)"
  slots=$("$asadmin_cmd" get "resources.connector-connection-pool.$pool.max-pool-size" | sed -n 's/.*max-pool-size=//p')
  declare -A values=()
  local order=()
  while IFS= read -r line; do
    [[ $line == resources.connector-connection-pool.$pool.property.*=* ]] || continue
    line=${line#resources.connector-connection-pool.$pool.property.}
    key=${line%%=*}
    [[ -n ${values[$key]+x} ]] || order+=("$key")
    values[$key]=${line#*=}
  done < <("$asadmin_cmd" get "resources.connector-connection-pool.$pool.property.*")
  for setting in "$@"; do
    key=${setting%%=*}
    [[ -n ${values[$key]+x} ]] || order+=("$key")
    values[$key]=${setting#*=}
  done
  local merged=()
  for key in "${order[@]}"; do
    props+="${props:+:}$key=$(escape "${values[$key]}")"
    [[ $key == host || $key == port ]] || merged+=("$key=${values[$key]}")
  done
  check_definition "${values[host]:-}" "${values[port]:-}" "${merged[@]}" # and the definition they make
  "$asadmin_cmd" delete-connector-resource "conpool/$name" >/dev/null
  "$asadmin_cmd" delete-connector-connection-pool "$pool" >/dev/null
  create_pool "$name" "$props" "${slots:-${CONPOOL_SLOTS:-200}}" >/dev/null
  restart_apps "$pool now has $* (pool and resource recreated with it)"
  echo "conpool.sh: set $name $*: done, in force"
}

create_pool() {
  "$asadmin_cmd" create-connector-connection-pool --raname=$RA_NAME \
    --connectiondefinition=io.conpool.ConpoolConnectionFactory --transactionsupport=NoTransaction \
    --steadypoolsize=0 --maxpoolsize="$3" --matchconnections=false \
    --property="$2" "conpool-$1"
  "$asadmin_cmd" create-connector-resource --poolname="conpool-$1" "conpool/$1"
}

add() {
  [[ $# -ge 3 ]] || usage
  local name=$1 host=$2 port=$3
  shift 3
  check_name "$name"
  [[ -n $host ]] || fail "no host given for endpoint '$name'"
  [[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) \
    || fail "port '$port' of endpoint '$name' is not a TCP port between 1 and 65535"
  local props="host=$(escape "$host"):port=$port"
  local setting key
  for setting in "$@"; do
    check_setting "$name" "$setting"
    key=${setting%%=*}
    [[ $key != host && $key != port ]] || fail "give $key as the HOST and PORT arguments, not as '$setting'"
    props+=":$key=$(escape "${setting#*=}")"
  done
  check_definition "$host" "$port" "$@"
  create_pool "$name" "$props" "${CONPOOL_SLOTS:-200}"
  ping_or_remove "$name"
}

# Payara builds the adapter's factory for the new pool: the last check, and the only one when no
# conpool.rar was found for check_definition. A pool it refuses is removed again, so nothing is left.
ping_or_remove() {
  local out
  if out=$("$asadmin_cmd" ping-connection-pool "conpool-$1" 2>&1); then
    echo "conpool.sh: conpool-$1 answers a ping"
  else
    "$asadmin_cmd" delete-connector-resource "conpool/$1" >/dev/null 2>&1 || true
    "$asadmin_cmd" delete-connector-connection-pool "conpool-$1" >/dev/null 2>&1 || true
    fail "endpoint '$1' not created: Payara refused the definition (asadmin ping-connection-pool conpool-$1: $out);"\
" the server log names the property and the value"
  fi
}

remove() {
  [[ $# -eq 1 ]] || usage
  check_name "$1"
  "$asadmin_cmd" delete-connector-resource "conpool/$1"
  "$asadmin_cmd" delete-connector-connection-pool "conpool-$1"
}

args=()
for a in "$@"; do
  if [[ $a == --apps=* ]]; then
    apps=${a#--apps=}
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
    deployed=0
    "$asadmin_cmd" list-applications --type connector 2>/dev/null | grep -q "^$RA_NAME " && deployed=1
    "$asadmin_cmd" deploy --force=true --name=$RA_NAME "$1"
    if [[ $deployed == 1 ]]; then
      restart_apps "redeployed $RA_NAME (pools and resources kept)"
    fi
    ;;
  add) add "$@" ;;
  set) set_settings "$@" ;;
  remove) remove "$@" ;;
  undeploy)
    [[ $# -eq 0 ]] || usage
    "$asadmin_cmd" undeploy --cascade=true $RA_NAME
    ;;
  *) usage ;;
esac
