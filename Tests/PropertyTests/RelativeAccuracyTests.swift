import Numerics
import TestSupport
import Testing

/// Issue class 3 (hostile type 5): small eigenvalues of graded positive-definite matrices
/// A = D H D must come out with *relative* accuracy O(n·ε·κ(H)), however small they are.
///
/// Reference without a second eigensolver: when D = diag(2^(−g·i)) is strongly graded
/// (g ≥ 40), λ_i(A) = d_i²·p_i·(1 + O(κ(H)·2^(−2g))), where p_i is the i-th pivot of the
/// unpivoted Cholesky (LDLᵀ) factorisation of H: the Schur complements decouple to first order
/// in the grading ratio 2^(−g). With g ≥ 40 that model error is below 2^-70, far under ε, and
/// the pivots are computed exactly in rationals because H has dyadic entries.
@Suite("Hostile type 5: relative accuracy on graded positive-definite matrices")
struct RelativeAccuracyTests {
    /// H = I + S/8 with S symmetric, zero diagonal and entries in {−1, 0, 1}: by Gershgorin its
    /// eigenvalues lie in [1 − (n−1)/8, 1 + (n−1)/8], so κ(H) ≤ (8 + n − 1)/(8 − n + 1) (≤ 15 for n ≤ 8).
    static func dyadicH(_ n: Int, seed: UInt64) throws -> [[Rational]] {
        var rng = SeededGenerator(seed: seed)
        var h = Array(repeating: Array(repeating: Rational.zero, count: n), count: n)
        for i in 0..<n {
            h[i][i] = .one
            for j in (i + 1)..<max(i + 1, n) {
                let v = try Rational(try rng.int(below: 3) - 1, 8)
                h[i][j] = v
                h[j][i] = v
            }
        }
        return h
    }

    static func kappaBound(_ n: Int) -> Double { Double(8 + n - 1) / Double(8 - n + 1) }

    /// Pivots of the unpivoted elimination of H, exactly.
    static func pivots(_ h: [[Rational]]) throws -> [Rational] {
        var m = h
        let n = m.count
        var p = [Rational]()
        for k in 0..<n {
            p.append(m[k][k])
            for i in (k + 1)..<max(k + 1, n) {
                let f = try m[i][k] / m[k][k]
                for j in (k + 1)..<n { m[i][j] = try m[i][j] - f * m[k][j] }
            }
        }
        return p
    }

    static func gradedMatrix<T: RealFloat>(_ h: [[Rational]], grading g: Int, _: T.Type) throws -> Matrix<T> {
        let n = h.count
        var a = try Matrix<T>(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n {
                // h_ij has at most 4 significant bits: the product with 2^(−g(i+j)) is exact.
                a[i, j] = T(sign: .plus, exponent: T.Exponent(-g * (i + j)), significand: h[i][j].value(as: T.self))
            }
        }
        return a
    }

    static func check<T: RealFloat>(_ n: Int, grading g: Int, seed: UInt64, _: T.Type) throws {
        let h = try dyadicH(n, seed: seed)
        let p = try pivots(h)
        let a = try gradedMatrix(h, grading: g, T.self)
        let e = try SymmetricEigendecomposition(a)
        // Reference λ_i = d_i²·p_i, in ascending order (d decreasing, p_i ∈ [1/8, 2]).
        let reference = (0..<n).map { i in T(sign: .plus, exponent: T.Exponent(-2 * g * i), significand: p[i].value(as: T.self)) }.reversed()
        // Cholesky's componentwise backward error and one-sided Jacobi's perturbation each move λ
        // by at most about n·ε·κ(H) relatively; 60 is the usual LAPACK safety factor, and the
        // reference adds a rounding of its own (ε) plus the model error (< 2^-70).
        let tol = T(60 * n) * T.ulpOfOne * T(kappaBound(n)) + T.ulpOfOne
        for (k, (x, y)) in zip(e.eigenvalues, reference).enumerated() {
            let rel = abs(x - y) / y
            #expect(rel <= tol, "\(HostileType.graded) \(T.self) n \(n) g \(g) seed \(seed): λ_\(k) = \(x), reference \(y), relative error \(rel) > \(tol)")
        }
        let (dec, orth) = try e.residualRatios(for: a)
        #expect(dec <= 60 && orth <= 60, "residual ratios \(dec), \(orth): n \(n) seed \(seed)")
    }

    @Test("Strongly graded D H D: every eigenvalue, down to 1e-250, to relative accuracy 60·n·ε·κ(H)",
          arguments: [2, 3, 5, 8])
    func stronglyGraded(n: Int) throws {
        for seed in UInt64(1)...6 {
            for g in [40, 53, 64] where 2 * g * (n - 1) < 1000 {
                try Self.check(n, grading: g, seed: seed &* 131 &+ UInt64(n), Double.self)
                #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
                try Self.check(n, grading: g, seed: seed &* 131 &+ UInt64(n), Float80.self)
                #endif
            }
        }
    }

    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    /// Moderately graded matrices (no closed-form reference): the Double result must agree with
    /// the Float80 result on the exact same data to the Double bound 60·n·ε·κ(H) relatively.
    /// A solver without relative accuracy has errors of order ε·‖A‖/λ in each precision, which
    /// differ by a factor 2^11 and cannot agree.
    @Test("Moderately graded D H D with a dense random H: Double agrees with Float80 relatively",
          arguments: [6, 10, 14])
    func moderatelyGraded(n: Int) throws {
        for seed in UInt64(1)...3 {
            var rng = SeededGenerator(seed: seed &+ 7 &* UInt64(n))
            // H: random orthogonal rotation of a spectrum in [1, 4] (κ(H) ≤ 4), then graded by
            // D = diag(2^(−13 i)): the eigenvalues span about 2^(−26(n−1)), down to 1e-100.
            let lambda = (0..<n).map { _ in 1 + 3 * rng.uniform() }
            let hm = try Matrix<Double>.symmetric(eigenvalues: lambda, using: &rng)
            var a = hm
            for i in 0..<n { for j in 0..<n { a[i, j] = hm[i, j] * Hostile.pow2(-13 * (i + j)) } }
            let ed = try SymmetricEigendecomposition(a)
            let ex = try SymmetricEigendecomposition(a.converted(to: Float80.self))
            let kappa = lambda.max()! / lambda.min()!
            let tol = 60 * Double(n) * Double.ulpOfOne * kappa
            for (k, (x, y)) in zip(ed.eigenvalues, ex.eigenvalues).enumerated() {
                let rel = abs(Double(Float80(x) - y) / Double(y))
                #expect(rel <= tol, "\(HostileType.graded) n \(n) seed \(seed): λ_\(k) Double \(x) vs Float80 \(y), relative \(rel)")
            }
        }
    }
    #endif
}
