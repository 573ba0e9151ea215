//! Boilerplate lines in many languages ("Share this", "Lesen Sie auch", "Publicité", bylines,
//! credits, notices, teasers, ad labels): short lines of page furniture told by their wording,
//! never one site's strings.

use std::sync::LazyLock;

use regex_lite::Regex;

/// A short line that is page boilerplate in one of many languages: share and follow prompts,
/// "read more / also" teasers, advertisement labels, subscription and donation calls, image-link
/// chrome, comment-form prompts, post meta. Meant for short blocks only (the caller checks the length).
pub fn is_boilerplate_line(text: &str) -> bool {
    static BOILERPLATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:",
            // share / follow
            r"share (?:this|on|via|the article|article)|share:|sharing is caring|follow us|like us on|",
            r"click to (?:share|print|email)|teilen|artikel teilen|folgen sie uns|partager|partagez|suivez-nous|",
            r"compartir|compartilhe|síguenos|condividi|seguici|delen|deel dit|udostępnij|поделиться|",
            // read more / related
            r"(?:read|see) (?:more|also)(?:[^a-z]|$)|related(?: (?:articles|stories|posts|content|coverage|news))?:|",
            r"more (?:on|about) this (?:topic|story)|more from(?:[^a-z]|$)|recommended(?: for you)?:|you (?:might|may) also (?:like|enjoy)|",
            // labels of "most read" and "latest" lists, alone on their line
            r"(?:most (?:read|popular|viewed|shared|commented)|lo más (?:leído|visto|reciente)|",
            r"más (?:leídas|leídos|vistas|vistos|recientes)|meistgelesen(?:e)?|am meisten gelesen|",
            r"les plus (?:lus|populaires|partagés)|(?:i )?più (?:letti|lette|visti)|najczęściej czytane|",
            r"самое (?:читаемое|популярное)|(?:neueste|aktuelle) (?:artikel|beiträge|nachrichten)|",
            r"latest (?:articles|posts|stories|news)|derniers articles|últimas noticias|ultime notizie)(?:[:.]|$)|",
            r"if you (?:enjoyed|liked) (?:reading )?this|",
            r"lesen sie (?:auch|mehr|hier)|mehr zum thema|weitere (?:artikel|beiträge)|das könnte (?:sie|dich) auch interessieren|",
            r"siehe auch|auch interessant|zum weiterlesen|weiterführende links|beiträge zum thema|",
            r"entdecke(?:n sie)? (?:weitere|mehr)|zurück zu(?:r|m)? |",
            r"(?:à )?lire (?:aussi|également|la suite)|voir aussi|sur le même sujet|",
            r"(?:lee|leer|lea|ver|vea) (?:también|más|además)|lea:|(?:le|te) puede interesar|puedes ver:|mira:|",
            r"noticias relacionadas|leggi anche|potrebbe interessarti|",
            r"articles (?:liés|similaires|connexes)|artículos relacionados|articoli correlati|",
            r"ähnliche (?:artikel|beiträge)|verwandte artikel|related (?:articles|stories|posts)$|",
            r"leia (?:também|mais)|veja também|lees (?:ook|meer)|czytaj (?:także|też|więcej)|zobacz (?:też|także)|",
            r"читайте (?:также|еще|ещё)|смотрите также|",
            // ads
            r"advertisement|advertising|sponsored(?: content)?|anzeige|werbung|publicité|publicidad|",
            r"publicidade|pubblicità|advertentie|reklama|реклама|",
            // subscriptions, donations, accounts
            // (longer legal and paywall notices: `is_notice_line`)
            r"subscribe to|sign up for|newsletter|hazte (?:miembro|socio)|suscríbete|únete|donate|",
            r"abonnieren|jetzt abonnieren|abonnez-vous|iscriviti|assine|log ?in to|sign in to|",
            // comment forms and account prompts
            r"you must be logged in|sie müssen (?:sich )?(?:eingeloggt|angemeldet) sein|sie müssen sich (?:einloggen|anmelden)|",
            r"sie sind (?:aktuell |derzeit )?nicht (?:eingeloggt|angemeldet)|leave a (?:reply|comment)|",
            r"(?:kommentieren|kommentar (?:verfassen|abgeben|hinzufügen)|write a comment|add a comment)$|",
            // ratings, "load more", page tools
            r"\(?(?:noch )?keine bewertungen|no ratings yet|(?:be the first to )?rate this|",
            r"[0-9]+ (?:stimmen|votes|bewertungen|ratings|valoraciones|votos)\b|",
            r"weiter (?:zu|zum|zur) |(?:puede|puedes) escribirnos|write to us at|schreiben sie uns|",
            r"lade weitere|mehr laden|weitere laden|load more|show more|cargar más|charger plus|",
            r"(?:diese )?seite teilen|beitrag teilen|jetzt teilen|seite drucken|print this (?:page|article)|",
            // post meta and author boxes
            // (unbounded `[^.]*` rather than a bounded count: far cheaper to compile, and the
            // caller only passes short lines)
            r"(?:weitere|mehr) informationen(?: (?:zu|zum|zur|hierzu|unter) [^.]*)?:?$|(?:more|further) information:?$|",
            r"(?:[^.]* )?(?:herunterladen|downloaden|download|télécharger|descargar|scaricare)$|",
            r"this entry was posted|filed under|über den autor|über die autorin|about the author|",
            r"à propos de l'auteur|sobre el autor|sobre la autora|o autorze|об авторе|",
            r"(?:inhaltsverzeichnis|table of contents|sommaire|spis treści|содержание)$|",
            // image chrome
            r"(?:click|tap) (?:here )?to (?:enlarge|see|view|zoom|expand|open)|view (?:full|larger)[- ]size|",
            r"enlarge (?:this )?image|bild vergrößern|agrandir l'image|",
            // tags and feedback prompts
            r"tags?:|schlagwörter:|étiquettes?:|etiquetas:|",
            r"war (?:der|dieser) (?:artikel|beitrag) (?:nützlich|hilfreich)|kommentar(?:e)? schreiben",
            r")"
        ))
        .ok()
    });
    let line = line_start(text);
    is_byline_label(&line) || BOILERPLATE.as_ref().is_some_and(|re| re.is_match(&line))
}

/// "Von: Anna Muster", "By: the desk": a byline label and at most four words (lowercased line).
fn is_byline_label(line: &str) -> bool {
    const LABELS: &[&str] = &[
        "von",
        "by",
        "autor",
        "author",
        "por",
        "par",
        "door",
        "przez",
        "автор",
    ];
    line.split_once(':')
        .is_some_and(|(label, rest)| LABELS.contains(&label) && rest.split_whitespace().count() <= 4)
}

/// A byline standing as a line of its own: "By Jane Doe", "Von Anna Muster und Max Muster",
/// "Por Agencia EFE", "By Nada Tawfik, BBC News, New York", "VON MAX MUSTER am 21. April": a marker,
/// then a name of two to four capitalised words (particles inside), then at most a short tail.
pub fn is_byline(text: &str) -> bool {
    const MAX_BYLINE_CHARS: usize = 80;
    const MARKERS: &[&str] = &[
        "by",
        "von",
        "por",
        "par",
        "door",
        "przez",
        "written by",
        "text von",
        "words by",
        "text:",
        "fotos:",
    ];
    const CONNECTORS: &[&str] = &[
        "for", "and", "und", "y", "et", "&", "für", "pour", "para", "per", "am", "on", "le", "el", "il", "in",
    ];
    const PARTICLES: &[&str] = &[
        "de", "la", "van", "von", "der", "den", "da", "di", "del", "dos", "du", "le",
    ];
    let text = text.trim();
    if text.chars().count() > MAX_BYLINE_CHARS {
        return false;
    }
    let lower = text.to_lowercase();
    let Some(marker) = MARKERS
        .iter()
        .find(|m| lower.starts_with(*m) && lower[m.len()..].starts_with(' '))
    else {
        return false;
    };
    let rest = text.get(marker.len()..).unwrap_or_default();
    let name_part = rest
        .split([',', '|', '·', '/', '(', '–', '-'])
        .next()
        .unwrap_or_default();
    let name: Vec<&str> = name_part
        .split_whitespace()
        .take_while(|w| !CONNECTORS.contains(&w.to_lowercase().as_str()))
        .collect();
    let capitalised = |w: &&str| w.starts_with(char::is_uppercase);
    (2..=4).contains(&name.len())
        && name.first().is_some_and(capitalised)
        && name.last().is_some_and(capitalised)
        && name.iter().all(|w| capitalised(w) || PARTICLES.contains(w))
}

/// A legal, paywall or subscription notice ("This article is the copyrighted property of...",
/// "To view the full story, please subscribe...", "Dieser Text wurde zuerst veröffentlicht...").
/// Such notices run longer than other boilerplate, so the caller allows a few sentences.
pub fn is_notice_line(text: &str) -> bool {
    static NOTICE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:",
            // copyright and republication
            r"(?:copyright|©|\(c\)|c\)) ?(?:[0-9]{4}|all rights)|all rights reserved|alle rechte vorbehalten|",
            r"tous droits réservés|todos los derechos reservados|",
            r"(?:this|the) (?:article|story|content|text) (?:is|was) (?:the )?(?:copyright|(?:originally|first) (?:published|appeared))|",
            r"originally published|written permission|reproduction (?:is )?(?:prohibited|forbidden)|",
            r"(?:dieser|der) (?:text|beitrag|artikel) (?:wurde|ist) [^!?]*(?:veröffentlicht|erschienen)|",
            r"nachdruck (?:nur|verboten)|",
            r"(?:(?:dieser|der) )?(?:beitrag|artikel|text) gibt (?:die|ausschließlich die|nur die) meinung|",
            r"the (?:views|opinions) expressed|alle angaben ohne gewähr|",
            r"bei (?:diesem|dem) (?:beitrag|artikel|text) handelt es sich um|",
            r"sofern nicht anders (?:angegeben|ausgewiesen|vermerkt)|unless otherwise (?:noted|stated|indicated)|",
            r"except where otherwise noted|",
            // paywalls and subscriptions
            r"to (?:view|read|continue reading) the (?:full|whole|rest of the) (?:story|article)|please subscribe|",
            r"(?:please )?subscribe(?: now| today)? to (?:continue|read|view|access|get)|",
            r"if you(?:'re| are) (?:seeing this message|already a (?:subscriber|member))|already a (?:subscriber|member)|",
            r"you(?:'ve| have) (?:reached|read) (?:your|the) (?:limit|maximum|last free)|",
            r"(?:sign up|subscribe)(?: now| today)? (?:to|for) (?:our|the)|become a (?:patron|member|subscriber)|",
            r"support (?:us|our|independent)|do you want to (?:be informed|receive|stay (?:informed|up to date))|",
            r"zapraszamy (?:też |także )?do (?:subskrypcji|prenumeraty)",
            r")"
        ))
        .ok()
    });
    let line = line_start(text);
    // The start rules out nearly every line before the (costly to compile) regex runs.
    NOTICE_STARTS.iter().any(|start| line.starts_with(start))
        && NOTICE.as_ref().is_some_and(|re| re.is_match(&line))
        || is_channel_promotion(&line)
}

/// How a notice of `is_notice_line` starts.
const NOTICE_STARTS: &[&str] = &[
    "copyright",
    "©",
    "c)",
    "all rights",
    "alle rechte",
    "tous droits",
    "todos los derechos",
    "this article",
    "this story",
    "this content",
    "this text",
    "the article",
    "the story",
    "the content",
    "the text",
    "the views",
    "the opinions",
    "originally published",
    "written permission",
    "reproduction",
    "dieser ",
    "der text",
    "der beitrag",
    "der artikel",
    "nachdruck",
    "beitrag gibt",
    "artikel gibt",
    "text gibt",
    "alle angaben",
    "bei diesem",
    "bei dem",
    "sofern nicht",
    "unless otherwise",
    "except where",
    "to view",
    "to read",
    "to continue",
    "please subscribe",
    "subscribe",
    "if you",
    "already a",
    "you've",
    "you have",
    "sign up",
    "become a",
    "support ",
    "do you want",
    "zapraszamy",
];

/// A promotion of the site's own messenger channel ("¿Ya sabías que tenemos canal de Telegram?",
/// "Join our WhatsApp channel"), in one sentence (lowercased line).
fn is_channel_promotion(line: &str) -> bool {
    const OWN: &[&str] = &[
        "our",
        "unser",
        "unserem",
        "unseren",
        "nuestro",
        "tenemos",
        "notre",
        "nostro",
        "naszego",
        "join",
        "únete",
        "rejoignez",
    ];
    line.split(['.', '?', '!']).any(|sentence| {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        words.iter().any(|w| OWN.contains(w))
            && words
                .iter()
                .any(|w| w.starts_with("telegram") || w.starts_with("whatsapp"))
    })
}

/// A figure's caption labelled as such ("Abbildung: ...", "Figure 3: ...", "Abb. 2: ..."): the plain
/// text is prose only, and the rendered view shows captions with their image.
pub fn is_caption_label_line(text: &str) -> bool {
    static LABEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:abbildung|abb\.|figure|fig\.|grafik|schaubild|illustration|graphique|gráfico|",
            r"ilustración|figura|rysunek|rys\.|рисунок|рис\.)\s*[0-9]*\s*:"
        ))
        .ok()
    });
    // A caption runs to a sentence or two.
    const MAX_CAPTION_CHARS: usize = 300;
    text.chars().count() <= MAX_CAPTION_CHARS
        && LABEL.as_ref().is_some_and(|re| re.is_match(&line_start(text)))
}

/// A short image credit line ("Foto: Jane Doe", "Photo: Reuters", "(crédito: X)", "Bild via X").
pub fn is_credit_line(text: &str) -> bool {
    static CREDIT: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:foto|fotos|photo|photos|photograph|bild|bilder|image|picture|credit|crédito|crédit|",
            r"quelle|source|fuente|titelbild|beitragsbild|header-?bild|fotografía|zdjęcie|фото)",
            r"(?: ?:| ?/| via(?: |$)| by(?: |$)| *©)"
        ))
        .ok()
    });
    text.chars().count() <= 80
        && (ends_in_agency(&line_start(text))
            || CREDIT.as_ref().is_some_and(|re| re.is_match(&line_start(text))))
}

/// A (lowercased) line ending in a picture agency's name after a separator: a credit whatever
/// comes first ("augusta national/getty images", "der hafen (dpa)").
fn ends_in_agency(line: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "getty images",
        "reuters",
        "afp",
        "dpa",
        "imago",
        "imago images",
        "picture alliance",
        "picture-alliance",
        "shutterstock",
        "istock",
        "istockphoto",
        "adobe stock",
        "adobestock",
        "ap photo",
        "epa",
        "keystone",
        "unsplash",
        "pixabay",
    ];
    let line = line.strip_suffix(')').unwrap_or(line);
    AGENCIES.iter().any(|agency| {
        line.strip_suffix(agency).is_some_and(|before| {
            let before = before.trim_end();
            ["/", "|", "(", ",", " -", " –"]
                .iter()
                .any(|sep| before.ends_with(sep))
        })
    })
}

/// A caption with its credit at the end ("The lake at dawn. © Jane Doe", "Title | © Agency"):
/// captions are shown with their image, never in the prose.
pub fn is_captioned_credit(text: &str) -> bool {
    const MAX_CAPTION_CHARS: usize = 200;
    const MAX_CREDIT_CHARS: usize = 40;
    text.chars().count() <= MAX_CAPTION_CHARS
        && text
            .rfind('©')
            .is_some_and(|at| text[at..].chars().count() <= MAX_CREDIT_CHARS && !text[at..].contains(". "))
}

/// A teaser of another page that ends in a "more" link ("Wind reports… mehr •••", "Our offers
/// ... read more", "Answers to your questions. More"): the "more" word stands after an ellipsis
/// or after the end of a sentence, where prose never leaves it alone.
pub fn is_teaser_line(text: &str) -> bool {
    const MORE: &[&str] = &[
        "mehr",
        "more",
        "read more",
        "weiterlesen",
        "lire la suite",
        "leer más",
        "leia mais",
        "leggi tutto",
        "więcej",
    ];
    // Teasers run to a sentence or two; a longer block is prose.
    const MAX_TEASER_CHARS: usize = 300;
    if text.chars().count() > MAX_TEASER_CHARS {
        return false;
    }
    let lower = text.to_lowercase();
    let end = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
    MORE.iter().any(|more| {
        end.strip_suffix(more).is_some_and(|before| {
            // A whole word ("…mehr", not "…nimmermehr").
            let whole_word = !before.ends_with(char::is_alphanumeric);
            let before = before.trim_end();
            whole_word && (before.ends_with(['…', '.', '!', '?']) && !before.is_empty())
        })
    })
}

/// A block's whole text is an advertisement label ("Anzeige", "- Advertisement -"): with the
/// picture or frame beside it, the block is the ad.
pub fn is_ad_label(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "advertisement",
        "advertising",
        "ad",
        "ads",
        "sponsored",
        "anzeige",
        "werbung",
        "publicité",
        "publicidad",
        "publicidade",
        "pubblicità",
        "advertentie",
        "annonce",
        "reklama",
        "реклама",
    ];
    let line = line_start(text);
    LABELS.contains(&line.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

/// A closing line about the author ("Jane Doe is a professor of economics at ...", "Max Muster ist
/// Redakteur ..."): a name of two to four capitalised words, then "is" in one of several languages.
/// The caller checks that the line closes the body and is set apart (italic).
pub fn is_author_tagline(text: &str) -> bool {
    const VERBS: &[&str] = &["is", "was", "ist", "war", "est", "es", "è", "jest", "is a"];
    const PARTICLES: &[&str] = &["de", "van", "von", "der", "da", "di", "la", "le", "del"];
    let words: Vec<&str> = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .take(6)
        .collect();
    let name_length = words
        .iter()
        .take_while(|w| w.starts_with(char::is_uppercase) || PARTICLES.contains(w))
        .count();
    (2..=4).contains(&name_length) && words.get(name_length).is_some_and(|verb| VERBS.contains(verb))
}

/// Text whose words mix Latin and Cyrillic letters ("Yоur соntеnt" with Cyrillic о and е): ads
/// and spam disguised from filters. No language spells its words that way.
pub fn is_mixed_script_text(text: &str) -> bool {
    const MIN_MIXED_WORDS: usize = 3;
    let is_cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
    text.split_whitespace()
        .filter(|word| word.chars().any(|c| c.is_ascii_alphabetic()) && word.chars().any(is_cyrillic))
        .count()
        >= MIN_MIXED_WORDS
}

/// A line lowercased, from its first letter or digit on (so "— Read more" and "(Foto: X)" match).
/// The patterns above then need no Unicode classes or case folding, which are costly to compile.
fn line_start(text: &str) -> String {
    text.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©')
        .trim_end()
        .to_lowercase()
        .replace('\u{2019}', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_lines_are_short_and_start_with_a_credit_word() {
        assert!(is_caption_label_line(
            "Abbildung: Vergleich auf dem Gletscher. Links die Messung."
        ));
        assert!(is_caption_label_line("Figure 3: Throughput by thread count"));
        assert!(!is_caption_label_line("Abbildung 3 zeigt, wie die Kurve steigt."));
        assert!(!is_caption_label_line("Figures: the deficit grew by 3%"));
        assert!(is_credit_line("Foto: Sascha Klahn"));
        assert!(is_credit_line("(crédito: Minervino Júnior)"));
        assert!(is_credit_line("Bild via Instagram"));
        assert!(!is_credit_line("Photographers gathered at the gate before dawn."));
        assert!(!is_credit_line(&format!(
            "Source: {}",
            "a long sentence ".repeat(10)
        )));
    }

    #[test]
    fn boilerplate_lines_in_several_languages() {
        for line in [
            "Share this:",
            "Read more: the other story",
            "Lesen Sie auch: Etwas",
            "À lire aussi",
            "Leggi anche",
            "Читайте также",
            "Advertisement",
            "Click to see full-size image",
            "Tags: politics, Europe",
            "Sie müssen sich einloggen, um zu kommentieren.",
            "(Noch keine Bewertungen)",
            "This entry was posted in News.",
            "Über den Autor",
            "Inhaltsverzeichnis",
            "Von: Anna Muster",
            "Weitere Beiträge aus der Kolumne:",
            "Weitere Informationen zum Coronavirus in Thüringen:",
            "(95 Stimmen: 4,73 von 5)",
            "... weiter zu \"die Wortwahl\"",
            "Dieses Skript als PDF herunterladen",
            "Sign up for our newsletter",
            "Lea también: Impiden ingreso a Nicaragua",
            "LE PUEDE INTERESAR: La ficha",
            "You might also like:",
            "Siehe auch",
            "LO MÁS LEÍDO",
            "Neueste Artikel",
            "Most read:",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
        for line in [
            "The minister said the budget would be shared among regions.",
            "Advertisers left the platform in 2023, the report says.",
            "He decided to read the report again.",
            "By: the river, a bank stood for a hundred years before the flood came.",
            "Kommentieren ist erlaubt, sagte sie.",
            "Weitere Informationen gab die Polizei nicht bekannt.",
            "Latest news from the front was grim.",
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn notices_may_run_to_a_few_sentences() {
        for line in [
            "© 2024 Example Media. All rights reserved.",
            "©2024 Example Media",
            "(c) 2019 Example",
            "This article is the copyrighted property of Example News. Written permission must be \
             obtained before reprint in online or print media.",
            "To view the full story, please subscribe to Example Times. You can choose an annual \
             subscription or a weekly pass.",
            "If you’re seeing this message but you’re already a subscriber, you can log in.",
            "Dieser Text wurde zuerst auf example.org veröffentlicht.",
            "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
            "Do you want to be informed of our campaigns? Sign up here.",
            "Bei diesem Beitrag handelt es sich um ein Blog aus der Community.",
            "Sofern nicht anders ausgewiesen, steht dieser Inhalt unter einer freien Lizenz.",
        ] {
            assert!(is_notice_line(line), "{line}");
        }
        for line in [
            "The article was first drafted in 2019 and rewritten after the election.",
            "Copyright law in the EU changed in 2019.",
            "The minister spoke on a Telegram channel run by the army. He denied everything.",
        ] {
            assert!(!is_notice_line(line), "{line}");
        }
    }

    #[test]
    fn captions_ending_in_a_credit_and_teasers_ending_in_more() {
        assert!(is_captioned_credit("The lake at dawn. © Jane Doe"));
        assert!(is_captioned_credit(
            "A golfer on the green. | © Example/Agency Images"
        ));
        assert!(!is_captioned_credit(&format!(
            "{} © Jane Doe",
            "A long paragraph of prose. ".repeat(10)
        )));
        assert!(!is_captioned_credit(
            "© 2019 Example. The rest is a sentence that goes on."
        ));
        assert!(is_teaser_line(
            "Wind reports Estimating the energy yield… mehr •••"
        ));
        assert!(is_teaser_line("Our offers for the summer ... read more »"));
        assert!(!is_teaser_line("He wanted more."));
        assert!(is_teaser_line(
            "A virologist answers your questions every week in a podcast. mehr"
        ));
        assert!(is_teaser_line(
            "Summer is here, and so is she. See for yourself! Weiterlesen"
        ));
        assert!(!is_teaser_line("Das gibt es heute nicht mehr."));
        assert!(!is_teaser_line("Ein Wort. Nimmermehr"));
        assert!(!is_teaser_line(&format!(
            "{} Read more",
            "A long sentence of prose. ".repeat(12)
        )));
    }

    #[test]
    fn words_mixing_latin_and_cyrillic_letters_are_disguised_spam() {
        assert!(is_mixed_script_text("Yоur соntеnt іѕ dеlіvеrеd tо thоuѕаndѕ"));
        assert!(!is_mixed_script_text("Читайте также: the Kremlin said on Monday"));
        assert!(!is_mixed_script_text("Your content is delivered to thousands"));
    }

    #[test]
    fn bylines_are_a_marker_and_a_name() {
        for line in [
            "By Jane Doe",
            "Von Tim Ehlers",
            "Por Agencia EFE",
            "By Nada Tawfik, BBC News, New York",
            "By Tom Pyman for MailOnline",
            "VON MORITZ GATHMANN am 21. April 2020",
            "Par Jacques de la Fontaine",
        ] {
            assert!(is_byline(line), "{line}");
        }
        for line in [
            "Von Risiken und Nebenwirkungen",
            "Von Barzahler-Rabatten profitieren",
            "By the river, a bank stood.",
            "By 2030 the plant will close",
            "Von dieser Testpflicht gibt es Ausnahmen",
        ] {
            assert!(!is_byline(line), "{line}");
        }
    }

    #[test]
    fn ad_labels_and_author_taglines() {
        assert!(is_ad_label("- Anzeige-"));
        assert!(is_ad_label("ADVERTISEMENT"));
        assert!(!is_ad_label("Advertisement rules changed in 2020."));
        assert!(is_author_tagline(
            "Jane Doe is the founder of a marketing consultancy."
        ));
        assert!(is_author_tagline(
            "— Anna van der Berg ist Redakteurin im Ressort Wirtschaft."
        ));
        assert!(!is_author_tagline("The minister is expected to resign."));
        assert!(!is_author_tagline("Doe is a common surname."));
    }

    #[test]
    fn a_short_line_ending_in_a_picture_agency_is_a_credit() {
        assert!(is_credit_line("Augusta National/Getty Images"));
        assert!(is_credit_line("Der Hafen von Hamburg (dpa)"));
        assert!(!is_credit_line("Reuters reported the deal on Monday."));
    }
}
