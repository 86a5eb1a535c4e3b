import Constructions
import Foundation
import Numerics
import TestSupport
import Testing

@Suite("Paper 001 constructions: rank tests, DLN gradients, landscapes, gap terms")
struct BootstrapConstructionTests {
    @Test("Exact rank tests match hand-computed values")
    func rankTests() throws {
        // All 5 differences positive: W⁺ = 15, p = 1/32.
        let w = try RankTests.wilcoxonSignedRank([0.3, 1.2, 0.7, 2.5, 0.1])
        #expect(w.n == 5 && w.wPlus == 15 && abs(w.pValue - 1.0 / 32) < 1e-15)
        // Zeros are dropped; all zeros give p = 1.
        #expect(try RankTests.wilcoxonSignedRank([0, 0, 0]).pValue == 1)
        // Sign test: 10 of 10 → 2⁻¹⁰.
        #expect(abs(try RankTests.signTestPValue(wins: 10, trials: 10) - 1.0 / 1024) < 1e-14)
        // Clopper–Pearson, 0 of n: upper = 1 − (α/2)^{1/n}.
        let cp = try RankTests.clopperPearson(successes: 0, trials: 160, level: 0.999)
        #expect(cp.lower == 0 && abs(cp.upper - (1 - pow(0.0005, 1.0 / 160))) < 1e-9)
        // Student t: t_4(0.975) = 2.776445, t_1(0.975) = 12.7062 (tables), large ν → normal.
        #expect(abs(try RankTests.studentTQuantile(0.975, degreesOfFreedom: 4) - 2.7764451) < 1e-6)
        #expect(abs(try RankTests.studentTQuantile(0.975, degreesOfFreedom: 1) - 12.7062047) < 1e-5)
        #expect(abs(try RankTests.studentTQuantile(0.975, degreesOfFreedom: 100_000) - 1.959964) < 1e-4)
        #expect(try RankTests.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(try RankTests.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
    }

    @Test("Rank tests reject bad input with typed errors")
    func rankTestsBadInput() {
        #expect(thrownKind { try RankTests.clopperPearson(successes: 3, trials: 2, level: 0.99) } == "invalidArgument")
        #expect(thrownKind { try RankTests.clopperPearson(successes: 0, trials: 0, level: 0.99) } == "invalidArgument")
        #expect(thrownKind { try RankTests.wilcoxonSignedRank([1, .nan]) } == "nonFinite")
        #expect(thrownKind { try RankTests.spearman([1, 2], [1]) } == "dimensionMismatch")
        #expect(thrownKind { try RankTests.studentTQuantile(0.3, degreesOfFreedom: 3) } == "invalidArgument")
        #expect(thrownKind { try RankTests.studentTCDF(1, degreesOfFreedom: 0) } == "invalidArgument")
    }

    @Test("DLN closed-form regularizer gradients match central differences of Γ and ‖g_j − ḡ‖²", arguments: [UInt64(1), 2, 3])
    func dlnGradients(seed: UInt64) throws {
        let data = try SparseRegressionData(seed: seed, n: 6, d: 5, k: 2)
        var rng = SeededGenerator(seed: 40 + seed)
        let u = (0..<5).map { _ in 0.5 + 0.3 * rng.normal() }, v = (0..<5).map { _ in 0.2 + 0.3 * rng.normal() }
        let j = 2, h = 1e-6
        for (l1, l2) in [(1.0, 0.0), (0.0, 1.0)] {
            let g = try DiagonalLinearNetwork.regularizerGradient(data, u: u, v: v, index: j, lambda1: l1, lambda2: l2)
            func f(_ uu: [Double], _ vv: [Double]) -> Double {
                l1 * DiagonalLinearNetwork.gradientVariance(data, u: uu, v: vv) + l2 * DiagonalLinearNetwork.sampleDeviation(data, u: uu, v: vv, index: j)
            }
            for k in 0..<5 {
                var up = u, um = u; up[k] += h; um[k] -= h
                var vp = v, vm = v; vp[k] += h; vm[k] -= h
                let du = (f(up, v) - f(um, v)) / (2 * h), dv = (f(u, vp) - f(u, vm)) / (2 * h)
                // Central differences: truncation O(h²) and rounding O(ε·|f|/h) ≈ 10⁻⁹ relative here.
                #expect(abs(du - g.u[k]) <= 1e-6 * max(1, abs(du)), "λ = (\(l1), \(l2)), ∂u_\(k)")
                #expect(abs(dv - g.v[k]) <= 1e-6 * max(1, abs(dv)), "λ = (\(l1), \(l2)), ∂v_\(k)")
            }
        }
    }

    @Test("Three steps of the blocked training loop follow the unfused closed-form gradient, for d and N on and off the block sizes",
          arguments: [3, 4, 5, 8, 11])
    func dlnTrainingBlocks(d: Int) throws {
        let data = try SparseRegressionData(seed: UInt64(d), n: 2 * d, d: d, k: 2) // N = 6 … 22: on and off the row block of 8
        for (l1, l2) in [(0.3, 0.2), (0.0, 0.4)] {
            let cfg = DiagonalLinearNetwork.Configuration(learningRate: 0.02, steps: 3, lambda1: l1, lambda2: l2, initialScale: 0.6)
            let net = try DiagonalLinearNetwork(data: data, configuration: cfg)
            let indices = [2, 5, 0]
            let run = try net.train(indices: indices)
            var u = Array(repeating: 0.6, count: d), v = u
            for j in indices {
                let g = try net.gradient(u: u, v: v, index: j)
                for k in 0..<d { u[k] -= 0.02 * g.u[k]; v[k] -= 0.02 * g.v[k] }
            }
            for k in 0..<d {
                #expect(abs(run.u[k] - u[k]) <= 1e-12 * (1 + abs(u[k])), "d = \(d), λ₁ = \(l1), k = \(k)")
                #expect(abs(run.v[k] - v[k]) <= 1e-12 * (1 + abs(v[k])), "d = \(d), λ₁ = \(l1), k = \(k)")
            }
        }
    }

    @Test("The DLN training loop takes the closed-form step; a diverging rate is reported as divergence, never as a number")
    func dlnTraining() throws {
        let data = try SparseRegressionData(seed: 1, n: 8, d: 6, k: 2)
        let cfg = DiagonalLinearNetwork.Configuration(learningRate: 0.01, steps: 1, lambda1: 0.3, lambda2: 0.2, initialScale: 0.7)
        let net = try DiagonalLinearNetwork(data: data, configuration: cfg)
        let one = try net.train(indices: [3])
        let g = try net.gradient(u: Array(repeating: 0.7, count: 6), v: Array(repeating: 0.7, count: 6), index: 3)
        for k in 0..<6 {
            #expect(abs(one.u[k] - (0.7 - 0.01 * g.u[k])) < 1e-12)
            #expect(abs(one.v[k] - (0.7 - 0.01 * g.v[k])) < 1e-12)
        }
        let big = try DiagonalLinearNetwork(data: try SparseRegressionData(seed: 1), configuration: .init(learningRate: 5, steps: 1000, initialScale: 1))
        let run = try big.train(indices: try DiagonalLinearNetwork.indexStream(n: 40, steps: 1000, seed: 1))
        #expect(run.outcome == .diverged && run.testLoss == nil && run.theta == nil && run.divergedAt != nil)
    }

    @Test("Constructions reject bad input with typed errors naming the argument")
    func badInput() throws {
        let data = try SparseRegressionData(seed: 1, n: 4, d: 3, k: 1)
        func detail(_ body: () throws -> Void) -> String { numericsError(body).map { "\($0)" } ?? "none" }
        #expect(detail { _ = try SparseRegressionData(seed: 1, n: 1) }.contains("N = 1"))
        #expect(detail { _ = try DiagonalLinearNetwork(data: data, configuration: .init(learningRate: 0, steps: 10)) }.contains("learning rate"))
        #expect(detail { _ = try DiagonalLinearNetwork(data: data, configuration: .init(learningRate: 0.1, steps: 10, lambda1: -1)) }.contains("λ₁"))
        #expect(detail { _ = try DiagonalLinearNetwork(data: data, configuration: .init(learningRate: 0.1, steps: 10, lambda2: -0.5)) }.contains("λ₂"))
        #expect(thrownKind { try SparseRegressionData(features: [1, .nan, 0, 0, 0, 0], n: 2, d: 3, thetaStar: [1, 0, 0]) } == "nonFinite")
        #expect(detail { _ = try EnumeratedOneDimensionalGap.terms(n: 1, ridge: .zero, population: try EnumeratedOneDimensionalGap.defaultPopulation()) }.contains("N = 1"))
        #expect(detail { _ = try EnumeratedOneDimensionalGap.terms(n: 2, ridge: Rational(-1), population: try EnumeratedOneDimensionalGap.defaultPopulation()) }.contains("ridge"))
        #expect(detail { _ = try GaussianLeastSquaresGap.exactGap(n: 6, d: 5, noiseVariance: .one) }.contains("N > d + 1"))
        #expect(detail { _ = try PoissonGapQuadrature.terms(n: 1, nodes: 10) }.contains("N = 1"))
        #expect(detail { _ = try EpochExpansion.meanIterate(try BootstrapFixtures.leastSquares().prefix(4), start: [.zero, .zero], batch: 3, scheme: .reshuffling) }.contains("B = 3"))
        #expect(detail { _ = try EpochExpansion.meanIterate(try BootstrapFixtures.leastSquares().prefix(4), start: [.zero, .zero], batch: 0, scheme: .withReplacement) }.contains("B = 0"))
        var land = SpuriousMinimumLandscape()
        land.n = 1
        #expect(detail { try land.validate() }.contains("N = 1"))
        land = SpuriousMinimumLandscape()
        land.spread = .infinity
        #expect(thrownKind { try land.validate() } == "nonFinite")
        var rng = SeededGenerator(seed: 1)
        #expect(detail { _ = try LandscapeOptimizer.sgd(batch: 0).run(SpuriousMinimumLandscape(), from: 3, learningRate: 0.05, steps: 10, barrier: 1.4, rng: &rng) }.contains("B = 0"))
        #expect(detail { _ = try LandscapeOptimizer.noisyGD(tau: -1).run(SpuriousMinimumLandscape(), from: 3, learningRate: 0.05, steps: 10, barrier: 1.4, rng: &rng) }.contains("τ"))
        #expect(detail { _ = try LandscapeOptimizer.gradientDescent.run(SpuriousMinimumLandscape(), from: .nan, learningRate: 0.05, steps: 10, barrier: 1.4, rng: &rng) }.contains("θ₀"))
        // A learning rate at which NoisyGD runs away is reported as divergence.
        let away = try LandscapeOptimizer.noisyGD(tau: 1).run(SpuriousMinimumLandscape(), from: 3, learningRate: 20, steps: 1000, barrier: 1.4, rng: &rng)
        #expect(away.diverged)
        #expect(detail { _ = try GaussianLeastSquaresGradient.expectedSquaredError(n: 0, fourthMoment: .one, squaredFrobenius: .one, trace: .one) }.contains("N = 0"))
        // `sample` reads only the lower triangle of L while the closed forms use LLᵀ: an upper entry must be refused.
        #expect(detail {
            _ = try GaussianLeastSquaresGradient(factor: [[.one, .one], [.zero, .one]], thetaStar: [.zero, .zero], theta: [.one, .zero], noiseVariance: .one)
        }.contains("lower-triangular"))
        #expect(detail {
            _ = try PoissonGapQuadrature.terms(n: 4, nodes: 10, standardRule: try PoissonGapQuadrature.laguerreRule(nodes: 9, alpha: 0))
        }.contains("10 nodes"))
    }

    @Test("A lower-triangular factor: the Monte Carlo gradient has the closed-form covariance")
    func gaussianSampleMatchesClosedForm() throws {
        let g = try GaussianLeastSquaresGradient(factor: [[Rational(2), .zero], [.one, .one]], thetaStar: [.zero, .zero], theta: [.one, Rational(-1)], noiseVariance: .one)
        let exact = try g.closedForm().covariance.map { $0.map(\.doubleValue) }
        var rng = SeededGenerator(seed: 4)
        var x = [0.0, 0.0], s = [[0.0, 0.0], [0.0, 0.0]], m = [0.0, 0.0]
        let draws = 200_000
        for _ in 0..<draws {
            GaussianLeastSquaresGradient.sample(factor: g.factor.map { $0.map(\.doubleValue) }, delta: [1, -1], sigma: 1, rng: &rng, into: &x)
            for a in 0..<2 { m[a] += x[a] / Double(draws); for b in 0..<2 { s[a][b] += x[a] * x[b] / Double(draws) } }
        }
        for a in 0..<2 { for b in 0..<2 { #expect(abs(s[a][b] - m[a] * m[b] - exact[a][b]) < 0.05 * (exact[0][0] + exact[1][1])) } }
    }

    @Test("The Poisson quadrature with a supplied standard rule is bit-for-bit the self-contained one")
    func sharedStandardRule() throws {
        let z = try PoissonGapQuadrature.laguerreRule(nodes: 40, alpha: 0)
        for n in [2, 3, 8] {
            let a = try PoissonGapQuadrature.terms(n: n, nodes: 40), b = try PoissonGapQuadrature.terms(n: n, nodes: 40, standardRule: z)
            #expect(a.identity == b.identity && a.hessian == b.hessian, "N = \(n)")
        }
    }

    @Test("Gauss–Laguerre rules integrate Gamma moments exactly and the Poisson identity to 1/N")
    func laguerre() throws {
        for alpha in [0.0, 3.0, 10.0] {
            let r = try PoissonGapQuadrature.laguerreRule(nodes: 30, alpha: alpha)
            let m1 = zip(r.nodes, r.weights).reduce(0) { $0 + $1.0 * $1.1 }, m2 = zip(r.nodes, r.weights).reduce(0) { $0 + $1.0 * $1.0 * $1.1 }
            #expect(abs(r.weights.reduce(0, +) - 1) < 1e-12)
            #expect(abs(m1 - (alpha + 1)) < 1e-10 * (alpha + 1))
            #expect(abs(m2 - (alpha + 1) * (alpha + 2)) < 1e-10 * (alpha + 1) * (alpha + 2))
        }
        let q = try PoissonGapQuadrature.terms(n: 8, nodes: 60)
        #expect(abs(q.identity * 8 - 1) < 1e-6)
    }

    @Test("The finite-N covariance law: N = 1 gives ‖Σ‖², and the discrete enumeration matches it")
    func covarianceLaw() throws {
        let support: [[Rational]] = [[Rational(1), .zero], [Rational(-1), Rational(2)], [.zero, Rational(-1)]]
        let m = try DiscreteCovarianceError.moments(support: support)
        #expect(try GaussianLeastSquaresGradient.expectedSquaredError(n: 1, fourthMoment: m.m4, squaredFrobenius: m.s2, trace: m.t1) == m.s2)
        for n in 1...4 {
            #expect(try DiscreteCovarianceError.enumerate(support: support, n: n)
                    == GaussianLeastSquaresGradient.expectedSquaredError(n: n, fourthMoment: m.m4, squaredFrobenius: m.s2, trace: m.t1))
        }
    }
}
