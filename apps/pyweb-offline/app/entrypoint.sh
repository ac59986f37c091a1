#!/bin/sh
# PID 1 of the offline app. It owns the fault switches that act at process level (crash, slow start,
# SIGTERM handling) and runs the listener. PID 1 gets no default signal handlers from the kernel, so
# TERM/INT must be trapped here or `docker stop` would always wait for the SIGKILL.
set -u

log() { echo "pyweb-offline $APP_VERSION: $*" >&2; }

if [ "${CRASH_ON_START:-0}" = "1" ]; then
  log "CRASH_ON_START=1: exiting with status 1"
  exit 1
fi

draining=0
listener=""

graceful_stop() {
  # Same order as gunicorn behind a Service: fail readiness first so the endpoint is removed, keep
  # answering in-flight and late-routed requests for a short drain window, then stop listening.
  draining=1
  log "SIGTERM: draining for ${SHUTDOWN_DRAIN_SECONDS:-2}s (ready now answers 503)"
  : > /tmp/draining
  sleep "${SHUTDOWN_DRAIN_SECONDS:-2}"
  [ -n "$listener" ] && kill "$listener" 2>/dev/null
  log "stopped"
  exit 0
}

if [ "${IGNORE_SIGTERM:-0}" = "1" ]; then
  # The bad habit the zero-downtime scenario shows: no draining, the runtime has to SIGKILL us.
  trap 'log "SIGTERM ignored (IGNORE_SIGTERM=1)"' TERM INT
else
  trap graceful_stop TERM INT
fi

rm -f /tmp/draining
delay="${STARTUP_DELAY_SECONDS:-0}"
if [ "$delay" != "0" ]; then
  log "STARTUP_DELAY_SECONDS=$delay: waiting before listening"
  sleep "$delay" &
  # wait (not sleep in the foreground) so a TERM during the delay is handled at once.
  while ! wait $!; do [ "$draining" = 1 ] && exit 0; done
fi

# busybox httpd has no path rewriting, so a tiny front (nc, one process per connection) maps
# /, /healthz, /ready and /work onto the CGI scripts and hands the request to `httpd -i`.
nc -ll -p "${PORT:-8000}" -e /app/front.sh &
listener=$!
log "listening on :${PORT:-8000} (colour $APP_COLOUR)"

# wait returns early whenever a trapped signal arrives; keep waiting while the listener lives.
while kill -0 "$listener" 2>/dev/null; do
  wait "$listener"
done
log "listener exited"
exit 1
