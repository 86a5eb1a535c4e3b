import Numerics

/// The ReLU random-feature kernel on the unit sphere (the arc-cosine kernel of degree one):
/// κ(z) = (√(1 − z²) + (π − arccos z)·z)/(2π), which equals E_w[ReLU(wᵀx)ReLU(wᵀx′)] for unit x, x′ with z = xᵀx′
/// and w uniform on the sphere of radius √d (or w ~ N(0, I_d)). For inputs off the sphere the kernel is
/// ‖x‖‖x′‖κ(cos∠(x, x′)) (ReLU is positively 1-homogeneous).
///
/// Spectrum of the integral operator K on Unif(S^{d−1}): z = xᵀx′ has density ∝ (1 − z²)^{(d−3)/2}, i.e. z = cos θ
/// with θ ∈ [0, π] of density ∝ sin^{d−2}θ. In θ the kernel κ(cos θ) = (sin θ + (π − θ)cos θ)/(2π) is analytic, so
/// Gauss–Legendre in θ converges geometrically (in z it would not: κ has square-root terms at z = ±1).
public enum ReLUSphereKernel {
    /// κ(z) for z ∈ [−1, 1] (clamped against rounding just outside).
    @inlinable
    public static func kappa<T: TrigonometricFloat>(_ z: T) -> T {
        let c = min(max(z, -1), 1)
        return ((1 - c * c).squareRoot() + (T.piValue - T.arcCosine(c)) * c) / (2 * T.piValue)
    }

    /// κ(cos θ) for θ ∈ [0, π], and the magnitude |sin θ| + |(π − θ)cos θ| of its two terms over 2π (the rounding scale).
    @inlinable
    public static func kappa<T: TrigonometricFloat>(angle t: T) -> (value: T, magnitude: T) {
        let s = T.sine(t), c = T.cosine(t), r = T.piValue - t
        return ((s + r * c) / (2 * T.piValue), (abs(s) + abs(r * c)) / (2 * T.piValue))
    }

    /// The kernel for inputs anywhere: ‖x‖‖x′‖·κ(xᵀx′/(‖x‖‖x′‖)) (0 if either input is 0).
    public static func kernel(_ x: [Double], _ y: [Double]) throws -> Double {
        let nx = Vector.norm2(x), ny = Vector.norm2(y)
        guard nx > 0, ny > 0 else { return 0 }
        return nx * ny * kappa(try Vector.dot(x, y) / (nx * ny))
    }

    /// E_z[F(z)] for z = xᵀx′ with x, x′ independent uniform on S^{d−1}, as a ratio of two Gauss–Legendre integrals
    /// in θ, with a bound on its absolute error: the discretisation estimates of both integrals plus their rounding
    /// ((2n + 16)·ε·magnitude: n-point sums of products whose factors carry a few ulps each).
    public struct Expectation<T: RealFloat>: Sendable, Equatable {
        public let value: T
        public let errorBound: T
        public let points: Int
    }

    /// `integrand(θ)` returns (value, magnitude) of F(cos θ); the weight sin^{d−2}θ is applied here.
    public static func expectation<T: TrigonometricFloat>(dimension d: Int, relativeTolerance: T,
                                                          _ integrand: @escaping (T) -> (value: T, magnitude: T)) throws -> Expectation<T> {
        guard d >= 2 else { throw NumericsError.invalidArgument(operation: "ReLUSphereKernel.expectation", detail: "dimension d = \(d) must be ≥ 2") }
        let power = d - 2
        func weight(_ t: T) -> T {
            let s = T.sine(t)
            var w = T.one
            for _ in 0..<power { w *= s }
            return w
        }
        var magnitudeSum = T.zero
        let numerator = try Quadrature.gaussLegendre({ (t: T) -> T in
            let f = integrand(t)
            return f.value * weight(t)
        }, from: .zero, to: T.piValue, relativeTolerance: relativeTolerance)
        // The magnitude of the integrand's terms (for cancellation inside F), with the finer rule.
        let rule = try GaussLegendreRule<T>(points: numerator.points)
        magnitudeSum = try rule.apply({ (t: T) -> T in integrand(t).magnitude * weight(t) }, from: .zero, to: T.piValue).value
        let denominator = try Quadrature.gaussLegendre(weight, from: .zero, to: T.piValue, relativeTolerance: relativeTolerance)
        let rounding = T(2 * max(numerator.points, denominator.points) + 16 + 4 * d) * T.ulpOfOne
        let errN = numerator.errorEstimate + rounding * max(magnitudeSum, numerator.magnitude)
        let errD = denominator.errorEstimate + rounding * denominator.magnitude
        let value = numerator.value / denominator.value
        let bound = errN / denominator.value + abs(value) * errD / denominator.value + T.ulpOfOne * abs(value)
        return Expectation(value: value, errorBound: bound, points: max(numerator.points, denominator.points))
    }

    /// The operator's summaries at dimension d: λ₁ = E κ(z) (top eigenvalue, constant eigenfunction), Σλ² = E κ²(z),
    /// the degree-one eigenvalue E[κ(z)z] (= 1/(4d)), E z² (= 1/d), with error bounds; τ(K) = λ₁²/Σλ².
    public struct Spectrum<T: RealFloat>: Sendable, Equatable {
        public let dimension: Int
        public let lambda1: Expectation<T>
        public let sumSquares: Expectation<T>
        public let degreeOne: Expectation<T>
        public let secondMomentZ: Expectation<T>
        public var tau: T { lambda1.value * lambda1.value / sumSquares.value }
        /// First-order bound on the error of τ from those of λ₁ and Σλ².
        public var tauErrorBound: T {
            tau * (2 * lambda1.errorBound / lambda1.value + sumSquares.errorBound / sumSquares.value) + 4 * T.ulpOfOne * tau
        }
    }

    /// - Parameter oddPartMutation: for a negative control: replaces π − arccos z by arccos z in κ (a wrong kernel).
    public static func spectrum<T: TrigonometricFloat>(dimension d: Int, _: T.Type, wrongArcCosine: Bool = false) throws -> Spectrum<T> {
        let tol = T(64) * T.ulpOfOne
        func k(_ t: T) -> (value: T, magnitude: T) {
            if wrongArcCosine {
                let s = T.sine(t), c = T.cosine(t)
                return ((s + t * c) / (2 * T.piValue), (abs(s) + abs(t * c)) / (2 * T.piValue))
            }
            return kappa(angle: t)
        }
        let l1 = try expectation(dimension: d, relativeTolerance: tol) { k($0) }
        let sq = try expectation(dimension: d, relativeTolerance: tol) { t in let v = k(t); return (v.value * v.value, v.magnitude * v.magnitude) }
        let one = try expectation(dimension: d, relativeTolerance: tol) { t in
            let v = k(t), c = T.cosine(t)
            return (v.value * c, v.magnitude * abs(c))
        }
        let z2 = try expectation(dimension: d, relativeTolerance: tol) { t in let c = T.cosine(t); return (c * c, c * c) }
        return Spectrum(dimension: d, lambda1: l1, sumSquares: sq, degreeOne: one, secondMomentZ: z2)
    }
}
