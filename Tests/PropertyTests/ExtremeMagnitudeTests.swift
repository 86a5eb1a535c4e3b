import Numerics
import TestSupport
import Testing

/// Issue classes 1 and 2: finite input near the overflow threshold, and tiny or subnormal input.
///
/// The scaling types 1–4 of `HostileType` are exact power-of-two images 2^k·B of a moderate
/// matrix B. Multiplying by a power of two commutes with every rounding as long as nothing
/// overflows or underflows, so an algorithm that scales its input first must return *exactly*
/// 2^k times what it returns for B (or, for subnormal results, that value correctly rounded).
/// Anything else is an overflow or underflow bug, whatever its size.
@Suite("Hostile types 1–4: magnitudes at the ends of the exponent range")
struct ExtremeMagnitudeTests {
    static let sizes = [1, 2, 3, 5, 8]
    static let seeds: [UInt64] = [1001, 1002, 1003]

    @Test("Eigen: 2^k·B has eigenvalues exactly 2^k·λ(B) and the same eigenvectors",
          arguments: HostileType.scaled, [HostileShape.symmetricIndefinite, .positiveDefinite])
    func eigenScaling(type: HostileType, shape: HostileShape) throws {
        let scale = Hostile.pow2(type.exponent)
        for n in Self.sizes {
            for seed in Self.seeds {
                let ctx = Hostile.context(type, n: n, shape: shape, seed: seed)
                let b = try Hostile.base(n, shape, seed: seed)
                let a = try Hostile.matrix(type, n: n, shape: shape, seed: seed)
                guard let eb = (try? SymmetricEigendecomposition(b)) else { Issue.record("base failed: \(ctx)"); continue }
                guard let ea = (try? SymmetricEigendecomposition(a)) else { Issue.record("threw: \(ctx)"); continue }
                // One multiplication by 2^k is a single correct rounding (only type 4 rounds).
                #expect(ea.eigenvalues == eb.eigenvalues.map { $0 * scale }, "eigenvalues: \(ctx)")
                #expect(ea.eigenvectors == eb.eigenvectors, "eigenvectors: \(ctx)")
                // The base decomposition itself meets the LAPACK threshold, so the scaled one does.
                let (dec, orth) = try eb.residualRatios(for: b)
                #expect(dec <= 60 && orth <= 60, "base residuals \(dec), \(orth): \(ctx)")
            }
        }
    }

    @Test("Eigen residual ratios stay finite and ≤ 60 at every scale, and are scale invariant",
          arguments: HostileType.scaled)
    func residualRatiosAtEveryScale(type: HostileType) throws {
        for n in Self.sizes {
            for seed in Self.seeds {
                let ctx = Hostile.context(type, n: n, shape: .symmetricIndefinite, seed: seed)
                let a = try Hostile.matrix(type, n: n, shape: .symmetricIndefinite, seed: seed)
                let e = try SymmetricEigendecomposition(a)
                let (dec, orth) = try e.residualRatios(for: a)
                #expect(dec.isFinite && dec <= 60, "decomposition ratio \(dec): \(ctx)")
                #expect(orth.isFinite && orth <= 60, "orthogonality ratio \(orth): \(ctx)")
                // Independent check: the test's own scaled ratio of the reconstruction.
                if type != .subnormal { // QΛQᵀ rounded into the subnormal grid is not the factorisation
                    #expect(try scaledResidualRatio(a, e.reconstructed()) <= 60, "scaled ratio: \(ctx)")
                }
            }
        }
        // Type 8: the zero matrix reconstructs exactly; its ratios are 0, never 0/0.
        let zero = try Matrix<Double>(rows: 3, columns: 3)
        let (dec, orth) = try SymmetricEigendecomposition(zero).residualRatios(for: zero)
        #expect(dec == 0 && orth == 0, "\(HostileType.zero): \(dec), \(orth)")
    }

    @Test("A grossly non-symmetric matrix is rejected at every scale; rounding-level asymmetry is accepted",
          arguments: HostileType.scaled)
    func symmetryCheckAtEveryScale(type: HostileType) throws {
        for n in [2, 3, 5] {
            for seed in Self.seeds {
                let ctx = Hostile.context(type, n: n, shape: .symmetricIndefinite, seed: seed)
                var a = try Hostile.matrix(type, n: n, shape: .symmetricIndefinite, seed: seed)
                // Gross: a_01 := −a_10 + (a sizeable fraction of the largest entry). For type 2 this
                // makes |a_01 − a_10| overflow, for type 4 it is many subnormal ulps.
                let big = a.elements.map { abs($0) }.max()!
                var gross = a
                gross[0, 1] = big
                gross[1, 0] = -big
                #expect(thrownKind { try SymmetricEigendecomposition(gross) } == "notSymmetric", "gross: \(ctx)")
                #expect(thrownKind { try Cholesky(gross) } == "notSymmetric", "gross Cholesky: \(ctx)")
                #expect(thrownKind { try gross.requireSymmetric("test") } == "notSymmetric", "gross requireSymmetric: \(ctx)")
                // The default tolerance is n·ε·‖A‖_F: finite even when ‖A‖_F overflows.
                #expect(a.defaultSymmetryTolerance.isFinite, "tolerance \(a.defaultSymmetryTolerance): \(ctx)")
                if type == .subnormal { continue } // one subnormal ulp is not rounding-level asymmetry
                // One ulp on the largest entry is rounding-level: accepted, and symmetrised to a
                // finite matrix whose entries lie between the two.
                let (i, j) = (0, 1)
                a[i, j] = a[j, i].nextUp
                let s = try a.requireSymmetric("test")
                #expect(s.elements.allSatisfy { $0.isFinite }, "symmetrised not finite: \(ctx)")
                #expect(s[i, j] == s[j, i] && s[i, j] >= a[j, i] && s[i, j] <= a[i, j], "symmetrised value: \(ctx)")
            }
        }
    }

    @Test("Issue example: entries above half the largest Double get their true eigenvalues, not zeros")
    func halfOverflowExample() throws {
        // [[m, m], [m, m]] with m = 0.6·greatest has eigenvalues 0 and 2m (1.2·greatest: overflows),
        // so use [[m, m/2], [m/2, m]]: eigenvalues m/2 and 3m/2 — 3m/2 = 0.9·greatest is finite.
        let m = 0.6 * Double.greatestFiniteMagnitude
        let a = try Matrix<Double>([[m, m / 2], [m / 2, m]])
        let e = try SymmetricEigendecomposition(a)
        // Weyl: 60·n·ε·‖A‖_F covers the rounding of a 2×2 rotation with a wide margin.
        let tol = 60 * 2 * Double.ulpOfOne * 1.6 * m
        #expect(abs(e.eigenvalues[0] - m / 2) <= tol && abs(e.eigenvalues[1] - 1.5 * m) <= tol, "\(e.eigenvalues)")
        // A spectrum beyond the largest Double cannot be returned: a typed error, not ∞ or 0.
        let over = try Matrix<Double>([[m, m], [m, m]])
        #expect(thrownKind { try SymmetricEigendecomposition(over) } == "outOfRange")
    }

    @Test("LU: solving 2^k·B x = 2^k·c returns exactly the x of B x = c", arguments: HostileType.scaled)
    func luScaling(type: HostileType) throws {
        let scale = Hostile.pow2(type.exponent)
        for n in Self.sizes {
            for seed in Self.seeds {
                let ctx = Hostile.context(type, n: n, shape: .general, seed: seed)
                let b = try Hostile.base(n, .general, seed: seed)
                let a = try Hostile.matrix(type, n: n, shape: .general, seed: seed)
                let c = try Hostile.vector(n, exponent: 0, seed: seed)
                let rhs = c.map { $0 * scale } // exact: c has 11 significant bits
                let xb = try LUDecomposition(b).solve(c)
                let lu = try LUDecomposition(a)
                #expect(try lu.solve(rhs) == xb, "solve: \(ctx)")
                // log|det(2^k B)| = n·k·log 2 + log|det B|; relative error a few ulps of the sum.
                let (sb, lb) = try LUDecomposition(b).logAbsDeterminant()
                let (sa, la) = try lu.logAbsDeterminant()
                let expected = lb + Double(n * type.exponent) * Double.log(2)
                #expect(sa == sb && abs(la - expected) <= 8 * Double(n) * Double.ulpOfOne * (abs(lb) + abs(expected)), "log|det|: \(ctx)")
            }
        }
    }

    @Test("Issue example: a well-conditioned system with entries near 1e308 is solved, not answered with a wrong finite x")
    func luOverflowExample() throws {
        // Condition number 1; elimination without scaling computes 1.5e308 + 1.5e308 = ∞.
        let m = 1.5e308
        let a = try Matrix<Double>([[m, m], [-m, m]])
        let x = try LUDecomposition(a).solve([m / 2, 0]) // exact solution (0.25, 0.25)
        #expect(x == [0.25, 0.25], "\(x)")
    }

    @Test("Cholesky: factor and solve of 2^k·B meet the residual thresholds at B's scale", arguments: HostileType.scaled)
    func choleskyScaling(type: HostileType) throws {
        for n in Self.sizes {
            for seed in Self.seeds {
                let ctx = Hostile.context(type, n: n, shape: .positiveDefinite, seed: seed)
                let b = try Hostile.base(n, .positiveDefinite, seed: seed)
                let a = try Hostile.matrix(type, n: n, shape: .positiveDefinite, seed: seed)
                let chol = try Cholesky(a)
                // Bring L back to B's scale by an exact power of two: 2^k = 2^(2h)·2^(k−2h).
                let h = type.exponent >= 0 ? type.exponent / 2 : -((-type.exponent + 1) / 2)
                let ls = chol.lower.scaled(by: Hostile.pow2(-h))
                let bb = b.scaled(by: Hostile.pow2(type.exponent - 2 * h)) // B or 2B: exact
                let ratio = try scaledResidualRatio(bb, ls.multiplied(by: ls.transposed))
                #expect(ratio <= 60, "‖2^(k−2h)B − L̃L̃ᵀ‖ ratio \(ratio): \(ctx)")
                // Solve A x = 2^k c, i.e. B x = c: residual at B's scale.
                let c = try Hostile.vector(n, exponent: 0, seed: seed)
                let x = try chol.solve(c.map { $0 * Hostile.pow2(type.exponent) })
                let r = try Vector.subtract(b.applied(to: x), c)
                let solveRatio = Vector.norm2(r) / (Double(n) * Double.ulpOfOne * (b.frobeniusNorm * Vector.norm2(x) + Vector.norm2(c)))
                #expect(solveRatio <= 60, "solve ratio \(solveRatio): \(ctx)")
                let logdetB = try Cholesky(b).logDeterminant
                let expected = logdetB + Double(n * type.exponent) * Double.log(2)
                #expect(abs(chol.logDeterminant - expected) <= 8 * Double(n) * Double.ulpOfOne * (abs(logdetB) + abs(expected)), "log det: \(ctx)")
            }
        }
    }
}
