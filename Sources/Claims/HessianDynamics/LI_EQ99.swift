import Constructions
import Foundation
import Numerics

/// LI-EQ99 (App. H, Eq. 99): when f∘A = f for an invertible A, the gradient and the Hessian transform covariantly,
/// ∇f(Aθ) = A⁻ᵀ∇f(θ) and H_f(Aθ) = A⁻ᵀH_f(θ)A⁻¹, and so do M and H_p. For the diagonal α-scale map the Hessian's
/// diagonal scales by 1/a_j² — and its eigenvalues are not invariant: sharpness can be made anything.
enum LI_EQ99 {
    typealias Setup = LI_C3.Setup

    static let samples = [SampleCount("instances", "LI-C3's random networks, data, parameters and α's (the first α = (3, 1/4, 4/3))", quick: 40, full: 400)]

    static let claim = Claim(
        "LI-EQ99", paper: Papers.hessianDynamics, location: "App. H, Eq. 99",
        title: "Under an α-scale map, ∇f, H_f, M and H_p transform as A⁻¹∇f and A⁻¹(·)A⁻¹; eigenvalues of H_f are not invariant",
        expected: .holds, tiers: [.numerical], keyFigure: "hessianTransform",
        errata: ["Eq. 99 needs f∘A = f, which the appendix does not state: it fails for tanh networks, for Πα ≠ 1 and for the printed bias scaling."],
        statement: Statement(
            """
            If f(Aθ) = f(θ) for every θ, with A invertible (here the diagonal α-scale map of a ReLU network with the \
            cumulative bias scaling and Πα = 1), then ∇f(Aθ) = A⁻ᵀ∇f(θ), H_f(Aθ) = A⁻ᵀH_f(θ)A⁻¹, and M and H_p transform like \
            H_f; in particular H_f(Aθ)_jj = H_f(θ)_jj/a_j².
            """,
            hypotheses: [
                Hypothesis("the activation is positively homogeneous (ReLU, leaky ReLU)", field: "activation"),
                Hypothesis("biases scale by the cumulative product α_1⋯α_l", field: "biasRule"),
                Hypothesis("Πα_l = 1", field: "alphaProduct"),
            ],
            construction: """
                LI-C3's instances (seed 4013): [3, 4, 3, 3] ReLU / leaky ReLU networks with softmax cross-entropy on n = 6 \
                points, α_1, α_2 log-uniform in [1/8, 8]. ∇f, H_f, M and H_p are computed from scratch at θ and at Aθ (reverse \
                mode; forward over reverse; LI-P1's H_p route) and compared entrywise: |a_ia_jX(Aθ)_ij − X(θ)_ij| against \
                60(n + Σ widths)ε·(max|X(θ)| + a_ia_j·max|X(Aθ)|) — each side's own rounding, carried through the scaling.
                """,
            setup: Setup(seed: 4013), samples: samples, check: check,
            controls: [
                .dropping("activation", name: "tanh network", "tanh is not positively homogeneous: f∘A ≠ f and the Hessian does not transform.") { $0.activation = .tanh },
                .dropping("alphaProduct", name: "Πα = 2", "With Πα = 2 the logits double: f∘A ≠ f.") { $0.alphaProduct = 2 },
                .dropping("biasRule", name: "naive bias scaling", "Biases scaled by α_l: the function changes.") { $0.biasRule = .naive },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let (all, _) = try LI_C3.instances(s, count: try context.count("instances"))
        var worst = (hessian: 0.0, gradient: 0.0, moment: 0.0, hp: 0.0)
        var sharpness: [Double] = [], first = (before: 0.0, after: 0.0, traceBefore: 0.0, traceAfter: 0.0)
        for (k, inst) in all.enumerated() {
            let p = inst.net.parameterCount
            let a = try AlphaScaling.coordinateScales(alphas: inst.freeAlphas + [s.alphaProduct / (inst.freeAlphas[0] * inst.freeAlphas[1])], biasRule: s.biasRule,
                                                      widths: LI_C3.widths)
            let moved = (0..<p).map { a[$0] * inst.theta[$0] }
            let before = try LI_P1.parts(LI_P1.Setup(), widths: LI_C3.widths, activation: inst.net.activation, data: inst.data, theta: inst.theta)
            let after = try LI_P1.parts(LI_P1.Setup(), widths: LI_C3.widths, activation: inst.net.activation, data: inst.data, theta: moved)
            let unit = LI_P1.tolerance(LI_C3.widths, n: LI_C3.n, epsilon: Double.ulpOfOne)
            func matrixUnits(_ x: Matrix<Double>, _ y: Matrix<Double>) -> Double {
                var w = 0.0
                for i in 0..<p { for j in 0..<p {
                    let scaled = a[i] * a[j]
                    w = propagatingMax(w, abs(scaled * y[i, j] - x[i, j]) / (unit * (x.maxAbs + scaled * y.maxAbs)))
                } }
                return w
            }
            worst.hessian = propagatingMax(worst.hessian, matrixUnits(before.hf, after.hf))
            worst.moment = propagatingMax(worst.moment, matrixUnits(before.m, after.m))
            worst.hp = propagatingMax(worst.hp, matrixUnits(before.hp, after.hp))
            let g0 = try inst.net.lossAndGradient(inst.theta, data: inst.data).gradient, g1 = try inst.net.lossAndGradient(moved, data: inst.data).gradient
            let gScale = Vector.maxAbs(g0)
            for j in 0..<p { worst.gradient = propagatingMax(worst.gradient, abs(a[j] * g1[j] - g0[j]) / (unit * (gScale + a[j] * Vector.maxAbs(g1)))) }
            let l0 = try SymmetricEigendecomposition(before.hf).eigenvalues.max()!, l1 = try SymmetricEigendecomposition(after.hf).eigenvalues.max()!
            sharpness.append(l1 / l0)
            if k == 0 { first = (l0, l1, try before.hf.trace(), try after.hf.trace()) }
        }
        for (key, label, value) in [("hessianTransform", "H_f", worst.hessian), ("gradientTransform", "∇f", worst.gradient),
                                    ("secondMomentTransform", "M", worst.moment), ("probabilityCurvatureTransform", "H_p", worst.hp)] {
            e.add(Figure(key, "max over instances and entries of the \(label) transformation error, in units of 60(n + Σ widths)ε·(both sides' scales)", value: value,
                         tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1 (catalog SIM-2: 6.4e-16 relative for H_f, 1.5e-16 for ∇f)"))
        }
        let sorted = sharpness.sorted()
        e.add(Figure("sharpnessRange", "largest ratio λ_max(H_f(Aθ))/λ_max(H_f(θ)) over instances", value: sorted.last!, tier: .numerical, role: .reported,
                     tolerance: .relative(1e-9),
                     note: "not invariant: ratios from \(String(format: "%.3g", sorted.first!)) to \(String(format: "%.3g", sorted.last!)); first instance (α = (3, 1/4, 4/3)) λ_max \(String(format: "%.4g", first.before)) → \(String(format: "%.4g", first.after)), trace \(String(format: "%.4g", first.traceBefore)) → \(String(format: "%.4g", first.traceAfter)) (catalog, its own network: 4.795 → 18.757, 2.506 → 16.132)"))
        e.summary = "∇f, H_f, M and H_p transform covariantly under the corrected α-scale map to rounding, while λ_max(H_f) moves freely."
        return e
    }
}
