#!/usr/bin/env bash
# Builds the Linux app-image and .deb with the installers profile, then checks what a user gets:
#  1. the headless launcher on a fresh, empty home: --version, then an import of the bundled sample data;
#  2. the workbench launcher under Xvfb, long enough to take a screenshot (installers/target/check-gui.png);
#  3. the sizes of the app-image and the .deb.
# Needs: a JDK 17+ with jpackage, fakeroot and dpkg-deb (for the .deb), and scripts/install-deps.sh --gui.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pinstallers -pl installers -am package -DskipTests

img=installers/target/jpackage/SIGMA-PPG
deb=$(ls installers/target/jpackage/sigma-ppg_*.deb 2>/dev/null | head -1 || true)
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
# A fresh home for everything the application writes: Java takes user.home from the password database, not
# from $HOME, and jpackage's launcher ignores JDK_JAVA_OPTIONS, so point each writer at it by its own variable.
export HOME="$fresh" SIGMA_PPG_WORKSPACE="$fresh/workspace" DJL_CACHE_DIR="$fresh/djl"

echo "== headless launcher"
"$img/bin/sigma-ppg" --version
"$img/bin/sigma-ppg" import "$img/lib/app/sample-data" --name sample --json > "$fresh/import.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['records']==12 and d['windows']==120, d; print('imported', d['dataset'], d['records'], 'records', d['windows'], 'windows, runs', d.get('runs'))" "$fresh/import.json"
"$img/bin/sigma-ppg" datasets

echo "== workbench launcher under Xvfb (a second fresh workspace: it imports the bundled sample data itself)"
shot=installers/target/check-gui.png
rm -f "$shot"
xvfb-run -a -s "-screen 0 1400x900x24" bash -c "
  SIGMA_PPG_WORKSPACE='$fresh/gui-workspace' '$img/bin/SIGMA-PPG' & pid=\$!
  sleep 30
  import -window root '$shot'
  kill \$pid; wait \$pid 2>/dev/null || true"
test -s "$shot" && echo "screenshot: $shot"
test -f "$fresh/gui-workspace/workspace.db" && echo "the workbench created its workspace and imported the sample data"

echo "== sizes"
du -sh "$img" | sed 's/^/app-image: /'
if [ -n "$deb" ]; then du -sh "$deb" | sed 's/^/deb: /'; dpkg-deb -f "$deb" Depends | sed 's/^/deb depends: /'; fi
