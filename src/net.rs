//! URL policy in one place, for fetching and for the pubsub service: normalisation (one feed per
//! URL however it is spelled), node ids for added feeds (random for users' feeds), which host
//! names can be public, and the one redaction of secrets (userinfo, query values) before a URL
//! reaches anybody who may not see it, a log, an error or a metric; and this machine's name.

use std::net::IpAddr;

use sha2::{Digest, Sha256};
use url::Url;

/// This machine's name, as the kernel has it (`[cluster] instance`'s default); "feedpush" when
/// it cannot be read.
pub fn machine_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "feedpush".to_owned())
}

/// The host of a URL given as text (None when it does not parse or has none).
pub fn url_host(url: &str) -> Option<String> {
    Url::parse(url).ok()?.host_str().map(str::to_owned)
}

/// IPv4 ranges that are not the public Internet (IANA special-purpose registry, RFC 6890 and
/// successors): what a feed URL must not reach unless `[fetch] allow_private_addresses`.
const FORBIDDEN_V4: [&str; 16] = [
    "0.0.0.0/8",          // "this network"
    "10.0.0.0/8",         // private
    "100.64.0.0/10",      // carrier-grade NAT
    "127.0.0.0/8",        // loopback
    "169.254.0.0/16",     // link local
    "172.16.0.0/12",      // private
    "192.0.0.0/24",       // IETF protocol assignments
    "192.0.2.0/24",       // documentation (TEST-NET-1)
    "192.88.99.0/24",     // 6to4 relay anycast (deprecated)
    "192.168.0.0/16",     // private
    "198.18.0.0/15",      // benchmarking
    "198.51.100.0/24",    // documentation (TEST-NET-2)
    "203.0.113.0/24",     // documentation (TEST-NET-3)
    "224.0.0.0/4",        // multicast
    "240.0.0.0/4",        // reserved, and the broadcast address
    "255.255.255.255/32", // broadcast
];

/// IPv6 ranges that are not the public Internet. Ranges that embed an IPv4 address (mapped,
/// NAT64, 6to4, IPv4-compatible) are judged by that address instead, in [`is_forbidden`].
const FORBIDDEN_V6: [&str; 9] = [
    "::/128",        // unspecified
    "::1/128",       // loopback
    "100::/64",      // discard-only
    "2001::/32",     // Teredo: a tunnel endpoint, not a feed server
    "2001:db8::/32", // documentation
    "fc00::/7",      // unique local
    "fe80::/10",     // link local
    "fec0::/10",     // site local (deprecated)
    "ff00::/8",      // multicast
];

fn nets(list: &[&str]) -> Vec<ipnet::IpNet> {
    list.iter().filter_map(|n| n.parse().ok()).collect()
}

static FORBIDDEN: std::sync::LazyLock<(Vec<ipnet::IpNet>, Vec<ipnet::IpNet>)> =
    std::sync::LazyLock::new(|| (nets(&FORBIDDEN_V4), nets(&FORBIDDEN_V6)));

/// Whether an address is off limits when private addresses are not allowed.
pub fn is_forbidden(ip: IpAddr) -> bool {
    let (v4_nets, v6_nets) = &*FORBIDDEN;
    match ip {
        IpAddr::V4(_) => v4_nets.iter().any(|n| n.contains(&ip)),
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_v4(v6) {
                return is_forbidden(IpAddr::V4(v4));
            }
            v6_nets.iter().any(|n| n.contains(&ip))
        }
    }
}

/// The IPv4 address a gateway would reach for an IPv6 address that carries one: mapped
/// `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002:AABB:CCDD::/48` and the old
/// IPv4-compatible `::a.b.c.d` (but not `::` and `::1` themselves).
fn embedded_v4(v6: std::net::Ipv6Addr) -> Option<std::net::Ipv4Addr> {
    let seg = v6.segments();
    let v4 = |hi: u16, lo: u16| {
        std::net::Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8)
    };
    if let Some(m) = v6.to_ipv4_mapped() {
        return Some(m);
    }
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(v4(seg[6], seg[7]));
    }
    if seg[0] == 0x2002 {
        return Some(v4(seg[1], seg[2]));
    }
    if seg[..6] == [0; 6] && !(seg[6] == 0 && seg[7] <= 1) {
        return Some(v4(seg[6], seg[7]));
    }
    None
}

/// Normalise a feed URL so that one feed is fetched once for everybody: scheme and host case,
/// default port and fragment removed.
pub fn normalize_url(raw: &str) -> Option<Url> {
    let mut u = Url::parse(raw.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    // The url crate already lowercases scheme and host and drops a default port.
    u.set_fragment(None);
    Some(u)
}

/// The node id an operator's feed gets from its URL when the admin API is given none: stable for
/// its normalised URL (user-added feeds get [`new_user_node`] instead).
pub fn url_node(url: &Url) -> String {
    let h = Sha256::digest(url.as_str().as_bytes());
    format!("u-{}", &hex::encode(h)[..16])
}

/// Top-level names that never resolve on the public Internet (RFC 2606, RFC 6761, RFC 6762,
/// ICANN's `.internal`), so a feed there can only be somebody's private server.
const PRIVATE_TLDS: [&str; 6] = [
    "localhost",
    "invalid",
    "test",
    "example",
    "local",
    "internal",
];

/// Why a URL's host cannot be a user's public feed, or None when it can be.
///
/// Names are judged here, before any request; addresses again when they are resolved (the
/// fetcher's guard, which also sees where a public name points).
pub fn private_host(url: &Url) -> Option<&'static str> {
    match url.host()? {
        url::Host::Ipv4(v4) => is_forbidden(IpAddr::V4(v4)).then_some("a private address"),
        url::Host::Ipv6(v6) => is_forbidden(IpAddr::V6(v6)).then_some("a private address"),
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            let tld = d.rsplit('.').next().unwrap_or(&d);
            if d.is_empty() || PRIVATE_TLDS.contains(&tld) {
                return Some("a name that is not public");
            }
            // A single label ("intranet") is only meaningful inside some local network.
            (!d.contains('.')).then_some("a name that is not public")
        }
    }
}

/// What stands for a withheld value in a redacted URL.
pub const REDACTED: &str = "…";

/// The URL as it may be shown to anybody but the service's admins (and, for a user-added feed,
/// the JID that added it), and in logs, errors and metrics: the one redaction rule. Userinfo
/// and the fragment are removed; each query parameter keeps its name with its value replaced by
/// `…` (names help people tell feeds apart); a parameter without `=` is itself withheld (a bare
/// `?abc123` is usually the key). The result redacts to itself.
pub fn redact(url: &Url) -> String {
    let mut u = url.clone();
    // Cannot fail for http(s) URLs; for others (no host) there is no userinfo to remove.
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.set_fragment(None);
    u.set_query(None);
    let mut out = u.to_string();
    if let Some(q) = url.query().filter(|q| !q.is_empty()) {
        out.push('?');
        for (i, pair) in q.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            // The name as written (still percent-encoded): nothing decoded is shown.
            match pair.split_once('=') {
                Some((name, _)) => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(REDACTED);
                }
                None if pair.is_empty() => {}
                None => out.push_str(REDACTED),
            }
        }
    }
    out
}

/// [`redact`] for a URL held as text (anything unparseable is withheld entirely).
pub fn redact_str(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(u) => redact(&u),
        Err(_) => "<unparseable URL>".to_owned(),
    }
}

/// A feed's URL as somebody sees it: whole when `whole` (an admin, or the JID that added a
/// user feed), else [`redact`]ed. Push nodes have no URL: empty either way.
pub fn shown_url(raw: &str, whole: bool) -> String {
    if whole || raw.is_empty() {
        raw.to_owned()
    } else {
        redact_str(raw)
    }
}

/// Whether a URL is one [`redact`] made (a query value, or a bare parameter, is `…`): what a
/// user pasted from somebody else's redacted view, not a feed anybody can fetch.
pub fn looks_redacted(url: &Url) -> bool {
    url.query_pairs()
        .any(|(k, v)| v == REDACTED || (v.is_empty() && k == REDACTED))
}

/// Random bits in a new user feed's node id: enough that ids cannot be guessed or enumerated.
pub const USER_NODE_BITS: usize = 128;

/// RFC 4648 base32 alphabet, lower case (node ids become JID localparts, which are
/// case-folded).
const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// A fresh node id for a user-added feed: `u-` and [`USER_NODE_BITS`] random bits in base32
/// (26 characters). Not derived from the URL: knowing (or guessing) a URL tells nothing about
/// the node, and knowing a node tells nothing about the URL. The bits come from `rng`, a
/// cryptographically secure generator (the daemon's is seeded from the operating system; tests
/// seed theirs to replay).
pub fn new_user_node<R: rand::CryptoRng + ?Sized>(rng: &mut R) -> String {
    let mut bytes = [0u8; USER_NODE_BITS / 8];
    rng.fill_bytes(&mut bytes);
    format!("u-{}", base32(&bytes))
}

/// Unpadded lower-case base32 (RFC 4648 §6 alphabet).
fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(BASE32[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_normalise() {
        let a = normalize_url("HTTP://Example.ORG:80/feed.xml#top").unwrap();
        let b = normalize_url("http://example.org/feed.xml").unwrap();
        assert_eq!(a, b);
        assert_eq!(url_node(&a), url_node(&b));
        assert!(normalize_url("ftp://example.org/f").is_none());
        assert_eq!(
            normalize_url("http://127.0.0.1:8080/f").unwrap().as_str(),
            "http://127.0.0.1:8080/f"
        );
    }

    #[test]
    fn names_that_cannot_be_public_are_refused() {
        for bad in [
            "http://localhost/f",
            "http://localhost./f",
            "http://foo.localhost/f",
            "http://foo.localhost./f",
            "http://LOCALHOST/f",
            "http://a.invalid/f",
            "http://a.test/f",
            "http://a.example/f",
            "http://printer.local/f",
            "http://git.corp.internal/f",
            "http://intranet/f",
            "http://127.0.0.1/f",
            "http://10.1.2.3/f",
            "http://[::1]/f",
            "http://[::ffff:192.168.0.1]/f",
            "http://0x7f000001/f",
            "http://2130706433/f",
            "http://017700000001/f",
        ] {
            let u = Url::parse(bad).unwrap();
            assert!(private_host(&u).is_some(), "{bad} passed");
        }
        for good in [
            "https://example.org/f",
            "https://blog.example.com./feed",
            "http://93.184.216.34/f",
        ] {
            assert_eq!(private_host(&Url::parse(good).unwrap()), None, "{good}");
        }
    }

    #[test]
    fn special_purpose_ranges_are_forbidden() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "203.0.113.9",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "2001:db8::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
            "2002:0a00:0001::1",
            "::10.0.0.1",
        ] {
            assert!(is_forbidden(a.parse().unwrap()), "{a}");
        }
        for a in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:2800:220:1::1",
            "2002:5db8:d822::1",
            "64:ff9b::808:808",
        ] {
            assert!(!is_forbidden(a.parse().unwrap()), "{a}");
        }
        assert_eq!(
            FORBIDDEN.0.len(),
            FORBIDDEN_V4.len(),
            "every v4 range parses"
        );
        assert_eq!(
            FORBIDDEN.1.len(),
            FORBIDDEN_V6.len(),
            "every v6 range parses"
        );
    }

    #[test]
    fn secrets_are_redacted() {
        let u = Url::parse("https://user:pw@host.example.org/feed?token=s3cret&x=1#f").unwrap();
        assert_eq!(redact(&u), "https://host.example.org/feed?token=…&x=…");
        for (raw, shown) in [
            ("http://example.org/a", "http://example.org/a"),
            ("http://u@example.org/a", "http://example.org/a"),
            ("http://:p@example.org:8080/a", "http://example.org:8080/a"),
            ("https://h.example/f?", "https://h.example/f"),
            ("https://h.example/f?APIKEY123", "https://h.example/f?…"),
            ("https://h.example/f?a=1&&b", "https://h.example/f?a=…&&…"),
            (
                "https://h.example/f?to%6Ben=s%65cret",
                "https://h.example/f?to%6Ben=…",
            ),
            ("https://h.example/f?a=1;token=2", "https://h.example/f?a=…"),
            ("https://h.example/f#access_token=x", "https://h.example/f"),
            ("::", "<unparseable URL>"),
        ] {
            let r = redact_str(raw);
            assert_eq!(r, shown, "{raw}");
            assert_eq!(redact_str(&r), r, "idempotent: {raw}");
        }
        // Any userinfo and any value, whatever it holds, is gone.
        for secret in ["p%40ss", "a:b", "é", "%00"] {
            let raw = format!("https://user:{secret}@h.example/f?k={secret}&{secret}");
            if let Ok(u) = Url::parse(&raw) {
                let r = redact(&u);
                assert!(!r.contains(secret) && !r.contains("user"), "{raw} -> {r}");
            }
        }
        assert_eq!(
            shown_url("https://u:p@h.example/f?t=1", true),
            "https://u:p@h.example/f?t=1"
        );
        assert_eq!(
            shown_url("https://u:p@h.example/f?t=1", false),
            "https://h.example/f?t=…"
        );
        assert_eq!(shown_url("", false), "");
        for raw in [
            "https://h.example/f?t=1&APIKEY",
            "https://u:p@h.example/f?x=y",
        ] {
            let r = Url::parse(&redact_str(raw)).unwrap();
            assert!(looks_redacted(&r), "{r}");
            assert!(!looks_redacted(&Url::parse(raw).unwrap()), "{raw}");
        }
        assert!(!looks_redacted(&Url::parse("https://h.example/f").unwrap()));
    }

    #[test]
    fn user_nodes_are_random_valid_ids() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let a = new_user_node(&mut rng);
        let b = new_user_node(&mut rng);
        assert_ne!(a, b);
        assert_eq!(a.len(), 2 + USER_NODE_BITS.div_ceil(5));
        assert!(crate::config::valid_node_id(&a), "{a}");
        assert!(a[2..].bytes().all(|c| BASE32.contains(&c)), "{a}");
        // RFC 4648 §10 test vectors, lower case and unpadded.
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "my");
        assert_eq!(base32(b"fo"), "mzxq");
        assert_eq!(base32(b"foo"), "mzxw6");
        assert_eq!(base32(b"foob"), "mzxw6yq");
        assert_eq!(base32(b"fooba"), "mzxw6ytb");
        assert_eq!(base32(b"foobar"), "mzxw6ytboi");
    }
}
