import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("BS-EQ10 Tr Σ_S^B = Γ/B under sampling with replacement")
struct BS_EQ10Tests {
    static let exactCases = [(6, 1), (6, 2), (6, 3), (5, 4)]

    @Test("exact tier: the enumerated covariance is (1/B)·C and its trace is Γ/B, with the catalog's numbers")
    func exactTier() async throws {
        let r = try await claimResult("BS-EQ10")
        #expect(r.verdict == .holds && r.tier == .exact && r.passed)
        let traces = ["57833/73728", "57833/147456", "57833/221184", "769/5120"]
        for ((n, b), trace) in zip(Self.exactCases, traces) {
            let tag = "[N=\(n),B=\(b)]"
            #expect(figure(r, "maxAbsDiff" + tag)?.exact == "0")
            #expect(figure(r, "traceSigma" + tag)?.exact == trace)
            #expect(figure(r, "gammaOverB" + tag)?.exact == trace)
            #expect(figure(r, "batchesEnumerated" + tag)?.value == Double([Int](repeating: n, count: b).reduce(1, *)))
        }
    }

    @Test("numerical tier: Double and Float80 enumerations meet Γ/B within the rounding bound")
    func numericalTier() async throws {
        let r = try await claimResult("BS-EQ10")
        #expect(try #require(figure(r, "identityErrorOverBound.double")).value <= 1)
        #expect(figure(r, "randomProblems")?.value == 24)
        #expect(figure(r, "randomNetworkProblems")?.value == 12)
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        #expect(try #require(figure(r, "identityErrorOverBound.float80")).value <= 1)
        #expect(try #require(figure(r, "precisionGapOverBound")).value <= 60)
        #endif
    }

    @Test("statistical tier: every Monte Carlo z-score is below the 99.9% family threshold; a plot is attached")
    func statisticalTier() async throws {
        let r = try await claimResult("BS-EQ10")
        let z = try #require(figure(r, "familyZ")).value
        #expect(z > 3.29 && z < 5) // Bonferroni over 38 assertions
        for key in ["monteCarloZ.randomProblems", "monteCarloZ.highSamplingFraction", "monteCarloZ.fixedData"] {
            #expect(try #require(figure(r, key)).value <= z)
        }
        #expect(r.statement.plots.map(\.key) == ["trace-vs-batch-size", "relative-deviation"])
        #expect(r.statement.plots.allSatisfy { $0.svg.hasPrefix("<svg") })
    }

    @Test("control: without replacement every tier rejects Γ/B, and the finite-population form holds exactly")
    func withoutReplacementControl() async throws {
        let r = try await claimResult("BS-EQ10")
        let c = try #require(r.controls.first { $0.name == "sampling without replacement" })
        #expect(c.flagged && c.changes.map(\.name) == ["sampling"])
        for key in ["traceSigma[N=6,B=2]", "identityErrorOverBound.double", "monteCarloZ.highSamplingFraction"] {
            #expect(c.failing.contains(key), "\(key) should reject")
        }
        // The catalog's numbers without replacement: traces and ratios (N − B)/(N − 1).
        #expect(controlFigure(r, c.name, "traceSigma[N=6,B=2]")?.exact == "57833/184320")
        #expect(controlFigure(r, c.name, "traceSigma[N=6,B=3]")?.exact == "57833/368640")
        #expect(controlFigure(r, c.name, "traceSigma[N=5,B=4]")?.exact == "769/20480")
        #expect(controlFigure(r, c.name, "traceRatio[N=6,B=2]")?.exact == "4/5")
        #expect(controlFigure(r, c.name, "traceRatio[N=6,B=3]")?.exact == "3/5")
        #expect(controlFigure(r, c.name, "traceRatio[N=5,B=4]")?.exact == "1/4")
        for key in ["maxAbsDiffFinitePopulation[N=6,B=2]", "maxAbsDiffFinitePopulation[N=6,B=3]", "maxAbsDiffFinitePopulation[N=5,B=4]"] {
            #expect(controlFigure(r, c.name, key)?.exact == "0")
        }
    }

    @Test("the catalog's covariance Σ_S^1 and mean gradient, from the construction directly")
    func catalogNumbers() throws {
        let theta = try BootstrapFixtures.theta.map { try Rational(exactly: $0) }
        let g = try BootstrapFixtures.leastSquares().exactSampleGradients(at: theta)
        #expect(try MinibatchGradientCovariance.meanGradient(g) == [try Rational(-103, 384), try Rational(-215, 384)])
        let c = try MinibatchGradientCovariance.sampleGradientCovariance(g)
        #expect(c == [[try Rational(71981, 147456), try Rational(-4799, 147456)], [try Rational(-4799, 147456), try Rational(43685, 147456)]])
        #expect(try MinibatchGradientCovariance.gradientVariance(g) == (try Rational(57833, 73728)))
    }

    @Test("bad input: empty data, B = 0, B > N without replacement, ragged gradients, enumeration too large, too few draws")
    func badInput() throws {
        let one = [[Rational.one]]
        #expect(thrownKind { try MinibatchGradientCovariance.enumerate(gradients: [[Rational]](), batchSize: 1, sampling: .withReplacement) } == "empty")
        #expect(thrownKind { try MinibatchGradientCovariance.enumerate(gradients: one, batchSize: 0, sampling: .withReplacement) } == "invalidArgument")
        #expect(thrownKind { try MinibatchGradientCovariance.enumerate(gradients: one, batchSize: 2, sampling: .withoutReplacement) } == "invalidArgument")
        #expect(thrownKind { try MinibatchGradientCovariance.enumerate(gradients: [[Rational.one], [Rational.one, Rational.one]], batchSize: 1, sampling: .withReplacement) } == "dimensionMismatch")
        let many = Array(repeating: [Rational.one], count: 50)
        #expect(thrownKind { try MinibatchGradientCovariance.enumerate(gradients: many, batchSize: 4, sampling: .withReplacement) } == "invalidArgument")
        var rng = SeededGenerator(seed: 1)
        #expect(thrownKind { try MinibatchGradientCovariance.monteCarloTrace([[1.0]], batchSize: 1, sampling: .withReplacement, draws: 1, using: &rng) } == "invalidArgument")
        #expect(thrownKind { try LeastSquaresProblem(features: [], targets: []) } == "empty")
        #expect(thrownKind { try LeastSquaresProblem(features: [[1, 2]], targets: [1, 2]) } == "dimensionMismatch")
        #expect(thrownKind { try LeastSquaresProblem(features: [[1, .nan]], targets: [1]) } == "nonFinite")
        #expect(thrownKind { try SoftplusNetworkSampleLoss(x: [1, .infinity], y: 0, hidden: 2) } == "nonFinite")
        #expect(thrownKind { try SoftplusNetworkSampleLoss(x: [1], y: 0, hidden: 0) } == "invalidArgument")
    }
}
