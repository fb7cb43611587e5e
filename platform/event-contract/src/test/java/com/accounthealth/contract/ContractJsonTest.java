package com.accounthealth.contract;

import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.account.Grade;
import com.accounthealth.contract.account.Tier;
import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.kernel.Money;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractJsonTest {

    private final ObjectMapper writer = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(ContractJson.module());

    @Test
    void anEventReadsBackAsTheRecordItWasWrittenFromWithGradesAsPeopleWriteThem() {
        AccountEvent.FeedbackReceived feedback = new AccountEvent.FeedbackReceived(UUID.randomUUID(), Grade.B_MINUS,
                "How likely are you to renew?", "Fine", UUID.randomUUID());
        JsonNode data = writer.valueToTree(feedback);

        assertThat(data.get("grade").asText()).isEqualTo("B-");
        assertThat(ContractJson.read(AccountEvent.class, "FeedbackReceived", data)).contains(feedback);
    }

    @Test
    void datesMoneyAndNestedRecordsRoundTrip() {
        AccountEvent.AccountOpened opened = new AccountEvent.AccountOpened(UUID.randomUUID(), new AccountEvent.Profile(
                "Acme", "Retail", Tier.ENTERPRISE, "ae-1", "team-1", new Money(new BigDecimal("120000.5"), "EUR"),
                LocalDate.of(2027, 3, 31), 10));
        OpportunityEvent.StageChanged moved = new OpportunityEvent.StageChanged(UUID.randomUUID(), UUID.randomUUID(),
                Stage.DEMO, Stage.PROPOSAL, 12);

        assertThat(ContractJson.read(AccountEvent.class, "AccountOpened", writer.valueToTree(opened))).contains(opened);
        assertThat(ContractJson.read(OpportunityEvent.class, "StageChanged", writer.valueToTree(moved))).contains(moved);
    }

    @Test
    void aFieldAddedByANewerWriterIsIgnoredAndAnEventTypeAddedLaterReadsAsNothing() {
        AccountEvent.ContactDeparted departed = new AccountEvent.ContactDeparted(UUID.randomUUID());
        JsonNode data = writer.valueToTree(departed);
        ((com.fasterxml.jackson.databind.node.ObjectNode) data).put("reason", "retired");

        assertThat(ContractJson.read(AccountEvent.class, "ContactDeparted", data)).contains(departed);
        assertThat(ContractJson.read(AccountEvent.class, "ContractSigned", data)).isEmpty();
        // An account event's name read as an opportunity event is no opportunity event.
        assertThat(ContractJson.read(OpportunityEvent.class, "ContactDeparted", data)).isEmpty();
    }

    @Test
    void dataThatDoesNotFitTheRecordIsRefusedNamingTheEvent() {
        JsonNode data = writer.createObjectNode().put("contactId", "not-a-uuid");

        assertThatThrownBy(() -> ContractJson.read(AccountEvent.class, "ContactDeparted", data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ContactDeparted");
        JsonNode notMoney = writer.createObjectNode().put("reason", "x")
                .set("newArr", writer.createObjectNode().put("amount", 5).put("currency", "XXX"));
        assertThatThrownBy(() -> ContractJson.read(AccountEvent.class, "AccountRenewed", notMoney))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AccountRenewed");
    }
}
