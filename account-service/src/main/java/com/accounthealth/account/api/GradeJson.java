package com.accounthealth.account.api;

import com.accounthealth.contract.ContractJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Grades travel as people write them ("A+", "B-"), in requests, responses and event payloads alike: the event
 * contract's JSON rules, on the mapper of the whole service.
 */
@Singleton
public class GradeJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(ContractJson.module());
    }
}
