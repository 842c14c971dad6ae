"""Reference values for test/infer/diagnostics: the published formulas (Vehtari, Gelman, Simpson,
Carpenter, Buerkner 2021; posterior's rhat/ess_bulk/ess_tail/mcse_mean/mcse_quantile; Stan's
src/stan/analyze/mcmc) written out again in NumPy, independently of the TypeScript code, on fixed
draws. Run `python3 test/infer/diagnostics/reference.py > test/infer/diagnostics/reference.json`.
Needs numpy and scipy (ranks, the normal and beta quantiles). Neither arviz nor R's posterior is
installed here, so the values come from this transcription only."""
import json
import numpy as np
from scipy.special import ndtri
from scipy.stats import beta, rankdata

def split(x):  # x: (chains, draws)
    n = x.shape[1]
    if n == 1:
        return x
    h = n // 2
    return np.concatenate([x[:, :h], x[:, n - h:]], axis=0)

def bad(x):
    return (not np.all(np.isfinite(x))) or (np.max(x) - np.min(x) < np.finfo(float).eps)

def z_scale(x):
    r = rankdata(x.ravel(), method="average").reshape(x.shape)
    return ndtri((r - 3 / 8) / (x.size - 2 * 3 / 8 + 1))

def rhat_raw(x):
    m, n = x.shape
    if n < 2 or m < 2 or bad(x):
        return float("nan")
    b = n * np.var(x.mean(axis=1), ddof=1)
    w = np.mean(np.var(x, axis=1, ddof=1))
    return float(np.sqrt((b / w + n - 1) / n))

def fold(x):
    return np.abs(x - np.median(x))

def rhat_bulk_tail(x):
    s = split(x)
    if bad(s):
        return float("nan"), float("nan")
    return rhat_raw(z_scale(s)), rhat_raw(z_scale(fold(s)))

def acov_direct(c):
    n = len(c)
    y = c - c.mean()
    return np.array([np.dot(y[: n - t], y[t:]) / n for t in range(n)])

def ess_raw(x):
    m, n = x.shape
    if n < 3 or bad(x):
        return float("nan")
    acov = np.array([acov_direct(c) for c in x])  # (m, n)
    mean_var = acov[:, 0].mean() * n / (n - 1)
    var_plus = mean_var * (n - 1) / n
    if m > 1:
        var_plus += np.var(x.mean(axis=1), ddof=1)
    rho = np.zeros(n)
    t = 0
    even = 1.0
    rho[0] = even
    odd = 1 - (mean_var - acov[:, 1].mean()) / var_plus
    rho[1] = odd
    while t < n - 5 and not np.isnan(even + odd) and even + odd > 0:
        t += 2
        even = 1 - (mean_var - acov[:, t].mean()) / var_plus
        odd = 1 - (mean_var - acov[:, t + 1].mean()) / var_plus
        if even + odd >= 0:
            rho[t] = even
            rho[t + 1] = odd
    max_t = t
    if even > 0:
        rho[max_t] = even
    t = 0
    while t <= max_t - 4:
        t += 2
        if rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]:
            rho[t] = (rho[t - 2] + rho[t - 1]) / 2
            rho[t + 1] = rho[t]
    total = m * n
    tau = -1 + 2 * rho[:max_t].sum() + rho[max_t]
    tau = max(tau, 1 / np.log10(total))
    return float(total / tau)

def q7(x, p):
    return float(np.quantile(x.ravel(), p, method="linear"))

def ess_quantile(x, p):
    if bad(x):
        return float("nan")
    return ess_raw(split((x <= q7(x, p)).astype(float)))

def ess_bulk(x):
    if bad(x):
        return float("nan")
    return ess_raw(z_scale(split(x)))

def mcse_quantile(x, p):
    e = ess_quantile(x, p)
    if np.isnan(e):
        return float("nan")
    a1, a2 = beta.ppf([0.1586553, 0.8413447], e * p + 1, e * (1 - p) + 1)
    s = np.sort(x.ravel())
    S = len(s)
    th1 = s[max(int(np.floor(a1 * S)), 1) - 1]
    th2 = s[min(int(np.ceil(a2 * S)), S) - 1]
    return float((th2 - th1) / 2)

def ebfmi(e):
    e = np.asarray(e, dtype=float)
    return float(np.sum(np.diff(e) ** 2) / np.sum((e - e.mean()) ** 2))

def ar1(rng, m, n, phi, loc=0.0, scale=1.0):
    x = np.zeros((m, n))
    for c in range(m):
        v = rng.normal()
        for i in range(n):
            v = phi * v + np.sqrt(1 - phi * phi) * rng.normal()
            x[c, i] = v
    return loc + scale * x

def case(name, x):
    x = np.asarray(x, dtype=float)
    bulk, tail = rhat_bulk_tail(x)
    q = lambda v: None if np.isnan(v) else v
    return {
        "name": name,
        "chains": x.tolist(),
        "rhat": q(max(bulk, tail)) if not (np.isnan(bulk) or np.isnan(tail)) else None,
        "rhatBulk": q(bulk),
        "rhatTail": q(tail),
        "rhatBasicSplit": q(rhat_raw(split(x))),
        "rhatBasicNoSplit": q(rhat_raw(x)),
        "essBulk": q(ess_bulk(x)),
        "essTail": q(min(ess_quantile(x, 0.05), ess_quantile(x, 0.95))),
        "essMean": q(ess_raw(split(x))),
        "essQ05": q(ess_quantile(x, 0.05)),
        "essQ95": q(ess_quantile(x, 0.95)),
        "mcseMean": q(float(np.std(x.ravel(), ddof=1)) / np.sqrt(ess_raw(split(x)))),
        "mcseQ05": q(mcse_quantile(x, 0.05)),
        "mcseQ50": q(mcse_quantile(x, 0.5)),
        "mcseQ95": q(mcse_quantile(x, 0.95)),
        "q05": q7(x, 0.05), "q50": q7(x, 0.5), "q95": q7(x, 0.95),
        "ebfmi0": ebfmi(x[0]),
    }

rng = np.random.default_rng(20211)
cases = [
    case("mixed AR(1) phi=0.5, 4x100", ar1(rng, 4, 100, 0.5)),
    case("not mixed: one chain shifted by 3, 4x100", ar1(rng, 4, 100, 0.3) + np.array([[0], [0], [0], [3]])),
    case("not mixed: chains differ in scale only, 4x100", ar1(rng, 4, 100, 0.2) * np.array([[1], [1], [1], [6]])),
    case("stuck chains: random walks, 4x50", np.cumsum(rng.normal(size=(4, 50)), axis=1)),
    case("antithetic AR(1) phi=-0.6, 2x200", ar1(rng, 2, 200, -0.6)),
    case("ties: Poisson(2) draws, 4x40", rng.poisson(2.0, size=(4, 40))),
    case("odd length 15 (middle draw left out), 3 chains", rng.normal(size=(3, 15))),
    case("heavy tails: Cauchy, 4x60", rng.standard_cauchy(size=(4, 60))),
    case("one chain of 40", ar1(rng, 1, 40, 0.4)),
    case("tiny: 2 chains of 8", rng.normal(size=(2, 8))),
    # Geyer's sequence runs past the first few dozen lags here (the FFT path of the TypeScript code).
    case("slow AR(1) phi=0.97, 4x400", ar1(rng, 4, 400, 0.97)),
]
print(json.dumps({"cases": cases}, indent=1))
