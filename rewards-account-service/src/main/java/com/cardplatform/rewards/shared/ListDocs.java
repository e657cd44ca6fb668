package com.cardplatform.rewards.shared;

/** The OpenAPI wording shared by the three lists (README "Lists"). */
public final class ListDocs {

    public static final String PAGING = " Paginated: at most page_size items (1 to 1,000, default 1,000) in the "
            + "order (created_at, id); next_page_token, when not null, is given back as page_token to get the next "
            + "page. A walk through the pages returns every item that existed when it started exactly once, whatever "
            + "is created meanwhile. total counts every matching item. Only the caller's own items are listed.";
    public static final String PAGE_SIZE = "The number of items of the page: 1 to 1,000 (default 1,000).";
    public static final String PAGE_TOKEN = "The next_page_token of the previous page, exactly as it was received; "
            + "absent for the first page.";
    public static final String BAD_REQUEST = "TripleBadRequestError: page_size not an integer from 1 to 1,000, "
            + "page_token not a next_page_token of this list, a filter empty, longer than 255 characters or with "
            + "control characters, or a parameter given twice (details names it)";
    public static final String BAD_PAGE_SIZE = "{\"status_code\":400,\"content\":{\"details\":[\"page_size: must be "
            + "an integer from 1 to 1000\"],\"error_message\":\"The request is malformed.\","
            + "\"exception\":\"TripleBadRequestError\"}}";

    private ListDocs() {
    }
}
