package com.accounthealth.leaderweb.infrastructure;

import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Sends the signed-in leader's own access token to the services, so what a leader sees and may change is decided by
 * the APIs' own scopes and team scoping, never by the workspace.
 */
@ApplicationScoped
public class LeaderToken implements ClientHeadersFactory {

    private final Instance<AccessTokenCredential> accessToken;

    public LeaderToken(Instance<AccessTokenCredential> accessToken) {
        this.accessToken = accessToken;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.add("Authorization", "Bearer " + accessToken.get().getToken());
        return headers;
    }
}
