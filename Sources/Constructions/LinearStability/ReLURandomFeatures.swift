import Foundation
import Numerics

/// Where the inputs and the random weights of a ReLU random-feature model are drawn from.
public enum RandomFeatureDistribution: String, Codable, Sendable {
    /// Proposition 2.4's setting: x uniform on S^{d−1}, w uniform on the sphere of radius √d.
    case sphere = "x ~ Unif(S^{d−1}), w ~ Unif(√d·S^{d−1})"
    /// The paper's own experiment (App. A.1): x ~ N(0, I_d), w ~ N(0, I_d).
    case gaussian = "x ~ N(0, I_d), w ~ N(0, I_d)"
    /// A symmetric design with every χ_i equal: x_i = ±e_k (n = 2d), w_s = √d·x_s (m = n).
    case crossPolytope = "x_i = ±e_k, w_s = √d·x_s (all χ_i equal)"
}

/// A ReLU random-feature model f(x; θ) = m^{−1/2}Σ_j θ_j ReLU(w_jᵀx) on n inputs (App. D.2): its features
/// g_i = m^{−1/2}(ReLU(w_1ᵀx_i), …, ReLU(w_mᵀx_i)) (the rows of A, n × m) and the kernel K = AAᵀ, K_ij = k̂(x_i, x_j).
/// Data are Double; `features(T.self)` recomputes the features in T from the same Double inputs and weights
/// (converted exactly), so Double and Float80 evaluate the same model.
public struct ReLURandomFeatures: Sendable {
    public let inputs: [[Double]]
    public let weights: [[Double]]
    public var n: Int { inputs.count }
    public var m: Int { weights.count }
    public var d: Int { inputs[0].count }

    /// Throws for empty or ragged data or non-finite entries.
    public init(inputs: [[Double]], weights: [[Double]]) throws {
        guard let d = inputs.first?.count, d >= 1, !weights.isEmpty else { throw NumericsError.empty(operation: "ReLURandomFeatures inputs/weights") }
        guard inputs.allSatisfy({ $0.count == d }), weights.allSatisfy({ $0.count == d }) else {
            throw NumericsError.dimensionMismatch(operation: "ReLURandomFeatures", expected: "inputs and weights of dimension \(d)", got: "ragged rows")
        }
        for r in inputs { try r.requireFinite("ReLURandomFeatures inputs") }
        for r in weights { try r.requireFinite("ReLURandomFeatures weights") }
        self.inputs = inputs; self.weights = weights
    }

    /// n inputs and m weights drawn from `distribution` (the cross-polytope design ignores n, m: n = m = 2d).
    public static func sample(n: Int, m: Int, d: Int, distribution: RandomFeatureDistribution, seed: UInt64) throws -> ReLURandomFeatures {
        guard n >= 1, m >= 1, d >= 1 else {
            throw NumericsError.invalidArgument(operation: "ReLURandomFeatures.sample", detail: "need n, m, d ≥ 1, got n = \(n), m = \(m), d = \(d)")
        }
        var rng = SeededGenerator(seed: seed)
        let root = Double(d).squareRoot()
        switch distribution {
        case .sphere:
            let x = try (0..<n).map { _ in try rng.onSphere(dimension: d) }
            let w = try (0..<m).map { _ in try rng.onSphere(dimension: d, radius: root) }
            return try ReLURandomFeatures(inputs: x, weights: w)
        case .gaussian:
            let x = (0..<n).map { _ in (0..<d).map { _ in rng.normal() } }
            let w = (0..<m).map { _ in (0..<d).map { _ in rng.normal() } }
            return try ReLURandomFeatures(inputs: x, weights: w)
        case .crossPolytope:
            let x = (0..<(2 * d)).map { i in (0..<d).map { $0 == i % d ? (i < d ? 1.0 : -1.0) : 0 } }
            return try ReLURandomFeatures(inputs: x, weights: x.map { $0.map { root * $0 } })
        }
    }

    /// A = (g_1 … g_n)ᵀ, n × m, with the m^{−1/2} scale (or without it when `scaled` is false).
    @inlinable
    public func features<T: RealFloat>(_: T.Type, scaled: Bool = true) -> Matrix<T> {
        let s = scaled ? T.one / T(m).squareRoot() : T.one
        var a = try! Matrix<T>(rows: n, columns: m) // n, m ≥ 1 (init)
        for i in 0..<n {
            let x = inputs[i].map { T($0) }
            for j in 0..<m {
                var v = T.zero
                for (wk, xk) in zip(weights[j], x) { v += T(wk) * xk }
                a.elements[i * m + j] = v > 0 ? s * v : 0
            }
        }
        return a
    }

    /// max_{i,j} |φ(x_i; w_j)| (unscaled features): the constant b of Proposition D.7 on this sample.
    public func maxFeature() -> Double { features(Double.self, scaled: false).maxAbs }
}

/// The alignment quantities of a feature model from its n × n kernel K (K_ij = g_iᵀg_j), by the n-space formulas:
/// ‖G‖_F² = ‖K‖_F²/n², χ_i = (K²)_ii/n, γ = min χ_i/mean χ, and for residuals e:
/// μ₁ = nΣe_i²(K²)_ii/(‖e‖²‖K‖_F²), μ₂ = eᵀK²e/(‖e‖²‖K‖_F²), μ = μ₁ − μ₂, ‖Σ‖_F² = ‖PNP‖_F²/n² (N = Diag(e)KDiag(e)).
public struct KernelAlignment<T: RealFloat>: Sendable {
    public let kernel: Matrix<T>
    /// (K²)_ii = Σ_j K_ij².
    public let kernelSquaredDiagonal: [T]
    public let frobeniusSquared: T

    @inlinable
    public init(kernel k: Matrix<T>) throws {
        guard k.isSquare, k.rows >= 1 else { throw NumericsError.invalidArgument(operation: "KernelAlignment", detail: "kernel must be square and non-empty") }
        try k.elements.requireFinite("KernelAlignment kernel")
        kernel = k
        let n = k.rows
        kernelSquaredDiagonal = (0..<n).map { i in (0..<n).reduce(T.zero) { $0 + k[i, $1] * k[i, $1] } }
        frobeniusSquared = kernelSquaredDiagonal.reduce(T.zero, +)
        guard frobeniusSquared > 0 else { throw NumericsError.invalidArgument(operation: "KernelAlignment", detail: "every feature is zero (K = 0)") }
    }

    /// K = AAᵀ from the n × p feature matrix.
    @inlinable
    public init(features a: Matrix<T>) throws {
        try self.init(kernel: KernelSecondMomentOperator<T>.gram(a))
    }

    public var n: Int { kernel.rows }
    /// χ_i/χ̄ for every sample.
    public var chiRatios: [T] {
        let mean = frobeniusSquared / T(n)
        return kernelSquaredDiagonal.map { $0 / mean }
    }
    public var gamma: T { chiRatios.min()! } // n ≥ 1
    public var argminChi: Int { kernelSquaredDiagonal.indices.min { kernelSquaredDiagonal[$0] < kernelSquaredDiagonal[$1] }! } // n ≥ 1
    /// γ′ from the plain norms ‖g_i‖² = K_ii (the wrong weights; for controls).
    public var plainNormGamma: T {
        let diag = (0..<n).map { kernel[$0, $0] }
        return diag.min()! / (diag.reduce(T.zero, +) / T(n))
    }

    /// λ₁(K) by power iteration from the all-ones vector (K ⪰ 0, entrywise ≥ 0 for ReLU features): the Rayleigh quotient
    /// λ = vᵀKv of the final unit vector v (a lower bound on λ₁) and the residual ‖Kv − λv‖, which bounds how far v is
    /// from an eigenvector: ‖Kv‖² = λ² + ‖Kv − λv‖² exactly.
    @inlinable
    public func topEigenpair(iterations: Int = 500) throws -> (value: T, vector: [T], residual: T) {
        var v = [T](repeating: 1 / T(n).squareRoot(), count: n)
        var rayleigh = T.zero
        for _ in 0..<iterations {
            let w = try kernel.applied(to: v)
            let norm = Vector.norm2(w)
            guard norm > 0 else { return (0, v, 0) }
            let r = try Vector.dot(v, w)
            v = w.map { $0 / norm }
            let done = abs(r - rayleigh) <= T.ulpOfOne * abs(r)
            rayleigh = r
            if done { break }
        }
        let kv = try kernel.applied(to: v)
        let lambda = try Vector.dot(v, kv)
        let residual = Vector.norm2(zip(kv, v).map { $0 - lambda * $1 })
        return (lambda, v, residual)
    }

    public func topEigenvalue() throws -> T { try topEigenpair().value }

    /// τ(G) = λ₁(K)²/‖K‖_F².
    public func tau() throws -> T { let l = try topEigenvalue(); return l * l / frobeniusSquared }

    /// (μ, μ₁, μ₂) at residuals e (‖e‖ > 0).
    @inlinable
    public func alignment(residuals e: [T]) throws -> (mu: T, mu1: T, mu2: T) {
        guard e.count == n else { throw NumericsError.dimensionMismatch(operation: "KernelAlignment.alignment", expected: "\(n) residuals", got: "\(e.count)") }
        let ee = e.reduce(T.zero) { $0 + $1 * $1 }
        guard ee > 0 else { throw NumericsError.invalidArgument(operation: "KernelAlignment.alignment", detail: "residuals are all zero (L = 0)") }
        var s1 = T.zero
        for i in 0..<n { s1 += e[i] * e[i] * kernelSquaredDiagonal[i] }
        let ke = try kernel.applied(to: e)
        let s2 = ke.reduce(T.zero) { $0 + $1 * $1 }
        let mu1 = T(n) * s1 / (ee * frobeniusSquared), mu2 = s2 / (ee * frobeniusSquared)
        return (mu1 - mu2, mu1, mu2)
    }

    /// Tr(GΣ) by Eq. (11b), ‖P·SᵀQ‖_F²/n² with (SᵀQ)_ij = e_iK_ij — a route independent of the μ formula — and the
    /// magnitude (1/n²)Σ_ij(|e_iK_ij| + mean_k|e_kK_kj|)² of the centred sum (the scale of its rounding). Without the
    /// centring P this is Tr(GΣ₁) (used as a mutation).
    @inlinable
    public func traceGSigma(residuals e: [T], centred: Bool = true) throws -> (value: T, magnitude: T) {
        guard e.count == n else { throw NumericsError.dimensionMismatch(operation: "KernelAlignment.traceGSigma", expected: "\(n) residuals", got: "\(e.count)") }
        let nn = T(n)
        var total = T.zero, magnitude = T.zero
        for j in 0..<n {
            var mean = T.zero, meanAbs = T.zero
            for i in 0..<n { let v = e[i] * kernel[i, j]; mean += v; meanAbs += abs(v) }
            mean /= nn; meanAbs /= nn
            for i in 0..<n {
                let v = e[i] * kernel[i, j] - (centred ? mean : 0)
                total += v * v
                let a = abs(e[i] * kernel[i, j]) + (centred ? meanAbs : 0)
                magnitude += a * a
            }
        }
        return (total / (nn * nn), magnitude / (nn * nn))
    }

    /// (α, β, ‖Σ‖_F) at residuals e: α = Tr(GΣ)/(‖G‖_F‖Σ‖_F), β = ‖Σ‖_F/(2L‖G‖_F), with Tr(GΣ) from Eq. (11b) and
    /// ‖Σ‖_F² = ‖PNP‖_F²/n² (or the printed ‖PN‖_F²/n² when `printedSigmaNorm`). `centredTrace: false` puts Tr(GΣ₁) in
    /// place of Tr(GΣ) (a mutation).
    @inlinable
    public func alphaBeta(residuals e: [T], printedSigmaNorm: Bool = false, centredTrace: Bool = true) throws -> (alpha: T, beta: T, sigmaFrobenius: T, relativeErrorBound: T) {
        let nn = T(n)
        var pnp = try Matrix<T>(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { pnp[i, j] = e[i] * kernel[i, j] * e[j] } }
        // Left centring (P·N): subtract column means; right centring: subtract row means.
        for j in 0..<n { let c = (0..<n).reduce(T.zero) { $0 + pnp[$1, j] } / nn; for i in 0..<n { pnp[i, j] -= c } }
        if !printedSigmaNorm {
            for i in 0..<n { let r = (0..<n).reduce(T.zero) { $0 + pnp[i, $1] } / nn; for j in 0..<n { pnp[i, j] -= r } }
        }
        let sigma = pnp.frobeniusNorm / nn
        let gram = frobeniusSquared.squareRoot() / nn
        let twoL = e.reduce(T.zero) { $0 + $1 * $1 } / nn
        let trace = try traceGSigma(residuals: e, centred: centredTrace)
        // Magnitude of the doubly centred sum: |N_ij| plus the absolute row, column and grand means.
        var absN = try Matrix<T>(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { absN[i, j] = abs(e[i] * kernel[i, j] * e[j]) } }
        let rowMean = (0..<n).map { i in (0..<n).reduce(T.zero) { $0 + absN[i, $1] } / nn }
        let colMean = (0..<n).map { j in (0..<n).reduce(T.zero) { $0 + absN[$1, j] } / nn }
        let grand = rowMean.reduce(T.zero, +) / nn
        var sigmaMagnitude = T.zero
        for i in 0..<n { for j in 0..<n { let a = absN[i, j] + rowMean[i] + colMean[j] + grand; sigmaMagnitude += a * a } }
        sigmaMagnitude /= nn * nn
        // First-order bound: each entry is an O(n)-term sum, then a sum of n² squares (6n + 16 roundings at most per path),
        // amplified by the cancellation factors magnitude/value of the two centred sums.
        let c = T(6 * n + 16) * T.ulpOfOne
        let bound = c * (trace.magnitude / max(abs(trace.value), T.leastNormalMagnitude) + sigmaMagnitude / max(sigma * sigma, T.leastNormalMagnitude))
        return (trace.value / (gram * sigma), sigma / (twoL * gram), sigma, bound)
    }

    /// τ(G) = λ₁(K)²/‖K‖_F² from a full eigendecomposition (small n), with the eigenvalues of K.
    @inlinable
    public func tauByEigendecomposition() throws -> (tau: T, eigenvalues: [T]) {
        let ev = try SymmetricEigendecomposition(kernel).eigenvalues
        let top = ev.max()!
        return (top * top / frobeniusSquared, ev)
    }

    /// μ_min = λ_min(n·Diag(K²) − K²)/‖K‖_F² over all residuals (the infimum over realizable residuals when K has
    /// full rank), and on request the eigenvalues of K (for its rank and condition number).
    @inlinable
    public func alignmentMinimum(withKernelEigenvalues: Bool = false) throws -> (muMin: T, kernelEigenvalues: [T]) {
        let k2 = try kernel.multiplied(by: kernel)
        var m = k2.scaled(by: -1)
        for i in 0..<n { m[i, i] += T(n) * kernelSquaredDiagonal[i] }
        // Symmetrize exactly (K² is symmetric up to rounding).
        for i in 0..<n { for j in 0..<i { let a = (m[i, j] + m[j, i]) / 2; m[i, j] = a; m[j, i] = a } }
        let low = try SymmetricEigendecomposition(m).eigenvalues.min()! // n ≥ 1
        return (low / frobeniusSquared, withKernelEigenvalues ? try SymmetricEigendecomposition(kernel).eigenvalues : [])
    }
}

/// Least-squares regression with the unscaled random-feature model f(x; θ) = Σ_j θ_j ReLU(w_jᵀx) (the App. A.1 form, no
/// m^{−1/2}) on the teacher f*(x) = 0.2x₁ + (x₂ + … + x_d − 1)²/3 + sin(Σ_{i ≤ d−2} x_i x_{i+2}/4), trained by SGD with
/// batches drawn with replacement. The model is linear in θ, so its SGD is exactly linearized SGD.
public struct RandomFeatureRegression: Sendable {
    public let model: ReLURandomFeatures
    public let labels: [Double]
    /// Unscaled features (n × m).
    public let features: Matrix<Double>

    /// Throws `.invalidArgument` for d < 3 (the teacher's sine term needs x_{i+2}).
    public init(model: ReLURandomFeatures) throws {
        guard model.d >= 3 else { throw NumericsError.invalidArgument(operation: "RandomFeatureRegression", detail: "the teacher needs d ≥ 3, got d = \(model.d)") }
        self.model = model
        self.labels = model.inputs.map(Self.teacher)
        self.features = model.features(Double.self, scaled: false)
    }

    public static func teacher(_ x: [Double]) -> Double {
        let d = x.count
        let tail = x[1...].reduce(0, +) - 1
        var inner = 0.0
        for i in 0..<(d - 2) { inner += x[i] * x[i + 2] }
        return 0.2 * x[0] + tail * tail / 3 + Foundation.sin(inner / 4)
    }

    /// L(θ) = (1/2n)Σ(f(x_i; θ) − y_i)².
    public func loss(_ theta: [Double]) -> Double {
        let m = model.m
        var total = 0.0
        for i in 0..<model.n {
            var f = 0.0
            for j in 0..<m { f += features.elements[i * m + j] * theta[j] }
            total += (f - labels[i]) * (f - labels[i])
        }
        return total / Double(2 * model.n)
    }

    /// SGD from θ₀ = 0 with batches of size B drawn with replacement: the loss every `every` steps (and at 0), stopping
    /// early at the first loss that is not finite (recorded as +∞) — a divergent run is a result here, not an error.
    public func lossPath(eta: Double, batch: Int, steps: Int, every: Int, seed: UInt64) throws -> [(step: Int, loss: Double)] {
        guard eta > 0, eta.isFinite else { throw NumericsError.invalidArgument(operation: "RandomFeatureRegression.lossPath", detail: "step size η = \(eta) must be positive") }
        guard batch >= 1, steps >= 0, every >= 1 else {
            throw NumericsError.invalidArgument(operation: "RandomFeatureRegression.lossPath", detail: "need B ≥ 1, steps ≥ 0, every ≥ 1; got B = \(batch), steps = \(steps), every = \(every)")
        }
        var rng = SeededGenerator(seed: seed)
        let m = model.m
        var theta = [Double](repeating: 0, count: m)
        var path = [(step: 0, loss: loss(theta))]
        for t in stride(from: 1, through: steps, by: 1) {
            var grad = [Double](repeating: 0, count: m)
            for i in try rng.sampleWithReplacement(from: model.n, count: batch) {
                var f = 0.0
                for j in 0..<m { f += features.elements[i * m + j] * theta[j] }
                let r = (f - labels[i]) / Double(batch)
                for j in 0..<m { grad[j] += r * features.elements[i * m + j] }
            }
            for j in 0..<m { theta[j] -= eta * grad[j] }
            if t % every == 0 || t == steps {
                let l = loss(theta)
                path.append((t, l.isFinite ? l : .infinity))
                if !l.isFinite { break }
            }
        }
        return path
    }
}
