"""PyTorch side of `npm run bench` (optional peer; bench/peers/torch.ts runs it when torch imports).

usage: python3 torch_bench.py --case=scalar|matmul|elementwise|mlp|conv|softmax-ce|train|logprob|vmap-mlp|linalg [--op=svd|eigh|...] [--dist=normal|gamma] [--n=N] [--sizes=784,256,10]
       [--batch=128] [--classes=10] [--model=mlp|cnn] [--c=16 --o=32 --h=14 --k=3] [--quick=0|1]
Prints one JSON object per line. Same data, same timing method as bench/harness.ts: warm-up,
calibrated inner loops for tiny calls, median, mean and p25/p75 (nearest rank). One thread unless
--threads=N (torch.set_num_threads(N), for the rows compared with wengert on N threads).
"""
import json
import math
import sys
import time

import torch



def arg(name, default):
    for a in sys.argv[1:]:
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
    return default


THREADS = int(arg("threads", "1"))
torch.set_num_threads(THREADS)


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
    return q(0.5), q(0.25), q(0.75), sum(s) / len(s)


def bench(fn, budget_s, target_sample_s=0.0, warmup_s=0.5, slow_s=1.5):
    """Per-call seconds: (median, p25, p75, samples, inner, mean)."""
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
    med, p25, p75, mean = quantiles(times)
    return med, p25, p75, len(times), inner, mean


def blas():
    """Which BLAS the process loaded (torch links libblas.so.3, an alternative on Debian)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(libs)) or "?"
    except OSError:
        return "?"


def blas_threads():
    """OpenBLAS's own thread count (OPENBLAS_NUM_THREADS), or -1 where the BLAS is not OpenBLAS."""
    import ctypes
    try:
        return int(ctypes.CDLL("libblas.so.3").openblas_get_num_threads())
    except (OSError, AttributeError):
        return -1


def emit(case, med, p25, p75, samples, inner, mean, **extra):
    print(json.dumps({"case": case, "ms_median": med * 1e3, "ms_mean": mean * 1e3, "ms_p25": p25 * 1e3, "ms_p75": p75 * 1e3,
                      "ns_median": med * 1e9, "ns_p25": p25 * 1e9, "ns_p75": p75 * 1e9,
                      "samples": samples, "inner": inner, "threads": torch.get_num_threads(), "blas_threads": blas_threads(), "torch": torch.__version__, "blas": blas(), **extra}), flush=True)


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


def case_conv():
    """Value and gradients wrt x, w, b of <conv2d(x, w) + b, G> (NCHW, OIHW; as bench/cases/conv.ts)."""
    n, c, o, h, k = (int(arg(a, d)) for a, d in (("n", "32"), ("c", "16"), ("o", "32"), ("h", "14"), ("k", "3")))
    x = randn(n * c * h * h, 1, 3).reshape(n, c, h, h).requires_grad_()
    w = randn(o * c * k * k, math.sqrt(2 / (c * k * k)), 5).reshape(o, c, k, k).requires_grad_()
    b = randn(o, 0.1, 6).requires_grad_()
    g = randn(n * o * h * h, 1, 9).reshape(n, o, h, h)
    out = [0.0]

    def step():
        x.grad = w.grad = b.grad = None
        y = (torch.nn.functional.conv2d(x, w, b, padding=(k - 1) // 2) * g).sum()
        y.backward()
        out[0] = y.item()

    step()
    emit("conv", *bench(step, 8.0), value=out[0], gx_l1=x.grad.abs().sum().item(), gw_l1=w.grad.abs().sum().item())


def case_softmax_ce():
    """Mean softmax cross-entropy of logits [batch, classes] and its gradient (as bench/cases/softmax-ce.ts)."""
    batch, classes = int(arg("batch", "128")), int(arg("classes", "10"))
    z = randn(batch * classes, 2, 4).reshape(batch, classes).requires_grad_()
    labels = torch.tensor([(i * 7) % classes for i in range(batch)])
    out = [0.0]

    def step():
        z.grad = None
        loss = torch.nn.functional.cross_entropy(z, labels)
        loss.backward()
        out[0] = loss.item()

    step()
    emit("softmax-ce", *bench(step, 5.0, target_sample_s=0.005), loss=out[0])


def case_logprob():
    """Σ log_prob of a Normal or Gamma with one parameter pair per element and its gradient wrt the value and both parameters (as bench/cases/distributions.ts)."""
    dist, n = arg("dist", "normal"), int(arg("n", "100000"))
    if dist == "normal":
        x, a, b = randn(n, 1, 11), randn(n, 0.5, 12), uniform(n, 0.5, 2, 13)
        make = torch.distributions.Normal
    else:
        x, a, b = uniform(n, 0.1, 5, 14), uniform(n, 0.5, 5, 15), uniform(n, 0.5, 2, 16)
        make = torch.distributions.Gamma
    ts = [t.requires_grad_() for t in (x, a, b)]
    out = [0.0]

    def step():
        for t in ts:
            t.grad = None
        lp = make(a, b, validate_args=False).log_prob(x).sum()
        lp.backward()
        out[0] = lp.item()

    step()
    l1 = sum(float(t.grad.abs().sum()) for t in ts)
    emit("logprob", *bench(step, 4.0, target_sample_s=0.005), value=out[0], grad_l1=l1, dist=dist, n=n)


# The parameters of bench/cases/training.ts: (name, shape, fan-in, seed); weights and biases are
# U(±1/sqrt(fan-in)) from the suite's LCG; BatchNorm scales are ones and shifts zeros.
TRAIN_PARAMS = {
    "mlp": [("fc1.weight", (256, 784), 784, 21), ("fc1.bias", (256,), 784, 22), ("bn1.weight", (256,), 0, 0), ("bn1.bias", (256,), 0, 0),
            ("fc2.weight", (128, 256), 256, 23), ("fc2.bias", (128,), 256, 24), ("bn2.weight", (128,), 0, 0), ("bn2.bias", (128,), 0, 0),
            ("fc3.weight", (10, 128), 128, 25), ("fc3.bias", (10,), 128, 26)],
    "cnn": [("conv1.weight", (16, 1, 3, 3), 9, 21), ("conv1.bias", (16,), 9, 22), ("conv2.weight", (32, 16, 3, 3), 144, 23), ("conv2.bias", (32,), 144, 24),
            ("fc1.weight", (128, 1568), 1568, 25), ("fc1.bias", (128,), 1568, 26), ("fc2.weight", (10, 128), 128, 27), ("fc2.bias", (10,), 128, 28)],
}


def train_params(model):
    ps = {}
    for name, shape, fan_in, seed in TRAIN_PARAMS[model]:
        numel = math.prod(shape)
        if fan_in == 0:
            t = torch.ones(numel) if name.endswith("weight") else torch.zeros(numel)
        else:
            bound = 1 / math.sqrt(fan_in)
            t = uniform(numel, -bound, bound, seed)
        ps[name] = t.reshape(shape).requires_grad_()
    return ps


def case_train():
    """One training step of `wengert train`'s MLP or CNN with Adam (as bench/cases/training.ts)."""
    model, batch = arg("model", "mlp"), int(arg("batch", "128"))
    F = torch.nn.functional
    p = train_params(model)
    x = uniform(batch * 784, 0, 1, 3).reshape(batch, 1, 28, 28)
    labels = torch.tensor([(i * 7) % 10 for i in range(batch)])
    stats = {f"bn{i}": (torch.zeros(n), torch.ones(n)) for i, n in ((1, 256), (2, 128))}

    def forward():
        if model == "mlp":
            h = x.reshape(batch, 784)
            h = F.relu(F.batch_norm(F.linear(h, p["fc1.weight"], p["fc1.bias"]), *stats["bn1"], p["bn1.weight"], p["bn1.bias"], True, 0.1, 1e-5))
            h = F.relu(F.batch_norm(F.linear(h, p["fc2.weight"], p["fc2.bias"]), *stats["bn2"], p["bn2.weight"], p["bn2.bias"], True, 0.1, 1e-5))
            return F.linear(h, p["fc3.weight"], p["fc3.bias"])
        h = F.relu(F.max_pool2d(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], padding=1), 2))
        h = F.relu(F.max_pool2d(F.conv2d(h, p["conv2.weight"], p["conv2.bias"], padding=1), 2))
        h = F.relu(F.linear(h.reshape(batch, 1568), p["fc1.weight"], p["fc1.bias"]))
        return F.linear(h, p["fc2.weight"], p["fc2.bias"])

    opt = torch.optim.Adam(list(p.values()), lr=1e-3)
    losses = []

    def step():
        loss = F.cross_entropy(forward(), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())

    step()
    step()
    emit("train", *bench(step, 10.0), loss_first=losses[0], loss_second=losses[1], model=model, batch=batch)


def case_vmap_mlp():
    """Per-example gradients (bench/cases/vmap.ts): torch.func.vmap(grad) (functorch's in torch < 2)."""
    try:
        from torch.func import grad, vmap
        api = "torch.func"
    except ImportError:
        from functorch import grad, vmap
        api = "functorch"
    sizes = [int(s) for s in arg("sizes", "784,256,256,10").split(",")]
    batch = int(arg("batch", "128"))
    classes = sizes[-1]
    x = randn(batch * sizes[0], 1, 3).reshape(batch, sizes[0])
    y = torch.zeros(batch, classes)
    for i in range(batch):
        y[i, (i * 7) % classes] = 1.0
    params = []
    for l in range(len(sizes) - 1):
        params += [randn(sizes[l] * sizes[l + 1], math.sqrt(2 / sizes[l]), 11 + l).reshape(sizes[l], sizes[l + 1]), torch.zeros(sizes[l + 1])]
    params = tuple(params)

    def loss(ps, xi, yi):
        h = xi
        for l in range(len(sizes) - 1):
            h = h @ ps[2 * l] + ps[2 * l + 1]
            if l < len(sizes) - 2:
                h = torch.relu(h)
        return -(torch.log_softmax(h, -1) * yi).sum()

    per_example = vmap(grad(loss), in_dims=(None, 0, 0))
    last = per_example(params, x, y)[-2]
    checksum = float((last * last).sum())
    emit("vmap-mlp", *bench(lambda: per_example(params, x, y), 10.0), checksum=checksum, api=api)


def case_linalg():
    """--op=svd|eigh|cholesky|lu|qr|solve|inv|matmul --n=N [--m=M: svd of an M×N A]: the inputs of bench/cases/linalg.ts, float64."""
    op, n = arg("op", "svd"), int(arg("n", "256"))
    m = int(arg("m", str(n)))
    if m != n:
        a = randn(m * n, 1 / math.sqrt(n), 1).reshape(m, n).double()
        emit("linalg", *bench(lambda: torch.linalg.svd(a, full_matrices=False), 4.0), op=op, n=n, m=m)
        return
    a = randn(n * n, 1 / math.sqrt(n), 1).reshape(n, n).double()
    sym = (a + a.T) / 2
    spd = a @ a.T + torch.eye(n, dtype=torch.float64)
    calls = {"matmul": lambda: a @ a, "svd": lambda: torch.linalg.svd(a, full_matrices=False), "eigh": lambda: torch.linalg.eigh(sym),
             "cholesky": lambda: torch.linalg.cholesky(spd), "lu": lambda: torch.linalg.lu(a), "qr": lambda: torch.linalg.qr(a),
             "solve": lambda: torch.linalg.solve(a, a), "inv": lambda: torch.linalg.inv(a)}
    emit("linalg", *bench(calls[op], 8.0 if n >= 1024 else 4.0), op=op, n=n)


{"scalar": case_scalar, "matmul": case_matmul, "elementwise": case_elementwise, "mlp": case_mlp,
 "conv": case_conv, "softmax-ce": case_softmax_ce, "train": case_train, "logprob": case_logprob,
 "vmap-mlp": case_vmap_mlp, "linalg": case_linalg}[arg("case", "")]()
