package com.accounthealth.leaderweb.api;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where the identity provider sends a leader back after signing out (quarkus.oidc.logout.post-logout-path). */
@Path("/signed-out")
@Produces(MediaType.TEXT_HTML)
public class SignedOutPage {

    private final Template signedOut;

    public SignedOutPage(@Location("signed-out.html") Template signedOut) {
        this.signedOut = signedOut;
    }

    @GET
    public TemplateInstance show() {
        return signedOut.data("title", "Signed out").data("leader", "");
    }
}
