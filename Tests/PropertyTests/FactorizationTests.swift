import Numerics
import TestSupport
import Testing

/// Same LAPACK threshold as the eigen tests, for ‖A − LLᵀ‖/(n·ε·‖A‖) and solve residuals
/// ‖Ax − b‖/(n·ε·(‖A‖‖x‖ + ‖b‖)).
let factorThreshold = 60.0

func spd(_ n: Int, seed: UInt64) throws -> Matrix<Double> {
    var rng = SeededGenerator(seed: seed)
    let b = try Matrix<Double>.randomGaussian(rows: n, columns: n, using: &rng)
    // B Bᵀ + n·I: eigenvalues in [n, n + ‖B‖²], condition number O(1)–O(5).
    return try b.multiplied(by: b.transposed).adding(Matrix.identity(n).scaled(by: Double(n)))
        .requireSymmetric("spd", tolerance: .infinity)
}

/// ‖Ax − b‖/(n·ε·max(‖A‖‖x‖ + ‖b‖, safe minimum)): the floor keeps the ratio finite (0/0 or
/// r/0 otherwise) when the denominator underflows, as LAPACK's test ratios do.
func solveRatio<T: RealFloat>(_ a: Matrix<T>, _ x: [T], _ b: [T]) throws -> T {
    let r = try Vector.subtract(a.applied(to: x), b)
    let n = T(a.rows)
    return Vector.norm2(r) / (n * T.ulpOfOne * Swift.max(a.frobeniusNorm * Vector.norm2(x) + Vector.norm2(b), T.leastNormalMagnitude))
}

func checkCholesky<T: RealFloat>(_ a: Matrix<T>, _ rhs: [T]) throws {
    let c = try Cholesky(a)
    let l = c.lower
    let res = try a.subtracting(l.multiplied(by: l.transposed)).frobeniusNorm / (T(a.rows) * T.ulpOfOne * Swift.max(a.frobeniusNorm, T.leastNormalMagnitude))
    #expect(Double(res) <= factorThreshold, "Cholesky residual \(res) n \(a.rows)")
    let x = try c.solve(rhs)
    #expect(Double(try solveRatio(a, x, rhs)) <= factorThreshold)
    // log det from Cholesky vs from the eigenvalues: each λ_i is perturbed relatively by at most
    // ~60·n·ε·κ, so the sum of n logs by at most 60·n²·ε·κ.
    let e = try SymmetricEigendecomposition(a)
    let logdetEig = e.eigenvalues.reduce(T.zero) { $0 + T.log($1) }
    let kappa = e.eigenvalues.last! / e.eigenvalues.first! // n ≥ 1, all positive
    let tol = T(factorThreshold) * T(a.rows * a.rows) * T.ulpOfOne * kappa
    #expect(abs(c.logDeterminant - logdetEig) <= tol * Swift.max(1, abs(logdetEig)))
    let lu = try LUDecomposition(a)
    let (sign, logAbs) = try lu.logAbsDeterminant()
    #expect(sign == 1)
    #expect(abs(logAbs - c.logDeterminant) <= tol * Swift.max(1, abs(logAbs)))
}

@Suite("Cholesky, LU, Kronecker, norms")
struct FactorizationTests {
    @Test("Cholesky and LU residuals on SPD matrices, both precisions", arguments: [1, 2, 3, 6, 10, 17, 32, 48])
    func choleskyResiduals(n: Int) throws {
        for seed in UInt64(1)...4 {
            let a = try spd(n, seed: seed &* 31 &+ UInt64(n))
            var rng = SeededGenerator(seed: seed)
            let b = (0..<n).map { _ in rng.normal() }
            try checkCholesky(a, b)
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            try checkCholesky(a.converted(to: Float80.self), b.map { Float80($0) })
            #endif
        }
    }

    @Test("LU solves general (non-symmetric) systems to residual ratio ≤ 60", arguments: [1, 2, 5, 9, 24, 40])
    func luResiduals(n: Int) throws {
        var rng = SeededGenerator(seed: UInt64(77 + n))
        for _ in 0..<4 {
            let a = try Matrix<Double>.randomGaussian(rows: n, columns: n, using: &rng)
            let b = (0..<n).map { _ in rng.normal() }
            let x = try LUDecomposition(a).solve(b)
            #expect(try solveRatio(a, x, b) <= factorThreshold)
        }
    }

    @Test("Determinant and its sign on exactly known matrices")
    func determinants() throws {
        // Swapping two rows of diag(2, 3, 5) gives det −30; LU must find the sign.
        let p = try Matrix<Double>([[0, 3, 0], [2, 0, 0], [0, 0, 5]])
        let lu = try LUDecomposition(p)
        #expect(lu.determinant == -30)
        let (sign, logAbs) = try lu.logAbsDeterminant()
        #expect(sign == -1)
        #expect(abs(logAbs - Double.log(30)) <= 4 * Double.ulpOfOne * Double.log(30))
    }

    @Test("Bad input: not positive definite, singular, non-square, mismatched, non-finite")
    func badInput() throws {
        let indefinite = try Matrix<Double>([[1, 2], [2, 1]])
        #expect(numericsError { try Cholesky(indefinite) } == .notPositiveDefinite(column: 1, pivot: -3))
        let singular = try Matrix<Double>([[1, 2], [2, 4]])
        let lu = try LUDecomposition(singular)
        #expect(lu.determinant == 0)
        #expect(thrownKind { try lu.solve([1, 1]) } == "singular")
        #expect(thrownKind { try lu.logAbsDeterminant() } == "singular")
        #expect(thrownKind { try LUDecomposition(try Matrix<Double>(rows: 2, columns: 3)) } == "notSquare")
        #expect(thrownKind { try Cholesky(try Matrix<Double>([[1, 0], [1, 1]])) } == "notSymmetric")
        #expect(thrownKind { try LUDecomposition(try Matrix<Double>([[.infinity]])) } == "nonFinite")
        #expect(thrownKind { try Cholesky(try Matrix<Double>([[4]])).solve([1, 2]) } == "dimensionMismatch")
        #expect(thrownKind { try Matrix<Double>([[1, 2], [3]]) } == "dimensionMismatch")
        #expect(thrownKind { try Matrix<Double>(rows: 2, columns: 2).multiplied(by: try Matrix<Double>(rows: 3, columns: 1)) } == "dimensionMismatch")
        #expect(thrownKind { try Matrix<Double>(rows: -1, columns: 2) } == "invalidArgument")
        #expect(thrownKind { try Vector.dot([1.0], [1.0, 2.0]) } == "dimensionMismatch")
        #expect(thrownKind { try Matrix<Double>(rows: 2, columns: 3).trace() } == "notSquare")
    }

    @Test("Kronecker product: mixed-product rule and trace rule, exactly on small integers")
    func kronecker() throws {
        var rng = SeededGenerator(seed: 5)
        func small(_ r: Int, _ c: Int) throws -> Matrix<Double> {
            try Matrix(rows: r, columns: c, elements: (0..<(r * c)).map { _ in Double(try rng.int(below: 7) - 3) })
        }
        for _ in 0..<20 {
            let a = try small(2, 3), b = try small(3, 2), c = try small(3, 2), d = try small(2, 3)
            // (A⊗B)(C⊗D) = (AC)⊗(BD); small integers keep every product exact in Double.
            let lhs = try a.kronecker(b).multiplied(by: c.kronecker(d))
            let rhs = try a.multiplied(by: c).kronecker(b.multiplied(by: d))
            #expect(lhs == rhs)
            let s = try small(3, 3), t = try small(2, 2)
            #expect(try s.kronecker(t).trace() == (try s.trace()) * (try t.trace()))
        }
    }

    @Test("Frobenius norm neither overflows nor underflows")
    func frobeniusScaling() throws {
        let big = try Matrix<Double>([[1e300, 1e300], [1e300, 1e300]])
        #expect(abs(big.frobeniusNorm - 2e300) <= 4 * Double.ulpOfOne * 2e300)
        let tiny = try Matrix<Double>([[3e-300, 0], [0, 4e-300]])
        #expect(abs(tiny.frobeniusNorm - 5e-300) <= 4 * Double.ulpOfOne * 5e-300)
        #expect(try Matrix<Double>(rows: 3, columns: 3).frobeniusNorm == 0)
    }
}
