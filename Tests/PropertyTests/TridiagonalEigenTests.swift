import Numerics
import TestSupport
import Testing

// Thresholds. `residualThreshold` (60, SymmetricEigenTests.swift) is LAPACK's acceptance level for
// ‖A − QΛQᵀ‖/(nε‖A‖) and ‖I − QᵀQ‖/(nε): a backward-stable solver stays O(1) in these units.

/// Checks the Householder + QR decomposition of `a`: residual ratios ≤ 60, ascending values,
/// and the eigenvalues agree with Jacobi's to 2·60·n·ε·‖A‖_F (each solver is within 60·n·ε·‖A‖_F
/// of the exact spectrum by Weyl's theorem, so the two differ by at most twice that).
func checkTridiagonalQR<T: RealFloat>(_ a: Matrix<T>, _ context: String, compareWithJacobi: Bool = true) throws {
    let e = try TridiagonalQREigendecomposition(a)
    let (dec, orth) = try e.residualRatios(for: a)
    #expect(Double(dec) <= residualThreshold, "decomposition ratio \(dec) for \(context)")
    #expect(Double(orth) <= residualThreshold, "orthogonality ratio \(orth) for \(context)")
    #expect(zip(e.eigenvalues, e.eigenvalues.dropFirst()).allSatisfy { $0 <= $1 }, "eigenvalues not ascending for \(context)")
    let n = a.rows
    let weyl = 2 * T(residualThreshold) * T(n) * T.ulpOfOne * a.frobeniusNorm
    // Values only: the same reduction and QR steps without rotations of vectors.
    let values = try TridiagonalQREigendecomposition.eigenvalues(of: a)
    for (x, y) in zip(values, e.eigenvalues) { #expect(abs(x - y) <= weyl, "values-only \(x) vs \(y) for \(context)") }
    if compareWithJacobi {
        let j = try SymmetricEigendecomposition(a)
        for (x, y) in zip(j.eigenvalues, e.eigenvalues) { #expect(abs(x - y) <= weyl, "Jacobi \(x) vs QR \(y) for \(context)") }
    }
}

@Suite("Householder tridiagonalisation + implicit QR eigensolver")
struct TridiagonalEigenTests {
    @Test("Residual ratios ≤ 60 and agreement with Jacobi, n = 1…48, all spectrum kinds, both precisions", arguments: 1...48)
    func residuals(n: Int) throws {
        for s in Spectrum.allCases {
            let seed = UInt64(3000 + n)
            let a = try TestMatrices.symmetric(n, spectrum: s, seed: seed)
            try checkTridiagonalQR(a, "n \(n) \(s) seed \(seed)")
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            try checkTridiagonalQR(a.converted(to: Float80.self), "n \(n) \(s) seed \(seed) Float80")
            #endif
        }
    }

    @Test("Many seeds at small sizes", arguments: [2, 3, 4, 5, 6, 9])
    func manySeeds(n: Int) throws {
        for seed in UInt64(1)...20 {
            for s in Spectrum.allCases {
                let a = try TestMatrices.symmetric(n, spectrum: s, seed: seed &* 104_729 &+ UInt64(n))
                try checkTridiagonalQR(a, "n \(n) seed \(seed) \(s)")
            }
        }
    }

    @Test("Wilkinson W21+, W41+ and glued Wilkinson matrices (tridiagonal and rotated), both precisions")
    func wilkinson() throws {
        let cases: [(String, Matrix<Double>)] = [
            ("W21+", try TestMatrices.wilkinson(10)),
            ("W41+", try TestMatrices.wilkinson(20)),
            ("glued 4×W21+ δ=1e-14", try TestMatrices.gluedWilkinson(copies: 4, m: 10, glue: 1e-14)),
            ("glued 3×W21+ δ=1e-8", try TestMatrices.gluedWilkinson(copies: 3, m: 10, glue: 1e-8)),
        ]
        for (name, m) in cases {
            for (kind, a) in [("tridiagonal", m), ("rotated seed 5", try TestMatrices.rotated(m, seed: 5))] {
                try checkTridiagonalQR(a, "\(name) \(kind)")
                #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
                try checkTridiagonalQR(a.converted(to: Float80.self), "\(name) \(kind) Float80", compareWithJacobi: false)
                #endif
            }
        }
    }

    @Test("Largest and smallest k (inverse iteration for k ≤ n/4, else full): right eigenvalues, residuals ≤ 60")
    func selection() throws {
        var cases: [(String, Matrix<Double>)] = []
        for (n, seed) in [(1, UInt64(1)), (7, 2), (30, 3), (64, 4)] {
            cases.append(("random n \(n) seed \(seed)", try TestMatrices.symmetric(n, spectrum: .random, seed: seed)))
        }
        // Clusters and exactly multiple eigenvalues among the selected ones.
        cases.append(("clustered n 48 seed 5", try TestMatrices.symmetric(48, spectrum: .clustered, seed: 5)))
        cases.append(("rank-deficient n 48 seed 6", try TestMatrices.symmetric(48, spectrum: .rankDeficient, seed: 6)))
        cases.append(("graded n 48 seed 7", try TestMatrices.symmetric(48, spectrum: .graded, seed: 7)))
        cases.append(("glued 3×W21+ δ=1e-14", try TestMatrices.gluedWilkinson(copies: 3, m: 10, glue: 1e-14)))
        cases.append(("glued 3×W21+ δ=1e-14 rotated seed 8", try TestMatrices.rotated(try TestMatrices.gluedWilkinson(copies: 3, m: 10, glue: 1e-14), seed: 8)))
        for (name, a) in cases {
            let n = a.rows
            let all = try TridiagonalQREigendecomposition(a)
            let weyl = 2 * residualThreshold * Double(n) * Double.ulpOfOne * a.frobeniusNorm
            for k in Set([0, 1, 3, n / 4, n / 2, n].filter { $0 <= n }).sorted() {
                let top = try TridiagonalQREigendecomposition(a, selection: .largest(k))
                let bottom = try TridiagonalQREigendecomposition(a, selection: .smallest(k))
                #expect(top.eigenvectors.columns == k && bottom.eigenvectors.columns == k && top.eigenvectors.rows == n, "k \(k) \(name)")
                // Inverse iteration serves 1 ≤ k ≤ n/4 (its checks pass on all of these, clusters included).
                let few = k >= 1 && k <= n / 4
                #expect(top.byInverseIteration == few && bottom.byInverseIteration == few, "path for k \(k) \(name): \(top.byInverseIteration), \(bottom.byInverseIteration)")
                for (x, y) in zip(top.eigenvalues, all.eigenvalues.suffix(k)) { #expect(abs(x - y) <= weyl, "largest \(k) \(name): \(x) vs \(y)") }
                for (x, y) in zip(bottom.eigenvalues, all.eigenvalues.prefix(k)) { #expect(abs(x - y) <= weyl, "smallest \(k) \(name): \(x) vs \(y)") }
                for part in [top, bottom] {
                    let (dec, orth) = try part.residualRatios(for: a)
                    #expect(Double(dec) <= residualThreshold && Double(orth) <= residualThreshold, "k \(k) \(name): \(dec), \(orth)")
                }
            }
        }
    }

    @Test("Entries near overflow, tiny and subnormal: accurate, and exactly scale-equivariant", arguments: [0x1p-1060, 1e-305, 1e-150, 1e150, 1e305, 0x1p1020])
    func extremeScaling(factor: Double) throws {
        let base = try TestMatrices.symmetric(12, spectrum: .random, seed: 17)
        // Scale by a power of two first so that the scaled matrix is exact, then by `factor`.
        let a = base.scaled(by: factor)
        try checkTridiagonalQR(a, "scaled by \(factor) seed 17", compareWithJacobi: false)
        let p2 = try Matrix<Double>(rows: 12, columns: 12, elements: base.elements.map { $0 * 0x1p-700 })
        let e0 = try TridiagonalQREigendecomposition(base), e1 = try TridiagonalQREigendecomposition(p2)
        #expect(e1.eigenvalues == e0.eigenvalues.map { $0 * 0x1p-700 }, "power-of-two scaling must commute exactly (seed 17)")
        #expect(e1.eigenvectors == e0.eigenvectors)
    }

    @Test("A wrong decomposition fails the residual check (the check can fail)")
    func residualCheckCanFail() throws {
        let a = try TestMatrices.symmetric(10, spectrum: .random, seed: 11)
        let e = try TridiagonalQREigendecomposition(a)
        var q = e.eigenvectors
        q[3, 4] += 1e-9 // one eigenvector perturbed by 1e-9 in one component
        let (dec, orth) = try symmetricEigenResidualRatios(a, eigenvalues: e.eigenvalues, eigenvectors: q)
        #expect(Double(dec) > residualThreshold, "perturbed eigenvector: decomposition ratio \(dec) (seed 11)")
        #expect(Double(orth) > residualThreshold, "perturbed eigenvector: orthogonality ratio \(orth) (seed 11)")
        var lambda = e.eigenvalues
        lambda[0] += 1e-9 * a.frobeniusNorm
        let (dec2, _) = try symmetricEigenResidualRatios(a, eigenvalues: lambda, eigenvectors: e.eigenvectors)
        #expect(Double(dec2) > residualThreshold, "perturbed eigenvalue: decomposition ratio \(dec2) (seed 11)")
    }

    @Test("Bad input gets a typed error; 0×0 and 1×1 work")
    func badInput() throws {
        let op = "tridiagonal QR eigendecomposition"
        #expect(throws: NumericsError.notSquare(operation: op, rows: 2, columns: 3)) {
            try TridiagonalQREigendecomposition(try Matrix<Double>(rows: 2, columns: 3))
        }
        #expect(thrownKind { try TridiagonalQREigendecomposition(try Matrix<Double>([[1, 2], [3, 4]])) } == "notSymmetric")
        #expect(thrownKind { try TridiagonalQREigendecomposition(try Matrix<Double>([[1, .nan], [.nan, 1]])) } == "nonFinite")
        #expect(thrownKind { try TridiagonalQREigendecomposition(try Matrix<Double>([[.infinity, 0], [0, 1]])) } == "nonFinite")
        #expect(thrownKind { try TridiagonalQREigendecomposition.eigenvalues(of: try Matrix<Double>([[1, 0], [0, -.infinity]])) } == "nonFinite")
        let a = try TestMatrices.symmetric(4, spectrum: .random, seed: 1)
        #expect(thrownKind { try TridiagonalQREigendecomposition(a, selection: .largest(5)) } == "invalidArgument")
        #expect(thrownKind { try TridiagonalQREigendecomposition(a, selection: .smallest(-1)) } == "invalidArgument")
        #expect(thrownKind { try TridiagonalQREigendecomposition(a, selection: .valuesOnly).residualRatios(for: a) } == "invalidArgument")
        let huge = try Matrix<Double>([[0x1.8p1023, 0x1.8p1023], [0x1.8p1023, 0x1.8p1023]]) // eigenvalue 3·2^1023
        #expect(thrownKind { try TridiagonalQREigendecomposition(huge) } == "outOfRange")
        let empty = try TridiagonalQREigendecomposition(try Matrix<Double>(rows: 0, columns: 0))
        #expect(empty.eigenvalues.isEmpty && empty.eigenvectors.rows == 0)
        let one = try TridiagonalQREigendecomposition(try Matrix<Double>([[-3.5]]))
        #expect(one.eigenvalues == [-3.5] && one.eigenvectors.elements == [1])
    }
}
