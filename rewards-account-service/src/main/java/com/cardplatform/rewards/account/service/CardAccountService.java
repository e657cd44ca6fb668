package com.cardplatform.rewards.account.service;

import com.cardplatform.errors.ApiError;
import com.cardplatform.errors.ErrorKind;
import com.cardplatform.errors.http.RequestEdge;
import com.cardplatform.primitives.time.Timestamps;
import com.cardplatform.runtime.write.WriteTransaction;
import com.cardplatform.rewards.account.CardAccount;
import com.cardplatform.rewards.account.CardAccountStatus;
import com.cardplatform.rewards.account.api.CardAccountLookupRequest;
import com.cardplatform.rewards.account.api.CardAccountView;
import com.cardplatform.rewards.account.api.CreateCardAccountRequest;
import com.cardplatform.rewards.account.api.UpdateCardAccountRequest;
import com.cardplatform.rewards.account.repository.CardAccountListing;
import com.cardplatform.rewards.account.repository.CardAccountLookup;
import com.cardplatform.rewards.account.repository.CardAccountRepository;
import com.cardplatform.rewards.owned.OwnedCreation;
import com.cardplatform.rewards.owned.OwnedLookup;
import com.cardplatform.rewards.owned.TakenExternalId;
import com.cardplatform.rewards.paging.Page;
import com.cardplatform.rewards.paging.PageRequest;
import com.cardplatform.rewards.program.CardProgram;
import com.cardplatform.rewards.program.repository.CardProgramRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/** Card accounts: creation under a card program, reads, status changes, the lookup by external ids, the list. */
@ApplicationScoped
public class CardAccountService {

    private static final String ENTITY = "card account";

    private final CardAccountRepository accounts;
    private final CardProgramRepository programs;
    private final CardAccountLookup lookup;
    private final CardAccountListing listing;

    public CardAccountService(CardAccountRepository accounts, CardProgramRepository programs,
            CardAccountLookup lookup, CardAccountListing listing) {
        this.accounts = accounts;
        this.programs = programs;
        this.lookup = lookup;
        this.listing = listing;
    }

    /**
     * Inserts the card account under one of the caller's card programs, with its {@code card_account.created}
     * event. An external id already used in that program fails with {@link TakenExternalId} (the transaction rolled
     * back): {@link #original} then tells a repetition from a conflict.
     */
    @WriteTransaction
    public Uni<CardAccount> create(String owner, CreateCardAccountRequest request) {
        String correlationId = RequestEdge.currentCorrelationId(); // read on the request's own context
        return OwnedLookup.referenced(request.cardProgramId(), owner, programs::findOwned, "card_program_id",
                        "card program")
                .chain(program -> OwnedCreation.insert(newAccount(program, request),
                        account -> accounts.insertWithEvent(account, correlationId),
                        "card account", "this card program"));
    }

    /**
     * After {@link #create} found its external id taken: the card account that holds it when the request is the
     * one that created it, i.e. the account has the status and defaults the request gives (absent ones resolved as
     * at creation: the program's defaults, ENROLLED), so that a repetition answers the original; else the 409 (also
     * when the account was changed by a PATCH since, so that it no longer is what the request creates).
     */
    @WithSession
    public Uni<CardAccount> original(TakenExternalId taken) {
        return OwnedCreation.original(taken, CardAccount.class,
                wanted -> accounts.findByExternalId(wanted.owner, wanted.cardProgramId, wanted.externalId),
                CardAccountService::sameCreation);
    }

    @WithSession
    public Uni<CardAccount> get(String owner, String id) {
        return OwnedLookup.found(id, owner, accounts::findOwned, ENTITY);
    }

    /**
     * Applies a PATCH under a row lock. A closed account is final: re-opening it, or changing anything else on
     * it, is a 422; closing it again changes nothing. {@code updated_at} moves whenever a value changes, and only
     * then: the same PATCH sent again changes nothing and answers the same account (same {@code updated_at}).
     */
    @WriteTransaction
    public Uni<CardAccount> update(String owner, String id, UpdateCardAccountRequest request) {
        if (request.empty()) {
            return Uni.createFrom().failure(ApiError.of(ErrorKind.INVALID_VALUE, "body",
                    "at least one of status, default_country_code, default_postal_code is required"));
        }
        String correlationId = RequestEdge.currentCorrelationId(); // read on the request's own context
        return OwnedLookup.found(id, owner, accounts::findOwnedForUpdate, ENTITY)
                // detached before it is changed: the change is written by one statement with its event, and only
                // when there is one (a PATCH that changes nothing writes nothing and records no event)
                .call(account -> accounts.getSession().invoke(session -> session.detach(account)))
                .chain(account -> apply(account, request)
                        ? accounts.updateWithEvent(account, correlationId)
                        : Uni.createFrom().item(account));
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

    /** A page of the caller's card accounts that match the external ids given (none: all of them). */
    public Uni<Page<CardAccountView>> list(String owner, String accountExternalId, String programExternalId,
            String publisherExternalId, PageRequest page) {
        return listing.list(owner, accountExternalId, programExternalId, publisherExternalId, page);
    }

    /** Applies the PATCH to the (detached) entity; whether it changed a value. */
    private static boolean apply(CardAccount account, UpdateCardAccountRequest request) {
        CardAccountStatus status = request.status() != null ? request.status() : account.status;
        String country = request.defaultCountryCode() != null ? request.defaultCountryCode() : account.defaultCountryCode;
        String postal = request.defaultPostalCode() != null ? request.defaultPostalCode() : account.defaultPostalCode;
        boolean changes = status != account.status || !Objects.equals(country, account.defaultCountryCode)
                || !Objects.equals(postal, account.defaultPostalCode);
        if (!changes) {
            return false;
        }
        if (account.status == CardAccountStatus.CLOSED) {
            throw ApiError.of(ErrorKind.UNPROCESSABLE, status != CardAccountStatus.CLOSED ? "status" : null,
                    "the card account is CLOSED and cannot be re-opened or changed");
        }
        account.status = status;
        account.defaultCountryCode = country;
        account.defaultPostalCode = postal;
        account.updatedAt = Timestamps.after(account.updatedAt);
        return true;
    }

    private static boolean sameCreation(CardAccount existing, CardAccount wanted) {
        return existing.status == wanted.status
                && Objects.equals(existing.defaultCountryCode, wanted.defaultCountryCode)
                && Objects.equals(existing.defaultPostalCode, wanted.defaultPostalCode);
    }

    private static CardAccount newAccount(CardProgram parent, CreateCardAccountRequest request) {
        CardAccount account = new CardAccount();
        account.identify(parent.owner, request.externalId());
        account.cardProgramId = parent.id;
        account.status = request.status() != null ? request.status() : CardAccountStatus.ENROLLED;
        account.defaultCountryCode = request.defaultCountryCode() != null
                ? request.defaultCountryCode() : parent.defaultCountryCode;
        account.defaultPostalCode = request.defaultPostalCode() != null
                ? request.defaultPostalCode() : parent.defaultPostalCode;
        return account;
    }
}
