# Starting and stopping a local fleet: a Kafka broker, the demo chunk store behind a loopback origin,
# and the three services as separate processes. Sourced by bin/demo and bin/bench-*; not a command.
#
# Uses (with defaults): root, out (demo-out/), kafka_port 9092, origin_port 8081, store_hours 2.
# Services listen on 8091 (fetcher), 8092 (decoder), 8093 (waveform) and know these origins:
#   demo (chunk policy auto), demo-10m, demo-1h, demo-6h (one chunk size each), all the demo store.
# The time service answers on UDP 127.0.0.1:$time_port (default 9123; HTTP health and metrics on 8095), so
# `player-agent daemon --time-service 127.0.0.1:9123` schedules by it.

fleet_pids=()
logs="$out/logs"
mkdir -p "$logs"

# Narration goes to stderr: a script's stdout is its product (bin/demo --output wav:- streams the WAV there).
fleet_step() { printf '\033[1m%s:\033[0m %s\n' "$(basename "$0")" "$*" >&2; }

fleet_jar() { ls "$root"/$1/target/audifleet-$1-*-exec.jar 2>/dev/null | head -1; }

fleet_build() {
  if [ -z "$(fleet_jar fetcher-service)" ] || [ -z "$(fleet_jar decoder-service)" ] \
     || [ -z "$(fleet_jar waveform-service)" ] || [ -z "$(fleet_jar player-agent)" ] \
     || [ -z "$(fleet_jar time-service)" ] \
     || [ ! -d "$root/infra/target/kafka-libs" ]; then
    fleet_step "building (./mvnw -q -B -DskipTests install, once)"
    (cd "$root" && ./mvnw -q -B -DskipTests install >&2)
  fi
}

fleet_stop() {
  if [ ${#fleet_pids[@]} -gt 0 ]; then
    fleet_step "stopping services and origin"
    kill "${fleet_pids[@]}" 2>/dev/null || true
    for pid in "${fleet_pids[@]}"; do
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    done
    fleet_pids=()
  fi
  fleet_step "stopping the broker"
  "$root/infra/kafka/kafka-local" stop --data-dir "$out/kafka" >/dev/null 2>&1 || true
}

fleet_wait_healthy() {
  local name=$1 port=$2
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; then return 0; fi
    sleep 0.1
  done
  echo "$(basename "$0"): $name did not become healthy; last log lines:" >&2
  tail -20 "$logs/$name.log" >&2
  return 1
}

fleet_start() {
  fleet_step "starting the Kafka broker on 127.0.0.1:$kafka_port"
  rm -rf "$out/kafka"
  "$root/infra/kafka/kafka-local" start --port "$kafka_port" --data-dir "$out/kafka"

  if [ ! -f "$out/store/.complete-$store_hours" ]; then
    fleet_step "writing the demo chunk store ($store_hours h) to $out/store"
    rm -rf "$out/store"
    "$root/bin/demo-origin" write --out "$out/store" --hours "$store_hours" >"$logs/demo-origin-write.log"
    touch "$out/store/.complete-$store_hours"
  fi
  fleet_step "serving it on http://127.0.0.1:$origin_port/"
  "$root/bin/demo-origin" serve --dir "$out/store" --port "$origin_port" >"$logs/origin.log" 2>&1 &
  fleet_pids+=($!)

  local url="http://127.0.0.1:$origin_port/" origins=()
  for size in 10m 1h 6h; do
    origins+=("--audifleet.origins.demo-$size.kind=chunk-store" "--audifleet.origins.demo-$size.url=$url"
              "--audifleet.origins.demo-$size.chunk-policy=$size")
  done
  fleet_step "starting fetcher (:8091), decoder (:8092) and waveform (:8093) services"
  local name port
  for spec in fetcher-service:8091 decoder-service:8092 waveform-service:8093; do
    name=${spec%%:*}; port=${spec##*:}
    java -XX:+UseSerialGC -Xmx512m ${AUDIFLEET_SERVICE_JAVA_OPTS:-} -jar "$(fleet_jar "$name")" \
      --server.port="$port" --spring.kafka.bootstrap-servers="127.0.0.1:$kafka_port" \
      --audifleet.origins.demo.url="$url" "${origins[@]}" >"$logs/$name.log" 2>&1 &
    fleet_pids+=($!)
  done
  local tport="${time_port:-9123}"
  fleet_step "starting the time service (udp://127.0.0.1:$tport, health and metrics on :8095)"
  java -XX:+UseSerialGC -Xmx128m ${AUDIFLEET_SERVICE_JAVA_OPTS:-} -jar "$(fleet_jar time-service)" \
    --server.port=8095 --audifleet.time.port="$tport" --audifleet.time.bind-address=127.0.0.1 \
    >"$logs/time-service.log" 2>&1 &
  fleet_pids+=($!)
  fleet_wait_healthy fetcher-service 8091
  fleet_wait_healthy decoder-service 8092
  fleet_wait_healthy waveform-service 8093
  fleet_wait_healthy time-service 8095
  # Healthy is not yet "assigned partitions": the fetcher's and decoder's 12 listener threads join
  # their groups one after another, and each join is a rebalance that pauses the group. Wait until no
  # assignment has changed for 2 s, so a session measures the fleet, not its start-up.
  local seen=-1 now stable=0
  for _ in $(seq 1 300); do
    now=$(cat "$logs"/{fetcher,decoder,waveform}-service.log | grep -c "partitions assigned\|partitions revoked" || true)
    if [ "$now" -gt 0 ] && [ "$now" = "$seen" ]; then
      stable=$((stable + 1)); [ "$stable" -ge 20 ] && break
    else
      stable=0; seen=$now
    fi
    sleep 0.1
  done
}
