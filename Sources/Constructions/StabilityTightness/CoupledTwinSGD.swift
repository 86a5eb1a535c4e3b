import Numerics

/// How the index i_t of each SGD step is drawn.
public enum SamplingScheme: String, Codable, Sendable, CaseIterable {
    /// i_t independent and uniform on [n].
    case withReplacement = "with replacement"
    /// Each epoch of n steps is a fresh uniformly random permutation of [n].
    case reshuffledPermutation = "reshuffled permutation"
    /// One random permutation, repeated every epoch.
    case singlePermutation = "single permutation"
}

/// The index sequence both coupled runs share (the paper's convention C1).
public struct IndexStream: Sendable {
    @usableFromInline var rng: SeededGenerator
    @usableFromInline let n: Int
    @usableFromInline let scheme: SamplingScheme
    @usableFromInline var epoch: [Int] = []
    @usableFromInline var position = 0

    @inlinable
    public init(n: Int, scheme: SamplingScheme, seed: UInt64) throws {
        guard n >= 1 else { throw NumericsError.invalidArgument(operation: "IndexStream", detail: "n = \(n) must be ≥ 1") }
        self.n = n; self.scheme = scheme; rng = SeededGenerator(seed: seed)
    }

    @inlinable
    public mutating func next() throws -> Int {
        switch scheme {
        case .withReplacement: return try rng.int(below: n)
        case .reshuffledPermutation, .singlePermutation:
            if position == epoch.count {
                if epoch.isEmpty || scheme == .reshuffledPermutation { epoch = try rng.permutation(n) }
                position = 0
            }
            defer { position += 1 }
            return epoch[position]
        }
    }
}

/// Two SGD runs on twin data sets that share their initial point and their index sequence, on the
/// quadratic loss ½wᵀAw − y·xᵀw. Bitwise deterministic for a seed: same seed, same paths.
public struct CoupledTwinSGD: Sendable {
    public let loss: QuadraticLoss
    public let twins: TwinDatasets
    public let schedule: StepSchedule
    public let plan: UpdatePlan
    public let scheme: SamplingScheme
    public let initial: [Double]
    /// Extra points at which gradient norms are tracked (e.g. the stability test point z*).
    public let testPoints: [LabeledPoint]
    /// The planned steps, exactly and rounded once to Double (converted once, not per run).
    public let steps: [Rational]
    public let stepsDouble: [Double]

    /// Throws when the dimensions of the loss, the data and the initial point disagree, or the
    /// schedule rejects a planned step.
    public init(loss: QuadraticLoss, twins: TwinDatasets, schedule: StepSchedule, plan: UpdatePlan, scheme: SamplingScheme,
                initial: [Double], testPoints: [LabeledPoint] = []) throws {
        guard twins.dimension == loss.dimension else {
            throw NumericsError.dimensionMismatch(operation: "CoupledTwinSGD", expected: "data of dimension \(loss.dimension)", got: "\(twins.dimension)")
        }
        guard initial.count == loss.dimension else {
            throw NumericsError.dimensionMismatch(operation: "CoupledTwinSGD", expected: "initial point of dimension \(loss.dimension)", got: "\(initial.count)")
        }
        try initial.requireFinite("CoupledTwinSGD initial point")
        for p in testPoints where p.x.count != loss.dimension {
            throw NumericsError.dimensionMismatch(operation: "CoupledTwinSGD test point", expected: "dimension \(loss.dimension)", got: "\(p.x.count)")
        }
        steps = try plan.indices.map { try schedule.alpha(at: $0) }
        stepsDouble = steps.map { Double($0.numerator) / Double($0.denominator) }
        self.loss = loss; self.twins = twins; self.schedule = schedule; self.plan = plan; self.scheme = scheme
        self.initial = initial; self.testPoints = testPoints
    }

    /// One coupled run and what it recorded.
    public struct Run<T: RealFloat>: Sendable {
        public let w: [T]
        public let wPrime: [T]
        /// Δ after each update (only at the requested checkpoints, in order).
        public let checkpoints: [[T]]
        /// w and w' at the same checkpoints.
        public let wAt: [[T]]
        public let wPrimeAt: [[T]]
        /// Times the differing index was drawn.
        public let picks: Int
        /// θ along the ray v from the scalar recursion fed with the same picks (for ray constructions).
        public let rayTheta: T?
        /// max over visited w, w' and all points of S ∪ S' ∪ tests of ‖∇f‖ (nil when not tracked).
        public let pathMaxGradientNorm: T?
        public var delta: [T] { zip(w, wPrime).map { $0 - $1 } }

        @inlinable
        public init(w: [T], wPrime: [T], checkpoints: [[T]], wAt: [[T]] = [], wPrimeAt: [[T]] = [], picks: Int, rayTheta: T?, pathMaxGradientNorm: T?) {
            self.w = w; self.wPrime = wPrime; self.checkpoints = checkpoints; self.wAt = wAt; self.wPrimeAt = wPrimeAt; self.picks = picks
            self.rayTheta = rayTheta; self.pathMaxGradientNorm = pathMaxGradientNorm
        }
    }

    /// Runs both trajectories for the planned updates.
    /// - Parameters:
    ///   - checkpoints: numbers of completed updates after which Δ is recorded (each in 1…count).
    ///   - ray: if given, (κ, k) for the scalar recursion θ_{t+1} = (1 − α_t κ)θ_t + α_t k·1[pick].
    ///   - trackGradients: whether to compute the path maximum of ‖∇f‖ (costs n + |tests| gradients a step).
    @inlinable
    public func run<T: RealFloat>(seed: UInt64, _: T.Type, checkpoints: [Int] = [], ray: (curvature: Rational, kick: Rational)? = nil,
                                  trackGradients: Bool = false) throws -> Run<T> {
        for c in checkpoints where c < 1 || c > plan.count {
            throw NumericsError.invalidArgument(operation: "CoupledTwinSGD.run", detail: "checkpoint \(c) outside 1…\(plan.count)")
        }
        let d = loss.dimension
        // Everything converted once: A row-major, the data flat, the steps.
        let a: [T] = loss.a.flatMap { $0.map { T($0.numerator) / T($0.denominator) } }
        func flat(_ pts: [LabeledPoint]) -> (x: [T], y: [T]) { (pts.flatMap { $0.x.map { T($0) } }, pts.map { T($0.y) }) }
        let (sx, sy) = flat(twins.s), (px, py) = flat(twins.sPrime)
        let all = flat(twins.s + twins.sPrime + testPoints)
        let alphas: [T] = (stepsDouble as? [T]) ?? steps.map { T($0.numerator) / T($0.denominator) }
        var stream = try IndexStream(n: twins.count, scheme: scheme, seed: seed)
        var w = initial.map { T($0) }, wp = w
        var g = [T](repeating: .zero, count: d), gp = g
        var picks = 0
        var theta = T.zero
        let kappa = ray.map { T($0.curvature.numerator) / T($0.curvature.denominator) }
        let kick = ray.map { T($0.kick.numerator) / T($0.kick.denominator) }
        var maxGrad = T.zero
        var saved: [[T]] = [], savedW: [[T]] = [], savedWPrime: [[T]] = []
        var nextCheckpoint = 0
        let sortedCheckpoints = checkpoints.sorted()
        let target = twins.differingIndex
        if trackGradients {
            maxGrad = max(Self.maxGradientNorm(a, w, all.x, all.y, d), Self.maxGradientNorm(a, wp, all.x, all.y, d))
        }
        for step in 0..<alphas.count {
            let alpha = alphas[step]
            let i = try stream.next()
            Self.gradient(a, w, sx, sy[i], i * d, d, &g)
            Self.gradient(a, wp, px, py[i], i * d, d, &gp)
            for k in 0..<d { w[k] -= alpha * g[k]; wp[k] -= alpha * gp[k] }
            if i == target { picks += 1 }
            if let kappa, let kick { theta = (1 - alpha * kappa) * theta + (i == target ? alpha * kick : 0) }
            if trackGradients {
                maxGrad = max(maxGrad, Self.maxGradientNorm(a, w, all.x, all.y, d), Self.maxGradientNorm(a, wp, all.x, all.y, d))
            }
            while nextCheckpoint < sortedCheckpoints.count && sortedCheckpoints[nextCheckpoint] == step + 1 {
                saved.append((0..<d).map { w[$0] - wp[$0] })
                savedW.append(w)
                savedWPrime.append(wp)
                nextCheckpoint += 1
            }
        }
        return Run(w: w, wPrime: wp, checkpoints: saved, wAt: savedW, wPrimeAt: savedWPrime, picks: picks, rayTheta: ray == nil ? nil : theta,
                   pathMaxGradientNorm: trackGradients ? maxGrad : nil)
    }

    /// g = A·w − y·x for the point whose coordinates start at xs[offset].
    @inlinable
    static func gradient<T: RealFloat>(_ a: [T], _ w: [T], _ xs: [T], _ y: T, _ offset: Int, _ d: Int, _ g: inout [T]) {
        for r in 0..<d {
            var s = T.zero
            for c in 0..<d { s += a[r * d + c] * w[c] }
            g[r] = s - y * xs[offset + r]
        }
    }

    /// max over the points of ‖A·w − y·x‖.
    @inlinable
    static func maxGradientNorm<T: RealFloat>(_ a: [T], _ w: [T], _ xs: [T], _ ys: [T], _ d: Int) -> T {
        var g = [T](repeating: .zero, count: d)
        var m = T.zero
        for j in 0..<ys.count {
            gradient(a, w, xs, ys[j], j * d, d, &g)
            m = max(m, Vector.norm2(g))
        }
        return m
    }
}
