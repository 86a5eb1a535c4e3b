import Constructions
import Numerics

/// WU-DEF-SETUP: square loss L_i = ½(f(x_i; θ) − y_i)², L = (1/n)ΣL_i, scalar outputs; so ∇L = (1/n)Σe_i·∇f(x_i; θ).
/// Checked exactly on deep linear networks (multilinear in θ, so unit-step central differences of L are exact).
enum WU_DEF_SETUP {
    struct Setup: ClaimSetup {
        /// The ½ in L_i (the gradient formula and every "2L" identity rely on it).
        var half = true
        var instances = 10
    }

    static let claim = Claim(
        "WU-DEF-SETUP", paper: Papers.linearStability, location: "§1, the setup",
        title: "Square loss with a ½: ∇L = (1/n)Σ e_i∇f(x_i; θ), exact against differences of L",
        expected: .definition, tiers: [.exact], keyFigure: "gradientMismatch",
        statement: Statement(
            """
            Training data (x_i, y_i), i = 1…n, with x_i ∈ ℝᵈ and scalar y_i; a model f(x; θ), θ ∈ ℝᵖ; per-sample loss \
            L_i(θ) = ½(f(x_i; θ) − y_i)² and L = (1/n)ΣL_i, so ∇L = (1/n)Σ_i e_i∇f(x_i; θ) with e_i = f(x_i; θ) − y_i. \
            Over-parameterized: a global minimum θ* interpolates (L(θ*) = 0).
            """,
            form: .definition,
            hypotheses: [Hypothesis("L_i carries the factor ½", field: "half")],
            construction: """
                10 deep linear networks d → m (→ m₂) → 1 (d ∈ 2…4, seed 81) with integer inputs and parameters on the grid \
                k/2: L is of degree ≤ 2 in each single parameter, so (L(θ + e_k) − L(θ − e_k))/2 is its exact partial \
                derivative; compared with (1/n)Σe_i g_i in rationals. Interpolation: L(θ*) = 0 at the teacher.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("half", name: "no ½ in L_i", "Without the ½, differences of L are twice (1/n)Σe_ig_i.") { $0.half = false }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 81)
        var mismatch = Rational.zero, teacherLoss = Rational.zero
        for k in 0..<s.instances {
            let (set, theta, teacher) = try OLMTrainingSet.randomDeepLinear(n: 4, d: 2 + k % 3, depth: 2 + k % 2, realizable: true, using: &rng)
            let formula = try set.sample(theta).moments().gradient
            let numeric = try ExactDifferences.gradient({ try set.loss($0, half: s.half) }, at: theta)
            mismatch = max(mismatch, try zip(formula, numeric).map { try ($0 - $1).magnitude }.max() ?? .zero)
            teacherLoss = max(teacherLoss, try set.loss(teacher))
        }
        e.add(.exact("gradientMismatch", "max |(1/n)Σe_ig_i − exact differences of L|", mismatch, requirement: .equals("0"), note: "0: ∇L = (1/n)Σe_i∇f_i"))
        e.add(.exact("teacherLoss", "max L(θ*) over the instances", teacherLoss, requirement: .equals("0"), note: "0: the teacher interpolates"))
        e.summary = "∇L = (1/n)Σe_i∇f_i exactly, and the teacher interpolates."
        return e
    }
}
