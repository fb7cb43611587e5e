package com.accounthealth.personaldata;

import com.accounthealth.kernel.RuleViolation;

/** Personal data about a subject whose key was destroyed cannot be sealed again: the person was erased (409). */
public class SubjectErased extends RuleViolation {

    private final String subject;

    public SubjectErased(String subject) {
        super(Kind.CONFLICT, null, "The personal data of " + subject + " was erased: nothing more is recorded about it");
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
