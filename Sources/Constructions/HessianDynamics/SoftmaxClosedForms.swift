import Numerics

/// Closed forms of the softmax cross-entropy Hessian, gradient second moment and H_p of an MLP (paper 004's LI-P1-CF), formed
/// from the network's own forward pass and back-propagated vectors — no automatic differentiation. With q = softmax(φ),
/// r = q − e_y, S = diag(q) − qqᵀ and J = ∂φ/∂θ (k × p), per sample:
///   ∇f = Jᵀr,  Hess f = JᵀSJ + R,  R = Σ_c r_c Hess φ_c,  ggᵀ = JᵀrrᵀJ,  Hess p/p = Jᵀ(rrᵀ − S)J − R.
/// For a piecewise-linear activation φ is affine in each layer's parameters (fixed pattern), so R has no entries inside a
/// layer and between layers l < l′ only (W_l or b_l) × W_l′ entries:
///   ∂²φ_c/∂W_l[a,b]∂W_l′[c′,d′] = δ_l′^{(c)}[c′]·(∂h_{l′−1}[d′]/∂z_l[a])·h_{l−1}[b]   (b_l[a]: the same with h_{l−1}[b] → 1),
/// contracted over c first: ρ_l′ = Σ_c r_cδ_l′^{(c)} is one back-propagation of r. For a smooth activation (tanh) these
/// formulas omit the activation's curvature and are wrong — kept computable, as a negative control.
public struct SoftmaxCrossEntropyClosedForms<T: RealFloat>: Sendable {
    public let gradient: [T]
    /// (1/n)ΣJᵀSJ.
    public let gaussNewton: Matrix<T>
    /// (1/n)ΣR_i, the cross-layer curvature of the network.
    public let networkCurvature: Matrix<T>
    /// (1/n)Σ∇f_i∇f_iᵀ.
    public let secondMoment: Matrix<T>

    /// H_f = (1/n)Σ(JᵀSJ + R).
    public var hessian: Matrix<T> { get throws { try gaussNewton.adding(networkCurvature) } }
    /// H_p = (1/n)ΣHess p_i/p_i = (1/n)Σ(Jᵀ(rrᵀ − S)J − R), formed as M − GN − R.
    public var probabilityCurvature: Matrix<T> { get throws { try secondMoment.subtracting(gaussNewton).subtracting(networkCurvature) } }

    /// - Throws: `.invalidArgument` for a loss other than softmax cross-entropy or data without class labels,
    ///   `.dimensionMismatch` for θ or inputs of the wrong size.
    @inlinable
    public init(net: MultilayerPerceptron, theta: [T], data: MultilayerPerceptron.Data) throws {
        guard net.loss == .softmaxCrossEntropy else {
            throw NumericsError.invalidArgument(operation: "SoftmaxCrossEntropyClosedForms", detail: "the loss must be softmax cross-entropy, got \(net.loss.rawValue)")
        }
        guard case .classes(let labels) = data.targets else {
            throw NumericsError.invalidArgument(operation: "SoftmaxCrossEntropyClosedForms", detail: "data with class labels expected")
        }
        guard theta.count == net.parameterCount else {
            throw NumericsError.dimensionMismatch(operation: "SoftmaxCrossEntropyClosedForms θ", expected: "\(net.parameterCount)", got: "\(theta.count)")
        }
        guard data.inputDimension == net.inputDimension else {
            throw NumericsError.dimensionMismatch(operation: "SoftmaxCrossEntropyClosedForms inputs", expected: "\(net.inputDimension)", got: "\(data.inputDimension)")
        }
        let w = net.widths, layers = w.count - 1, p = net.parameterCount, k = w[layers], n = data.count
        // Offsets of W_l and b_l (l = 1…L) in the C3 order.
        var weightOffset = [Int](repeating: 0, count: layers + 1), biasOffset = weightOffset
        var o = 0
        for l in 1...layers { weightOffset[l] = o; o += w[l] * w[l - 1]; biasOffset[l] = o; o += w[l] }
        func weight(_ l: Int, _ a: Int, _ b: Int) -> T { theta[weightOffset[l] + a * w[l - 1] + b] }

        var gradient = [T](repeating: .zero, count: p)
        var gn = [T](repeating: .zero, count: p * p), curvature = gn, moment = gn
        let scale = T.one / T(n)
        for i in 0..<n {
            // Forward pass: h[0] = x, z[l], h[l] = σ(z[l]) for hidden layers, slope[l] = σ′(z[l]); φ = z[L].
            var h: [[T]] = [(0..<w[0]).map { T(data.inputs[i * w[0] + $0]) }]
            var z: [[T]] = [[]], slope: [[T]] = [[]]
            for l in 1...layers {
                let zl = (0..<w[l]).map { a in (0..<w[l - 1]).reduce(theta[biasOffset[l] + a]) { $0 + weight(l, a, $1) * h[l - 1][$1] } }
                z.append(zl)
                if l < layers {
                    let (values, derivatives) = Self.activate(net.activation, zl)
                    h.append(values); slope.append(derivatives)
                } else {
                    h.append(zl); slope.append([T](repeating: .one, count: w[l]))
                }
            }
            let phi = z[layers]
            var top = phi[0]
            for v in phi where v > top { top = v }
            let e = phi.map { T.exp($0 - top) }
            let total = e.reduce(T.zero, +)
            let q = e.map { $0 / total }
            var r = q
            r[labels[i]] -= .one

            // Back-propagation of an output vector v: δ_L = v, δ_l = σ′(z_l) ⊙ W_{l+1}ᵀδ_{l+1}; returns δ_1…δ_L.
            func backward(_ v: [T]) -> [[T]] {
                var delta = [[T]](repeating: [], count: layers + 1)
                delta[layers] = v
                if layers > 1 {
                    for l in stride(from: layers - 1, through: 1, by: -1) {
                        delta[l] = (0..<w[l]).map { a in slope[l][a] * (0..<w[l + 1]).reduce(T.zero) { $0 + weight(l + 1, $1, a) * delta[l + 1][$1] } }
                    }
                }
                return delta
            }
            func parameterVector(_ delta: [[T]]) -> [T] {
                var g = [T](repeating: .zero, count: p)
                for l in 1...layers {
                    for a in 0..<w[l] {
                        for b in 0..<w[l - 1] { g[weightOffset[l] + a * w[l - 1] + b] = delta[l][a] * h[l - 1][b] }
                        g[biasOffset[l] + a] = delta[l][a]
                    }
                }
                return g
            }
            let jacobian = (0..<k).map { c in parameterVector(backward((0..<k).map { $0 == c ? T.one : .zero })) }
            let g = parameterVector(backward(r))
            // JᵀSJ = Σ_c q_c J_cᵀJ_c − (Jᵀq)(Jᵀq)ᵀ, lower triangle.
            var jq = [T](repeating: .zero, count: p)
            for c in 0..<k { for a in 0..<p { jq[a] += q[c] * jacobian[c][a] } }
            for a in 0..<p {
                for b in 0...a {
                    var s = -jq[a] * jq[b]
                    for c in 0..<k { s += q[c] * jacobian[c][a] * jacobian[c][b] }
                    gn[a * p + b] += scale * s
                    moment[a * p + b] += scale * g[a] * g[b]
                }
                gradient[a] += scale * g[a]
            }
            // R: ρ = back-propagated r; P_{m,l} = ∂h_m/∂z_l = diag(σ′_m)W_m⋯W_{l+1}diag(σ′_l) for l ≤ m < L.
            let rho = backward(r)
            for l in 1..<layers {
                var carry = (0..<w[l]).map { d in (0..<w[l]).map { a in d == a ? slope[l][a] : T.zero } } // P_{l,l}
                for lp in (l + 1)...layers {
                    // carry = P_{lp−1,l} (w[lp−1] × w[l]).
                    for a in 0..<w[l] {
                        for cp in 0..<w[lp] {
                            for dp in 0..<w[lp - 1] {
                                let coefficient = scale * rho[lp][cp] * carry[dp][a]
                                if coefficient == .zero { continue }
                                let column = weightOffset[lp] + cp * w[lp - 1] + dp
                                for b in 0..<w[l - 1] { curvature[column * p + weightOffset[l] + a * w[l - 1] + b] += coefficient * h[l - 1][b] }
                                curvature[column * p + biasOffset[l] + a] += coefficient
                            }
                        }
                    }
                    if lp < layers {
                        carry = (0..<w[lp]).map { c in (0..<w[l]).map { a in slope[lp][c] * (0..<w[lp - 1]).reduce(T.zero) { $0 + weight(lp, c, $1) * carry[$1][a] } } }
                    }
                }
            }
        }
        // Fill the symmetric halves (R was accumulated in the rows of the later layer's weights: column > row index).
        for a in 0..<p {
            for b in 0..<a {
                gn[b * p + a] = gn[a * p + b]; moment[b * p + a] = moment[a * p + b]
                curvature[b * p + a] += curvature[a * p + b]; curvature[a * p + b] = curvature[b * p + a]
            }
        }
        self.gradient = gradient
        self.gaussNewton = try Matrix(rows: p, columns: p, elements: gn)
        self.networkCurvature = try Matrix(rows: p, columns: p, elements: curvature)
        self.secondMoment = try Matrix(rows: p, columns: p, elements: moment)
    }

    @inlinable
    static func activate(_ activation: MultilayerPerceptron.Activation, _ z: [T]) -> ([T], [T]) {
        switch activation {
        case .relu: return (z.map { $0 > .zero ? $0 : .zero }, z.map { $0 > .zero ? T.one : .zero })
        case .leakyReLU(let a): return (z.map { $0 > .zero ? $0 : T(a) * $0 }, z.map { $0 > .zero ? T.one : T(a) })
        case .tanh:
            let t = z.map { stableTanh($0) }
            return (t, t.map { T.one - $0 * $0 })
        }
    }
}
