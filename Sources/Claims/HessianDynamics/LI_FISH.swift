import Constructions
import Foundation
import Numerics

/// LI-FISH (§4.3, App. B.3): the Hessian and the gradient second moment agree in expectation — E[Hess f] = E[∇f∇fᵀ], the
/// Fisher identity — when the label is drawn from the model's own predictive distribution at the same θ, because
/// Σ_y Hess p(y|x, θ) = Hess Σ_y p(y|x, θ) = Hess 1 = 0. Exact for discrete labels at any θ and x; it is a statement about
/// the model's distribution, not about data labels or another θ.
enum LI_FISH {
    enum LabelSource: String, Codable, Sendable {
        case model = "y ~ p(·|x, θ), the model at the same θ"
        case perturbed = "y ~ p(·|x, θ′), θ′ = θ + 0.3·N(0, I)"
    }
    enum Loss: String, Codable, Sendable {
        case logLoss = "f_y = −log softmax(φ)_y, so e^{−f_y} is the model's probability"
        case squaredOnSoftmax = "f_y = ½‖softmax(φ) − e_y‖², e^{−f_y} not a normalised likelihood"
    }

    struct Setup: ClaimSetup {
        var labels = LabelSource.model
        var loss = Loss.logLoss
        var seed: UInt64 = 4018
    }

    static let samples = [SampleCount("instances", "random networks, parameters and inputs", quick: 200, full: 2_000)]

    static let claim = Claim(
        "LI-FISH", paper: Papers.hessianDynamics, location: "§4.3, Eqs. 14–16; App. B.3, Eqs. 60–64",
        title: "Fisher identity: with labels from the model itself, E[Hess f] = E[∇f∇fᵀ] and E[∇f] = 0, exactly, at every θ",
        expected: .holds, tiers: [.numerical], keyFigure: "fisherResidual",
        errata: [
            "E[∇f] = 0 is the score identity (differentiate Σ_y p = 1), not a consequence of an unbiased estimator.",
            "The pointwise identity Hess f = ∇f∇fᵀ − Hess p/p is the chain rule, not integration by parts; only E[Hess p/p] = 0 needs the derivative and the sum to commute (a finite sum here).",
            "Eq. 14 mixes sample and population notation (E_Z of an empirical M).",
            "ReLU's non-smoothness is no reason for the empirical H_f and M to differ: the identity holds almost everywhere; they differ because data labels are not drawn from the model at θ.",
        ],
        statement: Statement(
            """
            For a model p(y|x, θ) over finitely many labels, twice differentiable at θ, and f_y = −log p(y|x, θ): if \
            y ~ p(·|x, θ) then E_y[∇f_y] = 0 and E_y[Hess f_y] = E_y[∇f_y∇f_yᵀ], because Σ_y Hess p(y|x, θ) = 0. At a \
            different θ′ or with labels from data, E[Hess p/p] ≠ 0 in general.
            """,
            hypotheses: [
                Hypothesis("the labels are drawn from the model at the same θ", field: "labels"),
                Hypothesis("the loss is the negative log of a normalised likelihood", field: "loss"),
            ],
            construction: """
                Softmax networks [3, 4, 3, 3] and [2, 5, 4, 2] with ReLU, leaky ReLU and tanh in turn (seed 4018), θ ~ N(0, s²I) \
                shrunk layer by layer when a logit exceeds 5 in size (C7's bound, tightened), one input x ~ N(0, I). For every label y: f_y, ∇f_y by reverse mode and \
                Hess f_y by forward over reverse; weights w_y = e^{−f_y} at the label source's θ. Residual \
                ‖Σ_y w_y(Hess f_y − ∇f_y∇f_yᵀ)‖_max / max_y w_y(‖Hess f_y‖_max + ‖∇f_y‖²_∞) against 60(1 + Σ widths)ε/min_y q_y (one \
                sample, sums of that depth; q_y near 1 is known only to ε, so r = q − e_y is relatively ε/min q accurate); E[∇f] likewise.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("labels", name: "labels from another θ", "Weights p(y|x, θ′): E[Hess p/p] no longer vanishes.") { $0.labels = .perturbed },
                .dropping("loss", name: "squared error on the softmax", """
                    p := e^{−f} for f = ½‖q − e_y‖² is not normalised: Σ_y Hess e^{−f_y} ≠ 0 (catalog SIM-13: relative size 0.92).
                    """) { $0.loss = .squaredOnSoftmax },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)
        let architectures: [[Int]] = [[3, 4, 3, 3], [2, 5, 4, 2]]
        let activations: [MultilayerPerceptron.Activation] = [.relu, .leakyReLU(slope: 0.1), .tanh]
        var worst = 0.0, worstMean = 0.0, worstRaw = 0.0, redraws = 0
        var done = 0
        while done < (try context.count("instances")) {
            let widths = architectures[done % 2], activation = activations[done % 3]
            let lossKind: MultilayerPerceptron.Loss = s.loss == .logLoss ? .softmaxCrossEntropy : .squaredErrorOnSoftmax
            let net = try MultilayerPerceptron(widths: widths, activation: activation, loss: lossKind)
            let ce = try MultilayerPerceptron(widths: widths, activation: activation, loss: .softmaxCrossEntropy)
            let x = (0..<widths[0]).map { _ in rng.normal() }
            var theta = (0..<net.parameterCount).map { _ in (0.3 + 1.2 * rng.uniform()) * rng.normal() }
            let probe = try MultilayerPerceptron.Data(inputs: [x], classes: [0], classCount: widths.last!)
            let top = Vector.maxAbs(try net.outputs(theta, data: probe, sample: 0))
            if top > 5 { theta = theta.map { $0 * Double.pow(5 / top, 1 / Double(widths.count - 1)) } }
            let smooth = activation == .tanh ? true : try LI_P1.isSmooth(net, theta, probe)
            guard smooth else {
                redraws += 1
                guard redraws <= 100 * (done + 1) else { throw NumericsError.invalidArgument(operation: "LI-FISH", detail: "too many draws near a kink") }
                continue
            }
            let source = s.labels == .model ? theta : theta.map { $0 + 0.3 * rng.normal() }
            let k = widths.last!, p = net.parameterCount
            var residual = [Double](repeating: 0, count: p * p), mean = [Double](repeating: 0, count: p)
            var scale = 0.0, gradScale = 0.0, smallest = 1.0
            for y in 0..<k {
                let data = try MultilayerPerceptron.Data(inputs: [x], classes: [y], classCount: k)
                let (_, g) = try net.lossAndGradient(theta, data: data)
                let h = try net.hessian(theta, data: data)
                // The weight: e^{−f_y} at the label source (for the log-loss, the model's probability of y there).
                let w = s.loss == .logLoss ? exp(-(try ce.meanLoss(source, data: data))) : exp(-(try net.meanLoss(source, data: data)))
                for a in 0..<p {
                    mean[a] += w * g[a]
                    for b in 0..<p { residual[a * p + b] += w * (h[a, b] - g[a] * g[b]) }
                }
                scale = max(scale, w * (h.maxAbs + Vector.maxAbs(g) * Vector.maxAbs(g)))
                smallest = min(smallest, exp(-(try ce.meanLoss(theta, data: data))))
                gradScale = max(gradScale, w * Vector.maxAbs(g))
            }
            // q_y near 1 is known to ε absolutely, so r = q − e_y (and S = diag q − qqᵀ) carry relative errors up to ε/min_y q_y.
            let tol = 60 * Double(1 + widths.reduce(0, +)) * Double.ulpOfOne / smallest
            worstRaw = propagatingMax(worstRaw, Vector.maxAbs(residual) / scale)
            worst = propagatingMax(worst, Vector.maxAbs(residual) / scale / tol)
            worstMean = propagatingMax(worstMean, Vector.maxAbs(mean) / gradScale / tol)
            done += 1
        }
        e.add(Figure("fisherResidual", "max over instances of ‖E_y[Hess f_y − ∇f_y∇f_yᵀ]‖_max relative to the terms, in units of 60(1 + Σ widths)ε/min_y q_y", value: worst,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: E[Hess f] = E[∇f∇fᵀ] to rounding (largest relative residual \(String(format: "%.1e", worstRaw)); catalog SIM-1b: 1.2e-15 to 2.0e-13)"))
        e.add(Figure("scoreMean", "max over instances of ‖E_y[∇f_y]‖_∞ relative to max_y w_y‖∇f_y‖_∞, same units", value: worstMean, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the score has mean 0 under the model"))
        e.summary = "Under labels drawn from the model at the same θ, E[Hess f] = E[∇f∇fᵀ] and E[∇f] = 0 to rounding, for ReLU, leaky ReLU and tanh networks."
        return e
    }
}
