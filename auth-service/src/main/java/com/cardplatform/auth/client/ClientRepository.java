package com.cardplatform.auth.client;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads and writes the client registry. */
@ApplicationScoped
public class ClientRepository implements PanacheRepositoryBase<Client, String> {

    public Uni<List<ClientKey>> keysOf(String clientId) {
        return ClientKey.<ClientKey>list("id.clientId", clientId);
    }
}
