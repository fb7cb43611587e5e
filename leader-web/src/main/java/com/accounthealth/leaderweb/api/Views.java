package com.accounthealth.leaderweb.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What every page shares: the signed-in leader's name for the header, and the API's answers as plain maps and lists
 * (what Qute reads by key) or as JSON for a chart's data attribute.
 */
@RequestScoped
public class Views {

    private final ObjectMapper json;
    @Inject
    @IdToken
    JsonWebToken idToken;

    public Views(ObjectMapper json) {
        this.json = json;
    }

    /** A query or form value as given, stripped; null when it is absent or blank (an empty filter field). */
    static String given(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The page's template with its title and the leader's name. */
    public TemplateInstance page(Template template, String title) {
        String name = idToken.getClaim("name");
        return template.data("title", title).data("leader", name == null ? idToken.getSubject() : name);
    }

    /** An API answer (a model of the generated client) as the maps and lists Qute reads by the API's own names. */
    public Object plain(Object answer) {
        return json.convertValue(answer, Object.class);
    }

    /** An API answer as a JSON tree, for a page that walks it. */
    public JsonNode tree(Object answer) {
        return json.valueToTree(answer);
    }

    /** JSON for an HTML attribute: Qute escapes it there, and the browser's dataset gives it back unescaped. */
    public String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a chart's data", e);
        }
    }
}
