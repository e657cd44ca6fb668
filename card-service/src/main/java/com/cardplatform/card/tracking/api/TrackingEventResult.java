package com.cardplatform.card.tracking.api;

/** Whether the event was new, and how many operations it moved forward. */
public record TrackingEventResult(String eventId, boolean duplicate, long appliedOperations) {
}
