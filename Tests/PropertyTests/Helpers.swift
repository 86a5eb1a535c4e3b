import Numerics

/// The error `body` throws, if it is a `NumericsError`.
func numericsError<R>(_ body: () throws -> R) -> NumericsError? {
    do { _ = try body(); return nil } catch let e as NumericsError { return e } catch { return nil }
}

/// The case name of a `NumericsError` ("notSymmetric", "overflow", …), or "none".
func kind(_ e: NumericsError?) -> String {
    guard let e else { return "none" }
    return Mirror(reflecting: e).children.first?.label ?? "\(e)"
}

/// `kind` of whatever `body` throws.
func thrownKind<R>(_ body: () throws -> R) -> String { kind(numericsError(body)) }
