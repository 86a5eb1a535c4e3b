import Constructions
import Numerics

/// WU-KAPPA (App. D.3): for w uniform on √d·S^{d−1} (or N(0, I_d)) and unit inputs the ReLU kernel is κ(xᵀx′); the
/// integral operator on Unif(S^{d−1}) has the constant as top eigenfunction with λ₁ = E κ(z), Σλ² = E κ²(z) (Eq. 20),
/// and τ(K) = λ₁²/Σλ² ≤ 1 − c/d. Decided by Gauss–Legendre quadrature in θ = arccos z (Double against Float80) and a
/// Monte Carlo of the kernel on random input pairs.
enum WU_KAPPA {
    enum KernelFormula: String, Codable, Sendable {
        case arcCosine = "κ(z) = (√(1 − z²) + (π − arccos z)z)/(2π)"
        case wrongSign = "(√(1 − z²) + (arccos z)·z)/(2π) (π − arccos z replaced by arccos z)"
    }

    struct Setup: ClaimSetup {
        /// Where the Monte Carlo draws its input pairs: the sphere formulas assume unit inputs.
        var inputs = RandomFeatureDistribution.sphere
        var formula = KernelFormula.arcCosine
        var dimensions = [2, 3, 5, 10, 20, 50, 100]
        var monteCarloDimensions = [3, 10]
        /// The explicit constant c of τ(K) ≤ 1 − c/d.
        var constant = 0.85
    }

    static let samples = [SampleCount("pairs", "random input pairs per dimension in the Monte Carlo of E k and E k²", quick: 100_000, full: 2_000_000)]

    static let claim = Claim(
        "WU-KAPPA", paper: Papers.linearStability, location: "Appendix D.3 (ReLU kernel on the sphere, Eq. 20)",
        title: "ReLU kernel on the sphere: κ(1) = 1/2, λ₁ = E κ is the top eigenvalue, degree-one eigenvalue 1/(4d), 1 − τ(K) ≥ 0.85/d",
        expected: .holds, tiers: [.numerical, .statistical], keyFigure: "minDTimesOneMinusTau",
        errata: [
            "\"λ₁(K) ~ 1\" means bounded away from 0 and ∞: λ₁ = E κ(z) decreases to 1/(2π) ≈ 0.159 as d grows.",
            "The kernel is printed with σ(wᵀx); it is the feature function φ (here ReLU).",
            "[OURS] Sharper than printed: the odd part of κ is z/4, so the degree-one eigenvalue is E[κ(z)z] = E z²/4 = 1/(4d) exactly (multiplicity d), Σ_{i≥2}λ_i² = Var κ(z) = 1/(16d) + O(d⁻²), and 1 − τ(K) = π²/(4d) + O(d⁻²).",
        ],
        statement: Statement(
            """
            For unit inputs and w uniform on the sphere of radius √d, E_w[ReLU(wᵀx)ReLU(wᵀx′)] = κ(xᵀx′) with \
            κ(z) = (√(1 − z²) + (π − arccos z)z)/(2π). The integral operator of κ on the uniform distribution of S^{d−1} has \
            the constant function as top eigenfunction with eigenvalue λ₁ = E κ(z) (z = xᵀx′ for independent uniform x, x′), \
            Σλ_i² = E κ²(z), and τ(K) = λ₁²/Σλ_i² ≤ 1 − c/d for a constant c > 0 (here c = 0.85, for d ∈ {2, 3, 5, 10, 20, 50, 100}).
            """,
            hypotheses: [Hypothesis("the inputs lie on the unit sphere", field: "inputs"),
                         Hypothesis("the kernel is the arc-cosine kernel of degree one", field: "formula"),
                         Hypothesis("c = 0.85 (the paper leaves c unspecified)", field: "constant")],
            construction: """
                In θ = arccos z the kernel κ(cos θ) = (sin θ + (π − θ)cos θ)/(2π) is analytic and the density of z is ∝ sin^{d−2}θ, \
                so every expectation is a ratio of two Gauss–Legendre integrals on [0, π] (points doubled from 16 until two \
                rules agree to 64ε of the integrand's magnitude). Each value carries an error bound: the two rules' difference \
                plus (2n + 16 + 4d)·ε·magnitude for the rounding of an n-point sum of products with a few ulps each. Numerical \
                tier: the Double values against exact constants (κ(1) = 1/2, E z² = 1/d, E[κ(z)z] = 1/(4d), λ₁ = 3/16 at d = 3) \
                and against the same computation in Float80. The eigenfunction claim needs no harmonic expansion: Funk–Hecke gives \
                Σ_{ℓ≥1} N(d, ℓ)·λ_(ℓ)² = Var κ(z) with multiplicities N(d, ℓ) ≥ d, so every non-constant eigenvalue is at most \
                √(Var κ/d), and E κ ≥ √(Var κ/d) makes the constant the top eigenfunction. Statistical tier: E k(x, x′) and \
                E k²(x, x′) on random input pairs (d = 3, 10), k(x, x′) = ‖x‖‖x′‖κ(cos∠), against the quadrature, |z| ≤ \
                Φ⁻¹(1 − 0.0005/4) (99.9% family confidence over 4 comparisons).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("inputs", name: "Gaussian inputs", """
                    x, x′ ~ N(0, I_d): the kernel is ‖x‖‖x′‖κ(cos∠), whose moments are E‖x‖² ≈ d times the sphere values — the \
                    Monte Carlo no longer matches the sphere formulas.
                    """) { $0.inputs = .gaussian },
                .mutation(name: "arccos z for π − arccos z", """
                    A wrong kernel (√(1 − z²) + z·arccos z)/(2π): it gives κ(1) = 0 and λ₁ ≠ 3/16 at d = 3. Its odd part is still \
                    z/4 (arccos z + arccos(−z) = π), so E[κ(z)z] = 1/(4d) alone would not see this mutation.
                    """) { $0.formula = .wrongSign },
            ]))

    static func spectrum<T: TrigonometricFloat>(_ s: Setup, _ d: Int, _ t: T.Type) throws -> ReLUSphereKernel.Spectrum<T> {
        try ReLUSphereKernel.spectrum(dimension: d, T.self, wrongArcCosine: s.formula == .wrongSign)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let eps = Double.ulpOfOne
        // κ at the end points against exact values; κ(z) is a handful of libm calls, ≤ 8ε relative each.
        let k1 = s.formula == .arcCosine ? ReLUSphereKernel.kappa(1.0) : (0 + Double.arcCosine(1) * 1) / (2 * .pi)
        e.add(Figure("kappaAtOneError", "|κ(1) − 1/2| / (8ε·1/2)", value: abs(k1 - 0.5) / (8 * eps * 0.5), tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: κ(1) = 1/2 (k(x, x) = ‖w‖²/(2d)·… = 1/2 on the sphere) to rounding"))
        let k0 = ReLUSphereKernel.kappa(0.0)
        e.add(Figure("kappaAtZeroError", "|κ(0) − 1/(2π)| / (8ε/(2π))", value: abs(k0 - 1 / (2 * .pi)) / (8 * eps / (2 * .pi)), tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: κ(0) = 1/(2π)"))
        var worstDegreeOne = 0.0, worstZ2 = 0.0, worstTop = 0.0, minDTau = Double.infinity, worstPrecision = 0.0
        var table: [(d: Int, l1: Double, sq: Double, tau: Double)] = []
        for d in s.dimensions {
            let sp = try spectrum(s, d, Double.self)
            worstDegreeOne = max(worstDegreeOne, abs(sp.degreeOne.value - 1 / (4 * Double(d))) / sp.degreeOne.errorBound)
            worstZ2 = max(worstZ2, abs(sp.secondMomentZ.value - 1 / Double(d)) / sp.secondMomentZ.errorBound)
            // Top eigenfunction: d·(Eκ)² ≥ Var κ, with both errors counted against the margin.
            let variance = sp.sumSquares.value - sp.lambda1.value * sp.lambda1.value
            let varianceError = sp.sumSquares.errorBound + 2 * sp.lambda1.value * sp.lambda1.errorBound
            worstTop = max(worstTop, (variance + varianceError) / (Double(d) * sp.lambda1.value * sp.lambda1.value))
            minDTau = min(minDTau, Double(d) * (1 - sp.tau - sp.tauErrorBound))
            table.append((d, sp.lambda1.value, sp.sumSquares.value, sp.tau))
            if d == 3 {
                e.add(Figure("lambda1[d=3]Error", "|λ₁ − 3/16| / error bound at d = 3", value: abs(sp.lambda1.value - 3.0 / 16) / sp.lambda1.errorBound,
                             tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                             note: "≤ 1: λ₁ = E κ(z) = 3/16 exactly at d = 3 (z uniform on [−1, 1]); bound \(sp.lambda1.errorBound)"))
            }
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            let ext = try spectrum(s, d, Float80.self)
            for (a, b) in [(sp.lambda1, ext.lambda1), (sp.sumSquares, ext.sumSquares), (sp.degreeOne, ext.degreeOne)] {
                worstPrecision = max(worstPrecision, abs(a.value - Double(b.value)) / (a.errorBound + Double(b.errorBound)))
            }
            #endif
            e.add(Figure("lambda1[d=\(d)]", "λ₁ = E κ(z), d = \(d)", value: sp.lambda1.value, tier: .numerical, tolerance: .relative(1e-12),
                         note: "bound \(sp.lambda1.errorBound); catalog table (6 digits): \(catalogTable[d]?.0 ?? 0)"))
            e.add(Figure("sumSquares[d=\(d)]", "Σλ² = E κ²(z), d = \(d)", value: sp.sumSquares.value, tier: .numerical, tolerance: .relative(1e-12),
                         note: "bound \(sp.sumSquares.errorBound); catalog: \(catalogTable[d]?.1 ?? 0)"))
            e.add(Figure("oneMinusTau[d=\(d)]", "1 − τ(K), d = \(d)", value: 1 - sp.tau, tier: .numerical, tolerance: .relative(1e-10),
                         note: "d(1 − τ) = \(Double(d) * (1 - sp.tau)); → π²/4 = \(Double.pi * Double.pi / 4) as d grows"))
        }
        e.add(Figure("degreeOneEigenvalueError", "max over d of |E[κ(z)z] − 1/(4d)| / error bound", value: worstDegreeOne, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the degree-one eigenvalue is exactly 1/(4d) (odd part of κ is z/4)"))
        e.add(Figure("secondMomentZError", "max over d of |E z² − 1/d| / error bound", value: worstZ2, tier: .numerical, role: .crossCheck,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the quadrature reproduces the density of z"))
        e.add(Figure("topEigenfunctionRatio", "max over d of (Var κ + its error)/(d·(E κ)²)", value: worstTop, tier: .numerical,
                     requirement: .atMost(1), tolerance: .relative(1e-9),
                     note: "≤ 1 ⇒ every non-constant eigenvalue ≤ √(Var κ/d) ≤ E κ: the constant is the top eigenfunction"))
        e.add(Figure("minDTimesOneMinusTau", "min over d of d·(1 − τ(K) − error bound)", value: minDTau, tier: .numerical,
                     requirement: .atLeast(s.constant), tolerance: .relative(1e-10),
                     note: "≥ c = \(s.constant): τ(K) ≤ 1 − c/d for every d tested (d(1 − τ) grows from 0.88 at d = 2 towards π²/4)"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        e.add(Figure("precisionAgreement", "max |Double − Float80| / (sum of both error bounds) over λ₁, Σλ², E[κz]", value: worstPrecision,
                     tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the two precisions agree within their bounds"))
        #endif
        // Monte Carlo of E k and E k² on the input distribution, against the sphere formulas.
        let pairs = try context.count("pairs")
        let zCrit = try Statistics.normalQuantile(1 - 0.0005 / Double(2 * s.monteCarloDimensions.count))
        var worstZ = 0.0
        for d in s.monteCarloDimensions {
            let sp = try spectrum(s, d, Double.self)
            var rng = SeededGenerator(seed: 4_242 + UInt64(d))
            var k1 = Welford<Double>(), k2 = Welford<Double>()
            for _ in 0..<pairs {
                let x: [Double], y: [Double]
                if s.inputs == .gaussian {
                    x = (0..<d).map { _ in rng.normal() }; y = (0..<d).map { _ in rng.normal() }
                } else {
                    x = try rng.onSphere(dimension: d); y = try rng.onSphere(dimension: d)
                }
                let nx = Vector.norm2(x), ny = Vector.norm2(y)
                let c = try Vector.dot(x, y) / (nx * ny)
                let v = nx * ny * kernelValue(s.formula, c)
                try k1.add(v); try k2.add(v * v)
            }
            let z1 = abs(k1.mean - sp.lambda1.value) / (try k1.standardError())
            let z2 = abs(k2.mean - sp.sumSquares.value) / (try k2.standardError())
            worstZ = max(worstZ, z1, z2)
            e.add(Figure("monteCarloMeanKernel[d=\(d)]", "Monte Carlo E k(x, x′), d = \(d)", value: k1.mean, tier: .statistical, tolerance: .relative(1e-9),
                         note: "z = \(z1) against λ₁ = \(sp.lambda1.value); \(pairs) pairs"))
        }
        e.add(Figure("monteCarloZ", "max |Monte Carlo − quadrature| / se over E k and E k² (d = \(s.monteCarloDimensions.map(String.init).joined(separator: ", ")))",
                     value: worstZ, tier: .statistical, requirement: .atMost(zCrit), tolerance: .relative(1e-6),
                     note: "≤ Φ⁻¹(1 − 0.0005/\(2 * s.monteCarloDimensions.count)) = \(zCrit): 99.9% family confidence, \(pairs) pairs per d, seed 4242 + d"))
        if s == Setup() { e.plots.append(try plot(table)) }
        e.summary = """
            κ(1) = 1/2 and κ(0) = 1/(2π) to rounding; λ₁ = 3/16 at d = 3; E[κ(z)z] = 1/(4d) for every d; the constant is the \
            top eigenfunction; d(1 − τ(K)) ≥ \(s.constant) from d = 2 to 100; the Monte Carlo on unit inputs matches.
            """
        return e
    }

    static func kernelValue(_ f: KernelFormula, _ z: Double) -> Double {
        switch f {
        case .arcCosine: return ReLUSphereKernel.kappa(z)
        case .wrongSign:
            let c = min(max(z, -1), 1)
            return ((1 - c * c).squareRoot() + Double.arcCosine(c) * c) / (2 * .pi)
        }
    }

    /// SIM-15's table (λ₁, Σλ²), six digits, for the report notes only.
    static let catalogTable: [Int: (Double, Double)] = [2: (0.202642, 0.073330), 3: (0.187500, 0.056677), 5: (0.175781, 0.043733),
                                                         10: (0.167301, 0.034343), 20: (0.163182, 0.029782), 50: (0.160754, 0.027097),
                                                         100: (0.159953, 0.026211)]

    static func plot(_ table: [(d: Int, l1: Double, sq: Double, tau: Double)]) throws -> Plot {
        let ds = table.map { Double($0.d) }
        return Plot(
            key: "d-one-minus-tau",
            caption: """
                d·(1 − τ(K)) by quadrature against d (log axis): it rises from 0.88 at d = 2 towards π²/4 ≈ 2.47 (dashed), \
                so 1 − τ(K) ≈ π²/(4d) and the bound τ ≤ 1 − c/d holds with c = 0.85 (dotted).
                """,
            chart: LinePlot(
                title: "WU-KAPPA: d(1 − τ(K)) vs d",
                xAxis: PlotAxis("input dimension d", scale: .log10),
                yAxis: PlotAxis("d·(1 − τ(K))", include: [0, 2.6]),
                series: [
                    PlotSeries("quadrature", x: ds, y: table.map { Double($0.d) * (1 - $0.tau) }, style: .lineAndMarkers, color: 0),
                    PlotSeries("π²/4", x: [ds.first!, ds.last!], y: [Double.pi * Double.pi / 4, Double.pi * Double.pi / 4], style: .reference, color: 1),
                    PlotSeries("c = 0.85", x: [ds.first!, ds.last!], y: [0.85, 0.85], style: .reference, color: 5),
                ]))
    }
}
