package com.cardplatform.rewards.program.service;

import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.runtime.write.WriteTransaction;
import com.cardplatform.rewards.owned.OwnedCreation;
import com.cardplatform.rewards.owned.OwnedLookup;
import com.cardplatform.rewards.owned.TakenExternalId;
import com.cardplatform.rewards.paging.Page;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.program.CardProgram;
import com.cardplatform.rewards.program.api.CardProgramView;
import com.cardplatform.rewards.program.api.CreateCardProgramRequest;
import com.cardplatform.rewards.program.repository.CardProgramListing;
import com.cardplatform.rewards.program.repository.CardProgramRepository;
import com.cardplatform.rewards.publisher.Publisher;
import com.cardplatform.rewards.publisher.repository.PublisherRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/** Creates, reads and lists card programs under the caller's publishers. */
@ApplicationScoped
public class CardProgramService {

    private final CardProgramRepository programs;
    private final PublisherRepository publishers;
    private final CardProgramListing listing;

    public CardProgramService(CardProgramRepository programs, PublisherRepository publishers,
            CardProgramListing listing) {
        this.programs = programs;
        this.publishers = publishers;
        this.listing = listing;
    }

    /**
     * Inserts the card program under one of the caller's publishers, with its {@code card_program.created} event.
     * An external id already used under that publisher fails with {@link TakenExternalId} (the transaction rolled
     * back): {@link #original} then tells a repetition from a conflict.
     */
    @WriteTransaction
    public Uni<CardProgram> create(String owner, CreateCardProgramRequest request) {
        String correlationId = RequestEdge.currentCorrelationId(); // read on the request's own context
        return OwnedLookup.referenced(request.publisherId(), owner, publishers::findOwned, "publisher_id",
                        "publisher")
                .chain(publisher -> OwnedCreation.insert(newProgram(publisher, request),
                        program -> programs.insertWithEvent(program, correlationId),
                        "card program", "this publisher"));
    }

    /**
     * After {@link #create} found its external id taken: the card program that holds it when the request is the
     * one that created it (same publisher, external id, name, currency and defaults), so that a repetition answers
     * the original; else the 409.
     */
    @WithSession
    public Uni<CardProgram> original(TakenExternalId taken) {
        return OwnedCreation.original(taken, CardProgram.class,
                wanted -> programs.findByExternalId(wanted.owner, wanted.publisherId, wanted.externalId),
                CardProgramService::sameCreation);
    }

    @WithSession
    public Uni<CardProgram> get(String owner, String id) {
        return OwnedLookup.found(id, owner, programs::findOwned, "card program");
    }

    /** A page of the caller's card programs, of all its publishers. */
    public Uni<Page<CardProgramView>> list(String owner, PageRequest page) {
        return listing.list(owner, page);
    }

    private static boolean sameCreation(CardProgram existing, CardProgram wanted) {
        return Objects.equals(existing.name, wanted.name) && Objects.equals(existing.currency, wanted.currency)
                && Objects.equals(existing.defaultCountryCode, wanted.defaultCountryCode)
                && Objects.equals(existing.defaultPostalCode, wanted.defaultPostalCode);
    }

    private static CardProgram newProgram(Publisher parent, CreateCardProgramRequest request) {
        CardProgram program = new CardProgram();
        program.identify(parent.owner, request.externalId());
        program.publisherId = parent.id;
        program.name = request.name();
        program.currency = request.currency();
        program.defaultCountryCode = request.defaultCountryCode();
        program.defaultPostalCode = request.defaultPostalCode();
        return program;
    }
}
