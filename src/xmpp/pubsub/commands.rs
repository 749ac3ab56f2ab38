//! Chat commands to the service JID, for clients that can only add contacts and send
//! messages: a plain message in, a plain message back, saying what happened.

use super::*;
use xmpp_parsers::message::{Lang, Message, MessageType};

/// Longest command message read (longer ones get a short refusal)…
pub(super) const MAX_COMMAND_BYTES: usize = 16 * 1024;
/// …except `import`, whose OPML list may be longer (the link keeps messages up to 64 KiB).
pub(super) const MAX_IMPORT_BYTES: usize = 60 * 1024;
/// Users whose found feeds are remembered for `subscribe <n>` (least recent dropped first).
pub(super) const CHOICES_KEPT: usize = 1024;

/// Items `recent` shows unless told otherwise, and the most it shows.
const RECENT_DEFAULT: usize = 5;
const RECENT_MAX: usize = 20;

const HELP: &str = "feedpush: feeds as contacts.
help — this text
subscribe <feed URL, web page or node> — follow a feed; its contact asks to join your roster
subscribe <n> — pick the n-th feed found on a web page
unsubscribe <node> — stop following it
list — the feeds you follow, with their health
recent <node> [n] — the last n items of a feed (default 5)
info <node> — about a feed
mode <node|all> chat|normal|headline|pubsub — how new items reach you
filter <node> allow|deny <words…> — only items with one of these words / none of them
filter <node> clear — every item again
show <node|all> <states…> — only while your presence is one of chat online away dnd xa
digest <node|all> off|hourly|daily — one message per period instead of one per item
export — your feeds as an OPML list
import <OPML list> — follow every feed of a pasted OPML list
Adding a feed's contact (node@this service) follows it too; removing the contact ends it.";

impl Req<'_> {
    /// A message to the service JID: a command, answered with a message.
    pub(super) fn command(mut self, m: Message) -> Output {
        // Never answer errors, headlines or group chat: that is how loops start.
        if !matches!(m.type_, MessageType::Chat | MessageType::Normal) {
            return Output::default();
        }
        let Some(from) = m.from.clone() else {
            return Output::default();
        };
        let Some(body) = m.bodies.get("").or_else(|| m.bodies.values().next()) else {
            return Output::default();
        };
        let text = if let Err(which) = self.within_limits(&from) {
            debug!(from = %from, budget = ?which, "command over the rate limit");
            "Too many commands; try again in a minute.".to_owned()
        } else if body.len() > MAX_IMPORT_BYTES
            || (body.len() > MAX_COMMAND_BYTES && !starts_with_word(body.trim_start(), "import"))
        {
            let limit = if starts_with_word(body.trim_start(), "import") {
                MAX_IMPORT_BYTES
            } else {
                MAX_COMMAND_BYTES
            };
            format!("That message is too long for a command (over {limit} bytes).")
        } else {
            let line = body.trim();
            let (cmd, args) = match line.split_once(char::is_whitespace) {
                Some((c, a)) => (c, a.trim()),
                None => (line, ""),
            };
            match self.run(&from, &cmd.to_ascii_lowercase(), args) {
                Ok(t) => t,
                Err(f) => {
                    // Nothing of a refused command is applied.
                    self.changes.clear();
                    self.after.clear();
                    format!("{} failed: {}.", cmd.to_ascii_lowercase(), f.human())
                }
            }
        };
        self.answer(m.type_.clone(), from, &text)
    }

    /// The answer to a command (after its changes are durable, when it made any), followed by
    /// what the changes announce.
    fn answer(mut self, type_: MessageType, to: Jid, text: &str) -> Output {
        let mut reply = Message::new_with_type(type_, Some(to))
            .with_body(Lang::new(), crate::text::xml_clean(text).into_owned());
        reply.from = Some(Jid::from(self.jid.clone()));
        let reply = Box::new(Stanza::Message(reply));
        let mut send = Vec::new();
        if self.changes.is_empty() {
            send.push(Outgoing::Now(reply));
        } else {
            send.push(Outgoing::Durable {
                ok: reply,
                failed: None,
            });
        }
        send.extend(self.after.drain(..).map(|ok| Outgoing::Durable {
            ok: Box::new(ok),
            failed: None,
        }));
        Output {
            changes: self.changes,
            send,
            discover: self.discover,
            ..Output::default()
        }
    }

    /// What fetching a web address a user asked to follow showed: follow the feed, offer the
    /// feeds a page names, or say why not.
    pub(super) fn discovered(mut self, from: Jid, url: &str, found: Discovery) -> Output {
        let jid = from.to_bare().to_string();
        let shown = crate::net::redact_str(url);
        let text = match found {
            Discovery::Feed => self
                .subscribe_url(&jid, url)
                .unwrap_or_else(|f| format!("subscribe failed: {}.", f.human())),
            Discovery::Page(feeds) if feeds.is_empty() => {
                format!("{shown} is a web page that names no feed.")
            }
            Discovery::Page(mut feeds) if feeds.len() == 1 => {
                let (_, feed_url) = feeds.remove(0);
                match self.subscribe_url(&jid, &feed_url) {
                    Ok(t) => format!("Found a feed on that page: {feed_url}\n{t}"),
                    Err(f) => format!("subscribe failed: {}.", f.human()),
                }
            }
            Discovery::Page(feeds) => {
                let mut out = format!("{shown} names {} feeds:", feeds.len());
                for (i, (title, u)) in feeds.iter().enumerate() {
                    let title = if title.is_empty() {
                        u.as_str()
                    } else {
                        title.as_str()
                    };
                    out.push_str(&format!("\n{}. {title} — {u}", i + 1));
                }
                out.push_str("\nSend \"subscribe <number>\" to follow one.");
                self.svc.vol.choices.put(jid.clone(), feeds);
                out
            }
            Discovery::Failed(why) => format!("subscribe failed: {shown}: {why}."),
        };
        if text.starts_with("subscribe failed") {
            self.changes.clear();
            self.after.clear();
        }
        self.answer(MessageType::Chat, from, &text)
    }

    fn run(&mut self, from: &Jid, cmd: &str, args: &str) -> Result<String, Fail> {
        let jid = from.to_bare().to_string();
        if cmd == "import" {
            return self.cmd_import(&jid, args);
        }
        let words: Vec<&str> = args.split_whitespace().collect();
        match (cmd, words.as_slice()) {
            ("help" | "?", _) => Ok(HELP.to_owned()),
            ("subscribe", [target]) => self.cmd_subscribe(from, target),
            ("unsubscribe", [node]) => self.cmd_unsubscribe(&jid, node),
            ("list", []) => self.cmd_list(&jid),
            ("recent", [node]) => self.cmd_recent(from, node, RECENT_DEFAULT),
            ("recent", [node, n]) => {
                let n = n
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=RECENT_MAX).contains(n))
                    .ok_or_else(|| {
                        Fail::bad_request()
                            .text(format!("n must be a number from 1 to {RECENT_MAX}"))
                    })?;
                self.cmd_recent(from, node, n)
            }
            ("info", [node]) => self.cmd_info(from, node),
            ("mode", [target, mode]) => self.cmd_mode(&jid, target, mode),
            ("filter", [node, "clear"]) => self.cmd_filter(&jid, node, None, &[]),
            ("show", [target, states @ ..]) if !states.is_empty() => {
                self.cmd_show(&jid, target, states)
            }
            ("export", []) => self.cmd_export(from),
            ("digest", [target, period]) => self.cmd_digest(&jid, target, period),
            ("filter", [node, kind @ ("allow" | "deny"), words @ ..]) if !words.is_empty() => {
                self.cmd_filter(&jid, node, Some(kind), words)
            }
            (
                "subscribe" | "unsubscribe" | "recent" | "info" | "mode" | "list" | "filter"
                | "show" | "export" | "digest",
                _,
            ) => Err(Fail::bad_request().text(format!("wrong arguments; {}", usage(cmd)))),
            ("", _) => Ok(HELP.to_owned()),
            (other, _) => Ok(format!(
                "Unknown command \"{}\". Send \"help\" for the list.",
                other.chars().take(40).collect::<String>()
            )),
        }
    }

    fn feed(&self, node: &str) -> Result<FeedState, Fail> {
        self.st.feed(node)?.ok_or_else(|| {
            Fail::item_not_found().text(format!("no feed \"{node}\"; send \"list\" for yours"))
        })
    }

    fn cmd_subscribe(&mut self, from: &Jid, target: &str) -> Result<String, Fail> {
        let jid = from.to_bare().to_string();
        if target.len() > MAX_URL_BYTES {
            return Err(Fail::bad_request().text("that URL is too long"));
        }
        if let Some(feed) = self.st.feed(target)? {
            return self.follow_feed(&jid, &feed);
        }
        if let Ok(n) = target.parse::<usize>() {
            let picked = self
                .svc
                .vol
                .choices
                .get(&jid)
                .and_then(|c| c.get(n.wrapping_sub(1)).cloned());
            let Some((_, url)) = picked else {
                return Err(Fail::item_not_found().text(format!(
                    "there is no feed number {n} to pick; subscribe to a page first"
                )));
            };
            return self.subscribe_url(&jid, &url);
        }
        let Some(url) = normalize_url(target) else {
            return Err(Fail::item_not_found().text(format!(
                "\"{target}\" is neither a feed here nor a feed URL"
            )));
        };
        if let Some(node) = self.known_feed(&url)? {
            let feed = self.feed(&node)?;
            return self.follow_feed(&jid, &feed);
        }
        // A new address: look at it first (a feed, or a page that names feeds).
        self.may_add_feed(&url, &jid)?;
        self.discover.push(Discover {
            from: from.clone(),
            url: target.to_owned(),
        });
        Ok(format!(
            "Looking for a feed at {} …",
            crate::net::redact_str(target)
        ))
    }

    /// Follow the feed at `url` (a feed, as fetched): the service's feed for it, or a new user
    /// feed.
    fn subscribe_url(&mut self, jid: &str, url: &str) -> Result<String, Fail> {
        let node = self.feed_for_url(url, jid)?;
        let feed = match self.st.feed(&node)? {
            Some(f) => f,
            // Added by this request: its state is in the changes.
            None => self
                .changes
                .iter()
                .find_map(|c| match c {
                    Change::AddFeed(f) if f.node == node => Some((**f).clone()),
                    _ => None,
                })
                .ok_or_else(Fail::item_not_found)?,
        };
        self.follow_feed(jid, &feed)
    }

    /// Follow `feed` as a contact; its contact asks to join the user's roster.
    fn follow_feed(&mut self, jid: &str, feed: &FeedState) -> Result<String, Fail> {
        let already = self
            .st
            .subscription(&feed.node, jid)?
            .is_some_and(|s| s.contact);
        self.follow_as_contact(feed, jid)?;
        let bare = BareJid::new(jid).map_err(|_| Fail::bad_request())?;
        self.after.extend(self.contact_hello(feed, &bare));
        let contact = router::contact_jid(&feed.node, &self.jid)
            .map(|j| j.to_string())
            .unwrap_or_else(|| feed.node.clone());
        Ok(if already {
            format!(
                "You already follow {}; its contact is {contact}.",
                feed.node
            )
        } else {
            format!(
                "Subscribed to {} ({}). Its contact {contact} asks to join your roster: accept it, for new items come while you are online and its status shows how the feed is doing.",
                feed.node,
                feed.title.as_deref().unwrap_or("no title yet")
            )
        })
    }

    fn cmd_unsubscribe(&mut self, jid: &str, node: &str) -> Result<String, Fail> {
        let feed = self.feed(node)?;
        let Some(sub) = self.st.subscription(node, jid)? else {
            return Err(Fail::item_not_found().text(format!("you do not follow \"{node}\"")));
        };
        self.leave(&feed, jid)?;
        if sub.contact {
            self.contact_gone(node, jid);
        }
        Ok(format!("Unsubscribed from {node}."))
    }

    fn cmd_list(&self, jid: &str) -> Result<String, Fail> {
        let subs = self.st.subscriptions_of(jid)?;
        if subs.is_empty() {
            return Ok("You follow no feeds. Send \"subscribe <feed URL>\" to start.".into());
        }
        let mut out = format!("You follow {} feed(s):", subs.len());
        for s in subs {
            let Some(f) = self.st.feed(&s.node)? else {
                continue;
            };
            out.push_str(&format!(
                "\n{} — {} [{}, {}]",
                f.node,
                f.title.as_deref().unwrap_or("(no title yet)"),
                f.health.as_str(),
                s.mode.as_str()
            ));
        }
        Ok(out)
    }

    fn cmd_recent(&self, from: &Jid, node: &str, n: usize) -> Result<String, Fail> {
        let feed = self.feed(node)?;
        if !self.may_see(from, &feed)? {
            return Err(
                Fail::item_not_found().text(format!("no feed \"{node}\"; send \"list\" for yours"))
            );
        }
        let items = self.st.items(node, n, None)?;
        if items.is_empty() {
            return Ok(format!("{node} has no items yet."));
        }
        let mut out = format!("Latest {} of {node}:", items.len());
        for i in &items {
            out.push('\n');
            out.push_str(&render::item_line(&i.entry));
        }
        Ok(out)
    }

    fn cmd_info(&self, from: &Jid, node: &str) -> Result<String, Fail> {
        let feed = self.feed(node)?;
        let follower = self.follows(from, &feed)?;
        if !(follower || self.cfg().access.list_user_feeds) {
            return Err(
                Fail::item_not_found().text(format!("no feed \"{node}\"; send \"list\" for yours"))
            );
        }
        let url = self.shown_url(from, &feed);
        let mut out = format!(
            "{node}: {}\nURL: {url}\nHealth: {}\nSubscribers: {}\nItems kept: {}",
            feed.title.as_deref().unwrap_or("(no title yet)"),
            feed.health.as_str(),
            self.st.subscriber_count(node),
            self.st.item_count(node)
        );
        if let Some(t) = feed
            .last_fetch
            .and_then(chrono::DateTime::from_timestamp_millis)
        {
            out.push_str(&format!("\nLast fetched: {}", t.to_rfc3339()));
        }
        if let (true, Some(e)) = (follower, &feed.last_error) {
            out.push_str(&format!("\nLast error: {e}"));
        }
        if let Some(s) = self.st.subscription(node, &from.to_bare().to_string())? {
            out.push_str(&format!("\nYou follow it ({}).", s.mode.as_str()));
        }
        Ok(out)
    }

    fn cmd_filter(
        &mut self,
        jid: &str,
        node: &str,
        kind: Option<&str>,
        words: &[&str],
    ) -> Result<String, Fail> {
        self.feed(node)?;
        let mut sub = self
            .st
            .subscription(node, jid)?
            .ok_or_else(|| Fail::item_not_found().text(format!("you do not follow \"{node}\"")))?;
        let Some(kind) = kind else {
            sub.filter = crate::model::Filter::default();
            self.changes.push(Change::PutSubscription(sub));
            return Ok(format!("Every item of {node} reaches you again."));
        };
        let list = if kind == "allow" {
            &mut sub.filter.allow
        } else {
            &mut sub.filter.deny
        };
        for w in words {
            let w = w.to_lowercase();
            if !list.contains(&w) {
                list.push(w);
            }
        }
        if list.len() > crate::model::Filter::MAX_WORDS {
            return Err(Fail::bad_request().text(format!(
                "a filter keeps at most {} words",
                crate::model::Filter::MAX_WORDS
            )));
        }
        let f = sub.filter.clone();
        self.changes.push(Change::PutSubscription(sub));
        let mut out = format!("Filter of {node}:");
        if !f.allow.is_empty() {
            out.push_str(&format!(" items with one of {}", f.allow.join(", ")));
        }
        if !f.deny.is_empty() {
            if !f.allow.is_empty() {
                out.push(';');
            }
            out.push_str(&format!(" none with {}", f.deny.join(", ")));
        }
        out.push('.');
        Ok(out)
    }

    fn cmd_show(&mut self, jid: &str, target: &str, states: &[&str]) -> Result<String, Fail> {
        let mut values: Vec<String> = Vec::new();
        for s in states {
            let s = s.to_ascii_lowercase();
            if !SHOW_VALUES.contains(&s.as_str()) {
                return Err(Fail::bad_request().text(format!(
                    "\"{s}\" is not a presence state; use chat, online, away, dnd, xa"
                )));
            }
            if !values.contains(&s) {
                values.push(s);
            }
        }
        let show = (values.len() < SHOW_VALUES.len()).then_some(values.clone());
        let subs = self.targets(jid, target)?;
        for mut s in subs.into_iter().filter(|s| s.show_values != show) {
            s.show_values = show.clone();
            self.changes.push(Change::PutSubscription(s));
        }
        Ok(format!(
            "New items of {target} now reach you while you are {}.",
            values.join(", ")
        ))
    }

    /// The subscriptions a command about `target` (a node, or `all`) changes.
    fn targets(&self, jid: &str, target: &str) -> Result<Vec<Subscription>, Fail> {
        if target.eq_ignore_ascii_case("all") {
            return Ok(self.st.subscriptions_of(jid)?);
        }
        self.feed(target)?;
        Ok(vec![self.st.subscription(target, jid)?.ok_or_else(
            || Fail::item_not_found().text(format!("you do not follow \"{target}\"")),
        )?])
    }

    fn cmd_digest(&mut self, jid: &str, target: &str, period: &str) -> Result<String, Fail> {
        let digest = crate::model::Digest::parse(period)
            .ok_or_else(|| Fail::bad_request().text("the period is one of off, hourly, daily"))?;
        let subs = self.targets(jid, target)?;
        let now = self.now_ms;
        for mut s in subs.into_iter().filter(|s| s.digest != digest) {
            s.digest = digest;
            s.digest_at = now;
            if digest != crate::model::Digest::Off && s.mode == Mode::Pubsub {
                // A digest is a message from the contact.
                s.mode = Mode::Chat;
            }
            self.changes.push(Change::PutSubscription(s));
        }
        Ok(match digest {
            crate::model::Digest::Off => format!("New items of {target} come one by one again."),
            d => format!(
                "New items of {target} now come as one {} digest.",
                d.as_str()
            ),
        })
    }

    fn cmd_export(&self, from: &Jid) -> Result<String, Fail> {
        let jid = from.to_bare().to_string();
        let mut feeds = Vec::new();
        for s in self.st.subscriptions_of(&jid)? {
            if let Some(f) = self.st.feed(&s.node)? {
                // Whole only for what the sender may see whole: an admin, or their own feeds.
                feeds.push(crate::feedlist::ListedFeed {
                    url: self.shown_url(from, &f),
                    title: f.title.unwrap_or(f.node),
                });
            }
        }
        if feeds.is_empty() {
            return Ok("You follow no feeds: nothing to export.".into());
        }
        Ok(crate::feedlist::export(
            &format!("Feeds of {jid} on {}", self.jid),
            &feeds,
        ))
    }

    fn cmd_import(&mut self, jid: &str, text: &str) -> Result<String, Fail> {
        if text.trim().is_empty() {
            return Err(Fail::bad_request().text("usage: import <paste an OPML list>"));
        }
        let listed =
            crate::feedlist::import(text).map_err(|e| Fail::bad_request().text(e.to_string()))?;
        let mut seen = std::collections::HashSet::new();
        let (mut followed, mut already, mut added) = (0usize, 0usize, 0usize);
        let mut refused: Vec<String> = Vec::new();
        // Feeds this import adds, by normalised URL (the store's index knows the others).
        let mut known: std::collections::HashMap<String, String> = Default::default();
        for f in listed {
            if f.url.len() > MAX_URL_BYTES {
                refused.push(format!("a URL longer than {MAX_URL_BYTES} bytes"));
                continue;
            }
            let Some(url) = normalize_url(&f.url) else {
                refused.push(format!("{}: not a usable feed URL", f.url));
                continue;
            };
            if !seen.insert(url.to_string()) {
                continue;
            }
            let node = match known.get(url.as_str()) {
                Some(n) => Some(n.clone()),
                None => self.st.feed_by_url(url.as_str())?.map(|f| f.node),
            };
            if let Some(node) = node {
                if self.st.subscription(&node, jid)?.is_some() {
                    already += 1;
                    continue;
                }
                let feed = self.feed(&node)?;
                self.follow_feed(jid, &feed)?;
                followed += 1;
                continue;
            }
            let before = self.changes.len();
            match self.subscribe_url(jid, &f.url) {
                Ok(_) => {
                    if let Some(Change::AddFeed(added_feed)) = self.changes[before..]
                        .iter()
                        .find(|c| matches!(c, Change::AddFeed(_)))
                    {
                        known.insert(url.to_string(), added_feed.node.clone());
                    }
                    followed += 1;
                    added += usize::from(
                        self.changes[before..]
                            .iter()
                            .any(|c| matches!(c, Change::AddFeed(_))),
                    );
                }
                Err(e) => {
                    self.changes.truncate(before);
                    refused.push(format!("{}: {}", crate::net::redact_str(&f.url), e.human()));
                }
            }
        }
        let mut out = format!(
            "Imported: {followed} feed(s) followed ({added} new to this service), {already} already followed."
        );
        if !refused.is_empty() {
            out.push_str(&format!("\nNot imported ({}):", refused.len()));
            for r in refused.iter().take(20) {
                out.push_str(&format!("\n• {r}"));
            }
            if refused.len() > 20 {
                out.push_str(&format!("\n… and {} more", refused.len() - 20));
            }
        }
        Ok(out)
    }

    fn cmd_mode(&mut self, jid: &str, target: &str, mode: &str) -> Result<String, Fail> {
        let mode = Mode::parse(mode).ok_or_else(|| {
            Fail::bad_request().text("the mode is one of chat, normal, headline, pubsub")
        })?;
        let subs = self.targets(jid, target)?;
        let n = subs.len();
        for mut s in subs.into_iter().filter(|s| s.mode != mode) {
            s.mode = mode;
            self.changes.push(Change::PutSubscription(s));
        }
        Ok(match n {
            1 => format!("New items of {target} now come as {}.", mode.as_str()),
            n => format!("New items of your {n} feeds now come as {}.", mode.as_str()),
        })
    }
}

/// Whether `s` starts with the word `w` (any case).
fn starts_with_word(s: &str, w: &str) -> bool {
    s.get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w))
        && s[w.len()..].chars().next().is_none_or(char::is_whitespace)
}

fn usage(cmd: &str) -> &'static str {
    match cmd {
        "filter" => "usage: filter <node> allow|deny <words…>, or filter <node> clear",
        "show" => "usage: show <node|all> <states…> (chat online away dnd xa)",
        "export" => "usage: export",
        "digest" => "usage: digest <node|all> off|hourly|daily",
        "subscribe" => "usage: subscribe <feed URL, web page or node>",
        "unsubscribe" => "usage: unsubscribe <node>",
        "recent" => "usage: recent <node> [n]",
        "info" => "usage: info <node>",
        "mode" => "usage: mode <node|all> chat|normal|headline|pubsub",
        _ => "usage: list",
    }
}
