//! What of a configuration file must be the same on every instance of a cluster, as one short
//! hash: the file's settings without those that are per instance by nature (`[cluster]
//! instance`, `[http] listen`, the `[component]` and `[storage]` connection settings), in a
//! canonical form (keys sorted, comments, spacing and quoting gone), so that two files that
//! say the same thing hash the same.

use sha2::{Digest, Sha256};

/// Keys per instance by nature: `(table, key)`.
const PER_INSTANCE: &[(&str, &str)] = &[
    ("cluster", "instance"),
    ("http", "listen"),
    ("component", "server"),
    ("component", "secret"),
    ("component", "secret_file"),
    ("component", "secret_credential"),
    ("storage", "url"),
    ("storage", "url_file"),
    ("storage", "path"),
    ("storage", "pool_size"),
    ("storage", "connect_timeout"),
];

/// The hash of what `text` says that every instance must agree on (16 hex digits); empty for
/// a text that is not TOML (never the case for a file that validated).
pub(super) fn hash(text: &str) -> String {
    let Ok(mut table) = text.parse::<toml::Table>() else {
        return String::new();
    };
    for (section, key) in PER_INSTANCE {
        if let Some(toml::Value::Table(t)) = table.get_mut(*section) {
            t.remove(*key);
            // A section that said only what is per instance says nothing shared.
            if t.is_empty() {
                table.remove(*section);
            }
        }
    }
    let mut canonical = String::new();
    write_table(&table, &mut canonical);
    let digest = Sha256::digest(canonical.as_bytes());
    hex::encode(&digest[..8])
}

fn write_table(t: &toml::Table, out: &mut String) {
    let mut keys: Vec<&String> = t.keys().collect();
    keys.sort();
    out.push('{');
    for k in keys {
        write_str(k, out);
        out.push('=');
        write_value(&t[k], out);
        out.push(',');
    }
    out.push('}');
}

fn write_value(v: &toml::Value, out: &mut String) {
    match v {
        toml::Value::String(s) => write_str(s, out),
        toml::Value::Table(t) => write_table(t, out),
        toml::Value::Array(a) => {
            out.push('[');
            for v in a {
                write_value(v, out);
                out.push(',');
            }
            out.push(']');
        }
        // Numbers, booleans and dates: TOML's own spelling of the value.
        other => out.push_str(&other.to_string()),
    }
}

/// A string as JSON spells it: unambiguous, whatever it holds.
fn write_str(s: &str, out: &mut String) {
    out.push_str(&serde_json::Value::from(s).to_string());
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn the_same_settings_written_otherwise_hash_the_same() {
        let a = "[component]\njid = \"feeds.example.org\"\nserver = \"127.0.0.1:5347\"\nsecret = \"a\"\n\
                 [cluster]\ninstance = \"one\"\nlease = \"60s\"\n\
                 [[feeds]]\nnode = \"n\"\nurl = \"http://x/\"\n";
        // Other comments, order, quoting; other per-instance values.
        let b = "# the second machine\n[cluster]\nlease = '60s'\ninstance = 'two'\n\
                 [component]\nsecret_file = \"/run/credentials/s\"\nserver = \"10.0.0.2:5347\"\n\
                 jid = \"feeds.example.org\"\n\
                 [http]\nlisten = \"127.0.0.1:9090\"\n\
                 [[feeds]]\nurl = \"http://x/\"\nnode = \"n\"\n";
        assert_eq!(hash(a), hash(b));
        assert_eq!(hash(a).len(), 16);
    }

    #[test]
    fn a_shared_setting_changes_the_hash() {
        let base = "[cluster]\nlease = \"60s\"\n[[feeds]]\nnode = \"n\"\nurl = \"http://x/\"\n";
        let other_feed = base.replace("http://x/", "http://y/");
        let other_lease = base.replace("60s", "30s");
        let more = format!("{base}[[feeds]]\nnode = \"m\"\nurl = \"http://z/\"\n");
        for other in [other_feed, other_lease, more] {
            assert_ne!(hash(base), hash(&other), "{other}");
        }
        // A key's text is not confused with a value's.
        assert_ne!(hash("[a]\nb = \"c=d\"\n"), hash("[a]\n\"b=c\" = \"d\"\n"));
    }
}
