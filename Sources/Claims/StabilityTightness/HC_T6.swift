import Constructions
import Foundation
import Numerics

/// HC-T6 (Theorem 6): "SGD with α ≤ σ²/(2γL²) that reaches w_0 within σ of a local minimum in a
/// (σ, γ)-HC region with σ > 12L/γ stays within σ for all T." VACUOUS: by the vacuity lemma
/// (HC-T6-VAC) γσ ≤ L(σ) whenever some per-sample gradient is non-zero on the ball, so the radius
/// condition forces every per-sample gradient to vanish there — SGD never moves and the conclusion is
/// trivial. The substitute HC-T6-LOC states what contractivity-type structure does give for least squares.
enum HC_T6 {
    struct Setup: ClaimSetup {
        /// The vacuity lemma's construction (see HC-T6-VAC).
        var n = HC_T6_VAC.Setup().n
        var noise = HC_T6_VAC.Setup().noise
        var radii = HC_T6_VAC.Setup().radii
        var seed = HC_T6_VAC.Setup().seed
        /// Theorem 6's radius condition σ > k·L/γ with k = 12.
        var radiusFactor = Rational(12)
        /// Where L is read (the theorem's L-Lipschitz hypothesis: on the region the iterates visit).
        var lipschitzDomain = HC_T6_VAC.LipschitzDomain.wholeBall
    }

    static let claim = Claim(
        "HC-T6", paper: Papers.stabilityTightness, location: "§4.1, Theorem 6 and Appendix A",
        title: "\"HC localises SGD\": the radius condition σ > 12L/γ cannot be met with a non-zero gradient",
        expected: .vacuous, tiers: [.exact, .certified], keyFigure: "premiseSatisfiedRadii",
        errata: [
            """
            Vacuous: Eq. 3 on the ball forces γσ ≤ L(σ) as soon as one per-sample gradient is non-zero there (HC-T6-VAC), \
            so σ > 12L/γ leaves only balls on which every per-sample gradient vanishes; SGD then never moves and the \
            conclusion is trivially true. The range where the theorem would say something, σ ≤ L/γ, is excluded by it.
            """,
            """
            The step condition α ≤ σ²/(2γL²) is dimensionally inconsistent: with w in parameter units and f in loss units \
            its right side has units w⁶/f³ while a step has units w²/f (rescaling the loss by c changes it by 1/c³ instead \
            of 1/c). A consistent form is α ≤ γσ²/(2L²).
            """,
            """
            The proof bounds ‖w_t − w_0‖ (distance to the starting point), which gives ‖w_t − w*‖ ≤ 2σ, not σ; and its \
            step "[w_t − w_0]ᵀH[w_t − w_0] ≥ γ‖w_t − w_0‖² because w_t − w_0 lies in the span of past gradients" is \
            invalid: Eq. 3 controls the quadratic form along each gradient, not along their sums (the flaw of Theorem 2).
            """,
            "The proof's averaged Hessian mixes w_0 with w* and z_j with z_i in its definition; read the segment between w_t and w_0.",
        ],
        statement: Statement(
            """
            Given S and a β-smooth, L-Lipschitz loss, suppose SGD with a constant step α ≤ σ²/(2γL²) reaches a point w_0 \
            within σ of a local minimum w* that lies in a (σ, γ)-Hessian-contractive region with σ > 12L/γ. Then every later \
            iterate stays within σ of w*.
            """,
            hypotheses: [
                Hypothesis("the radius condition σ > k·L/γ with k = 12", field: "radiusFactor"),
                Hypothesis("L bounds the per-sample gradients on the ball around w* (read on the region, convention C6)", field: "lipschitzDomain"),
                Hypothesis("the ball is (σ, γ)-HC with γ > 0 (least squares: exact γ, figure gammaHC)"),
                Hypothesis("some per-sample gradient is non-zero on the ball (otherwise SGD cannot move)"),
            ],
            construction: """
                The vacuity lemma's construction (HC-T6-VAC): least squares on n = 30 rank-4 samples in d = 5 with noisy \
                labels, w* the exact least-squares solution, γ = min_k x_kᵀHx_k/‖x_k‖² exact, L(σ) the certified supremum of \
                the per-sample gradient norms over B(w*, σ), σ ∈ {0.01, 0.1, 1, 10, 100}. On each radius the premise \
                σ > 12L(σ)/γ is decided from the certified enclosure of γσ/L(σ).
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("lipschitzDomain", name: "L read at w* only", """
                    Read L at the minimum instead of over the ball: L is then only the residual term, γσ/L exceeds 12 at \
                    σ = 100, the premise appears satisfiable with non-zero gradients and the vacuity figures must fail.
                    """) { $0.lipschitzDomain = .centreOnly },
                .mutation(name: "radius condition σ > L/(100γ)", """
                    Weaken the constant 12 to 1/100: on this data γσ/L reaches about 0.033 > 1/100, so the weakened premise \
                    holds with non-zero gradients — the vacuity rests on the constant being at least 1.
                    """) { $0.radiusFactor = try! Rational(1, 100) }, // denominator ≠ 0
            ]),
        repair: .claim("HC-T6-LOC"))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var ls = HC_T6_VAC.Setup()
        ls.n = s.n; ls.noise = s.noise; ls.radii = s.radii; ls.seed = s.seed
        ls.lipschitzDomain = s.lipschitzDomain
        let l = try HC_T6_VAC.lemma(ls)
        e.add(try HC_T6_VAC.figures(l, role: .vacuity))
        let k = try Interval.enclosing(s.radiusFactor)
        var satisfied = 0, undecided = 0
        for r in l.rows {
            // Premise σ > k·L/γ ⇔ γσ/L > k; the non-zero-gradient hypothesis holds on every ball here.
            if r.ratio.lower > k.upper { satisfied += 1 } else if r.ratio.upper > k.lower { undecided += 1 }
        }
        e.add(.count("premiseSatisfiedRadii", "radii σ at which σ > \(s.radiusFactor)·L(σ)/γ holds with a non-zero gradient", satisfied,
                     role: .vacuity, requirement: .equals("0"),
                     note: "0 on every radius: the premise is never met non-trivially (decided from certified enclosures)"))
        e.add(.count("premiseUndecidedRadii", "radii where the enclosure of γσ/L(σ) straddles the constant", undecided, role: .crossCheck,
                     requirement: .equals("0"), note: "none may be ambiguous"))
        let p = l.problem
        let beta = try p.features.map { try Exact.squaredNorm($0.map { try Rational(exactly: $0) }) }.max()! // n ≥ 5
        e.add(.exact("smoothness", "β = max_j ‖x_j‖² (every per-sample loss is β-smooth)", beta, note: "computed; the theorem's β-smooth hypothesis"))
        e.summary = """
            On every radius from 0.01 to 100 the certified γσ/L(σ) stays below 1, so the premise σ > 12L/γ never holds while \
            a per-sample gradient is non-zero: Theorem 6 only covers balls on which SGD cannot move.
            """
        return e
    }
}
