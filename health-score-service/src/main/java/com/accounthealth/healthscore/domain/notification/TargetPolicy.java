package com.accounthealth.healthscore.domain.notification;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which notification targets are allowed. A webhook or Slack target is a URL this service will POST to from inside the
 * cluster, so it must not reach what only the cluster can reach (server-side request forgery): it must be https, and
 * every address its host resolves to must be public — not link-local (which holds cloud metadata endpoints such as
 * 169.254.169.254), not loopback, not any configured private range. Loopback and plain http are allowed only where
 * {@code allowLoopback} is set (dev and tests, whose receivers run on this machine).
 */
public final class TargetPolicy {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$");

    /** Resolves a host name to every address it has. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** An address range in CIDR notation, e.g. {@code 10.0.0.0/8} or {@code fc00::/7}. */
    public record AddressRange(InetAddress network, int prefixLength) {
        public static AddressRange parse(String cidr) {
            String[] parts = cidr.trim().split("/");
            try {
                InetAddress network = InetAddress.getByName(parts[0]);
                int bits = network.getAddress().length * 8;
                int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("Prefix out of range in " + cidr);
                }
                return new AddressRange(network, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("Not an address range: " + cidr, e);
            }
        }

        public boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            byte[] n = network.getAddress();
            if (a.length != n.length) {
                return false;
            }
            int shift = a.length * 8 - prefixLength;
            return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, n).shiftRight(shift));
        }
    }

    private static final List<AddressRange> ALWAYS_REFUSED = List.of(
            AddressRange.parse("0.0.0.0/8"),          // "this network"
            AddressRange.parse("169.254.0.0/16"),     // link-local, cloud metadata endpoints
            AddressRange.parse("100.100.100.200/32"), // a cloud metadata endpoint outside link-local
            AddressRange.parse("198.18.0.0/15"),      // benchmarking networks
            AddressRange.parse("240.0.0.0/4"),        // reserved
            AddressRange.parse("fe80::/10"),          // IPv6 link-local
            AddressRange.parse("fd00:ec2::254/128"),  // IPv6 cloud metadata endpoint
            AddressRange.parse("64:ff9b::/96"),       // NAT64: IPv4 addresses, private ones included, in IPv6
            AddressRange.parse("2002::/16"));         // 6to4: the same

    private final boolean allowLoopback;
    private final List<AddressRange> refusedRanges;
    private final Resolver resolver;

    public TargetPolicy(boolean allowLoopback, List<AddressRange> refusedRanges, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.refusedRanges = List.copyOf(refusedRanges);
        this.resolver = resolver;
    }

    /**
     * What the policy says of a target: allowed, with the address to connect to (the one checked, so a host name that
     * resolves differently a moment later cannot lead elsewhere); or refused, with the reason, and whether trying
     * again later could help (a host name that does not resolve now may resolve later; a private address will not
     * become public).
     */
    public record Verdict(InetAddress address, String refusal, boolean permanent) {
        public boolean allowed() {
            return refusal == null;
        }

        static Verdict allow(InetAddress address) {
            return new Verdict(address, null, false);
        }

        static Verdict refuse(String reason) {
            return new Verdict(null, reason, true);
        }
    }

    /** Why {@code target} is refused for {@code channel}, or empty when it is allowed. */
    public Optional<String> refusal(Channel channel, String target) {
        return Optional.ofNullable(check(channel, target).refusal());
    }

    /** The verdict on {@code target}: for webhooks and Slack, with the vetted address to connect to. */
    public Verdict check(Channel channel, String target) {
        if (target == null || target.isBlank()) {
            return Verdict.refuse("is required");
        }
        if (channel == Channel.EMAIL) {
            return EMAIL.matcher(target).matches() ? Verdict.allow(null) : Verdict.refuse("is not an e-mail address");
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            return Verdict.refuse("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Verdict.refuse("must be an https URL");
        }
        if (uri.getHost() == null) {
            return Verdict.refuse("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Verdict.refuse("must not carry credentials before the host");
        }
        if (!target.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Verdict.refuse("must be a URL of printable ASCII characters (percent-encode the rest)");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            return new Verdict(null, "names a host that does not resolve now", false);
        }
        boolean allLoopback = addresses.stream().allMatch(InetAddress::isLoopbackAddress);
        if (scheme.equals("http") && !(allowLoopback && allLoopback)) {
            return Verdict.refuse("must be an https URL (plain http only for a receiver on this machine in dev and test)");
        }
        // Every address must be allowed: which one a client would pick is not ours to know.
        for (InetAddress address : addresses) {
            Optional<String> refused = refusedAddress(address);
            if (refused.isPresent()) {
                // The address itself is not echoed: the answer must not become a way to look up internal names.
                return Verdict.refuse("resolves to " + refused.get());
            }
        }
        return Verdict.allow(addresses.getFirst());
    }

    private Optional<String> refusedAddress(InetAddress address) {
        InetAddress plain = unmapped(address);
        if (plain.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("a loopback address");
        }
        if (plain.isAnyLocalAddress() || plain.isMulticastAddress()) {
            return Optional.of("an address that is not unicast");
        }
        if (plain.isLinkLocalAddress() || ALWAYS_REFUSED.stream().anyMatch(r -> r.contains(plain))) {
            return Optional.of("a link-local or metadata address");
        }
        if (refusedRanges.stream().anyMatch(r -> r.contains(plain))) {
            return Optional.of("an address in a private range");
        }
        return Optional.empty();
    }

    /** ::ffff:10.0.0.1 is 10.0.0.1: an IPv4-mapped address must not slip past the IPv4 ranges. */
    private static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }
}
