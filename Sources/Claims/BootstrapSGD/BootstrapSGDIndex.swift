/// Paper 001's claims in catalog order. Every other file in this folder declares
/// one claim, named after its ID (`BS-EQ10` → BS_EQ10.swift); a test fails when one is missing here.
enum BootstrapSGDIndex {
    static let claims: [Claim] = [
        BS_EQ10.claim,
        BS_REG.claim,
    ]
}
