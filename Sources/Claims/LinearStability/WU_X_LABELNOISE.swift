import Constructions
import Numerics

/// WU-X-LABELNOISE (our addition): Theorem 2.1's identity survives label noise that is independent of the input —
/// the cross term has mean zero and the noise variance enters Σ₁ and 2L alike — so such noise cannot serve as a
/// negative control for WU-T2.1. Noise whose size depends on x breaks it.
enum WU_X_LABELNOISE {
    static let claim = Claim(
        "WU-X-LABELNOISE", paper: Papers.linearStability, location: "our addition to §2.1, Theorem 2.1",
        title: "Independent label noise keeps Σ = ∇L∇Lᵀ + 2L·G (now 2L = uᵀSu + s²), so μ ≥ 1 still holds",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "maxIdentityResidual",
        statement: Statement(
            """
            If y = F(θ*)ᵀx + ε with ε independent of x, E ε = 0 and Var ε = s², then for the over-parameterized linear \
            model under Gaussian inputs Σ = ∇L∇Lᵀ + 2L·G still holds, with 2L = uᵀSu + s². (Proof: E[(uᵀx − ε)² x xᵀ] = \
            E[(uᵀx)² x xᵀ] + s²·S, the cross term vanishing because E ε = 0 and ε is independent of x.)
            """,
            hypotheses: [Hypothesis("the label noise is independent of x (here ±1/2 with probability 1/2 each)", field: "labels")],
            construction: """
                WU-T2.1's check, unchanged, with the two-point noise ε = ±1/2 appended to the design as an independent \
                coordinate: the same 24 exact rational instances and the same Double/Float80 draws.
                """,
            setup: setup, samples: WU_T2_1.samples, check: WU_T2_1.check,
            controls: [.dropping("labels", name: "noise depending on x", """
                Replace ε by (1/2)(x₁² − 1), which has mean zero but grows with |x₁|: the identity fails.
                """) { $0.labels = .heteroscedastic(c: try! Rational(1, 2)) }])) // literal

    static var setup: WU_T2_1.Setup {
        var s = WU_T2_1.Setup()
        s.labels = .independent(s: try! Rational(1, 2)) // literal
        return s
    }
}
