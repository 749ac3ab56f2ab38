-- Attach feedpush to Prosody as an external component (XEP-0114).
-- Add to /etc/prosody/prosody.cfg.lua, then `prosodyctl reload`.
-- The component listener must only be reachable from feedpush (loopback here).

component_ports = { 5347 }
component_interfaces = { "127.0.0.1" }

Component "feeds.example.org"
    -- must equal [component] secret (or the content of secret_file) in feeds.toml
    component_secret = "change-me"
