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
    return 0


if __name__ == "__main__":
    sys.exit(main())
