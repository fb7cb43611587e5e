package com.accounthealth.account.api;

import com.accounthealth.account.domain.Grade;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/** Grades travel as people write them ("A+", "B-"), in requests, responses and event payloads alike. */
@Singleton
public class GradeJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("grades")
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
                }));
    }
}
