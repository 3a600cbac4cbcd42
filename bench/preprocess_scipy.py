#!/usr/bin/env python3
"""SciPy/NumPy reference of the SIGMA-PPG pre-processing, timed on a raw little-endian float32 file.

Called by org.sigmappg.bench.PreprocessBenchmark with the same file and settings as the Java side:
numpy.fromfile, scipy.signal.butter(output='sos') + sosfiltfilt, resample_poly, full windows reshaped
into patches, per-window min-max scaling, per-patch std / skewness / prior (METHOD.md section 1).
Prints one JSON object on stdout; with --prior-out also writes the priors (windows x patches,
float64 little-endian) for an element-wise comparison with Java.
"""
import argparse
import json
import statistics
import sys
import time


def preprocess(path, a, np, signal):
    x = np.fromfile(path, dtype="<f4")
    sos = signal.butter(a.order, [a.low, a.high], btype="band", fs=a.fs, output="sos")
    y = signal.sosfiltfilt(sos, x)
    y = signal.resample_poly(y, a.up, a.down)
    per_window = a.patch * a.patches
    n_windows = len(y) // per_window
    w = y[: n_windows * per_window].reshape(n_windows, per_window)
    lo = w.min(axis=1, keepdims=True)
    span = w.max(axis=1, keepdims=True) - lo
    scaled = np.where(span > 0, (w - lo) / np.where(span > 0, span, 1), 0.5)
    p = scaled.reshape(n_windows, a.patches, a.patch)
    dev = p - p.mean(axis=2, keepdims=True)
    m2 = (dev ** 2).mean(axis=2)
    m3 = (dev ** 3).mean(axis=2)
    s = np.sqrt(m2)
    skew = np.where(m2 > 0, m3 / np.where(m2 > 0, m2, 1) ** 1.5, 0.0)
    med = np.median(s, axis=1, keepdims=True)
    mad = np.median(np.abs(s - med), axis=1, keepdims=True)
    z = (s - med) / np.maximum(a.mad_scale * mad, a.min_robust_scale)
    flat_gate = 1 / (1 + np.exp(-(s - a.flat_gate_std) / a.flat_gate_width))
    excursion_gate = 1 / (1 + np.exp(-(a.excursion_gate_z - z) / a.excursion_gate_width))
    amplitude = np.exp(-a.z_weight * z ** 2) * flat_gate * excursion_gate
    prior = a.beta * amplitude + (1 - a.beta) * np.tanh(np.abs(skew))
    return len(x), prior


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--fs", type=float, required=True)
    ap.add_argument("--up", type=int, required=True)
    ap.add_argument("--down", type=int, required=True)
    ap.add_argument("--low", type=float, default=0.5)
    ap.add_argument("--high", type=float, default=8.0)
    ap.add_argument("--order", type=int, default=2)
    ap.add_argument("--patch", type=int, default=50)
    ap.add_argument("--patches", type=int, default=240)
    ap.add_argument("--z-weight", type=float, default=0.2)
    ap.add_argument("--mad-scale", type=float, default=1.4826)
    ap.add_argument("--min-robust-scale", type=float, default=1e-6)
    ap.add_argument("--flat-gate-std", type=float, default=0.05)
    ap.add_argument("--flat-gate-width", type=float, default=0.01)
    ap.add_argument("--excursion-gate-z", type=float, default=2.0)
    ap.add_argument("--excursion-gate-width", type=float, default=0.25)
    ap.add_argument("--beta", type=float, default=0.5)
    ap.add_argument("--repetitions", type=int, default=3)
    ap.add_argument("--prior-out")
    a = ap.parse_args()
    try:
        import numpy as np
        import scipy
        from scipy import signal
    except ImportError as e:
        print(json.dumps({"error": "SciPy not available: %s" % e}))
        return 3

    preprocess(a.file, a, np, signal)  # warm-up: imports, page cache, allocator
    seconds = []
    for _ in range(a.repetitions):
        t0 = time.perf_counter()
        samples, prior = preprocess(a.file, a, np, signal)
        seconds.append(time.perf_counter() - t0)
    if a.prior_out:
        prior.astype("<f8").tofile(a.prior_out)
    print(json.dumps({
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "samples": samples,
        "windows": int(prior.shape[0]),
        "seconds": seconds,
        "median_seconds": statistics.median(seconds),
        "mean_prior": float(prior.mean()) if prior.size else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
