package com.accounthealth.healthscore.domain.notification;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TargetPolicyTest {

    /** Name resolution as a table: no DNS needed. */
    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "203.0.113.10",
            "internal.example.com", "10.0.0.5",
            "metadata.example.com", "169.254.169.254",
            "localhost", "127.0.0.1");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static TargetPolicy policy(boolean allowLoopback) {
        List<TargetPolicy.AddressRange> privateRanges = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                "fc00::/7").stream().map(TargetPolicy.AddressRange::parse).toList();
        return new TargetPolicy(allowLoopback, privateRanges, host -> {
            String literal = DNS.get(host);
            if (literal == null && !Character.isDigit(host.charAt(0)) && !host.contains(":")) {
                throw new UnknownHostException(host);
            }
            return List.of(address(literal == null ? host : literal));
        });
    }

    @Test
    void publicHttpsTargetsAreAllowed() {
        assertThat(policy(false).refusal(Channel.WEBHOOK, "https://hooks.example.com/account-health")).isEmpty();
        assertThat(policy(false).refusal(Channel.SLACK, "https://203.0.113.10/services/T/B/X")).isEmpty();
    }

    @Test
    void plainHttpIsRefusedExceptForLoopbackWhereAllowed() {
        assertThat(policy(false).refusal(Channel.WEBHOOK, "http://hooks.example.com/x")).get().asString()
                .startsWith("must be an https URL");
        assertThat(policy(true).refusal(Channel.WEBHOOK, "http://hooks.example.com/x")).isPresent();
        assertThat(policy(true).refusal(Channel.WEBHOOK, "http://localhost:8080/x")).isEmpty();
        assertThat(policy(false).refusal(Channel.WEBHOOK, "https://localhost/x")).get().asString()
                .contains("a loopback address");
    }

    @Test
    void linkLocalMetadataAndPrivateAddressesAreRefusedWhateverTheName() {
        TargetPolicy policy = policy(true);
        assertThat(policy.refusal(Channel.WEBHOOK, "https://169.254.169.254/latest/meta-data")).get().asString()
                .isEqualTo("resolves to a link-local or metadata address");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://metadata.example.com/")).get().asString()
                .contains("link-local or metadata");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://internal.example.com/")).get().asString()
                .isEqualTo("resolves to an address in a private range");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://172.20.1.1/")).get().asString().contains("private");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://192.168.1.1/")).get().asString().contains("private");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://[fe80::1]/")).get().asString().contains("link-local");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://[fd12::1]/")).get().asString().contains("private");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://[::ffff:169.254.169.254]/")).get().asString()
                .contains("link-local");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://0.0.0.0/")).isPresent();
        assertThat(policy.refusal(Channel.WEBHOOK, "https://[64:ff9b::a00:5]/")).as("NAT64 of 10.0.0.5").isPresent();
        // 172.32.x is outside 172.16.0.0/12.
        assertThat(policy.refusal(Channel.WEBHOOK, "https://172.32.0.1/")).isEmpty();
    }

    @Test
    void malformedTargetsAreRefusedWithAReason() {
        TargetPolicy policy = policy(false);
        assertThat(policy.refusal(Channel.WEBHOOK, "ftp://hooks.example.com/")).get().asString()
                .isEqualTo("must be an https URL");
        assertThat(policy.refusal(Channel.WEBHOOK, "https://user:secret@hooks.example.com/")).get().asString()
                .contains("credentials");
        TargetPolicy.Verdict unresolved = policy.check(Channel.WEBHOOK, "https://nowhere.invalid/");
        assertThat(unresolved.refusal()).contains("does not resolve");
        assertThat(unresolved.permanent()).as("a name may resolve later: worth another try").isFalse();
        assertThat(policy.check(Channel.WEBHOOK, "https://10.1.1.1/").permanent()).isTrue();
        assertThat(policy.refusal(Channel.SLACK, "https://hooks.example.com/…")).get().asString()
                .contains("printable ASCII");
        assertThat(policy.refusal(Channel.WEBHOOK, "not a url")).isPresent();
        assertThat(policy.refusal(Channel.WEBHOOK, "")).get().asString().isEqualTo("is required");
    }

    @Test
    void theAddressToConnectToIsTheOneChecked() {
        // A name that resolves to a public address now and to a private one later (DNS rebinding): the sender
        // connects to the address the policy checked, never resolving again.
        int[] lookups = {0};
        TargetPolicy rebinding = new TargetPolicy(false, List.of(TargetPolicy.AddressRange.parse("10.0.0.0/8")),
                host -> List.of(address(lookups[0]++ == 0 ? "203.0.113.10" : "10.0.0.5")));
        TargetPolicy.Verdict first = rebinding.check(Channel.WEBHOOK, "https://rebind.example.com/hook");
        assertThat(first.allowed()).isTrue();
        assertThat(first.address()).isEqualTo(address("203.0.113.10"));
        assertThat(rebinding.check(Channel.WEBHOOK, "https://rebind.example.com/hook").allowed()).isFalse();
    }

    @Test
    void aNameWithOnePrivateAddressAmongPublicOnesIsRefused() {
        TargetPolicy policy = new TargetPolicy(false, List.of(TargetPolicy.AddressRange.parse("10.0.0.0/8")),
                host -> List.of(address("203.0.113.10"), address("10.0.0.5")));
        assertThat(policy.refusal(Channel.WEBHOOK, "https://mixed.example.com/")).isPresent();
    }

    @Test
    void emailTargetsAreAddresses() {
        assertThat(policy(false).refusal(Channel.EMAIL, "dana.scully@example.com")).isEmpty();
        assertThat(policy(false).refusal(Channel.EMAIL, "dana.scully")).get().asString()
                .isEqualTo("is not an e-mail address");
    }

    @Test
    void addressRangesMatchByPrefix() {
        TargetPolicy.AddressRange range = TargetPolicy.AddressRange.parse("100.64.0.0/10");
        assertThat(range.contains(address("100.127.255.255"))).isTrue();
        assertThat(range.contains(address("100.128.0.0"))).isFalse();
        assertThat(range.contains(address("::1"))).isFalse();
    }
}
