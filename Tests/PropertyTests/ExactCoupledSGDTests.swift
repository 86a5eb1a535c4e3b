import Constructions
import Numerics
import Testing

@Suite("Exact coupled SGD over every index sequence")
struct ExactCoupledSGDTests {
    let loss = try! QuadraticLoss.diagonal([.one, try! Rational(1, 2)]) // literal, valid
    let s = [LabeledPoint([1, 0], 1), LabeledPoint([0, 1], 1)]
    let sPrime = [LabeledPoint([1, 0], 1), LabeledPoint([0, -1], 1)]

    @Test("one step by hand: w_1 = w_0 − α(Aw_0 − y·x) for each of the n sequences, in order")
    func oneStep() throws {
        let half = try Rational(1, 2)
        let run = try ExactCoupledSGD(loss: loss, s: s, sPrime: sPrime, steps: [half], initial: [.one, .one])
        let pairs = try run.finalPairs()
        // i = 0: w − ½((1, ½) − (1, 0)) = (1, 3/4); i = 1: w − ½((1, ½) − (0, 1)) = (1/2, 5/4) and, for S', (1/2, 1/4).
        #expect(pairs.map(\.w) == [[.one, try Rational(3, 4)], [half, try Rational(5, 4)]])
        #expect(pairs.map(\.wPrime) == [[.one, try Rational(3, 4)], [half, try Rational(1, 4)]])
        #expect(try run.expectedDivergence(pairs) == .exact(half))  // (0 + 1)/2
        // Loss gap at z = ((0, 1), 1): only the second sequence differs, by ½(25/32 − 1/32) − (5/4 − 1/4) = −5/8.
        #expect(try run.expectedLossGap(pairs, at: LabeledPoint([0, 1], 1)) == (try Rational(5, 16)))
    }

    @Test("bad input: sizes, dimensions, empty horizon, too many sequences")
    func badInput() throws {
        let a = try Rational(1, 4)
        #expect(throws: NumericsError.self) { try ExactCoupledSGD(loss: loss, s: s, sPrime: Array(sPrime.prefix(1)), steps: [a], initial: [.zero, .zero]) }
        #expect(throws: NumericsError.self) { try ExactCoupledSGD(loss: loss, s: s, sPrime: sPrime, steps: [a], initial: [.zero]) }
        #expect(throws: NumericsError.self) {
            try ExactCoupledSGD(loss: loss, s: [LabeledPoint([1], 1), s[1]], sPrime: sPrime, steps: [a], initial: [.zero, .zero])
        }
        #expect(throws: NumericsError.self) { try ExactCoupledSGD(loss: loss, s: s, sPrime: sPrime, steps: [], initial: [.zero, .zero]) }
        #expect(throws: NumericsError.self) { try ExactCoupledSGD(loss: loss, s: [], sPrime: [], steps: [a], initial: [.zero, .zero]) }
        // Steps must be positive (the README: constructors reject non-positive step sizes).
        #expect(throws: NumericsError.self) { try ExactCoupledSGD(loss: loss, s: s, sPrime: sPrime, steps: [a, .zero], initial: [.zero, .zero]) }
        #expect(throws: NumericsError.self) { try ExactCoupledSGD(loss: loss, s: s, sPrime: sPrime, steps: [-a], initial: [.zero, .zero]) }
        // 2¹⁷ sequences exceed the limit 2¹⁶; 2¹⁶ is accepted.
        #expect(throws: NumericsError.self) { try ExactCoupledSGD(loss: loss, s: s, sPrime: sPrime, steps: Array(repeating: a, count: 17), initial: [.zero, .zero]) }
        _ = try ExactCoupledSGD(loss: loss, s: s, sPrime: sPrime, steps: Array(repeating: a, count: 16), initial: [.zero, .zero])
        // Non-finite data cannot be converted exactly: a typed error when the run needs it.
        let bad = try ExactCoupledSGD(loss: loss, s: [s[0], LabeledPoint([.nan, 0], 1)], sPrime: sPrime, steps: [a], initial: [.zero, .zero])
        #expect(throws: NumericsError.self) { try bad.finalPairs() }
    }
}
