#!/usr/bin/env bash
# Writes PNG screenshots of every workbench view to docs/screenshots/ (or the folder given as $1).
#
# Builds nothing: run `./mvnw -q -DskipTests package` first. Imports the bundled sample data (and PPG-BP
# from ../shared/data when it is there, for the subject labels) into a temporary workspace, trains small runs on
# it through the command line (a tokenizer that then tokenizes the sample set, an adversarial and a random
# pre-training, an HR and an AF evaluation: a few minutes on a laptop CPU), starts the real
# application under Xvfb in its screenshot mode (-Dsigmappg.screenshots=DIR: it opens each view, waits until
# it has drawn, saves a JavaFX snapshot and exits), and removes the workspace afterwards.
# Needs Xvfb (scripts/install-deps.sh --gui).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/app/target/sigma-ppg.jar"
out="${1:-$root/docs/screenshots}"
if [ ! -f "$jar" ]; then
  echo "screenshots: $jar is missing; build it first with ./mvnw -q -DskipTests package" >&2
  exit 1
fi
if ! command -v xvfb-run >/dev/null; then
  echo "screenshots: xvfb-run is missing; install it with scripts/install-deps.sh --gui" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ws="$tmp/workspace"
java -jar "$jar" import "$root/sample-data" --name sample --workspace "$ws" >/dev/null
ppgbp="$root/../shared/data/ppg_bp"
if [ -d "$ppgbp" ]; then
  java -jar "$jar" import "$ppgbp" --name ppgbp --workspace "$ws" >/dev/null
fi

# Small models, a few epochs: enough for every view to have something to show.
cli() { java -jar "$jar" "$@" --workspace "$ws" --json | sed -n 's/^  "run": "\(.*\)",\{0,1\}$/\1/p' | head -1; }
tok=$(cli train-tokenizer --dataset sample --size tiny --epochs 4 --batch-size 32 --set encoder.width=32 --set encoder.depth=1 \
  --set decoder.width=32 --set codebookSize=32 --set kmeansSamples=256 --set kmeansIterations=3)
java -jar "$jar" tokenize --run "$tok" --dataset sample --workspace "$ws" >/dev/null
student=(--set transformer.width=32 --set transformer.depth=1 --set teacher.transformer.width=16 --set teacher.transformer.depth=1)
adv=$(cli pretrain --tokenizer "$tok" --dataset sample --masking adversarial --epochs 4 --batch-size 32 "${student[@]}")
cli pretrain --tokenizer "$tok" --dataset sample --masking random --epochs 4 --batch-size 32 "${student[@]}" >/dev/null
cli evaluate --task HR --dataset sample --methods "trivial,features,sigma:$adv" --folds 3 --bootstrap 200 >/dev/null
cli evaluate --task AF --dataset sample --methods trivial,features --folds 3 --bootstrap 200 >/dev/null
# The small reference-layout checkpoint (random weights in the published student's layout) for the imported run's page.
java -jar "$jar" import-weights "$root/core/src/test/resources/reference/sigma-small.pth" --name "reference layout" --workspace "$ws" >/dev/null

# The tour at the usual size (1600 x 1000, into $out) and at the smallest the views are laid out for (1024 x 700, into
# $out/1024x700): the window takes its size from the workspace's remembered layout.
tour() {
  local width=$1 height=$2 dir=$3
  mkdir -p "$dir"
  printf 'width=%s\nheight=%s\nx=0\ny=0\n' "$width" "$height" > "$ws/workbench-ui.properties"
  xvfb-run -a -s "-screen 0 ${width}x${height}x24" \
    java -Dsigmappg.workspace="$ws" -Dsigmappg.screenshots="$dir" -jar "$jar"
  # A 256-colour palette (no dithering) keeps the committed PNGs about a third of their size, and sharp.
  if command -v convert >/dev/null; then
    for f in "$dir"/*.png; do
      convert "$f" -strip +dither -colors 256 "PNG8:$f"
    done
  fi
  ls -1 "$dir"/*.png
}
tour 1600 1000 "$out"
tour 1024 700 "$out/1024x700"
