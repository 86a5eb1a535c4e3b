import Foundation
import Numerics

/// The PAC-Bayes-kl machinery of paper 004's Theorem 4: the Bernoulli divergence kl(q ‖ p) and its upper inverse, the bound
/// an empirical error and a complexity budget give on the true error.
public enum PACBayesKL {
    /// kl(q ‖ p) = q ln(q/p) + (1 − q) ln((1 − q)/(1 − p)), with 0·ln 0 = 0; +∞ when p ∈ {0, 1} and q ≠ p.
    /// - Throws: `.invalidArgument` for q or p outside [0, 1] (NaN included).
    public static func divergence(_ q: Double, _ p: Double) throws -> Double {
        guard q >= 0, q <= 1, p >= 0, p <= 1 else {
            throw NumericsError.invalidArgument(operation: "PACBayesKL.divergence", detail: "q = \(q) and p = \(p) must lie in [0, 1]")
        }
        func term(_ a: Double, _ b: Double) -> Double {
            if a == 0 { return 0 }
            if b == 0 { return .infinity }
            return a * log(a / b)
        }
        return term(q, p) + term(1 - q, 1 - p)
    }

    /// The largest p ∈ [q, 1] with kl(q ‖ p) ≤ budget, by bisection to adjacent Doubles (kl(q ‖ ·) increases on [q, 1]).
    /// - Throws: `.invalidArgument` for q outside [0, 1] or a budget that is negative or NaN.
    public static func upperInverse(empirical q: Double, budget: Double) throws -> Double {
        guard q >= 0, q <= 1 else { throw NumericsError.invalidArgument(operation: "PACBayesKL.upperInverse", detail: "empirical error \(q) outside [0, 1]") }
        guard budget >= 0 else { throw NumericsError.invalidArgument(operation: "PACBayesKL.upperInverse", detail: "budget \(budget) must be ≥ 0") }
        if try divergence(q, 1) <= budget { return 1 }
        var lo = q, hi = 1.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid <= lo || mid >= hi { break }
            if try divergence(q, mid) <= budget { lo = mid } else { hi = mid }
        }
        return lo
    }
}

/// Binary logistic regression with an intercept, labels ±1, mean log-loss f(θ) = (1/n) Σ log(1 + e^{−y_i θ·x̃_i}),
/// x̃ = (x, 1); and the Gibbs error of a Gaussian posterior with diagonal covariance over its linear classifiers, which for a
/// fixed point is exact: θ'·x̃ ~ N(θ·x̃, Σ_j v_j x̃_j²), so P(y θ'·x̃ < 0) = Φ(−y θ·x̃ / (Σ_j v_j x̃_j²)^{1/2}).
public struct InterceptLogisticRegression: Sendable {
    /// Rows x̃_i = (x_i, 1), row-major n × (d + 1).
    public let features: [Double]
    public let labels: [Double]
    public let count: Int
    public let parameterCount: Int

    /// - Throws: `.empty` for no samples, `.dimensionMismatch` for ragged rows or a label count that differs from the
    ///   input count, `.nonFinite` for NaN/∞ inputs, `.invalidArgument` for a label other than ±1.
    public init(inputs: [[Double]], labels: [Double]) throws {
        guard let d = inputs.first?.count, d >= 1 else { throw NumericsError.empty(operation: "InterceptLogisticRegression inputs") }
        guard inputs.allSatisfy({ $0.count == d }) else {
            throw NumericsError.dimensionMismatch(operation: "InterceptLogisticRegression inputs", expected: "rows of length \(d)", got: "ragged rows")
        }
        guard labels.count == inputs.count else {
            throw NumericsError.dimensionMismatch(operation: "InterceptLogisticRegression labels", expected: "\(inputs.count) labels", got: "\(labels.count)")
        }
        if let bad = labels.firstIndex(where: { $0 != 1 && $0 != -1 }) {
            throw NumericsError.invalidArgument(operation: "InterceptLogisticRegression labels", detail: "label \(labels[bad]) of sample \(bad) is not ±1")
        }
        let flat: [Double] = inputs.flatMap { row -> [Double] in row + [1.0] }
        try flat.requireFinite("InterceptLogisticRegression inputs")
        self.features = flat; self.labels = labels; self.count = inputs.count; self.parameterCount = d + 1
    }

    @inline(__always) func margin(_ theta: [Double], _ i: Int) -> Double {
        var u = 0.0
        for j in 0..<parameterCount { u += theta[j] * features[i * parameterCount + j] }
        return labels[i] * u
    }

    /// f(θ), with log(1 + e^{−m}) formed without overflow.
    public func meanLoss(_ theta: [Double]) -> Double {
        var s = 0.0
        for i in 0..<count {
            let m = margin(theta, i)
            s += m > 0 ? log1p(exp(-m)) : -m + log1p(exp(m))
        }
        return s / Double(count)
    }

    /// The mean loss's gradient and Hessian.
    public func gradientAndHessian(_ theta: [Double]) throws -> (gradient: [Double], hessian: Matrix<Double>) {
        let p = parameterCount
        var g = [Double](repeating: 0, count: p), h = [Double](repeating: 0, count: p * p)
        for i in 0..<count {
            let m = margin(theta, i)
            let s = 1 / (1 + exp(m)) // σ(−m): the weight of the gradient
            let w = s * (1 - s)      // σ(m)σ(−m)
            for j in 0..<p {
                let xj = features[i * p + j]
                g[j] -= labels[i] * s * xj
                for k in 0...j { h[j * p + k] += w * xj * features[i * p + k] }
            }
        }
        let n = Double(count)
        for j in 0..<p { for k in 0...j { h[j * p + k] /= n; h[k * p + j] = h[j * p + k] } }
        return (g.map { $0 / n }, try Matrix(rows: p, columns: p, elements: h))
    }

    /// The per-sample gradients ∇f_i(θ) = −y_iσ(−m_i)x̃_i, one row per sample.
    public func sampleGradients(_ theta: [Double]) -> [[Double]] {
        (0..<count).map { i in
            let s = 1 / (1 + exp(margin(theta, i)))
            return (0..<parameterCount).map { -labels[i] * s * features[i * parameterCount + $0] }
        }
    }

    /// A global bound on ‖H_f‖₂: H_f ⪯ (1/(4n))X̃ᵀX̃ since σ(m)σ(−m) ≤ ¼, so L = λ_max(X̃ᵀX̃)/(4n).
    public func globalSmoothness() throws -> Double {
        let p = parameterCount
        var g = try Matrix<Double>(rows: p, columns: p)
        for i in 0..<count { for a in 0..<p { for b in 0..<p { g.elements[a * p + b] += features[i * p + a] * features[i * p + b] } } }
        return try SymmetricEigendecomposition(g).eigenvalues.max()! / (4 * Double(count))
    }

    /// diag H_f(θ) = (1/n) Σ σ(m_i)σ(−m_i) x̃_ij².
    public func hessianDiagonal(_ theta: [Double]) -> [Double] {
        var d = [Double](repeating: 0, count: parameterCount)
        for i in 0..<count {
            let s = 1 / (1 + exp(margin(theta, i)))
            for j in 0..<parameterCount { d[j] += s * (1 - s) * features[i * parameterCount + j] * features[i * parameterCount + j] }
        }
        return d.map { $0 / Double(count) }
    }

    /// The minimiser of f by Newton's method from θ = 0 — backtracking while the loss can resolve the predicted decrease,
    /// full steps after — stopped when the Newton step is below 64·ε·(1 + ‖θ‖) (quadratic convergence makes the last step
    /// the error's size).
    /// - Throws: `.noConvergence` after 100 iterations — on separable data f has no minimiser and θ diverges.
    public func newtonMinimiser() throws -> [Double] {
        var theta = [Double](repeating: 0, count: parameterCount)
        var loss = meanLoss(theta)
        for _ in 0..<100 {
            let (g, h) = try gradientAndHessian(theta)
            let step = try Cholesky(h).solve(g)
            var t = 1.0, candidate = theta, candidateLoss = loss
            let slope = zip(g, step).reduce(0.0) { $0 + $1.0 * $1.1 }
            // Near the minimiser the predicted decrease (the Newton decrement g·H⁻¹g) falls below the loss's rounding and a
            // line search can no longer tell; there Newton's full step is taken (it converges quadratically).
            let resolvable = slope > 64 * Double.ulpOfOne * max(loss, Double.leastNormalMagnitude)
            for _ in 0..<(resolvable ? 60 : 1) {
                candidate = zip(theta, step).map { $0 - t * $1 }
                candidateLoss = meanLoss(candidate)
                if !resolvable || candidateLoss <= loss - 1e-4 * t * slope || t * Vector.norm2(step) <= 64 * Double.ulpOfOne * (1 + Vector.norm2(theta)) { break }
                t /= 2
            }
            let moved = t * Vector.norm2(step)
            theta = candidate; loss = candidateLoss
            if moved <= 64 * Double.ulpOfOne * (1 + Vector.norm2(theta)) { return theta }
        }
        throw NumericsError.noConvergence(operation: "InterceptLogisticRegression.newtonMinimiser (separable data?)", iterations: 100)
    }

    /// The minimum-norm θ with θ·x̃_i = y_i for every i (every margin exactly 1): θ = X̃ᵀ(X̃X̃ᵀ)⁻¹y.
    /// - Throws: `.notPositiveDefinite` when the samples' rows are linearly dependent (e.g. n > d + 1).
    public func minimumNormInterpolant() throws -> [Double] {
        let p = parameterCount
        var gram = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            for k in 0...i {
                var s = 0.0
                for j in 0..<p { s += features[i * p + j] * features[k * p + j] }
                gram[i * count + k] = s; gram[k * count + i] = s
            }
        }
        let c = try Cholesky(try Matrix(rows: count, columns: count, elements: gram)).solve(labels)
        var theta = [Double](repeating: 0, count: p)
        for i in 0..<count { for j in 0..<p { theta[j] += c[i] * features[i * p + j] } }
        return theta
    }

    /// The Gibbs error of Q = N(θ, diag(v)) on these samples: (1/n) Σ Φ(−y_i θ·x̃_i / (Σ_j v_j x̃_ij²)^{1/2}), exact per sample
    /// (a zero variance gives the deterministic classifier's 0-1 error, ½ on a tie).
    /// - Throws: `.dimensionMismatch` for lengths other than the parameter count, `.invalidArgument` for a negative variance.
    public func gibbsError(_ theta: [Double], posteriorVariance v: [Double]) throws -> Double {
        guard theta.count == parameterCount, v.count == parameterCount else {
            throw NumericsError.dimensionMismatch(operation: "InterceptLogisticRegression.gibbsError", expected: "\(parameterCount) entries", got: "\(theta.count), \(v.count)")
        }
        guard v.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw NumericsError.invalidArgument(operation: "InterceptLogisticRegression.gibbsError", detail: "posterior variances must be finite and ≥ 0")
        }
        var s = 0.0
        for i in 0..<count {
            var spread = 0.0
            for j in 0..<parameterCount { spread += v[j] * features[i * parameterCount + j] * features[i * parameterCount + j] }
            let m = margin(theta, i)
            if spread > 0 { s += Statistics.normalCDF(-m / spread.squareRoot()) } else { s += m > 0 ? 0 : (m < 0 ? 1 : 0.5) }
        }
        return s / Double(count)
    }
}

/// The KL divergence between two non-degenerate Gaussians,
/// KL(N(m₁, S₁) ‖ N(m₀, S₀)) = ½[tr(S₀⁻¹S₁) + (m₁ − m₀)ᵀS₀⁻¹(m₁ − m₀) − p + ln det S₀ − ln det S₁],
/// with Cholesky solves and log-determinants.
public enum GaussianKL {
    public struct Terms: Sendable {
        public let divergence: Double
        /// |tr| + quadratic + p + |ln det S₀| + |ln det S₁|: the size against which the divergence's rounding is measured.
        public let magnitude: Double
    }

    /// - Throws: `.dimensionMismatch` for inconsistent sizes; `.singular` when a covariance is numerically singular — its
    ///   smallest Cholesky pivot² at or below 4·p·ε·max diagonal (a degenerate Gaussian has no density, so no KL:
    ///   it is refused rather than given a huge finite value); `.notPositiveDefinite` when Cholesky fails outright.
    public static func terms(mean1: [Double], covariance1: Matrix<Double>, mean0: [Double], covariance0: Matrix<Double>) throws -> Terms {
        let p = mean1.count
        guard p >= 1, mean0.count == p, covariance1.rows == p, covariance1.columns == p, covariance0.rows == p, covariance0.columns == p else {
            throw NumericsError.dimensionMismatch(operation: "GaussianKL", expected: "means of one length p and p × p covariances",
                                                  got: "\(mean1.count), \(mean0.count), \(covariance1.rows)×\(covariance1.columns), \(covariance0.rows)×\(covariance0.columns)")
        }
        func factor(_ s: Matrix<Double>, _ name: String) throws -> Cholesky<Double> {
            let c = try Cholesky(s)
            let maxDiagonal = (0..<p).map { s[$0, $0] }.max()!
            let minPivot = (0..<p).map { c.lower[$0, $0] * c.lower[$0, $0] }.min()!
            guard minPivot > 4 * Double(p) * Double.ulpOfOne * maxDiagonal else {
                throw NumericsError.singular(operation: "GaussianKL \(name) (numerically singular covariance: no density)", column: (0..<p).min { c.lower[$0, $0] < c.lower[$1, $1] }!)
            }
            return c
        }
        let c0 = try factor(covariance0, "S₀"), c1 = try factor(covariance1, "S₁")
        var trace = 0.0
        for j in 0..<p { trace += try c0.solve(covariance1.column(j))[j] }
        let d = zip(mean1, mean0).map { $0 - $1 }
        let quadratic = zip(d, try c0.solve(d)).reduce(0.0) { $0 + $1.0 * $1.1 }
        let divergence = (trace + quadratic - Double(p) + c0.logDeterminant - c1.logDeterminant) / 2
        return Terms(divergence: divergence, magnitude: abs(trace) + quadratic + Double(p) + abs(c0.logDeterminant) + abs(c1.logDeterminant))
    }
}
