package com.accounthealth.contract.account;

/** "Compelling events" at the client that change what it needs or who decides. */
public enum ClientEventType { ACQUISITION, FUNDING_ROUND, NEW_EXECUTIVE, LEADERSHIP_DEPARTURE, LAYOFFS, EXPANSION }
