#!/bin/sh
# One HTTP connection (stdin/stdout are the socket). Reads the request head, maps the public paths onto
# the CGI scripts under /www/cgi-bin and lets busybox httpd in inetd mode run the CGI and write the
# response, so the endpoints stay ordinary httpd CGI scripts.
exec 2>/dev/null
cr=$(printf '\r')

IFS= read -r request_line || exit 0
request_line=${request_line%"$cr"}
# shellcheck disable=SC2086
set -- $request_line
method=${1:-GET}
target=${2:-/}
proto=${3:-HTTP/1.0}

path=${target%%\?*}
query=""
case "$target" in *\?*) query="?${target#*\?}" ;; esac

case "$path" in
  /) path=/cgi-bin/index ;;
  /healthz | /healthz/) path=/cgi-bin/healthz ;;
  /ready | /ready/) path=/cgi-bin/ready ;;
  /work | /work/) path=/cgi-bin/work ;;
esac

head="$method $path$query $proto$cr
"
# Drain the header lines (a GET has no body) so httpd gets the whole request from a finite pipe and
# this connection closes as soon as the response is written.
while IFS= read -r line; do
  line=${line%"$cr"}
  [ -z "$line" ] && break
  head="$head$line$cr
"
done
printf '%s%s\n' "$head" "$cr" | exec httpd -i -h /www
