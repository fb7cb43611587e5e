package com.accounthealth.opportunity.domain;

public enum LossReason { PRICE, MISSING_CAPABILITY, COMPETITOR, NO_DECISION, OTHER }
