#!/usr/bin/env python3
"""Writes the PyTorch checkpoint and safetensors fixtures that org.sigmappg.io.torch is tested against.

Regenerate them (from the repository root, with Debian's python3-torch 1.13 and numpy):

    /usr/bin/python3 core/src/test/python/make_torch_fixtures.py core/src/test/resources/torch

Every tensor the Java tests check is written to expected.json as PyTorch itself reads it back
(torch.load, then .float() or .tolist()), so the tests compare with PyTorch, not with themselves.
official.safetensors is written by the `safetensors` package (0.8.0 for the committed one) and holds values
the test states literally; Debian has no package for it, so it is rewritten only when the script runs in a
Python that has it, e.g. a virtual environment over the system one:

    /usr/bin/python3 -m venv --system-site-packages /tmp/st && /tmp/st/bin/pip install safetensors
    /tmp/st/bin/python core/src/test/python/make_torch_fixtures.py core/src/test/resources/torch

With --big FILE it writes instead a float32 state dict of about 125 MB (the size of the reference 'pro'
checkpoint) for a throughput check, and prints how long torch.load takes on it; it is never committed.
"""
import argparse
import collections
import json
import math
import os
import struct
import time

import numpy as np
import torch
from torch import nn


class Config:
    """A plain object the reader must keep as an inert placeholder (pickled by reference to __main__)."""

    def __init__(self, depth, name):
        self.depth = depth
        self.name = name


class Exploit:
    """Pickles as a call to os.system: torch.load would run the command; our reader must not."""

    def __reduce__(self):
        return os.system, ('echo pwned > sigma-ppg-pwned.txt',)


class Tiny(nn.Module):
    """A module registered twice (as the reference registers patch_embed_conv inside patch_embed_seq), so its
    state dict holds the same tensors under two names; BatchNorm adds an int64 buffer; the state dict carries
    _metadata as every real one does."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(1, 2, 3)
        self.proj = nn.Linear(4, 3)
        self.seq = nn.Sequential(self.conv, self.proj)
        self.norm = nn.BatchNorm1d(2)


def tensor_record(t):
    """dtype, shape and values of a tensor as torch.load gives them back; floats widened to float32 as the
    Java reader widens them, non-finite values as strings because JSON has none."""
    dtype = str(t.dtype).replace('torch.', '')
    if t.dtype.is_floating_point:
        values = [v if math.isfinite(v) else str(v) for v in t.detach().float().flatten().tolist()]
    else:
        values = t.flatten().tolist()
    return {'dtype': dtype, 'shape': list(t.shape), 'values': values}


def collect(value, path, out):
    """Every tensor in a loaded checkpoint, by its path of keys joined with '/'."""
    if isinstance(value, torch.Tensor):
        out['/'.join(path)] = tensor_record(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            collect(v, path + [str(k)], out)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            collect(v, path + [str(i)], out)


def checkpoint_object():
    torch.manual_seed(15)
    model = Tiny()
    model.norm.train()
    model.norm(torch.randn(4, 2, 5))  # moves running stats and num_batches_tracked off their initial values
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.proj(model.conv(torch.randn(1, 1, 6))).sum().backward()
    optimizer.step()

    state = model.state_dict()
    state['extra.half'] = torch.tensor(
        [1.0, -2.5, 65504.0, 6.103515625e-05, 5.960464477539063e-08, 3.0e-06, 0.0, -0.0,
         math.inf, -math.inf, math.nan, 0.1]).half()
    state['extra.bfloat16'] = torch.tensor(
        [1.0, -3.140625, 1.0e38, 1.0e-39, 0.0, -0.0, math.inf, math.nan, 0.1]).bfloat16()
    state['extra.long'] = torch.tensor([0, 1, -1, 2 ** 62, -2 ** 63, 2 ** 63 - 1, 12345678901])
    base = torch.randn(10)
    state['view.first'] = base[2:5]
    state['view.second'] = base[4:8].view(2, 2)
    state['view.stepped'] = base[1:9:3]
    state['view.transposed'] = torch.randn(2, 3).t()
    state['view.permuted'] = torch.randn(2, 3, 4).permute(2, 0, 1)
    state['scalar'] = torch.tensor(3.25)
    state['empty'] = torch.zeros(0, 4)

    args = argparse.Namespace(model='sigma_ppg_pro', lr=1.5e-4, epochs=3, layers=[2, 4], betas=(0.9, 0.999),
                              eps=1e-08, big=1e16, note='pro\n"x" \'y\'', flag=True, nothing=None)
    return {
        'model': state,
        'args': args,
        'optimizer': optimizer.state_dict(),
        'epoch': 7,
        'param': nn.Parameter(torch.tensor([0.5, -1.5])),
        'scalars': {
            'big': 2 ** 70, 'negative': -2 ** 40, 'float': -0.125, 'bytes': b'\x00\xffab', 'empty_bytes': b'',
            'set': {1, 2, 3}, 'tuple': (1, 'two', 3.0), 'single': (5,), 'unicode': 'π ≈ 3.14 ✓',
            'nested': {'a': [1, {'b': None}], 7: 'int key', (1, 2): 'tuple key'},
        },
        'objects': {'config': Config(2, 'tiny'), 'np_scalar': np.float64(2.5), 'np_array': np.arange(3)},
    }


def write_expected(out_dir, names):
    expected = {}
    for name in names:
        loaded = torch.load(os.path.join(out_dir, name))
        tensors = {}
        collect(loaded, [], tensors)
        expected[name] = {'tensors': tensors, 'args_repr': repr(loaded['args'])}
    with open(os.path.join(out_dir, 'expected.json'), 'w', encoding='utf-8') as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write('\n')


def write_hand_safetensors(path):
    """A safetensors file from hand-computed bytes, independent of any writer: two F32 values, one I64, two
    F16 (1.0 = 0x3C00, -2.0 = 0xC000), one BF16 (1.5 = 0x3FC0), metadata, header padded with spaces."""
    header = ('{"__metadata__":{"format":"pt","note":"hand"},'
              '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
              '"b":{"dtype":"I64","shape":[1,1],"data_offsets":[8,16]},'
              '"c":{"dtype":"F16","shape":[2],"data_offsets":[16,20]},'
              '"d":{"dtype":"BF16","shape":[],"data_offsets":[20,22]}}').encode('utf-8')
    header += b' ' * (-len(header) % 8)
    data = struct.pack('<ff', 1.25, -0.5) + struct.pack('<q', -7) + struct.pack('<HH', 0x3C00, 0xC000) \
        + struct.pack('<H', 0x3FC0)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(header)) + header + data)


def write_fixtures(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    ckpt = checkpoint_object()
    torch.save(ckpt, os.path.join(out_dir, 'checkpoint.pth'))
    torch.save(ckpt, os.path.join(out_dir, 'checkpoint-protocol5.pth'), pickle_protocol=5)
    write_expected(out_dir, ['checkpoint.pth', 'checkpoint-protocol5.pth'])

    torch.save({'model': {'w': torch.zeros(1)}, 'payload': Exploit()}, os.path.join(out_dir, 'malicious.pth'))
    torch.save({'w': torch.ones(2)}, os.path.join(out_dir, 'legacy.pth'), _use_new_zipfile_serialization=False)
    torch.jit.save(torch.jit.script(nn.Linear(2, 2)), os.path.join(out_dir, 'torchscript.pt'))
    write_hand_safetensors(os.path.join(out_dir, 'hand.safetensors'))
    try:
        from safetensors.torch import save_file
    except ImportError:
        print('safetensors is not installed; official.safetensors left as it is')
    else:
        save_file({'weight': torch.arange(6, dtype=torch.float32).reshape(3, 2) * 0.25 - 0.5,
                   'count': torch.tensor([4, -5]), 'half': torch.tensor([0.5, -1.0]).half()},
                  os.path.join(out_dir, 'official.safetensors'), metadata={'format': 'pt'})
    for name in sorted(os.listdir(out_dir)):
        print(f'{name}: {os.path.getsize(os.path.join(out_dir, name))} bytes')


def write_big(path):
    """About 125 MB of float32 in 18 blocks of the 'pro' width, saved as the reference saves its checkpoint."""
    torch.manual_seed(1)
    state = collections.OrderedDict()
    for b in range(18):
        state[f'student.blocks.{b}.attn.qkv.weight'] = torch.randn(1080, 360)
        state[f'student.blocks.{b}.attn.proj.weight'] = torch.randn(360, 360)
        state[f'student.blocks.{b}.mlp.fc1.weight'] = torch.randn(1440, 360)
        state[f'student.blocks.{b}.mlp.fc2.weight'] = torch.randn(360, 1440)
    state['lm_head.weight'] = torch.randn(8192, 360)
    torch.save({'model': state, 'args': argparse.Namespace(model='big')}, path)
    start = time.perf_counter()
    torch.load(path)
    elapsed = time.perf_counter() - start
    print(f'{path}: {os.path.getsize(path) / 1e6:.1f} MB, torch.load {elapsed:.3f} s')


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out_dir', nargs='?', help='folder for the fixtures')
    parser.add_argument('--big', metavar='FILE', help='write only a ~125 MB float32 checkpoint to FILE')
    options = parser.parse_args()
    if options.big:
        write_big(options.big)
    elif options.out_dir:
        write_fixtures(options.out_dir)
    else:
        parser.error('give the fixture folder or --big FILE')
