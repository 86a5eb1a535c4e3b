import Numerics

/// The empirical moments of n per-sample gradients g_1…g_n ∈ ℝᵖ (paper 004, Sec. 3, eqs 4–7), every one
/// normalised by 1/n: the mean μ = (1/n)Σg_i, the covariance Σ = (1/n)Σ(g_i − μ)(g_i − μ)ᵀ and the second
/// moment M = (1/n)Σg_ig_iᵀ. Written once over `FieldElement`: exact in `Rational`, rounded in `Double`/`Float80`
/// (the mean and covariance are `MinibatchGradientCovariance`'s two-pass routines; M is one more pass).
public struct GradientMoments<T: FieldElement>: Sendable {
    public let mean: [T]
    public let covariance: [[T]]
    public let secondMoment: [[T]]

    /// The three moments as given (e.g. Σ rescaled by a caller).
    @inlinable
    public init(mean: [T], covariance: [[T]], secondMoment: [[T]]) {
        self.mean = mean; self.covariance = covariance; self.secondMoment = secondMoment
    }

    /// Throws `.empty` for no gradients, `.dimensionMismatch` for ragged ones (and `.overflow` in `Rational`).
    @inlinable
    public init(gradients g: [[T]]) throws {
        mean = try MinibatchGradientCovariance.meanGradient(g)
        covariance = try MinibatchGradientCovariance.sampleGradientCovariance(g)
        let p = mean.count
        let invN = try T.one.divided(by: T(g.count))
        var m = Array(repeating: Array(repeating: T.zero, count: p), count: p)
        for gi in g {
            for a in 0..<p { for b in 0..<p { m[a][b] = try m[a][b].adding(gi[a].multiplied(by: gi[b])) } }
        }
        secondMoment = try m.map { try FieldVector.scale($0, by: invN) }
    }
}
