package com.accounthealth.personaldata;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CiphersTest {

    private final byte[] person = Ciphers.newKey();
    private final byte[] month = Ciphers.newKey();

    @Test
    void aValueSealedUnderSeveralSubjectsOpensOnlyWithAllOfTheirKeys() throws GeneralSecurityException {
        String subjects = Sealed.associatedData(List.of("contact:a", "text:2026-12"));
        byte[] sealed = Ciphers.encrypt(Ciphers.combined(List.of(person, month)), subjects,
                "met the CFO".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(Ciphers.decrypt(Ciphers.combined(List.of(person, month)), subjects, sealed),
                StandardCharsets.UTF_8)).isEqualTo("met the CFO");
        assertThatThrownBy(() -> Ciphers.decrypt(Ciphers.combined(List.of(person, Ciphers.newKey())), subjects, sealed))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> Ciphers.decrypt(person, subjects, sealed))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aValueMovedToAnotherSubjectDoesNotOpen() {
        byte[] sealed = Ciphers.encrypt(person, "contact:a", "Ada".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Ciphers.decrypt(person, "contact:b", sealed))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void theSameValueSealsDifferentlyEachTime() {
        byte[] plain = "Ada".getBytes(StandardCharsets.UTF_8);

        assertThat(Ciphers.encrypt(person, "contact:a", plain)).isNotEqualTo(Ciphers.encrypt(person, "contact:a", plain));
    }

    @Test
    void theStoredTextNamesItsSubjectsAndReadsBack() {
        Sealed sealed = new Sealed(List.of("contact:a", "text:2026-12"), new byte[] {1, 2, 3});

        assertThat(sealed.text()).startsWith("pd1|contact:a,text:2026-12|");
        assertThat(Sealed.is(sealed.text())).isTrue();
        assertThat(Sealed.is("Ada Lovelace")).isFalse();
        Sealed back = Sealed.parse(sealed.text());
        assertThat(back.subjects()).containsExactly("contact:a", "text:2026-12");
        assertThat(back.ciphertext()).containsExactly(1, 2, 3);
    }
}
