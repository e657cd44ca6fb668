package com.cardplatform.auth.client;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A public key (JWK) a client signs its JWT-bearer assertions with. */
@Entity
@Table(name = "client_keys")
public class ClientKey extends PanacheEntityBase {

    @EmbeddedId
    public Id id;

    @Column(name = "public_jwk")
    public String publicJwk;

    /** Client id and key id. */
    @Embeddable
    public static class Id implements Serializable {
        @Column(name = "client_id")
        public String clientId;
        @Column(name = "kid")
        public String kid;

        public Id() {
        }

        public Id(String clientId, String kid) {
            this.clientId = clientId;
            this.kid = kid;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Id other && Objects.equals(clientId, other.clientId) && Objects.equals(kid, other.kid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clientId, kid);
        }
    }
}
