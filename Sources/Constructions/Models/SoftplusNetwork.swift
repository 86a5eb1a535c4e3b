import Numerics

/// A one-hidden-layer network f(x) = Σ_h v_h·softplus(w_hᵀx) with softplus(t) = log(1 + eᵗ),
/// and the per-sample squared error ½(f(x) − y)².
///
/// Parameters θ = (W row-major, v): hidden·d weights, then hidden output weights. Written over
/// any `Real`, so gradients come from forward-mode AD in Double and Float80 alike. Unlike least
/// squares, its per-sample gradients are not rational functions of the data (exp and log
/// enter), so it exercises the numerical tier where no exact reference exists.
public struct SoftplusNetworkSampleLoss: ScalarFunction {
    public let x: [Double]
    public let y: Double
    public let hidden: Int

    /// Throws for an empty input, hidden < 1, or non-finite data.
    public init(x: [Double], y: Double, hidden: Int) throws {
        guard !x.isEmpty else { throw NumericsError.empty(operation: "SoftplusNetworkSampleLoss input") }
        guard hidden >= 1 else { throw NumericsError.invalidArgument(operation: "SoftplusNetworkSampleLoss", detail: "hidden width \(hidden) < 1") }
        try x.requireFinite("SoftplusNetworkSampleLoss input")
        try [y].requireFinite("SoftplusNetworkSampleLoss target")
        self.x = x; self.y = y; self.hidden = hidden
    }

    public static func parameterCount(inputs d: Int, hidden: Int) -> Int { hidden * d + hidden }
    public var inputDimension: Int { Self.parameterCount(inputs: x.count, hidden: hidden) }

    public func callAsFunction<T: Real>(_ theta: [T]) throws -> T {
        guard theta.count == inputDimension else {
            throw NumericsError.dimensionMismatch(operation: "softplus network loss", expected: "θ of length \(inputDimension)", got: "\(theta.count)")
        }
        let d = x.count
        var f = T.zero
        for h in 0..<hidden {
            var pre = T.zero
            for k in 0..<d { pre += theta[h * d + k] * T(x[k]) }
            f += theta[hidden * d + h] * T.log1p(T.exp(pre))
        }
        let r = f - T(y)
        return T(0.5) * r * r
    }
}
