"""PyTorch mirror of the SIGMA-PPG blocks in org.sigmappg.model, for the training-throughput benchmarks.

Same layers, shapes, initialisation (linear weights and learned tokens N(0, 0.02), zero biases, norms
ones/zeros, convolutions U(+-1/sqrt(fan_in)), unit-row codebook), losses and optimiser (AdamW per
BlockOptimiser: decay on weight matrices only, gradients clipped by the optimiser's own global norm) as
the Java classes named in each docstring. Built from our parameter records' JSON (TokenizerParams,
StudentParams). Used by tokenizer_torch.py and pretrain_torch.py, which share the serving loop below.
"""
import json
import math
import os
import platform
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

WEIGHT_STD = 0.02
PADDING_SCORE = -1e9
NORM_FLOOR = 1e-12
VARIANCE_EPS = 1e-6
ZSCORE_EPS = 1e-6
FLOAT_MIN_NORMAL = 1.17549435e-38
INPUT_LOW_PASS_TAPS = 21  # TokenizerParams.INPUT_LOW_PASS_TAPS


def linear(n_in, n_out, bias=True):
    """InitialisationTools.linear: N(0, 0.02) weight, zero bias."""
    layer = nn.Linear(n_in, n_out, bias=bias)
    nn.init.normal_(layer.weight, std=WEIGHT_STD)
    if bias:
        nn.init.zeros_(layer.bias)
    return layer


def conv1d(c_in, c_out, kernel, stride, padding):
    """InitialisationTools.conv1d: weight and bias U(+-1/sqrt(fan_in))."""
    conv = nn.Conv1d(c_in, c_out, kernel, stride=stride, padding=padding)
    bound = 1.0 / math.sqrt(c_in * kernel)
    nn.init.uniform_(conv.weight, -bound, bound)
    nn.init.uniform_(conv.bias, -bound, bound)
    return conv


def token(*shape):
    """InitialisationTools.token: a learned table or token, N(0, 0.02)."""
    return nn.Parameter(torch.randn(*shape) * WEIGHT_STD)


def valid_mask(counts, patches):
    """PaddingTools.validMask: float [B, P], 1 below each window's count."""
    return (torch.arange(patches).reshape(1, patches) < counts.reshape(-1, 1)).float()


def masked_mean(values, valid):
    """PaddingTools.maskedMean over valid patches and every trailing element."""
    trailing = values[0, 0].numel()
    weights = valid.reshape(valid.shape + (1,) * (values.dim() - 2))
    return (values * weights).sum() / (valid.sum() * trailing).clamp(min=1.0)


def normalise(z):
    """VectorQuantizerBlock.normalise: F.normalize along the last axis."""
    return F.normalize(z, dim=-1, eps=NORM_FLOOR)


class TemporalConv(nn.Module):
    """TemporalConvBlock: per patch conv(15, stride 8) + GroupNorm + GELU, two conv(3) stages, time-major flatten, linear;
    group-norm statistics per patch or per window (TemporalConvParams.normScope)."""

    def __init__(self, c, patch_samples, width):
        super().__init__()
        ch = c["channels"]
        self.conv1 = conv1d(1, ch, c["kernel"], c["stride"], c["padding"])
        self.norm1 = nn.GroupNorm(c["groups"], ch, eps=c["groupNormEps"])
        self.conv2 = conv1d(ch, ch, c["refineKernel"], 1, c["refinePadding"])
        self.norm2 = nn.GroupNorm(c["groups"], ch, eps=c["groupNormEps"])
        self.conv3 = conv1d(ch, ch, c["refineKernel"], 1, c["refinePadding"])
        self.norm3 = nn.GroupNorm(c["groups"], ch, eps=c["groupNormEps"])
        length = (patch_samples + 2 * c["padding"] - c["kernel"]) // c["stride"] + 1
        for _ in range(2):
            length = length + 2 * c["refinePadding"] - c["refineKernel"] + 1
        self.proj = linear(ch * length, width)
        self.patch_samples = patch_samples
        self.window_statistics = c.get("normScope") == "WINDOW"

    def forward(self, x):
        b, p, s = x.shape
        h = x.reshape(b * p, 1, s)
        h = F.gelu(self.norm(self.norm1, self.conv1(h), b, p))
        h = F.gelu(self.norm(self.norm2, self.conv2(h), b, p))
        h = F.gelu(self.norm(self.norm3, self.conv3(h), b, p))
        return self.proj(h.transpose(1, 2).reshape(b, p, -1))

    def norm(self, layer, h, b, p):
        """Per patch, or (normScope WINDOW, the pro preset) over each window's patches together; the benchmark's
        patches are all valid, so the window's statistics are GroupNorm's over [B, C, P, L]."""
        if not self.window_statistics:
            return layer(h)
        c, length = h.shape[1], h.shape[2]
        windowed = h.reshape(b, p, c, length).permute(0, 2, 1, 3)
        return layer(windowed).permute(0, 2, 1, 3).reshape(b * p, c, length)


class Attention(nn.Module):
    """MultiHeadAttentionBlock: qkv, optional QK-LayerNorm, scaled dot product + key-padding bias, proj."""

    def __init__(self, t):
        super().__init__()
        self.heads = t["heads"]
        self.head_dim = t["width"] // t["heads"]
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.qkv = linear(t["width"], 3 * t["width"], bias=t["qkvBias"])
        self.q_norm = nn.LayerNorm(self.head_dim, eps=t["layerNormEps"]) if t["qkNorm"] else None
        self.k_norm = nn.LayerNorm(self.head_dim, eps=t["layerNormEps"]) if t["qkNorm"] else None
        self.proj = linear(t["width"], t["width"])
        self.attn_drop = nn.Dropout(t["attentionDropout"])
        self.proj_drop = nn.Dropout(t["dropout"])

    def forward(self, x, bias):
        b, n, w = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        if self.q_norm is not None:
            q, k = self.q_norm(q), self.k_norm(k)
        scores = (q * self.scale) @ k.transpose(-2, -1) + bias
        attn = self.attn_drop(scores.softmax(-1))
        return self.proj_drop(self.proj((attn @ v).transpose(1, 2).reshape(b, n, w)))


class Mlp(nn.Module):
    """MlpBlock: fc1, GELU or Tanh, dropout, fc2, dropout."""

    def __init__(self, n_in, hidden, n_out, act, drop):
        super().__init__()
        self.fc1 = linear(n_in, hidden)
        self.act = nn.GELU() if act == "gelu" else nn.Tanh()
        self.fc2 = linear(hidden, n_out)
        self.drop = nn.Dropout(drop)

    def forward(self, x):
        return self.drop(self.fc2(self.drop(self.act(self.fc1(x)))))


def drop_path(x, rate, training):
    """TransformerLayerBlock.dropPath, timm's drop_path: per-sample branch kept with 1 - rate, rescaled."""
    if not training or rate == 0:
        return x
    keep = 1 - rate
    return x * ((torch.rand(x.shape[0], 1, 1) + keep).floor() / keep)


class Layer(nn.Module):
    """TransformerLayerBlock: pre-LayerNorm attention and MLP with drop-path."""

    def __init__(self, t, rate):
        super().__init__()
        w = t["width"]
        self.norm1 = nn.LayerNorm(w, eps=t["layerNormEps"])
        self.attn = Attention(t)
        self.norm2 = nn.LayerNorm(w, eps=t["layerNormEps"])
        self.mlp = Mlp(w, int(w * t["mlpRatio"]), w, "gelu", t["dropout"])
        self.rate = rate

    def forward(self, x, bias):
        x = x + drop_path(self.attn(self.norm1(x), bias), self.rate, self.training)
        return x + drop_path(self.mlp(self.norm2(x)), self.rate, self.training)


class Stack(nn.Module):
    """TransformerStackBlock: layers with linearly rising drop-path, final LayerNorm."""

    def __init__(self, t):
        super().__init__()
        d = t["depth"]
        self.layers = nn.ModuleList(Layer(t, 0 if d == 1 else t["dropPath"] * i / (d - 1)) for i in range(d))
        self.norm = nn.LayerNorm(t["width"], eps=t["layerNormEps"])

    def forward(self, x, key_valid):
        bias = ((key_valid - 1) * -PADDING_SCORE).reshape(x.shape[0], 1, 1, x.shape[1])
        for layer in self.layers:
            x = layer(x, bias)
        return self.norm(x)


class PatchTransformer(nn.Module):
    """PatchTransformerBlock: patch embedding, mask embedding, positions, class token, dropout, stack."""

    def __init__(self, patch_embed, max_patches, t, class_token, mask_embedding):
        super().__init__()
        w = t["width"]
        self.time_embed = token(max_patches, w)
        self.cls_token = token(1, 1, w) if class_token else None
        self.mask_token = token(1, 1, w) if mask_embedding else None
        self.patch_embed = patch_embed
        self.blocks = Stack(t)
        self.drop = nn.Dropout(t["dropout"])

    def trunk(self, x_in, valid, mask=None):
        b, p = x_in.shape[0], x_in.shape[1]
        x = self.patch_embed(x_in)
        if mask is not None:
            m = mask.unsqueeze(2)
            x = x * (1 - m) + m * self.mask_token
        x = x + self.time_embed[:p]
        key_valid = valid
        if self.cls_token is not None:
            x = torch.cat([self.cls_token.expand(b, 1, -1), x], 1)
            key_valid = torch.cat([torch.ones(b, 1), valid], 1)
        x = self.blocks(self.drop(x), key_valid)
        if self.cls_token is None:
            return x, None
        return x[:, 1:], x[:, 0]


def low_pass_taps(cutoff, length):
    """LowPassFilter.design: windowed sinc (Hamming), cutoff as a fraction of Nyquist, unit gain at DC."""
    m = torch.arange(length, dtype=torch.float64) - length // 2
    sinc = torch.where(m == 0, torch.full_like(m, cutoff), torch.sin(math.pi * cutoff * m) / (math.pi * m))
    window = 0.54 - 0.46 * torch.cos(2 * math.pi * torch.arange(length, dtype=torch.float64) / (length - 1))
    h = sinc * window
    return (h / h.sum()).float()


class Encoder(PatchTransformer):
    """PatchEncoderBlock: optional input low-pass, temporal convolution trunk, Tanh MLP head to the code dimension."""

    def __init__(self, p):
        e = p["encoder"]
        super().__init__(TemporalConv(p["temporalConv"], p["patchSamples"], e["width"]), p["maxPatches"], e, False, False)
        self.encode_task_layer = Mlp(e["width"], e["width"], p["codeDim"], "tanh", 0)
        cutoff = p.get("inputLowPass", 0)
        self.low_pass = low_pass_taps(cutoff, INPUT_LOW_PASS_TAPS).reshape(1, 1, -1) if cutoff > 0 else None

    def forward(self, patches, valid):
        if self.low_pass is not None:
            b, n, s = patches.shape
            flat = F.conv1d(patches.reshape(b, 1, n * s), self.low_pass, padding=INPUT_LOW_PASS_TAPS // 2)
            patches = flat.reshape(b, n, s)
        return self.encode_task_layer(self.trunk(patches, valid)[0])


class Decoder(PatchTransformer):
    """SpectralDecoderBlock: linear from the codes, trunk, Tanh MLP head to the amplitude bins."""

    def __init__(self, p):
        d = p["decoder"]
        super().__init__(linear(p["codeDim"], d["width"]), p["maxPatches"], d, False, False)
        self.decode_task_layer = Mlp(d["width"], d["width"], p["patchSamples"] // 2 + 1, "tanh", 0)

    def forward(self, codes, valid):
        return self.decode_task_layer(self.trunk(codes, valid)[0])


class Quantizer(nn.Module):
    """VectorQuantizerBlock: cosine nearest code, straight-through, EMA codebook updated in place."""

    def __init__(self, size, dim, decay, dead_threshold):
        super().__init__()
        self.decay = decay
        self.dead_threshold = dead_threshold
        self.register_buffer("weight", normalise(torch.randn(size, dim)))
        self.register_buffer("cluster_size", torch.ones(size))
        self.register_buffer("embed_avg", self.weight.clone())

    def nearest(self, zn):
        flat = zn.detach().reshape(-1, zn.shape[-1])
        return (flat @ self.weight.t()).argmax(1).reshape(zn.shape[:-1])

    def forward(self, z):
        zn = normalise(z)
        indices = self.nearest(zn)
        zq = self.weight[indices.flatten()].reshape(zn.shape)
        return zn, zq, zn + (zq - zn).detach(), indices

    @torch.no_grad()
    def update(self, zn, indices, valid):
        keep = valid.flatten() > 0
        idx = indices.flatten()[keep]
        rows = zn.reshape(-1, zn.shape[-1])[keep]
        counts = torch.bincount(idx, minlength=self.weight.shape[0]).float()
        sums = torch.zeros_like(self.embed_avg).index_add_(0, idx, rows)
        self.cluster_size.mul_(self.decay).add_(counts, alpha=1 - self.decay)
        self.embed_avg.mul_(self.decay).add_(sums, alpha=1 - self.decay)
        used = counts > 0
        self.weight[used] = normalise(self.embed_avg[used])

    @torch.no_grad()
    def reseed(self, zn, valid):
        """reseedDeadCodes: each dead code at an output drawn by squared distance to the nearest live code."""
        rows = zn.reshape(-1, zn.shape[-1])[valid.flatten() > 0]
        is_dead = self.cluster_size < self.dead_threshold
        dead = is_dead.nonzero().flatten()
        if len(rows) == 0 or len(dead) == 0:
            return 0
        if bool(is_dead.all()):
            distance = torch.ones(len(rows))
        else:
            best = (rows @ self.weight[~is_dead].t()).max(1).values
            distance = (rows.square().sum(1) + 1 - 2 * best).clamp(min=0)
        for k in dead.tolist():
            if float(distance.sum()) > 0:
                pick = int(torch.multinomial(distance, 1))
            else:
                pick = int(torch.randint(len(rows), (1,)))
            code = normalise(rows[pick])
            self.weight[k] = code
            self.embed_avg[k] = code * self.dead_threshold
            self.cluster_size[k] = self.dead_threshold
            distance = torch.minimum(distance, (rows - code).square().sum(1))
        return len(dead)


def spectral_target(patches, valid):
    """SpectralTarget.target: |rfft| per patch, z-normalised per window over valid patches and bins."""
    spectrum = torch.fft.rfft(patches, dim=-1).abs()
    weights = valid.unsqueeze(2)
    count = (valid.sum(1, keepdim=True) * spectrum.shape[2]).clamp(min=1.0).unsqueeze(2)
    mean = (spectrum * weights).sum((1, 2), keepdim=True) / count
    centred = (spectrum - mean) * weights
    variance = centred.square().sum((1, 2), keepdim=True) / count
    return centred / (variance + VARIANCE_EPS).sqrt()


class Tokenizer(nn.Module):
    """TokenizerBlock: encoder, quantize, decoder; forward_with_losses mirrors forwardWithLosses."""

    def __init__(self, p):
        super().__init__()
        self.p = p
        self.encoder = Encoder(p)
        self.quantize = Quantizer(p["codebookSize"], p["codeDim"], p["emaDecay"], p["deadCodeThreshold"])
        self.decoder = Decoder(p)

    def augment(self, patches):
        """ConsistencyAugmentation: one scale per window, Gaussian noise per sample."""
        lo, hi = self.p["augmentScaleMin"], self.p["augmentScaleMax"]
        scale = lo + (hi - lo) * torch.rand(patches.shape[0], 1, 1)
        return patches * scale + self.p["augmentNoiseSigma"] * torch.randn(patches.shape)

    def forward_with_losses(self, patches, valid):
        zn, zq, straight, indices = self.quantize(self.encoder(patches, valid))
        predicted = self.decoder(straight, valid)
        error = predicted - spectral_target(patches, valid)
        recon = masked_mean(error.abs() if self.p["reconstructionLoss"] == "L1" else error.square(), valid)
        commitment = masked_mean((zn - zq.detach()).square(), valid) * self.p["commitmentWeight"]
        z_aug = normalise(self.encoder(self.augment(patches), valid))
        consistency = masked_mean((zn.detach() - z_aug).square(), valid)
        total = recon + commitment + consistency * self.p["consistencyWeight"]
        return total, recon, commitment, consistency, zn, indices, self.quantize.nearest(z_aug)

    @torch.no_grad()
    def encode(self, patches, valid):
        return self.quantize.nearest(normalise(self.encoder(patches, valid)))


class Student(PatchTransformer):
    """StudentBlock: temporal convolution, mask embedding, class token, trunk, lm_head over the K codes."""

    def __init__(self, s):
        t = s["transformer"]
        super().__init__(TemporalConv(s["temporalConv"], s["patchSamples"], t["width"]), s["maxPatches"], t, True, True)
        self.lm_head = linear(t["width"], s["codebookSize"])

    def forward(self, patches, valid, mask):
        return self.lm_head(self.trunk(patches, valid, mask)[0])


class Teacher(PatchTransformer):
    """TeacherBlock: temporal convolution trunk and one logit per patch."""

    def __init__(self, s):
        t = s["teacher"]["transformer"]
        super().__init__(TemporalConv(s["temporalConv"], s["patchSamples"], t["width"]), s["maxPatches"], t, False, False)
        self.head = linear(t["width"], 1)

    def forward(self, patches, valid):
        return self.head(self.trunk(patches, valid)[0]).squeeze(2)


def zscore(prior, valid):
    """TeacherPolicy.zscore over each window's valid patches."""
    count = valid.sum(1, keepdim=True).clamp(min=1.0)
    mean = (prior * valid).sum(1, keepdim=True) / count
    centred = (prior - mean) * valid
    return centred / (centred.square().sum(1, keepdim=True) / count).sqrt().add(ZSCORE_EPS)


def gumbel_top_k(logits, valid, picks):
    """GumbelTopK.sample: mask [B, P] of the k largest perturbed logits and the pick order."""
    u = (torch.randint(1 << 24, logits.shape) + 0.5) / (1 << 24)
    perturbed = logits.detach() - (-u.log()).log() + (valid - 1) * -PADDING_SCORE
    order = perturbed.argsort(1, descending=True)
    rank = order.argsort(1)
    return (rank.float() < picks).float(), order


def pick_log_probabilities(logits, valid, order, picks):
    """GumbelTopK.pickLogProbabilities: each pick's Plackett-Luce term in draw order, 0 after the picks."""
    sorted_logits = (logits + (valid - 1) * -PADDING_SCORE).gather(1, order)
    shift = sorted_logits.detach().max(1, keepdim=True).values
    remaining = (sorted_logits - shift).exp().flip(1).cumsum(1).flip(1)
    log_normaliser = remaining.clamp(min=FLOAT_MIN_NORMAL).log() + shift
    is_pick = (torch.arange(logits.shape[1]).reshape(1, -1).float() < picks).float()
    return (sorted_logits - log_normaliser) * is_pick


def log_probability(logits, valid, order, picks):
    """GumbelTopK.logProbability: Plackett-Luce log-probability of the first k picks of order."""
    return pick_log_probabilities(logits, valid, order, picks).sum(1)


def per_patch(logits, targets):
    """MaskedCrossEntropy.perPatch: every patch's cross-entropy [B, P], masked or not."""
    return -logits.log_softmax(2).gather(2, targets.unsqueeze(2)).squeeze(2)


def masked_per_window(nll, mask):
    """MaskedCrossEntropy.maskedMeanPerWindow: each window's mean of per_patch over its masked patches."""
    return (nll * mask).sum(1) / mask.sum(1).clamp(min=1.0)


def per_window(logits, targets, mask):
    """MaskedCrossEntropy.perWindow: each window's mean cross-entropy over its masked patches."""
    return masked_per_window(per_patch(logits, targets), mask)


def entropy(logits, valid):
    """TeacherPolicy.entropy of softmax over each window's valid patches."""
    log_p = (logits + (valid - 1) * -PADDING_SCORE).log_softmax(1)
    return -(log_p.exp() * log_p * valid).sum(1)


class BlockOptimiser:
    """BlockOptimiser: AdamW, decay on weight matrices except time_embed / cls_token / mask_token; own clip."""

    def __init__(self, module, o, lr_scale=1.0):
        decayed, undecayed = [], []
        for name, param in module.named_parameters():
            leaf = name.rsplit(".", 1)[-1]
            is_token = leaf in ("time_embed", "cls_token", "mask_token")
            (decayed if param.dim() >= 2 and not is_token else undecayed).append(param)
        self.params = decayed + undecayed
        self.clip = o["gradientClipNorm"]
        self.optimiser = torch.optim.AdamW(
            [{"params": decayed, "weight_decay": o["weightDecay"]}, {"params": undecayed, "weight_decay": 0.0}],
            lr=o["learningRate"] * lr_scale, betas=(o["beta1"], o["beta2"]), eps=o["epsilon"])

    def step(self):
        norm = torch.nn.utils.clip_grad_norm_(self.params, self.clip if self.clip > 0 else float("inf"))
        self.optimiser.step()
        self.optimiser.zero_grad(set_to_none=False)
        return float(norm)


def blas_report():
    """The BLAS torch resolved at run time (Debian's torch links the generic libblas.so.3) and torch's build."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    libraries = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in path or "lapack" in path:
                libraries.add(os.path.realpath(path))
    report = {"libraries": sorted(libraries)}
    try:
        import ctypes
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_config.restype = ctypes.c_char_p
        report["openblas_config"] = lib.openblas_get_config().decode()
        report["openblas_threads"] = lib.openblas_get_num_threads()
        report["openblas_coretype"] = os.environ.get("OPENBLAS_CORETYPE", "")
    except (OSError, AttributeError):
        report["openblas_config"] = None
    report["torch_config"] = torch.__config__.show()
    return report


def configure(args):
    """Threads and seed as the Java side; call before building models."""
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)


def random_batch(batch, patches, samples):
    """Min-max-scaled-like windows [B, P, S] in [0, 1], every patch valid, and a prior [B, P] in [0, 1]."""
    return torch.rand(batch, patches, samples), torch.full((batch,), patches, dtype=torch.int32), torch.rand(batch, patches)


def serve(args, step):
    """Warm up, then time repetitions of args.steps calls of step(number); JSON lines on stdout."""
    number = 0
    for _ in range(args.warmup):
        number += 1
        step(number)
    print(json.dumps({"ready": True, "torch": torch.__version__, "python": platform.python_version(),
                      "threads": torch.get_num_threads(), "blas": blas_report()}), flush=True)
    lines = sys.stdin if args.serve else ["run"] * args.repetitions
    for line in lines:
        if line.strip() != "run":
            break
        t0 = time.perf_counter()
        for _ in range(args.steps):
            number += 1
            step(number)
        print(json.dumps({"seconds": time.perf_counter() - t0, "steps": args.steps}), flush=True)
