package com.cardplatform.consumer.repository;

import com.cardplatform.consumer.Operation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Operations written by the lifecycle transactions (reads for the API go through {@link OperationQueries}). */
@ApplicationScoped
public class OperationRepository implements PanacheRepositoryBase<Operation, String> {
}
