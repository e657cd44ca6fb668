package com.cardplatform.consumer.repository;

import com.cardplatform.consumer.Consumer;
import com.cardplatform.consumer.ConsumerKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Consumers, read and locked within the lifecycle transactions. */
@ApplicationScoped
public class ConsumerRepository implements PanacheRepositoryBase<Consumer, ConsumerKey> {

    /** The consumer row locked until the end of the transaction: state changes of one consumer are serial. */
    public Uni<Consumer> lock(String issuerId, String consumerId) {
        return findById(new ConsumerKey(issuerId, consumerId), LockModeType.PESSIMISTIC_WRITE);
    }
}
