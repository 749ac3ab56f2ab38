//! Subscription options (XEP-0060 §6.3): the `subscribe_options` form, its defaults, reading
//! a submitted form strictly, and the options requests.

use super::*;

pub(super) fn default_sub() -> Subscription {
    Subscription {
        node: String::new(),
        jid: String::new(),
        deliver: true,
        show_values: None,
        created: 0,
        mode: Mode::Pubsub,
        contact: false,
        include_body: true,
        suspended: false,
        filter: crate::model::Filter::default(),
        digest: crate::model::Digest::Off,
        digest_at: 0,
    }
}

fn boolean(var: &str, label: &str, value: bool) -> Field {
    let mut f =
        Field::new(var, FieldType::Boolean).with_value(if value { "true" } else { "false" });
    f.label = Some(label.into());
    f
}

/// A boolean field's one value (XEP-0004 §3.3: `1`/`true`, `0`/`false`).
fn read_bool(f: &Field) -> Result<bool, Fail> {
    if f.values.len() != 1 {
        return Err(Fail::bad_request().app("invalid-options").text(format!(
            "{} takes exactly one value",
            f.var.as_deref().unwrap_or("a field")
        )));
    }
    match f.values.first().map(String::as_str) {
        Some("1" | "true") => Ok(true),
        Some("0" | "false") => Ok(false),
        _ => Err(Fail::bad_request().app("invalid-options")),
    }
}

pub(super) fn options_form(sub: &Subscription, type_: DataFormType) -> Element {
    let deliver = boolean("pubsub#deliver", "Enable delivery?", sub.deliver);
    let include_body = boolean(
        "pubsub#include_body",
        "Receive message body in addition to payload?",
        sub.include_body,
    );
    let mut show = Field::new("pubsub#show-values", FieldType::ListMulti);
    show.label = Some("Receive notifications only when your presence is one of".into());
    show.values = sub
        .show_values
        .clone()
        .unwrap_or_else(|| SHOW_VALUES.iter().map(|s| s.to_string()).collect());
    show.options = SHOW_VALUES
        .iter()
        .map(|v| xmpp_parsers::data_forms::Option_ {
            label: None,
            value: v.to_string(),
        })
        .collect();
    DataForm::new(type_, SUBSCRIBE_OPTIONS, vec![deliver, include_body, show]).into()
}

pub(super) fn options_el(sub: &Subscription, type_: DataFormType) -> Element {
    let n =
        |s: &'static str| xmpp_parsers::minidom::rxml::NcName::try_from(s).expect("static name");
    Element::builder("options", ns::PUBSUB)
        .attr(n("node"), sub.node.as_str())
        .attr(n("jid"), sub.jid.as_str())
        .append(options_form(sub, type_))
        .build()
}

/// Apply a submitted subscribe_options form.
pub(super) fn apply_options(sub: &mut Subscription, form: &Element) -> Result<(), Fail> {
    let form =
        DataForm::try_from(form.clone()).map_err(|_| Fail::bad_request().app("invalid-options"))?;
    // A field given twice is ambiguous (XEP-0004 §3.2: each var at most once).
    let mut vars = BTreeSet::new();
    if form
        .fields
        .iter()
        .filter_map(|f| f.var.as_deref())
        .any(|v| !vars.insert(v))
    {
        return Err(Fail::bad_request()
            .app("invalid-options")
            .text("a field appears twice"));
    }
    for f in &form.fields {
        match f.var.as_deref() {
            Some("FORM_TYPE") | None => {}
            Some("pubsub#deliver") => sub.deliver = read_bool(f)?,
            Some("pubsub#include_body") => sub.include_body = read_bool(f)?,
            Some("pubsub#show-values") => {
                if f.values.iter().any(|v| !SHOW_VALUES.contains(&v.as_str())) {
                    return Err(Fail::bad_request().app("invalid-options"));
                }
                sub.show_values = if f.values.len() == SHOW_VALUES.len() {
                    None
                } else {
                    Some(f.values.clone())
                };
            }
            Some(_) => return Err(Fail::bad_request().app("invalid-options")),
        }
    }
    Ok(())
}

impl Req<'_> {
    pub(super) fn options_target(&self, from: &Jid, el: &Element) -> Result<Subscription, Fail> {
        let jid = Self::own_jid(from, el)?;
        let node = Self::node_attr(el)?;
        if self.st.feed(node)?.is_none() {
            return Err(Fail::item_not_found());
        }
        self.st.subscription(node, &jid)?.ok_or_else(|| {
            Fail::new(ErrorType::Cancel, DefinedCondition::UnexpectedRequest).app("not-subscribed")
        })
    }

    pub(super) fn options_get(&self, from: &Jid, el: &Element) -> Reply {
        let sub = self.options_target(from, el)?;
        Ok(Some(pubsub_el(vec![options_el(&sub, DataFormType::Form)])))
    }

    pub(super) fn options_set(&mut self, from: &Jid, el: &Element) -> Reply {
        let mut sub = self.options_target(from, el)?;
        let form = el
            .get_child("x", ns::DATA_FORMS)
            .ok_or_else(|| Fail::bad_request().app("invalid-options"))?;
        apply_options(&mut sub, form)?;
        self.changes.push(Change::PutSubscription(sub));
        Ok(None)
    }
}
