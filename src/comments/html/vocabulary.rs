//! The vocabulary of comment systems' own words, in the languages they ship (English, German,
//! French, Spanish, Italian, Portuguese, Dutch, Polish): verbs of saying after a name, badges,
//! button labels, the words of a date line, calls to comment. Words of the UI, never a site's.
//! The lists are asked about every line of every comment: [`contains`] looks them up in sets.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Whether `list` holds `word` (by a set built once per list).
pub(super) fn contains(list: &'static [&'static str], word: &str) -> bool {
    static SETS: LazyLock<[(usize, HashSet<&'static str>); 6]> = LazyLock::new(|| {
        [SAYS, BADGES, UI_WORDS, TIME_WORDS, WEEKDAYS, RELATIVE_MARKERS]
            .map(|list| (list.as_ptr() as usize, list.iter().copied().collect()))
    });
    match SETS.iter().find(|(at, _)| *at == list.as_ptr() as usize) {
        Some((_, set)) => set.contains(word),
        None => list.contains(&word),
    }
}

/// Verbs a theme prints after the name ("Ines says:", "Jörg meinte:", "Ana dijo:").
#[rustfmt::skip]
pub(super) const SAYS: &[&str] = &[
    "says", "said", "wrote", "writes", "sagt", "sagte", "schreibt", "schrieb", "meint", "meinte",
    "kommentiert", "kommentierte", "dit", "écrit", "ecrit", "dice", "dijo", "escribe", "escribió",
    "escribio", "comenta", "comentó", "scrive", "scritto", "commenta", "zegt", "schreef",
    "schrijft", "diz", "disse", "escreveu", "pisze", "napisał", "napisal", "replied", "antwortete",
    "répond",
];

/// Badges printed beside a name: the post's author, moderators, staff.
#[rustfmt::skip]
pub(super) const BADGES: &[&str] = &[
    "author", "autor", "autorin", "auteur", "autore", "post author", "blog author", "beitragsautor",
    "moderator", "mod", "admin", "administrator", "staff", "op", "verified", "editor", "owner",
    "top commenter", "top fan", "not verified", "nicht überprüft", "nicht verifiziert",
    "non vérifié", "no verificado", "non verificato", "niet geverifieerd", "unverified",
];

/// Labels of a comment's buttons and links (alone on a line they are chrome, not text).
#[rustfmt::skip]
pub(super) const UI_WORDS: &[&str] = &[
    "reply", "replies", "antworten", "antwort", "répondre", "repondre", "responder", "responde",
    "rispondi", "reageren", "beantwoorden", "odpowiedz", "odpowiedź", "responder ↓", "reply ↓",
    "report", "melden", "signaler", "denunciar", "segnala", "rapporteren", "zgłoś", "like", "likes",
    "liken", "gefällt mir", "j'aime", "me gusta", "mi piace", "vind ik leuk", "lubię to", "share",
    "teilen", "partager", "compartir", "condividi", "delen", "permalink", "link", "edit",
    "bearbeiten", "modifier", "editar", "modifica", "bewerken", "delete", "löschen", "supprimer",
    "eliminar", "elimina", "verwijderen", "flag", "quote", "zitieren", "citer", "citar", "cita",
    "citeren", "upvote", "downvote", "vote", "recommend", "empfehlen", "recommander", "recomendar",
    "[–]", "[-]", "[+]", "↑", "↓", "log in to reply", "login to reply", "zum antworten anmelden",
    "cancel reply", "cancel", "abbrechen", "annuler",
];

/// Words that may stand in a line stating when a comment was posted (beside numbers and month
/// and weekday names).
#[rustfmt::skip]
pub(super) const TIME_WORDS: &[&str] = &[
    "at", "um", "à", "a", "las", "la", "de", "del", "di", "le", "el", "on", "the", "of", "om", "o",
    "y", "et", "und", "and", "uhr", "h", "am", "pm", "a.m.", "p.m.", "@", "—", "–", "-", "|", "·",
    "•", "/", ",", "gmt", "utc", "cet", "cest", "mez", "mesz", "est", "edt", "pst", "pdt", "ago",
    "vor", "il", "y", "hace", "fa", "geleden", "temu", "just", "now", "gerade", "eben", "yesterday",
    "gestern", "hier", "ayer", "ieri", "gisteren", "wczoraj", "today", "heute", "aujourd'hui",
    "hoy", "oggi", "vandaag", "dzisiaj", "ein", "einer", "einem", "einen", "one", "an", "un", "une",
    "uno", "una", "een", "posted", "gepostet", "publié", "publicado", "pubblicato", "geplaatst",
    "dodano", "second", "seconds", "sec", "secs", "s", "minute", "minutes", "min", "mins", "m",
    "hour", "hours", "hr", "hrs", "day", "days", "d", "week", "weeks", "w", "month", "months",
    "year", "years", "yr", "yrs", "sekunde", "sekunden", "minuten", "stunde", "stunden", "std",
    "tag", "tage", "tagen", "woche", "wochen", "monat", "monate", "monaten", "jahr", "jahre",
    "jahren", "seconde", "secondes", "heure", "heures", "jour", "jours", "semaine", "semaines",
    "mois", "an", "ans", "année", "années", "segundo", "segundos", "minuto", "minutos", "hora",
    "horas", "día", "días", "dia", "dias", "semana", "semanas", "mes", "meses", "año", "años",
    "secondi", "minuti", "ora", "ore", "giorno", "giorni", "settimana", "settimane", "mese", "mesi",
    "anno", "anni", "seconden", "minuten", "uur", "dag", "dagen", "week", "weken", "maand",
    "maanden", "jaar", "jaren",
];

#[rustfmt::skip]
pub(super) const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "mo", "di", "mi", "do", "fr", "sa", "so",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes",
    "miércoles", "jueves", "viernes", "sábado", "domingo", "lunedì", "martedì", "mercoledì",
    "giovedì", "venerdì", "sabato", "domenica", "maandag", "dinsdag", "woensdag", "donderdag",
    "vrijdag", "zaterdag", "zondag",
];

/// Words that say the relative time is one ("vor 8 Stunden", "il y a 2 jours", "3 days ago").
#[rustfmt::skip]
pub(super) const RELATIVE_MARKERS: &[&str] = &[
    "ago", "vor", "il", "hace", "fa", "geleden", "temu", "yesterday", "gestern", "hier", "ayer",
    "ieri", "gisteren", "wczoraj", "today", "heute", "aujourd'hui", "hoy", "oggi", "vandaag",
    "dzisiaj", "now", "gerade", "eben",
];

/// Words of a comment section's own headings and calls to action: comment, discuss, log in.
#[rustfmt::skip]
pub(super) const CALL_TO_COMMENT: &[&str] = &[
    "comment", "komment", "comentar", "commenta", "reactie", "komentarz", "reacties", "réagir",
    "discuss", "diskut", "discusi", "discuti", "reagieren", "log in", "login", "sign in",
    "anmelden", "iniciar sesi", "connectez", "registr", "leave a reply", "antwort schreiben",
    "responder a", "répondre à", "reply to",
];
