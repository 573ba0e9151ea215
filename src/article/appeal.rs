//! Chrome judged by its content, whatever its names: donation and membership appeals, paywall
//! pitches, newsletter and signup boxes and consent placeholders that sit inside the article body
//! under plain or hashed class names.
//!
//! Evidence comes from small pieces ("seeds"): a link to a donation, membership or subscription
//! page; a payment or donation widget (a form posting to a payment service, a crowdfunding frame);
//! an e-mail field; a progress bar; a short block whose wording asks the reader for money, a
//! subscription or consent (`cues`), or names a fundraising goal beside money amounts. One seed is
//! never enough: an article about donations links to a fundraiser, and an article about newsletters
//! says "newsletter". A box is removed when the seeds inside it weigh two or more and it is small
//! for its evidence; the box chosen is the largest such ancestor that the guard allows (never the
//! article's own container) and that stays under `MAX_BOX_CHARS`.

use rustc_hash::{FxHashMap, FxHashSet};

use dom_query::{Document, NodeId, NodeRef};

use super::cues::{cues_in_folded, fold_into, money_amounts};
use super::dom::{is_named, visible_chars_at_most};
use super::guard::Guard;
use super::names::class_and_id_words;
use super::targets::{is_appeal_target, is_widget_source};

/// A box of chrome holds at most this much text; a longer one holds article text too.
const MAX_BOX_CHARS: usize = 1500;
/// Text per unit of evidence a box may hold beyond the first: two seeds clear 800 characters,
/// three 1,200.
const CHARS_PER_SEED: usize = 400;
/// Blocks longer than this are prose: their wording counts at most once.
const MAX_PITCH_CHARS: usize = 250;
/// Blocks longer than this are not read for wording at all.
const MAX_SEED_TEXT_CHARS: usize = 600;
/// How far above a seed its box may start.
const MAX_LEVELS: usize = 8;
/// Evidence that marks a box on its own.
const CONCLUSIVE: u32 = 2;

/// Text of a box that no seed accounts for, at most: more is article text beside the appeal.
const MAX_UNEXPLAINED_CHARS: usize = 400;
/// The text a widget (a form, a frame, a field) stands for beside its own: its label and pitch.
const WIDGET_EXPLAINS_CHARS: usize = 200;

/// One piece of evidence: the element to climb from, its weight, and how much of a box's text it
/// accounts for.
struct Seed<'a> {
    node: NodeRef<'a>,
    weight: u32,
    explains: usize,
    /// Evidence by its class or id names.
    named: bool,
}

/// The evidence gathered in one box.
#[derive(Debug, Clone, Copy, Default)]
struct Evidence {
    weight: u32,
    explained: usize,
}

/// Inline markup: its text belongs to the block around it.
const INLINE: &[&str] = &[
    "a", "span", "em", "strong", "b", "i", "u", "font", "small", "sup", "sub", "q", "cite", "abbr", "mark",
    "br", "img", "time", "code", "s", "del", "ins",
];

/// Removes boxes of appeals, signups and consent placeholders (see the module notes).
pub fn remove_appeals(doc: &Document, guard: &Guard) {
    let Some(body) = doc.select_single("body").nodes().first().copied() else {
        return;
    };
    let seeds = find_seeds(&body);
    if seeds.iter().map(|s| s.weight).sum::<u32>() < CONCLUSIVE {
        return;
    }
    let seeds = without_nested_repeats(seeds);
    let mut chars: FxHashMap<NodeId, usize> = FxHashMap::default();
    let mut score: FxHashMap<NodeId, Evidence> = FxHashMap::default();
    let mut chains: Vec<Vec<NodeRef<'_>>> = Vec::new();
    for seed in &seeds {
        let chain = climb(&seed.node, guard, &mut chars);
        for node in &chain {
            let evidence = score.entry(node.id).or_default();
            evidence.weight += seed.weight;
            evidence.explained += seed.explains;
        }
        chains.push(chain);
    }
    let mut boxes: Vec<NodeRef<'_>> = Vec::new();
    for chain in &chains {
        let chosen = chain.iter().rev().find(|node| {
            let evidence = score.get(&node.id).copied().unwrap_or_default();
            let text = chars.get(&node.id).copied().unwrap_or_default();
            evidence.weight >= needed_evidence(node, text)
                && text.saturating_sub(evidence.explained) <= MAX_UNEXPLAINED_CHARS
        });
        if let Some(node) = chosen {
            if !boxes.iter().any(|b| b.id == node.id) {
                boxes.push(*node);
            }
        }
    }
    let pitch: Vec<NodeRef<'_>> = boxes
        .iter()
        .flat_map(|b| rest_of_pitch(b, &score, &mut chars))
        .collect();
    boxes.extend(pitch);
    let parents: Vec<NodeRef<'_>> = {
        let mut seen = FxHashSet::default();
        chains
            .iter()
            .filter_map(|chain| chain.first().and_then(NodeRef::parent))
            .filter(|p| seen.insert(p.id))
            .collect()
    };
    for parent in parents {
        boxes.extend(pitch_run(&parent, &score, &mut chars));
    }
    let chosen: FxHashSet<NodeId> = boxes.iter().map(|b| b.id).collect();
    for node in boxes {
        // A box inside another chosen box goes with it.
        if !node.ancestors_it(None).any(|a| chosen.contains(&a.id)) {
            node.remove_from_parent();
        }
    }
}

/// The siblings that carry on a pitch split over several paragraphs ("Join now to get:...",
/// "Already a subscriber? Log in"): on each side of a chosen box, the run of short siblings whose
/// own wording asks the reader something (`is_pitch`).
fn rest_of_pitch<'a>(
    chosen: &NodeRef<'a>,
    score: &FxHashMap<NodeId, Evidence>,
    chars: &mut FxHashMap<NodeId, usize>,
) -> Vec<NodeRef<'a>> {
    let mut run = Vec::new();
    for step in [NodeRef::next_element_sibling, NodeRef::prev_element_sibling] {
        let mut next = step(chosen);
        while let Some(sibling) = next.filter(|s| is_pitch(s, score, chars)) {
            run.push(sibling);
            next = step(&sibling);
        }
    }
    run
}

/// A short block (no heading) whose seeds account for at least half its text: its own wording, not
/// a link in a sentence, asks the reader something.
fn is_pitch(
    node: &NodeRef<'_>,
    score: &FxHashMap<NodeId, Evidence>,
    chars: &mut FxHashMap<NodeId, usize>,
) -> bool {
    let Some(evidence) = score.get(&node.id).filter(|e| e.weight > 0) else {
        return false;
    };
    let text = *chars
        .entry(node.id)
        .or_insert_with(|| visible_chars_at_most(node, MAX_BOX_CHARS));
    !is_named(node, &["h1", "h2", "h3", "h4", "h5", "h6"])
        && text <= MAX_SEED_TEXT_CHARS
        && evidence.explained * 2 >= text
}

/// A pitch no single box shows: `MIN_RUN_SEEDS` or more sibling paragraphs in a row whose wording
/// each asks the reader a little (`is_pitch`; one short paragraph without any evidence may stand
/// between two), weighing `MIN_RUN_WEIGHT` together.
/// One paragraph of an article may say "subscribe"; several in a row that each ask the reader
/// something are the paywall's pitch.
fn pitch_run<'a>(
    parent: &NodeRef<'a>,
    score: &FxHashMap<NodeId, Evidence>,
    chars: &mut FxHashMap<NodeId, usize>,
) -> Vec<NodeRef<'a>> {
    const MIN_RUN_SEEDS: usize = 3;
    const MIN_RUN_WEIGHT: u32 = 4;
    let children = parent.element_children();
    let mut best: Vec<NodeRef<'a>> = Vec::new();
    let mut run: Vec<NodeRef<'a>> = Vec::new();
    let mut gap: Option<NodeRef<'a>> = None;
    let flush = |run: &mut Vec<NodeRef<'a>>, best: &mut Vec<NodeRef<'a>>| {
        let seeded = run.iter().filter(|n| score.contains_key(&n.id)).count();
        let weight: u32 = run
            .iter()
            .filter_map(|n| score.get(&n.id))
            .map(|e| e.weight)
            .sum();
        if seeded >= MIN_RUN_SEEDS && weight >= MIN_RUN_WEIGHT {
            best.append(run);
        }
        run.clear();
    };
    for child in children {
        if is_pitch(&child, score, chars) {
            run.extend(gap.take());
            run.push(child);
            continue;
        }
        let short = !is_named(&child, &["h1", "h2", "h3", "h4", "h5", "h6"])
            && *chars
                .entry(child.id)
                .or_insert_with(|| visible_chars_at_most(&child, MAX_BOX_CHARS))
                <= MAX_SEED_TEXT_CHARS;
        if short && !score.contains_key(&child.id) && !run.is_empty() && gap.is_none() {
            gap = Some(child);
        } else {
            gap = None;
            flush(&mut run, &mut best);
        }
    }
    flush(&mut run, &mut best);
    best
}

/// The evidence a box of `chars` characters needs: two for a short box, more for a longer one,
/// and three for a paragraph of prose (a paragraph about the site's own newsletter that links to it
/// is the article's, an appeal says more).
fn needed_evidence(node: &NodeRef<'_>, chars: usize) -> u32 {
    let by_length = CONCLUSIVE.max(chars.div_ceil(CHARS_PER_SEED) as u32);
    if chars > MAX_PITCH_CHARS && node.has_name("p") {
        by_length.max(CONCLUSIVE + 1)
    } else {
        by_length
    }
}

/// The seed and its ancestors up to the largest box allowed: not guarded, not the page's
/// structure, at most `MAX_BOX_CHARS` of text. Text counts are cached in `chars`.
fn climb<'a>(start: &NodeRef<'a>, guard: &Guard, chars: &mut FxHashMap<NodeId, usize>) -> Vec<NodeRef<'a>> {
    let mut chain = Vec::new();
    let mut node = Some(*start);
    while let Some(current) = node {
        if chain.len() > MAX_LEVELS || guard.protects(&current) || is_named(&current, &["head"]) {
            break;
        }
        let text = *chars
            .entry(current.id)
            .or_insert_with(|| visible_chars_at_most(&current, MAX_BOX_CHARS));
        if text > MAX_BOX_CHARS {
            break;
        }
        chain.push(current);
        node = current.parent().filter(|p| p.is_element());
    }
    chain
}

/// A seed inside another seed accounts for no more text (its parent's text holds it), and a name
/// inside a named seed is the same widget named twice (`div.subscribe > p.subscribe-label`).
fn without_nested_repeats(seeds: Vec<Seed<'_>>) -> Vec<Seed<'_>> {
    let ids: FxHashSet<NodeId> = seeds.iter().map(|s| s.node.id).collect();
    let named: FxHashSet<NodeId> = seeds.iter().filter(|s| s.named).map(|s| s.node.id).collect();
    seeds
        .into_iter()
        .filter_map(|mut seed| {
            let node = seed.node;
            if seed.named && node.ancestors_it(None).any(|a| named.contains(&a.id)) {
                return None;
            }
            if node.ancestors_it(None).any(|a| ids.contains(&a.id)) {
                seed.explains = 0;
            }
            Some(seed)
        })
        .collect()
}

/// Every piece of evidence on the page.
fn find_seeds<'a>(body: &NodeRef<'a>) -> Vec<Seed<'a>> {
    let mut seeds = Vec::new();
    let mut targets_seen: FxHashSet<String> = FxHashSet::default();
    let mut blocks_seen: FxHashSet<NodeId> = FxHashSet::default();
    for node in body.descendants_it() {
        if node.is_text() {
            if node.normalized_char_count() == 0 {
                continue;
            }
            if let Some(block) = text_block(&node) {
                if blocks_seen.insert(block.id) {
                    if let Some((weight, explains)) = wording_weight(&block) {
                        seeds.push(Seed {
                            node: block,
                            weight,
                            explains,
                            named: false,
                        });
                    }
                }
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        if let Some(weight) = element_weight(&node, &mut targets_seen) {
            let own = visible_chars_at_most(&node, MAX_BOX_CHARS);
            let explains = if node.has_name("a") {
                own
            } else {
                own + WIDGET_EXPLAINS_CHARS
            };
            seeds.push(Seed {
                node,
                weight,
                explains,
                named: false,
            });
        } else if let Some(weight) = widget_name_weight(&node) {
            seeds.push(Seed {
                node,
                weight,
                explains: visible_chars_at_most(&node, MAX_BOX_CHARS),
                named: true,
            });
        }
    }
    seeds
}

/// The weight of an element that is evidence by what it is: a widget, a signup field, a progress
/// bar, a link to a donation or subscription page (each target counted once per page).
fn element_weight(node: &NodeRef<'_>, targets_seen: &mut FxHashSet<String>) -> Option<u32> {
    let name = node.qual_name_ref()?;
    match name.local.as_ref() {
        "a" => {
            let href = node.attr("href")?;
            (is_appeal_target(&href) && targets_seen.insert(href.trim().to_ascii_lowercase())).then_some(1)
        }
        "form" => node
            .attr("action")
            .is_some_and(|action| is_widget_source(&action))
            .then_some(CONCLUSIVE),
        "iframe" | "script" | "embed" | "object" | "img" => {
            let source = node.attr("src").or_else(|| node.attr("data"))?;
            is_widget_source(&source).then_some(CONCLUSIVE)
        }
        "input" => {
            let kind = node.attr("type").unwrap_or_default().to_ascii_lowercase();
            let field = node.attr("name").unwrap_or_default().to_ascii_lowercase();
            let signup = kind == "email" || kind != "hidden" && field.contains("mail");
            (signup || field == "hosted_button_id").then_some(CONCLUSIVE)
        }
        "progress" => Some(1),
        _ if node.attr("role").is_some_and(|r| r.trim() == "progressbar")
            || node.has_attr("aria-valuenow") =>
        {
            Some(1)
        }
        _ => None,
    }
}

/// The weight of an element named as a donation or payment widget (`give-form`, `steady-checkout`,
/// `donationBox`), or as a newsletter or subscription box: the box around it holds its pitch.
fn widget_name_weight(node: &NodeRef<'_>) -> Option<u32> {
    // Most names hold none of these words: look before splitting them.
    let named = ["class", "id"].iter().any(|attr| {
        node.attr(attr).is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            NAME_STEMS.iter().any(|stem| value.contains(stem))
        })
    });
    if !named {
        return None;
    }
    let words = class_and_id_words(node);
    let has = |w: &str| words.iter().any(|word| word == w);
    let payment = DONATION_NAMES.iter().any(|w| has(w))
        || has("give") && (has("form") || has("goal") || has("donation"))
        || has("steady") && (has("checkout") || has("paywall"));
    if payment {
        return Some(CONCLUSIVE);
    }
    SUBSCRIPTION_NAMES.iter().any(|w| has(w)).then_some(1)
}

/// Stems of `DONATION_NAMES` and `SUBSCRIPTION_NAMES` and the pairs around them, looked for in
/// the raw names first.
const NAME_STEMS: &[&str] = &[
    "donat",
    "spende",
    "patreon",
    "kofi",
    "liberapay",
    "paypal",
    "gofundme",
    "donorbox",
    "give",
    "fundrais",
    "crowdfund",
    "steady",
    "newsletter",
    "subscri",
    "signup",
    "optin",
    "mailchimp",
];

/// Name words of donation and payment widgets.
const DONATION_NAMES: &[&str] = &[
    "donate",
    "donation",
    "donations",
    "spende",
    "spenden",
    "patreon",
    "kofi",
    "liberapay",
    "paypal",
    "gofundme",
    "donorbox",
    "givewp",
    "fundraiser",
    "fundraising",
    "crowdfunding",
];

/// Name words of newsletter and subscription boxes.
const SUBSCRIPTION_NAMES: &[&str] = &[
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "optin",
    "mailchimp",
];

/// The block a text node's line belongs to: its nearest ancestor that is not inline markup.
fn text_block<'a>(text: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    let mut node = text.parent()?;
    while is_named(&node, INLINE) {
        node = node.parent()?;
    }
    (!is_named(
        &node,
        &["script", "style", "template", "noscript", "body", "html", "head"],
    ))
    .then_some(node)
}

/// The weight of a block's own wording, and its length: appeal, signup and consent phrases (two at most, one in a
/// block long enough to be prose), and a fundraising goal beside money amounts.
fn wording_weight(block: &NodeRef<'_>) -> Option<(u32, usize)> {
    let text = folded_inline_text(block);
    let length = text.chars().count();
    if length == 0 || length > MAX_SEED_TEXT_CHARS {
        return None;
    }
    let found = cues_in_folded(&text);
    let cap = if length <= MAX_PITCH_CHARS { CONCLUSIVE } else { 1 };
    let mut weight = (found.asks() as u32).min(cap);
    if found.cookie > 0 && length <= MAX_PITCH_CHARS {
        // "We use cookies to..." in a short block is a cookie banner.
        weight = CONCLUSIVE;
    }
    let amounts = money_amounts(&text);
    if found.goal > 0 && amounts > 0 {
        // "€1,489 of €5,000 raised" is a widget's label; "The town raised €20,000." a sentence.
        let label = !is_sentence(&text) && (amounts >= 2 || found.goal >= 2);
        weight += if label { CONCLUSIVE } else { 1 };
    }
    (weight > 0).then_some((weight, length))
}

/// Text that ends like a sentence: a letter or a closing quote before its final stop.
fn is_sentence(text: &str) -> bool {
    let trimmed = text.trim_end();
    trimmed.ends_with(['.', '!', '?'])
        && trimmed
            .trim_end_matches(['.', '!', '?'])
            .ends_with(|c: char| c.is_alphabetic() || matches!(c, '"' | '\u{201d}' | '\'' | ')'))
}

/// A block's text without the text of blocks nested in it (a `div` holding loose text and
/// paragraphs: the paragraphs are blocks of their own), folded for `cues_in_folded` in one pass.
fn folded_inline_text(block: &NodeRef<'_>) -> String {
    let mut text = String::new();
    for child in block.children_it(false) {
        if child.is_text() {
            fold_into(&child.text(), &mut text);
        } else if is_named(&child, INLINE) {
            for part in child.descendants_it().filter(NodeRef::is_text) {
                fold_into(&part.text(), &mut text);
            }
        }
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
        if text.len() > MAX_SEED_TEXT_CHARS * 4 {
            break;
        }
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Names;
    use crate::article::dom::collapse;

    /// The body's text after the pass, with the article's container guarded as in extraction.
    fn after(html: &str) -> String {
        let doc = Document::from(html);
        let guard = Guard::new(&doc, Names::Read);
        remove_appeals(&doc, &guard);
        collapse(&doc.select("body").text())
    }

    fn prose(topic: &str) -> String {
        format!(
            "<p>{}</p>",
            format!("The article reports on {topic} at some length. ").repeat(6)
        )
    }

    #[test]
    fn an_appeal_box_with_a_donate_link_goes() {
        let text = after(&format!(
            "<body><div class='c1x'>{}{}<div class='x9'><h3>We need your help</h3>\
             <p>Help us keep this site free for everyone.</p>\
             <a href='https://example.org/donate/'>Give</a></div>{}</div></body>",
            prose("the harbour"),
            prose("the ships"),
            prose("the weather")
        ));
        assert!(!text.contains("We need your help"), "{text}");
        assert!(!text.contains("keep this site free"), "{text}");
        assert!(text.contains("the weather"), "{text}");
    }

    #[test]
    fn an_article_about_a_fundraiser_keeps_its_paragraph_with_the_link() {
        let text = after(&format!(
            "<body><div>{}<p>His brother started a <a href='https://www.gofundme.com/f/x'>fundraiser</a> \
             to raise money for his treatment, the family said.</p>{}</div></body>",
            prose("a tennis player"),
            prose("his illness")
        ));
        assert!(text.contains("started a fundraiser"), "{text}");
    }

    #[test]
    fn a_payment_form_marks_its_box_even_without_names() {
        let text = after(&format!(
            "<body><div>{}{}</div><div class='fr'><h3>Online journalism costs!</h3>\
             <p>Deshalb unterstütze uns.</p><form action='https://www.paypal.com/donate'>\
             <input type='hidden' name='hosted_button_id' value='X'></form></div></body>",
            prose("the parade"),
            prose("the city")
        ));
        assert!(!text.contains("Online journalism costs"), "{text}");
        assert!(text.contains("the parade"), "{text}");
    }

    #[test]
    fn a_fundraising_goal_beside_a_progress_bar_goes_but_prose_about_money_stays() {
        let text = after(&format!(
            "<body><div>{}{}<p>The council raised €20,000 for the new roof, the mayor said.</p></div>\
             <div><div role='progressbar' aria-valuenow='30'></div><span>€1,489 of €5,000 raised</span></div></body>",
            prose("the church"),
            prose("the roof")
        ));
        assert!(!text.contains("of €5,000 raised"), "{text}");
        assert!(text.contains("The council raised €20,000"), "{text}");
    }

    #[test]
    fn a_newsletter_box_goes_but_an_article_about_a_newsletter_stays() {
        let text = after(&format!(
            "<body><div>{}<p>Her newsletter now has 40,000 readers, and she says the newsletter pays \
             her rent.</p>{}<div><p>Get the best stories in your inbox.</p>\
             <input type='email' name='EMAIL'></div></div></body>",
            prose("writers"),
            prose("newsletters")
        ));
        assert!(!text.contains("in your inbox"), "{text}");
        assert!(text.contains("Her newsletter now has"), "{text}");
    }

    #[test]
    fn a_pitch_split_over_paragraphs_goes_with_its_surest_one() {
        let text = after(&format!(
            "<body><div>{}{}<p>To read on, please subscribe to <a href='/shop/annual'>the paper</a>.</p>\
             <p>Join now to get: unlimited access, our membership perks and invitations.</p>\
             <p>First-time readers also receive a special welcome gift from the city.</p>\
             <p>Already a subscriber? <a href='/login'>Log in</a>.</p></div></body>",
            prose("the harbour"),
            prose("the ferry")
        ));
        assert!(!text.contains("welcome gift"), "{text}");
        assert!(!text.contains("please subscribe"), "{text}");
        assert!(text.contains("the ferry"), "{text}");
    }

    #[test]
    fn a_run_of_paragraphs_that_each_ask_a_little_goes_but_two_stay() {
        let filler = "and there is more to say about it in a longer sentence that goes on for a while";
        let pitch = format!(
            "<p>To read the whole story, please subscribe to the paper.</p>\
             <p>When you join our family, you get unlimited digital access to our journalism, {filler}.</p>\
             <p>Membership brings special reports, local news and invitations, {filler}, {filler}.</p>\
             <p>First-time readers receive a gift from the city's artisans, {filler}, {filler}.</p>\
             <p>If you are already a subscriber, you can log in for immediate access, {filler}.</p>"
        );
        let text = after(&format!(
            "<body><div>{}{pitch}{}</div></body>",
            prose("tennis"),
            prose("the family")
        ));
        assert!(!text.contains("gift from the city"), "{text}");
        assert!(text.contains("the family"), "{text}");
        let article = format!(
            "<p>The paper said membership grew last year, {filler}, {filler}, as the editor explained.</p>\
             <p>Readers with unlimited access read twice as much, the survey found, {filler}, {filler}.</p>"
        );
        let text = after(&format!(
            "<body><div>{}{article}{}</div></body>",
            prose("media"),
            prose("readers")
        ));
        assert!(text.contains("membership grew"), "{text}");
        assert!(text.contains("read twice as much"), "{text}");
    }

    #[test]
    fn a_cookie_notice_goes_but_an_article_about_cookies_stays() {
        let text = after(&format!(
            "<body><div>{}<p>Regulators found that the site uses cookies to track readers, and that \
             its banner said nothing about it, the report says in its closing chapter on the matter.</p>\
             {}</div><div class='sqrbottom'>Wir nutzen Cookies auf unserer Website, um sie zu verbessern. \
             <a href='/datenschutz'>Mehr erfahren</a></div></body>",
            prose("privacy"),
            prose("tracking")
        ));
        assert!(!text.contains("Wir nutzen Cookies"), "{text}");
        assert!(text.contains("Regulators found"), "{text}");
    }

    #[test]
    fn a_consent_placeholder_goes() {
        let text = after(&format!(
            "<body><div>{}{}<div class='embed'><p>Externer Inhalt</p><p>Um den Inhalt zu sehen, \
             brauchen wir Ihre Zustimmung. Mehr in unserer Datenschutzerklärung.</p></div></div></body>",
            prose("the vote"),
            prose("the result")
        ));
        assert!(!text.contains("Externer Inhalt"), "{text}");
        assert!(text.contains("the result"), "{text}");
    }
}
