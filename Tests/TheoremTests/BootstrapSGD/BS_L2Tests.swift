import Claims
import Testing

@Suite("BS-L2 cited: the relations R1–R3 the source states")
struct BS_L2Tests {
    @Test("R1 and R3 exact, R2 converging; without replacement R1 fails")
    func relations() async throws {
        let r = try await claimResult("BS-L2")
        #expect(r.verdict == .cited && r.passed)
        #expect(figure(r, "r1Difference")?.exact == "0")
        #expect(figure(r, "r3Difference")?.exact == "0")
        #expect(figure(r, "reg1")?.exact == "57833/147456")
        #expect(try #require(figure(r, "r2ErrorRatio")).value < 1.0 / 200)
        let c = try #require(r.controls.first)
        #expect(c.failing == ["r1Difference"])
    }
}
