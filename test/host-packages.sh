#!/usr/bin/env bash
# Installs the Debian packages the self-test needs (test/host-packages.txt) when they are missing, saying so on
# one line. They are installed, never started as host services. Elsewhere (not Debian, not root) a missing
# package is a one-line error naming it; with everything present it succeeds anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
list=test/host-packages.txt

missing=()
while read -r pkg cmd _; do
  case "$pkg" in '' | '#'*) continue ;; esac
  [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] && continue
  PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 && continue
  missing+=("$pkg")
done <"$list"
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "labgate: the tests need these Debian packages, missing here: ${missing[*]} (run npm test as root on" \
    "Debian to have them installed, or install them yourself; why each: $list)" >&2
  exit 1
fi

echo "labgate: installing the host packages the tests need: ${missing[*]} (apt-get; not started as services)"
start=$SECONDS
log=$(mktemp)
# policy-rc.d answering 101 keeps dpkg from starting the packages' services; one already there is put back after
policy=/usr/sbin/policy-rc.d
saved=
if [ -e "$policy" ]; then saved=$(mktemp) && cp -p "$policy" "$saved"; fi
cleanup() {
  if [ -n "$saved" ]; then mv "$saved" "$policy"; else rm -f "$policy"; fi
  rm -f "$log"
}
trap cleanup EXIT
printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "labgate: apt-get could not install ${missing[*]} (its last lines above)" >&2
  exit 1
fi
echo "labgate: host packages installed in $((SECONDS - start)) s"
