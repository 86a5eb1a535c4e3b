import Foundation
import Numerics

/// The pieces of the expected generalisation gap of an algorithm A under single-sample
/// replacement (BS-L1), summed over the N replaced indices:
///   identity (I):  gap = Σ_i E[L(S; A(S^i)) − L(S; A(S))]   (exact for any A),
///   expansion (II): gap = Σ_i E[∇L(S; θ̂)ᵀΔ_i] + ½Σ_i E[Δ_iᵀ∇²L(S; θ̂)Δ_i] + remainder,  Δ_i = A(S^i) − A(S).
/// The source's right-hand side, ½E Tr[H·(1/N)Σ_i J(Δ_i)], is the Hessian term divided by N.
public struct GapTerms<T: Sendable & Equatable>: Sendable, Equatable {
    public let n: Int
    /// E[L(D; θ̂) − L(S; θ̂)].
    public let gap: T
    /// Σ_i E[L(S; A(S^i)) − L(S; A(S))].
    public let identity: T
    /// Σ_i E[½Δ_iᵀHΔ_i].
    public let hessian: T
    /// Σ_i E[∇L(S; θ̂)ᵀΔ_i].
    public let gradient: T
}

/// Part A: d = 1 least squares on a population uniform on four points, A = ridge regression with
/// λ ≥ 0 (λ = 0: ordinary least squares, training gradient exactly 0), every training set,
/// replaced index and replacement enumerated in rational arithmetic.
public enum EnumeratedOneDimensionalGap {
    /// The population (x, y): (1, 1), (2, 1), (−1, 0), (1/2, −1).
    public static func defaultPopulation() throws -> [(x: Rational, y: Rational)] {
        [(Rational(1), Rational(1)), (Rational(2), Rational(1)), (Rational(-1), Rational(0)), (try Rational(1, 2), Rational(-1))]
    }

    /// Throws for N < 2, λ < 0, an empty population, or a training set with Σx² + Nλ = 0.
    public static func terms(n: Int, ridge lambda: Rational, population: [(x: Rational, y: Rational)]) throws -> GapTerms<Rational> {
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "EnumeratedOneDimensionalGap", detail: "sample count N = \(n) must be ≥ 2") }
        guard !(lambda < .zero) else { throw NumericsError.invalidArgument(operation: "EnumeratedOneDimensionalGap", detail: "ridge λ = \(lambda) must be ≥ 0") }
        guard !population.isEmpty else { throw NumericsError.empty(operation: "EnumeratedOneDimensionalGap population") }
        let k = population.count
        var total = 1
        for _ in 0..<n { total *= k; guard total <= 200_000 else { throw NumericsError.invalidArgument(operation: "EnumeratedOneDimensionalGap", detail: "K^N exceeds 200000 sets") } }
        let nn = Rational(n), half = try Rational(1, 2)
        let ex2 = try Rational.sum(population.map { try $0.x * $0.x }) / Rational(k)
        let exy = try Rational.sum(population.map { try $0.x * $0.y }) / Rational(k)
        let ey2 = try Rational.sum(population.map { try $0.y * $0.y }) / Rational(k)
        func fit(_ sxx: Rational, _ sxy: Rational) throws -> Rational {
            let den = try sxx + nn * lambda
            guard !den.isZero else { throw NumericsError.divisionByZero(operation: "EnumeratedOneDimensionalGap: Σx² + Nλ = 0") }
            return try sxy / den
        }
        // L(S; θ) = ½(θ²Sxx − 2θSxy + Syy)/N.
        func trainLoss(_ t: Rational, _ sxx: Rational, _ sxy: Rational, _ syy: Rational) throws -> Rational {
            try half * (t * t * sxx - Rational(2) * t * sxy + syy) / nn
        }
        var gapSum = Rational.zero, idSum = Rational.zero, hSum = Rational.zero, gSum = Rational.zero
        var index = Array(repeating: 0, count: n)
        for _ in 0..<total {
            var sxx = Rational.zero, sxy = Rational.zero, syy = Rational.zero
            for i in index { let p = population[i]; sxx = try sxx + p.x * p.x; sxy = try sxy + p.x * p.y; syy = try syy + p.y * p.y }
            let theta = try fit(sxx, sxy)
            let trainAt = try trainLoss(theta, sxx, sxy, syy)
            let test = try half * (theta * theta * ex2 - Rational(2) * theta * exy + ey2)
            gapSum = try gapSum + test - trainAt
            let h = try sxx / nn
            let grad = try (theta * sxx - sxy) / nn
            // Per set: Σ_i (1/K)Σ_z' of each term; accumulate K·(…) and divide once.
            var idSet = Rational.zero, hSet = Rational.zero, gSet = Rational.zero
            for i in index {
                let old = population[i]
                for new in population {
                    let sxx2 = try sxx - old.x * old.x + new.x * new.x, sxy2 = try sxy - old.x * old.y + new.x * new.y
                    let delta = try fit(sxx2, sxy2) - theta
                    idSet = try idSet + trainLoss(theta + delta, sxx, sxy, syy) - trainAt
                    hSet = try hSet + half * h * delta * delta
                    gSet = try gSet + grad * delta
                }
            }
            idSum = try idSum + idSet; hSum = try hSum + hSet; gSum = try gSum + gSet
            var p = n - 1
            while p >= 0 { index[p] += 1; if index[p] < k { break }; index[p] = 0; p -= 1 }
        }
        let sets = Rational(total), per = try Rational(total) * Rational(k)
        return GapTerms(n: n, gap: try gapSum / sets, identity: try idSum / per, hessian: try hSum / per, gradient: try gSum / per)
    }
}

/// Part B: ordinary least squares with Gaussian design x ~ N(0, I_d), y = xᵀθ* + ε, ε ~ N(0, σ²).
/// E gap = (σ²d/2)[1/N + 1/(N − d − 1)] (inverse-Wishart mean), and by (I)–(II) the Hessian term
/// equals it exactly (the loss is quadratic and the training gradient is 0).
public enum GaussianLeastSquaresGap {
    /// Throws unless N > d + 1, d ≥ 1 and σ² ≥ 0.
    public static func exactGap(n: Int, d: Int, noiseVariance: Rational) throws -> Rational {
        guard d >= 1, n > d + 1 else { throw NumericsError.invalidArgument(operation: "GaussianLeastSquaresGap", detail: "need d ≥ 1 and N > d + 1, got N = \(n), d = \(d)") }
        return try noiseVariance * Rational(d) / Rational(2) * (try Rational(1, n) + Rational(1, n - d - 1))
    }

    public struct Estimate: Sendable {
        public let hessian: (mean: Double, standardError: Double)
        public let gradient: (mean: Double, standardError: Double)
        public let gap: (mean: Double, standardError: Double)
    }

    /// Monte Carlo over `sets` training sets with `replacements` fresh points per index; ridge λ ≥ 0
    /// (λ = 0: OLS), or GD from 0 for `gdSteps` steps with step `gdStep` when gdSteps > 0.
    public static func monteCarlo(n: Int, d: Int, sigma: Double, ridge: Double = 0, gdSteps: Int = 0, gdStep: Double = 0.1,
                                  sets: Int, replacements: Int, seed: UInt64) throws -> Estimate {
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "GaussianLeastSquaresGap", detail: "sample count N = \(n) must be ≥ 2") }
        guard d >= 1, sets >= 2, replacements >= 1 else { throw NumericsError.invalidArgument(operation: "GaussianLeastSquaresGap", detail: "need d ≥ 1, ≥ 2 sets, ≥ 1 replacement") }
        guard ridge.isFinite, ridge >= 0 else { throw NumericsError.invalidArgument(operation: "GaussianLeastSquaresGap", detail: "ridge λ = \(ridge) must be finite and ≥ 0") }
        guard sigma.isFinite, sigma >= 0 else { throw NumericsError.invalidArgument(operation: "GaussianLeastSquaresGap", detail: "σ = \(sigma) must be finite and ≥ 0") }
        var rng = SeededGenerator(seed: seed)
        let star = Array(repeating: 1 / Double(d).squareRoot(), count: d)
        var wh = Welford<Double>(), wg = Welford<Double>(), wgap = Welford<Double>()
        for _ in 0..<sets {
            var x = (0..<n).map { _ in (0..<d).map { _ in rng.normal() } }
            var y = x.map { xi in zip(xi, star).reduce(0) { $0 + $1.0 * $1.1 } + sigma * rng.normal() }
            let theta = try fit(x, y, ridge: ridge, gdSteps: gdSteps, gdStep: gdStep)
            let hess = gram(x, scale: 1 / Double(n))
            let grad = (0..<d).map { k in (0..<n).reduce(0.0) { $0 + x[$1][k] * (dot(x[$1], theta) - y[$1]) } / Double(n) }
            var train = 0.0
            for i in 0..<n { let r = dot(x[i], theta) - y[i]; train += r * r / (2 * Double(n)) }
            var test = sigma * sigma / 2
            for k in 0..<d { test += (theta[k] - star[k]) * (theta[k] - star[k]) / 2 }
            try wgap.add(test - train)
            var hSum = 0.0, gSum = 0.0
            for i in 0..<n {
                let (oldX, oldY) = (x[i], y[i])
                for _ in 0..<replacements {
                    x[i] = (0..<d).map { _ in rng.normal() }
                    y[i] = dot(x[i], star) + sigma * rng.normal()
                    let t2 = try fit(x, y, ridge: ridge, gdSteps: gdSteps, gdStep: gdStep)
                    let delta = (0..<d).map { t2[$0] - theta[$0] }
                    var q = 0.0
                    for a in 0..<d { for b in 0..<d { q += delta[a] * hess[a][b] * delta[b] } }
                    hSum += q / 2 / Double(replacements)
                    gSum += dot(grad, delta) / Double(replacements)
                }
                x[i] = oldX; y[i] = oldY
            }
            try wh.add(hSum); try wg.add(gSum)
        }
        return Estimate(hessian: (wh.mean, try wh.standardError()), gradient: (wg.mean, try wg.standardError()), gap: (wgap.mean, try wgap.standardError()))
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    static func gram(_ x: [[Double]], scale: Double) -> [[Double]] {
        let d = x[0].count
        var g = Array(repeating: Array(repeating: 0.0, count: d), count: d)
        for xi in x { for a in 0..<d { for b in 0..<d { g[a][b] += xi[a] * xi[b] * scale } } }
        return g
    }

    /// argmin (1/N)Σ½(x_iᵀθ − y_i)² + (λ/2)‖θ‖² by Cholesky, or GD from 0 when gdSteps > 0.
    static func fit(_ x: [[Double]], _ y: [Double], ridge: Double, gdSteps: Int, gdStep: Double) throws -> [Double] {
        let n = x.count, d = x[0].count
        var a = gram(x, scale: 1 / Double(n))
        var b = (0..<d).map { k in (0..<n).reduce(0.0) { $0 + x[$1][k] * y[$1] } / Double(n) }
        if gdSteps > 0 {
            var t = Array(repeating: 0.0, count: d)
            for _ in 0..<gdSteps {
                let g = (0..<d).map { k in (0..<d).reduce(-b[k]) { $0 + a[k][$1] * t[$1] } + ridge * t[k] }
                for k in 0..<d { t[k] -= gdStep * g[k] }
            }
            return t
        }
        for k in 0..<d { a[k][k] += ridge }
        // Cholesky a = LLᵀ, then two triangular solves.
        var l = Array(repeating: Array(repeating: 0.0, count: d), count: d)
        for i in 0..<d {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0 else { throw NumericsError.notPositiveDefinite(column: i, pivot: s) }
                    l[i][i] = s.squareRoot()
                } else { l[i][j] = s / l[j][j] }
            }
        }
        for i in 0..<d { for k in 0..<i { b[i] -= l[i][k] * b[k] }; b[i] /= l[i][i] }
        for i in stride(from: d - 1, through: 0, by: -1) { for k in (i + 1)..<d { b[i] -= l[k][i] * b[k] }; b[i] /= l[i][i] }
        return b
    }
}

/// Part C: the Poisson M-estimator. Per-sample loss e^θ − zθ, z ~ Exp(1), A(S) = log z̄ (training
/// gradient exactly 0, third derivative e^θ ≠ 0). The exact gap is E[(z̄ − 1)log z̄] = 1/N. The
/// replacement-sum terms are three-dimensional integrals over R = Σ_{j≠i} z_j ~ Gamma(N − 1, 1),
/// z_i and z′ ~ Exp(1), computed with tensor Gauss–Laguerre rules (Golub–Welsch).
public enum PoissonGapQuadrature {
    /// Nodes and probability weights of the n-point generalised Gauss–Laguerre rule for the
    /// Gamma(α + 1, 1) law: eigenvalues of the Jacobi matrix (diagonal 2k + α + 1, off-diagonal
    /// √(k(k + α))) and squared first components of its eigenvectors (which already sum to 1).
    public static func laguerreRule(nodes n: Int, alpha: Double) throws -> (nodes: [Double], weights: [Double]) {
        guard n >= 1 else { throw NumericsError.invalidArgument(operation: "laguerreRule", detail: "nodes = \(n) must be ≥ 1") }
        guard alpha.isFinite, alpha > -1 else { throw NumericsError.invalidArgument(operation: "laguerreRule", detail: "α = \(alpha) must be > −1") }
        var m = try Matrix<Double>(rows: n, columns: n)
        for k in 0..<n {
            m.elements[k * n + k] = 2 * Double(k) + alpha + 1
            if k > 0 {
                let b = (Double(k) * (Double(k) + alpha)).squareRoot()
                m.elements[k * n + k - 1] = b
                m.elements[(k - 1) * n + k] = b
            }
        }
        let e = try SymmetricEigendecomposition(m)
        let order = e.eigenvalues.indices.sorted { e.eigenvalues[$0] < e.eigenvalues[$1] }
        let nodes = order.map { e.eigenvalues[$0] }
        let weights = order.map { e.eigenvectors[0, $0] * e.eigenvectors[0, $0] }
        return (nodes, weights)
    }

    /// (identity term, Hessian term), each summed over the N replaced indices, for sample count N ≥ 2.
    public static func terms(n: Int, nodes: Int) throws -> (identity: Double, hessian: Double) {
        try terms(n: n, nodes: nodes, standardRule: try laguerreRule(nodes: nodes, alpha: 0))
    }

    /// The same, with the standard (α = 0) rule for z_i and z′ supplied by the caller: it does not depend on N,
    /// so a sweep over N computes its eigendecomposition once (bit-for-bit the same result).
    public static func terms(n: Int, nodes: Int, standardRule z: (nodes: [Double], weights: [Double])) throws -> (identity: Double, hessian: Double) {
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "PoissonGapQuadrature", detail: "sample count N = \(n) must be ≥ 2") }
        guard z.nodes.count == nodes, z.weights.count == nodes else {
            throw NumericsError.dimensionMismatch(operation: "PoissonGapQuadrature", expected: "a standard rule of \(nodes) nodes", got: "\(z.nodes.count) nodes, \(z.weights.count) weights")
        }
        let r = n == 2 ? z : try laguerreRule(nodes: nodes, alpha: Double(n - 2))
        let k = nodes
        var identity = 0.0, hessian = 0.0
        var logs = Array(repeating: 0.0, count: k)
        for a in 0..<k {
            for b in 0..<k { logs[b] = log(r.nodes[a] + z.nodes[b]) }
            var ia = 0.0, ha = 0.0
            for b in 0..<k {
                let s = r.nodes[a] + z.nodes[b]
                var ib = 0.0, hb = 0.0
                for c in 0..<k {
                    let delta = logs[c] - logs[b]
                    // N·z̄·(e^Δ − 1 − Δ) = (R + z′) − (R + z) − (R + z)Δ;  N·½z̄Δ² = ½(R + z)Δ².
                    ib += z.weights[c] * (z.nodes[c] - z.nodes[b] - s * delta)
                    hb += z.weights[c] * 0.5 * s * delta * delta
                }
                ia += z.weights[b] * ib
                ha += z.weights[b] * hb
            }
            identity += r.weights[a] * ia
            hessian += r.weights[a] * ha
        }
        return (identity, hessian)
    }
}
