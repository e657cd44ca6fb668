package com.cardplatform.auth.client;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** A registered OAuth2 client: its allowed scopes and grant types, bound card issuer and a digest of its secret. */
@Entity
@Table(name = "clients")
public class Client extends PanacheEntityBase {

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "secret_digest")
    public String secretDigest;

    /** Space-separated allowed scopes. */
    @Column(name = "scopes")
    public String scopes;

    @Column(name = "issuer_id")
    public String issuerId;

    @Column(name = "enabled")
    public boolean enabled;

    /** Space-separated allowed grant types; null: every grant its credentials allow (a secret, registered keys). */
    @Column(name = "grant_types")
    public String grantTypes;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Whether the client may use this grant (its credentials are checked by the grant itself). */
    public boolean allows(String grantType) {
        return grantTypes == null || Arrays.asList(grantTypes.trim().split("\\s+")).contains(grantType);
    }

    public Set<String> allowedScopes() {
        return new LinkedHashSet<>(Arrays.asList(scopes.trim().split("\\s+")));
    }
}
