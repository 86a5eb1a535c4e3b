import Numerics

/// The typed hypotheses and parameters of a construction. Each field that encodes a hypothesis
/// (`sampling`, `stepCondition`, `mu0`, …) is named by a `Hypothesis`, and a negative control is
/// this value with one field changed. `Codable` lets the report print every field and lets the
/// layer compute exactly which fields a control changed; `Equatable` lets it refuse a control
/// that changes nothing.
public protocol ClaimSetup: Codable, Equatable, Sendable {}

/// One hypothesis of a statement, in our own words, tied to the setup field that encodes it
/// (nil when the hypothesis is a fixed property of the construction rather than a switch).
public struct Hypothesis: Codable, Equatable, Sendable {
    public let field: String?
    public let text: String
    public init(_ text: String, field: String? = nil) { self.field = field; self.text = text }
}

/// `quick` is what the tests, CI and the committed report use; `full` uses the paper-scale sample
/// counts and writes to a separate directory that is never compared with the quick baseline.
public enum Scale: String, Codable, Sendable, CaseIterable {
    case quick, full
}

/// A sample count a check uses, declared per scale so that the report can state it.
public struct SampleCount: Codable, Equatable, Sendable {
    public let key: String
    public let meaning: String
    public let quick: Int
    public let full: Int
    public init(_ key: String, _ meaning: String, quick: Int, full: Int) {
        self.key = key; self.meaning = meaning; self.quick = quick; self.full = full
    }
    public func value(at scale: Scale) -> Int { scale == .quick ? quick : full }
}

/// What a check may ask of the run: the scale and the declared sample counts.
public struct CheckContext: Sendable {
    public let scale: Scale
    public let samples: [SampleCount]
    public init(scale: Scale, samples: [SampleCount]) { self.scale = scale; self.samples = samples }

    /// The declared count for `key` at this scale; throws when the statement did not declare it,
    /// so that every count a check uses appears in the report.
    public func count(_ key: String) throws -> Int {
        guard let s = samples.first(where: { $0.key == key }) else {
            throw ClaimsError.declaration("sample count '\(key)' is used by the check but not declared in the statement's samples")
        }
        return s.value(at: scale)
    }
}

/// A plot a check attaches; it is written next to the claim's report page as `<ID>-<key>.svg`.
public struct Plot: Sendable, Equatable {
    /// File-name safe: a–z, 0–9 and '-'.
    public let key: String
    /// One or two sentences under the image: what is drawn and what to look for.
    public let caption: String
    public let chart: LinePlot
    public init(key: String, caption: String, chart: LinePlot) { self.key = key; self.caption = caption; self.chart = chart }
}

/// What a check returns: figures (with requirements), plots, and a one-paragraph summary of
/// what it found when everything it asserts is met.
public struct Evidence: Sendable {
    public var figures: [Figure] = []
    public var plots: [Plot] = []
    public var summary: String = ""
    public init() {}
    public mutating func add(_ f: Figure) { figures.append(f) }
    public mutating func add(_ fs: [Figure]) { figures += fs }
}

/// A check maps a setup to evidence. The same function runs on the claim's setup and on every
/// negative control's mutated setup.
public typealias Check<Setup> = @Sendable (Setup, CheckContext) throws -> Evidence

/// What a control must show.
public enum ControlExpectation: String, Codable, Sendable {
    /// A negative control: some conclusion requirement must fail.
    case fails
    /// A sanity control: every requirement must be met.
    case passes
}

/// A negative control: the statement's setup with one hypothesis dropped or one mutation. The
/// statement's own check runs on it and must fail a conclusion (or vacuity) requirement. A
/// sanity control is the reverse (the check must pass on the changed setup): it shows that a
/// check which refutes a statement can also accept one.
public struct Control<Setup: ClaimSetup>: Sendable {
    public enum Kind: Sendable, Equatable {
        /// The setup field (a hypothesis) that is dropped.
        case dropsHypothesis(String)
        /// A deliberate change of the construction or of a formula.
        case mutation
        /// The control needs code of its own; the reason is shown in the report.
        case differentCode(String)
    }

    public typealias Expectation = ControlExpectation

    public let name: String
    public let description: String
    public let kind: Kind
    public let expectation: Expectation
    let mutate: @Sendable (inout Setup) -> Void
    let alternativeCheck: Check<Setup>?

    /// Drops the hypothesis encoded by `field`; the mutation must change that field.
    public static func dropping(_ field: String, name: String, _ description: String,
                                _ mutate: @escaping @Sendable (inout Setup) -> Void) -> Control {
        Control(name: name, description: description, kind: .dropsHypothesis(field), expectation: .fails, mutate: mutate, alternativeCheck: nil)
    }

    /// A deliberate mutation of the construction (or of a formula the check compares with).
    public static func mutation(name: String, _ description: String, _ mutate: @escaping @Sendable (inout Setup) -> Void) -> Control {
        Control(name: name, description: description, kind: .mutation, expectation: .fails, mutate: mutate, alternativeCheck: nil)
    }

    /// A control that cannot reuse the statement's check; `why` is printed in the report.
    public static func differentCode(name: String, why: String, _ description: String,
                                     mutate: @escaping @Sendable (inout Setup) -> Void, check: @escaping Check<Setup>) -> Control {
        Control(name: name, description: description, kind: .differentCode(why), expectation: .fails, mutate: mutate, alternativeCheck: check)
    }

    /// A sanity control: on this changed setup the same check must pass.
    public static func sanity(name: String, _ description: String, _ mutate: @escaping @Sendable (inout Setup) -> Void) -> Control {
        Control(name: name, description: description, kind: .mutation, expectation: .passes, mutate: mutate, alternativeCheck: nil)
    }
}

/// A statement of a claim (the paper's, or a repaired, substitute or explicit-constant one):
/// its text in our own words, its form, typed hypotheses, the construction, a setup, a check,
/// and its controls.
public struct Statement<Setup: ClaimSetup>: Sendable {
    public var text: String
    public var form: StatementForm
    public var hypotheses: [Hypothesis]
    public var construction: String
    public var setup: Setup
    public var samples: [SampleCount]
    /// HOLDS-LOOSE when a `.looseness` figure exceeds this factor (default 10: "loose by a large
    /// factor" means more than an order of magnitude). Declare another value only with a reason
    /// in the statement's text.
    public var looseAbove: Double
    public var check: Check<Setup>
    public var controls: [Control<Setup>]

    public init(_ text: String, form: StatementForm = .theorem, hypotheses: [Hypothesis], construction: String,
                setup: Setup, samples: [SampleCount] = [], looseAbove: Double = 10,
                check: @escaping Check<Setup>, controls: [Control<Setup>]) {
        self.text = text; self.form = form; self.hypotheses = hypotheses; self.construction = construction
        self.setup = setup; self.samples = samples; self.looseAbove = looseAbove; self.check = check; self.controls = controls
    }
}
