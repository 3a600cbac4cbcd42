"""The published SIGMA-PPG 'pro' pre-training model's layout, rebuilt in PyTorch from its module structure, for
checking that the workbench loads such checkpoints exactly.

The module and parameter names, shapes and the forward follow the reference's pre-training model
(ZonghengGuo/SigmaPPG: pretraining/pretraining_model.py, codebook/modeling_finetune.py) as described in
METHOD.md section 5: a wrapper holding `student` (temporal-convolution patch embedding with window-level
GroupNorm statistics, class and mask tokens, a 129-row channel table `pos_embed` and a `time_embed`, pre-LN
blocks with QK-LayerNorm and no qkv bias, a final norm, its own unused `lm_head`), a top-level `lm_head` and an
unused `projection_head`; saved as the reference saves it, {'model': state_dict, ..., 'args': Namespace}.

Weights are random (every tensor, norms included, so that a misplaced tensor shows), drawn from a seed.

  python3 sigma_reference.py make --size small|pro --seed S --out FILE.pth
  python3 sigma_reference.py embed --weights FILE.pth --windows BASE.npy --ids BASE.ids.csv --out OUT.npy
      [--tokens OUT.npy] [--patch 100]

`embed` reads windows as `sigma-ppg export-windows` writes them ([windows, samples] float32 in [0, 1], zero
padding after each window's `valid_samples`) and gives the reference each window's VALID patches only (no
padding patches), exactly as the reference would be given a short recording; a partial last patch is completed
by repeating its last valid sample, as the workbench does. It writes the pooled embeddings (mean of the
final-norm patch tokens) as float32 [windows, width], and with --tokens every patch token of the first window.
Runs with Debian's python3-torch (1.13) and numpy; needs no other package.
"""
import argparse
import csv
import math
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SIZES = {
    # name: (patch samples, window samples, width, depth, heads, conv channels, vocabulary)
    "small": (100, 12000, 48, 2, 4, 4, 64),
    "pro": (100, 12000, 360, 18, 12, 12, 8192),
}
CHANNEL_ROWS = 129  # the reference's pos_embed: index 0 plus one row per channel name ('PPG' is row 1)
PPG_CHANNEL = 1


class TemporalConvStack(nn.Module):
    """Conv2d (1, 15) stride (1, 8) then two (1, 3) convolutions over a window seen as [B, 1, patches, samples],
    each followed by GroupNorm(4) and exact GELU; the result flattened per patch time-major, (T C)."""

    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(1, channels, kernel_size=(1, 15), stride=(1, 8), padding=(0, 7))
        self.norm1 = nn.GroupNorm(4, channels)
        self.conv2 = nn.Conv2d(channels, channels, kernel_size=(1, 3), padding=(0, 1))
        self.norm2 = nn.GroupNorm(4, channels)
        self.conv3 = nn.Conv2d(channels, channels, kernel_size=(1, 3), padding=(0, 1))
        self.norm3 = nn.GroupNorm(4, channels)

    def forward(self, x):
        # x: [B, channels in the recording (1), patches, samples]
        b, n, a, t = x.shape
        x = x.reshape(b, n * a, t).unsqueeze(1)
        x = F.gelu(self.norm1(self.conv1(x)))
        x = F.gelu(self.norm2(self.conv2(x)))
        x = F.gelu(self.norm3(self.conv3(x)))
        # [B, C, patches, T] -> [B, patches, T * C] with time outermost
        return x.permute(0, 2, 3, 1).reshape(b, n * a, -1)


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        head = width // heads
        self.scale = head ** -0.5
        self.qkv = nn.Linear(width, 3 * width, bias=False)
        self.q_norm = nn.LayerNorm(head, eps=1e-6)
        self.k_norm = nn.LayerNorm(head, eps=1e-6)
        self.proj = nn.Linear(width, width)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        q = self.q_norm(q)
        k = self.k_norm(k)
        attention = ((q * self.scale) @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((attention @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, eps=1e-6)
        self.attn = Attention(width, heads)
        self.norm2 = nn.LayerNorm(width, eps=1e-6)
        self.mlp = Mlp(width, 4 * width)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Student(nn.Module):
    def __init__(self, patch, window, width, depth, heads, channels, vocabulary):
        super().__init__()
        self.patch_size = patch
        self.patch_embed_conv = TemporalConvStack(channels)
        t = (patch + 2 * 7 - 15) // 8 + 1
        self.patch_embed_projection = nn.Linear(t * channels, width)
        # The reference registers the same two modules a second time, so the state dict holds them twice.
        self.patch_embed_seq = nn.Sequential(self.patch_embed_conv, self.patch_embed_projection)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, width))
        self.mask_token = nn.Parameter(torch.zeros(1, 1, width))
        self.pos_embed = nn.Parameter(torch.zeros(1, CHANNEL_ROWS, width))
        self.time_embed = nn.Parameter(torch.zeros(1, window // patch, width))
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=1e-6)
        self.lm_head = nn.Linear(width, vocabulary)

    def forward_features(self, x, mask=None):
        """x: [B, 1, patches, samples]; returns the final-norm tokens [B, 1 + patches, width]."""
        b, c, patches, _ = x.shape
        x = self.patch_embed_seq(x)
        if mask is not None:
            w = mask.unsqueeze(-1).type_as(x)
            x = x * (1 - w) + self.mask_token.expand(b, patches, -1) * w
        x = torch.cat((self.cls_token.expand(b, -1, -1), x), dim=1)
        channel = self.pos_embed[:, [0, PPG_CHANNEL]]
        # Every patch token gets its channel's row; the class token gets the first of those expanded rows too,
        # i.e. the channel's row, not row 0 (as the reference's forward does).
        per_patch = channel[:, 1:, :].unsqueeze(2).expand(b, -1, patches, -1).flatten(1, 2)
        x = x + torch.cat((per_patch[:, 0:1, :], per_patch), dim=1)
        x[:, 1:, :] = x[:, 1:, :] + self.time_embed[:, 0:patches, :].unsqueeze(1).expand(b, c, -1, -1).flatten(1, 2)
        for block in self.blocks:
            x = block(x)
        return self.norm(x)


class PretrainingModel(nn.Module):
    def __init__(self, patch, window, width, depth, heads, channels, vocabulary):
        super().__init__()
        self.student = Student(patch, window, width, depth, heads, channels, vocabulary)
        self.lm_head = nn.Linear(width, vocabulary)
        self.projection_head = nn.Sequential(nn.Linear(width, width), nn.ReLU())


def randomise(model, seed):
    """Every tensor random, norms included: a tensor that lands in the wrong place changes the output."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name.endswith("norm3.weight") \
                    or name.endswith("norm.weight") or name.endswith("_norm.weight"):
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=generator))
            elif p.dim() >= 2 and "embed" not in name and "token" not in name:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=generator) / math.sqrt(fan_in))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=generator))


def make(args):
    torch.manual_seed(args.seed)
    patch, window, width, depth, heads, channels, vocabulary = SIZES[args.size]
    model = PretrainingModel(*SIZES[args.size])
    randomise(model, args.seed)
    saved_args = argparse.Namespace(model="sigma_pro_patch100_12000_8k_vocab", size=args.size, seed=args.seed,
                                    patch_size=patch, input_size=window, embed_dim=width, depth=depth,
                                    num_heads=heads, out_chans=channels, vocab_size=vocabulary, lr=5e-4,
                                    drop_path=0.15, input_chans=[0, PPG_CHANNEL])
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 0, "args": saved_args},
               args.out)
    count = sum(p.numel() for n, p in model.student.named_parameters())
    print("saved %s: %d tensors, student %d parameters" % (args.out, len(model.state_dict()), count))


def layout(state, patch):
    """(patch, window, width, depth, heads, channels, vocabulary) read off a state dict's shapes (the patch length
    cannot be: several give the same convolution output), the head count from the QK-norm (head) width."""
    width = state["student.cls_token"].shape[-1]
    channels = state["student.patch_embed_conv.conv1.weight"].shape[0]
    t = state["student.patch_embed_projection.weight"].shape[1] // channels
    if (patch + 2 * 7 - 15) // 8 + 1 != t:
        sys.exit("the checkpoint's patch embedding does not fit %d-sample patches (give --patch)" % patch)
    depth = 1 + max(int(k.split(".")[2]) for k in state if k.startswith("student.blocks."))
    heads = width // state["student.blocks.0.attn.q_norm.weight"].shape[0]
    window = state["student.time_embed"].shape[1] * patch
    vocabulary = state["lm_head.weight"].shape[0]
    return patch, window, width, depth, heads, channels, vocabulary


def read_valid_samples(ids_file):
    with open(ids_file, newline="") as f:
        return [int(row["valid_samples"]) for row in csv.DictReader(f)]


def embed(args):
    checkpoint = torch.load(args.weights, map_location="cpu")
    state = checkpoint["model"]
    shape = layout(state, args.patch)
    model = PretrainingModel(*shape)
    model.load_state_dict(state)
    model.eval()
    patch = shape[0]
    windows = np.load(args.windows)
    valid = read_valid_samples(args.ids)
    pooled = []
    first_tokens = None
    with torch.no_grad():
        for i, row in enumerate(windows):
            # The workbench's rule for a partial last patch: kept when at least half of it is signal.
            whole, rest = divmod(valid[i], patch)
            patches = max(1, min(len(row) // patch, whole + (1 if 2 * rest >= patch else 0)))
            x = np.array(row[:patches * patch], dtype=np.float32)
            # The workbench's padding of a partial last patch: its last valid sample, repeated (edge replication).
            if 0 < valid[i] < len(x):
                x[valid[i]:] = x[valid[i] - 1]
            x = torch.from_numpy(x)
            x = x.reshape(1, 1, patches, patch)
            tokens = model.student.forward_features(x)[:, 1:]
            pooled.append(tokens.mean(dim=1)[0].numpy())
            if first_tokens is None:
                first_tokens = tokens[0].numpy()
    np.save(args.out, np.stack(pooled).astype(np.float32))
    if args.tokens:
        np.save(args.tokens, first_tokens.astype(np.float32))
    print("embedded %d windows with %s (width %d, depth %d): %s" % (len(pooled), args.weights, shape[2], shape[3], args.out))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("--size", choices=sorted(SIZES), required=True)
    m.add_argument("--seed", type=int, default=1)
    m.add_argument("--out", required=True)
    e = sub.add_parser("embed")
    e.add_argument("--weights", required=True)
    e.add_argument("--windows", required=True)
    e.add_argument("--ids", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--tokens")
    e.add_argument("--patch", type=int, default=100, help="samples per patch (the published model: 100)")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    {"make": make, "embed": embed}[args.command](args)


if __name__ == "__main__":
    main(sys.argv[1:])
