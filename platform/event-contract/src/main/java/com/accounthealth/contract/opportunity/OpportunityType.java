package com.accounthealth.contract.opportunity;

public enum OpportunityType {
    NEW_BUSINESS, UPSELL, CROSS_SELL, RENEWAL;

    /** Upsell and cross-sell grow an existing account (the health model's expansion pipeline). */
    public boolean isExpansion() {
        return this == UPSELL || this == CROSS_SELL;
    }
}
