#!/usr/bin/env bash
# Checks the workbench against the full-size published 'pro' layout: builds it in PyTorch with random weights and
# saves it as the reference does (about 125 MB), imports it with `import-weights` (timed), embeds the sample set's
# windows with the workbench and with PyTorch (each window's valid patches, unpadded), and prints the largest
# difference relative to the largest value. Needs Debian's python3-torch and python3-numpy
# (scripts/install-deps.sh --bench) and a built jar (./mvnw -B package -DskipTests).
#   scripts/reference/check-pro.sh [--window-seconds S]   (S: the sample set's window length, default 60)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=60
if [ "${1:-}" = "--window-seconds" ]; then seconds=$2; fi
py=/usr/bin/python3
"$py" -c "import torch, numpy" 2>/dev/null || { echo "check-pro: needs python3-torch and python3-numpy (scripts/install-deps.sh --bench)" >&2; exit 2; }
[ -f app/target/sigma-ppg.jar ] || { echo "check-pro: build the jar first: ./mvnw -B package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jar="java -Dai.djl.offline=true -jar app/target/sigma-ppg.jar"
"$py" scripts/reference/sigma_reference.py make --size pro --seed 7 --out "$work/sigma-pro.pth"
ls -l "$work/sigma-pro.pth" | awk '{printf "checkpoint: %.1f MB\n", $5 / 1e6}'
$jar import sample-data --name sample --window-seconds "$seconds" --workspace "$work/ws" --json >/dev/null
start=$(date +%s.%N)
run=$($jar import-weights "$work/sigma-pro.pth" --workspace "$work/ws" --json 2>/dev/null | "$py" -c "import json,sys; print(json.load(sys.stdin)['run'])")
end=$(date +%s.%N)
echo "import-weights: $(echo "$end - $start" | bc) s (the whole command, JVM start included)"
$jar export-windows sample --out "$work/windows" --workspace "$work/ws" >/dev/null 2>&1
$jar embed --run "$run" --dataset sample --out "$work/java" --workspace "$work/ws" >/dev/null 2>&1
"$py" scripts/reference/sigma_reference.py embed --weights "$work/sigma-pro.pth" --windows "$work/windows.npy" \
    --ids "$work/windows.ids.csv" --out "$work/torch.npy"
"$py" - "$work" <<'PY'
import sys
import numpy as np
work = sys.argv[1]
java, torch = np.load(work + "/java.npy"), np.load(work + "/torch.npy")
assert java.shape == torch.shape, (java.shape, torch.shape)
rel = np.abs(java - torch).max() / np.abs(torch).max()
print("pooled embeddings of %d windows, width %d: max |Java - PyTorch| / max |PyTorch| = %.2e" % (java.shape[0], java.shape[1], rel))
sys.exit(0 if rel <= 1e-4 else 1)
PY
