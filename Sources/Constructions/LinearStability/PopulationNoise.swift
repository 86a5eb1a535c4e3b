import Numerics

/// Label models for online SGD on an over-parameterized linear model with inputs x = C·w.
public enum LabelNoise: Sendable, Equatable, Codable {
    /// y = F(θ*)ᵀx: realizable, no noise.
    case none
    /// y = F(θ*)ᵀx + ε with ε = ±s independent of x (two-point, mean 0, variance s²).
    case independent(s: Rational)
    /// y = F(θ*)ᵀx + c(x₁² − 1): noise whose size depends on the input (needs sixth moments of x).
    case heteroscedastic(c: Rational)

    public var description: String {
        switch self {
        case .none: return "none (y = F(θ*)ᵀx)"
        case .independent(let s): return "independent ±\(s)"
        case .heteroscedastic(let c): return "heteroscedastic \(c)·(x₁² − 1)"
        }
    }

    /// The largest per-coordinate degree in w of the quantities averaged (e²·g·gᵀ): 4 without noise or with
    /// independent noise, 6 with the x₁² term.
    public var requiredDegree: Int { if case .heteroscedastic = self { return 6 }; return 4 }
}

/// The population noise moments of online SGD at one parameter value, over a finite input design:
/// with residual e = f(x; θ) − y and tangent feature g = ∇F(θ)ᵀx,
/// L = ½E e², ∇L = E[e·g], G = E[g gᵀ], Σ₁ = E[e² g gᵀ], Σ = Σ₁ − ∇L∇Lᵀ.
/// In floating point, `scale` holds the same sums of absolute values (for a-posteriori rounding bounds).
public struct PopulationNoiseMoments<T: FieldElement>: Sendable {
    public let loss: T
    public let gradient: [T]
    public let gram: [[T]]
    public let secondMoment: [[T]]
    /// The magnitude of the terms entering the residual Σ₁ − 2∇L∇Lᵀ − 2L·G, entrywise, built from |C||w|, |u| and |∇F|
    /// so that it bounds every rounded sum even under cancellation (nil in exact arithmetic).
    public let scale: [[T]]?
    /// Number of design points summed (the summation length for rounding bounds).
    public let points: Int

    @inlinable
    public init(loss: T, gradient: [T], gram: [[T]], secondMoment: [[T]], scale: [[T]]?, points: Int) {
        self.loss = loss; self.gradient = gradient; self.gram = gram; self.secondMoment = secondMoment; self.scale = scale; self.points = points
    }

    /// Σ = Σ₁ − ∇L∇Lᵀ.
    public func covariance() throws -> [[T]] {
        try secondMoment.indices.map { i in try secondMoment[i].indices.map { j in
            try secondMoment[i][j].subtracting(gradient[i].multiplied(by: gradient[j]))
        } }
    }

    /// R = Σ − (∇L∇Lᵀ + 2L·G) (or, with `dropGradientTerm`, Σ − 2L·G): zero when Theorem 2.1's identity holds.
    public func identityResidual(dropGradientTerm: Bool = false) throws -> [[T]] {
        let sigma = try covariance()
        let twoL = try T(2).multiplied(by: loss)
        return try sigma.indices.map { i in try sigma[i].indices.map { j in
            var claimed = try twoL.multiplied(by: gram[i][j])
            if !dropGradientTerm { claimed = try claimed.adding(gradient[i].multiplied(by: gradient[j])) }
            return try sigma[i][j].subtracting(claimed)
        } }
    }

    /// (μ, μ₁, μ₂) = Tr(Σ_k G)/(2L‖G‖_F²) for Σ, Σ₁ and Σ₂ = ∇L∇Lᵀ.
    public func alignment() throws -> (mu: T, mu1: T, mu2: T) {
        var trSigma1G = T.zero, gradGGrad = T.zero, frobenius = T.zero
        for i in gram.indices {
            var gi = T.zero
            for j in gram.indices {
                trSigma1G = try trSigma1G.adding(secondMoment[i][j].multiplied(by: gram[j][i]))
                frobenius = try frobenius.adding(gram[i][j].multiplied(by: gram[i][j]))
                gi = try gi.adding(gram[i][j].multiplied(by: gradient[j]))
            }
            gradGGrad = try gradGGrad.adding(gradient[i].multiplied(by: gi))
        }
        let denominator = try T(2).multiplied(by: loss).multiplied(by: frobenius)
        let mu1 = try trSigma1G.divided(by: denominator), mu2 = try gradGGrad.divided(by: denominator)
        return (try mu1.subtracting(mu2), mu1, mu2)
    }
}

/// Online-SGD noise of an over-parameterized linear model under inputs x = C·w, w from a product design.
public enum PopulationNoise {
    /// - Parameters:
    ///   - jacobian: ∇F(θ), d × p.
    ///   - residualMap: u = F(θ) − F(θ*), length d.
    ///   - inputFactor: C (d × d), so that x = C·w has covariance C·Cᵀ under a design with unit variance.
    ///   - designs: the distribution of each coordinate of w (independent).
    ///   - magnitude: |·| for floating-point types, to accumulate the rounding scale; nil in exact arithmetic.
    /// Throws for inconsistent shapes, and when the design has too many points.
    @inlinable
    public static func moments<T: FieldElement>(jacobian: [[T]], residualMap u: [T], inputFactor c: [[T]], designs: [MomentDesign],
                                                labelNoise: LabelNoise, magnitude: ((T) -> T)? = nil) throws -> PopulationNoiseMoments<T> {
        let d = u.count
        guard d >= 1, jacobian.count == d, c.count == d, c.allSatisfy({ $0.count == d }) else {
            throw NumericsError.dimensionMismatch(operation: "PopulationNoise.moments", expected: "∇F with \(d) rows and C of \(d)×\(d)",
                                                  got: "∇F with \(jacobian.count) rows, C with \(c.count) rows")
        }
        let p = jacobian[0].count
        guard p >= 1, jacobian.allSatisfy({ $0.count == p }) else {
            throw NumericsError.dimensionMismatch(operation: "PopulationNoise.moments", expected: "∇F rows of one length ≥ 1", got: "ragged or empty")
        }
        guard designs.count == d else {
            throw NumericsError.dimensionMismatch(operation: "PopulationNoise.moments", expected: "\(d) coordinate designs", got: "\(designs.count)")
        }
        let points = try MomentDesign.productPoints(designs).map { (w: try $0.point.map { try $0.converted(to: T.self) }, weight: try $0.weight.converted(to: T.self)) }
        var noise: [(value: T, weight: T)] = [(.zero, .one)]
        var heteroscedastic: T?
        switch labelNoise {
        case .none: break
        case .independent(let s):
            let v = try s.converted(to: T.self), half = try T.one.divided(by: T(2))
            noise = [(v, half), (try T.zero.subtracting(v), half)]
        case .heteroscedastic(let cc): heteroscedastic = try cc.converted(to: T.self)
        }
        var loss = T.zero, absLoss = T.zero
        var grad = Array(repeating: T.zero, count: p)
        var gram = Array(repeating: Array(repeating: T.zero, count: p), count: p)
        var second = gram, absSecond = gram, absGram = gram
        var absGrad = grad, g = grad, ga = grad
        var x = Array(repeating: T.zero, count: d), xa = x
        for (w, weight) in points {
            for i in 0..<d {
                var s = T.zero
                for k in 0..<d { s = try s.adding(c[i][k].multiplied(by: w[k])) }
                x[i] = s
            }
            var fx = T.zero
            for i in 0..<d { fx = try fx.adding(u[i].multiplied(by: x[i])) }
            if let h = heteroscedastic { fx = try fx.subtracting(h.multiplied(by: x[0].multiplied(by: x[0]).subtracting(.one))) }
            for k in 0..<p {
                var s = T.zero
                for i in 0..<d { s = try s.adding(jacobian[i][k].multiplied(by: x[i])) }
                g[k] = s
            }
            // Magnitudes from absolute inputs (|C||w|, |u|ᵀ|x|, |∇F|ᵀ|x|): they bound the rounding of x, e and g
            // even where those sums cancel.
            var ea = T.zero
            if let m = magnitude {
                for i in 0..<d {
                    var s = T.zero
                    for k in 0..<d { s = try s.adding(m(c[i][k]).multiplied(by: m(w[k]))) }
                    xa[i] = s
                }
                for i in 0..<d { ea = try ea.adding(m(u[i]).multiplied(by: xa[i])) }
                if let h = heteroscedastic { ea = try ea.adding(m(h).multiplied(by: xa[0].multiplied(by: xa[0]).adding(.one))) }
                for k in 0..<p {
                    var s = T.zero
                    for i in 0..<d { s = try s.adding(m(jacobian[i][k]).multiplied(by: xa[i])) }
                    ga[k] = s
                }
            }
            for (eps, nw) in noise {
                let e = try fx.subtracting(eps), omega = try weight.multiplied(by: nw)
                let e2 = try e.multiplied(by: e), oe = try omega.multiplied(by: e), oe2 = try omega.multiplied(by: e2)
                loss = try loss.adding(oe2)
                for a in 0..<p {
                    grad[a] = try grad[a].adding(oe.multiplied(by: g[a]))
                    let sa = try oe2.multiplied(by: g[a]), wa = try omega.multiplied(by: g[a])
                    for b in a..<p {
                        second[a][b] = try second[a][b].adding(sa.multiplied(by: g[b]))
                        gram[a][b] = try gram[a][b].adding(wa.multiplied(by: g[b]))
                    }
                }
                if let m = magnitude {
                    let eb = try ea.adding(m(eps)), oeb = try omega.multiplied(by: eb), oeb2 = try oeb.multiplied(by: eb)
                    absLoss = try absLoss.adding(oeb2)
                    for a in 0..<p {
                        absGrad[a] = try absGrad[a].adding(oeb.multiplied(by: ga[a]))
                        let sa = try oeb2.multiplied(by: ga[a]), wa = try omega.multiplied(by: ga[a])
                        for b in a..<p {
                            absSecond[a][b] = try absSecond[a][b].adding(sa.multiplied(by: ga[b]))
                            absGram[a][b] = try absGram[a][b].adding(wa.multiplied(by: ga[b]))
                        }
                    }
                }
            }
        }
        loss = try loss.divided(by: T(2))
        for a in 0..<p { for b in 0..<a { second[a][b] = second[b][a]; gram[a][b] = gram[b][a]; absSecond[a][b] = absSecond[b][a]; absGram[a][b] = absGram[b][a] } }
        var scale: [[T]]?
        if magnitude != nil {
            // |Σ₁| + 2|∇L||∇L|ᵀ + 2L|G| from the magnitudes (absLoss = E|e|², i.e. 2L's magnitude).
            scale = try (0..<p).map { a in try (0..<p).map { b in
                try absSecond[a][b].adding(T(2).multiplied(by: absGrad[a]).multiplied(by: absGrad[b])).adding(absLoss.multiplied(by: absGram[a][b]))
            } }
        }
        return PopulationNoiseMoments(loss: loss, gradient: grad, gram: gram, secondMoment: second, scale: scale, points: points.count * noise.count)
    }
}
