import Numerics

/// Paper 004's α-scale transformation (Definition 1, corrected): layer l's weights are multiplied by α_l and its biases by the
/// cumulative product c_l = α_1⋯α_l (the pre-activations of layer l scale by c_l because ReLU is positively homogeneous), so
/// with Πα_l = 1 a ReLU network computes the same function. The map is θ ↦ Aθ with A diagonal.
public struct AlphaScaling: Sendable, Equatable {
    public enum BiasRule: String, Codable, Sendable {
        case cumulative = "b_l scaled by α_1⋯α_l"
        /// The literal reading of "θ_l ↦ α_lθ_l" with the bias inside θ_l: it changes the function (a negative control).
        case naive = "b_l scaled by α_l"
    }
    public let alphas: [Double]
    public let biasRule: BiasRule

    /// - Throws: `.invalidArgument` for an α that is not positive and finite.
    public init(alphas: [Double], biasRule: BiasRule) throws {
        guard !alphas.isEmpty, alphas.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw NumericsError.invalidArgument(operation: "AlphaScaling", detail: "every α_l must be positive and finite, got \(alphas)")
        }
        self.alphas = alphas; self.biasRule = biasRule
    }

    /// The diagonal of A for a network with these layer widths (C3 parameter order).
    /// - Throws: `.dimensionMismatch` when the number of α's differs from the number of layers.
    public func coordinateScales(widths: [Int]) throws -> [Double] {
        try Self.coordinateScales(alphas: alphas, biasRule: biasRule, widths: widths)
    }

    /// The same in any precision, the cumulative products formed in T (so α's chosen with Πα_l = 1 in T keep it).
    public static func coordinateScales<T: RealFloat>(alphas: [T], biasRule: BiasRule, widths: [Int]) throws -> [T] {
        guard alphas.count == widths.count - 1 else {
            throw NumericsError.dimensionMismatch(operation: "AlphaScaling", expected: "\(widths.count - 1) α's (one per layer)", got: "\(alphas.count)")
        }
        var scales: [T] = [], cumulative = T.one
        for l in 1..<widths.count {
            let a = alphas[l - 1]
            cumulative *= a
            scales += [T](repeating: a, count: widths[l] * widths[l - 1])
            scales += [T](repeating: biasRule == .cumulative ? cumulative : a, count: widths[l])
        }
        return scales
    }
}

/// The KL divergence of the thresholded-Hessian posterior Q = N(θ, diag(1/ν)), ν_j = max(H_jj, 1/σ_j²) (Assumption 2), from the
/// prior P = N(θ₀, diag(σ²)), and its three parts: 2KL = slack + WFN + EC with slack = Σ_j(1/(σ_j²ν_j) − 1) ≤ 0,
/// WFN = Σ_j(θ_j − θ₀_j)²/σ_j² and EC = Σ_j ln(ν_jσ_j²) (non-zero only on the d̃ coordinates with H_jj > 1/σ_j²).
public struct ThresholdedPosteriorKL<T: RealFloat>: Sendable {
    public let kl: T, slack: T, wfn: T, ec: T
    public let dTilde: Int
    /// Σ of the absolute values of every term (the magnitude against which the rounding of KL is measured).
    public let magnitude: T

    /// - Throws: `.dimensionMismatch` for unequal lengths, `.invalidArgument` for a prior variance that is not positive and finite.
    public init(theta: [T], priorMean: [T], priorVariance: [T], hessianDiagonal: [T]) throws {
        let p = theta.count
        guard priorMean.count == p, priorVariance.count == p, hessianDiagonal.count == p else {
            throw NumericsError.dimensionMismatch(operation: "ThresholdedPosteriorKL", expected: "\(p) entries each",
                                                  got: "\(priorMean.count), \(priorVariance.count), \(hessianDiagonal.count)")
        }
        guard priorVariance.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw NumericsError.invalidArgument(operation: "ThresholdedPosteriorKL", detail: "prior variances must be positive and finite")
        }
        var slack = T.zero, wfn = T.zero, ec = T.zero, magnitude = T.zero, d = 0
        for j in 0..<p {
            let s2 = priorVariance[j]
            let nu = Swift.max(hessianDiagonal[j], T.one / s2)
            if hessianDiagonal[j] > T.one / s2 { d += 1 }
            let sl = T.one / (s2 * nu) - T.one
            let w = (theta[j] - priorMean[j]) * (theta[j] - priorMean[j]) / s2
            let e = T.log(nu * s2)
            slack += sl; wfn += w; ec += e
            magnitude += Swift.abs(sl) + w + Swift.abs(e)
        }
        self.slack = slack; self.wfn = wfn; self.ec = ec; self.dTilde = d; self.magnitude = magnitude
        self.kl = (slack + wfn + ec) / 2
    }
}
