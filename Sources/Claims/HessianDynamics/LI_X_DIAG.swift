import Constructions
import Foundation
import Numerics

/// LI-X-DIAG (harness addition): for a ReLU network the Hessian's diagonal equals the Gauss–Newton diagonal and is ≥ 0 —
/// the logits are affine in each single coordinate at a fixed pattern. It makes diag H_f cheap (no second derivatives),
/// which the posterior of Assumption 2 and Fig. 11 need.
enum LI_X_DIAG {
    struct Setup: ClaimSetup {
        var activation = LI_C3.Activation.homogeneous
        var seed: UInt64 = 4012
    }

    static let samples = [SampleCount("instances", "random networks, parameters and data sets (LI-P1-CF's sampler)", quick: 60, full: 600)]

    static let claim = Claim(
        "LI-X-DIAG", paper: Papers.hessianDynamics, location: "§4.4 and §6 (harness addition)",
        title: "For ReLU networks diag(H_f) = diag(Gauss–Newton) ≥ 0",
        expected: .holds, tiers: [.numerical], keyFigure: "diagonalIsGaussNewton",
        errata: ["Not a statement of the paper; it makes its 10,000-run diagonal-Hessian statistics affordable and shows that the thresholding in Assumption 2 never meets a negative diagonal for ReLU networks."],
        statement: Statement(
            """
            For a network with a piecewise-linear activation and softmax cross-entropy, away from kinks, every diagonal entry \
            of H_f equals (1/n)Σ_i J_i[:, j]ᵀS_iJ_i[:, j] and so is ≥ 0.
            """,
            hypotheses: [Hypothesis("the activation is piecewise linear (ReLU, leaky ReLU), away from kinks (C4, checked)", field: "activation")],
            construction: """
                LI-P1-CF's networks (seed 4012), diag H_f from the forward-over-reverse Hessian against the closed-form \
                Gauss–Newton diagonal. Tolerance: 60(n + Σ widths)ε times the largest entry of either.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("activation", name: "tanh network", """
                tanh has curvature in every coordinate: the diagonal moves away from the Gauss–Newton diagonal and can be negative.
                """) { $0.activation = .tanh }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var cf = LI_P1_CF.Setup()
        cf.activation = s.activation; cf.seed = s.seed
        var worst = 0.0, negativity = 0.0, negatives = 0, entries = 0
        for inst in try LI_P1_CF.instances(cf, count: try context.count("instances")) {
            let h = try inst.net.hessian(inst.theta, data: inst.data)
            let gn = try SoftmaxCrossEntropyClosedForms(net: inst.net, theta: inst.theta, data: inst.data).gaussNewton
            let tol = LI_P1.tolerance(inst.net.widths, n: inst.data.count, epsilon: Double.ulpOfOne) * max(h.maxAbs, gn.maxAbs)
            for j in 0..<inst.net.parameterCount {
                worst = propagatingMax(worst, abs(h[j, j] - gn[j, j]) / tol)
                negativity = propagatingMax(negativity, max(0, -h[j, j]) / tol)
                if h[j, j] < -tol { negatives += 1 }
                entries += 1
            }
        }
        e.add(Figure("diagonalIsGaussNewton", "max over instances and coordinates of |H_jj − GN_jj|, in units of 60(n + Σ widths)ε·max entry", value: worst,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1 (catalog SIM-8: 2.8e-15 absolute)"))
        e.add(Figure("diagonalNegativity", "max over instances of −min_j H_jj in the same units", value: negativity, tier: .numerical, requirement: .atMost(1),
                     tolerance: .absolute(0.5), note: "≤ 1: no negative diagonal entry beyond rounding"))
        e.add(.count("negativeDiagonals", "diagonal entries below −tolerance (of \(entries))", negatives, role: .reported, note: "catalog: −3.2e-3 occurs for tanh"))
        e.summary = "The Hessian's diagonal is the Gauss–Newton diagonal, hence non-negative, to rounding on every ReLU / leaky ReLU instance."
        return e
    }
}
