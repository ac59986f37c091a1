#!/bin/sh
# A stand-in for `pip install -r requirements.txt` against a local package index
# (/deps/index/<name>/<version>/): "name==X" installs exactly X, a bare "name" installs the newest
# version the index has on the day of the build, which is how an unpinned requirement drifts.
set -eu
index=/deps/index
site=/deps/site
mkdir -p "$site"
: > /deps/installed.txt
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%%#*}
  line=$(echo "$line" | tr -d ' \r')
  [ -z "$line" ] && continue
  case "$line" in
    *==*) name=${line%%==*}; version=${line#*==} ;;
    *) name=$line; version=$(ls "$index/$name" 2>/dev/null | sort -t . -k 1,1n -k 2,2n -k 3,3n | tail -n 1) ;;
  esac
  if [ -z "$version" ] || [ ! -d "$index/$name/$version" ]; then
    echo "ERROR: no matching distribution found for $line"
    exit 1
  fi
  mkdir -p "$site/$name"
  cp -r "$index/$name/$version/." "$site/$name/"
  echo "$name==$version" >> /deps/installed.txt
  echo "Installed $name==$version"
done < "$1"
