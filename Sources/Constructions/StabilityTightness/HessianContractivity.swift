import Numerics

/// The per-sample link φ_y(u) of a linear model f(w; (x, y)) = φ_y(wᵀx) (the paper's Thm 2 / Obs 1
/// family), with the curvature facts the claims need.
public enum LinkLoss: Codable, Equatable, Sendable, CustomStringConvertible {
    /// ½(u − y)²: φ'' = 1.
    case leastSquares
    /// log(1 + e^{−yu}) with y = ±1: φ'' = s(yu)(1 − s(yu)) ∈ (0, ¼], s the logistic function.
    case logistic
    /// Huber with threshold δ > 0: ½r² for |r| ≤ δ, δ|r| − δ²/2 beyond (r = u − y): φ'' = 1[|r| ≤ δ].
    case huber(delta: Rational)
    /// −½(u − y)²: φ'' = −1 (non-convex, for negative controls).
    case concave

    public var description: String {
        switch self {
        case .leastSquares: return "least squares ½(u − y)²"
        case .logistic: return "logistic log(1 + e^(−yu))"
        case .huber(let d): return "Huber with δ = \(d)"
        case .concave: return "concave −½(u − y)²"
        }
    }

    /// φ'_y(u), generic so that dual numbers differentiate it once more.
    @inlinable
    public func derivative<T: Real>(_ u: T, _ y: T) -> T {
        switch self {
        case .leastSquares: return u - y
        case .concave: return y - u
        case .logistic: return -y / (T.one + T.exp(y * u))
        case .huber(let delta):
            let d = T(Double(delta.numerator)) / T(Double(delta.denominator))
            let r = u - y
            if r > d { return d }
            if r < -d { return -d }
            return r
        }
    }

    /// inf over all real u of φ''_y(u) (the global curvature floor), exactly: 1, 0 (logistic: the
    /// infimum over ℝ is 0), 0 (Huber) and −1.
    public var globalCurvatureFloor: Rational {
        switch self {
        case .leastSquares: return .one
        case .logistic, .huber: return .zero
        case .concave: return -.one
        }
    }

    /// φ'' when it does not depend on u (least squares and concave), else nil.
    public var constantCurvature: Rational? {
        switch self {
        case .leastSquares: return .one
        case .concave: return -.one
        case .logistic, .huber: return nil
        }
    }
}

/// A linear model f(w; (x_j, y_j)) = φ_{y_j}(wᵀx_j) on a fixed data set. Its per-sample gradient is
/// φ'(wᵀx_j)·x_j, and H_{w'} = (1/n) Σ_j φ''(w'ᵀx_j)·x_j x_jᵀ.
public struct LinearModel: SampleGradientModel {
    public let features: [[Double]]
    public let labels: [Double]
    public let link: LinkLoss

    /// Throws `.empty`, `.invalidArgument` (zero width, or a Huber δ ≤ 0), `.dimensionMismatch` naming
    /// `features`/`labels`, `.nonFinite` for NaN or ±∞.
    public init(features: [[Double]], labels: [Double], link: LinkLoss) throws {
        try validateFeatures(features, "LinearModel(features:)")
        guard features.count == labels.count else {
            throw NumericsError.dimensionMismatch(operation: "LinearModel", expected: "\(features.count) labels", got: "\(labels.count)")
        }
        for x in features { try x.requireFinite("LinearModel features") }
        try labels.requireFinite("LinearModel labels")
        if case .huber(let d) = link, !(Rational.zero < d) {
            throw NumericsError.invalidArgument(operation: "LinearModel", detail: "link: Huber threshold δ = \(d) must be > 0")
        }
        self.features = features; self.labels = labels; self.link = link
    }

    @inlinable public var parameterCount: Int { features[0].count }
    @inlinable public var sampleCount: Int { features.count }

    @inlinable
    public func accumulateSampleGradient<T: Real>(_ w: [T], sample j: Int, scale: T, into g: inout [T]) {
        let x = features[j]
        var u = T.zero
        for k in 0..<x.count { u += w[k] * T(x[k]) }
        let c = scale * link.derivative(u, T(labels[j]))
        for k in 0..<x.count { g[k] += c * T(x[k]) }
    }

    /// The data exactly, as rationals.
    public func exactFeatures() throws -> [[Rational]] { try Constructions.exactFeatures(features, "LinearModel.exactFeatures") }

    /// R = max_j ‖x_j‖, as its exact square R².
    public func maxSquaredNorm() throws -> Rational { try exactFeatures().map { try Exact.squaredNorm($0) }.max()! } // n ≥ 1
}

/// The Hessian-contractivity quantities of the paper's Def. 6 for any `SampleGradientModel`.
public enum HessianContractivity {
    /// ρ(w, w', j) = gᵀ H_{w'} g / ‖g‖² with g = ∇f(w; z_j) and H_{w'} the full-data Hessian at w'
    /// (Eq. 3 divided by ‖g‖²), H_{w'}g from one dual-number pass over the analytic gradient. Nil when
    /// g = 0 (the inequality holds trivially and the ratio is undefined).
    @inlinable
    public static func ratio<M: SampleGradientModel, T: RealFloat>(_ model: M, w: [T], wPrime: [T], sample j: Int) throws -> T? {
        let g = try model.sampleGradient(w, sample: j)
        let gg = try Vector.dot(g, g)
        guard gg > .zero else { return nil }
        let hg = try model.hessianVectorProduct(at: wPrime, along: g, samples: model.allSamples)
        return try Vector.dot(g, hg) / gg
    }

    /// A point uniform in the ball B(centre, radius): a Gaussian direction, normalised, at radius
    /// radius·U^{1/p}. Throws `.invalidArgument` naming `radius` (negative or not finite) or `centre` (empty).
    @inlinable
    public static func uniformInBall(centre: [Double], radius: Double, rng: inout SeededGenerator) throws -> [Double] {
        guard radius.isFinite, radius >= 0 else { throw NumericsError.invalidArgument(operation: "uniformInBall", detail: "radius \(radius) must be finite and ≥ 0") }
        guard !centre.isEmpty else { throw NumericsError.invalidArgument(operation: "uniformInBall", detail: "centre has dimension 0") }
        let (u, norm) = try rng.gaussianDirection(dimension: centre.count)
        let r = radius * Double.pow(rng.uniform(), 1 / Double(centre.count))
        return (0..<u.count).map { centre[$0] + r * u[$0] / norm }
    }

    /// A point on the sphere of the given radius around `centre` (Gaussian direction, normalised).
    @inlinable
    public static func onSphere(centre: [Double], radius: Double, rng: inout SeededGenerator) throws -> [Double] {
        guard radius.isFinite, radius >= 0 else { throw NumericsError.invalidArgument(operation: "onSphere", detail: "radius \(radius) must be finite and ≥ 0") }
        guard !centre.isEmpty else { throw NumericsError.invalidArgument(operation: "onSphere", detail: "centre has dimension 0") }
        let (u, norm) = try rng.gaussianDirection(dimension: centre.count)
        return (0..<u.count).map { centre[$0] + radius * u[$0] / norm }
    }

    /// The sampled contractivity of a ball: the minimum of ρ over `pairs` independent pairs (w, w')
    /// uniform in B(centre, radius) and every sample j. A sampled minimum can only miss the infimum,
    /// so γ̂ is an UPPER estimate of the best constant γ of Def. 6 on that ball.
    public struct Estimate: Sendable, Equatable {
        /// min ρ (nil when every sampled gradient vanished).
        public let gammaHat: Double?
        /// The pair and sample where the minimum was attained.
        public let argmin: (w: [Double], wPrime: [Double], sample: Int)?
        /// max ‖∇f(w; z_j)‖ over the sampled w and all j: a LOWER estimate of L on the ball.
        public let maxGradientNorm: Double
        /// Number of (pair, sample) ratios evaluated, and of vanishing gradients skipped.
        public let evaluated: Int
        public let zeroGradients: Int

        @usableFromInline
        init(gammaHat: Double?, argmin: (w: [Double], wPrime: [Double], sample: Int)?, maxGradientNorm: Double, evaluated: Int, zeroGradients: Int) {
            self.gammaHat = gammaHat; self.argmin = argmin; self.maxGradientNorm = maxGradientNorm
            self.evaluated = evaluated; self.zeroGradients = zeroGradients
        }

        public static func == (a: Estimate, b: Estimate) -> Bool {
            a.gammaHat == b.gammaHat && a.maxGradientNorm == b.maxGradientNorm && a.evaluated == b.evaluated
                && a.zeroGradients == b.zeroGradients && a.argmin?.sample == b.argmin?.sample
                && a.argmin?.w == b.argmin?.w && a.argmin?.wPrime == b.argmin?.wPrime
        }
    }

    /// γ̂ over `pairs` sampled pairs. H_{w'}g_j for every j costs one dual pass over the n samples
    /// each. Throws `.invalidArgument` naming `pairs` (< 1) and what the sampler and model throw.
    @inlinable
    public static func estimate<M: SampleGradientModel>(_ model: M, centre: [Double], radius: Double, pairs: Int, seed: UInt64) throws -> Estimate {
        guard pairs >= 1 else { throw NumericsError.invalidArgument(operation: "HessianContractivity.estimate", detail: "pairs = \(pairs) must be ≥ 1") }
        try model.checkParameters(centre, "HessianContractivity.estimate", "centre")
        var rng = SeededGenerator(seed: seed)
        var best: Double?, arg: (w: [Double], wPrime: [Double], sample: Int)?
        var maxG = 0.0, evaluated = 0, zeros = 0
        let all = model.allSamples
        for _ in 0..<pairs {
            let w = try uniformInBall(centre: centre, radius: radius, rng: &rng)
            let wp = try uniformInBall(centre: centre, radius: radius, rng: &rng)
            for j in all {
                let g = try model.sampleGradient(w, sample: j)
                let gg = try Vector.dot(g, g)
                maxG = max(maxG, gg.squareRoot())
                guard gg > 0 else { zeros += 1; continue }
                let hg = try model.hessianVectorProduct(at: wp, along: g, samples: all)
                let r = try Vector.dot(g, hg) / gg
                evaluated += 1
                if best == nil || r < best! { best = r; arg = (w, wp, j) } // best checked for nil first
            }
        }
        return Estimate(gammaHat: best, argmin: arg, maxGradientNorm: maxG, evaluated: evaluated, zeroGradients: zeros)
    }
}

extension HessianContractivity {
    /// For a linear model with constant curvature φ'' = c (least squares: c = 1), the ratio of Eq. 3 for
    /// sample k does not depend on w or w': g = φ'·x_k, so ρ_k = c·x_kᵀHx_k/‖x_k‖² with H = (1/n)Σx_jx_jᵀ.
    /// Exact; nil for a zero feature vector (its gradient always vanishes).
    public static func exactLinearRatios(features: [[Rational]], curvature: Rational) throws -> [Rational?] {
        let q = try selfCorrelations(of: features)
        return try zip(features, q).map { x, qk in
            let nx = try Exact.squaredNorm(x)
            return nx.isZero ? nil : try curvature * qk / nx
        }
    }
}

/// The small rational data set of the HC-DEF6 / HC-OBS1 checks (n = 6, d = 3, integer features):
/// ξ = 8/3, R² = 11, and the per-sample least-squares ratios x_kᵀHx_k/‖x_k‖² are 5/2, 8/3, 4/3,
/// 3/2, 10/9, 95/33 (minimum 10/9 at k = 5).
public enum ContractivityExample {
    public static let features: [[Double]] = [[1, 0, 1], [2, 1, 0], [0, 1, -1], [1, -2, 1], [-1, 1, 2], [3, 1, 1]]
    /// Regression targets (least squares, Huber, concave).
    public static let targets: [Double] = [0.5, 1, -1, 0.25, 1.5, 2]
    /// Class labels ±1 (logistic).
    public static let classes: [Double] = [1, -1, 1, 1, -1, 1]

    public static func model(_ link: LinkLoss) throws -> LinearModel {
        try LinearModel(features: features, labels: link == .logistic ? classes : targets, link: link)
    }
}

/// The paper's Eq. 4 estimator of contractivity along a minibatch gradient, and the exact quantity it
/// approximates. With B a minibatch, G_B(w) = (1/|B|)Σ_{j∈B}∇f(w; z_j) and g = G_B(w̃):
///
///     Eq. 4:  q(η) = (1/η)·[G_B(w̃) − G_B'(w̃ − ηg)]ᵀg / ‖g‖²        (B' = B in the paper)
///     exact:  q*   = gᵀH_B(w̃)g / ‖g‖²                                  (dual-number HVP)
///
/// Writing φ(s) = gᵀG_B(w̃ + sg)/‖g‖², q(η) = (φ(0) − φ(−η))/η = φ'(0) − (η/2)φ''(0) + (η²/6)φ'''(0) − …,
/// so q(η) − q* = c₁η + c₂η² + O(η³) with c₁ = −φ''(0)/2 and c₂ = φ'''(0)/6: first order in η.
/// Note that q* is the minibatch Hessian at the same point along its own gradient — not Def. 6's
/// full-data Hessian at an independent point along a per-sample gradient.
public enum MinibatchContractivity {
    public enum Scheme: String, Codable, Sendable {
        /// The paper's one-sided difference (Eq. 4).
        case forward = "forward difference (Eq. 4)"
        /// (1/2η)[G(w̃ + ηg) − G(w̃ − ηg)]ᵀg/‖g‖², second order (for negative controls).
        case central = "central difference"
    }

    @inlinable
    static func direction<M: SampleGradientModel>(_ m: M, _ w: [Double], _ batch: [Int]) throws -> (g: [Double], gg: Double) {
        let g = try m.meanGradient(w, samples: batch)
        let gg = try Vector.dot(g, g)
        guard gg > 0 else { throw NumericsError.divisionByZero(operation: "Eq. 4 estimator: the minibatch gradient g at w is 0, so ‖g‖² = 0") }
        return (g, gg)
    }

    /// q(η) of Eq. 4 (or the central variant), with the shifted gradient on `shiftedBatch` (B' = B in
    /// the paper). Throws `.invalidArgument` naming `eta` (≤ 0 or not finite), `.divisionByZero` when g = 0.
    @inlinable
    public static func estimate<M: SampleGradientModel>(_ m: M, at w: [Double], batch: [Int], eta: Double, scheme: Scheme = .forward,
                                                        shiftedBatch: [Int]? = nil) throws -> Double {
        guard eta.isFinite, eta > 0 else { throw NumericsError.invalidArgument(operation: "MinibatchContractivity.estimate", detail: "eta = \(eta) must be finite and > 0") }
        let (g, gg) = try direction(m, w, batch)
        let other = shiftedBatch ?? batch
        let back = try m.meanGradient(zip(w, g).map { $0 - eta * $1 }, samples: other)
        switch scheme {
        case .forward:
            return try Vector.dot(zip(g, back).map { $0 - $1 }, g) / (eta * gg)
        case .central:
            let ahead = try m.meanGradient(zip(w, g).map { $0 + eta * $1 }, samples: other)
            return try Vector.dot(zip(ahead, back).map { $0 - $1 }, g) / (2 * eta * gg)
        }
    }

    /// q* = gᵀH_B(w̃)g/‖g‖² with H_B g from one dual-number pass, in precision T (Float80 sees the exact
    /// images of the Double point). Also returns Σ_k |g_k||(H_B g)_k|/‖g‖², the magnitude the
    /// rounding of the final dot product is measured against.
    @inlinable
    public static func exactRatio<M: SampleGradientModel, T: RealFloat>(_ m: M, at w: [Double], batch: [Int], _: T.Type) throws -> (ratio: T, magnitude: T) {
        let wt = w.map { T($0) }
        let g = try m.meanGradient(wt, samples: batch)
        let gg = try Vector.dot(g, g)
        guard gg > .zero else { throw NumericsError.divisionByZero(operation: "exact contractivity ratio: the minibatch gradient g at w is 0") }
        let hg = try m.hessianVectorProduct(at: wt, along: g, samples: batch)
        var mag = T.zero
        for k in 0..<g.count { mag += abs(g[k] * hg[k]) }
        return (try Vector.dot(g, hg) / gg, mag / gg)
    }

    /// φ'(0), φ''(0), φ'''(0) for φ(s) = gᵀG_B(w̃ + sg)/‖g‖², by triple-nested dual numbers (exact to
    /// rounding): the Taylor coefficients of the Eq. 4 error are c₁ = −φ''/2 and c₂ = φ'''/6.
    @inlinable
    public static func taylor<M: SampleGradientModel>(_ m: M, at w: [Double], batch: [Int]) throws -> (first: Double, second: Double, third: Double) {
        typealias D1 = Dual<Double>
        typealias D2 = Dual<D1>
        typealias D3 = Dual<D2>
        let (g, gg) = try direction(m, w, batch)
        // s with unit derivative at every nesting level: s = 0 + ε₁ + ε₂ + ε₃ (products give the higher derivatives).
        let s = D3(D2(D1(0, derivative: 1), derivative: D1(1, derivative: 0)), derivative: D2(D1(1, derivative: 0), derivative: D1(0, derivative: 0)))
        let point = (0..<w.count).map { k in D3(constant: D2(constant: D1(constant: w[k]))) + s * D3(constant: D2(constant: D1(constant: g[k]))) }
        let grad = try m.meanGradient(point, samples: batch)
        var phi = D3.zero
        for k in 0..<g.count { phi += D3(constant: D2(constant: D1(constant: g[k] / gg))) * grad[k] }
        return (phi.value.value.derivative, phi.value.derivative.derivative, phi.derivative.derivative.derivative)
    }
}
