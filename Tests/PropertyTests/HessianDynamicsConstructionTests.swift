import Constructions
import Numerics
import Testing
import TestSupport

/// The model code's softmax log-loss (DualTests.swift has a test-local type of the same name).
private typealias LogLoss = Constructions.SoftmaxCrossEntropy

/// Laws and hostile inputs of the paper-004 model code: the softmax log-loss, the gradient moments and the Table 1 models.
@Suite("Paper 004 constructions: softmax log-loss, gradient moments, Table 1 models")
struct HessianDynamicsConstructionTests {
    @Test("softmax log-loss refuses bad input with typed errors")
    func softmaxErrors() throws {
        #expect(thrownKind { try LogLoss.logSumExp([Double]()) } == "empty")
        #expect(thrownKind { try LogLoss.loss(logits: [1.0, 2], label: 2) } == "invalidArgument")
        #expect(thrownKind { try LogLoss.loss(logits: [1.0, -1], label: -1) } == "invalidArgument")
        #expect(thrownKind { try LogLoss.probabilities([1.0, .nan]) } == "nonFinite")
        #expect(thrownKind { try LogLoss.logSumExp([1.0, .infinity]) } == "nonFinite")
        #expect(thrownKind { try LogLoss.residual(probabilities: [Rational](), label: 0) } == "empty")
        #expect(thrownKind { try LogLoss.Loss(classes: 0, label: 0) } == "invalidArgument")
        #expect(thrownKind { try LogLoss.Loss(classes: 3, label: 0)([1.0, 2]) } == "dimensionMismatch")
    }

    @Test("the loss is shift invariant, ≥ 0, and finite while it is representable, logits near the overflow threshold included (seeds 0…199)")
    func softmaxLaws() throws {
        for seed in UInt64(0)..<200 {
            var rng = SeededGenerator(seed: seed)
            let k = 2 + (try rng.int(below: 6)), y = try rng.int(below: k)
            let z = (0..<k).map { _ in 30 * (2 * rng.uniform() - 1) }
            let shift = 1_000 * (2 * rng.uniform() - 1)
            let l0 = try LogLoss.loss(logits: z, label: y)
            let l1 = try LogLoss.loss(logits: z.map { $0 + shift }, label: y)
            // Shifting rounds each logit by ≤ u(|shift| + 30) and ℓ changes by at most twice that (‖q − e_y‖₁ ≤ 2); each
            // evaluation adds ≲ (k + 4)ε(1 + 2 max|z|). Both are covered by 60(k + 4)ε(1 + 2|shift| + 60).
            let scale: Double = 1 + 2 * abs(shift) + 60
            let bound: Double = 60 * Double(k + 4) * Double.ulpOfOne * scale
            #expect(abs(l0 - l1) <= bound, "seed \(seed)")
            #expect(l0 >= 0, "seed \(seed)")
            let q = try LogLoss.probabilities(z)
            #expect(abs(q.reduce(0, +) - 1) <= Double(k + 2) * Double.ulpOfOne, "seed \(seed)")
        }
        // The loss itself is max z − z_y + O(log k): it is representable (and computed) while that difference is.
        for z in [[1e307, -1e307], [-1e308, -1e308, 0], [800.0, -800, 0]] {
            for y in z.indices { #expect(try LogLoss.loss(logits: z, label: y).isFinite, "\(z) label \(y)") }
        }
    }

    @Test("gradient moments: M = Σ + μμᵀ exactly (seeds 0…49); empty and ragged input refused")
    func gradientMoments() throws {
        for seed in UInt64(0)..<50 {
            var rng = SeededGenerator(seed: seed)
            let n = 1 + (try rng.int(below: 6)), p = 1 + (try rng.int(below: 4))
            let g = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 13) - 6) } }
            let m = try GradientMoments(gradients: g)
            let sum = try Exact.add(m.covariance, try Exact.outer(m.mean, m.mean))
            #expect(try Exact.maxAbsDifference(sum, m.secondMoment).isZero, "seed \(seed)")
        }
        #expect(thrownKind { try GradientMoments(gradients: [[Double]]()) } == "empty")
        #expect(thrownKind { try GradientMoments(gradients: [[1.0, 2], [3.0]]) } == "dimensionMismatch")
    }

    @Test("Table 1 models refuse bad input; the logistic probabilities keep relative accuracy at large margins")
    func tableModels() throws {
        let data = try LeastSquaresProblem(features: [[1, 2], [3, 4]], targets: [1, 0])
        for v in [0.0, -1, .nan, .infinity] { #expect(thrownKind { try GaussianLinearRegression(data: data, variance: v) } == "invalidArgument", "\(v)") }
        #expect(thrownKind { try GaussianLinearRegression(data: data, variance: 1).closedForms(at: [Rational(1)]) } == "dimensionMismatch")
        #expect(thrownKind { try BinaryLogisticRegression(features: [[1, 2]], labels: [2]) } == "invalidArgument")
        #expect(thrownKind { try BinaryLogisticRegression(features: [[1, .nan]], labels: [1]) } == "nonFinite")
        #expect(thrownKind { try BinaryLogisticRegression(features: [[1, 2], [1]], labels: [1, 0]) } == "dimensionMismatch")
        #expect(thrownKind { try BinaryLogisticRegression(features: [], labels: []) } == "empty")
        let model = try BinaryLogisticRegression(features: [[1.0]], labels: [1])
        for u in [-745.0, -40, -1, 0, 1, 40, 745] {
            let (q, c) = model.labelProbability(0, [u])
            #expect(q.isFinite && c.isFinite && q >= 0 && c >= 0, "u \(u)")
            // The complement is s(−u) itself, not 1 − s(u): for u = 40 it is e^{−40}/(1 + e^{−40}) to a few ulps.
            if u == 40 { #expect(abs(c - Double.exp(-40) / (1 + Double.exp(-40))) <= 4 * Double.ulpOfOne * c) }
        }
    }
}
