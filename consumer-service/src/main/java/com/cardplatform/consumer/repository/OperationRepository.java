package com.cardplatform.consumer.repository;

import com.cardplatform.consumer.Operation;
import com.cardplatform.consumer.OperationType;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Operations written by the lifecycle transactions (reads for the API go through {@link OperationQueries}). */
@ApplicationScoped
public class OperationRepository implements PanacheRepositoryBase<Operation, String> {

    /** The DELETE operation of a consumer (there is at most one: a unique index says so). */
    public Uni<Operation> deleteOperationOf(String issuerId, String consumerId) {
        return find("issuerId = ?1 and consumerId = ?2 and operation = ?3", issuerId, consumerId, OperationType.DELETE)
                .firstResult();
    }
}
