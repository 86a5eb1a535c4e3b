import Numerics

/// Least squares on twin data sets that share their features and differ in one label:
/// f(w; (x, y)) = ½(xᵀw − y)², so f_y(u) = ½(u − y)² has f″ = 1 (γ = β = 1 in Theorem 2's notation).
///
/// With shared features, Δ_{t+1} = (I − α x x ᵀ)Δ_t + α(y_i − y'_i)x_i for the sampled i, so the MEAN
/// divergence follows the exact linear recursion E Δ_{t+1} = (I − αH̄)E Δ_t + (α/n)(y_i − y'_i)x_i with
/// H̄ = (1/n)Σ x_j x_jᵀ, and E‖Δ_T‖ ≥ ‖E Δ_T‖ (Jensen): a certified lower bound on the divergence.
public struct LinearModelTwins: Sendable {
    public let features: [[Double]]
    public let labels: [Double]
    public let labelsPrime: [Double]
    public let differingIndex: Int
    public let alpha: Double
    public let initial: [Double]

    /// Throws for empty or ragged data, non-finite values, labels that do not differ in exactly one
    /// index, a non-positive step, or an initial point of the wrong dimension.
    public init(features: [[Double]], labels: [Double], labelsPrime: [Double], alpha: Double, initial: [Double]) throws {
        guard let d = features.first?.count, d > 0 else { throw NumericsError.empty(operation: "LinearModelTwins features") }
        guard labels.count == features.count, labelsPrime.count == features.count else {
            throw NumericsError.dimensionMismatch(operation: "LinearModelTwins", expected: "\(features.count) labels in S and S'", got: "\(labels.count), \(labelsPrime.count)")
        }
        for x in features {
            guard x.count == d else { throw NumericsError.dimensionMismatch(operation: "LinearModelTwins", expected: "dimension \(d)", got: "\(x.count)") }
            try x.requireFinite("LinearModelTwins features")
        }
        try (labels + labelsPrime + initial).requireFinite("LinearModelTwins labels / initial point")
        guard initial.count == d else { throw NumericsError.dimensionMismatch(operation: "LinearModelTwins initial point", expected: "\(d)", got: "\(initial.count)") }
        guard alpha.isFinite, alpha > 0 else { throw NumericsError.invalidArgument(operation: "LinearModelTwins", detail: "step \(alpha) must be > 0") }
        let differing = (0..<labels.count).filter { labels[$0] != labelsPrime[$0] }
        guard differing.count == 1 else {
            throw NumericsError.invalidArgument(operation: "LinearModelTwins", detail: "S and S' must differ in exactly one label; they differ in \(differing.count)")
        }
        self.features = features; self.labels = labels; self.labelsPrime = labelsPrime
        differingIndex = differing[0]; self.alpha = alpha; self.initial = initial
    }

    public var n: Int { features.count }
    public var d: Int { features[0].count }

    /// R = max ‖x_j‖.
    public var radius: Double { features.map { Vector.norm2($0) }.max() ?? 0 }

    /// ξ = min_j x_jᵀHx_j with H = (1/n)Σ x_i x_iᵀ, i.e. min_j (1/n)Σ_i (x_jᵀx_i)² (the paper's Def. 5), exactly
    /// (the Doubles are converted exactly; throws `.overflow` when 128-bit rationals cannot hold it).
    public func exactSelfCorrelation() throws -> Rational {
        let xs = try features.map { try $0.map { try Rational(exactly: $0) } }
        var best: Rational?
        for xj in xs {
            var s = Rational.zero
            for xi in xs { let p = try Exact.dot(xj, xi); s = try s + p * p }
            let v = try s / Rational(xs.count)
            best = best.map { min($0, v) } ?? v
        }
        return best! // features non-empty (checked in init)
    }

    /// ξ in Double (when exact arithmetic does not fit).
    public var selfCorrelation: Double {
        features.map { xj in features.reduce(0.0) { let p = zip(xj, $1).reduce(0) { $0 + $1.0 * $1.1 }; return $0 + p * p } / Double(n) }.min() ?? 0
    }

    /// μ = min over unit u in V = span{x_j} of uᵀH_{−i}u, H_{−i} = (1/n)Σ_{j≠i} x_j x_jᵀ: the restricted smallest
    /// eigenvalue of the corrected Theorem 2. V is the range of H = (1/n)Σ x_j x_jᵀ, taken as the eigenvectors
    /// with eigenvalue above 100·d·ε·λ_max (a relative rank threshold); μ = λ_min(BᵀH_{−i}B) for that basis B.
    public func restrictedEigenvalue() throws -> Double {
        func gram(_ skip: Int?) throws -> Matrix<Double> {
            var m = try Matrix<Double>(rows: d, columns: d)
            for (j, x) in features.enumerated() where j != skip { for a in 0..<d { for b in 0..<d { m[a, b] += x[a] * x[b] / Double(n) } } }
            return m
        }
        let full = try SymmetricEigendecomposition(try gram(nil))
        let lmax = full.eigenvalues.map(abs).max() ?? 0
        let basis = (0..<d).filter { full.eigenvalues[$0] > 100 * Double(d) * Double.ulpOfOne * lmax }
        guard !basis.isEmpty else { return 0 }
        let hMinus = try gram(differingIndex)
        var restricted = try Matrix<Double>(rows: basis.count, columns: basis.count)
        for (p, i) in basis.enumerated() {
            for (q, j) in basis.enumerated() {
                var s = 0.0
                for a in 0..<d { for b in 0..<d { s += full.eigenvectors[a, i] * hMinus[a, b] * full.eigenvectors[b, j] } }
                restricted[p, q] = s
            }
        }
        return try SymmetricEigendecomposition(restricted, symmetryTolerance: 1e-12 * max(lmax, 1)).eigenvalues.min() ?? 0
    }

    /// A certified lower bound on ‖E Δ_T‖ (hence on E‖Δ_T‖, by Jensen), from the closed form of the exact mean
    /// recursion: with M = I − αH̄ and c = (α/n)(y_i − y'_i)x_i, E Δ_T = (I − M^T)m* where H̄m* = c/α is solved in
    /// exact rationals. When α·tr H̄ ≤ 1 every eigenvalue of M lies in [0, 1 − αλ_min], and λ_min ≥ det H̄/(tr H̄)^{d−1}
    /// (because λ_min·λ_max^{d−1} ≥ det and λ_max ≤ tr), so ‖E Δ_T‖ ≥ ‖m*‖·(1 − e^{−Tαλ_lb}), evaluated with
    /// outward rounding. Returns 0 (a valid but empty bound) when H̄ is singular, α·tr H̄ > 1, or the exact
    /// arithmetic overflows. Also returns the enclosure of the limit ‖m*‖ when it was computed.
    public func meanDivergenceLowerBound(horizon: Int) throws -> (lower: Double, limit: Interval?) {
        guard horizon >= 1 else { throw NumericsError.invalidArgument(operation: "meanDivergenceLowerBound", detail: "horizon \(horizon) must be ≥ 1") }
        do {
            let xs = try features.map { try $0.map { try Rational(exactly: $0) } }
            let invN = try Rational(1, n)
            var h = Exact.zeros(d, d)
            for x in xs { h = try Exact.add(h, Exact.scale(Exact.outer(x, x), by: invN)) }
            let dy = try Rational(exactly: labels[differingIndex]) - Rational(exactly: labelsPrime[differingIndex])
            let (mStar, det) = try Exact.solve(h, Exact.scale(xs[differingIndex], by: dy * invN))
            let tr = try Exact.trace(h)
            let a = try Rational(exactly: alpha)
            let aTrace = try a * tr
            guard !(Rational.one < aTrace), Rational.zero < det else { return (0, nil) }
            var trPower = Rational.one
            for _ in 0..<(d - 1) { trPower = try trPower * tr }
            let lambdaLow = try det / trPower
            let limit = try Interval.enclosing(Exact.squaredNorm(mStar)).squareRoot()
            // ρ^T ≤ (1 − αλ_lb)^T ≤ e^{−Tαλ_lb}; below e^{−700} use e^{−700} (exp's certified range).
            let exponent = try Interval(Double(horizon)) * Interval.enclosing(a * lambdaLow)
            let decay = exponent.lower > 700 ? try Interval(-700).exp() : try (-exponent).exp()
            let lower = (limit.lower * (1 - decay.upper).nextDown).nextDown
            return (max(0, lower), limit)
        } catch NumericsError.overflow {
            return (0, nil)
        } catch NumericsError.singular {
            return (0, nil)
        }
    }

    /// Monte Carlo of the coupled runs: mean and standard error of ‖Δ_T‖ over `paths` index streams, and
    /// the largest |f′| = |xᵀw − y| met by either run at any data point of S ∪ S' on those paths.
    @inlinable
    public func simulate(paths: Int, horizon: Int, seedOffset: UInt64 = 0) throws -> (mean: Double, standardError: Double, pathMaxDerivative: Double) {
        var w = Welford<Double>()
        var maxDerivative = 0.0
        let ys = labels, yps = labelsPrime, xs = features, dd = d, step = alpha
        for p in 0..<paths {
            var stream = try IndexStream(n: n, scheme: .withReplacement, seed: seedOffset &+ UInt64(p))
            var u = initial, v = initial
            for _ in 0..<horizon {
                let i = try stream.next()
                var ru = -ys[i], rv = -yps[i]
                for k in 0..<dd { ru += xs[i][k] * u[k]; rv += xs[i][k] * v[k] }
                for k in 0..<dd { u[k] -= step * ru * xs[i][k]; v[k] -= step * rv * xs[i][k] }
                for j in 0..<xs.count {
                    var a = 0.0, b = 0.0
                    for k in 0..<dd { a += xs[j][k] * u[k]; b += xs[j][k] * v[k] }
                    maxDerivative = max(maxDerivative, abs(a - ys[j]), abs(a - yps[j]), abs(b - ys[j]), abs(b - yps[j]))
                }
            }
            try w.add(Vector.norm2(zip(u, v).map { $0 - $1 }))
        }
        return (w.mean, try w.standardError(), maxDerivative)
    }
}

extension LinearModelTwins {
    /// The catalog's counterexample to Theorem 2: n − 1 points (e1, 1) and the differing point x_n = (1, φ)
    /// with label 1 + φb in S and 1 − φb in S'; w_0 = (1, 0), α = 1/2. Both data sets are consistent:
    /// w*_S = (1, b), w*_S' = (1, −b), and ‖w_0 − w*‖ = b for both.
    public static func counterexample(n: Int, phi: Double = 0.5, b: Double = 1) throws -> LinearModelTwins {
        guard n >= 3 else { throw NumericsError.invalidArgument(operation: "LinearModelTwins.counterexample", detail: "n = \(n) must be ≥ 3") }
        let xs = Array(repeating: [1.0, 0.0], count: n - 1) + [[1, phi]]
        let ys = Array(repeating: 1.0, count: n - 1)
        return try LinearModelTwins(features: xs, labels: ys + [1 + phi * b], labelsPrime: ys + [1 - phi * b], alpha: 0.5, initial: [1, 0])
    }

    /// The rigorous Lipschitz constant of the counterexample on the balls the runs cannot leave: each step maps
    /// w − w* by I − αxxᵀ, a non-expansion for α‖x‖² ≤ 2, so the S-run stays in B(w*_S, b) and the S'-run in
    /// B(w*_S', b). There |xᵀw − y| ≤ R·b at the run's own labels and R·b + 2φb at the other set's differing
    /// label (the charitable reading, which makes L larger and the bound weaker).
    public static func counterexampleLipschitz(phi: Double = 0.5, b: Double = 1) throws -> Interval {
        let r = try (Interval(1) + Interval(phi).squared()).squareRoot()
        return r * (try Interval(b)) + (try Interval(2 * phi * b))
    }

    /// A variant with μ > 0: the shared points alternate (1, φ) and (1, −φ), the differing point is (1, φ) with
    /// labels 1 ± φb; w_0 = (1, 0), α = 1/2.
    public static func alternating(n: Int, phi: Double, b: Double = 1) throws -> LinearModelTwins {
        let xs = (0..<(n - 1)).map { [1.0, $0 % 2 == 0 ? phi : -phi] } + [[1, phi]]
        let ys = Array(repeating: 1.0, count: n - 1)
        return try LinearModelTwins(features: xs, labels: ys + [1 + phi * b], labelsPrime: ys + [1 - phi * b], alpha: 0.5, initial: [1, 0])
    }

    /// Well-conditioned random data: standard normal features, labels ±1, a differing label flipped, α = 1/R².
    public static func random(n: Int, d: Int, seed: UInt64) throws -> LinearModelTwins {
        var rng = SeededGenerator(seed: seed)
        let xs = (0..<n).map { _ in (0..<d).map { _ in rng.normal() } }
        let ys = try (0..<n).map { _ in try rng.int(below: 2) == 0 ? -1.0 : 1.0 }
        var yp = ys
        yp[n - 1] = -ys[n - 1]
        let r2 = xs.map { $0.reduce(0) { $0 + $1 * $1 } }.max() ?? 1
        return try LinearModelTwins(features: xs, labels: ys, labelsPrime: yp, alpha: 1 / r2, initial: Array(repeating: 0, count: d))
    }
}
