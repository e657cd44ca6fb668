package com.cardplatform.rewards.program.service;

import com.cardplatform.errors.ApiError;
import com.cardplatform.rewards.program.CardProgram;
import com.cardplatform.rewards.program.api.CreateCardProgramRequest;
import com.cardplatform.rewards.program.repository.CardProgramRepository;
import com.cardplatform.rewards.publisher.Publisher;
import com.cardplatform.rewards.publisher.repository.PublisherRepository;
import com.cardplatform.rewards.shared.Integrity;
import com.cardplatform.rewards.shared.References;
import com.cardplatform.rewards.shared.Timestamps;
import com.cardplatform.rewards.shared.TripleIds;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Creates and reads card programs under the caller's publishers. */
@ApplicationScoped
public class CardProgramService {

    private final CardProgramRepository programs;
    private final PublisherRepository publishers;

    public CardProgramService(CardProgramRepository programs, PublisherRepository publishers) {
        this.programs = programs;
        this.publishers = publishers;
    }

    @WithTransaction
    public Uni<CardProgram> create(String owner, CreateCardProgramRequest request) {
        Uni<Publisher> publisher = TripleIds.wellFormed(request.publisherId())
                ? publishers.findOwned(request.publisherId(), owner)
                : Uni.createFrom().nullItem();
        return publisher
                .onItem().ifNull().failWith(() -> References.unknown("publisher_id", "publisher"))
                .map(parent -> newProgram(parent, request))
                .call(programs::persistAndFlush)
                .onFailure(Integrity::isUniqueViolation)
                .transform(e -> Integrity.duplicateExternalId("card program", "this publisher"));
    }

    @WithSession
    public Uni<CardProgram> get(String owner, String id) {
        if (!TripleIds.wellFormed(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return programs.findOwned(id, owner)
                .onItem().ifNull().failWith(CardProgramService::notFound);
    }

    private static CardProgram newProgram(Publisher parent, CreateCardProgramRequest request) {
        CardProgram program = new CardProgram();
        program.id = TripleIds.next();
        program.owner = parent.owner;
        program.publisherId = parent.id;
        program.externalId = request.externalId();
        program.name = request.name();
        program.currency = request.currency();
        program.defaultCountryCode = request.defaultCountryCode();
        program.defaultPostalCode = request.defaultPostalCode();
        program.createdAt = Timestamps.now();
        program.updatedAt = program.createdAt;
        return program;
    }

    private static ApiError notFound() {
        return ApiError.notFound("No card program with this id");
    }
}
