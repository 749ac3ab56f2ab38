-- Attach feedpush to Prosody as an external component (XEP-0114).
-- Add to /etc/prosody/prosody.cfg.lua, then `prosodyctl reload`.
-- The component listener must only be reachable from feedpush (loopback here).

-- component_ports and component_interfaces are GLOBAL options: put them above the first
-- VirtualHost, not inside the Component block (there they are silently ignored).
component_ports = { 5347 }
component_interfaces = { "127.0.0.1" }

-- feedpush reads stanzas up to [component] max_stanza_bytes (default 1 MiB). Prosody's own
-- limits are lower (c2s 256 KiB, components 512 KiB), so any stanza Prosody forwards fits; if
-- you raise these, raise max_stanza_bytes to at least the larger of them:
-- c2s_stanza_size_limit = 256 * 1024
-- component_stanza_size_limit = 512 * 1024

Component "feeds.example.org"
    -- must equal [component] secret (or the content of secret_file) in feeds.toml
    component_secret = "change-me"
    -- Several feedpush instances on one database ([cluster] link = "leader"): one holds the
    -- link at a time; when it is paused rather than dead, the instance that takes its lease
    -- over must be let in, replacing the old connection. (component_interfaces above must
    -- then be reachable from every instance's machine.)
    -- component_conflict_resolve = "kick_old"
