/// Paper 001's claims in catalog order. Every other file in this folder declares
/// one claim, named after its ID (`BS-EQ10` → BS_EQ10.swift); a test fails when one is missing here.
enum BootstrapSGDIndex {
    static let claims: [Claim] = [
        BS_EQ10.claim,
        BS_REG.claim,
        BS_T1.claim,
        BS_L1.claim,
        BS_L2.claim,
        BS_SMITH.claim,
        BS_IDEAL.claim,
        BS_FIG2.claim,
        BS_DLN.claim,
        BS_LR.claim,
        BS_FIG3.claim,
    ]
}
