package com.accounthealth.contract.opportunity;

/** Pipeline stages in order; a deal ends won or lost. */
public enum Stage {
    QUALIFIED, DISCOVERY, DEMO, PROPOSAL, NEGOTIATION, CLOSED_WON, CLOSED_LOST;

    public boolean isClosed() {
        return this == CLOSED_WON || this == CLOSED_LOST;
    }
}
