//! Nested-HTML benchmark (issue 20): how long one document whose single entry holds `<div>`
//! nested N deep takes to normalise (parse, flatten, sanitise), as escaped HTML in RSS and as
//! inline XHTML in Atom, for N doubling up to the 10 MiB body limit (≈ 1 million levels as
//! escaped HTML, ≈ 2 million as XHTML). Before the flattening pass this grew with N²
//! (80,000 levels: 31.7 s); now it grows with N.
//!
//! Second figure: the flattening pass's share of sanitising an ordinary entry (a 300-byte
//! paragraph with a link and emphasis, as in `bench_poller`): the pass alone against ammonia
//! alone, per entry.
//!
//! Run: `cargo run --release --example bench_html`

use std::time::Instant;

use url::Url;

/// Ordinary entries sanitised for the second figure.
const ORDINARY_RUNS: usize = 20_000;

/// Largest document measured: the default `[fetch] max_body_bytes`.
const MAX_BODY: usize = 10 * 1024 * 1024;

fn nested(depth: usize) -> String {
    format!("{}deep{}", "<div>".repeat(depth), "</div>".repeat(depth))
}

fn rss(depth: usize) -> Vec<u8> {
    let esc = nested(depth)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><guid>a</guid>\
         <title>x</title><description>{esc}</description></item></channel></rss>"
    )
    .into_bytes()
}

fn atom(depth: usize) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>\
         <id>f</id><entry><id>a</id><title>x</title><content type=\"xhtml\">\
         <div xmlns=\"http://www.w3.org/1999/xhtml\">{}</div></content></entry></feed>",
        nested(depth)
    )
    .into_bytes()
}

fn main() {
    let base = Url::parse("http://127.0.0.1/feed").expect("url");
    println!(
        "{:>6} {:>9} {:>12} {:>10}",
        "format", "levels", "bytes", "seconds"
    );
    for (name, make, per_level) in [
        ("rss", rss as fn(usize) -> Vec<u8>, 23),
        ("atom", atom as fn(usize) -> Vec<u8>, 11),
    ] {
        let mut depths: Vec<usize> = [10_000, 20_000, 40_000, 80_000].to_vec();
        depths.push(MAX_BODY / per_level);
        for depth in depths {
            let body = make(depth);
            let started = Instant::now();
            let feed = feedpush::normalize::normalize(&body, &base);
            let secs = started.elapsed().as_secs_f64();
            let ok = match feed {
                Ok(f) => f.entries.len() == 1,
                Err(e) => {
                    eprintln!("{e}");
                    false
                }
            };
            println!(
                "{name:>6} {depth:>9} {:>12} {secs:>10.3}{}",
                body.len(),
                if ok { "" } else { "  (failed)" }
            );
        }
    }

    let ordinary = "<p>Entry 7 of feed 3: a <a href=\"https://example.org/f3/e7\">link</a> and some \
                    <em>emphasis</em>. The quick brown fox jumps over the lazy dog while the poller \
                    keeps an eye on it. The quick brown fox jumps over the lazy dog while the \
                    poller keeps an eye on it.</p>";
    // The pass's own worst case: a paragraph and a table open below the bound, so that every
    // one of two million `<div>` start tags looks down the open elements for a paragraph.
    let worst = format!("<p><table>{}", "<div>".repeat(MAX_BODY / 5));
    let started = Instant::now();
    let out = feedpush::normalize::flatten::flatten(&worst);
    println!(
        "flatten worst case ({} bytes, {} tags): {:.3} s, {} bytes out",
        worst.len(),
        MAX_BODY / 5 + 2,
        started.elapsed().as_secs_f64(),
        out.len()
    );
    let long = ordinary.repeat(80);
    for (name, html, runs) in [
        ("ordinary entry", ordinary.to_owned(), ORDINARY_RUNS),
        ("long entry", long, ORDINARY_RUNS / 80),
    ] {
        let started = Instant::now();
        let mut n = 0;
        for _ in 0..runs {
            n += feedpush::normalize::flatten::flatten(std::hint::black_box(&html)).len();
        }
        let flatten_us = started.elapsed().as_secs_f64() * 1e6 / runs as f64;
        let started = Instant::now();
        for _ in 0..runs {
            n += ammonia::clean(std::hint::black_box(&html)).len();
        }
        let clean_us = started.elapsed().as_secs_f64() * 1e6 / runs as f64;
        println!(
            "{name} ({} bytes): flatten {flatten_us:.2} us, ammonia {clean_us:.2} us, \
             flatten adds {:.1} % ({n} bytes out)",
            html.len(),
            100.0 * flatten_us / clean_us
        );
    }
}
