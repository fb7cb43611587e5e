package com.accounthealth.account.api;

import com.accounthealth.account.application.AccountChanges;
import com.accounthealth.account.domain.Account;
import com.accounthealth.account.infrastructure.AccountRepository;
import com.accounthealth.webapi.ExternalReference;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.ReferenceIndex;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Contacts by their ids in other systems: where a CRM's contact is here. */
@Path("/api/v1/contacts/by-reference/{system}/{externalId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class ContactReferenceResource {

    /** Where a contact is: its account and its id there (GET /accounts/{accountId} has the rest). */
    public record ContactLocation(UUID accountId, UUID contactId) {
    }

    private final ReferenceIndex references;
    private final AccountRepository accounts;
    private final Caller caller;

    public ContactReferenceResource(ReferenceIndex references, AccountRepository accounts, Caller caller) {
        this.references = references;
        this.accounts = accounts;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.ACCOUNTS_READ)
    @Operation(summary = "The contact another system knows by this id: its account and contact id",
            description = "404 if no contact of an account of the caller's teams carries the reference.")
    public ContactLocation find(@PathParam("system") String system, @PathParam("externalId") String externalId) {
        ExternalReference ref = ExternalReference.of(system, externalId);
        // One answer whether no contact carries it or one the caller may not see: existence stays unknown.
        return references.find(AccountChanges.CONTACT, ref).filter(t -> {
            Account account = accounts.load(t.accountId());
            return account.exists() && caller.teams().includes(account.profile().teamId());
        }).map(t -> new ContactLocation(t.accountId(), t.targetId())).orElseThrow(() -> ProblemException.notFound(
                "No contact carries " + ref.system() + " id " + ref.externalId()));
    }
}
