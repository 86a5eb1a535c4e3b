import Constructions
import Foundation
import Numerics
import TestSupport
import Testing

/// The Bernoulli kl and its upper inverse, and the logistic-regression pieces of LI-T4's coverage check.
@Suite("PAC-Bayes-kl and intercept logistic regression")
struct PACBayesTests {
    @Test("kl(q ‖ p): zero on the diagonal, closed forms at the ends, +∞ where p leaves q's support; typed errors outside [0, 1]")
    func divergence() throws {
        for q in [0.0, 0.1, 0.5, 0.93, 1] { #expect(try PACBayesKL.divergence(q, q) == 0) }
        #expect(abs(try PACBayesKL.divergence(0, 0.3) + log(0.7)) <= 4 * Double.ulpOfOne)
        #expect(abs(try PACBayesKL.divergence(0, 0.5) - log(2)) <= 4 * Double.ulpOfOne)
        #expect(try PACBayesKL.divergence(0.2, 0) == .infinity)
        #expect(try PACBayesKL.divergence(0.2, 1) == .infinity)
        #expect(thrownKind { try PACBayesKL.divergence(-0.1, 0.5) } == "invalidArgument")
        #expect(thrownKind { try PACBayesKL.divergence(0.5, .nan) } == "invalidArgument")
        #expect(thrownKind { try PACBayesKL.upperInverse(empirical: 0.3, budget: -1) } == "invalidArgument")
        #expect(thrownKind { try PACBayesKL.upperInverse(empirical: 1.5, budget: 1) } == "invalidArgument")
    }

    @Test("the upper inverse is the largest p with kl(q ‖ p) ≤ budget: the next Double up exceeds it (200 random pairs)")
    func upperInverse() throws {
        var rng = SeededGenerator(seed: 41)
        for _ in 0..<200 {
            let q = rng.uniform(), c = Double.pow(10, -4 + 4 * rng.uniform())
            let p = try PACBayesKL.upperInverse(empirical: q, budget: c)
            #expect(p >= q && p <= 1)
            #expect(try PACBayesKL.divergence(q, p) <= c)
            if p < 1 { #expect(try PACBayesKL.divergence(q, p.nextUp) > c || p.nextUp == 1) }
        }
        #expect(try PACBayesKL.upperInverse(empirical: 0, budget: log(2)) == 0.5 || abs(try PACBayesKL.upperInverse(empirical: 0, budget: log(2)) - 0.5) <= 2 * Double.ulpOfOne)
    }

    static func blobs(n: Int, d: Int, separation: Double, seed: UInt64) throws -> InterceptLogisticRegression {
        var rng = SeededGenerator(seed: seed)
        let y = (0..<n).map { _ in rng.next() & 1 == 0 ? -1.0 : 1.0 }
        let x = y.map { label in (0..<d).map { j in (j == 0 ? label * separation : 0) + rng.normal() } }
        return try InterceptLogisticRegression(inputs: x, labels: y)
    }

    @Test("Newton's minimiser has a gradient at rounding level (‖∇f‖ ≤ 64·(n + p)·ε·mean‖x̃‖·(1 + mean‖x̃‖·‖θ‖)); separable data is refused")
    func newton() throws {
        for seed in UInt64(0)..<10 {
            let model = try Self.blobs(n: 200, d: 4, separation: 0.8, seed: 100 + seed)
            let theta = try model.newtonMinimiser()
            let (g, _) = try model.gradientAndHessian(theta)
            let scale = (0..<model.count).map { i in Vector.norm2(Array(model.features[(i * 5)..<(i * 5 + 5)])) }.reduce(0, +) / Double(model.count)
            // The gradient is a mean of n terms of size ≤ ‖x̃_i‖ formed from p-term margins: its rounding is ≲ (n + p)·ε·mean‖x̃‖;
            // θ itself is known to ε·‖θ‖ and the curvature is ≤ ¼·mean‖x̃‖², adding ≤ ε·‖θ‖·mean‖x̃‖². 64 is LAPACK's slack.
            #expect(Vector.norm2(g) <= 64 * Double(model.count + 5) * Double.ulpOfOne * scale * (1 + scale * Vector.norm2(theta)))
        }
        let separable = try InterceptLogisticRegression(inputs: [[-2], [-1], [1], [2]], labels: [-1, -1, 1, 1])
        #expect(thrownKind { try separable.newtonMinimiser() } == "noConvergence")
    }

    @Test("the minimum-norm interpolant has every margin 1 to rounding; dependent rows are refused")
    func interpolant() throws {
        let model = try Self.blobs(n: 30, d: 60, separation: 0, seed: 7)
        let theta = try model.minimumNormInterpolant()
        // LAPACK-style backward error of the Gram solve Gc = y behind θ = X̃ᵀc: ‖X̃θ − y‖ ≤ 60·n·ε·‖G‖_F·‖c‖.
        let n = model.count, p = model.parameterCount
        let rows = (0..<n).map { Array(model.features[($0 * p)..<($0 * p + p)]) }
        let gram = try Matrix(rows.map { a in rows.map { b in zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } } })
        let c = try Cholesky(gram).solve(model.labels)
        let residual = Vector.norm2((0..<n).map { i in zip(rows[i], theta).reduce(0.0) { $0 + $1.0 * $1.1 } - model.labels[i] })
        #expect(residual <= 60 * Double(n) * Double.ulpOfOne * gram.frobeniusNorm * Vector.norm2(c))
        let tall = try Self.blobs(n: 10, d: 2, separation: 1, seed: 8)
        #expect(thrownKind { try tall.minimumNormInterpolant() } == "notPositiveDefinite")
    }

    @Test("the exact Gibbs error matches 40,000 posterior draws within 4.5 standard errors")
    func gibbsError() throws {
        let model = try Self.blobs(n: 50, d: 3, separation: 1, seed: 9)
        var rng = SeededGenerator(seed: 10)
        let theta = (0..<4).map { _ in rng.normal() }, v = (0..<4).map { _ in 0.5 * rng.uniform() }
        let exact = try model.gibbsError(theta, posteriorVariance: v)
        var wrong = 0
        let draws = 40_000
        for _ in 0..<(draws / model.count) {
            let w = (0..<4).map { theta[$0] + v[$0].squareRoot() * rng.normal() }
            for i in 0..<model.count {
                let u = (0..<4).reduce(0.0) { $0 + w[$1] * model.features[i * 4 + $1] }
                if model.labels[i] * u < 0 { wrong += 1 }
            }
        }
        // Draws of one w are correlated across the 50 points; the standard error uses the 800 independent w's:
        // each w's error fraction lies in [0, 1], so its SD is ≤ ½ and the mean's SE ≤ 0.5/√800.
        let independentDraws = Double(draws / model.count)
        let standardError = 0.5 / independentDraws.squareRoot()
        let sampled = Double(wrong) / Double(draws)
        #expect(abs(sampled - exact) <= 4.5 * standardError)
        var deterministicWrong = 0
        for i in 0..<model.count {
            var u = 0.0
            for j in 0..<4 { u += theta[j] * model.features[i * 4 + j] }
            if model.labels[i] * u < 0 { deterministicWrong += 1 }
        }
        let zero: [Double] = [0, 0, 0, 0]
        #expect(try model.gibbsError(theta, posteriorVariance: zero) == Double(deterministicWrong) / Double(model.count))
        #expect(thrownKind { try model.gibbsError(theta, posteriorVariance: [1, 1, -1, 1]) } == "invalidArgument")
        #expect(thrownKind { try model.gibbsError([1, 2], posteriorVariance: v) } == "dimensionMismatch")
    }

    @Test("bad input: labels other than ±1, ragged rows, NaN, mismatched counts, no samples")
    func badInput() {
        #expect(thrownKind { try InterceptLogisticRegression(inputs: [[1], [2]], labels: [1, 0]) } == "invalidArgument")
        #expect(thrownKind { try InterceptLogisticRegression(inputs: [[1], [2, 3]], labels: [1, -1]) } == "dimensionMismatch")
        #expect(thrownKind { try InterceptLogisticRegression(inputs: [[1], [.nan]], labels: [1, -1]) } == "nonFinite")
        #expect(thrownKind { try InterceptLogisticRegression(inputs: [[1], [2]], labels: [1]) } == "dimensionMismatch")
        #expect(thrownKind { try InterceptLogisticRegression(inputs: [], labels: []) } == "empty")
    }

    @Test("Gaussian KL: the one-dimensional closed form, zero for equal laws, singular covariances and mismatched sizes refused")
    func gaussianKL() throws {
        let t = try GaussianKL.terms(mean1: [1], covariance1: Matrix.diagonal([2]), mean0: [0.5], covariance0: Matrix.diagonal([3]))
        let expected = 0.5 * (2.0 / 3 + 0.25 / 3 - 1 + log(3.0 / 2))
        #expect(abs(t.divergence - expected) <= 60 * Double.ulpOfOne * t.magnitude)
        let s = try Matrix([[2.0, 0.5], [0.5, 1]])
        #expect(abs(try GaussianKL.terms(mean1: [1, 2], covariance1: s, mean0: [1, 2], covariance0: s).divergence) <= 60 * 2 * Double.ulpOfOne * 4)
        // Exactly singular: Cholesky fails outright. Singular to rounding (pivot² = ε ≤ 4·p·ε·max diagonal): refused too.
        let singular = try Matrix([[1.0, 1], [1, 1]])
        #expect(thrownKind { try GaussianKL.terms(mean1: [0, 0], covariance1: singular, mean0: [0, 0], covariance0: s) } == "notPositiveDefinite")
        let nearly = try Matrix([[1.0, 1], [1, 1 + Double.ulpOfOne]])
        #expect(thrownKind { try GaussianKL.terms(mean1: [0, 0], covariance1: nearly, mean0: [0, 0], covariance0: s) } == "singular")
        #expect(thrownKind { try GaussianKL.terms(mean1: [0, 0], covariance1: s, mean0: [0], covariance0: s) } == "dimensionMismatch")
    }

    @Test("closed forms: a loss other than softmax cross-entropy, a wrong θ length and value targets are refused")
    func closedFormsBadInput() throws {
        let squared = try MultilayerPerceptron(widths: [2, 3, 2], activation: .relu, loss: .squared)
        let data = try MultilayerPerceptron.Data(inputs: [[1, 2]], classes: [1], classCount: 2)
        #expect(thrownKind { try SoftmaxCrossEntropyClosedForms(net: squared, theta: [Double](repeating: 0.1, count: squared.parameterCount), data: data) } == "invalidArgument")
        let net = try MultilayerPerceptron(widths: [2, 3, 2], activation: .relu, loss: .softmaxCrossEntropy)
        #expect(thrownKind { try SoftmaxCrossEntropyClosedForms(net: net, theta: [0.1, 0.2], data: data) } == "dimensionMismatch")
        let values = try MultilayerPerceptron.Data(inputs: [[1, 2]], values: [[0, 1]])
        #expect(thrownKind { try SoftmaxCrossEntropyClosedForms(net: net, theta: [Double](repeating: 0.1, count: net.parameterCount), data: values) } == "invalidArgument")
    }
}
