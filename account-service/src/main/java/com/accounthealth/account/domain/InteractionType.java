package com.accounthealth.account.domain;

public enum InteractionType { MEETING, CALL, EMAIL, BUSINESS_REVIEW }
