package com.cardplatform.notify.api;

import com.cardplatform.runtime.security.Caller;

/** Whose webhooks: {@code issuer:<issuer_id>} for a token bound to an issuer, else {@code client:<sub>}. */
final class Tenants {

    private Tenants() {
    }

    static String of(Caller caller) {
        return caller.issuerId() != null && !caller.issuerId().isBlank()
                ? "issuer:" + caller.issuerId()
                : "client:" + caller.clientId();
    }
}
