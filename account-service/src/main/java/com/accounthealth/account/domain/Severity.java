package com.accounthealth.account.domain;

public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }
