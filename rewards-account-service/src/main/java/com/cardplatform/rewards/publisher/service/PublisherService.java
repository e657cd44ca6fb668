package com.cardplatform.rewards.publisher.service;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.db.DatabaseFailures;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.runtime.write.WriteTransaction;
import com.cardplatform.rewards.owned.Integrity;
import com.cardplatform.rewards.owned.TakenExternalId;
import com.cardplatform.rewards.paging.Page;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.publisher.Publisher;
import com.cardplatform.rewards.publisher.api.CreatePublisherRequest;
import com.cardplatform.rewards.publisher.api.PublisherView;
import com.cardplatform.rewards.publisher.repository.PublisherListing;
import com.cardplatform.rewards.publisher.repository.PublisherRepository;
import com.cardplatform.rewards.wire.TripleIds;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/** Creates, reads and lists a partner's publishers. */
@ApplicationScoped
public class PublisherService {

    private final PublisherRepository publishers;
    private final PublisherListing listing;

    public PublisherService(PublisherRepository publishers, PublisherListing listing) {
        this.publishers = publishers;
        this.listing = listing;
    }

    /**
     * Inserts the publisher, with its {@code publisher.created} event. An external id already used by the caller fails with {@link TakenExternalId} (the
     * transaction rolled back): {@link #original} then tells a repetition from a conflict.
     */
    @WriteTransaction
    public Uni<Publisher> create(String owner, CreatePublisherRequest request) {
        Publisher publisher = new Publisher();
        publisher.id = TripleIds.next();
        publisher.owner = owner;
        publisher.externalId = request.externalId();
        publisher.name = request.name();
        publisher.createdAt = Timestamps.now();
        publisher.updatedAt = publisher.createdAt;
        return publishers.insertWithEvent(publisher, RequestEdge.currentCorrelationId())
                .onFailure(DatabaseFailures::uniqueViolation)
                .transform(e -> Integrity.taken(publisher, "publisher", "this partner's publishers"));
    }

    /**
     * After {@link #create} found its external id taken: the publisher that holds it when the request is the one
     * that created it (same owner, external id and name), so that a repetition answers the original; else the 409.
     */
    @WithSession
    public Uni<Publisher> original(TakenExternalId taken) {
        Publisher wanted = taken.candidate(Publisher.class);
        return publishers.findByExternalId(wanted.owner, wanted.externalId)
                .map(existing -> existing != null && Objects.equals(existing.name, wanted.name) ? existing : null)
                .onItem().ifNull().failWith(taken::conflict);
    }

    @WithSession
    public Uni<Publisher> get(String owner, String id) {
        if (!TripleIds.wellFormed(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return publishers.findOwned(id, owner)
                .onItem().ifNull().failWith(PublisherService::notFound);
    }

    /** A page of the caller's publishers. */
    public Uni<Page<PublisherView>> list(String owner, PageRequest page) {
        return listing.list(owner, page);
    }

    private static ApiError notFound() {
        return ApiError.notFound("No publisher with this id");
    }
}
