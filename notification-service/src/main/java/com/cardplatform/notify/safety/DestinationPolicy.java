package com.cardplatform.notify.safety;

import com.cardplatform.errors.ApiError;
import com.cardplatform.notify.config.NotifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where the service may send a request (SSRF): a partner chooses the URL, the service's network is not theirs.
 * In production only {@code https}, and only public addresses: no loopback, RFC 1918, ULA, link-local (so no
 * cloud metadata: 169.254.169.254, fd00:ec2::254), CGNAT, multicast, unspecified or reserved.
 *
 * <p>The address rule is applied twice: when a URL is registered (a clear 400 for the partner) and on every
 * connection, to the addresses the name resolves to at that moment; the request then goes to the checked address
 * (DNS rebinding cannot swap it between check and connect), with the host name kept for Host and TLS SNI.</p>
 */
@ApplicationScoped
public class DestinationPolicy {

    private final boolean allowHttp;
    private final boolean allowPrivate;

    @Inject
    public DestinationPolicy(NotifyConfig config) {
        this(config.allowHttp(), config.allowPrivateAddresses());
    }

    public DestinationPolicy(boolean allowHttp, boolean allowPrivate) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** A destination URL as registered: the form, the scheme, and (resolving it now) its addresses. */
    public URI validate(String field, String url) {
        URI uri = parse(field, url);
        resolveChecked(field, uri.getHost());
        return uri;
    }

    /** The form and scheme only (no DNS). */
    public URI parse(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw ApiError.invalidFormat(field, field + " must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw ApiError.invalidFormat(field, field + " must be an absolute http(s) URL without user info or fragment");
        }
        if (scheme.equals("http") && !allowHttp) {
            throw ApiError.invalidValue(field, field + " must use https");
        }
        return uri;
    }

    /**
     * The addresses {@code host} resolves to, every one of them allowed, or an {@link ApiError} (400, the field
     * named). Blocking (DNS): call it off the event loop.
     */
    public List<InetAddress> resolveChecked(String field, String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(stripBrackets(host));
        } catch (UnknownHostException e) {
            throw ApiError.invalidValue(field, field + " names a host that does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw ApiError.invalidValue(field, field + " resolves to a non-public address");
                }
            }
        }
        return List.of(addresses);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether a request may go to this address in production. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local (fd00:ec2::254, the AWS metadata service, is one)
                return false;
            }
            if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // ::ffff:a.b.c.d
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if (isZero(b, 0, 12)) { // ::a.b.c.d (deprecated IPv4-compatible), ::, ::1
                return false;
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && isZero(b, 4, 12)) { // 64:ff9b::/96 NAT64: the IPv4 address behind it decides
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && (b[4] & 0xff) == 0x00 && (b[5] & 0xff) == 0x01) { // 64:ff9b:1::/48 local-use NAT64 (RFC 8215)
                return false;
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) { // 2002::/16 6to4: the IPv4 address inside decides
                return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
                return false; // 2001::/32 Teredo: a tunnel to an IPv4 address no check here can see
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return !(a0 == 0 // this network
                || a0 == 10 // RFC 1918
                || a0 == 127 // loopback
                || a0 == 100 && a1 >= 64 && a1 <= 127 // 100.64.0.0/10 carrier-grade NAT
                || a0 == 169 && a1 == 254 // link-local, cloud metadata
                || a0 == 172 && a1 >= 16 && a1 <= 31 // RFC 1918
                || a0 == 192 && a1 == 168 // RFC 1918
                || a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                || a0 == 198 && (a1 == 18 || a1 == 19) // benchmarking
                || a0 >= 224); // multicast, reserved, broadcast
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
