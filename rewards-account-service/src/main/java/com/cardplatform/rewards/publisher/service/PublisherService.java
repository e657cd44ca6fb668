package com.cardplatform.rewards.publisher.service;

import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.guard.idempotency.KeyInTheWrite.KeyRow;
import com.cardplatform.runtime.write.WriteTransaction;
import com.cardplatform.rewards.owned.OwnedCreation;
import com.cardplatform.rewards.owned.OwnedLookup;
import com.cardplatform.rewards.owned.TakenExternalId;
import com.cardplatform.rewards.paging.Page;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.publisher.Publisher;
import com.cardplatform.rewards.publisher.api.CreatePublisherRequest;
import com.cardplatform.rewards.publisher.api.PublisherView;
import com.cardplatform.rewards.publisher.repository.PublisherListing;
import com.cardplatform.rewards.publisher.repository.PublisherRepository;
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
     * Inserts the publisher ({@link #candidate}), with its {@code publisher.created} event and the request's key. An external id already used by the caller
     * fails with {@link TakenExternalId} (the transaction rolled back): {@link #original} then tells a repetition
     * from a conflict.
     */
    @WriteTransaction
    public Uni<Publisher> create(Publisher candidate, KeyRow key) {
        String correlationId = RequestEdge.currentCorrelationId(); // read on the request's own context
        return OwnedCreation.insert(candidate, publisher -> publishers.insertWithEvent(publisher, correlationId, key),
                "publisher", "this partner's publishers");
    }

    /**
     * The publisher a creation will insert: its Triple id and times are given here, so that its answer is known
     * before the write, and a keyed request's statement keeps it with the key.
     */
    public Publisher candidate(String owner, CreatePublisherRequest request) {
        Publisher candidate = new Publisher();
        candidate.identify(owner, request.externalId());
        candidate.name = request.name();
        return candidate;
    }

    /**
     * After {@link #create} found its external id taken: the publisher that holds it when the request is the one
     * that created it (same owner, external id and name), so that a repetition answers the original; else the 409.
     */
    @WithSession
    public Uni<Publisher> original(TakenExternalId taken) {
        return OwnedCreation.original(taken, Publisher.class,
                wanted -> publishers.findByExternalId(wanted.owner, wanted.externalId),
                (existing, wanted) -> Objects.equals(existing.name, wanted.name));
    }

    @WithSession
    public Uni<Publisher> get(String owner, String id) {
        return OwnedLookup.found(id, owner, publishers::findOwned, "publisher");
    }

    /** A page of the caller's publishers. */
    public Uni<Page<PublisherView>> list(String owner, PageRequest page) {
        return listing.list(owner, page);
    }
}
