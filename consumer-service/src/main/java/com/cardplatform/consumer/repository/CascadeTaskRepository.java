package com.cardplatform.consumer.repository;

import com.cardplatform.consumer.CascadeTask;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes the outbox row of a delete, in the delete's transaction. */
@ApplicationScoped
public class CascadeTaskRepository implements PanacheRepositoryBase<CascadeTask, String> {
}
