import Constructions
import Foundation
import Numerics

/// LI-REM-ESC (the remark after Theorem 1): at a stationary point with M_t ≠ 0, the step's change Δ_t = f(θ_{t+1}) − f(θ_t)
/// is said to concentrate around (η²/2)L·Tr M_t > 0, so that f increases and SGD escapes. Theorem 1 only brackets E[Δ_t]
/// between ±(η²/2)L·Tr M; nothing places Δ_t near the upper end. At a stationary point of a quadratic with negative-definite
/// Hessian every step decreases f. The repair: at μ_t = 0, E[Δ_t] = (η²/(2m))·Tr(HΣ) for a quadratic — positive at a
/// minimum (escape in expectation), negative at a maximum — always within ±(η²/2)L·Tr M^(m).
enum LI_REM_ESC {
    enum Curvature: String, Codable, Sendable {
        case negative = "H = −QQᵀ/p ≺ 0 (a stationary point that is a maximum)"
        case positive = "H = +QQᵀ/p ≻ 0 (a minimum)"
    }

    struct Setup: ClaimSetup {
        var curvature = Curvature.negative
        var seed: UInt64 = 4021
    }

    static let samples = [SampleCount("steps", "mini-batches of m = 4 drawn with replacement at the stationary point", quick: 20_000, full: 200_000)]

    static let claim = Claim(
        "LI-REM-ESC", paper: Papers.hessianDynamics, location: "§5.2, remark after Theorem 1",
        title: "'At a stationary point with M_t ≠ 0, Δ_t concentrates around (η²/2)L·Tr M_t > 0, so SGD escapes' — refuted; the exact expectation instead",
        expected: .refutedAsStated, tiers: [.exact, .statistical], keyFigure: "increaseFraction",
        errata: [
            "Theorem 1 gives E[Δ_t] ∈ [−(η²/2)L·Tr M, (η²/2)L·Tr M]; it says nothing that centres Δ_t at the upper end.",
            "M_t is called positive definite; it has rank at most n, so it is singular whenever n < p.",
        ],
        statement: Statement(
            """
            If μ_t = 0 but M_t ≠ 0, then P[|Δ_t − (η²/2)L·Tr M_t| ≥ s | θ_t] ≤ 4·exp(−c·min(s²/a_2², s/a_3)) for an absolute \
            c > 0: Δ_t concentrates around (η²/2)L·Tr M_t > 0, so f increases and SGD leaves the stationary point.
            """,
            hypotheses: [
                Hypothesis("θ_t is stationary (μ_t = 0) and M_t ≠ 0 (the samples' gradients differ), Assumption 1 with L = ‖H‖₂ on all of ℝᵖ"),
                Hypothesis("the stationary point is of either kind: the remark does not restrict it", field: "curvature"),
            ],
            construction: """
                Quadratic f(θ) = ½θᵀHθ with H = −QQᵀ/p (Q Gaussian p × p), p = 30, per-sample gradients c_i at θ = 0 (n = 40, \
                Gaussian, centred so μ = 0, seed 4021); L = ‖H‖₂ (global, so Assumption 1 holds everywhere); m = 4 with \
                replacement, η = 0.5/L. Then Δ = (η²/2)·SGᵀH·SG ≤ 0 for every batch. The statement is read as 'f increases \
                with probability at least ½' (concentration around a positive centre); the fraction of sampled steps with Δ > 0 \
                is counted. Reported: c_crit(m) = ln 4 / min(s²/a_2², s/a_3) at s = the centre, below which no absolute c can \
                go, for m = 4…1024 (it falls like 1/m, so no fixed c survives).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.sanity(name: "a minimum", "At H ≻ 0 every step has Δ ≥ 0: the statement's conclusion holds there.") { $0.curvature = .positive }]),
        repair: .inline(repairStatement))

    struct Instance { let h: Matrix<Double>; let c: [[Double]]; let l: Double; let sigma: Matrix<Double> }

    static func instance(_ curvature: Curvature, p: Int, n: Int, seed: UInt64) throws -> Instance {
        var rng = SeededGenerator(seed: seed)
        let q = try Matrix(rows: p, columns: p, elements: (0..<(p * p)).map { _ in rng.normal() })
        let qq = try q.multiplied(by: q.transposed).scaled(by: (curvature == .negative ? -1 : 1) / Double(p))
        let raw = (0..<n).map { _ in (0..<p).map { _ in rng.normal() } }
        let mean = (0..<p).map { j in raw.reduce(0.0) { $0 + $1[j] } / Double(n) }
        let c = raw.map { zip($0, mean).map { $0 - $1 } }
        var sigma = try Matrix<Double>(rows: p, columns: p)
        for ci in c { for a in 0..<p { for b in 0..<p { sigma.elements[a * p + b] += ci[a] * ci[b] / Double(n) } } }
        let l = try SymmetricEigendecomposition(qq).eigenvalues.map(abs).max()!
        return Instance(h: qq, c: c, l: l, sigma: sigma)
    }

    static func quadratic(_ h: Matrix<Double>, _ x: [Double]) throws -> Double { try Vector.dot(x, try h.applied(to: x)) }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let p = 30, n = 40, m = 4
        let inst = try instance(s.curvature, p: p, n: n, seed: s.seed)
        let eta = 0.5 / inst.l
        var rng = SeededGenerator(seed: s.seed + 1)
        let steps = try context.count("steps")
        var increases = 0, deviating = 0
        let traceM = try inst.sigma.trace() // μ = 0: M = Σ
        let centre = eta * eta / 2 * inst.l * traceM
        for _ in 0..<steps {
            var sg = [Double](repeating: 0, count: p)
            for _ in 0..<m { let i = Int(rng.next() % UInt64(n)); for j in 0..<p { sg[j] += inst.c[i][j] / Double(m) } }
            let delta = eta * eta / 2 * (try quadratic(inst.h, sg))
            if delta > 0 { increases += 1 }
            if abs(delta - centre) >= centre { deviating += 1 }
        }
        e.add(.count("stationary", "‖μ‖ = 0 to rounding and M ≠ 0 (Tr M = \(String(format: "%.3g", traceM)))", traceM > 0 ? 1 : 0, role: .hypothesis,
                     requirement: .equals("1"), note: "1: the remark's hypothesis holds"))
        e.add(Figure("increaseFraction", "fraction of the \(steps) sampled steps with Δ > 0 (f increases)", value: Double(increases) / Double(steps), tier: .statistical,
                     requirement: .atLeast(0.5), tolerance: .absolute(0.01),
                     note: s.curvature == .negative ? "0: H ≺ 0 makes Δ = (η²/2)SGᵀH·SG ≤ 0 on every batch, so f never increases" : "every step increases f at a minimum"))
        e.add(Figure("deviationFraction", "fraction of steps with |Δ − (η²/2)L·Tr M| ≥ (η²/2)L·Tr M", value: Double(deviating) / Double(steps), tier: .statistical,
                     role: .reported, tolerance: .absolute(0.01), note: "catalog: 1 (every step lies a full centre away)"))
        // c_crit(m): the printed bound at s = centre is 4·exp(−c·E), E = min(s²/a_2², s/a_3), a_2 = (η²L/(2m))‖Σ‖_F, a_3 = (η²L/(2m))‖Σ‖₂.
        let spectral = try SymmetricEigendecomposition(inst.sigma).eigenvalues.map(abs).max()!
        var table: [String] = []
        for mm in [4, 16, 64, 256, 1024] {
            let scale = eta * eta * inst.l / (2 * Double(mm))
            let s2 = centre * centre
            let exponent = min(s2 / pow(scale * inst.sigma.frobeniusNorm, 2), centre / (scale * spectral))
            table.append("m = \(mm): \(String(format: "%.3g", log(4) / exponent))")
        }
        e.add(Figure("cCritical", "largest absolute c consistent with the printed bound at m = 4 (probability 1 against 4·exp(−c·E))", value: {
            let scale = eta * eta * inst.l / (2 * Double(m))
            return log(4) / min(centre * centre / pow(scale * inst.sigma.frobeniusNorm, 2), centre / (scale * spectral))
        }(), tier: .numerical, role: .reported, tolerance: .relative(1e-9), note: "c_crit by m: " + table.joined(separator: "; ") + " (catalog: 0.038 at m = 4)"))
        e.summary = s.curvature == .negative
            ? "At a stationary maximum every SGD step decreases f (Δ ≤ 0 on all batches), though M ≠ 0: the claimed concentration around (η²/2)L·Tr M > 0 is false."
            : "At a minimum every step increases f."
        return e
    }

    struct RepairSetup: ClaimSetup {
        /// The batch covariance Σ/m (false: Σ, as if every step used one sample).
        var batchScaled = true
        var seed: UInt64 = 4022
    }

    static let repairStatement = Statement(
        """
        At a stationary point (μ_t = 0) of a quadratic f with Hessian H, with m samples drawn with replacement, \
        E[Δ_t | θ_t] = (η²/(2m))·Tr(HΣ_t) exactly, which lies in [−(η²/2)L·Tr M^(m), (η²/2)L·Tr M^(m)], M^(m) = Σ/m: f increases \
        in expectation at a minimum and decreases at a maximum.
        """,
        hypotheses: [Hypothesis("the batch's covariance is Σ/m (with replacement)", field: "batchScaled")],
        construction: """
            Random quadratics (p = 6, H symmetric with entries N(0, 1): indefinite, or ±QQᵀ) and n = 5 centred per-sample \
            gradients (seed 4022), m ∈ {1, 2, 3}: E[Δ] by enumerating all nᵐ ordered batches, against (η²/(2m))·Tr(HΣ), in units \
            of 60·(nᵐ + p²)·ε·Σ|terms|; the bracket checked on every instance.
            """,
        setup: RepairSetup(), check: repairCheck,
        controls: [.dropping("batchScaled", name: "Σ in place of Σ/m", "Without the 1/m the formula overstates E[Δ] m-fold for m > 1.") { $0.batchScaled = false }])

    static func repairCheck(_ s: RepairSetup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)
        let p = 6, n = 5
        var worst = 0.0, outside = 0, instances = 0
        for k in 0..<60 {
            let m = 1 + k % 3
            var h = try Matrix<Double>(rows: p, columns: p)
            for i in 0..<p { for j in 0...i { let x = rng.normal(); h.elements[i * p + j] = x; h.elements[j * p + i] = x } }
            let raw = (0..<n).map { _ in (0..<p).map { _ in rng.normal() } }
            let mean = (0..<p).map { j in raw.reduce(0.0) { $0 + $1[j] } / Double(n) }
            let c = raw.map { zip($0, mean).map { $0 - $1 } }
            let l = try SymmetricEigendecomposition(h).eigenvalues.map(abs).max()!
            let eta = 0.3 / l
            var expected = 0.0, magnitude = 0.0, total = 1
            for _ in 0..<m { total *= n }
            for index in 0..<total {
                var sg = [Double](repeating: 0, count: p), rest = index
                for _ in 0..<m { let i = rest % n; rest /= n; for j in 0..<p { sg[j] += c[i][j] / Double(m) } }
                let d = eta * eta / 2 * (try quadratic(h, sg))
                expected += d / Double(total); magnitude += abs(d) / Double(total)
            }
            var traceHSigma = 0.0, traceSigma = 0.0
            for ci in c {
                traceHSigma += try quadratic(h, ci) / Double(n)
                traceSigma += ci.reduce(0) { $0 + $1 * $1 } / Double(n)
            }
            let formula = eta * eta / (2 * Double(s.batchScaled ? m : 1)) * traceHSigma
            worst = propagatingMax(worst, abs(expected - formula) / (60 * Double(total + p * p) * Double.ulpOfOne * max(magnitude, abs(formula))))
            if abs(expected) > eta * eta / 2 * l * traceSigma / Double(m) * (1 + 1e-12) { outside += 1 }
            instances += 1
        }
        e.add(Figure("expectation", "max over \(instances) instances of |E[Δ] (enumerated) − (η²/(2m))Tr(HΣ)| in units of 60(nᵐ + p²)ε·Σ|terms|", value: worst, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the expectation is exact"))
        e.add(.count("outsideBracket", "instances with |E[Δ]| > (η²/2)L·Tr M^(m)", outside, requirement: .equals("0"), tier: .numerical, note: "0"))
        e.summary = "At a stationary point E[Δ] = (η²/(2m))Tr(HΣ) exactly and lies within Theorem 1's bracket."
        return e
    }
}
