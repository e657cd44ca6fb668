/**
 * The three lists' paging: a list's query parameters read as sent ({@link com.cardplatform.rewards.paging.QueryParams}),
 * the page asked for ({@link com.cardplatform.rewards.paging.PageRequest}) and its opaque position
 * ({@link com.cardplatform.rewards.paging.PageToken}), the one-statement keyset SQL that reads a page with its total
 * ({@link com.cardplatform.rewards.paging.Keyset}), and the page read ({@link com.cardplatform.rewards.paging.Page}).
 */
package com.cardplatform.rewards.paging;
