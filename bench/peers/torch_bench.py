"""PyTorch side of `npm run bench` (optional peer; bench/peers/torch.ts runs it when torch imports).

usage: python3 torch_bench.py --case=scalar|matmul|elementwise|mlp [--n=N] [--sizes=784,256,10] [--batch=128] [--quick=0|1]
Prints one JSON object per line. Same data, same timing method as bench/harness.ts: warm-up,
calibrated inner loops for tiny calls, median and p25/p75 (nearest rank). One thread.
"""
import json
import math
import sys
import time

import torch

torch.set_num_threads(1)


def arg(name, default):
    for a in sys.argv[1:]:
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
    return default


QUICK = arg("quick", "0") == "1"


def rng(seed):
    s = seed & 0xFFFFFFFF
    while True:
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        yield s / 4294967296


def randn(n, scale=1.0, seed=1):
    r = rng(seed)
    out = []
    for _ in range(n):
        u = next(r) * 0.999 + 1e-3
        v = next(r)
        out.append(scale * math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v))
    return torch.tensor(out, dtype=torch.float32)


def uniform(n, lo, hi, seed=7):
    r = rng(seed)
    return torch.tensor([lo + (hi - lo) * next(r) for _ in range(n)], dtype=torch.float32)


def quantiles(xs):
    s = sorted(xs)
    q = lambda p: s[min(len(s) - 1, int(math.floor(p * (len(s) - 1) + 0.5)))]
    return q(0.5), q(0.25), q(0.75)


def bench(fn, budget_s, target_sample_s=0.0, warmup_s=0.5, slow_s=1.5):
    """Per-call seconds: (median, p25, p75, samples, inner)."""
    if QUICK:
        budget_s, warmup_s, target_sample_s = budget_s / 4, warmup_s / 3, target_sample_s / 2
    t_start = time.perf_counter()
    last = math.inf
    i = 0
    while i < 3 or time.perf_counter() - t_start < warmup_s:
        t0 = time.perf_counter()
        fn()
        last = time.perf_counter() - t0
        i += 1
        if last > slow_s:
            break
    inner = 1
    if target_sample_s > 0 and last < target_sample_s:
        inner = max(1, math.ceil(target_sample_s / max(last, 1e-9)))
    times = []
    t_begin = time.perf_counter()
    min_n, max_n = (3, 3) if last > slow_s else (7, 41)
    while len(times) < min_n or (len(times) < max_n and time.perf_counter() - t_begin < budget_s):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    med, p25, p75 = quantiles(times)
    return med, p25, p75, len(times), inner


def blas():
    """Which BLAS the process loaded (torch links libblas.so.3, an alternative on Debian)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(libs)) or "?"
    except OSError:
        return "?"


def emit(case, med, p25, p75, samples, inner, **extra):
    print(json.dumps({"case": case, "ms_median": med * 1e3, "ms_p25": p25 * 1e3, "ms_p75": p75 * 1e3,
                      "ns_median": med * 1e9, "ns_p25": p25 * 1e9, "ns_p75": p75 * 1e9,
                      "samples": samples, "inner": inner, "torch": torch.__version__, "blas": blas(), **extra}), flush=True)


def case_scalar():
    x1 = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    x2 = torch.tensor(5.0, dtype=torch.float64, requires_grad=True)
    sink = [0.0]

    def vg():
        x1.grad = None
        x2.grad = None
        y = torch.log(x1) + x1 * x2 - torch.sin(x2)
        y.backward()
        sink[0] += y.item() + x1.grad.item() + x2.grad.item()

    vg()
    assert abs(x1.grad.item() - 5.5) < 1e-12 and abs(x2.grad.item() - (2 - math.cos(5))) < 1e-12
    emit("scalar", *bench(vg, 6.0, target_sample_s=0.005))


def case_matmul():
    n = int(arg("n", "512"))
    a = randn(n * n, 1, 1).reshape(n, n)
    b = randn(n * n, 1, 2).reshape(n, n)
    emit("matmul", *bench(lambda: torch.mm(a, b), 6.0 if n < 1024 else 12.0), n=n)


def case_elementwise():
    n = int(arg("n", "1000000"))
    x = uniform(n, -1, 1, 7)
    emit("elementwise", *bench(lambda: torch.exp(x) + x * x, 8.0), n=n)


def case_mlp():
    sizes = [int(s) for s in arg("sizes", "784,256,10").split(",")]
    batch = int(arg("batch", "128"))
    classes = sizes[-1]
    x = randn(batch * sizes[0], 1, 3).reshape(batch, sizes[0])
    labels = torch.tensor([(i * 7) % classes for i in range(batch)])
    params = []
    for l in range(len(sizes) - 1):
        w = randn(sizes[l] * sizes[l + 1], math.sqrt(2 / sizes[l]), 11 + l).reshape(sizes[l], sizes[l + 1])
        params += [w.requires_grad_(), torch.zeros(sizes[l + 1], requires_grad=True)]
    losses = []

    def step():
        h = x
        for l in range(len(sizes) - 1):
            h = h @ params[2 * l] + params[2 * l + 1]
            if l < len(sizes) - 2:
                h = torch.relu(h)
        loss = torch.nn.functional.cross_entropy(h, labels)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.01 * p.grad
                p.grad = None
        losses.append(loss.item())

    step()
    first = losses[0]
    emit("mlp", *bench(step, 10.0), loss_first=first)


{"scalar": case_scalar, "matmul": case_matmul, "elementwise": case_elementwise, "mlp": case_mlp}[arg("case", "")]()
