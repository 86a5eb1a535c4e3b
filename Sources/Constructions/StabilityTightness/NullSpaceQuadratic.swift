import Foundation
import Numerics

/// The convex tightness construction (HC-T1): f(w; (x, y)) = ½wᵀAw − y·xᵀw in d = 3 with
/// A = diag(β, s, κ), where U = span(e1, e2) carries the curvature β ≥ s ≥ 0 and κ ≥ 0 is the
/// curvature along v = e3 (κ = 0: v lies in the null space of A, the theorem's construction).
///
/// Twin data: the n − 1 shared points x_j are unit vectors in range(A) ∩ U with labels ±1; the
/// differing point (index n − 1) is (u, 1/2) in S and (−u, 1/2) in S', where u is the *differing
/// direction*: v (the theorem) or e1 (a direction of curvature β, for a negative control).
/// Every step with the differing index adds α_t·u to Δ, so Δ stays on the ray of u with
/// θ_{t+1} = (1 − α_t λ_u)θ_t + α_t·1[pick] (kick k = |y|·‖x_i − x'_i‖ = 1, λ_u the eigenvalue along u).
public struct NullSpaceQuadratic: Sendable {
    public enum DifferingDirection: String, Codable, Sendable {
        /// u = v = e3, the direction of curvature κ (0 in the theorem: the null space of A).
        case nullSpace = "v = e3 (curvature κ)"
        /// u = e1, the direction of the largest curvature β.
        case range = "e1 (curvature β)"
    }

    public let beta: Rational
    public let second: Rational
    public let curvatureAlongV: Rational
    public let direction: DifferingDirection
    public let n: Int
    /// Seed of the shared points' angles and labels.
    public let seed: UInt64

    /// Throws for β ≤ 0, s outside [0, β], κ < 0, or n < 2.
    public init(beta: Rational, second: Rational, curvatureAlongV: Rational, direction: DifferingDirection, n: Int, seed: UInt64 = 1) throws {
        guard Rational.zero < beta else { throw NumericsError.invalidArgument(operation: "NullSpaceQuadratic", detail: "β = \(beta) must be > 0") }
        guard !(second < .zero), !(beta < second) else {
            throw NumericsError.invalidArgument(operation: "NullSpaceQuadratic", detail: "second eigenvalue \(second) must lie in [0, β]")
        }
        guard !(curvatureAlongV < .zero) else {
            throw NumericsError.invalidArgument(operation: "NullSpaceQuadratic", detail: "curvature along v \(curvatureAlongV) must be ≥ 0 (convex)")
        }
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "NullSpaceQuadratic", detail: "n = \(n) must be ≥ 2") }
        self.beta = beta; self.second = second; self.curvatureAlongV = curvatureAlongV; self.direction = direction; self.n = n; self.seed = seed
    }

    public var eigenvalues: [Rational] { [beta, second, curvatureAlongV] }
    public func loss() throws -> QuadraticLoss { try .diagonal(eigenvalues) }

    /// The eigenvalue of A along the differing direction.
    public var curvatureAlongDifference: Rational { direction == .nullSpace ? curvatureAlongV : beta }
    /// |y|·‖x_i − x'_i‖ = ½·2.
    public var kick: Rational { .one }

    public var differingIndex: Int { n - 1 }

    public func twins() throws -> TwinDatasets {
        var rng = SeededGenerator(seed: seed)
        var s: [LabeledPoint] = []
        for _ in 0..<(n - 1) {
            let y: Double = try rng.int(below: 2) == 0 ? -1 : 1
            if second == .zero {
                // range(A) ∩ U = span(e1): shared points ±e1.
                s.append(LabeledPoint([try rng.int(below: 2) == 0 ? -1 : 1, 0, 0], y))
            } else {
                let phi = 2 * Double.pi * rng.uniform()
                s.append(LabeledPoint([Foundation.cos(phi), Foundation.sin(phi), 0], y))
            }
        }
        let u: [Double] = direction == .nullSpace ? [0, 0, 1] : [1, 0, 0]
        var sPrime = s
        s.append(LabeledPoint(u, 0.5))
        sPrime.append(LabeledPoint(u.map { -$0 }, 0.5))
        return try TwinDatasets(s: s, sPrime: sPrime)
    }

    /// The stability test point z* = (v, 1): f(w; z*) − f(w'; z*) = −θ when Δ = θv and the U-parts agree.
    public var testPoint: LabeledPoint { LabeledPoint([0, 0, 1], 1) }

    /// The Lipschitz constant over the data domain Z = {‖x‖ ≤ 1, |y| ≤ 1} on a convex set K that
    /// contains every iterate of SGD from w_0 = 0 with steps α_t ≤ 1/β:
    /// K = {‖P_U w‖ ≤ 1/γ_U, |w_3| ≤ r_3}, where γ_U is the smallest positive eigenvalue of A on U
    /// (on U, I − α_t A is a contraction by 1 − α_t γ_U and each step adds at most α_t|y|‖x‖ ≤ α_t),
    /// and r_3 = ½/κ when κ > 0 (only the differing points have an e3 part, of size ½); when κ = 0 the
    /// e3 part is unbounded but A has no e3 part. On K, sup ‖Aw − yx‖ ≤ sup ‖Aw‖ + 1 with
    /// sup ‖Aw‖ = √((β/γ_U)² + (κ·r_3)²) — attained at w = e1/γ_U for κ = 0, so L = β/γ_U + 1 exactly
    /// (3 for s = β/2, 2 for s = 0).
    public func lipschitzConstant() -> Double {
        let gammaU = (second == .zero ? beta : second).doubleValue
        let b = beta.doubleValue, k = curvatureAlongV.doubleValue
        let rangePart = b / gammaU
        let vPart = k > 0 ? k * (0.5 / k) : 0
        return (rangePart * rangePart + vPart * vPart).squareRoot() + 1
    }

    /// The divergence along the ray of the differing direction, for a schedule and plan.
    public func ray(schedule: StepSchedule, plan: UpdatePlan) throws -> RayDivergence {
        try RayDivergence(curvature: curvatureAlongDifference, kick: kick, n: n, schedule: schedule, plan: plan)
    }
}
