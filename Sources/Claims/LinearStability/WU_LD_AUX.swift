import Constructions
import Numerics

/// WU-LD.AUX (App. D, Def. D.1 – Lemma D.15, Eq. 20–21): the tools behind Proposition D.7. The concentration and
/// contraction results are quoted (CITED, not re-proved); the finite statements are checked: Lemmas D.4 and D.5 by all
/// 2^n sign vectors, McDiarmid's corrected deviation by an exact binomial tail, Lemma D.12's spectra, and Eq. (21)
/// by Monte Carlo over data sets.
enum WU_LD_AUX {
    enum McDiarmidForm: String, Codable, Sendable { case corrected = "σ·√(2 log(2/δ))", printed = "√(2 log(2/δ)·σ) (as printed)" }
    enum FrobeniusMean: String, Codable, Sendable { case withCorrection = "Σλ² + (E k²(x, x) − E k²(x, x′))/n", withoutCorrection = "Σλ² (no 1/n term)" }

    struct Setup: ClaimSetup {
        var mcdiarmid = McDiarmidForm.corrected
        var frobeniusMean = FrobeniusMean.withCorrection
        var rademacherSize = 10
        var delta = 0.1
    }

    static let samples = [SampleCount("dataSets", "random data sets per n in the Monte Carlo of E‖K‖_F² (Eq. 21)", quick: 4_000, full: 20_000)]

    static let claim = Claim(
        "WU-LD.AUX", paper: Papers.linearStability, location: "Appendix D (Def. D.1 – Lemma D.15, Eq. 20–21)",
        title: "App. D tools: D.2, D.3, D.6, D.9, D.11, D.13, D.14 cited; D.4, D.5, D.10 (corrected), D.12, Eq. 21 checked",
        expected: .cited, tiers: [.exact, .numerical, .statistical], keyFigure: "mcdiarmidTail",
        errata: [
            "Theorem D.10 (McDiarmid) is printed with deviation √(2 log(2/δ)·σ); the correct one is σ·√(2 log(2/δ)) with σ² = (1/4)ΣD_i². The printed form is too small when σ > 1 and then fails (here: tail 0.263 > δ = 0.1).",
            "Lemmas D.11 and D.15 print d·√(log(2/δ)/m) where b²·√(log(2/δ)/m) is meant; the two agree only for ReLU on the sphere (b² = d).",
            "\"K̂ = G/n\" is not an identity: K̂ (n × n) and G (m × m) share their non-zero spectra (Lemma D.12's finite-dimensional content), nothing more.",
            "Lemma D.13's proof writes σ_x for φ_x and F₂ = {f² : f ∈ H₁} where F₁ is meant; the proof of Lemma D.9 cites \"Lemma ??\" (Lemma D.6).",
            "The letter B is both the batch size and the function bound of Theorem D.2 and Lemma D.6.",
        ],
        statement: Statement(
            """
            [CITED] Theorem D.2 (uniform deviation by 4·Rad_n plus a bounded-differences term), Lemma D.3 (contraction), \
            Lemma D.6 (products), Lemma D.9 (sup|k − k̂| ≲ b²√(log(1/δ)/m)), Lemmas D.11, D.13, D.14 (λ₁(K̂) and λ₁(K) close). \
            Checked: Lemma D.4, Rad_n{x ↦ uᵀx : ‖u‖ ≤ 1} ≤ √(Σ‖x_i‖²)/n; Lemma D.5, the RKHS ball has Rad_n ≤ √(Σk(x_i, x_i))/n; \
            Theorem D.10, P(|f − E f| ≥ σ√(2 log(2/δ))) ≤ δ for bounded differences D_i, σ² = (1/4)ΣD_i²; Lemma D.12, \
            λ_max(AAᵀ/n) = λ_max(AᵀA/n) (and all non-zero eigenvalues agree); Eq. (20)–(21), E k²(x, x′) = Σλ_s² and \
            E‖K‖_F² = Σλ² + (E k²(x, x) − E k²(x, x′))/n ≥ Σλ², with k²(x, x′) ≤ k(x, x)k(x′, x′).
            """,
            form: .cited,
            hypotheses: [Hypothesis("McDiarmid's deviation is σ√(2 log(2/δ))", field: "mcdiarmid"),
                         Hypothesis("E‖K‖_F² keeps its 1/n diagonal term", field: "frobeniusMean")],
            construction: """
                D.4: n = 10 integer inputs in ℤ³ (seed 61); E_ξ‖Σξ_ix_i‖² = Σ‖x_i‖² exactly over all 2¹⁰ signs (rationals), \
                and Rad_n in Double and Float80 over the same signs. D.5: 10 unit inputs on S², ReLU kernel κ, Rad_n = \
                E_ξ√(ξᵀKξ)/n over all signs. D.10: S = Σ_{i=1}^{20}ξ_i (D_i = 2, σ² = 20), δ = 0.1, P(|S| ≥ t) exactly from \
                binomial counts; t² is compared with the attainable S² (even squares), far from any of them. D.12: a ReLU RFM \
                sample (n = 8, m = 20), eigenvalues of AAᵀ/n and AᵀA/n, the top n compared within 60·m·ε·λ_max (Jacobi's \
                absolute accuracy). Eq. 21: ReLU sphere kernel, d = 5, K_ij = κ(x_iᵀx_j)/n for n ∈ {5, 20}; the Monte Carlo \
                mean of ‖K‖_F² over random data sets against the formula with Σλ² = E κ² from WU-KAPPA's quadrature, \
                |z| ≤ Φ⁻¹(1 − 0.0005/2).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .mutation(name: "McDiarmid as printed", """
                    Deviation √(2 log(2/δ)·σ): with σ = √20 > 1 it is 5.2 instead of 10.9, and P(|S| ≥ 5.2) = 0.263 > δ.
                    """) { $0.mcdiarmid = .printed },
                .mutation(name: "Eq. 21 without the 1/n term", """
                    Compare E‖K‖_F² with Σλ² alone: at n = 5 the diagonal term (1/4 − E κ²)/n ≈ 0.041 is far outside the \
                    Monte Carlo error.
                    """) { $0.frobeniusMean = .withoutCorrection },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let n = s.rademacherSize
        // Lemma D.4.
        var rng = SeededGenerator(seed: 61)
        let ints = try (0..<n).map { _ in try (0..<3).map { _ in try rng.int(below: 7) - 3 } }
        let exactInputs = ints.map { $0.map { Rational($0) } }
        let second = try RademacherEnumeration.linearBallSecondMoment(exactInputs)
        let sumNorms = try Rational.sum(try exactInputs.map { try Exact.dot($0, $0) })
        e.add(.exact("linearSecondMomentGap", "E_ξ‖Σξ_ix_i‖² − Σ‖x_i‖² over all 2^\(n) signs", try second - sumNorms, role: .crossCheck,
                     requirement: .equals("0"), note: "0: the identity behind Lemma D.4 (Jensen then gives the bound)"))
        let inputs = ints.map { $0.map(Double.init) }
        let rad = try RademacherEnumeration.linearBall(inputs, Double.self)
        let bound = sumNorms.doubleValue.squareRoot() / Double(n)
        e.add(Figure("lemmaD4Ratio", "Rad_n(linear unit ball) / (√Σ‖x_i‖² / n)", value: rad / bound, tier: .numerical, requirement: .atMost(1),
                     tolerance: .relative(1e-12), note: "≤ 1: Lemma D.4 (SIM-28, another sample: 0.6338/0.6842 = 0.926)"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let rad80 = try RademacherEnumeration.linearBall(inputs, Float80.self)
        // 2^n sums of norms of d-term sums of n signed integers (exact), then one square root each: ≤ (2^n + 4)ε relative.
        let tolerance = Double((1 << n) + 4) * Double.ulpOfOne * rad
        e.add(Figure("lemmaD4Precision", "|Rad(Double) − Rad(Float80)| / ((2^n + 4)·ε·Rad)", value: abs(rad - Double(rad80)) / tolerance, tier: .numerical,
                     role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the enumeration is computed to rounding"))
        #endif
        // Lemma D.5 with the ReLU sphere kernel.
        let points = try (0..<n).map { _ in try rng.onSphere(dimension: 3) }
        var gram = try Matrix<Double>(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { gram[i, j] = ReLUSphereKernel.kappa(try Vector.dot(points[i], points[j])) } }
        let radK = try RademacherEnumeration.kernelBall(gram)
        let boundK = (0..<n).reduce(0.0) { $0 + gram[$1, $1] }.squareRoot() / Double(n)
        e.add(Figure("lemmaD5Ratio", "Rad_n(RKHS unit ball) / (√Σk(x_i, x_i) / n)", value: radK / boundK, tier: .numerical, requirement: .atMost(1),
                     tolerance: .relative(1e-12), note: "≤ 1: Lemma D.5; with k(x, x) = 1/2 ≤ 1 the bound is ≤ 1/√n as Lemma D.8 uses"))
        // Theorem D.10, corrected (exact binomial tail).
        let sigma2 = 20.0 // (1/4)·Σ D_i² with D_i = 2, n = 20
        let logTerm = 2 * Double.log(2 / s.delta)
        let t2 = s.mcdiarmid == .corrected ? sigma2 * logTerm : logTerm * sigma2.squareRoot()
        let tail = try RademacherEnumeration.binomialTail(n: 20, scale: 1, thresholdSquared: t2)
        e.add(.exact("mcdiarmidTail", "P(|S| ≥ \(s.mcdiarmid.rawValue)), S = Σ₁²⁰ξ_i, δ = \(s.delta)", tail.probability,
                     requirement: .atMost(s.delta), note: "≤ δ: the deviation bound holds; t² = \(t2), \(tail.margin) from the nearest attainable S² (rounding cannot move the event)"))
        // Lemma D.12: shared non-zero spectra.
        let rfm = try ReLURandomFeatures.sample(n: 8, m: 20, d: 3, distribution: .sphere, seed: 62)
        let a = rfm.features(Double.self)
        let small = try SymmetricEigendecomposition(try a.multiplied(by: a.transposed).scaled(by: 1.0 / 8)).eigenvalues.sorted(by: >)
        let large = try SymmetricEigendecomposition(try a.transposed.multiplied(by: a).scaled(by: 1.0 / 8)).eigenvalues.sorted(by: >)
        let gap = zip(small, large).map { abs($0 - $1) }.max()! / (60 * 20 * Double.ulpOfOne * small[0])
        e.add(Figure("lemmaD12SpectraGap", "max over the top n eigenvalues of |λ(AAᵀ/n) − λ(AᵀA/n)| / (60·m·ε·λ_max)", value: gap, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the n × n and m × m Gram matrices share their non-zero spectra (λ_max equal: Lemma D.12); the other m − n are 0"))
        // Eq. (20)–(21) by Monte Carlo over data sets, d = 5.
        let sumSq = try ReLUSphereKernel.spectrum(dimension: 5, Double.self).sumSquares.value
        let sets = try context.count("dataSets")
        let zCrit = try Statistics.normalQuantile(1 - 0.0005 / 2)
        var worst = 0.0, cauchyViolations = 0
        var mc = SeededGenerator(seed: 63)
        for size in [5, 20] {
            var acc = Welford<Double>()
            for _ in 0..<sets {
                let xs = try (0..<size).map { _ in try mc.onSphere(dimension: 5) }
                var f = 0.0
                for i in 0..<size {
                    for j in 0..<size {
                        let k = ReLUSphereKernel.kappa(try Vector.dot(xs[i], xs[j]))
                        if i != j && k * k > 0.25 * (1 + 8 * Double.ulpOfOne) { cauchyViolations += 1 }
                        f += k * k
                    }
                }
                try acc.add(f / Double(size * size))
            }
            let formula = s.frobeniusMean == .withCorrection ? sumSq + (0.25 - sumSq) / Double(size) : sumSq
            let z = abs(acc.mean - formula) / (try acc.standardError())
            worst = max(worst, z)
            e.add(Figure("frobeniusMean[n=\(size)]", "Monte Carlo E‖K‖_F², n = \(size)", value: acc.mean, tier: .statistical, tolerance: .relative(1e-9),
                         note: "formula \(formula); z = \(z); \(sets) data sets (SIM-28: 0.084987 at n = 5, 0.054047 at n = 20)"))
        }
        e.add(Figure("eq21Z", "max over n ∈ {5, 20} of |Monte Carlo E‖K‖_F² − formula| / se", value: worst, tier: .statistical, requirement: .atMost(zCrit),
                     tolerance: .relative(1e-6), note: "≤ Φ⁻¹(1 − 0.0005/2) = \(zCrit): Eq. (21) at 99.9% family confidence"))
        e.add(.count("cauchySchwarzViolations", "pairs with k²(x, x′) > k(x, x)k(x′, x′) = 1/4 (beyond 8ε)", cauchyViolations, requirement: .equals("0"),
                     note: "0: κ(z) ≤ κ(1) = 1/2 on every pair drawn"))
        e.summary = """
            Lemmas D.4 and D.5 hold on their enumerated instances, the corrected McDiarmid deviation has tail ≤ δ, the two Gram \
            matrices share their non-zero spectra, and E‖K‖_F² matches Eq. (21).
            """
        return e
    }
}
