package com.accounthealth.account.domain;

public enum ContactRole { DECISION_MAKER, CHAMPION, INFLUENCER, USER }
