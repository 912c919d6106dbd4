#!/usr/bin/env python3
"""PyTorch's knowledge-distillation loss and its gradient on fixed logits, as JSON.

The loss is the usual PyTorch recipe (Hinton et al. 2015):
    alpha * T^2 * kl_div(log_softmax(s / T), softmax(t / T), reduction="batchmean")
    + (1 - alpha) * cross_entropy(s, y)
and, with class weights, each row's two terms weighted by w_y and the sum divided by sum(w_y), as
cross_entropy(weight=w) normalises. tests/data/distill_loss.json is this script's output
(test_distill compares Device::distillationCrossEntropy with it); run with --check to compare a
fresh run with that file instead (ctest distill_loss_fixture_vs_pytorch), or with no argument to
print it.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F


def case(rows, classes, temperature, alpha, weighted, seed):
    g = torch.Generator().manual_seed(seed)
    # float32 values, so loupe reads exactly the numbers torch used.
    s = (torch.randn(rows, classes, generator=g) * 3).float().double().requires_grad_(True)
    t = (torch.randn(rows, classes, generator=g) * 4).float().double()
    y = torch.randint(0, classes, (rows,), generator=g)
    w = (torch.rand(classes, generator=g) * 2 + 0.25).float().double() if weighted else None
    soft = F.kl_div(F.log_softmax(s / temperature, dim=1), F.softmax(t / temperature, dim=1),
                    reduction="none").sum(dim=1)
    if w is None:
        loss = alpha * temperature ** 2 * soft.mean() + (1 - alpha) * F.cross_entropy(s, y)
    else:
        wy = w[y]
        loss = (alpha * temperature ** 2 * (wy * soft).sum() / wy.sum()
                + (1 - alpha) * F.cross_entropy(s, y, weight=w))
    loss.backward()
    return {"rows": rows, "classes": classes, "temperature": temperature, "alpha": alpha,
            "logits": s.detach().flatten().tolist(), "teacher": t.flatten().tolist(),
            "labels": y.tolist(), "weights": [] if w is None else w.tolist(),
            "loss": loss.item(), "grad": s.grad.flatten().tolist()}


def cases():
    return [case(8, 2, 4.0, 0.7, False, 1), case(16, 5, 2.0, 0.5, False, 2),
            case(10, 3, 1.0, 1.0, False, 3), case(12, 4, 6.0, 0.9, True, 4),
            case(300, 3, 3.0, 0.3, True, 5)]


def main():
    fresh = cases()
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                            "distill_loss.json")
        with open(path) as f:
            kept = json.load(f)
        for a, b in zip(kept, fresh):
            assert abs(a["loss"] - b["loss"]) <= 1e-9 * max(1.0, abs(b["loss"])), (a, b)
            assert max(abs(x - y) for x, y in zip(a["grad"], b["grad"])) <= 1e-9
        assert len(kept) == len(fresh)
        print(f"{len(fresh)} cases match PyTorch {torch.__version__}")
        return
    json.dump(fresh, sys.stdout)


if __name__ == "__main__":
    main()
