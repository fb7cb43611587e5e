package com.accounthealth.contract.opportunity;

public enum LossReason { PRICE, MISSING_CAPABILITY, COMPETITOR, NO_DECISION, OTHER }
