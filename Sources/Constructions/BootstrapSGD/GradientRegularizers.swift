import Numerics

/// The paper's two explicit regularizers built from per-sample gradients g_i and their mean ḡ:
/// Reg1(θ) = (λ₁/N) Σ_i ‖g_i − ḡ‖² = λ₁Γ(θ) and Reg2(θ; j) = λ₂‖g_j − ḡ‖².
public enum GradientRegularizers {
    public static func reg1(_ gradients: [[Rational]], lambda1: Rational) throws -> Rational {
        try lambda1 * MinibatchGradientCovariance.gradientVariance(gradients)
    }

    public static func reg2(_ gradients: [[Rational]], index j: Int, lambda2: Rational) throws -> Rational {
        guard gradients.indices.contains(j) else {
            throw NumericsError.invalidArgument(operation: "Reg2", detail: "index \(j) outside 0..<\(gradients.count)")
        }
        let mean = try MinibatchGradientCovariance.meanGradient(gradients)
        return try lambda2 * Exact.squaredNorm(Exact.subtract(gradients[j], mean))
    }

    /// E_j[Reg2(θ; j)] when j is drawn with probabilities `weights` (non-negative, summing to 1).
    public static func expectedReg2(_ gradients: [[Rational]], weights: [Rational], lambda2: Rational) throws -> Rational {
        guard weights.count == gradients.count else {
            throw NumericsError.dimensionMismatch(operation: "E[Reg2]", expected: "\(gradients.count) weights", got: "\(weights.count)")
        }
        guard weights.allSatisfy({ !($0 < .zero) }), try Rational.sum(weights) == .one else {
            throw NumericsError.invalidArgument(operation: "E[Reg2]", detail: "weights must be non-negative and sum to 1")
        }
        return try Rational.sum((0..<weights.count).map { try weights[$0] * reg2(gradients, index: $0, lambda2: lambda2) })
    }

    /// ∇Γ(θ) in closed form for least squares. With H_i = x_i x_iᵀ, H̄ = (1/N)ΣH_i and
    /// g_i − ḡ = (H_i − H̄)θ − (x_i y_i − mean of x_j y_j), Γ is a quadratic in θ and
    /// ∇Γ = (2/N) Σ_i (H_i − H̄)(g_i − ḡ).
    /// Centring either factor alone suffices (Σ_i H̄(g_i − ḡ) = 0 and Σ_i (H_i − H̄)ḡ = 0), so the
    /// mutation used as a negative control drops both: `centered: false` returns
    /// (2/N) Σ_i H_i g_i, the gradient of the uncentred second moment (1/N)Σ‖g_i‖².
    public static func exactGradientOfGradientVariance(_ problem: LeastSquaresProblem, at theta: [Rational], centered: Bool = true) throws -> [Rational] {
        let xs = try problem.exactFeatures()
        let n = problem.count, d = problem.dimension
        let g = try problem.exactSampleGradients(at: theta)
        let mean = try MinibatchGradientCovariance.meanGradient(g)
        let hessians = try xs.map { try Exact.outer($0, $0) }
        var hBar = Exact.zeros(d, d)
        for h in hessians { hBar = try Exact.add(hBar, h) }
        hBar = try Exact.scale(hBar, by: Rational(1, n))
        var grad = Array(repeating: Rational.zero, count: d)
        for i in 0..<n {
            let a = centered ? try Exact.subtract(hessians[i], hBar) : hessians[i]
            let r = centered ? try Exact.subtract(g[i], mean) : g[i]
            grad = try Exact.add(grad, Exact.apply(a, r))
        }
        return try Exact.scale(grad, by: Rational(2, n))
    }

    /// Magnitude bound M_k for a first-order rounding analysis of ∇Γ: the same expression as
    /// the closed form with every quantity replaced by its absolute value (|x_i||x_i|ᵀ for H_i,
    /// |x_i|(|x_i|ᵀ|θ| + |y_i|) for g_i). A floating-point evaluation with at most m roundings
    /// on any path satisfies |computed_k − exact_k| ≤ m·ε·M_k + O(ε²).
    public static func roundingMagnitude(_ problem: LeastSquaresProblem, at theta: [Double]) -> [Double] {
        let n = problem.count, d = problem.dimension
        let ax = problem.features.map { $0.map(abs) }
        let at = theta.map(abs)
        let ag: [[Double]] = (0..<n).map { i in
            var r = abs(problem.targets[i])
            for k in 0..<d { r += ax[i][k] * at[k] }
            return ax[i].map { $0 * r }
        }
        var agBar = Array(repeating: 0.0, count: d)
        var hBar = Array(repeating: Array(repeating: 0.0, count: d), count: d)
        for i in 0..<n {
            for k in 0..<d {
                agBar[k] += ag[i][k] / Double(n)
                for l in 0..<d { hBar[k][l] += ax[i][k] * ax[i][l] / Double(n) }
            }
        }
        var m = Array(repeating: 0.0, count: d)
        for i in 0..<n {
            for k in 0..<d {
                for l in 0..<d { m[k] += (ax[i][k] * ax[i][l] + hBar[k][l]) * (ag[i][l] + agBar[l]) }
            }
        }
        return m.map { 2 * $0 / Double(n) }
    }

    /// A generous count of roundings on any path of the dual-number evaluation of ∇Γ:
    /// residual (2d), gradient entry (2), mean over N (N + 1), difference (1), squared norm
    /// (2d), mean over N (N + 1), and the chain-rule products (2). Used as m above.
    public static func roundingDepth(_ problem: LeastSquaresProblem) -> Int {
        4 * problem.dimension + 2 * problem.count + 8
    }
}

/// Γ(θ) = (1/N) Σ ‖∇L(z_i; θ) − ∇L(S; θ)‖² as a function of θ over any `Real`.
///
/// The per-sample gradients inside are themselves computed by forward-mode AD, so the gradient
/// of Γ (which needs second derivatives of the loss) is evaluated on `Dual<Dual<T>>`: a test of
/// nested dual numbers against the closed form above.
public struct GradientVarianceObjective: ScalarFunction {
    public let problem: LeastSquaresProblem
    public init(problem: LeastSquaresProblem) { self.problem = problem }
    public var inputDimension: Int { problem.dimension }

    public func callAsFunction<T: Real>(_ theta: [T]) throws -> T {
        let grads = try (0..<problem.count).map { try Derivatives.gradient(of: problem.sampleLoss($0), at: theta) }
        return try MinibatchGradientCovariance.gradientVariance(grads)
    }
}
