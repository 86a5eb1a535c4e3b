"""Times LAPACK (through scipy) on the matrices numerics-bench dumps and prints the ratios.

Called by Scripts/anchor.sh with the thread count pinned to one. Same protocol as numerics-bench:
one warm-up run, then 5 timed runs; the minimum is compared, the median is shown.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import scipy
import scipy.linalg


def timed(fn, reps=5):
    fn()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1e3, float(np.median(times)) * 1e3


def residual_ratios(a, w, q):
    """LAPACK's ratios ‖A − QΛQᵀ‖_F/(n·ε·‖A‖_F) and ‖I − QᵀQ‖_F/(n·ε), as numerics-bench computes them."""
    n = a.shape[0]
    eps = np.finfo(np.float64).eps
    dec = np.linalg.norm(a - (q * w) @ q.T) / (n * eps * np.linalg.norm(a))
    orth = np.linalg.norm(np.eye(n) - q.T @ q) / (n * eps)
    return dec, orth


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()

    matrices = os.path.join(args.work, "matrices")
    subprocess.run([args.bench, "--dump-matrices", matrices], check=True)
    with open(os.path.join(matrices, "manifest.json")) as f:
        manifest = json.load(f)["matrices"]
    ours = json.loads(subprocess.run([args.bench, "--json", "--cases", "qr"], check=True,
                                     capture_output=True, text=True).stdout)
    by_key = {(c["name"], c["n"]): c for c in ours["cases"] if c["precision"] == "Double"}

    threads = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, threads {threads}")
    print("times in ms (min of 5 after a warm-up; median in parentheses); ratio = ours / LAPACK (min)")
    print("residual ratios dec/orth = ‖A − QΛQᵀ‖_F/(nε‖A‖_F) / ‖I − QᵀQ‖_F/(nε) (LAPACK accepts < 60);")
    print("LAPACK drivers: evd = dsyevd (divide and conquer), ev = dsyev (implicit QL/QR, like ours), evr = dsyevr (MRRR, numpy's eigh)")
    header = (f"{'kind':>15} {'n':>5} | {'ours vec':>16} {'dsyevd':>16} {'ratio':>5} {'dsyev':>8} | {'ours val':>16} {'evd vals':>16} {'ratio':>5}"
              f" | {'ours':>11} {'evd':>11} {'ev':>11} {'evr':>11}")
    print(header)
    print("-" * len(header))
    for m in manifest:
        n, kind = m["n"], m["kind"]
        a = np.fromfile(os.path.join(matrices, m["file"]), dtype="<f8").reshape(n, n)
        lapack = {}
        for driver in ("evd", "ev", "evr"):
            w, q = scipy.linalg.eigh(a, driver=driver)
            lapack[driver] = residual_ratios(a, w, q)
        name = "qr-eigen" if kind == "random" else f"qr-eigen-{kind}"
        vec = by_key.get((name + "-vectors", n), {})
        val = by_key.get((name + "-values", n), {})
        cells = f"{kind:>15} {n:>5} | "
        if kind == "random":
            lv, lvm = timed(lambda: scipy.linalg.eigh(a, driver="evd"))
            lq, _ = timed(lambda: scipy.linalg.eigh(a, driver="ev"), reps=3 if n >= 1024 else 5)
            le, lem = timed(lambda: scipy.linalg.eigh(a, eigvals_only=True, driver="evd"))
            cells += (f"{vec['min_ms']:>7.2f} ({vec['median_ms']:>6.2f}) {lv:>7.2f} ({lvm:>6.2f}) {vec['min_ms'] / lv:>5.2f} {lq:>8.2f} | "
                      f"{val['min_ms']:>7.2f} ({val['median_ms']:>6.2f}) {le:>7.2f} ({lem:>6.2f}) {val['min_ms'] / le:>5.2f} | ")
        else:
            cells += f"{'(residuals only)':>49} | {'':>40} | "
        ours_pair = (vec.get("decomposition_ratio", float("nan")), vec.get("orthogonality_ratio", float("nan")))
        cells += " ".join(f"{d:>5.2f}/{o:<5.2f}" for d, o in (ours_pair, lapack["evd"], lapack["ev"], lapack["evr"]))
        print(cells)
    # The 10 largest pairs: ours (inverse iteration on T) against LAPACK's subset driver dsyevr.
    print("10 largest eigenpairs: ours vs scipy.linalg.eigh(subset_by_index=[n-10, n-1], driver='evr') (dsyevr)")
    for m in manifest:
        if m["kind"] != "random":
            continue
        n = m["n"]
        a = np.fromfile(os.path.join(matrices, m["file"]), dtype="<f8").reshape(n, n)
        top = by_key.get(("qr-eigen-top10", n))
        if top is None:
            continue
        lt, _ = timed(lambda: scipy.linalg.eigh(a, subset_by_index=[n - 10, n - 1], driver="evr"))
        print(f"  n={n:>5}: ours {top['min_ms']:>8.2f} ms, dsyevr {lt:>8.2f} ms, ratio {top['min_ms'] / lt:>5.2f}")
    # eigvalsh (numpy's eigenvalues-only driver) for reference on the largest size.
    big = [m for m in manifest if m["kind"] == "random"][-1]
    a = np.fromfile(os.path.join(matrices, big["file"]), dtype="<f8").reshape(big["n"], big["n"])
    t, tm = timed(lambda: np.linalg.eigvalsh(a))
    print(f"numpy.linalg.eigvalsh n={big['n']}: {t:.2f} ms (median {tm:.2f})")
    exps = [e for e in ours["scaling_exponents"] if e["name"].startswith("qr-eigen")]
    for e in exps:
        print(f"scaling exponent {e['name']} {e['precision']}: {e['exponent']:.2f}")
    mlp_anchor(args)
    return 0


def mlp_anchor(args):
    """The MLP gradient / HVP / Hessian cases against JAX (jit, CPU, float64, one thread) on the same networks."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        print("JAX not installed: MLP anchor skipped (Scripts/anchor.sh installs it)")
        return
    jax.config.update("jax_enable_x64", True)
    mlps = os.path.join(args.work, "mlps")
    subprocess.run([args.bench, "--dump-mlp", mlps], check=True)
    with open(os.path.join(mlps, "manifest.json")) as f:
        nets = json.load(f)["networks"]
    ours = json.loads(subprocess.run([args.bench, "--json", "--cases", "mlp-hessian"], check=True,
                                     capture_output=True, text=True).stdout)
    by_name = {c["name"]: c for c in ours["cases"]}
    print(f"\njax {jax.__version__} (jit, CPU, float64); times in ms, min of ≥5 after a warm-up (median); ratio = ours / JAX (min)")
    header = f"{'network':>8} {'p':>5} | {'ours HVP':>16} {'JAX HVP':>16} {'ratio':>5} | {'ours Hessian':>18} {'JAX Hessian':>18} {'ratio':>5} | {'rel. diff H':>11}"
    print(header)
    print("-" * len(header))
    for net in nets:
        tag, widths, n = net["tag"], net["widths"], net["n"]
        load = lambda what: np.fromfile(os.path.join(mlps, f"{tag}-{what}.f64"), dtype="<f8")
        theta, x, y = jnp.array(load("theta")), jnp.array(load("x").reshape(n, widths[0])), load("y")
        p = theta.shape[0]

        def loss(th):
            h, o = x, 0
            for l in range(1, len(widths)):
                w = th[o:o + widths[l] * widths[l - 1]].reshape(widths[l], widths[l - 1]); o += widths[l] * widths[l - 1]
                b = th[o:o + widths[l]]; o += widths[l]
                z = h @ w.T + b
                h = z if l == len(widths) - 1 else (jnp.tanh(z) if net["activation"] == "tanh" else jnp.maximum(z, 0))
            if net["loss"] == "squared":
                return 0.5 * jnp.mean(jnp.sum((h - jnp.array(y).reshape(n, -1)) ** 2, axis=1))
            labels = jnp.array(y.astype(np.int64))
            return jnp.mean(jax.nn.logsumexp(h, axis=1) - h[jnp.arange(n), labels])

        hvp = jax.jit(lambda th, v: jax.jvp(jax.grad(loss), (th,), (v,))[1])
        hessian = jax.jit(jax.hessian(loss))
        t_hvp, m_hvp = timed(lambda: hvp(theta, theta).block_until_ready(), reps=20)
        t_h, m_h = timed(lambda: hessian(theta).block_until_ready(), reps=5)
        jh = np.array(hessian(theta))
        jh = (jh + jh.T) / 2
        ours_h = load("hessian").reshape(p, p)
        diff = np.abs(jh - ours_h).max() / np.abs(jh).max()
        name = "mlp-hessian-tanh" if tag.startswith("tanh") else f"mlp-hessian-{tag}"
        oh = next(c for c in ours["cases"] if c["name"] == name and c["n"] == p)
        ov = by_name[f"mlp-hvp-{tag}"]
        print(f"{tag:>8} {p:>5} | {ov['min_ms']:>7.3f} ({ov['median_ms']:>6.3f}) {t_hvp:>7.3f} ({m_hvp:>6.3f}) {ov['min_ms'] / t_hvp:>5.2f} | "
              f"{oh['min_ms']:>8.1f} ({oh['median_ms']:>7.1f}) {t_h:>8.1f} ({m_h:>7.1f}) {oh['min_ms'] / t_h:>5.2f} | {diff:>11.1e}")
    both = by_name.get("mlp-hessian-and-spectrum-paper")
    if both:
        print(f"paper network: exact Hessian + full spectrum {both['min_ms']:.0f} ms (median {both['median_ms']:.0f}); target < 2000 ms")
    for e in ours["scaling_exponents"]:
        if e["name"].startswith("mlp-"):
            print(f"scaling exponent {e['name']} {e['precision']} (time vs p): {e['exponent']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
