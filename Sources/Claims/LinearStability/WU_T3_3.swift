import Constructions
import Foundation
import Numerics

/// WU-T3.3 (Theorem 3.3): a linearly stable interpolating minimum with alignment μ ≥ μ₀ > 0 has
/// ‖H‖_F ≤ √(B/μ₀)/η. Checked exactly: stability at a rational step η is the Loewner test η·Q_B ⪯ L_H on symmetric
/// matrices, and the conclusion η²μ_min‖H‖_F² ≤ B is "A − (B/η²)·H is not positive definite" (A = the matrix with
/// Tr(HΣ(δ)) = δᵀAδ) — both decided by exact rational elimination, with equality attained on the tight family.
enum WU_T3_3 {
    enum Sampling: String, Codable, Sendable {
        case withReplacement = "batches of B drawn with replacement"
        case fullBatchWithoutReplacement = "batches of n without replacement (= GD), theorem read with B = n"
    }

    enum StabilityNotion: String, Codable, Sendable { case sgd = "linearly stable for SGD", gd = "stable for GD only (ηλ₁ ≤ 2)" }
    enum BatchInBound: String, Codable, Sendable { case batch = "√(B/μ₀)/η", dropped = "√(1/μ₀)/η (B dropped)" }

    struct Setup: ClaimSetup {
        var sampling = Sampling.withReplacement
        var stability = StabilityNotion.sgd
        var bound = BatchInBound.batch
        /// μ₀ = muScale·μ_min (1: the sharpest valid μ₀).
        var muScale = Rational.one
        var randomInstances = 40
    }

    static let samples = [SampleCount("draws", "random real-valued instances for the Double/Float80 closed form", quick: 40, full: 300)]

    static let claim = Claim(
        "WU-T3.3", paper: Papers.linearStability, location: "§3.1, Theorem 3.3 (Eq. 10)",
        title: "Linearly stable minima are flat: ‖H‖_F ≤ √(B/μ₀)/η, whatever the model size — exact, attained with equality",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "violations",
        errata: [
            "μ₀ must bound μ below at every displacement the linearized dynamics can visit (sharpest: μ_min); the experiments evaluate μ along one trajectory, which does not license the theorem.",
            "B is the batch size of sampling with replacement; without replacement the noise is smaller by (n − B)/(n − 1) and batches of n are GD, where the bound fails (control).",
            "Linear stability is a mean-square notion (E L_t bounded for every start); it does not say that typical trajectories escape (WU-X-LYAP).",
        ],
        statement: Statement(
            """
            Let θ* be an interpolating minimum that is linearly stable for SGD with step η and batch size B (E L(θ̃_t) \
            stays within a constant of E L(θ̃_0) for every start), and let the alignment of the linearized dynamics \
            satisfy μ(θ) ≥ μ₀ > 0 wherever L(θ) > 0. Then ‖H(θ*)‖_F ≤ √(B/μ₀)/η.
            """,
            hypotheses: [
                Hypothesis("mini-batches are drawn with replacement", field: "sampling"),
                Hypothesis("θ* is linearly stable for SGD (not merely for GD)", field: "stability"),
                Hypothesis("the bound keeps its batch size", field: "bound"),
                Hypothesis("μ₀ ≤ μ_min, the infimum of μ over displacements", field: "muScale"),
                Hypothesis("H is positive definite on the features' span and μ_min > 0 (checked per instance)"),
            ],
            construction: """
                Exact tier: 40 random integer feature sets (n ∈ 2…6, p ∈ 1…3 ≤ n, entries −2…2, full rank, μ_min > 0; B ∈ \
                {1, 2, 3, 5, 8}; seed 33) plus the tight family E1 (n = B + 1, p = 1, one feature 1 and B zero features, B = 1, 2, 3). \
                Steps η = k/(5·Tr H), k = 1…25 — from far below to beyond the GD limit 2/λ₁ — and for E1 also η = n \
                (the bound) and 1.001·n. At each (instance, η): stability ⟺ K_L − η·K_Q ⪰ 0, the quadratic-form \
                matrices of L_H(M) = HM + MH and Q_B on the basis {E_jj, E_jk + E_kj}; μ_min = λ_min(H^{-1/2}AH^{-1/2})/‖H‖_F² \
                with A = (1/n)Σ(g_iᵀHg_i)g_ig_iᵀ − H³, so the bound's conclusion η²μ₀‖H‖_F² ≤ B reads "μ₀/μ_min·A − \
                (B/η²)·H is not positive definite". Both tests are exact rational eliminations. Numerical tier: random \
                Gaussian features (n ∈ 2…10, p ∈ 1…8, possibly p > n, reduced to range(H)) in Double and Float80: the \
                closed-form η_crit = 1/λ_max(L_H^{-1/2}Q_B L_H^{-1/2}) against the bound, within 8(m + n)·ε·κ(H)² relative \
                (m = rk(rk+1)/2: the eigen-solvers' backward error, amplified through H^{-1/2} twice).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("muScale", name: "μ₀ = 1.01·μ_min", """
                    Claim μ₀ 1% above μ_min: on E1 (stable exactly up to the bound) the bound is violated at η = n.
                    """) { $0.muScale = try! Rational(101, 100) }, // literal
                .dropping("bound", name: "batch size dropped", "Claim ‖H‖_F ≤ 1/(η√μ₀): E1 with B ≥ 2 is stable beyond it.") { $0.bound = .dropped },
                .dropping("sampling", name: "batches of n without replacement", """
                    Batches of n drawn without replacement are full-batch GD, stable up to 2/λ₁; read with B = n, the \
                    bound √(n/μ_min)/‖H‖_F is smaller than that on E1.
                    """) { $0.sampling = .fullBatchWithoutReplacement },
                .dropping("stability", name: "stable for GD only", """
                    Use GD's stability (Q = HMH, i.e. ηλ₁ ≤ 2) with the SGD bound: GD-stable steps exceed the bound.
                    """) { $0.stability = .gd },
            ]))

    // MARK: instances

    struct Instance {
        let name: String
        let sgd: LinearizedSGD
        let extraSteps: [Rational]
    }

    static func r(_ p: Int, _ q: Int) -> Rational { try! Rational(p, q) } // literal q ≠ 0

    /// E1: n = B + 1 scalar features, one equal to 1 and B zeros: H = 1/n, μ ≡ B, stable exactly for η ≤ n.
    static func tight(_ b: Int) throws -> Instance {
        let features = [[Rational.one]] + Array(repeating: [Rational.zero], count: b)
        return Instance(name: "E1, B = \(b)", sgd: try LinearizedSGD(features: features, batch: b), extraSteps: [Rational(b + 1), r(1001 * (b + 1), 1000)])
    }

    static func instances(_ s: Setup) throws -> [Instance] {
        var rng = SeededGenerator(seed: 33)
        var out = try [1, 2, 3].map { try tight($0) }
        let batches = [1, 2, 3, 5, 8]
        while out.count < s.randomInstances + 3 {
            let n = 2 + (try rng.int(below: 5)), p = 1 + (try rng.int(below: min(3, n)))
            let features = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
            let sgd = try LinearizedSGD(features: features, batch: batches[try rng.int(below: batches.count)])
            // H must be PD (full rank) and μ_min > 0 (A PD); equal-magnitude scalar features, e.g., carry no noise.
            guard try Exact.definiteness(try sgd.hessian()).definite, try Exact.definiteness(try sgd.alignmentMatrix()).definite else { continue }
            out.append(Instance(name: "random n = \(n), p = \(p), B = \(sgd.batch)", sgd: sgd, extraSteps: []))
        }
        return out
    }

    // MARK: check

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var pairs = 0, stablePairs = 0, violations = 0, zeroMu = 0
        var violationNames: [String] = []
        var tightAttained = 0
        let all = try instances(s)
        for inst in all {
            let sgd = inst.sgd
            let h = try sgd.hessian(), a = try sgd.alignmentMatrix()
            guard try Exact.definiteness(a).definite else { zeroMu += 1; continue } // μ_min = 0: vacuous
            let noise: LinearizedSGD.Noise = s.sampling == .withReplacement && s.stability == .sgd ? .withReplacement : .fullBatch
            let forms = try sgd.formMatrices(noise: noise)
            let boundBatch = s.sampling == .fullBatchWithoutReplacement ? sgd.n : (s.bound == .dropped ? 1 : sgd.batch)
            let trace = try Exact.trace(h)
            let steps = try (1...25).map { try Rational($0) / (Rational(5) * trace) } + inst.extraSteps
            var stableAtBound = false, unstableAbove = false
            for (k, eta) in steps.enumerated() {
                pairs += 1
                let stable = try sgd.isLinearlyStable(eta: eta, noise: noise, forms: forms)
                if k == 25 { stableAtBound = stable }
                if k == 26 { unstableAbove = !stable }
                guard stable else { continue }
                stablePairs += 1
                // Conclusion: η²·μ₀·‖H‖_F² ≤ B ⟺ (μ₀/μ_min)·A − (B/η²)·H is not positive definite.
                let test = try Exact.subtract(try Exact.scale(a, by: s.muScale), try Exact.scale(h, by: try Rational(boundBatch) / (eta * eta)))
                if try Exact.definiteness(test).definite {
                    violations += 1
                    if violationNames.count < 3 { violationNames.append("\(inst.name) at η = \(eta)") }
                }
            }
            // E1: stable at the bound and not just above, so η_crit equals the bound exactly.
            if !inst.extraSteps.isEmpty && stableAtBound && unstableAbove { tightAttained += 1 }
        }
        e.add(.count("zeroAlignmentInstances", "instances with μ_min = 0 (the theorem says nothing there; skipped)", zeroMu, role: .hypothesis,
                     requirement: .equals("0"), note: "every instance has μ_min > 0"))
        e.add(.count("stablePairs", "(instance, η) pairs that are linearly stable, of \(pairs)", stablePairs, role: .hypothesis, requirement: .greaterThan(0),
                     note: "the theorem is exercised on stable minima"))
        e.add(.count("violations", "stable pairs with η²μ₀‖H‖_F² > B", violations, requirement: .equals("0"),
                     note: violations == 0 ? "none: the bound holds at every stable (instance, η), decided exactly" : violationNames.joined(separator: "; ")))
        e.add(.count("tightInstancesAttained", "E1 instances stable exactly up to the bound (η_crit = √(B/μ_min)/‖H‖_F)", tightAttained,
                     role: .reported, note: "3 under the theorem's reading: equality is attained, the constant cannot be improved"))
        let draws = try context.count("draws")
        let double = try numerical(s, draws: draws, Double.self, tag: "Double", &e)
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let extended = try numerical(s, draws: draws, Float80.self, tag: "Float80", &e)
        let gap = zip(double, extended).map { abs($0.ratio - $1.ratio) / $0.tolerance }.max() ?? 0
        e.add(Figure("precisionAgreement", "max over draws of |ratio(Double) − ratio(Float80)| / Double's tolerance", value: gap, tier: .numerical,
                     role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the precisions agree"))
        #endif
        if s == Setup() {
            e.plots.append(try radiusPlot())
            e.plots.append(scatterPlot(double))
        }
        e.summary = """
            At all \(stablePairs) stable (instance, η) pairs of \(pairs) the bound holds, decided in exact arithmetic; E1 is stable \
            exactly up to √(B/μ_min)/‖H‖_F, so the constant is attained; the Double and Float80 closed forms agree.
            """
        return e
    }

    // MARK: numerical tier

    struct Draw { let ratio: Double; let tolerance: Double; let bound: Double; let critical: Double }

    /// Random Gaussian features: the ratio η_crit·‖H‖_F / √(B/μ₀) must be ≤ 1 + tolerance.
    static func numerical<T: RealFloat>(_ s: Setup, draws: Int, _: T.Type, tag: String, _ e: inout Evidence) throws -> [Draw] {
        var rng = SeededGenerator(seed: 3_303)
        var out: [Draw] = []
        var worst = -Double.infinity
        for k in 0..<draws {
            let n = 2 + (try rng.int(below: 9)), p = 1 + (try rng.int(below: 8)), b = 1 + (try rng.int(below: 8))
            // Tight E1 instances every tenth draw (with 1e-8 perturbations of the zero features).
            let features: [[T]] = k % 10 == 0
                ? (0..<n).map { i in (0..<p).map { j in T(i == 0 && j == 0 ? Double(n).squareRoot() : 1e-8 * rng.normal()) } }
                : (0..<n).map { _ in (0..<p).map { _ in T(rng.normal()) } } // Doubles, converted exactly
            let batch = k % 10 == 0 ? n - 1 : b
            let spectrum = try LinearizedSGDSpectrum(features: features, batch: max(1, batch), relativeCutoff: T(1e-10))
            let noise: LinearizedSGD.Noise = s.sampling == .withReplacement && s.stability == .sgd ? .withReplacement : .fullBatch
            let critical = try spectrum.criticalStep(noise: noise)
            let muMin = try spectrum.alignmentMinimum()
            guard muMin > 0 else { continue }
            let boundBatch = s.sampling == .fullBatchWithoutReplacement ? n : (s.bound == .dropped ? 1 : spectrum.batch)
            let mu0 = T(s.muScale.doubleValue) * muMin
            let boundTimesF = (T(boundBatch) / mu0).squareRoot()
            let ratio = Double(critical * spectrum.frobeniusH / boundTimesF)
            let m = spectrum.rank * (spectrum.rank + 1) / 2
            let kappa = Double((spectrum.lambdas.first ?? 1) / (spectrum.lambdas.last ?? 1))
            let tol = 8 * Double(m + n) * Double(T.ulpOfOne) * kappa * kappa
            worst = max(worst, (ratio - 1) / tol)
            out.append(Draw(ratio: ratio, tolerance: tol, bound: Double(boundTimesF), critical: Double(critical * spectrum.frobeniusH)))
        }
        e.add(Figure("ratioExcessOverTolerance[\(tag)]", "max over \(out.count) draws of (η_crit‖H‖_F/√(B/μ₀) − 1) / tolerance (\(tag))", value: worst,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the closed-form critical step never exceeds the bound beyond rounding; ≈ 0 on the tight draws"))
        return out
    }

    // MARK: plots

    static func radiusPlot() throws -> Plot {
        var rng = SeededGenerator(seed: 77)
        let features = (0..<8).map { _ in (0..<4).map { _ in rng.normal() } }
        let spectrum = try LinearizedSGDSpectrum(features: features, batch: 2, relativeCutoff: 1e-10)
        let critical = try spectrum.criticalStep(noise: .withReplacement)
        let muMin = try spectrum.alignmentMinimum()
        let f = spectrum.frobeniusH
        let bound = (2 / muMin).squareRoot() / f
        let gd = 2 / (spectrum.lambdas.first ?? 1)
        let etas = (1...60).map { Double($0) * 1.2 * gd / 60 }
        let radii = try etas.map { try spectrum.spectralRadius(eta: $0, noise: .withReplacement) }
        let gdRadii = try etas.map { try spectrum.spectralRadius(eta: $0, noise: .fullBatch) }
        let top = (radii.max() ?? 2)
        return Plot(
            key: "radius-vs-step",
            caption: """
                Spectral radius of the second-moment operator T_η against the step η for one random instance (n = 8, p = 4, \
                B = 2). SGD (blue) crosses 1 at η_crit = \(String(format: "%.4f", critical)); the bound √(B/μ_min)/‖H‖_F = \
                \(String(format: "%.4f", bound)) lies to its right, as Theorem 3.3 requires, and the dotted curve η²μ_min‖H‖_F²/B \
                stays below the radius at every η (the per-step form of the proof). GD (orange) is stable up to 2/λ₁ = \
                \(String(format: "%.4f", gd)).
                """,
            chart: LinePlot(
                title: "WU-T3.3: mean-square growth factor ρ(T_η) against the step",
                xAxis: PlotAxis("learning rate η (parameter units per unit gradient)"),
                yAxis: PlotAxis("spectral radius ρ(T_η) (growth of E L per step)", include: [0]),
                series: [
                    PlotSeries("SGD, B = 2", x: etas, y: radii, style: .line, color: 0),
                    PlotSeries("GD", x: etas, y: gdRadii, style: .line, color: 1),
                    PlotSeries("η²μ_min‖H‖²/B (proof's lower bound)", x: etas, y: etas.map { $0 * $0 * muMin * f * f / 2 }, style: .reference, color: 2),
                    PlotSeries("ρ = 1", x: [0, etas.last ?? 1], y: [1, 1], style: .reference, color: 5),
                    PlotSeries("η_crit", x: [critical, critical], y: [0, top], style: .reference, color: 0),
                    PlotSeries("bound √(B/μ_min)/‖H‖_F", x: [bound, bound], y: [0, top], style: .reference, color: 3),
                ]))
    }

    static func scatterPlot(_ draws: [Draw]) -> Plot {
        let top = max(draws.map(\.bound).max() ?? 1, 1)
        return Plot(
            key: "critical-vs-bound",
            caption: """
                Each point is one random instance (Double): the largest stable step times ‖H‖_F against √(B/μ_min). Theorem \
                3.3 says every point lies on or below the diagonal; the tight instances (E1 with tiny perturbations) sit on \
                it, the rest below — the bound is typically loose by a factor of several.
                """,
            chart: LinePlot(
                title: "WU-T3.3: η_crit·‖H‖_F against √(B/μ_min)",
                xAxis: PlotAxis("√(B/μ_min) (dimensionless)", scale: .log10),
                yAxis: PlotAxis("η_crit·‖H‖_F (dimensionless)", scale: .log10),
                series: [
                    PlotSeries("random instances", x: draws.map(\.bound), y: draws.map(\.critical), style: .markers, color: 0),
                    PlotSeries("equality y = x", x: [0.1, top], y: [0.1, top], style: .reference, color: 1),
                ]))
    }
}
