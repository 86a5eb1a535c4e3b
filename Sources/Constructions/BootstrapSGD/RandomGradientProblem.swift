import Numerics

/// A random per-sample-gradient problem drawn from a seed: N ∈ 3…8 points in d ∈ 1…4 with
/// standard normal features and targets, a model (least squares for even seeds, a softplus
/// network with 2…4 hidden units for odd ones), a parameter θ with N(0, 0.49) entries, and a
/// batch size B ∈ 1…min(N, 4) (so that all N^B ≤ 4096 ordered batches can be enumerated).
///
/// The data are Doubles; `gradients(_:)` converts them exactly, so Double and Float80 compute
/// gradients of the same problem and differ only by rounding.
public struct RandomGradientProblem: Sendable {
    public enum Model: String, Sendable, Codable { case leastSquares = "least squares", softplusNetwork = "softplus network" }

    public let seed: UInt64
    public let features: [[Double]]
    public let targets: [Double]
    public let model: Model
    /// Hidden width of the softplus network (0 for least squares).
    public let hidden: Int
    public let theta: [Double]
    public let batchSize: Int

    public init(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 500 &+ seed)
        let n = 3 + (try rng.int(below: 6)), d = 1 + (try rng.int(below: 4))
        model = seed % 2 == 0 ? .leastSquares : .softplusNetwork
        hidden = model == .leastSquares ? 0 : 2 + (try rng.int(below: 3))
        features = (0..<n).map { _ in (0..<d).map { _ in rng.normal() } }
        targets = (0..<n).map { _ in rng.normal() }
        let p = model == .leastSquares ? d : SoftplusNetworkSampleLoss.parameterCount(inputs: d, hidden: hidden)
        theta = (0..<p).map { _ in 0.7 * rng.normal() }
        batchSize = 1 + (try rng.int(below: min(n, 4)))
        self.seed = seed
    }

    public var count: Int { features.count }
    public var parameterCount: Int { theta.count }

    /// Per-sample gradients at θ in precision T (forward-mode AD for the network).
    public func gradients<T: RealFloat>(_: T.Type) throws -> [[T]] {
        let t = try theta.map { try T(converting: $0) }
        switch model {
        case .leastSquares:
            return try LeastSquaresProblem(features: features, targets: targets).sampleGradients(at: t)
        case .softplusNetwork:
            return try (0..<count).map { i in
                try Derivatives.gradient(of: SoftplusNetworkSampleLoss(x: features[i], y: targets[i], hidden: hidden), at: t)
            }
        }
    }
}
