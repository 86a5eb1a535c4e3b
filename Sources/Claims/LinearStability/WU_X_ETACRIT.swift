import Constructions
import Foundation
import Numerics

/// WU-X-ETACRIT (our addition): the largest linearly stable step in closed form,
/// η_crit(B) = 1/λ_max(L_H^{-1/2}·Q_B·L_H^{-1/2}), from T_η − I = −η·L_H + η²·Q_B. Certified in exact arithmetic on
/// rational features: stable at η_crit(1 − 10⁻⁵), unstable at η_crit(1 + 10⁻⁵).
enum WU_X_ETACRIT {
    enum Formula: String, Codable, Sendable {
        case closedForm = "1/λ_max(L_H^{-1/2} Q_B L_H^{-1/2})"
        case gradientDescent = "2/λ₁(H) (GD's threshold)"
    }

    struct Setup: ClaimSetup {
        var formula = Formula.closedForm
        var instances = 16
    }

    static let claim = Claim(
        "WU-X-ETACRIT", paper: Papers.linearStability, location: "our addition to §3, Definition 3.1",
        title: "Closed-form critical learning rate η_crit = 1/λ_max(L_H^{-1/2}Q_B L_H^{-1/2}), certified by exact stability tests",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "certificateFailures",
        statement: Statement(
            """
            With L_H(M) = HM + MH and Q_B(M) = (1 − 1/B)HMH + (1/B)(1/n)Σ(g_iᵀMg_i)g_ig_iᵀ (both self-adjoint on symmetric \
            matrices over range(H), L_H positive definite), λ_max(T_η) ≤ 1 ⟺ η·Q_B ⪯ L_H, so the set of stable steps is \
            [0, η_crit] with η_crit = 1/λ_max(L_H^{-1/2}Q_B L_H^{-1/2}); for full batches (Q = HMH) it is 2/λ₁(H).
            """,
            hypotheses: [Hypothesis("the formula is the closed form", field: "formula")],
            construction: """
                16 random integer feature sets (n ∈ 2…6, p ∈ 1…2, entries −2…2, H positive definite, B ∈ 1…5; seed 55). \
                η_crit in Double; then in exact rationals the Loewner test K_L − η·K_Q ⪰ 0 at η_lo = η_crit(1 − 10⁻⁵) and \
                η_hi = η_crit(1 + 10⁻⁵), each rounded to a multiple of 2⁻²⁰ in the safe direction: the closed form is \
                certified to 10⁻⁵ relative. Numerical: against bisection on ρ(T_η) ≤ 1 (60 halvings) on random Gaussian \
                features, relative gap ≤ 10⁻⁸ (the bisection's resolution 2⁻⁶⁰ is far below it; the radius near 1 has slope \
                of order 1 in η, so eigenvalue rounding moves the crossing by ~m·ε), in Double and in Float80.
                """,
            setup: Setup(), check: check,
            controls: [.mutation(name: "GD threshold for SGD", """
                Use 2/λ₁(H), the full-batch threshold: SGD's noise makes it unstable there, and the exact certificate fails.
                """) { $0.formula = .gradientDescent }]))

    static func candidate<T: RealFloat>(_ spec: LinearizedSGDSpectrum<T>, _ f: Formula) throws -> T {
        f == .closedForm ? try spec.criticalStep(noise: .withReplacement) : 2 / (spec.lambdas.first ?? 1)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 55)
        var failures = 0, certified = 0
        while certified + failures < s.instances {
            let n = 2 + (try rng.int(below: 5)), p = 1 + (try rng.int(below: 2)), b = 1 + (try rng.int(below: 5))
            let ints = try (0..<n).map { _ in try (0..<p).map { _ in try rng.int(below: 5) - 2 } }
            let sgd = try LinearizedSGD(features: ints.map { $0.map { Rational($0) } }, batch: b)
            guard try Exact.definiteness(try sgd.hessian()).definite else { continue }
            let spec = try LinearizedSGDSpectrum(features: ints.map { $0.map(Double.init) }, batch: b, relativeCutoff: 1e-12)
            let eta = try candidate(spec, s.formula)
            let scale = 1_048_576.0 // 2²⁰
            let lo = try Rational(Int((eta * (1 - 1e-5) * scale).rounded(.down)), Int(scale))
            let hi = try Rational(Int((eta * (1 + 1e-5) * scale).rounded(.up)), Int(scale))
            let forms = try sgd.formMatrices(noise: .withReplacement)
            let ok = try sgd.isLinearlyStable(eta: lo, noise: .withReplacement, forms: forms)
                && !(try sgd.isLinearlyStable(eta: hi, noise: .withReplacement, forms: forms))
            if ok { certified += 1 } else { failures += 1 }
        }
        e.add(.count("certificateFailures", "instances where the formula is not bracketed by exact stable/unstable steps (of \(s.instances))", failures,
                     requirement: .equals("0"), note: "0: stable at 0.99999·η, unstable at 1.00001·η, decided in rationals"))
        let gapD = try bisection(s, Double.self)
        e.add(Figure("bisectionGap[Double]", "max relative |formula − bisection on ρ(T_η) ≤ 1| (Double)", value: gapD, tier: .numerical,
                     requirement: .atMost(1e-8), tolerance: .absolute(1e-9), note: "≤ 10⁻⁸ on 20 random Gaussian instances"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let gapX = try bisection(s, Float80.self)
        e.add(Figure("bisectionGap[Float80]", "the same in Float80", value: gapX, tier: .numerical, requirement: .atMost(1e-8),
                     tolerance: .absolute(1e-9), note: "≤ 10⁻⁸"))
        #endif
        e.summary = "The closed form is certified to 10⁻⁵ by exact stability tests on every instance and matches bisection in Double and Float80."
        return e
    }

    static func bisection<T: RealFloat>(_ s: Setup, _: T.Type) throws -> Double {
        var rng = SeededGenerator(seed: 56)
        var worst = 0.0
        for _ in 0..<20 {
            let n = 2 + (try rng.int(below: 7)), p = 1 + (try rng.int(below: 4)), b = 1 + (try rng.int(below: 6))
            let features = (0..<n).map { _ in (0..<p).map { _ in T(rng.normal()) } }
            let spec = try LinearizedSGDSpectrum(features: features, batch: b, relativeCutoff: T(1e-10))
            let eta = try candidate(spec, s.formula)
            var lo = T.zero, hi = 4 / (spec.lambdas.last ?? 1)
            for _ in 0..<60 { let mid = (lo + hi) / 2; if try spec.spectralRadius(eta: mid, noise: .withReplacement) <= 1 { lo = mid } else { hi = mid } }
            worst = max(worst, Double(abs(eta - lo) / lo))
        }
        return worst
    }
}
