#!/usr/bin/env bash
# Regenerates the tiny models shipped in sample-data/sigma-ppg-runs: a tokenizer (with the codes of every
# sample window), an adversarially pre-trained student and a random-masking one, trained by our own code on
# the bundled sample set with the tiny presets. Needs the built jar: ./mvnw -B -q package -DskipTests
# Takes about 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${SIGMA_PPG_JAR:-app/target/sigma-ppg.jar}
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
WS=$(mktemp -d)
trap 'rm -rf "$WS"' EXIT
run() { java -jar "$JAR" "$@" --workspace "$WS"; }
id_of() { python3 -c "import json,sys; print(json.load(sys.stdin)['run'])"; }

rm -rf sample-data/sigma-ppg-runs
run import sample-data --name sample > /dev/null
TOK=$(run train-tokenizer --dataset sample --size tiny --seed 1 --json | id_of)
run tokenize --run "$TOK" --dataset sample > /dev/null
PRE=$(run pretrain --tokenizer "$TOK" --dataset sample --size tiny --masking adversarial --seed 1 --json | id_of)
RND=$(run pretrain --tokenizer "$TOK" --dataset sample --size tiny --masking random --seed 1 --json | id_of)
for r in "$TOK" "$PRE" "$RND"; do
  run export-run "$r" --out sample-data/sigma-ppg-runs > /dev/null
done
du -sh sample-data/sigma-ppg-runs
echo "tokenizer $TOK, adversarial student $PRE, random-masking student $RND"
