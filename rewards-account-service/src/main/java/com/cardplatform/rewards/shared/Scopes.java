package com.cardplatform.rewards.shared;

/** The OAuth2 scope of every endpoint of this service (seed 004: "Manage Publisher details, Card Programs, ..."). */
public final class Scopes {

    public static final String PUBLISHERS = "api.tripleup.com/partner.publishers";

    private Scopes() {
    }
}
