package com.accounthealth.contract.account;

/** How much attention an account gets; sets the expected meeting cadence in the health model. */
public enum Tier { STRATEGIC, ENTERPRISE, MID_MARKET, SMB }
