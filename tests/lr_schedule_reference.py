#!/usr/bin/env python3
"""PyTorch's learning-rate sequences for the schedules of core/nn/lr_schedule.h, as JSON.

tests/data/lr_schedules.json is this script's output (test_lr_schedule compares loupe's rates
with it within 1e-6); run with --check to compare a fresh run with that file instead (ctest
lr_schedule_fixture_vs_pytorch), or with no argument to print it.
"""
import json
import math
import os
import sys

import warnings

import torch

# SequentialLR steps CosineAnnealingLR with an epoch argument itself; its deprecation note is noise.
warnings.filterwarnings("ignore", category=UserWarning)


def optimizer(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


def per_epoch(opt, sched, epochs, values=None):
    rates = []
    for e in range(epochs):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        if values is None:
            sched.step()
        else:
            sched.step(values[e])
    return rates


def cases():
    out = []
    opt = optimizer(0.1)
    out.append({"kind": "step", "base": 0.1, "every": 3, "gamma": 0.5, "epochs": 10,
                "rates": per_epoch(opt, torch.optim.lr_scheduler.StepLR(opt, 3, 0.5), 10)})
    opt = optimizer(0.05)
    out.append({"kind": "exponential", "base": 0.05, "gamma": 0.9, "epochs": 12,
                "rates": per_epoch(opt, torch.optim.lr_scheduler.ExponentialLR(opt, 0.9), 12)})
    for warmup, epochs, eta_min in ((0, 10, 0.0), (3, 15, 0.001)):
        opt = optimizer(0.1)
        cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs - warmup,
                                                            eta_min=eta_min)
        if warmup > 0:
            linear = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1.0 / (warmup + 1),
                                                       end_factor=1.0, total_iters=warmup)
            sched = torch.optim.lr_scheduler.SequentialLR(opt, [linear, cosine], [warmup])
        else:
            sched = cosine
        out.append({"kind": "cosine", "base": 0.1, "warmup": warmup, "min_lr": eta_min,
                    "epochs": epochs, "rates": per_epoch(opt, sched, epochs)})
    for epochs, batches, pct in ((5, 7, 0.3), (4, 3, 0.25)):
        opt = optimizer(0.001)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, epochs=epochs,
                                                    steps_per_epoch=batches, pct_start=pct,
                                                    cycle_momentum=False)
        rates = []
        for _ in range(epochs * batches):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        out.append({"kind": "onecycle", "base": 0.001, "max_lr": 0.05, "pct": pct,
                    "epochs": epochs, "batches": batches, "rates": rates})
    losses = [1.0, 0.9, 0.95, 0.91, 0.92, 0.85, 0.86, 0.86, 0.87, 0.88, 0.84, 0.9, 0.9, 0.9,
              0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
    for mode, values in (("min", losses), ("max", [-v for v in losses])):
        opt = optimizer(0.1)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode=mode, factor=0.5,
                                                           patience=2, min_lr=0.01)
        out.append({"kind": "plateau", "base": 0.1, "factor": 0.5, "patience": 2,
                    "min_lr": 0.01, "mode": mode, "values": values, "epochs": len(values),
                    "rates": per_epoch(opt, sched, len(values), values)})
    return out


def main():
    got = cases()
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                            "lr_schedules.json")
        with open(path) as f:
            want = json.load(f)
        worst = 0.0
        for a, b in zip(got, want, strict=True):
            for x, y in zip(a["rates"], b["rates"], strict=True):
                worst = max(worst, abs(x - y))
        print(f"torch {torch.__version__}: max |torch - fixture| = {worst:.3g}")
        return 0 if worst <= 1e-12 else 1
    json.dump(got, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
