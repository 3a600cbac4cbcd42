#!/usr/bin/env python3
"""PyTorch reference of embedding windows with the published 'pro' student, timed.

Called by org.sigmappg.bench.EmbedBenchmark: the student is the reference layout rebuilt in
scripts/reference/sigma_reference.py (random weights; the forward costs the same), the windows are those of
the sample set as `export-windows` writes them. A step: every window through the student in batches of --batch
(no gradients, eval mode), the pooled embeddings (mean of the final-norm patch tokens) read back, as the Java side
does. Prints JSON lines: {"ready": ..., "blas": ...} after the warm-up, then {"seconds": ...} per repetition;
{"error": "PyTorch not available: ..."} when torch cannot be imported.
"""
import argparse
import json
import os
import sys


def main():
    sys.dont_write_bytecode = True
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    sys.path.insert(0, os.path.join(here, "..", "scripts", "reference"))
    import torch_bench_args
    args = torch_bench_args.parse(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    try:
        import numpy as np
        import torch
        import sigma_torch as st
        import sigma_reference as ref
    except ImportError as e:
        print(json.dumps({"error": "PyTorch not available: %s (%s)" % (e, sys.executable)}), flush=True)
        return 3
    with open(args.params) as f:
        params = json.load(f)
    st.configure(args)
    model = ref.PretrainingModel(*ref.SIZES[params["size"]])
    model.eval()
    student = model.student
    patch = ref.SIZES[params["size"]][0]
    windows = np.load(params["windows"])
    patches = windows.shape[1] // patch
    data = torch.from_numpy(windows[:, :patches * patch].astype(np.float32)).reshape(-1, 1, patches, patch)

    def step(number):
        with torch.no_grad():
            for start in range(0, data.shape[0], args.batch):
                tokens = student.forward_features(data[start:start + args.batch])[:, 1:]
                tokens.mean(dim=1).numpy()

    st.serve(args, step)
    return 0


if __name__ == "__main__":
    sys.exit(main())
