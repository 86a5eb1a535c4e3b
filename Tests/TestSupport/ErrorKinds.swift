import Numerics

/// The `NumericsError` that `body` throws, or nil if it returns or throws something else.
public func numericsError<R>(_ body: () throws -> R) -> NumericsError? {
    do { _ = try body(); return nil } catch let e as NumericsError { return e } catch { return nil }
}

/// The case name of whatever `NumericsError` `body` throws ("notSymmetric", …), or "none".
public func thrownKind<R>(_ body: () throws -> R) -> String { numericsError(body)?.kind ?? "none" }
