# Shared by the CGI scripts: response helpers and the request-level fault switches.
# Sourced, not executed.

colour_for_version() {
  case "$1" in
    1.0) echo blue ;;
    2.0) echo green ;;
    3.0) echo purple ;;
    *) echo grey ;;
  esac
}

APP_VERSION=${APP_VERSION:-1.0}
APP_COLOUR=${APP_COLOUR:-$(colour_for_version "$APP_VERSION")}
POD_NAME=${POD_NAME:-$(hostname)}

# respond STATUS_LINE BODY: "Status:" must be the first CGI header for busybox httpd to use it.
respond() {
  printf 'Status: %s\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nX-App-Version: %s\r\nX-Pod: %s\r\n\r\n%s\n' \
    "$1" "$APP_VERSION" "$POD_NAME" "$2"
}

# EXTRA_LATENCY_MS and ERROR_RATE act on application traffic (/ and /work), not on probes, so a slow
# or flaky app is not also restarted by its liveness probe.
apply_request_faults() {
  ms=${EXTRA_LATENCY_MS:-0}
  if [ "$ms" -gt 0 ] 2>/dev/null; then
    usleep $((ms * 1000))
  fi
  rate=${ERROR_RATE:-0}
  # 16 random bits from the kernel: awk's srand() seeds by the second, so every request in the same
  # second would get the same verdict.
  roll=$(od -An -N2 -tu2 /dev/urandom)
  if awk -v r="$rate" -v n="$roll" 'BEGIN { exit !(n < r * 65536) }'; then
    respond "500 Internal Server Error" "{\"error\":\"injected failure (ERROR_RATE=$rate)\",\"version\":\"$APP_VERSION\",\"pod\":\"$POD_NAME\"}"
    exit 0
  fi
}
