import Foundation
import Numerics
import Testing

@Suite("Gauss–Legendre quadrature on [−1, 1] with an error estimate")
struct QuadratureTests {
    /// The n-point rule integrates x^k exactly for k ≤ 2n − 1, to (2n + 4)·ε times Σw|x^k|.
    func polynomialExactness<T: RealFloat>(_: T.Type) throws {
        for n in 1...40 {
            let rule = try GaussLegendreRule<T>(points: n)
            for k in 0...(2 * n - 1) {
                let (value, magnitude) = try rule.apply({ x in var p = T.one; for _ in 0..<k { p *= x }; return p }, from: -1, to: 1)
                let exact: T = k % 2 == 1 ? 0 : 2 / T(k + 1)
                #expect(abs(value - exact) <= T(2 * n + 4 + k) * T.ulpOfOne * magnitude, "n = \(n), k = \(k), \(T.self)")
            }
        }
    }

    @Test("degree ≤ 2n − 1 is integrated exactly (up to rounding), in Double and Float80")
    func exactness() throws {
        try polynomialExactness(Double.self)
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        try polynomialExactness(Float80.self)
        #endif
    }

    @Test("nodes are symmetric and strictly decreasing in (−1, 1); weights are positive and sum to 2")
    func ruleShape() throws {
        for n in [1, 2, 3, 7, 16, 64, 257] {
            let r = try GaussLegendreRule<Double>(points: n)
            #expect(r.nodes.count == n && r.weights.allSatisfy { $0 > 0 })
            #expect(abs(r.weights.reduce(0, +) - 2) <= Double(2 * n) * Double.ulpOfOne * 2)
            for i in 0..<n {
                #expect(r.nodes[i] == -r.nodes[n - 1 - i])
                #expect(abs(r.nodes[i]) < 1)
                if i > 0 { #expect(r.nodes[i] < r.nodes[i - 1]) }
            }
        }
    }

    @Test("random polynomials of degree 2n − 1 over 50 seeds: the rule's error stays within its rounding bound")
    func randomPolynomials() throws {
        for seed in 0..<50 {
            var rng = SeededGenerator(seed: UInt64(9_000 + seed))
            let n = 1 + (try rng.int(below: 30))
            let coefficients = (0..<(2 * n)).map { _ in rng.normal() }
            let exact = coefficients.enumerated().reduce(0.0) { $0 + ($1.offset % 2 == 0 ? 2 * $1.element / Double($1.offset + 1) : 0) }
            let (value, magnitude) = try GaussLegendreRule<Double>(points: n).apply({ x in coefficients.reversed().reduce(0.0) { $0 * x + $1 } }, from: -1, to: 1)
            let scale = coefficients.map(abs).reduce(0, +) * 2
            #expect(abs(value - exact) <= Double(8 * n + 8) * Double.ulpOfOne * max(magnitude, scale), "seed \(9_000 + seed), n = \(n)")
        }
    }

    @Test("adaptive integration of analytic integrands: the true error is within the estimate plus rounding")
    func analytic() throws {
        let cases: [(String, (Double) -> Double, Double, Double, Double)] = [
            ("exp on [0, 1]", { exp($0) }, 0, 1, M_E - 1),
            ("cos 3x on [−1, 1]", { cos(3 * $0) }, -1, 1, 2 * sin(3.0) / 3),
            ("sin⁸ on [0, π]", { pow(sin($0), 8) }, 0, .pi, 35 * .pi / 128),
            ("1/(1 + 25x²) on [−1, 1]", { 1 / (1 + 25 * $0 * $0) }, -1, 1, 2 * atan(5.0) / 5),
        ]
        for (name, f, a, b, exact) in cases {
            let q = try Quadrature.gaussLegendre(f, from: a, to: b, relativeTolerance: 64 * Double.ulpOfOne)
            #expect(abs(q.value - exact) <= q.errorEstimate + Double(2 * q.points + 16) * Double.ulpOfOne * q.magnitude, "\(name)")
        }
    }

    @Test("bad input is a typed error naming the argument, never a NaN")
    func badInput() throws {
        #expect(throws: NumericsError.self) { try GaussLegendreRule<Double>(points: 0) }
        #expect(throws: NumericsError.self) { try GaussLegendreRule<Double>(points: 5000) }
        #expect(throws: NumericsError.self) { try Quadrature.gaussLegendre({ $0 }, from: 1.0, to: 1.0, relativeTolerance: 1e-10) }
        #expect(throws: NumericsError.self) { try Quadrature.gaussLegendre({ $0 }, from: 0.0, to: .infinity, relativeTolerance: 1e-10) }
        #expect(throws: NumericsError.self) { try Quadrature.gaussLegendre({ $0 }, from: 0.0, to: 1.0, relativeTolerance: 0) }
        #expect(throws: NumericsError.self) { try Quadrature.gaussLegendre({ _ in Double.nan }, from: 0.0, to: 1.0, relativeTolerance: 1e-10) }
        // A square-root singularity converges only algebraically: machine precision is not reached within 256 points.
        #expect(throws: NumericsError.self) {
            try Quadrature.gaussLegendre({ abs($0).squareRoot() }, from: -1.0, to: 1.0, relativeTolerance: 64 * Double.ulpOfOne, maxPoints: 256)
        }
    }
}
