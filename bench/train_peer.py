#!/usr/bin/python3
"""PyTorch peer of bench_train: MLP 64-256-256-2, ReLU, Adam, batch 256, 100k synthetic rows x 64.

A warm-up epoch, then 3 timed epochs. Prints one JSON line like bench_train:
{"samples_per_s", "gemm_peak_gflops", "fraction_of_peak", ...}, where the peak is the best
torch.mm of two 2048 x 2048 float32 matrices and training FLOPs are 6 * parameters * samples.

Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/train_peer.py
(Debian's torch calls the alternatives-selected libblas.so.3 for float32 GEMM; check with
 update-alternatives --display libblas.so.3-x86_64-linux-gnu that it is openblas-pthread.)
"""
import json
import os
import time

import numpy as np
import torch

ROWS, INPUTS, CLASSES, EPOCHS, BATCH = 100_000, 64, 2, 3, 256


def gemm_peak_gflops():
    n = 2048
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    best = 0.0
    for _ in range(4):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = max(best, 2 * n**3 / (time.perf_counter() - t0) / 1e9)
    return best


def main():
    torch.set_num_threads(2)
    torch.manual_seed(7)
    rng = np.random.default_rng(42)
    x = rng.standard_normal((ROWS, INPUTS)).astype(np.float32)
    signs = np.where(np.arange(INPUTS) % 2 == 0, 1.0, -0.5).astype(np.float32)
    y = (x @ signs > 0).astype(np.int64)
    x, y = torch.from_numpy(x), torch.from_numpy(y)

    model = torch.nn.Sequential(
        torch.nn.Linear(INPUTS, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, CLASSES))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch():
        order = torch.randperm(ROWS)
        last = 0.0
        for start in range(0, ROWS, BATCH):
            idx = order[start:start + BATCH]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            last = loss.item()
        return last

    epoch()  # warm-up
    t0 = time.perf_counter()
    for _ in range(EPOCHS):
        final = epoch()
    seconds = time.perf_counter() - t0

    params = sum(p.numel() for p in model.parameters())
    samples_per_s = ROWS * EPOCHS / seconds
    peak = gemm_peak_gflops()
    achieved = 6 * params * samples_per_s / 1e9
    print(json.dumps({
        "peer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "samples_per_s": round(samples_per_s, 1), "gemm_peak_gflops": round(peak, 2),
        "train_gflops": round(achieved, 2), "fraction_of_peak": round(achieved / peak, 4),
        "parameters": params, "final_loss": round(final, 6)}))


if __name__ == "__main__":
    main()
