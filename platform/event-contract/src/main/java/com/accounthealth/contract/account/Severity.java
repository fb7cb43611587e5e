package com.accounthealth.contract.account;

public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }
