package com.cardplatform.rewards.publisher.service;

import com.cardplatform.errors.ApiError;
import com.cardplatform.rewards.publisher.Publisher;
import com.cardplatform.rewards.publisher.api.CreatePublisherRequest;
import com.cardplatform.rewards.publisher.repository.PublisherRepository;
import com.cardplatform.rewards.shared.Integrity;
import com.cardplatform.rewards.shared.Timestamps;
import com.cardplatform.rewards.shared.TripleIds;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Creates and reads a partner's publishers. */
@ApplicationScoped
public class PublisherService {

    private final PublisherRepository publishers;

    public PublisherService(PublisherRepository publishers) {
        this.publishers = publishers;
    }

    @WithTransaction
    public Uni<Publisher> create(String owner, CreatePublisherRequest request) {
        Publisher publisher = new Publisher();
        publisher.id = TripleIds.next();
        publisher.owner = owner;
        publisher.externalId = request.externalId();
        publisher.name = request.name();
        publisher.createdAt = Timestamps.now();
        publisher.updatedAt = publisher.createdAt;
        return publishers.persistAndFlush(publisher)
                .onFailure(Integrity::isUniqueViolation)
                .transform(e -> Integrity.duplicateExternalId("publisher", "this partner's publishers"));
    }

    @WithSession
    public Uni<Publisher> get(String owner, String id) {
        if (!TripleIds.wellFormed(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return publishers.findOwned(id, owner)
                .onItem().ifNull().failWith(PublisherService::notFound);
    }

    private static ApiError notFound() {
        return ApiError.notFound("No publisher with this id");
    }
}
