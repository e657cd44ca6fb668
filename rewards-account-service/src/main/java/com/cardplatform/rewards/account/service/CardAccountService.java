package com.cardplatform.rewards.account.service;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.rewards.account.CardAccount;
import com.cardplatform.rewards.account.CardAccountStatus;
import com.cardplatform.rewards.account.api.CardAccountLookupRequest;
import com.cardplatform.rewards.account.api.CardAccountView;
import com.cardplatform.rewards.account.api.CreateCardAccountRequest;
import com.cardplatform.rewards.account.api.UpdateCardAccountRequest;
import com.cardplatform.rewards.account.repository.CardAccountLookup;
import com.cardplatform.rewards.account.repository.CardAccountRepository;
import com.cardplatform.rewards.program.CardProgram;
import com.cardplatform.rewards.program.repository.CardProgramRepository;
import com.cardplatform.rewards.shared.Integrity;
import com.cardplatform.rewards.shared.References;
import com.cardplatform.rewards.shared.Timestamps;
import com.cardplatform.rewards.shared.TripleIds;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/** Card accounts: creation under a card program, reads, status changes, and the lookup by external ids. */
@ApplicationScoped
public class CardAccountService {

    private final CardAccountRepository accounts;
    private final CardProgramRepository programs;
    private final CardAccountLookup lookup;

    public CardAccountService(CardAccountRepository accounts, CardProgramRepository programs,
            CardAccountLookup lookup) {
        this.accounts = accounts;
        this.programs = programs;
        this.lookup = lookup;
    }

    @WithTransaction
    public Uni<CardAccount> create(String owner, CreateCardAccountRequest request) {
        Uni<CardProgram> program = TripleIds.wellFormed(request.cardProgramId())
                ? programs.findOwned(request.cardProgramId(), owner)
                : Uni.createFrom().nullItem();
        return program
                .onItem().ifNull().failWith(() -> References.unknown("card_program_id", "card program"))
                .map(parent -> newAccount(parent, request))
                .call(accounts::persistAndFlush)
                .onFailure(Integrity::isUniqueViolation)
                .transform(e -> Integrity.duplicateExternalId("card account", "this card program"));
    }

    @WithSession
    public Uni<CardAccount> get(String owner, String id) {
        if (!TripleIds.wellFormed(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return accounts.findOwned(id, owner)
                .onItem().ifNull().failWith(CardAccountService::notFound);
    }

    /**
     * Applies a PATCH under a row lock. A closed account is final: re-opening it, or changing anything else on
     * it, is a 422; closing it again changes nothing. {@code updated_at} moves whenever a value changes.
     */
    @WithTransaction
    public Uni<CardAccount> update(String owner, String id, UpdateCardAccountRequest request) {
        if (request.empty()) {
            return Uni.createFrom().failure(ApiError.of(ErrorKind.INVALID_VALUE, "body",
                    "at least one of status, default_country_code, default_postal_code is required"));
        }
        if (!TripleIds.wellFormed(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return accounts.findOwnedForUpdate(id, owner)
                .onItem().ifNull().failWith(CardAccountService::notFound)
                .invoke(account -> apply(account, request))
                .call(account -> accounts.flush());
    }

    /** The one account the external ids name: 404 when none, 409 when they name more than one. */
    public Uni<CardAccountView> findByExternalIds(String owner, CardAccountLookupRequest request) {
        if (request.empty()) {
            return Uni.createFrom().failure(ApiError.of(ErrorKind.INVALID_VALUE, "body", "at least one of "
                    + "card_account_external_id, card_program_external_id, publisher_external_id is required"));
        }
        return lookup.find(owner, request.cardAccountExternalId(), request.cardProgramExternalId(),
                        request.publisherExternalId())
                .map(found -> {
                    if (found.isEmpty()) {
                        throw ApiError.notFound("No card account matches these external ids");
                    }
                    if (found.size() > 1) {
                        throw ApiError.conflict("The external ids are ambiguous: they match more than one card "
                                + "account; add card_program_external_id or publisher_external_id to narrow them");
                    }
                    return found.get(0);
                });
    }

    private static void apply(CardAccount account, UpdateCardAccountRequest request) {
        CardAccountStatus status = request.status() != null ? request.status() : account.status;
        String country = request.defaultCountryCode() != null ? request.defaultCountryCode() : account.defaultCountryCode;
        String postal = request.defaultPostalCode() != null ? request.defaultPostalCode() : account.defaultPostalCode;
        boolean changes = status != account.status || !Objects.equals(country, account.defaultCountryCode)
                || !Objects.equals(postal, account.defaultPostalCode);
        if (!changes) {
            return;
        }
        if (account.status == CardAccountStatus.CLOSED) {
            throw ApiError.of(ErrorKind.UNPROCESSABLE, status != CardAccountStatus.CLOSED ? "status" : null,
                    "the card account is CLOSED and cannot be re-opened or changed");
        }
        account.status = status;
        account.defaultCountryCode = country;
        account.defaultPostalCode = postal;
        account.updatedAt = Timestamps.after(account.updatedAt);
    }

    private static CardAccount newAccount(CardProgram parent, CreateCardAccountRequest request) {
        CardAccount account = new CardAccount();
        account.id = TripleIds.next();
        account.owner = parent.owner;
        account.cardProgramId = parent.id;
        account.externalId = request.externalId();
        account.status = request.status() != null ? request.status() : CardAccountStatus.ENROLLED;
        account.defaultCountryCode = request.defaultCountryCode() != null
                ? request.defaultCountryCode() : parent.defaultCountryCode;
        account.defaultPostalCode = request.defaultPostalCode() != null
                ? request.defaultPostalCode() : parent.defaultPostalCode;
        account.createdAt = Timestamps.now();
        account.updatedAt = account.createdAt;
        return account;
    }

    private static ApiError notFound() {
        return ApiError.notFound("No card account with this id");
    }
}
