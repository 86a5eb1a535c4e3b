import Numerics

/// Exact moments of the per-sample least-squares gradient under a Gaussian design, for BS-T1.
///
/// Model: L = ½(xᵀθ − y)², x ~ N(0, S_x) with S_x = L·Lᵀ, y = xᵀθ* + ε, ε ~ N(0, σ²) independent.
/// With δ = θ − θ*, a = S_xδ, q = δᵀS_xδ and v = q + σ², the gradient g = x(xᵀδ − ε) has mean a and
///   Σ_pop = v·S_x + a·aᵀ,
///   m4 = E‖g − a‖⁴ = 60A² + 40vc + 3v²((Tr P)² + 2Tr P²) + 20AvTr P,
/// with P = S_x − aaᵀ/v, A = ‖a‖², c = aᵀPa. Both are also computed independently by Isserlis'
/// theorem (`wickMoment`) on the Gaussian vector (x, ε) in rational arithmetic.
public struct GaussianLeastSquaresGradient: Sendable {
    public let factor: [[Rational]]
    public let thetaStar: [Rational]
    public let theta: [Rational]
    public let noiseVariance: Rational

    /// Throws for a non-square or non-lower-triangular factor, mismatched lengths, or σ² < 0.
    public init(factor: [[Rational]], thetaStar: [Rational], theta: [Rational], noiseVariance: Rational) throws {
        let d = factor.count
        guard d >= 1, factor.allSatisfy({ $0.count == d }), thetaStar.count == d, theta.count == d else {
            throw NumericsError.dimensionMismatch(operation: "GaussianLeastSquaresGradient", expected: "a d×d factor and θ, θ* of length d", got: "factor \(d) rows, θ* \(thetaStar.count), θ \(theta.count)")
        }
        // `sample` forms x = Lw from the lower triangle only, while the closed forms use S_x = LLᵀ of the whole
        // factor: an entry above the diagonal would make the simulation and the exact moments disagree silently.
        for i in 0..<d {
            for j in (i + 1)..<max(i + 1, d) where !factor[i][j].isZero {
                throw NumericsError.invalidArgument(operation: "GaussianLeastSquaresGradient", detail: "factor L must be lower-triangular: L[\(i + 1)][\(j + 1)] = \(factor[i][j]) ≠ 0")
            }
        }
        guard !(noiseVariance < .zero) else { throw NumericsError.invalidArgument(operation: "GaussianLeastSquaresGradient", detail: "noise variance σ² = \(noiseVariance) must be ≥ 0") }
        self.factor = factor; self.thetaStar = thetaStar; self.theta = theta; self.noiseVariance = noiseVariance
    }

    public var dimension: Int { factor.count }

    /// S_x = L·Lᵀ.
    public func featureCovariance() throws -> [[Rational]] {
        let d = dimension
        return try (0..<d).map { i in try (0..<d).map { j in try Rational.sum((0..<d).map { try factor[i][$0] * factor[j][$0] }) } }
    }

    public struct Moments: Sendable, Equatable {
        public let mean: [Rational]
        public let covariance: [[Rational]]
        /// E‖g − E g‖⁴.
        public let fourthMoment: Rational
        /// ‖Σ_pop‖_F² = Tr Σ_pop².
        public let squaredFrobenius: Rational
        /// Tr Σ_pop.
        public let trace: Rational
    }

    /// Σ_pop and m4 by the closed forms above.
    public func closedForm() throws -> Moments {
        let s = try featureCovariance(), d = dimension
        let delta = try Exact.subtract(theta, thetaStar)
        let a = try Exact.apply(s, delta)
        let q = try Exact.dot(delta, a)
        let v = try q + noiseVariance
        let cov = try (0..<d).map { i in try (0..<d).map { j in try v * s[i][j] + a[i] * a[j] } }
        let bigA = try Exact.dot(a, a)
        let p = try (0..<d).map { i in try (0..<d).map { j in try s[i][j] - a[i] * a[j] / v } }
        let c = try Exact.dot(a, Exact.apply(p, a))
        let trP = try Exact.trace(p)
        var trP2 = Rational.zero
        for i in 0..<d { for j in 0..<d { trP2 = try trP2 + p[i][j] * p[j][i] } }
        let m4 = try Rational(60) * bigA * bigA + Rational(40) * v * c + Rational(3) * v * v * (trP * trP + Rational(2) * trP2) + Rational(20) * bigA * v * trP
        return try Moments(mean: a, covariance: cov, fourthMoment: m4, squaredFrobenius: GaussianLeastSquaresGradient.squaredFrobenius(cov), trace: Exact.trace(cov))
    }

    static func squaredFrobenius(_ m: [[Rational]]) throws -> Rational {
        try Rational.sum(m.flatMap { $0 }.map { try $0 * $0 })
    }

    /// Σ_pop and m4 by Isserlis' theorem: g_k = x_k(δᵀx − ε) is a polynomial in z = (x, ε), a
    /// zero-mean Gaussian with covariance diag-block(S_x, σ²); expand ‖g − a‖⁴ and Σ entries into
    /// monomials and take their Gaussian moments exactly.
    public func wickMoments() throws -> Moments {
        let d = dimension, s = try featureCovariance()
        var cz = Exact.zeros(d + 1, d + 1)
        for i in 0..<d { for j in 0..<d { cz[i][j] = s[i][j] } }
        cz[d][d] = noiseVariance
        let delta = try Exact.subtract(theta, thetaStar)
        let gaussian = GaussianMoments(covariance: cz)
        // Residual polynomial δᵀx − ε and gradient components x_k·(δᵀx − ε).
        var residual = Polynomial(variables: d + 1)
        for k in 0..<d { try residual.add(monomial: Polynomial.unit(k, of: d + 1), coefficient: delta[k]) }
        try residual.add(monomial: Polynomial.unit(d, of: d + 1), coefficient: -.one)
        let g = try (0..<d).map { try Polynomial.variable(k: $0, of: d + 1).times(residual) }
        let mean = try g.map { try gaussian.expectation($0) }
        let h = try (0..<d).map { try g[$0].plus(constant: -mean[$0]) }
        let cov = try (0..<d).map { i in try (0..<d).map { j in try gaussian.expectation(h[i].times(h[j])) } }
        var norm2 = Polynomial(variables: d + 1)
        for k in 0..<d { norm2 = try norm2.plus(h[k].times(h[k])) }
        let m4 = try gaussian.expectation(norm2.times(norm2))
        return try Moments(mean: mean, covariance: cov, fourthMoment: m4, squaredFrobenius: GaussianLeastSquaresGradient.squaredFrobenius(cov), trace: Exact.trace(cov))
    }

    /// Exact E‖C_N − Σ‖_F² for N i.i.d. vectors with centred fourth moment m4, ‖Σ‖_F² = s2 and
    /// Tr Σ = t1, C_N the 1/N-normalised sample covariance:
    ///   (m4 − s2)/N − 2(m4 − s2)/N² + [m4 + (N − 1)(t1² + 2s2)]/N³.
    public static func expectedSquaredError(n: Int, fourthMoment m4: Rational, squaredFrobenius s2: Rational, trace t1: Rational) throws -> Rational {
        guard n >= 1 else { throw NumericsError.invalidArgument(operation: "expectedSquaredError", detail: "sample count N = \(n) must be ≥ 1") }
        let nn = Rational(n)
        let diff = try m4 - s2
        return try diff / nn - Rational(2) * diff / (nn * nn) + (m4 + Rational(n - 1) * (t1 * t1 + Rational(2) * s2)) / (nn * nn * nn)
    }

    /// Draws one gradient g = x(xᵀδ − ε) in Double.
    public static func sample(factor: [[Double]], delta: [Double], sigma: Double, rng: inout SeededGenerator, into g: inout [Double]) {
        let d = factor.count
        var w = [Double](repeating: 0, count: d)
        for k in 0..<d { w[k] = rng.normal() }
        var res = -sigma * rng.normal()
        for i in 0..<d {
            var x = 0.0
            for k in 0...i { x += factor[i][k] * w[k] }
            g[i] = x
            res += delta[i] * x
        }
        for i in 0..<d { g[i] *= res }
    }
}

/// E‖C_N − Σ‖_F² by enumerating every one of the Kᴺ equally likely samples of a discrete
/// distribution uniform on K vectors (exact).
public enum DiscreteCovarianceError {
    public static func enumerate(support: [[Rational]], n: Int) throws -> Rational {
        guard n >= 1 else { throw NumericsError.invalidArgument(operation: "DiscreteCovarianceError", detail: "sample count N = \(n) must be ≥ 1") }
        guard let first = support.first, support.allSatisfy({ $0.count == first.count }) else {
            throw NumericsError.invalidArgument(operation: "DiscreteCovarianceError", detail: "support must be non-empty and of one dimension")
        }
        let k = support.count
        var total = 1
        for _ in 0..<n {
            total *= k
            guard total <= 1_000_000 else { throw NumericsError.invalidArgument(operation: "DiscreteCovarianceError", detail: "K^N exceeds 10⁶ samples") }
        }
        let sigma = try MinibatchGradientCovariance.sampleGradientCovariance(support)
        var sum = Rational.zero
        var index = Array(repeating: 0, count: n)
        for _ in 0..<total {
            let c = try MinibatchGradientCovariance.sampleGradientCovariance(index.map { support[$0] })
            sum = try sum + GaussianLeastSquaresGradient.squaredFrobenius(Exact.subtract(c, sigma))
            var p = n - 1
            while p >= 0 { index[p] += 1; if index[p] < k { break }; index[p] = 0; p -= 1 }
        }
        return try sum / Rational(total)
    }

    /// The centred moments (m4, s2, t1) of the uniform distribution on `support`.
    public static func moments(support: [[Rational]]) throws -> (m4: Rational, s2: Rational, t1: Rational) {
        let mean = try MinibatchGradientCovariance.meanGradient(support)
        let sigma = try MinibatchGradientCovariance.sampleGradientCovariance(support)
        let m4 = try Rational.sum(support.map { g in let n2 = try Exact.squaredNorm(Exact.subtract(g, mean)); return try n2 * n2 }) / Rational(support.count)
        return (m4, try GaussianLeastSquaresGradient.squaredFrobenius(sigma), try Exact.trace(sigma))
    }
}

/// A polynomial with rational coefficients in a fixed number of variables (exponent vectors as keys).
public struct Polynomial: Sendable, Equatable {
    public let variables: Int
    public private(set) var terms: [[Int]: Rational] = [:]

    public init(variables: Int) { self.variables = variables }

    public static func unit(_ k: Int, of n: Int) -> [Int] { (0..<n).map { $0 == k ? 1 : 0 } }

    public static func variable(k: Int, of n: Int) throws -> Polynomial {
        var p = Polynomial(variables: n)
        try p.add(monomial: unit(k, of: n), coefficient: .one)
        return p
    }

    public mutating func add(monomial: [Int], coefficient: Rational) throws {
        let c = try (terms[monomial] ?? .zero) + coefficient
        terms[monomial] = c.isZero ? nil : c
    }

    public func plus(_ other: Polynomial) throws -> Polynomial {
        var r = self
        for (m, c) in other.terms { try r.add(monomial: m, coefficient: c) }
        return r
    }

    public func plus(constant c: Rational) throws -> Polynomial {
        var r = self
        try r.add(monomial: Array(repeating: 0, count: variables), coefficient: c)
        return r
    }

    public func times(_ other: Polynomial) throws -> Polynomial {
        var r = Polynomial(variables: variables)
        for (m1, c1) in terms {
            for (m2, c2) in other.terms {
                try r.add(monomial: zip(m1, m2).map { $0 + $1 }, coefficient: c1 * c2)
            }
        }
        return r
    }
}

/// Moments E[z^α] of a zero-mean Gaussian vector with rational covariance, by Isserlis' recursion
/// E[z_i·z^β] = Σ_j C_ij β_j E[z^(β − e_j)], memoised.
public final class GaussianMoments: @unchecked Sendable {
    let covariance: [[Rational]]
    var memo: [[Int]: Rational] = [:]

    public init(covariance: [[Rational]]) { self.covariance = covariance }

    public func moment(_ alpha: [Int]) throws -> Rational {
        if let m = memo[alpha] { return m }
        let degree = alpha.reduce(0, +)
        let value: Rational
        if degree == 0 {
            value = .one
        } else if degree % 2 == 1 {
            value = .zero
        } else {
            let i = alpha.firstIndex { $0 > 0 }! // degree > 0
            var beta = alpha
            beta[i] -= 1
            var s = Rational.zero
            for j in 0..<alpha.count where beta[j] > 0 && !covariance[i][j].isZero {
                var gamma = beta
                gamma[j] -= 1
                s = try s + covariance[i][j] * Rational(beta[j]) * moment(gamma)
            }
            value = s
        }
        memo[alpha] = value
        return value
    }

    public func expectation(_ p: Polynomial) throws -> Rational {
        try Rational.sum(p.terms.map { try $0.value * moment($0.key) })
    }
}
