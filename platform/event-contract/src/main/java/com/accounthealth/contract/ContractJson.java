package com.accounthealth.contract;

import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.account.Grade;
import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the events travel as JSON: a record's components as fields, dates as ISO strings, grades as people write them
 * ("A+", "B-"). The writers register {@link #module()} on their mapper; a reader decodes an event's {@code data}
 * with {@link #read}, tolerating fields added after it was built.
 */
public final class ContractJson {

    private static final ObjectReader READER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .reader();

    /** Per family of events (the sealed interface), its types by name. */
    private static final Map<Class<?>, Map<String, Class<?>>> TYPES = Map.of(
            AccountEvent.class, byName(AccountEvent.types()),
            OpportunityEvent.class, byName(OpportunityEvent.types()));

    private ContractJson() {
    }

    /** The contract's own JSON rules (grades as labels), for a mapper that writes or reads its types. */
    public static Module module() {
        return new SimpleModule("account-health-contract")
                .addSerializer(Grade.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(Grade grade, JsonGenerator gen, SerializerProvider provider) throws IOException {
                        gen.writeString(grade.label());
                    }
                })
                .addDeserializer(Grade.class, new JsonDeserializer<>() {
                    @Override
                    public Grade deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                        String label = p.getValueAsString();
                        return Grade.fromLabel(label).orElseThrow(() ->
                                ctx.weirdStringException(label, Grade.class, "not a grade"));
                    }
                });
    }

    /**
     * The event of {@code family} ({@link AccountEvent} or {@link OpportunityEvent}) named {@code eventName} (a
     * record's simple name, e.g. {@code ContactAdded}) decoded from its {@code data}; empty for a name this build does
     * not know in that family (an event type added later).
     *
     * @throws IllegalArgumentException when the data does not fit the record
     */
    public static <E> Optional<E> read(Class<E> family, String eventName, JsonNode data) {
        Class<?> type = TYPES.getOrDefault(family, Map.of()).get(eventName);
        if (type == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(family.cast(READER.treeToValue(data, type)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(eventName + " does not fit the contract: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Class<?>> byName(List<? extends Class<?>> types) {
        Map<String, Class<?>> byName = new HashMap<>();
        for (Class<?> type : types) {
            if (byName.put(type.getSimpleName(), type) != null) {
                throw new IllegalStateException("Two events named " + type.getSimpleName());
            }
        }
        return Map.copyOf(byName);
    }
}
