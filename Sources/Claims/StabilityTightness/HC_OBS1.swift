import Constructions
import Foundation
import Numerics

/// HC-OBS1: a linear model f(w; (x, y)) = φ_y(wᵀx) with γ ≤ φ'' (on the arguments the ball can produce),
/// ‖x‖ ≤ R and ξ-self-correlated data is (ξγ/R²)-Hessian contractive. Proof: g = φ'·x_k and
/// H_{w'} ⪰ γH, so gᵀH_{w'}g ≥ γφ'²·x_kᵀHx_k ≥ γξφ'² ≥ (γξ/R²)‖g‖². Checked exactly for least
/// squares (the ratio is c·x_kᵀHx_k/‖x_k‖² for every w, w') and, for logistic regression on balls,
/// against a certified curvature floor.
enum HC_OBS1 {
    enum ClaimedConstant: String, Codable, Sendable {
        case xiGammaOverRSquared = "ξγ/R²"
        case xiGamma = "ξγ (without the factor 1/R²)"
    }

    struct Setup: ClaimSetup {
        /// The link of the global check; hypothesis (2) asks φ'' ≥ γ > 0 everywhere.
        var link = LinkLoss.leastSquares
        var claimedConstant = ClaimedConstant.xiGammaOverRSquared
        /// Radius of the ball around 0 from which the global check draws its probe pairs.
        var probeRadius = Rational(10)
        /// Logistic regression on balls B(0, rad): γ(D) = s(U)(1 − s(U)) with U = rad·R.
        var logisticRadii: [Rational] = [try! Rational(1, 2), Rational(2), Rational(5)] // denominator ≠ 0
        var seed: UInt64 = 61
    }

    static let samples = [
        SampleCount("pairs", "pairs (w, w') per ball, each paired with every sample", quick: 400, full: 20_000),
    ]

    static let claim = Claim(
        "HC-OBS1", paper: Papers.stabilityTightness, location: "§4.1, Observation 1",
        title: "Linear models with φ'' ≥ γ, ‖x‖ ≤ R and ξ-self-correlated data are (ξγ/R²)-Hessian contractive",
        expected: .holds, tiers: [.exact, .certified, .numerical], keyFigure: "minExactRatioMinusClaimed",
        errata: [
            "Hypothesis (1), |φ'| ≤ L, is not used by the argument; only the lower curvature bound, the norm bound and ξ enter.",
            """
            Read globally, hypothesis (2) (φ'' ≥ γ > 0 on all of ℝ) excludes logistic regression, whose curvature tends to 0; \
            the statement holds with γ the curvature floor over the arguments w'ᵀx the ball can produce, which is how it is \
            checked here (U = rad·R).
            """,
            """
            The observation holds although Theorem 2, under the same hypotheses, fails (HC-T2): contractivity along each \
            per-sample gradient does not control the Hessian on the span of several gradients.
            """,
        ],
        statement: Statement(
            """
            Let f(w; S) = (1/n)Σ_j φ_{y_j}(wᵀx_j) with a per-sample link whose second derivative is at least γ > 0, data of \
            norm at most R, and S ξ-self-correlated. Then for every w, w' and every sample, the per-sample gradient g satisfies \
            gᵀH_{w'}g ≥ (ξγ/R²)‖g‖²: the loss is globally (ξγ/R²)-Hessian contractive.
            """,
            hypotheses: [
                Hypothesis("φ''_y ≥ γ > 0 on the arguments wᵀx the domain produces (least squares: γ = 1 everywhere)", field: "link"),
                Hypothesis("‖x_j‖ ≤ R (R² computed exactly: max_j ‖x_j‖²)"),
                Hypothesis("S is ξ-self-correlated with ξ = min_j x_jᵀHx_j > 0 (computed exactly)"),
                Hypothesis("the claimed constant is ξγ/R²", field: "claimedConstant"),
            ],
            construction: """
                The rational data set of ContractivityExample: n = 6, d = 3, integer features, ξ = 8/3, R² = 11. (a) The \
                configured link (least squares): exact per-sample ratios c·x_kᵀHx_k/‖x_k‖², and dual-number ratios at \
                sampled pairs (w, w') in a ball of radius 10 around 0 (the statement is global). (b) Logistic regression \
                (labels ±1) on the balls B(0, rad), rad ∈ {1/2, 2, 5}: the curvature floor γ(D) = s(U)(1 − s(U)), \
                U = rad·R, enclosed by certified interval arithmetic, against the minimum of the sampled ratios; the \
                minimising pair is recomputed in Float80.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("link", name: "Huber loss with δ = 1/10", """
                    φ'' = 0 outside the quadratic zone, so γ = 0: at a w' where every residual exceeds δ the Hessian vanishes \
                    and the ratio is 0 — the loss is not contractive with any positive constant.
                    """) { $0.link = .huber(delta: try! Rational(1, 10)) }, // denominator ≠ 0
                .dropping("link", name: "concave link", """
                    φ(u) = −½(u − y)²: φ'' = −1, every ratio is negative and the claimed inequality fails.
                    """) { $0.link = .concave },
                .mutation(name: "constant ξγ without 1/R²", """
                    Claim the constant ξγ: on this data the smallest exact ratio 10/9 is below ξ = 8/3, so the mutated \
                    statement is false exactly.
                    """) { $0.claimedConstant = .xiGamma },
            ]))

    static func claimed(_ s: Setup, xi: Quantity, gamma: Quantity, rSquared: Rational) throws -> Quantity {
        s.claimedConstant == .xiGamma ? try xi * gamma : try xi * gamma / .exact(rSquared)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let pairs = try context.count("pairs")
        let ls = try ContractivityExample.model(.leastSquares)
        let x = try ls.exactFeatures()
        let xi = try selfCorrelation(of: x)
        let r2 = try ls.maxSquaredNorm()
        let n = Double(ls.sampleCount), d = Double(ls.parameterCount)
        let meanSquaredNorm = ls.features.map { $0.reduce(0) { $0 + $1 * $1 } }.reduce(0, +) / n
        e.add(.exact("xi", "ξ = min_j x_jᵀHx_j", xi, role: .hypothesis, requirement: .greaterThan(0), note: "> 0: the data are ξ-self-correlated (exact)"))
        e.add(.exact("RSquared", "R² = max_j ‖x_j‖²", r2, note: "exact"))

        // (a) The configured link, globally.
        let model = try ContractivityExample.model(s.link)
        let gamma = s.link.globalCurvatureFloor
        e.add(.exact("curvatureFloor", "γ = inf over ℝ of φ''_y (\(s.link))", gamma, role: .hypothesis, requirement: .greaterThan(0),
                     note: "> 0: hypothesis (2), computed for the link, not assumed"))
        let c = try claimed(s, xi: .exact(xi), gamma: .exact(gamma), rSquared: r2)
        e.add(.quantity("claimedConstant", "claimed HC constant \(s.claimedConstant.rawValue)", c, tolerance: .relative(1e-12), note: "the constant the statement asserts"))
        if let curvature = s.link.constantCurvature, let cr = c.rational {
            let ratios = try HessianContractivity.exactLinearRatios(features: x, curvature: curvature).compactMap { $0 }
            let m = ratios.min()! // no zero feature vector
            e.add(.exact("minExactRatio", "min_k c·x_kᵀHx_k/‖x_k‖² (independent of w, w')", m, note: "the best global constant, exactly"))
            e.add(.exact("minExactRatioMinusClaimed", "min exact ratio − claimed constant", try m - cr, requirement: .atLeast(0),
                         note: "≥ 0: the observation holds exactly for every w, w' (the ratio does not depend on them)"))
        }
        let probe = try HessianContractivity.estimate(model, centre: [0, 0, 0], radius: s.probeRadius.doubleValue, pairs: pairs, seed: s.seed)
        guard let probeMin = probe.gammaHat else { throw NumericsError.invalidArgument(operation: "HC-OBS1", detail: "every sampled gradient vanished") }
        // Rounding of a dual-number ratio with |φ''| ≤ 1 (see HC-DEF6): (2d + n + 8)·ε·mean‖x‖².
        let boundA = (2 * d + n + 8) * Double.ulpOfOne * meanSquaredNorm
        e.add(Figure("minSampledRatio", "min of gᵀH_{w'}g/‖g‖² over \(pairs) pairs in B(0, \(s.probeRadius)) × 6 samples", value: probeMin,
                     tier: .numerical, requirement: .greaterThan(0), tolerance: .relative(1e-9),
                     note: "> 0: contractive along every sampled per-sample gradient"))
        e.add(Figure("minSampledRatioMinusClaimed", "min sampled ratio − claimed constant + rounding bound", value: probeMin - (try c.interval().upper) + boundA,
                     tier: .numerical, requirement: .atLeast(0), tolerance: .absolute(1e-9),
                     note: "≥ 0: every sampled ratio is at least the claimed constant up to its rounding bound (2d + n + 8)·ε·mean‖x‖² = \(boundA)"))

        // (b) Logistic regression on balls, with the certified curvature floor.
        let logistic = try ContractivityExample.model(.logistic)
        let boundB = (2 * d + n + 18) * Double.ulpOfOne * meanSquaredNorm / 4
        var worstGap = 0.0
        for rad in s.logisticRadii {
            let tag = "[logistic,rad=\(rad)]"
            let g = try logisticCurvatureFloor(radius: rad, rSquared: r2)
            e.add(.certified("curvatureFloor" + tag, "γ(D) = s(U)(1 − s(U)), U = rad·R", g, role: .hypothesis, requirement: .greaterThan(0),
                             tolerance: .relative(1e-9), note: "> 0 on the ball: the smallest logistic curvature over |u| ≤ U (certified enclosure)"))
            let bound = try claimed(s, xi: .exact(xi), gamma: .enclosure(g), rSquared: r2).interval()
            e.add(.certified("claimedConstant" + tag, "claimed constant with γ(D)", bound, tolerance: .relative(1e-9), note: "ξγ(D)/R², certified"))
            let est = try HessianContractivity.estimate(logistic, centre: [0, 0, 0], radius: rad.doubleValue, pairs: pairs, seed: s.seed &+ 7)
            guard let minRatio = est.gammaHat, let arg = est.argmin else { throw NumericsError.invalidArgument(operation: "HC-OBS1", detail: "no logistic ratio") }
            e.add(Figure("minSampledRatio" + tag, "min sampled ratio on B(0, \(rad))", value: minRatio, tier: .numerical, tolerance: .relative(1e-9),
                         note: "an upper estimate of the best constant on the ball (catalog, on other data: 0.310, 0.0282, 0.00053)"))
            e.add(Figure("minSampledRatioMinusClaimed" + tag, "min sampled ratio − upper end of the claimed constant − rounding bound", value: minRatio - bound.upper - boundB,
                         tier: .numerical, requirement: .atLeast(0), tolerance: .relative(1e-6),
                         note: "≥ 0: every sampled ratio exceeds the certified claimed constant by more than its rounding bound (2d + n + 18)·ε·mean‖x‖²/4 (φ'' ≤ ¼, exp within 1 ulp)"))
            worstGap = max(worstGap, try precisionGap(logistic, arg.w, arg.wPrime, arg.sample, minRatio) / boundB)
        }
        e.add(Figure("logisticPrecisionGapOverBound", "max over the radii of |ρ_Double − ρ_Float80| at the minimising pair / rounding bound", value: worstGap,
                     tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the minimum is not an artefact of Double rounding (Float80 sees the exact images of the Double points)"))
        e.summary = """
            The exact least-squares ratios are all at least ξγ/R² (smallest 10/9 against 8/33), every sampled ratio in a \
            ball of radius 10 is positive and above the constant, and for logistic regression on balls of radius 1/2, 2 and \
            5 the sampled minima stay above the certified constant ξγ(D)/R².
            """
        return e
    }

    /// s(U)(1 − s(U)) = e^{−U}/(1 + e^{−U})² for U = rad·R, enclosed: x/(1 + x)² is increasing on [0, 1],
    /// so the enclosure of e^{−U} maps endpoint by endpoint.
    static func logisticCurvatureFloor(radius: Rational, rSquared: Rational) throws -> Interval {
        let u = try Interval.enclosing(radius) * Interval.enclosing(rSquared).squareRoot()
        let ex = try (-u).exp()
        func f(_ v: Double) throws -> Interval {
            let t = try Interval(v)
            let one = try Interval(1)
            return try t.dividing(by: (one + t).squared())
        }
        return try Interval(try f(ex.lower).lower, try f(ex.upper).upper)
    }

    /// |ρ in Double − ρ in Float80| at one pair (the Double path stands alone where Float80 does not exist).
    static func precisionGap(_ m: LinearModel, _ w: [Double], _ wp: [Double], _ j: Int, _ rd: Double) throws -> Double {
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        guard let rx = try HessianContractivity.ratio(m, w: w.map { Float80($0) }, wPrime: wp.map { Float80($0) }, sample: j) else { return .nan }
        return abs(rd - Double(rx))
        #else
        return 0
        #endif
    }
}
