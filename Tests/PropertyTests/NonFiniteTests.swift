import Numerics
import TestSupport
import Testing

/// Issue class 4 (hostile types 6 and 7): a NaN or an infinity in the input must never vanish.
/// Each public entry point either throws `.nonFinite` or propagates the non-finite value into
/// its result, as its doc comment states; this table is the executable form of that policy.
@Suite("Hostile types 6–7: non-finite values never vanish")
struct NonFiniteTests {
    static let values: [Double] = [.nan, .infinity, -.infinity]

    @Test("Norms, maxAbs and the asymmetry measure propagate NaN and ∞ (arithmetic layer: propagate)")
    func normsPropagate() throws {
        for v in Self.values {
            let m = try Matrix<Double>([[0, 1], [2, v]])
            let expectNaN = v.isNaN
            func ok(_ x: Double) -> Bool { expectNaN ? x.isNaN : x == .infinity }
            #expect(ok(m.frobeniusNorm), "‖·‖_F of a matrix holding \(v): \(m.frobeniusNorm)")
            #expect(ok(Vector.norm2([0, v, 1])), "norm2 with \(v)")
            #expect(ok(Vector.norm2([v])), "norm2 of [\(v)]")
            #expect(ok(m.maxAbs), "maxAbs with \(v): \(m.maxAbs)")
            #expect(ok(Vector.maxAbs([1, v, 0])), "Vector.maxAbs with \(v)")
            #expect(ok(Vector.maxAbs([v, 1])), "Vector.maxAbs with \(v) first")
        }
        // NaN wins over ∞ (the order must not matter).
        let infNaN: [Double] = [.infinity, .nan], nanInf: [Double] = [.nan, .infinity]
        #expect(Vector.norm2(infNaN).isNaN && Vector.norm2(nanInf).isNaN)
        #expect(Vector.maxAbs(infNaN).isNaN && Vector.maxAbs(nanInf).isNaN)
        let asym = try Matrix<Double>([[1, .nan], [1, 1]])
        #expect(try asym.maxAsymmetry().isNaN, "maxAsymmetry must not skip NaN")
        #expect(try Matrix<Double>([[1, 2], [.nan, 1]]).maxAsymmetry().isNaN)
    }

    @Test("Products propagate: 0·NaN and 0·∞ are NaN, not skipped")
    func productsPropagate() throws {
        for v in Self.values {
            let zero = try Matrix<Double>([[0, 0]])
            let b = try Matrix<Double>([[v], [1]])
            #expect(try zero.multiplied(by: b)[0, 0].isNaN, "0·\(v) in a matrix product")
            #expect(try zero.applied(to: [v, 1])[0].isNaN, "0·\(v) in a matrix-vector product")
            #expect(try Vector.dot([0, 1], [v, 1]).isNaN, "0·\(v) in a dot product")
            let k = try Matrix<Double>([[0]]).kronecker(try Matrix<Double>([[v]]))
            #expect(k[0, 0].isNaN, "0·\(v) in a Kronecker product")
            #expect(Matrix<Double>.outer([0], [v])[0, 0].isNaN, "0·\(v) in an outer product")
            #expect(try Matrix<Double>([[v]]).scaled(by: 0)[0, 0].isNaN, "0·\(v) in scaling")
        }
    }

    @Test("Factorisations, statistics, intervals and rationals throw .nonFinite")
    func throwingEntryPoints() throws {
        var rng = SeededGenerator(seed: 1)
        for v in Self.values {
            let m = try Matrix<Double>([[1, v], [v, 1]])
            let ctx = "input \(v)"
            #expect(thrownKind { try SymmetricEigendecomposition(m) } == "nonFinite", "\(ctx) eigen")
            #expect(thrownKind { try Cholesky(m) } == "nonFinite", "\(ctx) Cholesky")
            #expect(thrownKind { try LUDecomposition(m) } == "nonFinite", "\(ctx) LU")
            #expect(thrownKind { try m.requireSymmetric("test") } == "nonFinite", "\(ctx) requireSymmetric")
            let spd = try Matrix<Double>([[2, 0], [0, 2]])
            #expect(thrownKind { try Cholesky(spd).solve([1, v]) } == "nonFinite", "\(ctx) Cholesky solve")
            #expect(thrownKind { try LUDecomposition(spd).solve([v, 1]) } == "nonFinite", "\(ctx) LU solve")
            var w = Welford<Double>()
            #expect(thrownKind { try w.add(v) } == "nonFinite", "\(ctx) Welford")
            #expect(thrownKind { try Statistics.quantile([1, v], 0.5) } == "nonFinite", "\(ctx) quantile")
            #expect(thrownKind { try Statistics.linearFit(x: [1, 2, v], y: [1, 2, 3]) } == "nonFinite", "\(ctx) linearFit x")
            #expect(thrownKind { try Statistics.linearFit(x: [1, 2, 3], y: [v, 2, 3]) } == "nonFinite", "\(ctx) linearFit y")
            #expect(thrownKind { try Statistics.confidenceInterval(mean: v, standardError: 1, level: 0.9) } == "nonFinite", "\(ctx) CI mean")
            #expect(thrownKind { try Statistics.confidenceInterval(mean: 0, standardError: v, level: 0.9) } == "nonFinite", "\(ctx) CI se")
            #expect(thrownKind { try Interval(v) } == "nonFinite", "\(ctx) Interval")
            #expect(thrownKind { try Interval(0, v) } == "nonFinite", "\(ctx) Interval upper")
            #expect(thrownKind { try Rational(exactly: v) } == "nonFinite", "\(ctx) Rational")
            #expect(thrownKind { try Matrix<Double>.symmetric(eigenvalues: [1, v], using: &rng) } == "nonFinite", "\(ctx) symmetric(eigenvalues:)")
            #expect(thrownKind { try [1.0, v].requireFinite("test") } == "nonFinite", "\(ctx) requireFinite")
        }
        // Probabilities and levels: NaN is an invalid argument, not a value to compute with.
        #expect(thrownKind { try Statistics.quantile([1, 2], .nan) } == "invalidArgument")
        #expect(thrownKind { try Statistics.normalQuantile(.nan) } == "invalidArgument")
        #expect(thrownKind { try Statistics.confidenceInterval(mean: 0, standardError: 1, level: .nan) } == "invalidArgument")
    }

    @Test("Dual numbers and the normal CDF propagate NaN (documented: they cannot throw)")
    func dualPropagates() throws {
        let x = Dual<Double>(.nan, derivative: 1)
        #expect(Dual.sqrt(x).value.isNaN && Dual.sqrt(x).derivative.isNaN)
        #expect(Dual.exp(Dual<Double>(1, derivative: .nan)).derivative.isNaN)
        #expect((Dual<Double>(0, derivative: .nan) * Dual<Double>(0, derivative: 0)).derivative.isNaN)
        #expect(Statistics.normalCDF(.nan).isNaN)
        #expect(Statistics.normalCDF(.infinity) == 1 && Statistics.normalCDF(-.infinity) == 0)
    }
}
