import Numerics

/// The sparse-regression problem of paper 001's diagonal-linear-network experiments (our
/// construction; the source gives no sizes): N noiseless samples y = xᵀθ* with x ~ N(0, I_d) and
/// θ* = (1, …, 1, 0, …, 0) (k ones). X is stored row-major. The population (test) loss of a
/// parameter θ is ½‖θ − θ*‖² in closed form, because E[(xᵀ(θ − θ*))²] = ‖θ − θ*‖² for x ~ N(0, I).
public struct SparseRegressionData: Sendable {
    public let n: Int
    public let d: Int
    public let features: [Double]
    public let targets: [Double]
    public let thetaStar: [Double]

    /// Draws X from the stream of `seed` (SeededGenerator(10000 + seed)). Throws for n < 2, d < 1
    /// or k outside 0…d.
    public init(seed: UInt64, n: Int = 40, d: Int = 100, k: Int = 5) throws {
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "SparseRegressionData", detail: "sample count N = \(n) must be ≥ 2") }
        guard d >= 1 else { throw NumericsError.invalidArgument(operation: "SparseRegressionData", detail: "dimension d = \(d) must be ≥ 1") }
        guard k >= 0, k <= d else { throw NumericsError.invalidArgument(operation: "SparseRegressionData", detail: "support size k = \(k) outside 0…\(d)") }
        var rng = SeededGenerator(seed: 10_000 &+ seed)
        let x = (0..<(n * d)).map { _ in rng.normal() }
        let star = (0..<d).map { $0 < k ? 1.0 : 0.0 }
        try self.init(features: x, n: n, d: d, thetaStar: star)
    }

    /// Explicit data (row-major n×d features); targets y = Xθ*. Throws for non-finite entries,
    /// N < 2 or mismatched sizes.
    public init(features: [Double], n: Int, d: Int, thetaStar: [Double]) throws {
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "SparseRegressionData", detail: "sample count N = \(n) must be ≥ 2") }
        guard d >= 1, features.count == n * d, thetaStar.count == d else {
            throw NumericsError.dimensionMismatch(operation: "SparseRegressionData", expected: "\(n)×\(d) features and θ* of length \(d)", got: "\(features.count) features, θ* of length \(thetaStar.count)")
        }
        try features.requireFinite("SparseRegressionData features")
        try thetaStar.requireFinite("SparseRegressionData θ*")
        self.n = n; self.d = d; self.features = features; self.thetaStar = thetaStar
        targets = (0..<n).map { i in (0..<d).reduce(0.0) { $0 + features[i * d + $1] * thetaStar[$1] } }
    }

    /// The same data with sample i replaced by (x, xᵀθ*).
    public func replacing(_ i: Int, with x: [Double]) throws -> SparseRegressionData {
        guard i >= 0, i < n, x.count == d else { throw NumericsError.invalidArgument(operation: "SparseRegressionData.replacing", detail: "index \(i) or feature length \(x.count)") }
        var f = features
        for k in 0..<d { f[i * d + k] = x[k] }
        return try SparseRegressionData(features: f, n: n, d: d, thetaStar: thetaStar)
    }

    /// ½‖θ − θ*‖², the population loss.
    public func testLoss(_ theta: [Double]) -> Double {
        var s = 0.0
        for k in 0..<d { let r = theta[k] - thetaStar[k]; s += r * r }
        return s / 2
    }

    /// (1/N)Σ ½(x_iᵀθ − y_i)².
    public func trainingLoss(_ theta: [Double]) -> Double {
        var s = 0.0
        for i in 0..<n {
            var r = -targets[i]
            for k in 0..<d { r += features[i * d + k] * theta[k] }
            s += r * r
        }
        return s / (2 * Double(n))
    }

    /// The population loss of a single fresh sample x (for identity (I) of BS-L1 on this problem).
    public func sampleLoss(_ theta: [Double], x: [Double], y: Double) -> Double {
        var r = -y
        for k in 0..<d { r += x[k] * theta[k] }
        return r * r / 2
    }
}

/// The diagonal linear network θ = u⊙u − v⊙v trained by SGD (batch 1, indices i.i.d. uniform) on
/// the per-sample loss ½(xᵀθ − y)² plus the paper's regularizers λ₁Γ(w) + λ₂‖g_j(w) − ḡ(w)‖²
/// (the same index j as the loss), all gradients in closed form:
/// with r = Xθ − y, c = Xᵀr/N, q = u⊙u + v⊙v, P = X⊙X, G = XᵀX/N and e = r_j x_j − c,
///   Γ = (4/N)Σ_i r_i²(Pq)_i − 4Σ_k c_k²q_k,  Reg2_j/λ₂ = 4Σ_k e_k²q_k,
///   ∇_u = 8u⊙(S + A), ∇_v = 8v⊙(S − A) with
///   S = λ₁((1/N)Pᵀ(r⊙r) − c⊙c) + λ₂ e⊙e,  A = λ₁((2/N)Xᵀ(r⊙Pq) − 2G(c⊙q)) + λ₂(2x_j(x_jᵀ(e⊙q)) − 2G(e⊙q)).
/// When λ₁ = λ₂ = 0 the step is plain SGD (the regularizer terms are skipped, so the run is
/// bitwise plain SGD on the same index stream).
public struct DiagonalLinearNetwork: Sendable {
    public enum Outcome: String, Sendable, Codable {
        /// Final training loss below the threshold.
        case interpolating
        /// Finite weights, final training loss ≥ the threshold (in this problem: weights driven to ≈ 0).
        case nonInterpolating = "non-interpolating"
        /// A non-finite weight or max |weight| above the divergence threshold at a check.
        case diverged
    }

    public struct Configuration: Sendable, Codable, Equatable {
        public var learningRate: Double
        public var steps: Int
        public var lambda1: Double
        public var lambda2: Double
        public var initialScale: Double
        public init(learningRate: Double, steps: Int, lambda1: Double = 0, lambda2: Double = 0, initialScale: Double = 0.1) {
            self.learningRate = learningRate; self.steps = steps; self.lambda1 = lambda1; self.lambda2 = lambda2; self.initialScale = initialScale
        }
    }

    public struct Run: Sendable {
        public let outcome: Outcome
        /// Final θ (nil when the run diverged: its weights are not reported as numbers).
        public let theta: [Double]?
        public let u: [Double]
        public let v: [Double]
        /// Test loss ½‖θ − θ*‖² (nil when diverged).
        public let testLoss: Double?
        public let trainingLoss: Double?
        /// The step at which divergence was detected.
        public let divergedAt: Int?
    }

    /// Weights are checked every this many steps (C5 of the catalog).
    public static let checkInterval = 500
    public static let divergenceThreshold = 1e3
    public static let interpolationThreshold = 1e-2

    public let data: SparseRegressionData
    public let configuration: Configuration

    /// Throws for η ≤ 0, steps < 1, λ < 0 or any non-finite parameter, naming the argument.
    public init(data: SparseRegressionData, configuration c: Configuration) throws {
        guard c.learningRate.isFinite, c.learningRate > 0 else {
            throw NumericsError.invalidArgument(operation: "DiagonalLinearNetwork", detail: "learning rate η = \(c.learningRate) must be finite and > 0")
        }
        guard c.steps >= 1 else { throw NumericsError.invalidArgument(operation: "DiagonalLinearNetwork", detail: "steps T = \(c.steps) must be ≥ 1") }
        guard c.lambda1.isFinite, c.lambda1 >= 0 else { throw NumericsError.invalidArgument(operation: "DiagonalLinearNetwork", detail: "λ₁ = \(c.lambda1) must be finite and ≥ 0") }
        guard c.lambda2.isFinite, c.lambda2 >= 0 else { throw NumericsError.invalidArgument(operation: "DiagonalLinearNetwork", detail: "λ₂ = \(c.lambda2) must be finite and ≥ 0") }
        guard c.initialScale.isFinite, c.initialScale > 0 else {
            throw NumericsError.invalidArgument(operation: "DiagonalLinearNetwork", detail: "initial scale α = \(c.initialScale) must be finite and > 0")
        }
        self.data = data; configuration = c
    }

    /// Trains from u = v = α·1 with the index stream `indices` (one index per step, each in 0..<N).
    /// `observe(t, u, v)` is called before step t for every t in `checkpoints` (and with t = steps
    /// at the end when listed). A diverged run stops at the check that detects it.
    public func train(indices: [Int], checkpoints: Set<Int> = [], observe: ((Int, [Double], [Double]) throws -> Void)? = nil) throws -> Run {
        let n = data.n, d = data.d, c = configuration
        guard indices.count >= c.steps else {
            throw NumericsError.dimensionMismatch(operation: "DiagonalLinearNetwork.train", expected: "\(c.steps) indices", got: "\(indices.count)")
        }
        for j in indices.prefix(c.steps) where j < 0 || j >= n {
            throw NumericsError.invalidArgument(operation: "DiagonalLinearNetwork.train", detail: "index \(j) outside 0..<\(n)")
        }
        let regularized = c.lambda1 != 0 || c.lambda2 != 0, useReg1 = c.lambda1 != 0
        let eta = c.learningRate, l1 = c.lambda1, l2 = c.lambda2
        let invN = 1 / Double(n)
        // Scratch buffers: twelve vectors of length d, four of length N, then X row-major and column-major.
        let buf = UnsafeMutablePointer<Double>.allocate(capacity: 12 * d + 4 * n + 2 * n * d)
        defer { buf.deallocate() }
        buf.initialize(repeating: 0, count: 12 * d + 4 * n + 2 * n * d)
        let u = buf, v = buf + d, theta = buf + 2 * d, q = buf + 3 * d, cv = buf + 4 * d, aX = buf + 5 * d, bP = buf + 6 * d
        let z = buf + 7 * d, gz = buf + 8 * d, e = buf + 9 * d, gu = buf + 10 * d, gv = buf + 11 * d
        let y = buf + 12 * d, r = y + n, pq = r + n, w = pq + n, xr = w + n, xc = xr + n * d
        for i in 0..<n { y[i] = data.targets[i]; for k in 0..<d { xr[i * d + k] = data.features[i * d + k]; xc[k * n + i] = data.features[i * d + k] } }
        for k in 0..<d { u[k] = c.initialScale; v[k] = c.initialScale }
        var divergedAt: Int?
        func snapshot() -> ([Double], [Double]) { (Array(UnsafeBufferPointer(start: u, count: d)), Array(UnsafeBufferPointer(start: v, count: d))) }
        for t in 0...c.steps {
            if t % DiagonalLinearNetwork.checkInterval == 0 || t == c.steps {
                var bad = false
                for k in 0..<d where !(abs(u[k]) <= DiagonalLinearNetwork.divergenceThreshold && abs(v[k]) <= DiagonalLinearNetwork.divergenceThreshold) { bad = true; break }
                if bad { divergedAt = t; break }
            }
            if let observe, checkpoints.contains(t) { let (su, sv) = snapshot(); try observe(t, su, sv) }
            if t == c.steps { break }
            let j = indices[t]
            let xj = xr + j * d
            for k in 0..<d { theta[k] = u[k] * u[k] - v[k] * v[k] }
            var rj: Double
            if regularized {
                for k in 0..<d { q[k] = u[k] * u[k] + v[k] * v[k] }
                // r = Xθ − y and Pq = (X⊙X)q, column by column (vectorisable over i).
                // Blocks of eight i held in registers while k runs (k ascending per accumulator, as in the
                // plain column loop that the tail keeps): bit-for-bit the same r and Pq.
                let nBlocked = n - n % 8
                var i0 = 0
                while i0 < nBlocked {
                    let yb = y + i0
                    var r8 = -SIMD8(yb[0], yb[1], yb[2], yb[3], yb[4], yb[5], yb[6], yb[7])
                    if useReg1 {
                        var p8 = SIMD8<Double>(repeating: 0)
                        for k in 0..<d {
                            let c = xc + k * n + i0
                            let x = SIMD8(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])
                            r8 += x * theta[k]; p8 += x * x * q[k]
                        }
                        for l in 0..<8 { pq[i0 + l] = p8[l] }
                    } else {
                        for k in 0..<d {
                            let c = xc + k * n + i0
                            r8 += SIMD8(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]) * theta[k]
                        }
                    }
                    for l in 0..<8 { r[i0 + l] = r8[l] }
                    i0 += 8
                }
                for i in nBlocked..<n { r[i] = -y[i]; pq[i] = 0 }
                if nBlocked < n {
                    for k in 0..<d {
                        let col = xc + k * n, tk = theta[k], qk = q[k]
                        if useReg1 {
                            for i in nBlocked..<n { let x = col[i]; r[i] += x * tk; pq[i] += x * x * qk }
                        } else {
                            for i in nBlocked..<n { r[i] += col[i] * tk }
                        }
                    }
                }
                rj = r[j]
                // c = Xᵀr/N, Xᵀ(r⊙Pq), Pᵀ(r⊙r): blocks of four k held in registers while i runs. Every
                // accumulator still receives its terms for i = 0, 1, …, N − 1 in that order, with the same
                // products, so the sums are bit-for-bit those of the plain row-by-row loop (which the tail keeps).
                let dBlocked = d - d % 4
                var k0 = 0
                while k0 < dBlocked {
                    var c4 = SIMD4<Double>(repeating: 0)
                    if useReg1 {
                        var a4 = c4, b4 = c4
                        for i in 0..<n {
                            let row = xr + i * d + k0, ri = r[i]
                            let x = SIMD4(row[0], row[1], row[2], row[3])
                            let a = ri * pq[i], b = ri * ri
                            c4 += ri * x; a4 += a * x; b4 += b * x * x
                        }
                        for l in 0..<4 { aX[k0 + l] = a4[l]; bP[k0 + l] = b4[l] }
                    } else {
                        for i in 0..<n {
                            let row = xr + i * d + k0
                            c4 += r[i] * SIMD4(row[0], row[1], row[2], row[3])
                        }
                    }
                    for l in 0..<4 { cv[k0 + l] = c4[l] }
                    k0 += 4
                }
                for k in dBlocked..<d { cv[k] = 0; aX[k] = 0; bP[k] = 0 }
                if dBlocked < d {
                    for i in 0..<n {
                        let row = xr + i * d, ri = r[i]
                        if useReg1 {
                            let a = ri * pq[i], b = ri * ri
                            for k in dBlocked..<d { let x = row[k]; cv[k] += ri * x; aX[k] += a * x; bP[k] += b * x * x }
                        } else {
                            for k in dBlocked..<d { cv[k] += ri * row[k] }
                        }
                    }
                }
                var xeq = 0.0
                for k in 0..<d {
                    cv[k] *= invN
                    e[k] = rj * xj[k] - cv[k]
                    z[k] = (l1 * cv[k] + l2 * e[k]) * q[k]
                    xeq += xj[k] * e[k] * q[k]
                }
                // G z = Xᵀ(Xz)/N.
                i0 = 0
                while i0 < nBlocked {
                    var w8 = SIMD8<Double>(repeating: 0)
                    for k in 0..<d { let c = xc + k * n + i0; w8 += SIMD8(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]) * z[k] }
                    for l in 0..<8 { w[i0 + l] = w8[l] }
                    i0 += 8
                }
                for i in nBlocked..<n { w[i] = 0 }
                if nBlocked < n { for k in 0..<d { let col = xc + k * n, zk = z[k]; for i in nBlocked..<n { w[i] += col[i] * zk } } }
                // Xᵀw in the same register blocks (i ascending per accumulator, as in the plain loop).
                k0 = 0
                while k0 < dBlocked {
                    var g4 = SIMD4<Double>(repeating: 0)
                    for i in 0..<n { let row = xr + i * d + k0; g4 += SIMD4(row[0], row[1], row[2], row[3]) * w[i] }
                    for l in 0..<4 { gz[k0 + l] = g4[l] }
                    k0 += 4
                }
                for k in dBlocked..<d { gz[k] = 0 }
                if dBlocked < d { for i in 0..<n { let row = xr + i * d, wi = w[i]; for k in dBlocked..<d { gz[k] += row[k] * wi } } }
                for k in 0..<d {
                    let sym = l1 * (invN * bP[k] - cv[k] * cv[k]) + l2 * e[k] * e[k]
                    let anti = l1 * 2 * invN * aX[k] + l2 * 2 * xj[k] * xeq - 2 * invN * gz[k]
                    gu[k] = 2 * rj * xj[k] * u[k] + 8 * u[k] * (sym + anti)
                    gv[k] = -2 * rj * xj[k] * v[k] + 8 * v[k] * (sym - anti)
                }
            } else {
                rj = -y[j]
                for k in 0..<d { rj += xj[k] * theta[k] }
                for k in 0..<d { gu[k] = 2 * rj * xj[k] * u[k]; gv[k] = -2 * rj * xj[k] * v[k] }
            }
            for k in 0..<d { u[k] -= eta * gu[k]; v[k] -= eta * gv[k] }
        }
        let (fu, fv) = snapshot()
        if let t = divergedAt {
            return Run(outcome: .diverged, theta: nil, u: fu, v: fv, testLoss: nil, trainingLoss: nil, divergedAt: t)
        }
        let th = (0..<d).map { fu[$0] * fu[$0] - fv[$0] * fv[$0] }
        let train = data.trainingLoss(th)
        let outcome: Outcome = train < DiagonalLinearNetwork.interpolationThreshold ? .interpolating : .nonInterpolating
        return Run(outcome: outcome, theta: th, u: fu, v: fv, testLoss: data.testLoss(th), trainingLoss: train, divergedAt: nil)
    }

    /// i.i.d. uniform indices from the stream of `seed`.
    public static func indexStream(n: Int, steps: Int, seed: UInt64) throws -> [Int] {
        var rng = SeededGenerator(seed: seed)
        return try (0..<steps).map { _ in try rng.int(below: n) }
    }

    // MARK: closed forms used by the tests and by BS-FIG3

    /// Γ(w) in closed form (see the type's comment).
    public static func gradientVariance(_ data: SparseRegressionData, u: [Double], v: [Double]) -> Double {
        let n = data.n, d = data.d
        let theta = (0..<d).map { u[$0] * u[$0] - v[$0] * v[$0] }, q = (0..<d).map { u[$0] * u[$0] + v[$0] * v[$0] }
        var c = Array(repeating: 0.0, count: d), s = 0.0
        for i in 0..<n {
            var r = -data.targets[i], pq = 0.0
            for k in 0..<d { let x = data.features[i * d + k]; r += x * theta[k]; pq += x * x * q[k] }
            s += r * r * pq
            for k in 0..<d { c[k] += r * data.features[i * d + k] / Double(n) }
        }
        var t = 0.0
        for k in 0..<d { t += c[k] * c[k] * q[k] }
        return 4 * s / Double(n) - 4 * t
    }

    /// ‖g_j − ḡ‖² for sample j.
    public static func sampleDeviation(_ data: SparseRegressionData, u: [Double], v: [Double], index j: Int) -> Double {
        let n = data.n, d = data.d
        let theta = (0..<d).map { u[$0] * u[$0] - v[$0] * v[$0] }
        var r = Array(repeating: 0.0, count: n), c = Array(repeating: 0.0, count: d)
        for i in 0..<n {
            var ri = -data.targets[i]
            for k in 0..<d { ri += data.features[i * d + k] * theta[k] }
            r[i] = ri
            for k in 0..<d { c[k] += ri * data.features[i * d + k] / Double(n) }
        }
        var s = 0.0
        for k in 0..<d { let e = r[j] * data.features[j * d + k] - c[k]; s += 4 * e * e * (u[k] * u[k] + v[k] * v[k]) }
        return s
    }

    /// The regularizer gradient (∇_u, ∇_v) of λ₁Γ + λ₂‖g_j − ḡ‖² alone: the full gradient minus
    /// the loss part (for the finite-difference test of the closed forms).
    public static func regularizerGradient(_ data: SparseRegressionData, u: [Double], v: [Double], index j: Int,
                                           lambda1: Double, lambda2: Double) throws -> (u: [Double], v: [Double]) {
        let reg = try DiagonalLinearNetwork(data: data, configuration: Configuration(learningRate: 1, steps: 1, lambda1: lambda1, lambda2: lambda2))
        let plain = try DiagonalLinearNetwork(data: data, configuration: Configuration(learningRate: 1, steps: 1))
        let a = try reg.gradient(u: u, v: v, index: j), b = try plain.gradient(u: u, v: v, index: j)
        return ((0..<data.d).map { a.u[$0] - b.u[$0] }, (0..<data.d).map { a.v[$0] - b.v[$0] })
    }

    /// The gradient of one step's objective ½r_j² + λ₁Γ + λ₂‖g_j − ḡ‖² at (u, v), by the same
    /// closed form as `train` (written out without the fused passes).
    public func gradient(u: [Double], v: [Double], index j: Int) throws -> (u: [Double], v: [Double]) {
        let d = data.d
        guard u.count == d, v.count == d else {
            throw NumericsError.dimensionMismatch(operation: "DiagonalLinearNetwork.gradient", expected: "u, v of length \(d)", got: "\(u.count), \(v.count)")
        }
        guard j >= 0, j < data.n else { throw NumericsError.invalidArgument(operation: "DiagonalLinearNetwork.gradient", detail: "index \(j) outside 0..<\(data.n)") }
        return DiagonalLinearNetwork.gradient(data: data, configuration: configuration, u: u, v: v, index: j)
    }

    static func gradient(data: SparseRegressionData, configuration c: Configuration, u: [Double], v: [Double], index j: Int) -> (u: [Double], v: [Double]) {
        let n = data.n, d = data.d, X = data.features
        let theta = (0..<d).map { u[$0] * u[$0] - v[$0] * v[$0] }, q = (0..<d).map { u[$0] * u[$0] + v[$0] * v[$0] }
        var r = Array(repeating: 0.0, count: n), pq = r
        for i in 0..<n {
            var ri = -data.targets[i], pi = 0.0
            for k in 0..<d { let x = X[i * d + k]; ri += x * theta[k]; pi += x * x * q[k] }
            r[i] = ri; pq[i] = pi
        }
        var gu = (0..<d).map { 2 * r[j] * X[j * d + $0] * u[$0] }, gv = (0..<d).map { -2 * r[j] * X[j * d + $0] * v[$0] }
        let l1 = c.lambda1, l2 = c.lambda2
        if l1 != 0 || l2 != 0 {
            var cv = Array(repeating: 0.0, count: d), aX = cv, bP = cv
            for i in 0..<n {
                for k in 0..<d { let x = X[i * d + k]; cv[k] += r[i] * x / Double(n); aX[k] += r[i] * pq[i] * x; bP[k] += r[i] * r[i] * x * x }
            }
            let e = (0..<d).map { r[j] * X[j * d + $0] - cv[$0] }
            let z = (0..<d).map { (l1 * cv[$0] + l2 * e[$0]) * q[$0] }
            var xeq = 0.0
            for k in 0..<d { xeq += X[j * d + k] * e[k] * q[k] }
            var gz = Array(repeating: 0.0, count: d)
            for i in 0..<n {
                var s = 0.0
                for k in 0..<d { s += X[i * d + k] * z[k] }
                for k in 0..<d { gz[k] += X[i * d + k] * s }
            }
            for k in 0..<d {
                let sym = l1 * (bP[k] / Double(n) - cv[k] * cv[k]) + l2 * e[k] * e[k]
                let anti = l1 * 2 * aX[k] / Double(n) + l2 * 2 * X[j * d + k] * xeq - 2 * gz[k] / Double(n)
                gu[k] += 8 * u[k] * (sym + anti)
                gv[k] += 8 * v[k] * (sym - anti)
            }
        }
        return (gu, gv)
    }
}
