package com.accounthealth.healthscore.domain.notification;

import java.math.BigDecimal;
import java.util.UUID;

/** What a subscription's filter looks at: the account's team, tier and ARR. */
public record AlertedAccount(UUID accountId, String name, String teamId, String tier, BigDecimal arr, String currency) {
}
