#!/usr/bin/env python3
"""PyTorch reference of one SIGMA-PPG tokenizer training step (TokenizerStep + BlockOptimiser), timed.

Called by org.sigmappg.bench.TokenizerBenchmark with the Java side's TokenizerParams JSON, batch shape and
intra-op thread count. A step: encoder on the window and on its augmented view, cosine VQ with
straight-through, spectral decoder, L1/MSE + commitment + consistency losses, backward, the EMA codebook
update (and dead-code re-seeding every deadCodeCheckInterval steps), the step's figures read back, then
the decoder's and the encoder's AdamW (encoder at encoderLearningRateScale x the learning rate), each
clipped by its own global norm. Data: random windows [batch, patches, 50], every patch valid.
Prints JSON lines: {"ready": ..., "blas": ...} after the warm-up, then {"seconds": ...} per repetition;
{"error": "PyTorch not available: ..."} when torch cannot be imported.
"""
import argparse
import json
import os
import sys


def main():
    # The shared modules sit next to this script; a benchmark run leaves no bytecode in the repository.
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import torch_bench_args
    args = torch_bench_args.parse(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    try:
        import sigma_torch as st
    except ImportError as e:
        print(json.dumps({"error": "PyTorch not available: %s (%s)" % (e, sys.executable)}), flush=True)
        return 3
    with open(args.params) as f:
        p = json.load(f)["tokenizer"]
    st.configure(args)
    tokenizer = st.Tokenizer(p)
    tokenizer.train()
    decoder_opt = st.BlockOptimiser(tokenizer.decoder, p["optimiser"])
    encoder_opt = st.BlockOptimiser(tokenizer.encoder, p["optimiser"], p["encoderLearningRateScale"])
    patches, counts, _ = st.random_batch(args.batch, args.patches, p["patchSamples"])
    interval = p["deadCodeCheckInterval"]

    def step(number):
        valid = st.valid_mask(counts, args.patches)
        total, recon, commitment, consistency, zn, indices, augmented = tokenizer.forward_with_losses(patches, valid)
        total.backward()
        tokenizer.quantize.update(zn, indices, valid)
        if interval > 0 and number % interval == 0:
            tokenizer.quantize.reseed(zn, valid)
        keep = valid > 0
        figures = (total.item(), recon.item(), commitment.item(), consistency.item(),
                   (indices[keep] == augmented[keep]).float().mean().item(), indices[keep].numpy())
        decoder_opt.step()
        encoder_opt.step()
        return figures

    st.serve(args, step)
    return 0


if __name__ == "__main__":
    sys.exit(main())
