#!/usr/bin/env bash
# Check the system libraries weasyprint needs (Pango, HarfBuzz, fontconfig and a font).
# As root with apt-get, install what is missing; otherwise print the exact command and fail.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core)

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

missing=()
have_lib 'libpango-1.0.so' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz.so' || missing+=(libharfbuzz0b)
have_lib 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list 2>/dev/null | head -n 1)" ]; then
  missing+=(fonts-dejavu-core)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "system: Pango, HarfBuzz and fonts found"
  exit 0
fi

cmd="apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "system: installing ${missing[*]} for weasyprint"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  echo "system: installed"
else
  echo "system: weasyprint needs ${missing[*]}; run as root:" >&2
  echo "  $cmd" >&2
  echo "(other systems: https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)" >&2
  exit 1
fi
