import Numerics
import TestSupport
import Testing

/// LAPACK-style acceptance threshold for the symmetric eigenproblem residual ratios
/// (xSYT21 / the LAPACK test driver use 60 for ‖A − QΛQᵀ‖/(n·ε·‖A‖) and ‖I − QᵀQ‖/(n·ε)).
let residualThreshold = 60.0

func checkEigen<T: RealFloat>(_ a: Matrix<T>, _ context: String) throws {
    let e = try SymmetricEigendecomposition(a)
    let (dec, orth) = try e.residualRatios(for: a)
    #expect(Double(dec) <= residualThreshold, "decomposition ratio \(dec) for \(context)")
    #expect(Double(orth) <= residualThreshold, "orthogonality ratio \(orth) for \(context)")
    #expect(zip(e.eigenvalues, e.eigenvalues.dropFirst()).allSatisfy { $0 <= $1 }, "eigenvalues not ascending for \(context)")
}

/// Weyl: the computed eigenvalues of the *rounded* test matrix may differ from the prescribed
/// spectrum by the construction's rounding (≈ n·ε·‖A‖) plus the solver's backward error
/// (≤ 60·n·ε·‖A‖_F): 2·60·n·ε·‖A‖_F covers both.
func checkPrescribedSpectrum(_ n: Int, _ spectrum: Spectrum, seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    var target = spectrum.eigenvalues(n, &rng)
    target.sort()
    let a = try TestMatrices.symmetric(n, spectrum: spectrum, seed: seed)
    let e = try SymmetricEigendecomposition(a)
    let tol = 2 * residualThreshold * Double(n) * Double.ulpOfOne * a.frobeniusNorm
    for (x, y) in zip(e.eigenvalues, target) { #expect(abs(x - y) <= tol, "n \(n) \(spectrum): \(x) vs \(y)") }
}

@Suite("Symmetric eigendecomposition")
struct SymmetricEigenTests {
    @Test("Residual ratios ≤ 60 in Double for n = 1…64, all spectrum kinds", arguments: 1...64)
    func residualsDouble(n: Int) throws {
        for s in Spectrum.allCases {
            try checkEigen(try TestMatrices.symmetric(n, spectrum: s, seed: UInt64(1000 + n)), "n \(n) \(s)")
        }
    }

    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    @Test("Residual ratios ≤ 60 in Float80 on the same (exactly converted) matrices", arguments: 1...64)
    func residualsFloat80(n: Int) throws {
        for s in Spectrum.allCases {
            let a = try TestMatrices.symmetric(n, spectrum: s, seed: UInt64(1000 + n)).converted(to: Float80.self)
            try checkEigen(a, "n \(n) \(s) Float80")
        }
    }
    #endif

    @Test("Many seeds at small sizes, both precisions", arguments: [1, 2, 3, 4, 5, 7, 8, 12])
    func manySeeds(n: Int) throws {
        for seed in UInt64(1)...25 {
            for s in Spectrum.allCases {
                let a = try TestMatrices.symmetric(n, spectrum: s, seed: seed &* 7919 &+ UInt64(n))
                try checkEigen(a, "n \(n) seed \(seed) \(s)")
                #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
                try checkEigen(a.converted(to: Float80.self), "n \(n) seed \(seed) \(s) Float80")
                #endif
            }
        }
    }

    @Test("Eigenvalues match the prescribed spectrum (Weyl bound)", arguments: [2, 5, 16, 33, 64])
    func prescribedSpectrum(n: Int) throws {
        for s in Spectrum.allCases where s != .random { try checkPrescribedSpectrum(n, s, seed: UInt64(n)) }
    }

    @Test("Matrices scaled to the ends of the exponent range decompose accurately", arguments: [1e-305, 1e-150, 1e150, 1e305])
    func extremeScaling(factor: Double) throws {
        let base = try TestMatrices.symmetric(12, spectrum: .random, seed: 17)
        let a = base.scaled(by: factor)
        try checkEigen(a, "scaled by \(factor)")
        // Scaling commutes with the decomposition up to the solver's backward error.
        let e0 = try SymmetricEigendecomposition(base), e1 = try SymmetricEigendecomposition(a)
        for (x, y) in zip(e0.eigenvalues, e1.eigenvalues) {
            #expect(abs(x * factor - y) <= 2 * residualThreshold * 12 * Double.ulpOfOne * a.frobeniusNorm)
        }
    }

    @Test("A wrong factorisation fails the residual test (the check can fail)")
    func residualCheckCanFail() throws {
        let a = try TestMatrices.symmetric(8, spectrum: .random, seed: 3)
        let e = try SymmetricEigendecomposition(a)
        // Perturb one eigenvalue by 1e-8·‖A‖: the decomposition ratio must exceed 60 by far.
        var lambda = e.eigenvalues
        lambda[0] += 1e-8 * a.frobeniusNorm
        let wrong = try e.eigenvectors.multiplied(by: Matrix.diagonal(lambda)).multiplied(by: e.eigenvectors.transposed)
        let ratio = try a.subtracting(wrong).frobeniusNorm / (8 * Double.ulpOfOne * a.frobeniusNorm)
        #expect(ratio > residualThreshold)
    }

    @Test("Bad input gets a clear error")
    func badInput() throws {
        let rect = try Matrix<Double>(rows: 2, columns: 3)
        #expect(throws: NumericsError.notSquare(operation: "symmetric eigendecomposition", rows: 2, columns: 3)) {
            try SymmetricEigendecomposition(rect)
        }
        let asym = try Matrix<Double>([[1, 2], [3, 4]])
        #expect(thrownKind { try SymmetricEigendecomposition(asym) } == "notSymmetric")
        let nan = try Matrix<Double>([[1, .nan], [.nan, 1]])
        #expect(thrownKind { try SymmetricEigendecomposition(nan) } == "nonFinite")
        // Asymmetry at rounding level (below n·ε·‖A‖_F) is accepted and symmetrised.
        let nearly = try Matrix<Double>([[1, 0.5], [(0.5).nextUp, 1]])
        #expect(thrownKind { try SymmetricEigendecomposition(nearly) } == "none")
        let empty = try SymmetricEigendecomposition(try Matrix<Double>(rows: 0, columns: 0))
        #expect(empty.eigenvalues.isEmpty)
    }
}
