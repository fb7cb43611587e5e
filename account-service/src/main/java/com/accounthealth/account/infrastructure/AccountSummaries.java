package com.accounthealth.account.infrastructure;

import com.accounthealth.webapi.EntityFilter;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;

/** Pages through accounts by owner and team (the account_summary read model). */
@ApplicationScoped
public class AccountSummaries {

    public record Summary(UUID accountId, String name, String ownerId, String teamId, String tier, String status,
                          int version) {
    }

    /**
     * @param nameContains part of the name, any case (null: any name)
     * @param accountIds   the accounts asked for by id, or the one a reference names (null: any)
     * @param visible      the teams the caller may see; accounts of other teams are not counted or listed
     */
    public Paging.Page<Summary> find(String ownerId, String teamId, String nameContains, Set<UUID> accountIds,
                                     TeamScope visible, Paging paging) {
        EntityFilter filter = new EntityFilter().equal("ownerId", ownerId).equal("teamId", teamId)
                .teamIn("teamId", visible);
        if (accountIds != null) {
            filter.where("accountId in :accountIds", Parameters.with("accountIds", accountIds));
        }
        if (nameContains != null) {
            // A scan of the list rows (no index serves "anywhere in the name"): a few ms at 20,000 accounts.
            filter.where("lower(name) like :name escape '!'", Parameters.with("name",
                    "%" + nameContains.toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"));
        }
        return PagedQuery.of(AccountSummaryRow.<AccountSummaryRow>find(filter.query(), Sort.by("name").and("accountId"),
                        filter.parameters()), paging,
                row -> new Summary(row.accountId, row.name, row.ownerId, row.teamId, row.tier, row.status,
                        row.version));
    }
}
