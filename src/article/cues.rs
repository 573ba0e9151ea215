//! The vocabulary of page chrome judged by its content, in many languages: appeals addressed to the
//! reader (donate, support us, become a member, subscribe, sign up for our newsletter), consent
//! placeholders ("to load this content you must accept..."), cookie notices and fundraising goals
//! (raised, donors, days left). Phrases the way an appeal speaks to the reader, never a topic word
//! alone: an article about donations or newsletters uses the topic words, rarely the imperative.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Phrases that ask the reader for money, membership or a subscription, or announce a paywall.
const APPEALS: &[&str] = &[
    // English
    "donate now",
    "donate today",
    "donate here",
    "donate to us",
    "please donate",
    "make a donation",
    "make a contribution",
    "make a gift",
    "make a one-time",
    "make a monthly",
    "give monthly",
    "give once",
    "your donation",
    "your contribution",
    "your support",
    "your gift",
    "support us",
    "support our work",
    "support our journalism",
    "support our reporting",
    "support independent",
    "support quality",
    "support local journalism",
    "support this site",
    "support this blog",
    "support the site",
    "help us",
    "we need your help",
    "we need your support",
    "we rely on",
    "reader-supported",
    "reader supported",
    "reader-funded",
    "reader funded",
    "independent journalism",
    "become a member",
    "become a patron",
    "become a supporter",
    "become a subscriber",
    "become a sustaining",
    "become a paid",
    "join now",
    "join today",
    "join us today",
    "membership",
    "members get",
    "subscribe now",
    "subscribe today",
    "please subscribe",
    "subscribe to continue",
    "subscribe for",
    "already a subscriber",
    "already a member",
    "already subscribed",
    "unlimited access",
    "unlimited digital access",
    "cancel anytime",
    "cancel any time",
    "cancel at any time",
    "chip in",
    "as little as",
    "every contribution",
    "buy me a coffee",
    "buy us a coffee",
    "paywall",
    // German
    "jetzt spenden",
    "spenden sie",
    "spende jetzt",
    "ihre spende",
    "deine spende",
    "eine spende",
    "mit einer spende",
    "spendenkonto",
    "unterstütze uns",
    "unterstützen sie uns",
    "unterstützen sie unsere",
    "unterstütze unsere",
    "unsere arbeit unterstützen",
    "unterstütze unsere arbeit",
    "unterstützen sie unsere arbeit",
    "supporte uns",
    "unterstütze uns jetzt",
    "unterstützen sie unabhängigen",
    "unabhängigen journalismus",
    "unabhängiger journalismus",
    "journalismus kostet",
    "werde mitglied",
    "werden sie mitglied",
    "jetzt mitglied",
    "mitglied werden",
    "werde unterstützer",
    "werden sie unterstützer",
    "werde förderer",
    "jetzt abonnieren",
    "jetzt abo",
    "abo abschließen",
    "jederzeit kündbar",
    "bezahlschranke",
    "monatlich oder einmalig",
    "monatlich oder auch einmalig",
    "einmalig oder monatlich",
    "freiwillig zahlen",
    "freiwillig bezahlen",
    "zahl ich freiwillig",
    "zahl' ich freiwillig",
    "bereits abonnent",
    // French
    "faire un don",
    "faites un don",
    "fais un don",
    "soutenez-nous",
    "soutenez nous",
    "soutenez notre",
    "soutenez le journalisme",
    "votre don",
    "votre soutien",
    "votre contribution",
    "devenez membre",
    "devenez abonné",
    "devenez donateur",
    "abonnez-vous",
    "abonnez vous",
    "déjà abonné",
    "sans engagement",
    "journalisme indépendant",
    // Spanish, Portuguese
    "apóyanos",
    "apoyanos",
    "apoya el periodismo",
    "apoya a",
    "apoya nuestro",
    "haz una donación",
    "haz un aporte",
    "dona ahora",
    "dona hoy",
    "tu apoyo",
    "tu aporte",
    "tu donación",
    "tu contribución",
    "hazte socio",
    "hazte socia",
    "hazte miembro",
    "hazte suscriptor",
    "suscríbete",
    "únete a nuestra comunidad",
    "membresía",
    "cancela cuando quieras",
    "periodismo independiente",
    "apoie o",
    "apoie a",
    "apoie nosso",
    "faça uma doação",
    "seja membro",
    "seja assinante",
    "seja apoiador",
    "assine agora",
    "jornalismo independente",
    // Italian, Dutch
    "sostienici",
    "sostieni il",
    "sostieni la",
    "fai una donazione",
    "dona ora",
    "il tuo sostegno",
    "il tuo contributo",
    "abbonati",
    "giornalismo indipendente",
    "steun ons",
    "doneer nu",
    "word lid",
    "word abonnee",
    "word donateur",
    "onafhankelijke journalistiek",
    // Polish, Russian
    "wesprzyj nas",
    "wspieraj nas",
    "przekaż darowiznę",
    "zostań patronem",
    "niezależne dziennikarstwo",
    "поддержите нас",
    "поддержать нас",
    "пожертвовать",
];

/// Phrases of newsletter and signup boxes.
const SIGNUPS: &[&str] = &[
    "sign up for our",
    "sign up to our",
    "sign up for the",
    "sign up for free",
    "sign up now",
    "sign up today",
    "subscribe to our",
    "subscribe to the newsletter",
    "our newsletter",
    "our weekly newsletter",
    "our daily newsletter",
    "in your inbox",
    "to your inbox",
    "straight to your inbox",
    "your email address",
    "your e-mail address",
    "enter your email",
    "unsubscribe at any time",
    "unsubscribe anytime",
    "no spam",
    "newsletter abonnieren",
    "newsletter bestellen",
    "zum newsletter",
    "unseren newsletter",
    "unser newsletter",
    "ihre e-mail-adresse",
    "deine e-mail-adresse",
    "jederzeit abbestellen",
    "jederzeit wieder abmelden",
    "anmeldung zum",
    "jetzt anmelden",
    "kostenlos anmelden",
    "notre newsletter",
    "notre lettre",
    "inscrivez-vous",
    "votre adresse e-mail",
    "votre adresse email",
    "nuestro newsletter",
    "nuestro boletín",
    "tu correo electrónico",
    "la nostra newsletter",
    "iscriviti alla",
    "onze nieuwsbrief",
    "naszego newslettera",
    "zapisz się",
];

/// Phrases of consent placeholders: an embed or a block the page shows only after the reader agrees
/// to cookies or third-party content.
const CONSENTS: &[&str] = &[
    "accept cookies",
    "accept all cookies",
    "cookie settings",
    "cookie preferences",
    "consent to",
    "your consent",
    "not consented",
    "have not given consent",
    "third-party content",
    "third party content",
    "external content",
    "to view this content",
    "to see this content",
    "to load this content",
    "to display this content",
    "to view this video",
    "to watch this video",
    "click to load",
    "load content",
    "load video",
    "privacy policy",
    "data will be transferred",
    "data is transferred",
    "externer inhalt",
    "externe inhalte",
    "externen inhalt",
    "inhalt laden",
    "inhalte laden",
    "video laden",
    "inhalt anzeigen",
    "inhalt entsperren",
    "drittanbieter",
    "datenschutzerklärung",
    "ihre zustimmung",
    "deine zustimmung",
    "zustimmung",
    "nicht zugestimmt",
    "cookies akzeptieren",
    "contenu externe",
    "votre consentement",
    "accepter les cookies",
    "contenido externo",
    "tu consentimiento",
    "aceptar cookies",
    "contenuto esterno",
    "il tuo consenso",
];

/// A site saying it uses cookies: the first line of every cookie banner.
const COOKIE_NOTICES: &[&str] = &[
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "our site uses cookies",
    "our website uses cookies",
    "wir nutzen cookies",
    "wir verwenden cookies",
    "wir setzen cookies",
    "diese website verwendet cookies",
    "diese webseite verwendet cookies",
    "diese website nutzt cookies",
    "diese seite verwendet cookies",
    "nous utilisons des cookies",
    "ce site utilise des cookies",
    "utilizamos cookies",
    "este sitio utiliza cookies",
    "este sitio web utiliza cookies",
    "utilizziamo i cookie",
    "questo sito utilizza cookie",
    "wij gebruiken cookies",
    "deze website gebruikt cookies",
    "używamy plików cookie",
    "ta strona używa plików cookie",
    "мы используем файлы cookie",
];

/// Words of a fundraising goal beside money amounts ("€1,489 of €5,000 raised", "23 donors").
const GOALS: &[&str] = &[
    "raised",
    "goal",
    "donors",
    "backers",
    "supporters",
    "days left",
    "funded",
    "to go",
    "gespendet",
    "spender",
    "spenderinnen",
    "spendenziel",
    "ziel",
    "tage übrig",
    "noch",
    "recaudado",
    "recaudados",
    "meta",
    "donantes",
    "collecté",
    "collectés",
    "objectif",
    "donateurs",
    "raccolti",
    "obiettivo",
    "donatori",
    "zebrano",
    "cel",
    "собрано",
];

/// What a phrase says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Appeal,
    Signup,
    Consent,
    Cookie,
    Goal,
}

/// The cues found in a text: how many distinct phrases of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues {
    pub appeal: usize,
    pub signup: usize,
    pub consent: usize,
    pub cookie: usize,
    pub goal: usize,
}

impl Cues {
    /// Distinct phrases asking something of the reader (appeals, signups, consent).
    pub fn asks(&self) -> usize {
        self.appeal + self.signup + self.consent + self.cookie
    }
}

/// The phrases indexed by their first word: a lookup per word of a text, built in microseconds
/// (an Aho-Corasick automaton of the same took longer to build than a page takes to read).
struct Vocabulary {
    /// First word to the phrases starting with it, longest first, with their cue and index.
    by_first_word: FxHashMap<&'static str, Vec<(&'static str, Cue, usize)>>,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut by_first_word: FxHashMap<&'static str, Vec<(&'static str, Cue, usize)>> = FxHashMap::default();
    let lists = [
        (Cue::Appeal, APPEALS),
        (Cue::Signup, SIGNUPS),
        (Cue::Consent, CONSENTS),
        (Cue::Cookie, COOKIE_NOTICES),
        (Cue::Goal, GOALS),
    ];
    for (index, (cue, phrase)) in lists
        .iter()
        .flat_map(|(cue, list)| list.iter().map(move |phrase| (*cue, *phrase)))
        .enumerate()
    {
        let first = phrase
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or(phrase);
        by_first_word.entry(first).or_default().push((phrase, cue, index));
    }
    for phrases in by_first_word.values_mut() {
        phrases.sort_by_key(|(phrase, _, _)| std::cmp::Reverse(phrase.len()));
    }
    Vocabulary { by_first_word }
});

/// The appeal, signup, consent, cookie and goal phrases in `text` (any case), each counted once;
/// whole words only, the longest phrase at each place.
#[cfg(test)]
pub fn cues(text: &str) -> Cues {
    let mut folded = String::new();
    fold_into(text, &mut folded);
    cues_in_folded(&folded)
}

/// Appends `text` to `folded` lowercased, with runs of whitespace as one space (none at the start)
/// and typographic apostrophes as `'`: the form `cues_in_folded` reads.
pub fn fold_into(text: &str, folded: &mut String) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !folded.is_empty() && !folded.ends_with(' ') {
                folded.push(' ');
            }
        } else if matches!(c, '\u{2019}' | '\u{2018}') {
            folded.push('\'');
        } else {
            folded.extend(c.to_lowercase());
        }
    }
}

/// `cues` of a text already folded (`fold_into`).
pub fn cues_in_folded(lower: &str) -> Cues {
    let mut found = Cues::default();
    let mut seen: Vec<usize> = Vec::new();
    let mut at = 0;
    while at < lower.len() {
        let rest = &lower[at..];
        let Some(start) = rest.find(char::is_alphanumeric) else {
            break;
        };
        let word_start = at + start;
        let word_end = lower[word_start..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(lower.len(), |end| word_start + end);
        let word = &lower[word_start..word_end];
        let hit = VOCABULARY.by_first_word.get(word).and_then(|phrases| {
            phrases.iter().find(|(phrase, _, _)| {
                lower[word_start..].starts_with(phrase)
                    && !lower[word_start + phrase.len()..].starts_with(char::is_alphanumeric)
            })
        });
        match hit {
            Some(&(phrase, cue, index)) => {
                at = word_start + phrase.len();
                if seen.contains(&index) {
                    continue;
                }
                seen.push(index);
                match cue {
                    Cue::Appeal => found.appeal += 1,
                    Cue::Signup => found.signup += 1,
                    Cue::Consent => found.consent += 1,
                    Cue::Cookie => found.cookie += 1,
                    Cue::Goal => found.goal += 1,
                }
            }
            None => at = word_end,
        }
    }
    found
}

/// How many money amounts `text` holds: currency signs beside a number ("€1,489", "5.000 €", "$20").
pub fn money_amounts(text: &str) -> usize {
    const SIGNS: &[char] = &['$', '€', '£', '¥', '₽', '₹'];
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(at, c)| {
            SIGNS.contains(c) && {
                let after = chars[at + 1..].iter().find(|c| !c.is_whitespace());
                let before = chars[..*at].iter().rev().find(|c| !c.is_whitespace());
                after.is_some_and(char::is_ascii_digit) || before.is_some_and(char::is_ascii_digit)
            }
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appeal_phrases_are_found_as_whole_words_in_many_languages() {
        let found = cues("Support independent journalism. Donate now!");
        assert_eq!(found.appeal, 2);
        assert_eq!(
            cues("Deshalb unterstütze uns (monatlich oder auch einmalig)").appeal,
            2
        );
        assert_eq!(cues("Apóyanos. Cancela cuando quieras.").appeal, 2);
        assert_eq!(
            cues("Sign up for our newsletter to get it in your inbox").signup,
            2
        );
        assert_eq!(cues("Externer Inhalt: mit Ihrer Zustimmung laden").consent, 2);
        assert_eq!(cues("Wir nutzen Cookies auf unserer Website.").cookie, 1);
        // Topic words are not appeals.
        assert_eq!(
            cues("The charity said donations rose; the newsletter went out.").asks(),
            0
        );
        // Not inside a longer word.
        assert_eq!(cues("helpush").appeal, 0);
    }

    #[test]
    fn money_amounts_have_a_currency_beside_a_number() {
        assert_eq!(money_amounts("€1,489 of €5,000 raised"), 2);
        assert_eq!(money_amounts("1.489 € von 5.000 €"), 2);
        assert_eq!(money_amounts("The € fell against the $ today"), 0);
    }
}
