package com.cardplatform.consumer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An operation on a consumer, as D1 reports it. Written here by the lifecycle transactions; the DELETE operation,
 * {@code details}, {@code seq} and the cascade outcome are written by SQL ({@code ConsumerDeletions},
 * {@code CascadeOutbox}).
 */
@Entity
@Table(name = "operations")
public class Operation {

    @Id
    @Column(name = "operation_id")
    public String operationId;

    @Column(name = "issuer_id")
    public String issuerId;

    @Column(name = "consumer_id")
    public String consumerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "operation")
    public OperationType operation;

    @Enumerated(EnumType.STRING)
    @Column(name = "status")
    public OperationStatus status;

    @Column(name = "start_time")
    public Instant startTime;

    @Column(name = "end_time")
    public Instant endTime;

    @Enumerated(EnumType.STRING)
    @Column(name = "requestor_type")
    public RequestorType requestorType;

    @Column(name = "requestor_id")
    public String requestorId;

    @Column(name = "reason")
    public String reason;

    @Enumerated(EnumType.STRING)
    @Column(name = "reason_code")
    public ReasonCode reasonCode;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error")
    public String error;

    /** An operation requested by the issuer itself (requestorId = issuerId). */
    public static Operation byIssuer(String operationId, Consumer consumer, OperationType type, Instant now) {
        Operation op = new Operation();
        op.operationId = operationId;
        op.issuerId = consumer.issuerId;
        op.consumerId = consumer.consumerId;
        op.operation = type;
        op.startTime = now;
        op.requestorType = RequestorType.ISSUER;
        op.requestorId = consumer.issuerId;
        return op;
    }

    /** Completed within the request that started it. */
    public Operation successful(Instant now) {
        status = OperationStatus.SUCCESSFUL;
        endTime = now;
        return this;
    }

    public Operation because(String why, ReasonCode code) {
        reason = why;
        reasonCode = code;
        return this;
    }
}
