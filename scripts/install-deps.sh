#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the workbench needs beyond a JDK, and nothing else.
#   scripts/install-deps.sh --test   libraries for the headless GUI tests (JavaFX under Monocle)
#   scripts/install-deps.sh --window the above plus what a real window under Xvfb needs (the README's first command's test)
#   scripts/install-deps.sh --gui    the above plus ImageMagick for screenshots
#   scripts/install-deps.sh --bench  SciPy and PyTorch (with OpenBLAS) for the comparison benchmarks
#   scripts/install-deps.sh --check  only report what is missing (exit 1 if something is)
# Run as root or with sudo available. Safe to re-run: installed packages are skipped.
set -euo pipefail

test_pkgs=(libpangoft2-1.0-0 libfontconfig1 fonts-dejavu-core)
window_pkgs=(xvfb xauth x11-utils libgtk-3-0 libgl1 libxxf86vm1 libxtst6)
gui_pkgs=(imagemagick)
bench_pkgs=(python3-scipy python3-numpy python3-torch libopenblas0-pthread)

want=()
check_only=false
[ $# -eq 0 ] && set -- --test
for arg in "$@"; do
  case "$arg" in
    --test) want+=("${test_pkgs[@]}") ;;
    --window) want+=("${test_pkgs[@]}" "${window_pkgs[@]}") ;;
    --gui) want+=("${test_pkgs[@]}" "${window_pkgs[@]}" "${gui_pkgs[@]}") ;;
    --bench) want+=("${bench_pkgs[@]}") ;;
    --check) check_only=true; want+=("${test_pkgs[@]}") ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all needed packages are installed"
  exit 0
fi
if $check_only; then
  echo "install-deps: missing Debian packages: ${missing[*]} (run scripts/install-deps.sh as root)" >&2
  exit 1
fi
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run apt-get install -y -qq --no-install-recommends "${missing[@]}"
