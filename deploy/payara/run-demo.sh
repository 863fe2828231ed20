#!/usr/bin/env bash
# One-command conpool demo on Payara Server 6 (driven by `mvn -B -ntp -pl deploy/payara -am verify -Pdemo-payara`):
# creates a fresh domain next to the WAR, starts it on 127.0.0.1, deploys conpool.rar and the demo
# endpoint (conpool.sh) and the demo web app, prints where to look, and stops the domain on Ctrl-C.
#
# usage: run-demo.sh PAYARA_HOME RAR WAR [PORTBASE] [STOP_AFTER_SECONDS] [METRICS AGENT_JAR RULES]
#   PORTBASE            empty: Payara's usual ports (admin 4848, HTTP 8080, JMX 8686, Prometheus metrics 9404);
#                       a number N: admin N+48, HTTP N+80, JMX N+86, metrics N+90 (e.g. 15000)
#   STOP_AFTER_SECONDS  stop by itself after that long (for smoke tests); default 0 = wait for Ctrl-C
#   METRICS             none (default) or prometheus: the domain's JVM gets the Prometheus JMX exporter java
#                       agent AGENT_JAR with its RULES (deploy/prometheus/conpool-jmx-exporter.yaml), serving
#                       http://127.0.0.1:<metrics port>/metrics (a JVM option, so the domain is restarted once)
set -euo pipefail

PAYARA_HOME=${1:?PAYARA_HOME missing}
RAR=${2:?path of conpool.rar missing}
WAR=${3:?path of the demo war missing}
PORTBASE=${4:-}
STOP_AFTER=${5:-0}
METRICS=${6:-none}
AGENT=${7:-}
RULES=${8:-}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(cd "$(dirname "$WAR")/.." && pwd)/demo
DOMAINS=$WORK/domains
DOMAIN=conpool-demo
ASADMIN=$PAYARA_HOME/bin/asadmin
if [[ -z ${AS_JAVA:-} && -n ${JAVA_HOME:-} ]]; then
  export AS_JAVA=$JAVA_HOME   # asadmin runs the java of AS_JAVA, else the one on the PATH
fi

if [[ -z $PORTBASE ]]; then
  ADMIN_PORT=4848 HTTP_PORT=8080 JMX_PORT=8686 METRICS_PORT=9404
  PORT_OPTIONS=()
elif [[ $PORTBASE =~ ^[0-9]+$ ]] && ((PORTBASE >= 1024 && PORTBASE <= 65400)); then
  ADMIN_PORT=$((PORTBASE + 48)) HTTP_PORT=$((PORTBASE + 80)) JMX_PORT=$((PORTBASE + 86)) METRICS_PORT=$((PORTBASE + 90))
  PORT_OPTIONS=(--portbase="$PORTBASE")
else
  echo "conpool demo: portbase '$PORTBASE' is not a number between 1024 and 65400" >&2
  exit 2
fi
export ASADMIN AS_ADMIN_HOST=127.0.0.1 AS_ADMIN_PORT=$ADMIN_PORT

for f in "$RAR" "$WAR" "$ASADMIN"; do
  [[ -e "$f" ]] || { echo "conpool demo: $f not found; run it through Maven: mvn -B -ntp -pl deploy/payara -am verify -Pdemo-payara" >&2; exit 2; }
done

PORTS=("$ADMIN_PORT" "$HTTP_PORT" "$JMX_PORT")
case $METRICS in
  none) ;;
  prometheus)
    for f in "$AGENT" "$RULES"; do
      [[ -n $f && -e $f ]] || { echo "conpool demo: Prometheus JMX exporter agent or rules '$f' not found; run it through Maven: mvn -B -ntp -pl deploy/payara -am verify -Pdemo-payara -Dmetrics=prometheus" >&2; exit 2; }
    done
    PORTS+=("$METRICS_PORT")
    ;;
  *) echo "conpool demo: metrics '$METRICS' is neither none nor prometheus" >&2; exit 2 ;;
esac

mkdir -p "$WORK"
# a demo domain left running by an earlier run that was killed
"$ASADMIN" stop-domain --domaindir="$DOMAINS" "$DOMAIN" >/dev/null 2>&1 || true
for port in "${PORTS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "conpool demo: port $port on 127.0.0.1 is already in use; pick other ports with -Ddemo.payara.portbase=N (e.g. 15000)" >&2
    exit 2
  fi
done

echo "conpool demo: creating a fresh Payara domain in $DOMAINS"
"$ASADMIN" delete-domain --domaindir="$DOMAINS" "$DOMAIN" >/dev/null 2>&1 || true
"$ASADMIN" create-domain --nopassword=true ${PORT_OPTIONS[@]+"${PORT_OPTIONS[@]}"} --domaindir="$DOMAINS" "$DOMAIN" >"$WORK/create-domain.out" 2>&1 \
  || { cat "$WORK/create-domain.out" >&2; exit 1; }

stopped=0
say() { echo "$@" 2>/dev/null || true; }   # the terminal may be gone (Maven already exited)
stop_domain() {
  [[ $stopped == 1 ]] && return
  stopped=1
  trap '' INT TERM PIPE                      # finish stopping even if signalled again
  say
  say "conpool demo: stopping Payara"
  "$ASADMIN" stop-domain --domaindir="$DOMAINS" "$DOMAIN" >/dev/null 2>&1 || true
  say "conpool demo: stopped"
}
trap 'stop_domain; exit 0' INT TERM
trap 'stop_domain' EXIT

echo "conpool demo: starting Payara from $PAYARA_HOME"
"$ASADMIN" start-domain --prebootcommandfile="$HERE/preboot.asadmin" --domaindir="$DOMAINS" "$DOMAIN"
if [[ $METRICS == prometheus ]]; then
  echo "conpool demo: adding the Prometheus JMX exporter agent to the domain's JVM options and restarting it"
  # asadmin separates JVM options at ':' unless escaped
  "$ASADMIN" create-jvm-options "-javaagent\\:${AGENT//:/\\:}=127.0.0.1\\:$METRICS_PORT\\:${RULES//:/\\:}"
  "$ASADMIN" restart-domain --domaindir="$DOMAINS" "$DOMAIN"
fi
echo "conpool demo: deploying conpool.rar and the endpoint demo (connector resource conpool/demo)"
bash "$HERE/conpool.sh" deploy "$RAR"
bash "$HERE/conpool.sh" add demo 127.0.0.1 "$HTTP_PORT" poolName=demo maxConnectionsPerEndpoint=8 acquireTimeout=5000 maxIdleTime=60000
echo "conpool demo: deploying the demo app"
"$ASADMIN" deploy --name=conpool-demo "$WAR"
curl -fsS -o /dev/null -X POST -d requests=20 -d threads=4 "http://127.0.0.1:$HTTP_PORT/conpool-demo/api/load" 2>/dev/null || true
METRICS_INFO=""
if [[ $METRICS == prometheus ]]; then
  METRICS_INFO=" Prometheus: http://127.0.0.1:$METRICS_PORT/metrics  (conpool_connections_*, jvm_*)
             scrape it from Prometheus; Grafana: import $(cd "$(dirname "$RULES")" && pwd)/grafana-conpool.json
"
fi

cat <<INFO

================================================================================
 conpool demo is running (Payara Server, $PAYARA_HOME)

 Demo page:  http://127.0.0.1:$HTTP_PORT/conpool-demo/
             (live numbers and chart; run a load through the pool, clear the pool)
 JConsole:   jconsole service:jmx:rmi:///jndi/rmi://127.0.0.1:$JMX_PORT/jmxrmi
             no user or password (the domain's admin has none);
             ("Insecure connection" when asked) -> MBeans tab -> io.conpool -> EndpointPool / Pool
 VisualVM:   with its MBeans plugin installed (see deploy/payara/README.md): File -> Add JMX Connection
             -> the same URL, "Do not require SSL connection"
 Admin:      http://127.0.0.1:$ADMIN_PORT/  or  $ASADMIN --port $ADMIN_PORT ...
$METRICS_INFO Server log: $DOMAINS/$DOMAIN/logs/server.log

 Stop:       Ctrl-C here (or: $ASADMIN stop-domain --domaindir $DOMAINS $DOMAIN)
================================================================================
INFO

if [[ $STOP_AFTER -gt 0 ]]; then
  # stop after that long, or earlier if the domain stops by other means
  for _ in $(seq 1 "$STOP_AFTER"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$ADMIN_PORT") 2>/dev/null || break
    sleep 1 &
    wait $! || true
  done
  exit 0
fi
# wait for Ctrl-C, or for the domain to stop by other means
while (exec 3<>"/dev/tcp/127.0.0.1/$ADMIN_PORT") 2>/dev/null; do
  sleep 2 &
  wait $! || true
done
stopped=1
say "conpool demo: Payara has stopped"
