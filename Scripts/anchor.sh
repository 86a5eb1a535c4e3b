#!/usr/bin/env bash
# LAPACK and JAX anchors for the eigensolver and MLP benchmarks: times numpy/scipy (dsyevd via
# scipy.linalg.eigh(driver='evd'), and the eigenvalues-only path) on the very matrices
# numerics-bench times, single-threaded, and prints both side by side with residual ratios.
# Usage: Scripts/anchor.sh            (a throwaway venv under /tmp, numpy + scipy + jax from PyPI)
#        ANCHOR_VENV=/path Scripts/anchor.sh   (reuse an existing venv with numpy, scipy and optionally jax)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/sgdclaims-anchor.XXXXXX)
trap 'rm -rf "$work"' EXIT
venv=${ANCHOR_VENV:-}
if [ -z "$venv" ]; then
    venv="$work/venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet numpy scipy jax
fi
swift build -c release --product numerics-bench
# One thread everywhere: the comparison is per core (numerics-bench is single-threaded).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
"$venv/bin/python" Scripts/anchor.py --bench .build/release/numerics-bench --work "$work"
