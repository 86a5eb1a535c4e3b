/// Which eigenpairs `TridiagonalQREigendecomposition` returns.
public enum EigenpairSelection: Sendable, Equatable {
    /// Every eigenvalue and its eigenvector.
    case all
    /// Every eigenvalue, no eigenvectors (`eigenvectors` is n×0): about 4n³/3 flops instead of ~9n³.
    case valuesOnly
    /// The k largest eigenvalues (ascending) and their eigenvectors.
    case largest(Int)
    /// The k smallest eigenvalues (ascending) and their eigenvectors.
    case smallest(Int)
}

/// Eigendecomposition A = Q Λ Qᵀ of a real symmetric matrix by Householder reduction to
/// tridiagonal form followed by the implicit symmetric QR algorithm with Wilkinson shifts.
///
/// **Which routine to use.** `SymmetricEigendecomposition` (Jacobi) gives every eigenvalue of a
/// positive-definite matrix with *relative* error O(n·ε·κ(H)) (graded matrices keep their tiny
/// eigenvalues) but costs ~6n³ flops per sweep over 6–10 sweeps: use it for small n and when tiny
/// eigenvalues of positive-definite matrices matter. This type is backward stable —
/// ‖A − QΛQᵀ‖_F = O(n·ε·‖A‖_F), ‖I − QᵀQ‖_F = O(n·ε) — so each eigenvalue has *absolute* error
/// O(n·ε·‖A‖) (Weyl), no relative accuracy is claimed; it costs about 4n³/3 flops for the
/// reduction, 4n³/3 to accumulate H and ~3n³ for the eigenvectors (about one QR sweep of
/// rotations over the n-vectors per eigenvalue, on average over n/2 of them); eigenvalues only cost
/// 4n³/3 + O(n²). Measured against LAPACK on one core (`Scripts/anchor.sh`): within about 3× of
/// dsyevd with vectors and 2× without at n = 256…1024, about twice as fast as LAPACK's own QR
/// driver dsyev, with residual ratios like dsyev's (dsyevd's are about half). Use it
/// for large n and whenever absolute accuracy suffices.
///
/// Algorithm: exact power-of-two scaling of A (max |2^k a_ij| ∈ [1, 2), so near-overflow and
/// subnormal entries are handled and the result for 2^j·A is 2^j times that for A);
/// `HouseholderTridiagonal` on the packed lower triangle; then QR steps on the tridiagonal T
/// (bulge chased from the top of each unreduced block, deflation at its bottom when
/// |t_{k+1,k}| ≤ ε·√(|t_kk|·|t_{k+1,k+1}|) or below the absolute floor ε·‖T‖_F·√n/4). Without
/// vectors the shifts are Wilkinson's and the steps run root-free on the squared off-diagonal
/// (no square root per rotation, `rootFreeQR`). With vectors, every step costs a sweep of rotations over
/// n-vectors, so the eigenvalues are computed first (O(n²)) and each is used once as an almost
/// exact shift (Wilkinson's when it fails to deflate); the rotations are recorded and applied
/// in batches to the rows of Hᵀ (one stored eigenvector per row, rows padded so that no row
/// stride is a power of two), a column strip at a time so that the strip stays in cache.
///
/// `largest(k)` and `smallest(k)` with k ≤ n/4 use inverse iteration on T for the k pairs
/// (reduction 4n³/3, then O(n²) + 2n²k; orthogonalised against each other, so clusters and
/// multiple eigenvalues are handled), falling back to the full computation when its residual or
/// orthogonality checks fail; larger k compute every eigenvector and keep k (same cost as `.all`).
/// Eigenvalues are returned in ascending order; column j of `eigenvectors` belongs to
/// `eigenvalues[j]`.
public struct TridiagonalQREigendecomposition<T: RealFloat>: Sendable {
    public let eigenvalues: [T]
    /// n×k, one unit eigenvector per column (n×0 for `.valuesOnly`).
    public let eigenvectors: Matrix<T>
    /// Number of implicit QR steps taken on the tridiagonal matrix.
    public let iterations: Int
    /// True when the selected pairs came from inverse iteration (`largest`/`smallest` with
    /// k ≤ n/4 whose checks passed), false when all vectors were rotated by the QR sweeps.
    public let byInverseIteration: Bool

    /// - Parameters:
    ///   - selection: which eigenpairs to return (default all).
    ///   - symmetryTolerance: largest |a_ij − a_ji| accepted; default n·ε·‖A‖_F.
    /// - Throws: `.notSquare`; `.nonFinite` for a NaN or ±∞ entry; `.notSymmetric`;
    ///   `.invalidArgument` for a negative or NaN tolerance, or k outside 0…n for `largest`/`smallest`;
    ///   `.outOfRange` when an eigenvalue exceeds `greatestFiniteMagnitude`; `.noConvergence` after
    ///   30·n QR steps. The 0×0 matrix gives empty results.
    @inlinable
    public init(_ matrix: Matrix<T>, selection: EigenpairSelection = .all, symmetryTolerance: T? = nil) throws {
        let operation = "tridiagonal QR eigendecomposition"
        let sym = try matrix.requireSymmetric(operation, tolerance: symmetryTolerance)
        let n = sym.rows
        var wanted = n
        switch selection {
        case .all: break
        case .valuesOnly: wanted = 0
        case let .largest(k), let .smallest(k):
            guard k >= 0, k <= n else {
                throw NumericsError.invalidArgument(operation: operation, detail: "asked for \(k) eigenpairs of a \(n)×\(n) matrix")
            }
            wanted = k
        }
        let scale = Vector.unitRangeExponent(sym.maxAbs)
        var packed = [T]()
        packed.reserveCapacity(n * (n + 1) / 2)
        if scale >= 0 && scale <= Int(T.greatestFiniteMagnitude.exponent) {
            // Scaling up cannot round: multiply by the exact power of two.
            let factor = T(sign: .plus, exponent: T.Exponent(scale), significand: 1)
            for i in 0..<n { for j in 0...i { packed.append(sym.elements[i * n + j] * factor) } }
        } else {
            for i in 0..<n { for j in 0...i { packed.append(Vector.timesPowerOfTwo(sym.elements[i * n + j], scale)) } }
        }
        let reduction = HouseholderTridiagonal(packedLower: packed, n: n)
        // A few extreme pairs: inverse iteration on T and k back-transformations are far cheaper
        // than rotating all n vectors (nil when its own checks fail: then the full path below).
        if wanted > 0 && wanted <= n / 4, case let .largest(k) = selection,
           let few = try Self.fewEigenpairs(reduction, largest: true, count: k, operation: operation) {
            self = try Self(scaledValues: few.values, vectors: few.vectors, steps: few.steps, scale: scale, operation: operation)
            return
        }
        if wanted > 0 && wanted <= n / 4, case let .smallest(k) = selection,
           let few = try Self.fewEigenpairs(reduction, largest: false, count: k, operation: operation) {
            self = try Self(scaledValues: few.values, vectors: few.vectors, steps: few.steps, scale: scale, operation: operation)
            return
        }
        var d = reduction.diagonal, e = reduction.offDiagonal
        let ld = n + 8
        var store: [T] = wanted > 0 ? reduction.transposedQ(stride: ld) : []
        let steps = try Self.tridiagonalQR(&d, &e, vectors: &store, stride: ld, operation: operation)
        let values = d.map { Vector.timesPowerOfTwo($0, -scale) }
        for (i, lambda) in values.enumerated() where !lambda.isFinite {
            throw NumericsError.outOfRange(operation: operation, detail: "eigenvalue \(i) is \(d[i]) × 2^\(-scale), beyond the largest finite value")
        }
        var order = (0..<n).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        switch selection {
        case let .largest(k): order = Array(order.suffix(k))
        case let .smallest(k): order = Array(order.prefix(k))
        default: break
        }
        var q = try Matrix<T>(rows: n, columns: wanted)
        if wanted > 0 {
            // Transpose the selected stored rows into columns, in tiles of 16 rows (cache-friendly).
            var r0 = 0
            while r0 < n {
                let r1 = Swift.min(n, r0 + 16)
                for (newCol, oldRow) in order.enumerated() {
                    for r in r0..<r1 { q.elements[r * wanted + newCol] = store[oldRow * ld + r] }
                }
                r0 = r1
            }
        }
        self.eigenvalues = order.map { values[$0] }
        self.eigenvectors = q
        self.iterations = steps
        self.byInverseIteration = false
    }

    /// Assembles the result from ascending eigenvalues of 2^scale·A and their eigenvectors.
    @inlinable
    init(scaledValues: [T], vectors: [[T]], steps: Int, scale: Int, operation: String) throws {
        let n = vectors.first?.count ?? 0
        let values = scaledValues.map { Vector.timesPowerOfTwo($0, -scale) }
        for (i, lambda) in values.enumerated() where !lambda.isFinite {
            throw NumericsError.outOfRange(operation: operation, detail: "eigenvalue \(i) is \(scaledValues[i]) × 2^\(-scale), beyond the largest finite value")
        }
        var q = try Matrix<T>(rows: n, columns: vectors.count)
        for (j, y) in vectors.enumerated() { for r in 0..<n { q.elements[r * vectors.count + j] = y[r] } }
        self.eigenvalues = values
        self.eigenvectors = q
        self.iterations = steps
        self.byInverseIteration = true
    }

    /// The k largest or smallest eigenpairs of H T Hᵀ by inverse iteration on T: eigenvalues
    /// from QR without vectors (O(n²)); for each, three solves with T − λI (LU with partial
    /// pivoting, O(n) each) from a seeded random start, orthogonalised (twice) against the pairs
    /// already found, so that close and multiple eigenvalues get orthonormal vectors; then
    /// y = H z (2n² flops each). Cost 4n³/3 + O(n²) + 2n²k instead of ~6n³. Returns nil unless
    /// every ‖Tz − λz‖ ≤ n·ε·‖T‖_∞ and |z_iᵀz_j − δ_ij| ≤ n·ε (the caller then rotates all vectors).
    @inlinable
    static func fewEigenpairs(_ reduction: HouseholderTridiagonal<T>, largest: Bool, count k: Int, operation: String) throws
        -> (values: [T], vectors: [[T]], steps: Int)? {
        let n = reduction.n
        let t0 = reduction.diagonal, t1 = reduction.offDiagonal
        var d = t0, e = t1, none: [T] = []
        let steps = try tridiagonalQR(&d, &e, vectors: &none, stride: 0, operation: operation)
        d.sort()
        let chosen = largest ? Array(d.suffix(k)) : Array(d.prefix(k))
        let eps = T.ulpOfOne
        var tnorm = T.zero
        for i in 0..<n {
            let row = abs(t0[i]) + (i > 0 ? abs(t1[i - 1]) : .zero) + (i + 1 < n ? abs(t1[i]) : .zero)
            tnorm = Swift.max(tnorm, row)
        }
        guard tnorm > .zero else { return nil }
        func tridiagonalResidual(_ z: [T], _ lambda: T) -> T {
            var r = [T](repeating: .zero, count: n)
            for i in 0..<n {
                var s = (t0[i] - lambda) * z[i]
                if i > 0 { s += t1[i - 1] * z[i - 1] }
                if i + 1 < n { s += t1[i] * z[i + 1] }
                r[i] = s
            }
            return Vector.norm2(r)
        }
        var rng = SeededGenerator(seed: 0x1A7E_5EED)
        var zs = [[T]]()
        for lambda in chosen {
            let lu = TridiagonalLU(t0, t1, shift: lambda, tiny: eps * tnorm)
            var v = (0..<n).map { _ in rng.normal(T.self) }
            for _ in 0..<3 {
                var x = lu.solve(v)
                for _ in 0..<2 {
                    for z in zs {
                        var c = T.zero
                        for i in 0..<n { c += z[i] * x[i] }
                        for i in 0..<n { x[i] -= c * z[i] }
                    }
                }
                let norm = Vector.norm2(x)
                guard norm > .zero, norm.isFinite else { return nil }
                v = x.map { $0 / norm }
            }
            guard tridiagonalResidual(v, lambda) <= T(n) * eps * tnorm else { return nil }
            for z in zs {
                var c = T.zero
                for i in 0..<n { c += z[i] * v[i] }
                guard abs(c) <= T(n) * eps else { return nil }
            }
            zs.append(v)
        }
        // y = H z = P_{n−1}(⋯(P_2 z)).
        let vectors: [[T]] = reduction.reflectors.withUnsafeBufferPointer { rb in
            zs.map { z in
                var y = z
                for m in 2..<Swift.max(n, 2) where reduction.tau[m] != .zero {
                    let u = rb.baseAddress! + HouseholderTridiagonal<T>.rowStart(m)
                    var s = T.zero
                    for j in 0..<m { s += u[j] * y[j] }
                    s *= reduction.tau[m]
                    for j in 0..<m { y[j] -= s * u[j] }
                }
                return y
            }
        }
        return (chosen, vectors, steps)
    }

    /// All eigenvalues in ascending order, without eigenvectors (`.valuesOnly`).
    @inlinable
    public static func eigenvalues(of matrix: Matrix<T>, symmetryTolerance: T? = nil) throws -> [T] {
        try Self(matrix, selection: .valuesOnly, symmetryTolerance: symmetryTolerance).eigenvalues
    }

    /// Implicit QR with Wilkinson shifts on the tridiagonal (d, e). When `vectors` is not empty
    /// its rows (stride `ld`) are rotated along (row k ← c·row k + s·row k+1, row k+1 ← c·row k+1 −
    /// s·row k for each rotation). On return d holds the eigenvalues (unsorted). Returns the
    /// number of QR steps.
    @inlinable
    static func tridiagonalQR(_ d: inout [T], _ e: inout [T], vectors: inout [T], stride ld: Int, operation: String) throws -> Int {
        let n = d.count
        guard n > 1 else { return 0 }
        // With vectors, every QR step costs a sweep of rotations over n-vectors, so the steps are
        // worth saving: the eigenvalues are computed first (O(n²), no vectors) and used as shifts.
        if vectors.isEmpty { return try rootFreeQR(&d, e, operation: operation) }
        var pool = d
        let poolSteps = try rootFreeQR(&pool, e, operation: operation)
        pool.sort()
        let eps = T.ulpOfOne
        let withVectors = !vectors.isEmpty
        var log = RotationLog<T>(capacity: withVectors ? Swift.max(4096, 4 * n) : 0)
        var steps = 0
        // Absolute deflation floor ε·‖T‖_F·√n/4: zeroing each of at most n − 1 entries below it
        // perturbs T by at most √(2n)·ε·‖T‖_F·√n/4 = (√2/4)·n·ε·‖T‖_F in Frobenius norm, a
        // third of one unit of the residual ratio ‖A − QΛQᵀ‖_F/(n·ε·‖A‖_F), and it lets a step
        // with an almost exact shift deflate although rounding left its e_k at a few ε·‖T‖.
        var squares = T.zero
        for k in 0..<n { squares += d[k] * d[k] }
        for k in 0..<(n - 1) { squares += 2 * e[k] * e[k] }
        let absoluteFloor = Swift.max(eps * squares.squareRoot() * T(n).squareRoot() / 4, T.leastNormalMagnitude)
        var hi = n - 1
        var lastPoolShift = -1
        @inline(__always) func negligible(_ k: Int) -> Bool {
            let x = abs(e[k])
            if x <= absoluteFloor { return true }
            // √(|d_k|·|d_k+1|) ≤ (|d_k| + |d_k+1|)/2: the cheap test rules out most entries first.
            let a = abs(d[k]), b = abs(d[k + 1])
            return x <= eps * (a + b) && x <= eps * a.squareRoot() * b.squareRoot()
        }
        while hi > 0 {
            if negligible(hi - 1) {
                e[hi - 1] = .zero
                if !pool.isEmpty { pool.remove(at: Self.nearest(d[hi], in: pool)) }
                hi -= 1
                continue
            }
            var lo = hi - 1
            while lo > 0 && !negligible(lo - 1) { lo -= 1 }
            if lo > 0 { e[lo - 1] = .zero }
            steps += 1
            if steps > 30 * n { throw NumericsError.noConvergence(operation: operation, iterations: steps) }
            if hi - lo == 1 {
                // A 2×2 block: one rotation diagonalises it exactly (cot 2θ = (a − p)/(2b)).
                let a = d[lo], b = e[lo], p = d[hi]
                let zeta = (a - p) / (2 * b)
                let t: T = abs(zeta) > 1 / eps ? 1 / (2 * zeta)
                    : (zeta >= .zero ? T.one : -T.one) / (abs(zeta) + (zeta * zeta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                let g = s * (s * (a - p) - 2 * c * b)
                d[lo] = a - g
                d[hi] = p + g
                e[lo] = .zero
                if withVectors { log.append(lo, c, s, into: &vectors, stride: ld) }
                continue
            }
            // Wilkinson shift: the eigenvalue of the trailing 2×2 block nearer its last entry.
            let a = d[hi - 1], b = e[hi - 1], p = d[hi]
            let delta = (a - p) / 2
            let root = Self.hypot(delta, b)
            var mu = p - b * (b / (delta + (delta >= .zero ? root : -root)))
            // An eigenvalue computed without vectors, nearest the Wilkinson shift, is an almost
            // exact shift: the bottom usually deflates after one step. If it did not (forward
            // instability of the chase), the next steps at this position use Wilkinson's shift.
            if !pool.isEmpty && lastPoolShift != hi {
                mu = pool[Self.nearest(mu, in: pool)]
                lastPoolShift = hi
            }
            var x = d[lo] - mu, z = e[lo]
            for k in lo..<hi {
                let r = Self.hypot(x, z)
                let c: T, s: T
                if r == .zero { c = .one; s = .zero } else { let inv = 1 / r; c = x * inv; s = z * inv }
                if k > lo { e[k - 1] = r }
                let dk = d[k], ek = e[k], dk1 = d[k + 1]
                // Gᵀ [[dk, ek], [ek, dk1]] G for the rotation (c, s); the trace is kept exactly.
                let g = s * (s * (dk - dk1) - 2 * c * ek)
                d[k] = dk - g
                d[k + 1] = dk1 + g
                e[k] = (c - s) * (c + s) * ek - c * s * (dk - dk1)
                if k + 1 < hi { z = s * e[k + 1]; e[k + 1] = c * e[k + 1] }
                x = e[k]
                if withVectors { log.append(k, c, s, into: &vectors, stride: ld) }
            }
        }
        if withVectors { log.flush(into: &vectors, stride: ld) }
        return steps + poolSteps
    }

    /// Index of the entry of the sorted, non-empty `values` nearest x.
    @inlinable
    static func nearest(_ x: T, in values: [T]) -> Int {
        var lo = 0, hi = values.count
        while lo < hi { let mid = (lo + hi) / 2; if values[mid] < x { lo = mid + 1 } else { hi = mid } }
        if lo == values.count { return lo - 1 }
        if lo > 0 && x - values[lo - 1] < values[lo] - x { return lo - 1 }
        return lo
    }

    /// Eigenvalues only: the same implicit QR steps with Wilkinson shifts, carried out on the
    /// squares E_k = e_k² (root-free: no square root per rotation, the signs of the e_k do not
    /// affect the eigenvalues). With π_k the k-th pivot of the QR factorisation of T − μI,
    /// c_k² = π_k²/(π_k² + E_k) and γ_k = c_{k−1}·π_k, the step is γ_{k+1} = c_k²(d_{k+1} − μ) −
    /// s_k²·γ_k, d′_k = d_{k+1} + γ_k − γ_{k+1}, E′_{k−1} = s_{k−1}²·(π_k² + E_k), and
    /// π_{k+1}² = γ_{k+1}²/c_k² (= c_{k−1}²·E_k when c_k = 0); the last entry is d′ = μ + γ.
    /// Same deflation rules as `tridiagonalQR` (on squares). On return d holds the eigenvalues
    /// (unsorted); returns the number of QR steps.
    @inlinable
    static func rootFreeQR(_ d: inout [T], _ e: [T], operation: String) throws -> Int {
        let n = d.count
        guard n > 1 else { return 0 }
        let eps = T.ulpOfOne
        var sq = e.map { $0 * $0 }
        var squares = T.zero
        for k in 0..<n { squares += d[k] * d[k] }
        for k in 0..<(n - 1) { squares += 2 * sq[k] }
        let floor = Swift.max(eps * squares.squareRoot() * T(n).squareRoot() / 4, T.leastNormalMagnitude)
        let floorSquared = floor * floor
        let eps2 = eps * eps
        @inline(__always) func negligible(_ k: Int) -> Bool {
            let x = sq[k]
            if x <= floorSquared { return true }
            let a = abs(d[k]), b = abs(d[k + 1])
            return x <= eps2 * (a + b) * (a + b) && x <= eps2 * a * b
        }
        var steps = 0
        var hi = n - 1
        while hi > 0 {
            if negligible(hi - 1) { sq[hi - 1] = .zero; hi -= 1; continue }
            var lo = hi - 1
            while lo > 0 && !negligible(lo - 1) { lo -= 1 }
            if lo > 0 { sq[lo - 1] = .zero }
            steps += 1
            if steps > 30 * n { throw NumericsError.noConvergence(operation: operation, iterations: steps) }
            // The eigenvalue of the trailing 2×2 block nearer its last entry (Wilkinson's shift).
            let a = d[hi - 1], b2 = sq[hi - 1], p = d[hi]
            let delta = (a - p) / 2
            let root = (delta * delta + b2).squareRoot()
            let mu = p - b2 / (delta + (delta >= .zero ? root : -root))
            if hi - lo == 1 {
                // A 2×2 block: both eigenvalues directly (trace kept).
                d[hi] = mu
                d[lo] = a + p - mu
                sq[lo] = .zero
                continue
            }
            var g = d[lo] - mu
            var pi2 = g * g
            var cPrev2 = T.one, sPrev2 = T.zero
            for k in lo..<hi {
                let r2 = pi2 + sq[k]
                if k > lo { sq[k - 1] = sPrev2 * r2 }
                let inv = 1 / r2
                let c2 = pi2 * inv, s2 = sq[k] * inv
                let gNext = c2 * (d[k + 1] - mu) - s2 * g
                d[k] = d[k + 1] + g - gNext
                pi2 = c2 != .zero ? gNext * gNext / c2 : cPrev2 * sq[k]
                cPrev2 = c2
                sPrev2 = s2
                g = gNext
            }
            sq[hi - 1] = sPrev2 * pi2
            d[hi] = mu + g
        }
        return steps
    }

    /// √(x² + y²) without spurious overflow or underflow.
    @inlinable @inline(__always)
    static func hypot(_ x: T, _ y: T) -> T {
        let q = x * x + y * y
        // Fast path: the sum of squares neither overflowed nor came near underflow.
        if q.isFinite && q >= T.leastNormalMagnitude / T.ulpOfOne { return q.squareRoot() }
        let m = Swift.max(abs(x), abs(y))
        if m == .zero || !m.isFinite { return m }
        let a = x / m, b = y / m
        return m * (a * a + b * b).squareRoot()
    }

    /// Residual ratios ‖A Q − Q Λ‖_F / (n·ε·max(‖A‖_F, s)) and ‖I − QᵀQ‖_F / (n·ε) (for a full
    /// decomposition the first is ‖A − QΛQᵀ‖_F measured as in `SymmetricEigendecomposition`).
    /// Scale invariant, as there. Empty for `.valuesOnly`: throws `.invalidArgument`.
    @inlinable
    public func residualRatios(for a: Matrix<T>) throws -> (decomposition: T, orthogonality: T) {
        guard eigenvectors.columns == eigenvalues.count else {
            throw NumericsError.invalidArgument(operation: "residual ratios", detail: "no eigenvectors were computed")
        }
        return try symmetricEigenResidualRatios(a, eigenvalues: eigenvalues, eigenvectors: eigenvectors)
    }
}

/// Gaussian elimination with partial pivoting of the tridiagonal T − σI (diagonal d − σ,
/// off-diagonal e), for the solves of inverse iteration: U has two superdiagonals after the row
/// interchanges; a zero pivot is replaced by `tiny` (the solve then returns a huge, but finite,
/// vector in the near-null direction — what inverse iteration wants).
@usableFromInline
struct TridiagonalLU<T: RealFloat> {
    @usableFromInline var u0: [T], u1: [T], u2: [T], multiplier: [T]
    @usableFromInline var swapped: [Bool]

    @inlinable
    init(_ d: [T], _ e: [T], shift: T, tiny: T) {
        let n = d.count
        u0 = [T](repeating: .zero, count: n); u1 = u0; u2 = u0
        multiplier = [T](repeating: .zero, count: Swift.max(n - 1, 0))
        swapped = [Bool](repeating: false, count: Swift.max(n - 1, 0))
        // The row still to be eliminated: entries in columns i, i+1, i+2.
        var p0 = d[0] - shift, p1: T = n > 1 ? e[0] : .zero, p2 = T.zero
        for i in 0..<(n - 1) {
            let q0 = e[i], q1 = d[i + 1] - shift, q2: T = i + 2 < n ? e[i + 1] : .zero
            var pivot = (p0, p1, p2), other = (q0, q1, q2)
            if abs(q0) > abs(p0) { swap(&pivot, &other); swapped[i] = true }
            if pivot.0 == .zero { pivot.0 = tiny }
            let l = other.0 / pivot.0
            multiplier[i] = l
            u0[i] = pivot.0; u1[i] = pivot.1; u2[i] = pivot.2
            p0 = other.1 - l * pivot.1
            p1 = other.2 - l * pivot.2
            p2 = .zero
        }
        u0[n - 1] = p0 == .zero ? tiny : p0
    }

    /// x with (T − σI) x = b (up to the pivot replacement).
    @inlinable
    func solve(_ b: [T]) -> [T] {
        let n = b.count
        var y = b
        for i in 0..<(n - 1) {
            if swapped[i] { y.swapAt(i, i + 1) }
            y[i + 1] -= multiplier[i] * y[i]
        }
        var x = [T](repeating: .zero, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            if i + 1 < n { s -= u1[i] * x[i + 1] }
            if i + 2 < n { s -= u2[i] * x[i + 2] }
            x[i] = s / u0[i]
        }
        return x
    }
}

/// Rotations waiting to be applied to the stored eigenvectors (rows of a row-major array).
@usableFromInline
struct RotationLog<T: RealFloat> {
    @usableFromInline var index: [Int]
    @usableFromInline var cosine: [T]
    @usableFromInline var sine: [T]
    @usableFromInline let capacity: Int

    @inlinable
    init(capacity: Int) {
        self.capacity = capacity
        index = []; cosine = []; sine = []
        index.reserveCapacity(capacity); cosine.reserveCapacity(capacity); sine.reserveCapacity(capacity)
    }

    @inlinable @inline(__always)
    mutating func append(_ k: Int, _ c: T, _ s: T, into rows: inout [T], stride ld: Int) {
        index.append(k); cosine.append(c); sine.append(s)
        if index.count >= capacity { flush(into: &rows, stride: ld) }
    }

    /// Applies the logged rotations in order, one column strip of the rows at a time: a strip of
    /// all n rows stays in the (1 MiB-class) L2 cache while every rotation passes over it.
    @inlinable
    mutating func flush(into rows: inout [T], stride ld: Int) {
        let count = index.count
        guard count > 0 else { return }
        let n = rows.count / ld
        let width = Swift.max(16, Swift.min(n, (65_536 / Swift.max(n, 1)) & ~7))
        rows.withUnsafeMutableBufferPointer { rb in
            index.withUnsafeBufferPointer { ib in
                cosine.withUnsafeBufferPointer { cb in
                    sine.withUnsafeBufferPointer { sb in
                        let base = rb.baseAddress!
                        var c0 = 0
                        while c0 < n {
                            let w = Swift.min(width, n - c0)
                            for r in 0..<count {
                                let x = base + ib[r] * ld + c0, y = x + ld
                                let c = cb[r], s = sb[r]
                                var j = 0
                                while j < w {
                                    let xj = x[j], yj = y[j]
                                    x[j] = c * xj + s * yj
                                    y[j] = c * yj - s * xj
                                    j &+= 1
                                }
                            }
                            c0 += w
                        }
                    }
                }
            }
        }
        index.removeAll(keepingCapacity: true)
        cosine.removeAll(keepingCapacity: true)
        sine.removeAll(keepingCapacity: true)
    }
}

/// LAPACK-style residual ratios of any claimed eigendecomposition of a symmetric A:
/// ‖A Q − Q Λ‖_F / (n·ε·max(‖A‖_F, s)) and ‖I − QᵀQ‖_F / (n·ε) for n×k Q (k ≤ n), s the safe
/// minimum; for k = n the first ratio is ‖A − QΛQᵀ‖_F. Computed on the exactly rescaled 2^k·A
/// and 2^k·Λ (max |2^k a_ij| ∈ [1, 2)), so nothing overflows and the ratios are scale invariant.
/// Cost: two n×n×k products. LAPACK's test suite accepts both ratios below 60.
/// - Throws: `.dimensionMismatch` unless A is n×n and Q is n×k with k = `eigenvalues.count`;
///   `.nonFinite` for a non-finite entry of A.
@inlinable
public func symmetricEigenResidualRatios<T: RealFloat>(_ a: Matrix<T>, eigenvalues: [T], eigenvectors q: Matrix<T>) throws -> (decomposition: T, orthogonality: T) {
    let n = a.rows
    guard a.rows == q.rows, a.columns == q.rows, q.columns == eigenvalues.count else {
        throw NumericsError.dimensionMismatch(operation: "residual ratios", expected: "\(q.rows)×\(q.rows)", got: "\(a.rows)×\(a.columns)")
    }
    try a.elements.requireFinite("residual ratios")
    let k = Vector.unitRangeExponent(a.maxAbs)
    let scaledA = try Matrix(rows: n, columns: n, elements: a.elements.map { Vector.timesPowerOfTwo($0, k) })
    let scaledLambda = eigenvalues.map { Vector.timesPowerOfTwo($0, k) }
    let residual: Matrix<T>
    if q.columns == n {
        residual = try scaledA.subtracting(q.multiplied(by: Matrix.diagonal(scaledLambda)).multiplied(by: q.transposed))
    } else {
        residual = try scaledA.multiplied(by: q).subtracting(q.multiplied(by: Matrix.diagonal(scaledLambda)))
    }
    let nn = T(Swift.max(n, 1))
    let eps = T.ulpOfOne
    let floor = Vector.timesPowerOfTwo(T.leastNormalMagnitude, k)
    let decomposition = (residual.frobeniusNorm / Swift.max(scaledA.frobeniusNorm, floor)) / (nn * eps)
    let qtq = try q.transposed.multiplied(by: q)
    let orth = try qtq.subtracting(Matrix.identity(q.columns)).frobeniusNorm / (nn * eps)
    return (decomposition, orth)
}
