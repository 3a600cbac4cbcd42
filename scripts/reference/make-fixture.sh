#!/usr/bin/env bash
# Regenerates the small reference-layout fixture that ReferenceLayoutTest checks in the default build:
# a 2-block, width-48, 4-head, 4-channel student in the published model's layout with random weights (seed 1),
# five windows of the bundled sample set as `export-windows` writes them (the fifth cut to 1260 valid samples, so
# that padding is checked), and what the PyTorch reference computes for them.
# Needs Debian's python3-torch and python3-numpy (scripts/install-deps.sh --bench) and a built jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=core/src/test/resources/reference
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
jar="java -Dai.djl.offline=true -jar app/target/sigma-ppg.jar"
$jar import sample-data --name sample --workspace "$work/ws" >/dev/null
$jar export-windows sample --out "$work/windows" --workspace "$work/ws" >/dev/null
$py scripts/reference/sigma_reference.py make --size small --seed 1 --out "$out/sigma-small.pth"
$py - "$work" "$out" <<'PY'
import csv, sys
import numpy as np
work, out = sys.argv[1], sys.argv[2]
windows = np.load(work + "/windows.npy")
rows = list(csv.DictReader(open(work + "/windows.ids.csv", newline="")))
chosen = [0, 25, 60, 111]
picked = [windows[i].copy() for i in chosen] + [windows[0].copy()]
picked[-1][1260:] = 0
with open(out + "/windows.ids.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["row", "subject", "record", "window_id", "window_index", "valid_samples"])
    for k, i in enumerate(chosen + [0]):
        r = rows[i]
        w.writerow([k, r["subject"], r["record"], r["window_id"], r["window_index"], 1260 if k == len(chosen) else r["valid_samples"]])
np.save(out + "/windows.npy", np.stack(picked).astype(np.float32))
PY
$py scripts/reference/sigma_reference.py embed --weights "$out/sigma-small.pth" --windows "$out/windows.npy" \
    --ids "$out/windows.ids.csv" --out "$out/expected-pooled.npy" --tokens "$out/expected-tokens.npy"
