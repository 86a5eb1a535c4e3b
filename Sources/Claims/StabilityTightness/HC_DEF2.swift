import Constructions
import Foundation
import Numerics

/// HC-DEF2: β-smooth means ‖∇f(u) − ∇f(v)‖ ≤ β‖u − v‖; for the quadratic ½wᵀAw − y·xᵀw, β = ‖A‖₂ = max |eigenvalue|.
/// Checked on a rotated A (no diagonal shortcut): the eigensolver's β and 10⁴ sampled difference quotients.
enum HC_DEF2 {
    enum Declared: String, Codable, Sendable { case spectralNorm = "‖A‖₂", halved = "‖A‖₂/2" }

    struct Setup: ClaimSetup {
        var declared = Declared.spectralNorm
        var eigenvalues: [Double] = [1, 0.5, -0.25]
    }

    static let samples = [SampleCount("pairs", "random pairs (u, v) for the difference quotient", quick: 10_000, full: 1_000_000)]

    static let claim = Claim(
        "HC-DEF2", paper: Papers.stabilityTightness, location: "§2, Definition 2",
        title: "β-smooth: ‖∇f(u) − ∇f(v)‖ ≤ β‖u − v‖, with β = ‖A‖₂ for the quadratic constructions",
        expected: .definition, tiers: [.numerical], keyFigure: "maxQuotientOverBeta",
        errata: ["Definition 2 is printed with |·| on the left-hand side; read the Euclidean norm of the gradient difference."],
        statement: Statement(
            "f is β-smooth if ‖∇f(u) − ∇f(v)‖ ≤ β‖u − v‖ for all u, v; for f(w; z) = ½wᵀAw − y·xᵀw the smallest β is ‖A‖₂ = max |eigenvalue of A|.",
            form: .definition,
            hypotheses: [Hypothesis("β is the spectral norm computed by the symmetric eigensolver", field: "declared")],
            construction: """
                A = Q·diag(1, 1/2, −1/4)·Qᵀ with Q a random rotation (seed 5), so no entry reveals the eigenvalues. β from the \
                eigensolver must equal 1 within 10·d·ε·‖A‖_F; the difference quotients ‖A(u − v)‖/‖u − v‖ on random Gaussian \
                pairs must stay ≤ β(1 + 16ε) (a matrix–vector product and two norms round at most 16 times per entry).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("declared", name: "β halved", "Declare β = ‖A‖₂/2: sampled quotients near 1 exceed it.") { $0.declared = .halved }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 5)
        let d = s.eigenvalues.count
        // Q from the eigenvectors of a random symmetric matrix (orthogonal to rounding).
        let q = try SymmetricEigendecomposition(try Matrix<Double>.randomSymmetric(d, using: &rng)).eigenvectors
        var a = try Matrix<Double>(rows: d, columns: d)
        for i in 0..<d { for j in 0..<d { for k in 0..<d { a[i, j] += q[i, k] * s.eigenvalues[k] * q[j, k] } } }
        a = try a.requireSymmetric("HC-DEF2 A")
        let eig = try SymmetricEigendecomposition(a).eigenvalues.map(abs).max() ?? 0
        let normF = a.frobeniusNorm
        // The spectral norm of Q·diag(λ)·Qᵀ is max |λ_k| (1 for the default eigenvalues).
        let expected = s.eigenvalues.map(abs).max() ?? 0
        e.add(Figure("spectralNormError", "|β from the eigensolver − max_k |λ_k|| / (10·d·ε·‖A‖_F)", value: abs(eig - expected) / (10 * Double(d) * Double.ulpOfOne * normF),
                     tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5), note: "the eigensolver recovers ‖A‖₂ = 1"))
        let beta = eig * (s.declared == .spectralNorm ? 1 : 0.5)
        var worst = 0.0
        for _ in 0..<(try context.count("pairs")) {
            let u = (0..<d).map { _ in rng.normal() }, v = (0..<d).map { _ in rng.normal() }
            let diff = zip(u, v).map { $0 - $1 }
            worst = max(worst, Vector.norm2(try a.applied(to: diff)) / Vector.norm2(diff))
        }
        e.add(Figure("maxQuotientOverBeta", "max ‖∇f(u) − ∇f(v)‖/‖u − v‖ over the pairs, / (β(1 + 16ε))", value: worst / (beta * (1 + 16 * Double.ulpOfOne)),
                     tier: .numerical, requirement: .atMost(1), tolerance: .relative(1e-9), note: "≤ 1: β bounds every sampled quotient"))
        e.summary = "The eigensolver recovers β = ‖A‖₂ and every sampled difference quotient stays below it."
        return e
    }
}
