#!/usr/bin/env bash
# One-command conpool demo on WildFly (driven by `mvn -B -ntp -pl deploy -am verify -Pdemo`):
# starts the unpacked WildFly on 127.0.0.1, deploys conpool.rar with its connection definitions
# (conpool.cli) and the demo web app, prints where to look, and stops the server on Ctrl-C.
#
# usage: run-demo.sh JBOSS_HOME RAR WAR [PORT_OFFSET] [STOP_AFTER_SECONDS] [METRICS AGENT_JAR RULES]
#   PORT_OFFSET         added to 8080 (HTTP), 9990 (management) and 9404 (Prometheus metrics); default 0
#   STOP_AFTER_SECONDS  stop by itself after that long (for smoke tests); default 0 = wait for Ctrl-C
#   METRICS             none (default) or prometheus: start WildFly with the Prometheus JMX exporter java
#                       agent AGENT_JAR and its RULES (deploy/prometheus/conpool-jmx-exporter.yaml), serving
#                       http://127.0.0.1:(9404+PORT_OFFSET)/metrics. The agent goes into MODULE_OPTS: in
#                       JAVA_OPTS it starts before JBoss LogManager and WildFly stops booting with WFLYLOG0078.
set -euo pipefail

JBOSS_HOME=${1:?JBOSS_HOME missing}
RAR=${2:?path of conpool.rar missing}
WAR=${3:?path of the demo war missing}
OFFSET=${4:-0}
STOP_AFTER=${5:-0}
METRICS=${6:-none}
AGENT=${7:-}
RULES=${8:-}
HERE=$(cd "$(dirname "$0")" && pwd)
HTTP_PORT=$((8080 + OFFSET))
MGMT_PORT=$((9990 + OFFSET))
METRICS_PORT=$((9404 + OFFSET))
WORK=$(cd "$(dirname "$WAR")" && pwd)/demo
LOG="$WORK/server.out"
CLI=("$JBOSS_HOME/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$MGMT_PORT")
export JBOSS_HOME
mkdir -p "$WORK"

for f in "$RAR" "$WAR" "$JBOSS_HOME/bin/standalone.sh"; do
  [[ -e "$f" ]] || { echo "conpool demo: $f not found; run it through Maven: mvn -B -ntp -pl deploy -am verify -Pdemo" >&2; exit 2; }
done
PORTS=("$HTTP_PORT" "$MGMT_PORT")
case $METRICS in
  none) ;;
  prometheus)
    for f in "$AGENT" "$RULES"; do
      [[ -n $f && -e $f ]] || { echo "conpool demo: Prometheus JMX exporter agent or rules '$f' not found; run it through Maven: mvn -B -ntp -pl deploy -am verify -Pdemo -Dmetrics=prometheus" >&2; exit 2; }
    done
    PORTS+=("$METRICS_PORT")
    # jboss-modules loads the agent after the log manager is set up (in JAVA_OPTS: WFLYLOG0078)
    export MODULE_OPTS="${MODULE_OPTS:+$MODULE_OPTS }-javaagent:$AGENT=127.0.0.1:$METRICS_PORT:$RULES"
    ;;
  *) echo "conpool demo: metrics '$METRICS' is neither none nor prometheus" >&2; exit 2 ;;
esac
for port in "${PORTS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "conpool demo: port $port on 127.0.0.1 is already in use; pick other ports with -Ddemo.port.offset=N (e.g. 100)" >&2
    exit 2
  fi
done

echo "conpool demo: starting WildFly from $JBOSS_HOME (log: $LOG)"
# --read-only-server-config: nothing this run adds is saved, so every run starts from a clean standalone.xml
"$JBOSS_HOME/bin/standalone.sh" --read-only-server-config=standalone.xml \
  -Djboss.socket.binding.port-offset="$OFFSET" \
  -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 >"$LOG" 2>&1 &
SERVER_PID=$!

stopped=0
say() { echo "$@" 2>/dev/null || true; }   # the terminal may be gone (Maven already exited)
stop_server() {
  [[ $stopped == 1 ]] && return
  stopped=1
  trap '' INT TERM PIPE                      # finish stopping even if signalled again
  say
  say "conpool demo: stopping WildFly"
  "${CLI[@]}" --command=":shutdown" >/dev/null 2>&1 || kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 1
  done
  kill -0 "$SERVER_PID" 2>/dev/null && { pkill -TERM -P "$SERVER_PID" 2>/dev/null; kill "$SERVER_PID" 2>/dev/null; }
  wait "$SERVER_PID" 2>/dev/null || true
  say "conpool demo: stopped"
}
trap 'stop_server; exit 0' INT TERM
trap 'stop_server' EXIT

for _ in $(seq 1 180); do
  if "${CLI[@]}" --command=":read-attribute(name=server-state)" 2>/dev/null | grep -q '"running"'; then
    break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "conpool demo: WildFly exited; see $LOG" >&2; exit 1; }
  sleep 1
done

cat >"$WORK/conpool.properties" <<PROPS
conpool.rar.path=$RAR
conpool.demo.host=127.0.0.1
conpool.demo.port=$HTTP_PORT
PROPS
echo "conpool demo: deploying conpool.rar and the connection definition java:/conpool/demo"
"${CLI[@]}" --resolve-parameter-values --properties="$WORK/conpool.properties" --file="$HERE/conpool.cli"
echo "conpool demo: deploying the demo app"
"${CLI[@]}" --command="deploy $WAR --name=conpool-demo.war"
curl -fsS -o /dev/null -X POST -d requests=20 -d threads=4 "http://127.0.0.1:$HTTP_PORT/conpool-demo/api/load" 2>/dev/null || true
METRICS_INFO=""
if [[ $METRICS == prometheus ]]; then
  METRICS_INFO=" Prometheus: http://127.0.0.1:$METRICS_PORT/metrics  (conpool_connections_*, jvm_*)
             scrape it from Prometheus; Grafana: import $(cd "$(dirname "$RULES")" && pwd)/grafana-conpool.json
"
fi

cat <<INFO

================================================================================
 conpool demo is running (WildFly $(basename "$JBOSS_HOME"), port offset $OFFSET)

 Demo page:  http://127.0.0.1:$HTTP_PORT/conpool-demo/
             (live numbers and chart; run a load through the pool, clear the pool)
 JConsole:   $JBOSS_HOME/bin/jconsole.sh
             -> Remote Process: service:jmx:remote+http://127.0.0.1:$MGMT_PORT
                (no user needed as the same OS user on this machine; it also opens
                "JConsole: Output Window", the CLI plugin's log: ignore it)
             -> MBeans tab -> io.conpool -> EndpointPool / Pool
 CLI:        $JBOSS_HOME/bin/jboss-cli.sh --connect --controller=127.0.0.1:$MGMT_PORT
$METRICS_INFO Server log: $LOG

 Stop:       Ctrl-C here (or: jboss-cli ... --command=:shutdown)
================================================================================
INFO

if [[ $STOP_AFTER -gt 0 ]]; then
  # stop after that long, or earlier if the server stops by other means
  for _ in $(seq 1 "$STOP_AFTER"); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 1 &
    wait $! || true
  done
  exit 0
fi
wait "$SERVER_PID" || true
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  stopped=1
  say "conpool demo: WildFly has stopped"
fi
