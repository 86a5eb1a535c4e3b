import Numerics

/// The non-convex construction of Lemma 4 and Theorems 3 and 5 (the catalog's "NC"):
/// f(w; (x, y)) = ½wᵀAw − y·xᵀw in d = 2 with A = diag(κ, β), where κ = −β along v = e1 makes the
/// loss non-convex and β-smooth (|eigenvalues| ≤ β). The n − 1 shared points are (e2, 1/2); the
/// differing point is (v, 1/2) in S and (−v, 1/2) in S' (index n − 1). Every pick adds α_t·v to Δ, so
/// Δ_t = θ_t·v with θ_{t+1} = (1 − α_t κ)θ_t + α_t·1[pick]: for κ = −β each step multiplies the
/// divergence by 1 + α_t β. The curvature can be set to 0 or +β for negative controls.
public struct NonConvexQuadratic: Sendable {
    public enum Curvature: String, Codable, Sendable {
        case negative = "−β (non-convex)"
        case zero = "0 (flat along v)"
        case positive = "+β (contractive along v)"
    }

    public let beta: Rational
    public let curvature: Curvature
    public let n: Int

    /// Throws for β ≤ 0 or n < 2.
    public init(beta: Rational, curvature: Curvature, n: Int) throws {
        guard Rational.zero < beta else { throw NumericsError.invalidArgument(operation: "NonConvexQuadratic", detail: "β = \(beta) must be > 0") }
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "NonConvexQuadratic", detail: "n = \(n) must be ≥ 2") }
        self.beta = beta; self.curvature = curvature; self.n = n
    }

    /// κ = vᵀAv.
    public var kappa: Rational {
        switch curvature {
        case .negative: return -beta
        case .zero: return .zero
        case .positive: return beta
        }
    }

    public var eigenvalues: [Rational] { [kappa, beta] }
    public func loss() throws -> QuadraticLoss { try .diagonal(eigenvalues) }
    /// |y|·‖x_i − x'_i‖ = ½·2.
    public var kick: Rational { .one }

    public func twins() throws -> TwinDatasets {
        let shared = (0..<(n - 1)).map { _ in LabeledPoint([0, 1], 0.5) }
        return try TwinDatasets(s: shared + [LabeledPoint([1, 0], 0.5)], sPrime: shared + [LabeledPoint([-1, 0], 0.5)])
    }

    public func ray(schedule: StepSchedule, plan: UpdatePlan) throws -> RayDivergence {
        try RayDivergence(curvature: kappa, kick: kick, n: n, schedule: schedule, plan: plan)
    }
}

extension RayDivergence {
    /// log E‖Δ‖ after each update, computed in log space in precision T so that exponential growth
    /// never overflows: L_{t+1} = logaddexp(log c_t + L_t, log d_t) with c_t = 1 − α_t κ (as
    /// log1p(−α_t κ)) and d_t = α_t k/n, L_0 = −∞. Also returns, per update, a bound on the absolute
    /// rounding error of L accumulated so far: each update rounds at most 8 times (two conversions, log1p,
    /// log, one addition, exp, log1p and the final addition), each within an ulp of a quantity no larger
    /// in magnitude than |L_{t+1}| + |log c_t| + |log d_t| + 1, and logaddexp has partial derivatives in
    /// [0, 1], so earlier errors are not amplified. Requires every c_t ≥ 0 and d_t > 0.
    public func logExpectations<T: RealFloat>(_: T.Type) throws -> (logE: [T], errorBound: [Double]) {
        var l = -T.infinity
        var out: [T] = [], bounds: [Double] = []
        out.reserveCapacity(plan.count); bounds.reserveCapacity(plan.count)
        var acc = 0.0
        let eps = Double(T.ulpOfOne)
        for t in plan.indices {
            let a = try schedule.alpha(at: t)
            let minusAK = try -(a * curvature)
            // The first update multiplies θ = 0 (L = −∞): its multiplier's sign is irrelevant.
            guard l == -T.infinity || !(minusAK < Rational(-1)) else {
                throw NumericsError.invalidArgument(operation: "logExpectations", detail: "multiplier 1 − α_t κ < 0 at t = \(t): θ changes sign")
            }
            let d = try a * kick / Rational(n)
            guard Rational.zero < d else { throw NumericsError.invalidArgument(operation: "logExpectations", detail: "kick term ≤ 0 at t = \(t)") }
            // c_t = 0 (the step exactly cancels the curvature): the past is forgotten, log c = −∞.
            let logC = minusAK == Rational(-1) || minusAK < Rational(-1) ? -T.infinity : T.log1p(T(minusAK.numerator) / T(minusAK.denominator))
            let logD = T.log(T(d.numerator) / T(d.denominator))
            let x = logC + l
            if x == -T.infinity {
                l = logD
            } else {
                let hi = Swift.max(x, logD), lo = Swift.min(x, logD)
                l = hi + T.log1p(T.exp(lo - hi))
            }
            acc += 8 * eps * (Double(abs(l)) + (logC.isFinite ? Double(abs(logC)) : 0) + Double(abs(logD)) + 1)
            out.append(l)
            bounds.append(acc)
        }
        return (out, bounds)
    }
}
