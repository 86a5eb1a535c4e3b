import Constructions
import Numerics
import Testing

@Suite("Paper 002 random features, kernel alignment, linear network and Rademacher enumeration")
struct RandomFeatureConstructionTests {
    @Test("sphere samples have unit inputs and weights of norm √d; the cross-polytope design has K = I/2 and γ = 1")
    func samples() throws {
        let rfm = try ReLURandomFeatures.sample(n: 20, m: 40, d: 5, distribution: .sphere, seed: 1)
        for x in rfm.inputs { #expect(abs(Vector.norm2(x) - 1) <= 4 * Double.ulpOfOne) }
        for w in rfm.weights { #expect(abs(Vector.norm2(w) - 5.0.squareRoot()) <= 8 * Double.ulpOfOne) }
        #expect(rfm.maxFeature() <= 5.0.squareRoot() * (1 + 8 * Double.ulpOfOne))
        let cross = try ReLURandomFeatures.sample(n: 0 + 1, m: 1, d: 3, distribution: .crossPolytope, seed: 0)
        let a = try KernelAlignment(features: cross.features(Double.self))
        // Six equal χ_i: γ = min/mean is 1 up to the rounding of the mean of six equal numbers.
        #expect(cross.n == 6 && abs(a.gamma - 1) <= 8 * Double.ulpOfOne)
    }

    @Test("μ = μ₁ − μ₂, μ₁ ≥ γ and μ = αβ at random residuals over 30 seeds")
    func alignmentIdentities() throws {
        for seed in 0..<30 {
            let rfm = try ReLURandomFeatures.sample(n: 8, m: 16, d: 3, distribution: .sphere, seed: UInt64(500 + seed))
            let a = try KernelAlignment(features: rfm.features(Double.self))
            var rng = SeededGenerator(seed: UInt64(600 + seed))
            let e = (0..<8).map { _ in rng.normal() }
            let (mu, mu1, mu2) = try a.alignment(residuals: e)
            let ab = try a.alphaBeta(residuals: e)
            #expect(abs(mu - (mu1 - mu2)) <= 4 * Double.ulpOfOne * mu1, "seed \(500 + seed)")
            #expect(mu1 >= a.gamma * (1 - 1e-12), "seed \(500 + seed)")
            #expect(abs(mu - ab.alpha * ab.beta) <= ab.relativeErrorBound * mu + 1e-12 * mu, "seed \(500 + seed)")
            #expect(ab.alpha <= 1 + 1e-12 && ab.alpha >= 0)
        }
    }

    @Test("the linear network's back-propagated gradient matches central differences")
    func gradient() throws {
        let net = try DeepLinearNetwork(inputDimension: 4, width: 3)
        var rng = SeededGenerator(seed: 7)
        let theta = net.initialParameters(using: &rng)
        let x = (0..<4).map { _ in rng.normal() }
        let (_, g) = net.outputAndGradient(theta, x)
        #expect(g.count == net.parameterCount && net.parameterCount == 4 * 3 + 2 * 9 + 3)
        let h = 1e-5
        for k in 0..<theta.count {
            var plus = theta, minus = theta
            plus[k] += h; minus[k] -= h
            let fd = (net.outputAndGradient(plus, x).0 - net.outputAndGradient(minus, x).0) / (2 * h)
            #expect(abs(fd - g[k]) <= 1e-8, "parameter \(k)")
        }
    }

    @Test("Rademacher enumeration: E‖Σξx‖² = Σ‖x‖², and the linear-ball complexity is below √Σ‖x‖²/n")
    func rademacher() throws {
        let x: [[Rational]] = [[Rational(1), Rational(2)], [Rational(-1), Rational(0)], [Rational(3), Rational(1)]]
        #expect(try RademacherEnumeration.linearBallSecondMoment(x) == Rational(16))
        let rad = try RademacherEnumeration.linearBall(x.map { $0.map(\.doubleValue) }, Double.self)
        #expect(rad <= 16.0.squareRoot() / 3)
        let tail = try RademacherEnumeration.binomialTail(n: 4, scale: 1, thresholdSquared: 15.5)
        #expect(tail.probability == (try Rational(2, 16)))
    }

    @Test("bad input is a typed error naming the argument")
    func badInput() throws {
        #expect(throws: NumericsError.self) { try ReLURandomFeatures.sample(n: 0, m: 2, d: 2, distribution: .sphere, seed: 0) }
        #expect(throws: NumericsError.self) { try ReLURandomFeatures(inputs: [[1, 2]], weights: [[1]]) }
        #expect(throws: NumericsError.self) { try ReLURandomFeatures(inputs: [[.nan]], weights: [[1]]) }
        #expect(throws: NumericsError.self) { try KernelAlignment(kernel: try Matrix<Double>(rows: 2, columns: 2)) }
        #expect(throws: NumericsError.self) { try KernelAlignment(features: try Matrix<Double>([[1, 0]])).alignment(residuals: [0]) }
        #expect(throws: NumericsError.self) { try DeepLinearNetwork(inputDimension: 0, width: 2) }
        #expect(throws: NumericsError.self) { try RademacherEnumeration.linearBall([[Double]](), Double.self) }
        #expect(throws: NumericsError.self) { try ReLUSphereKernel.spectrum(dimension: 1, Double.self) }
        var rng = SeededGenerator(seed: 1)
        #expect(throws: NumericsError.self) { try rng.onSphere(dimension: 0) }
        #expect(throws: NumericsError.self) { try rng.onSphere(dimension: 3, radius: -1) }
    }
}
