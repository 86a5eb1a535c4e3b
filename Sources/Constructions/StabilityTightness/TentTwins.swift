import Numerics

/// The catalog's "NC-TENT": the paper's non-convex quadratic made globally Lipschitz. In d = 1,
/// f(w; (x, y)) = −β·q_r(w) − y·x·w with q_r(0) = 0 and q_r′(w) = w for |w| ≤ r, sign(w)(2r − |w|) for
/// r < |w| ≤ 2r, 0 beyond: |q_r″| ≤ 1 (β-smooth), |∇f| ≤ βr + |yx| (globally Lipschitz), non-convex.
/// Shared points (0, 0); differing point (1, 1/2) in S and (−1, 1/2) in S'. Inside |w| ≤ r the runs are mirror
/// images, w' = −w, and θ = w − w' follows θ_{t+1} = (1 + α_tβ)θ_t + α_t·1[pick]: the non-convex ray with kick 1.
/// With r = θ_max/2 (θ_max the all-picks path) no path ever leaves |w| ≤ r, so that ray is exact.
public struct TentTwins: Sendable {
    public let beta: Rational
    public let n: Int
    public let schedule: StepSchedule
    public let plan: UpdatePlan

    /// Throws for β ≤ 0, n < 2, or a schedule that rejects a planned step.
    public init(beta: Rational, n: Int, schedule: StepSchedule, plan: UpdatePlan) throws {
        guard Rational.zero < beta else { throw NumericsError.invalidArgument(operation: "TentTwins", detail: "β = \(beta) must be > 0") }
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "TentTwins", detail: "n = \(n) must be ≥ 2") }
        for t in plan.indices { _ = try schedule.alpha(at: t) }
        self.beta = beta; self.n = n; self.schedule = schedule; self.plan = plan
    }

    /// The divergence ray (κ = −β, kick 1).
    public func ray() throws -> RayDivergence { try RayDivergence(curvature: -beta, kick: .one, n: n, schedule: schedule, plan: plan) }

    /// θ_max = Σ_t α_t Π_{s>t}(1 + α_sβ): every step picks the differing index. Certified.
    public func maximalTheta() throws -> Interval {
        var theta = Quantity.zero
        for t in plan.indices {
            let a = try schedule.alpha(at: t)
            theta = try Quantity.exact(.one + a * beta) * theta + .exact(a)
        }
        return try theta.interval()
    }

    /// The tent radius r = θ_max/2 and the global Lipschitz constant βr + max|yx| over the data (1/2), certified.
    public func radiusAndLipschitz(maxLabelTimesFeature: Double = 0.5) throws -> (radius: Interval, lipschitz: Interval) {
        let r = try maximalTheta().dividing(by: Interval(2))
        return (r, try Interval.enclosing(beta) * r + Interval(maxLabelTimesFeature))
    }

    /// Simulates the non-linear tent dynamics (coupled, shared index stream): mean and standard error of |Δ_T|
    /// and the largest |w| either run reached (to confirm that no path leaves |w| ≤ r).
    @inlinable
    public func simulate(paths: Int, scheme: SamplingScheme, radius: Double) throws -> (mean: Double, standardError: Double, maxAbsW: Double) {
        let b = Double(beta.numerator) / Double(beta.denominator)
        let steps = try plan.indices.map { t -> Double in let a = try schedule.alpha(at: t); return Double(a.numerator) / Double(a.denominator) }
        @inline(__always) func qPrime(_ w: Double) -> Double {
            let m = abs(w)
            if m <= radius { return w }
            if m <= 2 * radius { return (w < 0 ? -1 : 1) * (2 * radius - m) }
            return 0
        }
        var stats = Welford<Double>()
        var maxW = 0.0
        for p in 0..<paths {
            var stream = try IndexStream(n: n, scheme: scheme, seed: UInt64(p))
            var w = 0.0, wp = 0.0
            for alpha in steps {
                let i = try stream.next()
                let pick = i == n - 1
                // ∇f = −β q_r′(w) − y·x with (x, y) = (±1, 1/2) at the differing index and (0, 0) elsewhere.
                w -= alpha * (-b * qPrime(w) - (pick ? 0.5 : 0))
                wp -= alpha * (-b * qPrime(wp) - (pick ? -0.5 : 0))
                maxW = max(maxW, abs(w), abs(wp))
            }
            try stats.add(abs(w - wp))
        }
        return (stats.mean, try stats.standardError(), maxW)
    }
}
