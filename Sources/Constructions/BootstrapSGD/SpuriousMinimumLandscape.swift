import Foundation
import Numerics

/// Our 1-D landscape for paper 001's idealised experiment (the source gives none): per-sample
/// loss ℓ(s; θ) = L_D(θ) + s·ψ(θ) with
///   L_D(θ) = (κ/2)θ² + a(1 − e^{−θ²/(2v²)}),  ψ(θ) = e^{−(θ−m)²/(2w²)},
/// a population with E s = 0 (so the test loss is L_D exactly), and N training values
/// s_i = −b + ρ(−1)^{i+1}: their mean −b digs a spurious dip −bψ into the training loss
/// L_S = L_D − bψ, and their spread ρ makes per-sample gradients disagree there:
/// g_i − ḡ = (s_i + b)ψ′(θ), Γ(θ) = ρ²ψ′(θ)², Tr Σ_S^B = Γ/B.
public struct SpuriousMinimumLandscape: Sendable, Codable, Equatable {
    public var kappa = 0.2
    public var depth = 2.0
    public var width = 0.5
    public var dipCentre = 4.0
    public var dipWidth = 1.0
    /// b: minus the mean of the training values.
    public var dipDepth = 5.0
    /// ρ: the spread of the training values (gradient disagreement).
    public var spread = 20.0
    public var n = 20

    public init() {}

    /// Throws unless N ≥ 2 and every parameter is finite (widths > 0, spread ≥ 0).
    public func validate() throws {
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "SpuriousMinimumLandscape", detail: "sample count N = \(n) must be ≥ 2") }
        for (name, v) in [("κ", kappa), ("a", depth), ("v", width), ("m", dipCentre), ("w", dipWidth), ("b", dipDepth), ("ρ", spread)] where !v.isFinite {
            throw NumericsError.nonFinite(operation: "SpuriousMinimumLandscape", detail: "\(name) = \(v)")
        }
        guard width > 0, dipWidth > 0, spread >= 0 else {
            throw NumericsError.invalidArgument(operation: "SpuriousMinimumLandscape", detail: "widths v, w must be > 0 and spread ρ ≥ 0")
        }
    }

    /// s_i, i = 1…N.
    public var samples: [Double] { (1...n).map { -dipDepth + spread * ($0 % 2 == 1 ? 1 : -1) } }
    public var sampleMean: Double { samples.reduce(0, +) / Double(n) }

    public func populationLoss(_ t: Double) -> Double { kappa * t * t / 2 + depth * (1 - exp(-t * t / (2 * width * width))) }
    public func populationSlope(_ t: Double) -> Double { kappa * t + depth * t / (width * width) * exp(-t * t / (2 * width * width)) }
    public func populationCurvature(_ t: Double) -> Double {
        let v2 = width * width
        return kappa + depth / v2 * (1 - t * t / v2) * exp(-t * t / (2 * v2))
    }
    public func dip(_ t: Double) -> Double { exp(-(t - dipCentre) * (t - dipCentre) / (2 * dipWidth * dipWidth)) }
    public func dipSlope(_ t: Double) -> Double { -(t - dipCentre) / (dipWidth * dipWidth) * dip(t) }
    public func dipCurvature(_ t: Double) -> Double {
        let w2 = dipWidth * dipWidth, r = t - dipCentre
        return (r * r / (w2 * w2) - 1 / w2) * dip(t)
    }

    public func trainingLoss(_ t: Double) -> Double { populationLoss(t) + sampleMean * dip(t) }
    public func trainingSlope(_ t: Double) -> Double { populationSlope(t) + sampleMean * dipSlope(t) }
    public func trainingCurvature(_ t: Double) -> Double { populationCurvature(t) + sampleMean * dipCurvature(t) }

    /// Γ(θ) = (1/N)Σ(s_i − s̄)²ψ′(θ)².
    public func gradientVariance(_ t: Double) -> Double {
        let m = sampleMean
        let v = samples.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)
        let p = dipSlope(t)
        return v * p * p
    }

    /// A root of f in [lo, hi] by bisection to adjacent doubles; throws when f does not change sign.
    public static func bisect(_ lo: Double, _ hi: Double, _ f: (Double) -> Double) throws -> Double {
        var a = lo, b = hi
        let fa = f(a), fb = f(b)
        guard fa.isFinite, fb.isFinite, (fa < 0) != (fb < 0) else {
            throw NumericsError.invalidArgument(operation: "bisect", detail: "no sign change on [\(lo), \(hi)]")
        }
        for _ in 0..<200 {
            let mid = (a + b) / 2
            if mid == a || mid == b { break }
            if (f(mid) < 0) == (fa < 0) { a = mid } else { b = mid }
        }
        return (a + b) / 2
    }

    public struct CriticalPoints: Sendable, Equatable {
        public let trueMinimum: Double
        public let barrier: Double
        public let spuriousMinimum: Double
        /// Ends of the sublevel set {L_S < L_S(barrier)} on either side.
        public let leftEnd: Double
        public let rightEnd: Double
    }

    /// The three critical points of L_S (brackets [−0.5, 0.5]… chosen for this landscape's scale:
    /// true minimum near 0, barrier between 0.5 and 2.5, spurious minimum between 2.5 and 6).
    public func criticalPoints() throws -> CriticalPoints {
        let t = try SpuriousMinimumLandscape.bisect(-0.5, 0.5, trainingSlope)
        let b = try SpuriousMinimumLandscape.bisect(0.5, 2.5, trainingSlope)
        let f = try SpuriousMinimumLandscape.bisect(2.5, 6, trainingSlope)
        let level = trainingLoss(b)
        let left = try SpuriousMinimumLandscape.bisect(-20, t) { trainingLoss($0) - level }
        let right = try SpuriousMinimumLandscape.bisect(f, 20) { trainingLoss($0) - level }
        return CriticalPoints(trueMinimum: t, barrier: b, spuriousMinimum: f, leftEnd: left, rightEnd: right)
    }
}

/// GD, SGD and NoisyGD on a `SpuriousMinimumLandscape`, with the statistics BS-IDEAL and BS-FIG2 record.
public enum LandscapeOptimizer: Sendable, Codable, Equatable {
    case gradientDescent
    /// Minibatches of B indices i.i.d. uniform on the N training values.
    case sgd(batch: Int)
    /// θ ← θ − η(L_S′(θ) + √τ·ξ), ξ ~ N(0, 1): data-independent noise of constant variance.
    case noisyGD(tau: Double)
    /// Diagnostic: the same, with τ_t = Tr Σ_S^1(θ_t) (data-dependent magnitude).
    case noisyGDLocal

    public struct Trajectory: Sendable {
        public let final: Double
        /// Fraction of steps t ≥ T/2 with θ_t on the spurious side of the barrier.
        public let spuriousFraction: Double
        /// Mean of Tr Σ_S^1(θ_t)/B over t ≥ T/2 (B = 1 except for SGD).
        public let meanTrace: Double
        /// θ_t at each requested time (sorted ascending).
        public let thetaAt: [Double]
        /// True when |θ| exceeded 10⁶ or became non-finite (the run stops there).
        public let diverged: Bool
    }

    /// Runs `steps` steps from θ₀. GD stops early at an exact floating-point fixed point (the rest
    /// of the run would repeat it bit for bit). Throws for η ≤ 0, steps < 2, B < 1, τ < 0.
    public func run(_ land: SpuriousMinimumLandscape, from theta0: Double, learningRate eta: Double, steps: Int,
                    barrier: Double, times: [Int] = [], rng: inout SeededGenerator) throws -> Trajectory {
        guard eta.isFinite, eta > 0 else { throw NumericsError.invalidArgument(operation: "LandscapeOptimizer", detail: "learning rate η = \(eta) must be finite and > 0") }
        guard steps >= 2 else { throw NumericsError.invalidArgument(operation: "LandscapeOptimizer", detail: "steps T = \(steps) must be ≥ 2") }
        guard theta0.isFinite else { throw NumericsError.nonFinite(operation: "LandscapeOptimizer", detail: "θ₀ = \(theta0)") }
        let s = land.samples, n = land.n, sBar = land.sampleMean
        var batch = 1
        switch self {
        case .sgd(let b):
            guard b >= 1 else { throw NumericsError.invalidArgument(operation: "LandscapeOptimizer", detail: "batch size B = \(b) must be ≥ 1") }
            batch = b
        case .noisyGD(let tau):
            guard tau.isFinite, tau >= 0 else { throw NumericsError.invalidArgument(operation: "LandscapeOptimizer", detail: "noise level τ = \(tau) must be finite and ≥ 0") }
        default: break
        }
        let variance = s.reduce(0) { $0 + ($1 - sBar) * ($1 - sBar) } / Double(n)
        var theta = theta0
        var inSpurious = 0, traceSum = 0.0, counted = 0
        var marks: [Double] = []
        var nextMark = 0
        let sortedTimes = times.sorted()
        let half = steps / 2
        var diverged = false
        var t = 0
        while t < steps {
            while nextMark < sortedTimes.count && sortedTimes[nextMark] == t { marks.append(theta); nextMark += 1 }
            if t >= half {
                if theta > barrier { inSpurious += 1 }
                let p = land.dipSlope(theta)
                traceSum += variance * p * p / Double(batch)
                counted += 1
            }
            let next: Double
            switch self {
            case .gradientDescent:
                next = theta - eta * (land.populationSlope(theta) + sBar * land.dipSlope(theta))
                if next == theta {
                    // Fixed point: the remaining steps repeat θ exactly.
                    let fromHalf = max(0, steps - max(t + 1, half))
                    if theta > barrier { inSpurious += fromHalf }
                    let p = land.dipSlope(theta)
                    traceSum += Double(fromHalf) * variance * p * p
                    counted += fromHalf
                    while nextMark < sortedTimes.count { marks.append(theta); nextMark += 1 }
                    t = steps
                    continue
                }
            case .sgd(let b):
                var mean = 0.0
                for _ in 0..<b { mean += s[try rng.int(below: n)] }
                mean /= Double(b)
                next = theta - eta * (land.populationSlope(theta) + mean * land.dipSlope(theta))
            case .noisyGD(let tau):
                next = theta - eta * (land.populationSlope(theta) + sBar * land.dipSlope(theta) + tau.squareRoot() * rng.normal())
            case .noisyGDLocal:
                let p = land.dipSlope(theta)
                next = theta - eta * (land.populationSlope(theta) + sBar * p + (variance * p * p).squareRoot() * rng.normal())
            }
            theta = next
            t += 1
            if !(abs(theta) <= 1e6) { diverged = true; break }
        }
        while nextMark < sortedTimes.count { marks.append(theta); nextMark += 1 }
        return Trajectory(final: theta, spuriousFraction: counted > 0 ? Double(inSpurious) / Double(counted) : 0,
                          meanTrace: counted > 0 ? traceSum / Double(counted) : 0, thetaAt: marks, diverged: diverged)
    }
}

/// R runs of one optimizer from θ₀ ~ U(lower, upper); the starting points come from one stream
/// (seed 11), shared by every method (paired), and each method's noise from its own stream.
public enum IdealisedExperiment {
    public struct Runs: Sendable {
        public let starts: [Double]
        public let trajectories: [LandscapeOptimizer.Trajectory]
        public var finals: [Double] { trajectories.map(\.final) }
        public var diverged: Int { trajectories.filter(\.diverged).count }
    }

    public static func starts(count: Int, lower: Double, upper: Double) -> [Double] {
        var rng = SeededGenerator(seed: 11)
        return (0..<count).map { _ in lower + (upper - lower) * rng.uniform() }
    }

    public static func run(_ method: LandscapeOptimizer, _ land: SpuriousMinimumLandscape, starts: [Double], learningRate: Double, steps: Int,
                           barrier: Double, times: [Int] = [], streamSeed: UInt64) throws -> Runs {
        try land.validate()
        var rng = SeededGenerator(seed: streamSeed)
        let t = try starts.map { try method.run(land, from: $0, learningRate: learningRate, steps: steps, barrier: barrier, times: times, rng: &rng) }
        return Runs(starts: starts, trajectories: t)
    }

    /// Mean and standard error of x_r − y_r over paired runs (se 0 when every difference is equal).
    public static func pairedDifference(_ x: [Double], _ y: [Double]) throws -> (mean: Double, se: Double) {
        var w = Welford<Double>()
        for (a, b) in zip(x, y) { try w.add(a - b) }
        return (w.mean, try w.standardError())
    }
}
