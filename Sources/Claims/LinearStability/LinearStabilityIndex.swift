/// Paper 002's claims in catalog order. Every other file in this folder declares
/// one claim, named after its ID (`WU-T2.1` → WU_T2_1.swift); a test fails when one is missing here.
enum LinearStabilityIndex {
    static let claims: [Claim] = [
        WU_DEF_SETUP.claim,
        WU_DEF_SGD.claim,
        WU_DEF_GH.claim,
        WU_DEF_ALIGN.claim,
        WU_DEF_MU12.claim,
        WU_DEF_OLM.claim,
        WU_DEF_FEAT.claim,
        WU_DEF_A1.claim,
        WU_DEF_LIN.claim,
        WU_LC_1.claim,
        WU_T2_1.claim,
        WU_X_LABELNOISE.claim,
        WU_L2_3.claim,
        WU_L3_2.claim,
        WU_LE_1.claim,
        WU_LE_2.claim,
        WU_X_OP.claim,
        WU_X_ETACRIT.claim,
        WU_T3_3.claim,
        WU_GD.claim,
        WU_P3_4.claim,
        WU_T3_6.claim,
        WU_L3_7.claim,
        WU_X_LYAP.claim,
        WU_X_SAMPLING.claim,
        WU_EQ11.claim,
    ]
}
