import Numerics

/// The divergence of two coupled SGD runs on twin data sets when it stays on a fixed ray:
/// Δ_t = θ_t·v with θ_0 = 0 and
///
///     θ_{t+1} = (1 − α_t κ)·θ_t + α_t k·1[i_t = i],
///
/// where κ = vᵀAv is the curvature of the quadratic loss along v, k = |y|·‖x_i − x'_i‖ is the kick per
/// unit step, and the differing index i is drawn with probability 1/n at every step (with
/// replacement, or the first epoch of a permutation — E θ depends only on that marginal).
/// ‖Δ_t‖ = |θ_t|. When every multiplier 1 − α_t κ is ≥ 0, θ never changes sign and
/// E‖Δ_{t+1}‖ = (1 − α_t κ)·E‖Δ_t‖ + α_t k/n exactly; otherwise only the enumeration is exact.
public struct RayDivergence: Sendable {
    public let curvature: Rational
    public let kick: Rational
    public let n: Int
    public let schedule: StepSchedule
    public let plan: UpdatePlan

    /// Throws for n < 1, a negative kick, an empty or negative plan, or a schedule that rejects a step.
    public init(curvature: Rational, kick: Rational, n: Int, schedule: StepSchedule, plan: UpdatePlan) throws {
        guard n >= 1 else { throw NumericsError.invalidArgument(operation: "RayDivergence", detail: "n = \(n) must be ≥ 1") }
        guard !(kick < .zero) else { throw NumericsError.invalidArgument(operation: "RayDivergence", detail: "kick \(kick) must be ≥ 0") }
        guard plan.count >= 0, plan.first >= 0 else {
            throw NumericsError.invalidArgument(operation: "RayDivergence", detail: "update plan first \(plan.first), count \(plan.count)")
        }
        for t in plan.indices.prefix(1) { _ = try schedule.alpha(at: t) }
        self.curvature = curvature; self.kick = kick; self.n = n; self.schedule = schedule; self.plan = plan
    }

    /// The multiplier 1 − α_t κ of step t and the expected kick α_t k/n.
    func coefficients(at t: Int) throws -> (c: Rational, d: Rational) {
        let a = try schedule.alpha(at: t)
        return (try .one - a * curvature, try a * kick / Rational(n))
    }

    /// True when every multiplier that acts on a non-zero θ is ≥ 0, so that the linear recursion for E‖Δ‖
    /// is exact. The first update's multiplier acts on θ = 0 and is ignored.
    public func preservesSign() throws -> Bool {
        // 1 − α_t κ is ≥ 1 when κ ≤ 0; for κ > 0 it is constant (constant step) or increasing in t (c/t), so
        // the first multiplier after the first update decides.
        guard Rational.zero < curvature, plan.count > 1 else { return true }
        return !(try coefficients(at: plan.first + 1).c < .zero)
    }

    /// E‖Δ‖ after the given numbers of updates, by the recursion in precision T. All terms are ≥ 0 when the
    /// sign is preserved, so there is no cancellation: each update rounds at most 6 times (the step c/t, the
    /// product with κ, the subtraction, two products and the sum), and the relative error after k updates is
    /// at most 6kε (to first order). Throws when the sign is not preserved or a checkpoint lies outside 1…count.
    public func expectations<T: RealFloat>(at checkpoints: [Int], _: T.Type) throws -> [T] {
        guard try preservesSign() else {
            throw NumericsError.invalidArgument(operation: "RayDivergence", detail: "a multiplier 1 − α_t κ is negative: θ changes sign")
        }
        for c in checkpoints where c < 1 || c > plan.count {
            throw NumericsError.invalidArgument(operation: "RayDivergence.expectations(at:)", detail: "checkpoint \(c) outside 1…\(plan.count)")
        }
        let wanted = Set(checkpoints)
        var values: [Int: T] = [:]
        let kappa = T(curvature.numerator) / T(curvature.denominator), k = T(kick.numerator) / T(kick.denominator), nn = T(n)
        var e = T.zero, done = 0
        // The step in precision T without rational arithmetic per update: c, or c/t.
        let scale = T(schedule.scale.numerator) / T(schedule.scale.denominator)
        for t in plan.indices {
            let alpha = schedule.kind == .constant ? scale : scale / T(t)
            e = (1 - alpha * kappa) * e + alpha * k / nn
            done += 1
            if wanted.contains(done) { values[done] = e }
        }
        return checkpoints.map { values[$0]! } // every checkpoint lies in 1…count (checked above)
    }

    /// E‖Δ‖ after each update, exactly, by the linear recursion. Throws `.invalidArgument` when a
    /// multiplier is negative (the recursion would not be E‖Δ‖) and `.overflow` when 128-bit
    /// rationals cannot hold the result (use `enclosures` then).
    public func exactExpectations() throws -> [Rational] {
        guard try preservesSign() else {
            throw NumericsError.invalidArgument(operation: "RayDivergence", detail: "a multiplier 1 − α_t κ is negative: θ changes sign and the linear recursion is not E‖Δ‖")
        }
        var e = Rational.zero, out: [Rational] = []
        out.reserveCapacity(plan.count)
        for t in plan.indices {
            let (c, d) = try coefficients(at: t)
            e = try c * e + d
            out.append(e)
        }
        return out
    }

    /// E‖Δ‖ after each update: exact while 128-bit rationals hold it, a certified enclosure from the
    /// first overflow on (the same recursion in outward-rounded interval arithmetic). Same sign
    /// condition as `exactExpectations`.
    public func expectations() throws -> [Quantity] {
        guard try preservesSign() else {
            throw NumericsError.invalidArgument(operation: "RayDivergence", detail: "a multiplier 1 − α_t κ is negative: θ changes sign and the linear recursion is not E‖Δ‖")
        }
        var e = Quantity.zero, out: [Quantity] = []
        out.reserveCapacity(plan.count)
        var cached: (c: Rational, d: Rational, ci: Interval, di: Interval)?
        for t in plan.indices {
            let (c, d) = try coefficients(at: t)
            if case .exact(let x) = e {
                do {
                    e = .exact(try c * x + d)
                    out.append(e)
                    continue
                } catch NumericsError.overflow { /* from here on: intervals */ }
            }
            // Enclose the coefficients once per distinct value (constant schedules: once).
            if cached == nil || cached!.c != c || cached!.d != d { // checked for nil first
                cached = (c, d, try Interval.enclosing(c), try Interval.enclosing(d))
            }
            e = .enclosure(cached!.ci * (try e.interval()) + cached!.di) // set just above
            out.append(e)
        }
        return out
    }

    /// E|θ_T| after all updates, exactly, by enumerating every pick pattern (equal θ values are
    /// merged, so a constant-step null-space run costs T² rather than 2^T). Valid whatever the
    /// signs of the multipliers. Throws when more than `limit` distinct values would be tracked.
    public func enumeratedExpectation(limit: Int = 1 << 17) throws -> Rational {
        let p = try Rational(1, n), q = try Rational(n - 1, n)
        var dist: [Rational: Rational] = [.zero: .one]
        for t in plan.indices {
            let a = try schedule.alpha(at: t)
            let c = try .one - a * curvature, jump = try a * kick
            var next: [Rational: Rational] = [:]
            next.reserveCapacity(dist.count * 2)
            for (theta, prob) in dist {
                let stay = try c * theta
                next[stay] = try (next[stay] ?? .zero) + prob * q
                let moved = try stay + jump
                next[moved] = try (next[moved] ?? .zero) + prob * p
            }
            guard next.count <= limit else {
                throw NumericsError.invalidArgument(operation: "pick-pattern enumeration", detail: "more than \(limit) distinct θ values after t = \(t)")
            }
            dist = next
        }
        // Sum in a fixed order (sorted by θ) so the exact result never depends on hashing order.
        return try Rational.sum(dist.sorted { $0.key < $1.key }.map { try $0.key.magnitude * $0.value })
    }
}
