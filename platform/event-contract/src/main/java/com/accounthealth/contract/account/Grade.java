package com.accounthealth.contract.account;

import java.util.Arrays;
import java.util.Optional;

/** A feedback grade, A+ to F, written the way survey tools and people write it. */
public enum Grade {
    A_PLUS("A+"), A("A"), A_MINUS("A-"), B_PLUS("B+"), B("B"), B_MINUS("B-"), C_PLUS("C+"), C("C"), C_MINUS("C-"),
    D_PLUS("D+"), D("D"), D_MINUS("D-"), F("F");

    private final String label;

    Grade(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }

    public String label() {
        return label;
    }

    public static Optional<Grade> fromLabel(String label) {
        return Arrays.stream(values()).filter(g -> g.label.equals(label)).findFirst();
    }

    /** Account Executives' rule of thumb (docs/domain.md): anything lower than a B is really an F. */
    public boolean isBelowB() {
        return compareTo(B) > 0;
    }
}
