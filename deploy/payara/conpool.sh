#!/usr/bin/env bash
# conpool on Payara Server 6: deploys conpool.rar and makes one connection factory per endpoint.
#
#   conpool.sh deploy   CONPOOL_RAR                          deploy the resource adapter as "conpool" (again:
#                                                            redeploy it, keeping its pools and resources)
#   conpool.sh add      NAME HOST PORT [SETTING=VALUE]...    connector connection pool "conpool-NAME" and
#                                                            connector resource (JNDI name) "conpool/NAME"
#   conpool.sh remove   NAME                                 delete that resource and pool
#   conpool.sh undeploy                                      undeploy conpool.rar with all its pools and resources
#
# SETTING is a config-property of the connection definition: tls, poolName, protocol, every pool
# setting (durations as text, 30s, or milliseconds) and every http2 setting as http2<Name>, e.g.
#   conpool.sh add orders orders.example.com 7000 poolName=orders maxConnectionsPerEndpoint=20 acquireTimeout=5s
#
# "add" first checks the definition with the adapter's own rules (io.conpool.rar.CheckDefinition from
# conpool.rar, run with java) and creates nothing when a value is bad; the message names the property,
# the value and what is allowed. The RAR: $CONPOOL_RAR, else conpool.rar beside this script or in this
# module's build output; with none found the check is skipped and the server checks at first use.
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
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
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
    key=${setting%%=*}
    [[ $setting == *=* && $key =~ ^[a-z][A-Za-z0-9]*$ ]] || fail "'$setting' is not SETTING=VALUE"
    props+=":$key=$(escape "${setting#*=}")"
  done
  check_definition "$host" "$port" "$@"
  "$asadmin_cmd" create-connector-connection-pool --raname=$RA_NAME \
    --connectiondefinition=io.conpool.ConpoolConnectionFactory --transactionsupport=NoTransaction \
    --steadypoolsize=0 --maxpoolsize="${CONPOOL_SLOTS:-200}" --matchconnections=false \
    --property="$props" "conpool-$name"
  "$asadmin_cmd" create-connector-resource --poolname="conpool-$name" "conpool/$name"
}

remove() {
  [[ $# -eq 1 ]] || usage
  check_name "$1"
  "$asadmin_cmd" delete-connector-resource "conpool/$1"
  "$asadmin_cmd" delete-connector-connection-pool "conpool-$1"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case $command in
  deploy)
    [[ $# -eq 1 ]] || usage
    [[ -f $1 ]] || fail "$1 not found (build it with: mvn -B -ntp -pl conpool-rar -am package)"
    "$asadmin_cmd" deploy --force=true --name=$RA_NAME "$1"
    ;;
  add) add "$@" ;;
  remove) remove "$@" ;;
  undeploy)
    [[ $# -eq 0 ]] || usage
    "$asadmin_cmd" undeploy --cascade=true $RA_NAME
    ;;
  *) usage ;;
esac
