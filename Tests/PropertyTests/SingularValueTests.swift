import Numerics
import TestSupport
import Testing

// LAPACK's SVD test ratios: ‖A − UΣVᵀ‖/(max(m,n)·ε·‖A‖) and ‖I − UᵀU‖/(m·ε), ‖I − VᵀV‖/(n·ε);
// a backward-stable SVD keeps them O(1), LAPACK accepts them below 60 (`residualThreshold`).

func checkSVD<T: RealFloat>(_ a: Matrix<T>, _ context: String) throws {
    let s = try SingularValueDecomposition(a)
    let (dec, lu, lv) = try s.residualRatios(for: a)
    #expect(Double(dec) <= residualThreshold, "decomposition ratio \(dec) for \(context)")
    #expect(Double(lu) <= residualThreshold && Double(lv) <= residualThreshold, "orthogonality \(lu), \(lv) for \(context)")
    #expect(zip(s.singularValues, s.singularValues.dropFirst()).allSatisfy { $0 >= $1 }, "not descending for \(context)")
    #expect(s.singularValues.allSatisfy { $0 >= 0 }, "negative singular value for \(context)")
}

@Suite("Singular value decomposition (one-sided Jacobi) and principal angles")
struct SingularValueTests {
    @Test("Residual ratios ≤ 60 for many shapes, full and rank-deficient, both precisions",
          arguments: [(1, 1), (1, 4), (4, 1), (5, 3), (3, 5), (12, 12), (30, 7), (7, 30), (25, 18)])
    func shapes(m: Int, n: Int) throws {
        for seed in UInt64(1)...3 {
            var rng = SeededGenerator(seed: seed &* 31 &+ UInt64(m * 100 + n))
            let full = try Matrix<Double>.randomGaussian(rows: m, columns: n, using: &rng)
            let r = max(1, min(m, n) / 2)
            let lowRank = try Matrix<Double>.randomGaussian(rows: m, columns: r, using: &rng)
                .multiplied(by: Matrix<Double>.randomGaussian(rows: r, columns: n, using: &rng))
            var graded = full
            for i in 0..<m { for j in 0..<n { graded[i, j] *= Double.pow(10, -Double(j)) } }
            for (kind, a) in [("full", full), ("rank \(r)", lowRank), ("graded columns", graded)] {
                let context = "\(m)×\(n) \(kind) seed \(seed)"
                try checkSVD(a, context)
                #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
                try checkSVD(a.converted(to: Float80.self), context + " Float80")
                #endif
            }
        }
    }

    @Test("Singular values squared match the eigenvalues of AᵀA (Weyl)")
    func matchesEigenvalues() throws {
        var rng = SeededGenerator(seed: 8)
        let a = try Matrix<Double>.randomGaussian(rows: 15, columns: 9, using: &rng)
        let ata = try a.transposed.multiplied(by: a)
        let lambda = try TridiagonalQREigendecomposition.eigenvalues(of: ata).reversed() as [Double]
        let s = try SingularValueDecomposition(a)
        // Both are within 60·n·ε·‖AᵀA‖_F of the exact values (forming AᵀA adds m·ε·‖A‖², less).
        let bound = 2 * 60 * 15 * Double.ulpOfOne * ata.frobeniusNorm
        for (x, y) in zip(s.singularValues, lambda) { #expect(abs(x * x - y) <= bound, "seed 8: \(x * x) vs \(y)") }
    }

    @Test("Extreme scales and bad input")
    func edges() throws {
        let base = try TestMatrices.symmetric(6, spectrum: .random, seed: 2)
        for f in [0x1p-1060, 1e-300, 1e300] { try checkSVD(base.scaled(by: f), "scaled by \(f) seed 2") }
        #expect(thrownKind { try SingularValueDecomposition(try Matrix<Double>([[1, .nan]])) } == "nonFinite")
        #expect(thrownKind { try SingularValueDecomposition(try Matrix<Double>([[0x1.8p1023, 0x1.8p1023], [0x1.8p1023, 0x1.8p1023]])) } == "outOfRange")
        let empty = try SingularValueDecomposition(try Matrix<Double>(rows: 0, columns: 3))
        #expect(empty.singularValues.isEmpty && empty.v.rows == 3 && empty.u.rows == 0)
        let zero = try SingularValueDecomposition(try Matrix<Double>(rows: 3, columns: 2))
        #expect(zero.singularValues == [0, 0])
        try checkSVD(try Matrix<Double>(rows: 3, columns: 2), "zero 3×2")
    }

    @Test("A wrong decomposition fails the residual checks")
    func checksCanFail() throws {
        var rng = SeededGenerator(seed: 12)
        let a = try Matrix<Double>.randomGaussian(rows: 8, columns: 5, using: &rng)
        let s = try SingularValueDecomposition(a)
        var u = s.u
        u[2, 1] += 1e-9 // one left singular vector perturbed
        let rebuilt = try u.multiplied(by: Matrix.diagonal(s.singularValues)).multiplied(by: s.v.transposed)
        let dec = try a.subtracting(rebuilt).frobeniusNorm / (8 * Double.ulpOfOne * a.frobeniusNorm)
        let orth = try u.transposed.multiplied(by: u).subtracting(Matrix.identity(5)).frobeniusNorm / (8 * Double.ulpOfOne)
        #expect(dec > residualThreshold && orth > residualThreshold, "seed 12: \(dec), \(orth)")
    }

    /// U = Q[:, 0..<p] and V = Q·[cos θ_i e_i + sin θ_i e_{p+i}] (plus extra columns e_{2p+j} of Q
    /// when q > p), for a random orthogonal Q: the principal angles are exactly θ.
    static func subspaces(n: Int, angles: [Double], extra: Int, seed: UInt64) throws -> (Matrix<Double>, Matrix<Double>) {
        var rng = SeededGenerator(seed: seed)
        let q = try Matrix<Double>.randomOrthogonal(n, using: &rng)
        let p = angles.count
        var u = try Matrix<Double>(rows: n, columns: p), v = try Matrix<Double>(rows: n, columns: p + extra)
        for r in 0..<n {
            for (i, t) in angles.enumerated() {
                u[r, i] = q[r, i]
                v[r, i] = Double.cosine(t) * q[r, i] + Double.sine(t) * q[r, p + i]
            }
            for j in 0..<extra { v[r, p + j] = q[r, 2 * p + j] }
        }
        return (u, v)
    }

    @Test("Principal angles constructed by rotation, down to 1e-10 with relative accuracy, both precisions", arguments: [UInt64(1), 2, 3])
    func principalAngles(seed: UInt64) throws {
        let angles = [1e-10, 1e-5, 0.3, 1.2, Double.pi / 2]
        let n = 14
        for extra in [0, 2] {
            let (u, v) = try Self.subspaces(n: n, angles: angles, extra: extra, seed: seed)
            // The rounding of U and V (≈ ε per entry, after the product with Q) moves each angle by
            // at most about √n·ε; 60·n·ε (LAPACK's factor on n·ε) bounds it with room to spare.
            func check<T: TrigonometricFloat>(_ u: Matrix<T>, _ v: Matrix<T>, _ label: String) throws {
                // Orthonormal to Double precision only (also when converted to Float80).
                let got = try PrincipalAngles.between(u, v, tolerance: 100 * T(n) * T(Double.ulpOfOne))
                #expect(got.count == angles.count, "\(label) seed \(seed)")
                let bound: T = 60 * T(n) * T(Double.ulpOfOne)
                for (g, t) in zip(got, angles) { #expect(abs(g - T(t)) <= bound, "\(label) extra \(extra) seed \(seed): \(g) vs \(t)") }
                #expect(abs(got[0] - T(1e-10)) <= T(2e-3) * T(1e-10), "\(label) seed \(seed): smallest angle \(got[0]) not relatively accurate")
            }
            try check(u, v, "Double")
            try check(v, u, "Double swapped")
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            // Float80 on the same (Double-rounded) subspaces: the angles of those exact inputs.
            try check(u.converted(to: Float80.self), v.converted(to: Float80.self), "Float80")
            #endif
        }
        // Why the sines: arccos of the cosine cannot see an angle of 1e-10 (cos rounds to 1).
        #expect(Double.arcCosine(Double.cosine(1e-10)) == 0)
    }

    @Test("Principal angles: bad input")
    func anglesBadInput() throws {
        let u = try Matrix<Double>([[1], [0], [0]])
        #expect(thrownKind { try PrincipalAngles.between(u, try Matrix<Double>([[1], [0]])) } == "dimensionMismatch")
        #expect(thrownKind { try PrincipalAngles.between(u, try Matrix<Double>([[2], [0], [0]])) } == "invalidArgument")
        #expect(thrownKind { try PrincipalAngles.between(u, try Matrix<Double>([[.nan], [0], [0]])) } == "nonFinite")
        #expect(try PrincipalAngles.between(u, try Matrix<Double>(rows: 3, columns: 0)).isEmpty)
        #expect(try PrincipalAngles.between(u, u) == [0])
    }
}
