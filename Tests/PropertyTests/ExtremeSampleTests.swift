import Numerics
import TestSupport
import Testing

/// Issue class 6 (hostile type 11): statistics, intervals and dual numbers at extreme magnitudes.
/// As in the matrix tests, multiplying data by a power of two must scale every result by the
/// same power exactly (location and spread by 2^k, variance by 4^k, slope by 2^(b−a)), so
/// the scaled results are compared bit for bit with the moderate ones.
@Suite("Hostile type 11: statistics, intervals and duals at extreme magnitudes")
struct ExtremeSampleTests {
    static let big = Double.greatestFiniteMagnitude

    static func sample(_ n: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        // Multiples of 2^-20 in [−1, 1): exact under every scaling used below.
        return (0..<n).map { _ in ((2 * g.uniform() - 1) * 0x1p20).rounded() / 0x1p20 }
    }

    @Test("Welford: mean and standard error of 2^k·x are exactly 2^k times those of x", arguments: [1023, 1000, -1000])
    func welfordScaling(k: Int) throws {
        let s = Hostile.pow2(k)
        for seed in UInt64(1)...5 {
            let xs = Self.sample(7 + Int(seed), seed: seed)
            var w = Welford<Double>(), ws = Welford<Double>()
            for x in xs { try w.add(x); try ws.add(x * s) }
            let ctx = "\(HostileType.extremeSample) k \(k) seed \(seed)"
            #expect(ws.mean == w.mean * s, "mean: \(ctx)")
            #expect(try ws.standardError() == (try w.standardError()) * s, "standard error: \(ctx)")
            // The variance scales by 4^k: beyond the largest Double it is a typed error.
            let v = try w.variance()
            let expected = v * s * s
            if expected.isFinite {
                #expect(try ws.variance() == expected, "variance: \(ctx)")
            } else {
                #expect(thrownKind { try ws.variance() } == "outOfRange", "variance overflow: \(ctx)")
            }
        }
    }

    @Test("Welford on ±0.9·greatest: mean 0, standard error 0.9·greatest, variance out of range")
    func welfordExtreme() throws {
        var w = Welford<Double>()
        try w.add(0.9 * Self.big)
        try w.add(-0.9 * Self.big)
        #expect(w.mean == 0)
        let se = try w.standardError() // sqrt(2·(0.9 g)²/1/2) = 0.9 g
        #expect(abs(se - 0.9 * Self.big) <= 4 * Double.ulpOfOne * 0.9 * Self.big, "\(se)")
        #expect(thrownKind { try w.variance() } == "outOfRange")
    }

    @Test("Quantiles of 2^k·x are exactly 2^k times those of x, also when x spans both signs", arguments: [1023, -1000])
    func quantileScaling(k: Int) throws {
        let s = Hostile.pow2(k)
        for seed in UInt64(1)...5 {
            let xs = Self.sample(5 + Int(seed), seed: seed)
            for p in [0, 0.1, 0.25, 0.5, 0.7, 0.9, 1] {
                let q = try Statistics.quantile(xs, p), qs = try Statistics.quantile(xs.map { $0 * s }, p)
                #expect(qs == q * s, "\(HostileType.extremeSample) k \(k) seed \(seed) p \(p): \(qs) vs \(q * s)")
            }
        }
        // The extreme pair: type 7 interpolation between −g and g must not compute g − (−g).
        let pair = [-Self.big, Self.big]
        #expect(try Statistics.quantile(pair, 0) == -Self.big)
        #expect(try Statistics.quantile(pair, 1) == Self.big)
        #expect(try Statistics.quantile(pair, 0.5) == 0)
        // 0.75·(−g) + 0.25·g: two roundings of the convex combination, within 2 ulps of −g/2.
        #expect(abs(try Statistics.quantile(pair, 0.25) + Self.big / 2) <= 2 * Double.ulpOfOne * Self.big / 2)
    }

    @Test("Confidence intervals: scale exactly, and an endpoint beyond the largest Double is a typed error")
    func confidenceIntervals() throws {
        let ci = try Statistics.confidenceInterval(mean: 3, standardError: 0.75, level: 0.9)
        for k in [1000, -1000] {
            let s = Hostile.pow2(k)
            let cs = try Statistics.confidenceInterval(mean: 3 * s, standardError: 0.75 * s, level: 0.9)
            #expect(cs.lower == ci.lower * s && cs.upper == ci.upper * s, "k \(k)")
        }
        // 1e308 + 1.96·0.9e308 exceeds the largest Double: not an interval with an ∞ endpoint.
        #expect(thrownKind { try Statistics.confidenceInterval(mean: 1e308, standardError: 0.9e308, level: 0.95) } == "outOfRange")
        // z·se near the largest Double, endpoints finite.
        let wide = try Statistics.confidenceInterval(mean: 0, standardError: 0.5 * Self.big, level: 0.5)
        #expect(wide.lower.isFinite && wide.upper.isFinite && wide.lower == -wide.upper)
    }

    @Test("Line fits: fit(2^a·x, 2^b·y) is the fit of (x, y) rescaled exactly", arguments: [(1000, 1000), (1000, -1000), (-500, 500), (1023, 0), (0, 1023)])
    func lineFitScaling(a: Int, b: Int) throws {
        let sa = Hostile.pow2(a), sb = Hostile.pow2(b)
        for seed in UInt64(1)...4 {
            let x = Self.sample(6 + Int(seed), seed: seed)
            let y = Self.sample(6 + Int(seed), seed: seed &+ 100)
            let f = try Statistics.linearFit(x: x, y: y)
            let fs = try Statistics.linearFit(x: x.map { $0 * sa }, y: y.map { $0 * sb })
            let ctx = "\(HostileType.extremeSample) a \(a) b \(b) seed \(seed)"
            #expect(fs.slope == f.slope * sb / sa, "slope: \(ctx)")
            #expect(fs.intercept == f.intercept * sb, "intercept: \(ctx)")
            #expect(fs.slopeStandardError == f.slopeStandardError * sb / sa, "slope SE: \(ctx)")
            #expect(fs.interceptStandardError == f.interceptStandardError * sb, "intercept SE: \(ctx)")
            #expect(fs.residualStandardDeviation == f.residualStandardDeviation * sb, "residual SD: \(ctx)")
        }
    }

    @Test("Line fit with x near 1e200: the slope is 2e-200, not 0 from an overflowed Σ(x − x̄)²")
    func lineFitOverflowExample() throws {
        let fit = try Statistics.linearFit(x: [1e200, 2e200, 3e200, 4e200], y: [1, 3, 5, 7])
        // A handful of roundings in each sum: 16·ε relative is generous and still exposes 0.
        #expect(abs(fit.slope - 2e-200) <= 16 * Double.ulpOfOne * 2e-200, "\(fit.slope)")
        #expect(abs(fit.intercept + 1) <= 16 * Double.ulpOfOne * 9, "\(fit.intercept)")
        // A slope beyond the largest Double is a typed error.
        let tinyX = [1, 2, 3].map { $0 * Hostile.pow2(-1000) }
        #expect(thrownKind { try Statistics.linearFit(x: tinyX, y: [0, 1e300, 2e300]) } == "outOfRange")
    }

    /// Intervals produced by overflow: [g, +∞] (from g + g) and [−∞, −g] (from −g − g).
    static func unboundedIntervals() throws -> [Interval] {
        let g = try Interval(big)
        let pos = g + g, neg = -(g + g)
        return [pos, neg, pos + neg, pos * (try Interval(0, 1)), try Interval(-1, 2), try Interval(3, 5), try Interval(-4, -2), try Interval(0)]
    }

    /// Finite members of an interval: its finite endpoints, ±g for infinite ones, 0 and 1 if inside.
    static func members(_ a: Interval) -> [Double] {
        var m = [a.lower.isFinite ? a.lower : -big, a.upper.isFinite ? a.upper : big]
        for v in [0.0, 1, -1, 1e300, -1e300] where a.contains(v) { m.append(v) }
        return m
    }

    @Test("Operations on intervals with infinite endpoints stay valid enclosures (no NaN, lower ≤ upper)")
    func unboundedEnclosures() throws {
        let all = try Self.unboundedIntervals()
        #expect(all[0].upper == .infinity && all[0].lower.isFinite, "g + g = \(all[0])")
        #expect(all[1].lower == -.infinity && all[1].upper.isFinite, "−g − g = \(all[1])")
        func valid(_ r: Interval, _ what: String, _ members: [Double]) {
            #expect(!r.lower.isNaN && !r.upper.isNaN && r.lower <= r.upper, "\(what) = \(r)")
            for v in members { #expect(r.contains(v), "\(what) = \(r) misses member result \(v)") }
        }
        for a in all {
            valid(a.squared(), "\(a)²", Self.members(a).map { $0 * $0 })
            if a.lower >= 0 { valid(try a.squareRoot(), "√\(a)", Self.members(a).map { $0.squareRoot() }) }
            #expect(a.contains(a.midpoint) && a.midpoint.isFinite, "midpoint of \(a): \(a.midpoint)")
            for b in all {
                let xs = Self.members(a), ys = Self.members(b)
                valid(a + b, "\(a) + \(b)", xs.flatMap { x in ys.map { x + $0 } })
                valid(a - b, "\(a) − \(b)", xs.flatMap { x in ys.map { x - $0 } })
                valid(a * b, "\(a) × \(b)", xs.flatMap { x in ys.map { x * $0 } })
                if !b.contains(0) { valid(try a.dividing(by: b), "\(a) ÷ \(b)", xs.flatMap { x in ys.map { x / $0 } }) }
            }
        }
    }

    @Test("√ in dual arithmetic at 0: a zero derivative part gives 0, not 0/0")
    func dualSquareRootAtZero() throws {
        struct F: ScalarFunction {
            var inputDimension: Int { 2 }
            func callAsFunction<T: Real>(_ v: [T]) throws -> T { T.sqrt(v[0]) + v[1] * v[1] + T.pow(v[0], T(0.5)) }
        }
        // Along e_2 the function is y² + const: directional derivative 2y, whatever √ does at 0.
        #expect(try Derivatives.directionalDerivative(of: F(), at: [0.0, 1.5], along: [0, 1]) == 3)
        let g = try Derivatives.gradient(of: F(), at: [0.0, 1.5])
        #expect(g[1] == 3 && g[0] == .infinity, "\(g)") // ∂/∂x of √x at 0⁺ is +∞
        let hv = try Derivatives.hessianVectorProduct(of: F(), at: [0.0, 1.5], along: [0, 1])
        #expect(hv == [0, 2], "\(hv)") // ∂²f/∂x∂y = 0: the y-direction does not move √x
    }
}
