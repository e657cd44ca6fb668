package com.cardplatform.consumer;

import java.io.Serializable;
import java.util.Objects;

/** Identity of an account link: a joint account may belong to several consumers of the same issuer. */
public class AccountKey implements Serializable {

    public String issuerId;
    public String consumerId;
    public String accountId;

    public AccountKey() {
    }

    public AccountKey(String issuerId, String consumerId, String accountId) {
        this.issuerId = issuerId;
        this.consumerId = consumerId;
        this.accountId = accountId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountKey other && Objects.equals(issuerId, other.issuerId)
                && Objects.equals(consumerId, other.consumerId) && Objects.equals(accountId, other.accountId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuerId, consumerId, accountId);
    }
}
