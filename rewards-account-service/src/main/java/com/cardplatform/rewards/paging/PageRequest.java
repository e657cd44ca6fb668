package com.cardplatform.rewards.paging;

/**
 * One page of a list: at most {@code size} rows after {@code after} (from the start when null), in the order
 * {@code (created_at, id)}. Triple documents its card account list as returning at most 1,000 results: that is the
 * largest page and the default one, so a partner who never pages gets exactly what Triple describes.
 */
public record PageRequest(int size, PageToken after) {

    public static final String SIZE = "page_size";
    public static final String TOKEN = "page_token";
    public static final int MAX_SIZE = 1000;
    public static final int DEFAULT_SIZE = 1000;

    /** From the query parameters of the list named {@code list}; a bad one is a 400 naming it. */
    public static PageRequest of(String list, QueryParams query) {
        int size = query.integer(SIZE, DEFAULT_SIZE, 1, MAX_SIZE);
        String token = query.single(TOKEN);
        return new PageRequest(size, token == null ? null : PageToken.decode(list, token));
    }
}
