#!/usr/bin/env python3
"""PyTorch reference of one SIGMA-PPG stage-2 step (MaskedModellingStep + both BlockOptimisers), timed.

Called by org.sigmappg.bench.PretrainBenchmark with the Java side's TokenizerParams and StudentParams
JSON, batch shape and intra-op thread count. A step: the frozen tokenizer's target codes (no graph); with
the RANDOM_MASK baseline the student's loss under a uniform Gumbel-Top-k mask (no graph); the teacher's
logits + alpha x zscore(prior), Gumbel-Top-k of round(ratio x valid) patches and the Plackett-Luce
log-probability; the student with mask token and class token, masked cross-entropy; REINFORCE (per-pick
credit with PER_PATCH); one backward; the step's figures read back; student and teacher AdamW, each clipped by its own global norm.
Data: random windows [batch, patches, 50], every patch valid, random prior in [0, 1].
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
        import torch
        import sigma_torch as st
    except ImportError as e:
        print(json.dumps({"error": "PyTorch not available: %s (%s)" % (e, sys.executable)}), flush=True)
        return 3
    with open(args.params) as f:
        params = json.load(f)
    p, s = params["tokenizer"], params["student"]
    if s["masking"]["strategy"] != "ADVERSARIAL":
        print(json.dumps({"error": "pretrain_torch.py mirrors the adversarial strategy only, not "
                                   + s["masking"]["strategy"]}), flush=True)
        return 2
    if s["teacher"]["baseline"] not in ("BATCH_MEAN", "RANDOM_MASK", "PER_PATCH"):
        print(json.dumps({"error": "pretrain_torch.py mirrors the BATCH_MEAN, RANDOM_MASK and PER_PATCH reward baselines "
                                   + "only, not "
                                   + s["teacher"]["baseline"]}), flush=True)
        return 2
    st.configure(args)
    tokenizer = st.Tokenizer(p)
    tokenizer.eval()
    tokenizer.requires_grad_(False)
    student = st.Student(s)
    teacher = st.Teacher(s)
    student.train()
    teacher.train()
    student_opt = st.BlockOptimiser(student, s["optimiser"])
    teacher_opt = st.BlockOptimiser(teacher, s["teacher"]["optimiser"])
    patches, counts, prior = st.random_batch(args.batch, args.patches, s["patchSamples"])
    masking = s["masking"]
    paired_baseline = s["teacher"]["baseline"] == "RANDOM_MASK"
    per_patch_credit = s["teacher"]["baseline"] == "PER_PATCH"
    entropy_weight = s["teacher"]["entropyBonusWeight"]

    def step(number):
        valid = st.valid_mask(counts, args.patches)
        picks = torch.floor(masking["maskRatio"] * counts.float() + 0.5).clamp(max=counts.float()).reshape(-1, 1)
        targets = tokenizer.encode(patches, valid)
        baseline = None
        if paired_baseline:
            with torch.no_grad():
                uniform, _ = st.gumbel_top_k(torch.zeros_like(valid), valid, picks)
                baseline = st.per_window(student(patches, valid, uniform), targets, uniform)
        logits = teacher(patches, valid)
        if masking["usePrior"]:
            logits = logits + st.zscore(prior, valid) * masking["priorAlpha"]
        mask, order = st.gumbel_top_k(logits, valid, picks)
        log_p = None if per_patch_credit else st.log_probability(logits, valid, order, picks)
        student_logits = student(patches, valid, mask)
        nll = st.per_patch(student_logits, targets)
        window_loss = st.masked_per_window(nll, mask)
        student_loss = (nll * mask).sum() / mask.sum().clamp(min=1.0)
        reward = window_loss.detach()
        if per_patch_credit:
            # TeacherPolicy.teacherLossPerPatch: each pick's term times its patch's loss minus the window's mean.
            advantage = nll.detach().gather(1, order) - reward.unsqueeze(1)
            terms = st.pick_log_probabilities(logits, valid, order, picks)
            teacher_loss = -((advantage * terms).sum(1) / picks.reshape(-1).clamp(min=1.0)).mean()
        else:
            advantage = reward - (baseline if paired_baseline else reward.mean())
            teacher_loss = -(advantage * log_p).mean()
        if entropy_weight != 0:
            teacher_loss = teacher_loss - st.entropy(logits, valid).mean() * entropy_weight
        (student_loss + teacher_loss).backward()
        with torch.no_grad():
            hit = (student_logits.argmax(2) == targets).float()
            h = st.entropy(logits.detach(), valid)
            n = valid.sum(1)
            figures = (student_loss.item(), teacher_loss.item(), ((hit * mask).sum() / mask.sum()).item(),
                       window_loss.mean().item(), (h / n.log()).mean().item(),
                       ((prior * mask).sum() / mask.sum()).item())
        student_opt.step()
        teacher_opt.step()
        return figures

    st.serve(args, step)
    return 0


if __name__ == "__main__":
    sys.exit(main())
