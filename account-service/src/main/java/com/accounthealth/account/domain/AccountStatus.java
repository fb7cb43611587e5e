package com.accounthealth.account.domain;

public enum AccountStatus { ACTIVE, CHURNED }
