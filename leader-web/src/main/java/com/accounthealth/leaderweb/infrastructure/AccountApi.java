package com.accounthealth.leaderweb.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** account-service's and opportunity-service's read APIs: an account's facts and deals, for the account page. */
public final class AccountApi {

    private AccountApi() {
    }

    @RegisterRestClient(configKey = "accounts")
    @RegisterClientHeaders(LeaderToken.class)
    @Path("/api/v1/accounts")
    @Produces(MediaType.APPLICATION_JSON)
    public interface Accounts {

        @GET
        @Path("/{accountId}")
        JsonNode account(@PathParam("accountId") String accountId);

        @GET
        @Path("/{accountId}/events")
        JsonNode events(@PathParam("accountId") String accountId);
    }

    @RegisterRestClient(configKey = "opportunities")
    @RegisterClientHeaders(LeaderToken.class)
    @Path("/api/v1/opportunities")
    @Produces(MediaType.APPLICATION_JSON)
    public interface Opportunities {

        @GET
        JsonNode ofAccount(@QueryParam("accountId") String accountId, @QueryParam("size") int size);
    }
}
