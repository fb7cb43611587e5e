package com.accounthealth.healthscore.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest's reading of the writers' AsyncAPI documents: what a writer produces passes, anything else is named. */
class PublishedContractTest {

    private static final PublishedContract CONTRACT = PublishedContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final String ACCOUNT = "3f2b8c1e-7d4a-4e59-9b6f-1a2c3d4e5f60";

    /** A FeedbackReceived exactly as account-service publishes it. */
    static ObjectNode feedback() {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"specversion":"1.0","id":"%s","source":"/account-service",
                     "type":"com.accounthealth.account.FeedbackReceived.v1","subject":"%s","time":"2026-11-30T10:00:00Z",
                     "datacontenttype":"application/json","dataschema":"asyncapi.yaml#/components/messages/FeedbackReceived",
                     "streamid":"%s","streamversion":4,"recordedat":"2026-11-30T10:00:01.123Z","actor":"survey-tool",
                     "data":{"feedbackId":"%s","grade":"B-","question":"How likely are you to renew?","comment":null,
                             "contactId":null}}""".formatted(UUID.randomUUID(), ACCOUNT, ACCOUNT, UUID.randomUUID()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theWritersTopicsAreKnown() {
        assertThat(CONTRACT.topics()).containsExactlyInAnyOrder("account-events", "feedback-events", "opportunity-events");
    }

    @Test
    void aRecordAsTheWriterPublishesItKeepsTheContract() {
        assertThat(CONTRACT.violation("feedback-events", ACCOUNT, feedback(), NOW)).isEmpty();
    }

    @Test
    void aDealEventKeyedByItsAccountKeepsTheContract() throws Exception {
        String deal = UUID.randomUUID().toString();
        JsonNode won = JSON.readTree("""
                {"specversion":"1.0","id":"%s","source":"/opportunity-service",
                 "type":"com.accounthealth.opportunity.OpportunityWon.v1","subject":"%s","time":"2026-11-30T10:00:00Z",
                 "datacontenttype":"application/json","dataschema":"asyncapi.yaml#/components/messages/OpportunityWon",
                 "streamid":"%s","streamversion":3,"recordedat":"2026-11-30T10:00:01Z","actor":"crm-sync",
                 "data":{"opportunityId":"%s","accountId":"%s","from":"NEGOTIATION","daysInPreviousStage":21,
                         "amount":{"amount":105000.00,"currency":"EUR"}}}""".formatted(UUID.randomUUID(), ACCOUNT, deal, deal, ACCOUNT));
        assertThat(CONTRACT.violation("opportunity-events", ACCOUNT, won, NOW)).isEmpty();
    }

    @Test
    void aRecordOnTheWrongTopicOrOfAnUnknownTypeIsRefused() {
        assertThat(CONTRACT.violation("account-events", ACCOUNT, feedback(), NOW))
                .hasValue("type 'com.accounthealth.account.FeedbackReceived.v1' is not published on account-events");
        ObjectNode unknown = feedback().put("type", "com.accounthealth.account.AccountMerged.v1");
        assertThat(CONTRACT.violation("feedback-events", ACCOUNT, unknown, NOW))
                .hasValue("type 'com.accounthealth.account.AccountMerged.v1' is not published on feedback-events");
        assertThat(CONTRACT.violation("someone-elses-topic", ACCOUNT, feedback(), NOW)).isPresent();
    }

    @Test
    void aKeyThatIsNotTheSubjectIsRefused() {
        assertThat(CONTRACT.violation("feedback-events", UUID.randomUUID().toString(), feedback(), NOW))
                .get().asString().contains("is not the CloudEvent subject");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown source          | /source          | /someone-else",
            "a grade that is none       | /data/grade      | Z",
            "an id that is no UUID      | /id              | 42",
            "a time that is no instant  | /time            | yesterday",
    })
    void anEnvelopeOrDataOutsideTheSchemaIsRefused(String what, String pointer, String value) {
        ObjectNode event = feedback();
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        ((ObjectNode) (parent.isEmpty() ? event : event.at(parent))).put(pointer.substring(pointer.lastIndexOf('/') + 1), value);
        assertThat(CONTRACT.violation("feedback-events", ACCOUNT, event, NOW)).as(what)
                .get().asString().startsWith("not a valid com.accounthealth.account.FeedbackReceived.v1: ");
    }

    @Test
    void emptyDataIsRefused() {
        ObjectNode event = feedback();
        event.putObject("data");
        assertThat(CONTRACT.violation("feedback-events", ACCOUNT, event, NOW)).get().asString()
                .contains("required property 'feedbackId' not found");
    }

    @ParameterizedTest
    @CsvSource({"time, 1899-12-31T23:59:59Z", "time, 2999-01-01T00:00:00Z", "recordedat, 1899-12-31T23:59:59Z",
            "recordedat, 2026-12-05T10:06:00Z", "time, 0000-01-01T00:00:00Z"})
    void timesOutsideTheirBoundsAreRefused(String attribute, String at) {
        ObjectNode event = feedback().put(attribute, at);
        assertThat(CONTRACT.violation("feedback-events", ACCOUNT, event, NOW)).get().asString()
                .startsWith(attribute + " ").contains("lies outside");
    }
}
