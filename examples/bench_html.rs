//! Nested-HTML benchmark (issue 20): how long one document whose single entry holds `<div>`
//! nested N deep takes to normalise (parse, flatten, sanitise), as escaped HTML in RSS and as
//! inline XHTML in Atom, for N doubling up to the 10 MiB body limit (≈ 1 million levels as
//! escaped HTML, ≈ 2 million as XHTML). Before the flattening pass this grew with N²
//! (80,000 levels: 31.7 s); now it grows with N.
//!
//! Run: `cargo run --release --example bench_html`

use std::time::Instant;

use url::Url;

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
}
