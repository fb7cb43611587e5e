package com.accounthealth.contract.account;

public enum ContactRole { DECISION_MAKER, CHAMPION, INFLUENCER, USER }
