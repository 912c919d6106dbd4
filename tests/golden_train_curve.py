#!/usr/bin/python3
"""Checks Loupe's golden training curve (tests/data/golden/train_curve.csv) against PyTorch.

Replays test_trainer's goldenCurve case in torch, float32: the same closed-form data, the same
initial weights (tests/data/golden/train_init.csv, written by Loupe), the same mini-batch order
(Loupe's Fisher-Yates on std::mt19937_64, reimplemented below), Linear+GELU(exact) x2, Linear,
CrossEntropyLoss, Adam(lr=0.01), batch 16, 20 epochs. The epoch train loss is the sample-weighted
mean of the batch losses, as Loupe reports it. Exits 1 when any epoch differs by more than 1e-4
relative. Run: /usr/bin/python3 tests/golden_train_curve.py
"""
import csv
import math
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "data", "golden")
MASK = (1 << 64) - 1


class MT19937_64:
    """std::mt19937_64 (Matsumoto & Nishimura's MT19937-64), as the C++ standard fixes it."""

    def __init__(self, seed):
        self.mt = [seed & MASK]
        for i in range(1, 312):
            prev = self.mt[-1]
            self.mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & MASK)
        self.index = 312

    def _twist(self):
        mt = self.mt
        for i in range(312):
            x = (mt[i] & 0xFFFFFFFF80000000) | (mt[(i + 1) % 312] & 0x7FFFFFFF)
            mt[i] = mt[(i + 156) % 312] ^ (x >> 1) ^ (0xB5026F5AA96619E9 if x & 1 else 0)
        self.index = 0

    def __call__(self):
        if self.index >= 312:
            self._twist()
        x = self.mt[self.index]
        self.index += 1
        x ^= (x >> 29) & 0x5555555555555555
        x ^= (x << 17) & 0x71D67FFFEDA60000
        x ^= (x << 37) & 0xFFF7EEE000000000
        x ^= x >> 43
        return x & MASK


def shuffle(order, rng):
    for i in range(len(order) - 1, 0, -1):
        j = rng() % (i + 1)
        order[i], order[j] = order[j], order[i]


def golden_data(first, rows):
    x = np.zeros((rows, 4), dtype=np.float32)
    y = np.zeros(rows, dtype=np.int64)
    for i in range(rows):
        r = float(first + i)
        for c in range(4):
            x[i, c] = np.float32(math.sin(0.37 * r + 1.1 * c + 0.5) * (1.0 + 0.5 * c))
        s = [float(x[i, 0]) + float(x[i, 1]), float(x[i, 2]) - float(x[i, 1]), 0.5 * float(x[i, 3])]
        y[i] = (2 if s[2] > s[1] else 1) if s[1] > s[0] else (2 if s[2] > s[0] else 0)
    return torch.from_numpy(x), torch.from_numpy(y)


def main():
    assert MT19937_64(5489)() == 14514284786278117030  # first output of a default std::mt19937_64
    torch.set_num_threads(1)
    xt, yt = golden_data(0, 96)
    xv, yv = golden_data(96, 32)
    layers = [torch.nn.Linear(4, 8), torch.nn.Linear(8, 8), torch.nn.Linear(8, 3)]
    with open(os.path.join(GOLDEN, "train_init.csv")) as f:
        for row in csv.DictReader(f):
            values = np.array(row["values"].split(), dtype=np.float32)
            values = values.reshape(int(row["rows"]), int(row["cols"]))
            layer = layers[int(row["layer"])]
            with torch.no_grad():
                if row["parameter"] == "weight":
                    layer.weight.copy_(torch.from_numpy(values.T.copy()))  # Loupe: [in, out]
                else:
                    layer.bias.copy_(torch.from_numpy(values[0]))
    gelu = torch.nn.GELU()
    model = torch.nn.Sequential(layers[0], gelu, layers[1], gelu, layers[2])
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    rng = MT19937_64(77)
    order = list(range(96))
    curve = []
    for _ in range(20):
        shuffle(order, rng)
        total = 0.0
        for start in range(0, 96, 16):
            idx = torch.tensor(order[start:start + 16])
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        with torch.no_grad():
            val = loss_fn(model(xv), yv).item()
        curve.append((total / 96, val))

    with open(os.path.join(GOLDEN, "train_curve.csv")) as f:
        golden = [(float(r["train_loss"]), float(r["val_loss"])) for r in csv.DictReader(f)]
    worst = 0.0
    for epoch, ((t, v), (gt, gv)) in enumerate(zip(curve, golden), start=1):
        rel = max(abs(t - gt) / gt, abs(v - gv) / gv)
        worst = max(worst, rel)
        print(f"epoch {epoch:2d}  torch {t:.8f} {v:.8f}  loupe {gt:.8f} {gv:.8f}  rel {rel:.2e}")
    print(f"max relative difference {worst:.2e}")
    return 0 if worst <= 1e-4 and len(golden) == len(curve) else 1


if __name__ == "__main__":
    sys.exit(main())
