import Numerics

/// Exact rational Gaussian elimination for a square system A·x = b (partial pivoting on the first
/// non-zero entry). Throws `.notSquare`/`.dimensionMismatch` naming `a`/`b`, `.singular` when A is
/// singular, and `.overflow` when an intermediate needs more than 127 bits.
public func solveExactly(_ a: [[Rational]], _ b: [Rational]) throws -> [Rational] {
    let n = a.count
    guard n > 0 else { throw NumericsError.empty(operation: "solveExactly (a)") }
    for row in a where row.count != n { throw NumericsError.notSquare(operation: "solveExactly (a)", rows: n, columns: row.count) }
    guard b.count == n else { throw NumericsError.dimensionMismatch(operation: "solveExactly (b)", expected: "length \(n)", got: "\(b.count)") }
    var m = a, r = b
    for c in 0..<n {
        guard let p = (c..<n).first(where: { !m[$0][c].isZero }) else { throw NumericsError.singular(operation: "solveExactly", column: c) }
        if p != c { m.swapAt(p, c); r.swapAt(p, c) }
        for i in (c + 1)..<max(n, c + 1) where !m[i][c].isZero {
            let f = try m[i][c] / m[c][c]
            for k in c..<n { m[i][k] = try m[i][k] - f * m[c][k] }
            r[i] = try r[i] - f * r[c]
        }
    }
    var x = [Rational](repeating: .zero, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
        var s = r[i]
        for k in (i + 1)..<max(n, i + 1) { s = try s - m[i][k] * x[k] }
        x[i] = try s / m[i][i]
    }
    return x
}

/// The least-squares construction of the catalog's HC-T6 entries: n samples in d = 5 whose fifth
/// feature copies the first (x_5 = x_1), so the data span the 4-dimensional subspace
/// V = {w : w_1 = w_5} and the Hessian H = (1/n) Σ x_j x_jᵀ has the null direction (e1 − e5)/√2.
/// Features are multiples of 1/4 (a rounded Gaussian times ¼·4), so every quantity of the data is an
/// exact rational with a small denominator. Labels: consistent (y = xᵀw_true, interpolation) or
/// noisy (plus a multiple of 1/8 from a rounded Gaussian of standard deviation `noise`).
public struct RankDeficientLeastSquares: Sendable {
    public let features: [[Double]]
    public let consistentLabels: [Double]
    public let noisyLabels: [Double]
    public let wTrue: [Double]
    public static let dimension = 5

    /// Throws `.invalidArgument` naming `n` (< 5) or `noise` (negative or not finite).
    public init(n: Int, noise: Double, seed: UInt64) throws {
        guard n >= 5 else { throw NumericsError.invalidArgument(operation: "RankDeficientLeastSquares", detail: "n = \(n) must be ≥ 5") }
        guard noise.isFinite, noise >= 0 else { throw NumericsError.invalidArgument(operation: "RankDeficientLeastSquares", detail: "noise = \(noise) must be finite and ≥ 0") }
        var rng = SeededGenerator(seed: seed)
        func quarter() -> Double { (4 * rng.normal()).rounded() / 4 }
        var xs: [[Double]] = []
        for _ in 0..<n {
            var x = (0..<4).map { _ in quarter() }
            x.append(x[0]) // x_5 = x_1
            xs.append(x)
        }
        // w_true has w_1 ≠ w_5, so the starting point 0 has a component along the null direction.
        let w = [0.75, -0.5, 1.25, 0.25, -0.25]
        features = xs; wTrue = w
        consistentLabels = xs.map { x in zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } } // dyadic: exact in Double
        noisyLabels = consistentLabels.map { $0 + (8 * noise * rng.normal()).rounded() / 8 }
    }

    /// Columns of a basis of V = span{x_j}: e1 + e5, e2, e3, e4 (rational, not normalised).
    public static var spanBasis: [[Rational]] {
        [[.one, .zero, .zero, .zero, .one], [.zero, .one, .zero, .zero, .zero], [.zero, .zero, .one, .zero, .zero], [.zero, .zero, .zero, .one, .zero]]
    }

    /// The unit null direction (e1 − e5)/√2 of H, as Doubles.
    public static var nullDirection: [Double] { let s = 0.5.squareRoot(); return [s, 0, 0, 0, -s] }
}

/// Exact facts of a least-squares problem restricted to a subspace V containing the data.
public enum LeastSquaresFacts {
    /// The least-squares solution inside V = span(basis): w = B·c with (BᵀXᵀXB)c = BᵀXᵀy. When V is the
    /// span of the data this is the minimum-norm least-squares solution. Exact.
    public static func solution(features: [[Rational]], labels: [Rational], basis: [[Rational]]) throws -> [Rational] {
        try validateFeatures(features, "LeastSquaresFacts.solution(features:)")
        guard features.count == labels.count else {
            throw NumericsError.dimensionMismatch(operation: "LeastSquaresFacts.solution", expected: "\(features.count) labels", got: "\(labels.count)")
        }
        let d = features[0].count
        for b in basis where b.count != d {
            throw NumericsError.dimensionMismatch(operation: "LeastSquaresFacts.solution (basis)", expected: "vectors of length \(d)", got: "\(b.count)")
        }
        let z = try features.map { x in try basis.map { try Exact.dot($0, x) } } // reduced features Bᵀx
        let r = basis.count
        var g = Exact.zeros(r, r), rhs = [Rational](repeating: .zero, count: r)
        for (k, zk) in z.enumerated() {
            for i in 0..<r {
                rhs[i] = try rhs[i] + zk[i] * labels[k]
                for j in 0..<r { g[i][j] = try g[i][j] + zk[i] * zk[j] }
            }
        }
        let c = try solveExactly(g, rhs)
        var w = [Rational](repeating: .zero, count: d)
        for (i, b) in basis.enumerated() { w = try Exact.add(w, try Exact.scale(b, by: c[i])) }
        return w
    }

    /// Residuals ε_j = y_j − x_jᵀw, exactly.
    public static func residuals(features: [[Rational]], labels: [Rational], at w: [Rational]) throws -> [Rational] {
        try zip(features, labels).map { try $0.1 - Exact.dot($0.0, w) }
    }

    /// μ = the smallest eigenvalue of H = (1/n)Σx_jx_jᵀ on V = span(basis) (the restricted smallest
    /// eigenvalue), computed in precision T from an orthonormal basis of V (Gram–Schmidt on the
    /// exact basis rounded once) and the symmetric eigensolver on QᵀHQ.
    public static func restrictedMinEigenvalue<T: RealFloat>(features: [[Rational]], basis: [[Rational]], _: T.Type) throws -> T {
        let h = try empiricalSecondMoment(of: features)
        let hT = h.map { $0.map { $0.value(as: T.self) } }
        var q: [[T]] = []
        for b in basis {
            var v = b.map { $0.value(as: T.self) }
            for u in q { let c = try Vector.dot(u, v); v = zip(v, u).map { $0 - c * $1 } }
            let nv = Vector.norm2(v)
            guard nv > .zero else { throw NumericsError.invalidArgument(operation: "restrictedMinEigenvalue", detail: "basis is linearly dependent") }
            q.append(v.map { $0 / nv })
        }
        let r = q.count
        var m = try Matrix<T>(rows: r, columns: r)
        for i in 0..<r {
            let hq = hT.map { row in zip(row, q[i]).reduce(T.zero) { $0 + $1.0 * $1.1 } }
            for j in 0..<r { m[j, i] = try Vector.dot(q[j], hq) }
        }
        for i in 0..<r { for j in 0..<i { let s = (m[i, j] + m[j, i]) / 2; m[i, j] = s; m[j, i] = s } }
        return try SymmetricEigendecomposition(m).eigenvalues[0]
    }
}

/// SGD on the per-sample losses f_j(w) = (s/2)(x_jᵀw − y_j)² with s = +1 (least squares) or s = −1
/// (the concave mirror image, for negative controls) and a constant step α: w ← w − s·α·x_j(x_jᵀw − y_j).
/// Generic over the precision; the data and the step are converted exactly (dyadic data) or rounded once.
public struct LeastSquaresSGD: Sendable {
    public let features: [[Double]]
    public let labels: [Double]
    public let sign: Double
    public let alpha: Rational

    /// Throws `.invalidArgument` naming `alpha` (≤ 0) or `sign` (not ±1), and the data checks of `LinearModel`.
    public init(features: [[Double]], labels: [Double], sign: Double, alpha: Rational) throws {
        _ = try LinearModel(features: features, labels: labels, link: .leastSquares) // validates the data
        guard Rational.zero < alpha else { throw NumericsError.invalidArgument(operation: "LeastSquaresSGD", detail: "alpha = \(alpha) must be > 0") }
        guard sign == 1 || sign == -1 else { throw NumericsError.invalidArgument(operation: "LeastSquaresSGD", detail: "sign = \(sign) must be ±1") }
        self.features = features; self.labels = labels; self.sign = sign; self.alpha = alpha
    }

    public var count: Int { features.count }
    public var dimension: Int { features[0].count }

    /// One path of `steps` updates from `initial` with indices drawn with replacement from `seed`;
    /// `observe(t, wBefore, wAfter, j, residual)`, when given, sees every step (for per-step
    /// measurements). A path whose largest coordinate exceeds `limit` (a diverging run) stops there,
    /// so values stay finite; the result says how many updates were made.
    @inlinable
    public func run<T: RealFloat>(_: T.Type, initial: [T], steps: Int, seed: UInt64, limit: T = T(1e100),
                                  observe: ((Int, [T], [T], Int, T) throws -> Void)? = nil) throws -> (w: [T], updates: Int) {
        guard initial.count == dimension else {
            throw NumericsError.dimensionMismatch(operation: "LeastSquaresSGD.run", expected: "initial of length \(dimension)", got: "\(initial.count)")
        }
        let d = dimension
        let xs = features.flatMap { $0.map { T($0) } }, ys = labels.map { T($0) }
        let a = T(sign) * alpha.value(as: T.self)
        var stream = try IndexStream(n: count, scheme: .withReplacement, seed: seed)
        var w = initial
        for t in 0..<steps {
            let j = try stream.next()
            var r = -ys[j]
            for k in 0..<d { r += xs[j * d + k] * w[k] }
            let c = a * r
            if let observe {
                let before = w
                for k in 0..<d { w[k] -= c * xs[j * d + k] }
                try observe(t, before, w, j, r)
            } else {
                for k in 0..<d { w[k] -= c * xs[j * d + k] }
            }
            if t & 63 == 63 || observe != nil, !(Vector.maxAbs(w) <= limit) { return (w, t + 1) }
        }
        return (w, steps)
    }

    /// The exact second-moment recursion of e_t = w_t − w* for a run started AT a point w* whose
    /// residuals ε_j = y_j − x_jᵀw* satisfy Σ_j ε_j x_j = 0 (the least-squares normal equations):
    /// e_{t+1} = M_j e_t + s·α·ε_j x_j with M_j = I − s·α·x_jx_jᵀ, E e_t = 0 for all t, so
    /// P_{t+1} = (1/n) Σ_j (M_j P_t M_j + α² ε_j² x_j x_jᵀ) and E‖e_t‖² = tr P_t. Returns tr P_t for
    /// t = 1…steps, in precision T (the only error is rounding). Stops early once tr P exceeds `cap`
    /// (a diverging recursion, e.g. for the concave mirror image), so the values stay finite.
    @inlinable
    public func secondMoments<T: RealFloat>(_: T.Type, residuals: [Rational], steps: Int, cap: T = T(1e100)) throws -> [T] {
        guard residuals.count == count else {
            throw NumericsError.dimensionMismatch(operation: "LeastSquaresSGD.secondMoments", expected: "\(count) residuals", got: "\(residuals.count)")
        }
        let d = dimension, n = T(count)
        let xs = features.flatMap { $0.map { T($0) } }
        let a = T(sign) * alpha.value(as: T.self), a2 = alpha.value(as: T.self) * alpha.value(as: T.self)
        let eps = residuals.map { $0.value(as: T.self) }
        var noise = [T](repeating: .zero, count: d * d)
        for j in 0..<count { for r in 0..<d { for c in 0..<d { noise[r * d + c] += a2 * eps[j] * eps[j] * xs[j * d + r] * xs[j * d + c] / n } } }
        var p = [T](repeating: .zero, count: d * d)
        var out: [T] = []
        out.reserveCapacity(steps)
        var px = [T](repeating: .zero, count: d)
        for _ in 0..<steps {
            var next = noise
            for j in 0..<count {
                let o = j * d
                // M P M = P − a(x (Px)ᵀ + (Px) xᵀ) + a²(xᵀPx) x xᵀ
                var xpx = T.zero
                for r in 0..<d {
                    var s = T.zero
                    for c in 0..<d { s += p[r * d + c] * xs[o + c] }
                    px[r] = s
                    xpx += xs[o + r] * s
                }
                for r in 0..<d {
                    for c in 0..<d {
                        let xr = xs[o + r], xc = xs[o + c]
                        let first: T = a * (xr * px[c] + px[r] * xc)
                        let second: T = a * a * xpx * xr * xc
                        next[r * d + c] += (p[r * d + c] - first + second) / n
                    }
                }
            }
            p = next
            var tr = T.zero
            for k in 0..<d { tr += p[k * d + k] }
            out.append(tr)
            if !(tr <= cap) { break }
        }
        return out
    }
}
