package com.cardplatform.consumer.repository;

import java.util.List;

/** One page of a consumer's operations, newest first, and how many operations the consumer has in all. */
public record OperationPage(List<OperationRow> rows, long total) {
}
