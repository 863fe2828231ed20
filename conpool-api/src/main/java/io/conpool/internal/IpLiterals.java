package io.conpool.internal;

/**
 * Strict parsing and canonical text of IP address literals, so that one address written two ways
 * ({@code ::1} and {@code 0:0:0:0:0:0:0:1}) is one endpoint, and a malformed literal is rejected
 * when the endpoint is made instead of failing later as a DNS error.
 *
 * <p>IPv6 text follows RFC 4291 section 2.2 (eight groups of up to four hex digits, one {@code ::},
 * an IPv4 tail in the last 32 bits, an optional {@code %zone}); the canonical form is RFC 5952's
 * (lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}).
 */
public final class IpLiterals {

    private IpLiterals() {
    }

    /**
     * @param text an IPv4 literal such as {@code 10.0.0.1}
     * @return the same address in canonical form, or {@code null} if the text is not four decimal
     * octets (a DNS name made of digits and dots, for instance)
     * @throws IllegalArgumentException if it is four decimal parts but not a valid address (an octet
     *                                  above 255, or a leading zero, which some resolvers read as octal)
     */
    public static String canonicalIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
        }
        StringBuilder out = new StringBuilder(15);
        for (String p : parts) {
            if (p.length() > 1 && p.charAt(0) == '0') {
                throw new IllegalArgumentException("octet '" + p + "' has a leading zero, which some resolvers read as"
                        + " octal: write " + Integer.parseInt(p));
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("octet " + v + " is above 255");
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(v);
        }
        return out.toString();
    }

    /**
     * @param text an IPv6 literal without brackets, such as {@code 2001:DB8::0001} or {@code fe80::1%eth0}
     * @return the RFC 5952 canonical text of the address (zone kept as written)
     * @throws IllegalArgumentException naming what is wrong, if the text is not a valid IPv6 literal
     */
    public static String canonicalIpv6(String text) {
        String addr = text;
        String zone = "";
        int pct = text.indexOf('%');
        if (pct >= 0) {
            addr = text.substring(0, pct);
            zone = text.substring(pct);
            if (zone.length() < 2 || !zone.substring(1).matches("[A-Za-z0-9_.\\-]+")) {
                throw new IllegalArgumentException("zone '" + zone + "' is empty or has characters other than"
                        + " letters, digits, '.', '_' and '-'");
            }
        }
        int[] groups = parseGroups(addr);
        return format(groups) + zone;
    }

    private static int[] parseGroups(String addr) {
        if (addr.contains(":::")) {
            throw new IllegalArgumentException("':::' is not allowed");
        }
        int doubleColon = addr.indexOf("::");
        if (doubleColon >= 0 && addr.indexOf("::", doubleColon + 1) >= 0) {
            throw new IllegalArgumentException("'::' may appear only once");
        }
        String head = doubleColon >= 0 ? addr.substring(0, doubleColon) : addr;
        String tail = doubleColon >= 0 ? addr.substring(doubleColon + 2) : "";
        int[] headGroups = groupsOf(head, doubleColon < 0);
        int[] tailGroups = doubleColon >= 0 ? groupsOf(tail, true) : new int[0];
        int count = headGroups.length + tailGroups.length;
        if (doubleColon < 0 && count != 8) {
            throw new IllegalArgumentException("it has " + count + " groups of 16 bits; an IPv6 address has 8 (or fewer"
                    + " with '::')");
        }
        if (doubleColon >= 0 && count > 7) {
            throw new IllegalArgumentException("it has " + count + " groups of 16 bits besides '::'; at most 7 fit");
        }
        int[] groups = new int[8];
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        return groups;
    }

    /** Groups of one side of '::'; an IPv4 tail (two groups) is allowed only at the very end. */
    private static int[] groupsOf(String side, boolean ipv4TailAllowed) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int n = parts.length;
        boolean v4 = parts[n - 1].indexOf('.') >= 0;
        int[] out = new int[v4 ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (i == n - 1 && v4) {
                if (!ipv4TailAllowed) {
                    throw new IllegalArgumentException("an IPv4 part ('" + p + "') may only end the address");
                }
                String v4text = canonicalIpv4(p);
                if (v4text == null) {
                    throw new IllegalArgumentException("'" + p + "' is not an IPv4 address");
                }
                String[] octets = v4text.split("\\.");
                out[i] = Integer.parseInt(octets[0]) << 8 | Integer.parseInt(octets[1]);
                out[i + 1] = Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]);
            } else {
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("it has an empty group (a single ':' at the start or end, or"
                            + " two ':' where '::' is already used)");
                }
                if (p.length() > 4 || !p.chars().allMatch(IpLiterals::isHex)) {
                    throw new IllegalArgumentException("group '" + p + "' is not 1 to 4 hex digits");
                }
                out[i] = Integer.parseInt(p, 16);
            }
        }
        return out;
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** RFC 5952: lower-case hex, the first longest run of two or more zero groups as '::'. */
    private static String format(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
