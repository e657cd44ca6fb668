package com.cardplatform.rewards.paging;

import java.util.List;

/** A page of a list: its items, how many items the whole list has, and the token of the next page (null: none). */
public record Page<T>(List<T> items, long total, String nextPageToken) {
}
