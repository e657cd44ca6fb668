package com.cardplatform.reference;

import java.util.List;

/** The HTML of the reference pages: no inline script or style, so that the pages' CSP allows this origin only. */
public final class ReferencePages {

    /**
     * The pages' Content-Security-Policy: scripts, styles, fonts, images and "Try it out" calls from this origin
     * only ({@code data:} images: Swagger UI's icons are data URIs in its style sheet), no frames, no forms
     * elsewhere, not framed.
     */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private ReferencePages() {
    }

    /** The page of one API: Swagger UI over the API's document ({@code <path>/openapi.json}). */
    public static String page(ApiPage page) {
        String assets = page.path() + "/assets/";
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(page.title()) + " · API reference</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + assets + "swagger-ui.css\">\n"
                + "<link rel=\"stylesheet\" href=\"" + assets + "reference.css\">\n"
                + "<link rel=\"icon\" type=\"image/png\" href=\"" + assets + "favicon-32x32.png\">\n"
                + "</head>\n<body>\n"
                + "<nav class=\"reference-nav\"><a href=\"/docs\">Card platform API reference</a> · "
                + escape(page.title()) + " · <a href=\"" + page.path() + "/openapi.json\">OpenAPI document</a></nav>\n"
                + "<div id=\"swagger-ui\" data-url=\"" + page.path() + "/openapi.json\"></div>\n"
                + "<script src=\"" + assets + "swagger-ui-bundle.js\"></script>\n"
                + "<script src=\"" + assets + "reference.js\"></script>\n"
                + "</body>\n</html>\n";
    }

    /** The index: one link per partner API. */
    public static String index(List<ApiPage> pages) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>Card platform API reference</title>\n</head>\n<body>\n"
                + "<h1>Card platform API reference</h1>\n"
                + "<p>Every API is served over HTTPS at this site and takes an OAuth2 access token from "
                + "<code>POST /oauth2/token</code> (client credentials; the authorization server's metadata is at "
                + "<a href=\"/.well-known/oauth-authorization-server\"><code>/.well-known/oauth-authorization-server</code></a>).</p>\n"
                + "<ul>\n");
        for (ApiPage page : pages) {
            b.append("<li><a href=\"").append(page.path()).append("\">").append(escape(page.title()))
                    .append("</a>: scope <code>").append(escape(page.scopes())).append("</code></li>\n");
        }
        return b.append("</ul>\n</body>\n</html>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
