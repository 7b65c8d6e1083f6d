#!/usr/bin/env bash
# The system packages memo's layout relies on:
# - Pango, HarfBuzz and fontconfig for weasyprint (PDF);
# - the fonts the memo is set in: Carlito (metric-compatible with Calibri, which the DOCX
#   names) and Caladea (Cambria), DejaVu Sans (+ Condensed, from fonts-dejavu-extra) for the
#   scripts Carlito lacks;
# - LibreOffice Writer (headless) to measure the DOCX on paper;
# - Chromium and ChromeDriver, for the tests only: `memo site` is opened in a real browser.
# As root with apt-get, install what is missing; otherwise print the exact command and fail
# (for Chromium alone, only say so: memo itself runs without it, its browser tests skip
# locally and fail in CI).
#
#   bash scripts/system-deps.sh          # the above
#   bash scripts/system-deps.sh --cjk    # also a CJK font (Noto Sans CJK, about 90 MB)
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
          fonts-dejavu-core fonts-dejavu-extra fonts-crosextra-carlito fonts-crosextra-caladea
          libreoffice-writer-nogui chromium chromium-driver)
cjk=0
for arg in "$@"; do
  case "$arg" in
    --cjk) cjk=1 ;;
    *) echo "usage: $0 [--cjk]" >&2; exit 2 ;;
  esac
done
[ "$cjk" = 1 ] && packages+=(fonts-noto-cjk)

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_font() { command -v fc-list >/dev/null 2>&1 && fc-list : family 2>/dev/null | grep -qi "$1"; }

missing=()
have_lib 'libpango-1.0.so' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz.so' || missing+=(libharfbuzz0b)
have_lib 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
have_font 'DejaVu Sans' || missing+=(fonts-dejavu-core)
have_font 'DejaVu Sans Condensed' || missing+=(fonts-dejavu-extra)
have_font 'Carlito' || missing+=(fonts-crosextra-carlito)
have_font 'Caladea' || missing+=(fonts-crosextra-caladea)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
for_tests=()
command -v chromium >/dev/null 2>&1 || for_tests+=(chromium)
command -v chromedriver >/dev/null 2>&1 || for_tests+=(chromium-driver)
if [ "$cjk" = 1 ]; then have_font 'Noto Sans CJK' || missing+=(fonts-noto-cjk); fi

if [ ${#missing[@]} -eq 0 ] && [ ${#for_tests[@]} -eq 0 ]; then
  echo "system: Pango, HarfBuzz, fonts, LibreOffice and Chromium found"
  exit 0
fi
missing+=("${for_tests[@]}")

cmd="apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "system: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >/dev/null
  echo "system: installed"
elif [ ${#missing[@]} -eq ${#for_tests[@]} ]; then
  echo "system: the browser tests need ${for_tests[*]} (memo does not); as root:" >&2
  echo "  apt-get install -y --no-install-recommends ${for_tests[*]}" >&2
else
  echo "system: memo needs ${missing[*]}; run as root:" >&2
  echo "  $cmd" >&2
  echo "(other systems: https://doc.courtbouillon.org/weasyprint/stable/first_steps.html;" >&2
  echo " LibreOffice, Carlito, Caladea, Chromium and ChromeDriver from your distribution's" >&2
  echo " packages)" >&2
  exit 1
fi
