package com.accounthealth.contract.account;

public enum InteractionType { MEETING, CALL, EMAIL, BUSINESS_REVIEW }
