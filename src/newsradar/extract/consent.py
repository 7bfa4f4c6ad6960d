"""Cookie and consent notices (GDPR banners) in scraped text, told by their vocabulary.

A consent notice is about cookies and trackers, the reader's device and data, the site's partners,
consent, legitimate interest and preferences; so is a news story about a fine for a cookie banner.
What tells the notice from the story is how it speaks: the site speaks of itself ("we", "our", "this
website") to the reader ("you", "Sie", "vous"), and names the buttons to press ("click Accept all",
"manage your preferences at any time"); a story speaks of a company and its users in the third
person and quotes what officials said. :func:`notice_strength` weighs a line by both; the caller
weighs where it stands (a notice sits at the page's edges, a story's lines among the story's).
English, German, French and Spanish, with a few Italian and Dutch words.
"""

from __future__ import annotations

import re

# What a notice is about. Each group counts once, however often its words come.
_TOPIC = re.compile(
    r"\b(?:(?P<cookie>cookies?|cookie-\w+|\w+-cookies?)"
    r"|(?P<tech>(?:similar|tracking|other|ähnliche|vergleichbare|similares) technolog\w*|technologies similaires"
    r"|tecnologías similares|traceurs?|trackers?|tracking|pixels?|(?:unique )?identifiers|identifiants|identificadores)"
    r"|(?P<device>(?:your|ihrem|deinem|votre|su) (?:device|browser|endgerät|gerät|terminal|appareil|navigateur"
    r"|dispositivo|navegador))"
    r"|(?P<data>personal data|personal information|personenbezogenen? daten|données personnelles|datos personales"
    r"|datennutzung\w*|datenverarbeitung|data processing)"
    r"|(?P<partners>partners?|partnern?|partenaires?|socios|terceros|third[- ]part(?:y|ies)|drittanbietern?"
    r"|tiers)"
    r"|(?P<interest>legitimate interests?|berechtigten? interesses?|intérêts? légitimes?|interés legítimo)"
    r"|(?P<prefs>preferences|präferenzen|préférences|preferencias|cookie settings|privacy settings|einstellungen"
    r"|paramètres|configuración|your choices?|ihre auswahl|vos choix|opt[- ]out)"
    r"|(?P<consent>consent\w*|einwillig\w*|zustimm\w*|einverst\w*|consentement|consentez|consentir|consentimiento"
    r"|consenso|toestemming)"
    r"|(?P<policy>privacy policy|privacy notice|cookie policy|datenschutzerklärung|datenschutzhinweise\w*"
    r"|cookie-richtlinie|politique de confidentialité|politique (?:de|relative aux) cookies"
    r"|política de (?:privacidad|cookies)|informativa (?:sulla )?(?:privacy|cookie))"
    r"|(?P<ads>personali[sz]\w*|personalisier\w*|personnalis\w*|personaliza\w*|audience measurement"
    r"|mesurer l'audience|mesure d'audience|reichweitenmessung|(?:targeted|relevant|tailored) ad\w*))\b", re.I)
# Substrings every match of _TOPIC holds one of (lower case): most lines hold none, and are spared the
# patterns, which cost a fifth of reading a page's lines when run on every one.
_TOPIC_CUES = ("cookie", "technolog", "tecnolog", "traceur", "tracker", "tracking", "pixel", "identif", "device",
               "gerät", "terminal", "appareil", "dispositivo", "browser", "navigateur", "navegador", "personal d",
               "personal i", "personali", "datos personales", "données personnelles", "personnalis", "personenbezogen",
               "datennutz", "datenverarb", "data proc", "partner", "partenaire", "socios", "tercero", "third-part",
               "third part", "drittanbieter", "tiers", "legitimate", "berechtigt", "légitime", "legítimo", "preferen",
               "präferenz", "préférence", "settings", "einstellung", "paramètre", "configuración", "your choice",
               "ihre auswahl", "vos choix", "opt-out", "opt out", "consent", "einwillig", "zustimm", "einverst",
               "consenso", "toestemming", "privacy", "datenschutz", "confidentialité", "política", "politica",
               "informativa", "audience", "reichweite", "targeted ad", "relevant ad", "tailored ad")
# The site speaking of itself.
_SITE = re.compile(r"\b(?:we|our|this (?:web)?site|wir|uns|unser\w*|diese[rn]? (?:web)?seite|diese[rn]? website"
                   r"|nous|nos|notre|ce site|utilizamos|usamos|nuestr[oa]s?|este sitio(?: web)?|utilizziamo)\b",
                   re.I)
_US = re.compile(r"\bus\b")  # lower case: "US" is the country
# The reader addressed. German's formal "Sie" is told from "sie" (they) by its capital.
_READER = re.compile(r"\b(?:you|your|du|dich|dir|dein\w*|vous|vos|votre|usted|tu|tus)\b", re.I)
_READER_FORMAL = re.compile(r"\b(?:Sie|Ihr|Ihre[nmrs]?)\b")
# What the reader is asked to do. Each group counts once.
_ACT = re.compile(
    r"\b(?:(?P<click>click\w*|tap(?:ping)?|klick\w*|anklick\w*|cliqu\w*|pulsa\w*|pulse|haga clic|hacer clic)"
    r"|(?P<accept>accept(?:ing)?(?: all)?|agree|allow all|akzeptier\w*|zulassen|accepter|acceptez|aceptar?|aceptas"
    r"|accetta)"
    r"|(?P<reject>reject(?: all)?|decline|refuse|opt[- ]out|ablehnen|refuser|refusez|rechazar)"
    r"|(?P<manage>manage|customi[sz]e|verwalten|anpassen|gérer|paramétrer|gestionar|configurar|modifier|ändern)"
    r"|(?P<anytime>at any time|jederzeit|à tout moment|en cualquier momento|in qualsiasi momento)"
    r"|(?P<withdraw>withdraw\w*|widerruf\w*|widerrufen|retirer|revocar)"
    r"|(?P<go_on>by (?:continuing|using|browsing)|continu(?:e|ing) to (?:use|browse)|further use"
    r"|en poursuivant|si continúa|weiter(?:hin)? (?:nutz\w*|besuch\w*|surf\w*)|fortfahren|weiteren? nutzung"
    r"|mit der nutzung|durch die nutzung))\b", re.I)
# Reported speech: a story quoting what was said about cookies, not a notice.
_SPEECH = re.compile(r"\b(?:said|says|told|according to|sagte|sagt|erklärte|betonte|laut|a déclaré|a dit|a affirmé"
                     r"|selon|dijo|afirmó|declaró|según)\b", re.I)
# Buttons and headings of a consent dialog, standing alone on their line.
_BUTTON = re.compile(
    r"(?:i |yes,? i )?(?:accept|agree|allow|reject|decline|deny|refuse|save|confirm)(?: all| selected| and close"
    r"| and continue)?(?: cookies| settings| preferences| choices)?"
    r"|(?:manage|customi[sz]e|change) (?:cookies|settings|preferences|options|choices|consent)"
    r"|(?:cookie|privacy|consent) (?:settings|preferences|options)|we value your privacy|your privacy choices"
    r"|(?:alle )?(?:cookies )?(?:akzeptieren|ablehnen|zulassen|erlauben)(?: und (?:schließen|fortfahren|weiter))?"
    r"|(?:nur )?(?:notwendige|essenzielle) cookies(?: akzeptieren| zulassen)?|auswahl (?:speichern|erlauben|bestätigen)"
    r"|(?:cookie-|datenschutz-?|privatsphäre-)?einstellungen(?: verwalten| anpassen| speichern)?"
    r"|wir respektieren ihre privatsphäre"
    r"|(?:tout )?(?:accepter|refuser)(?: tout)?(?: et (?:fermer|continuer))?(?: les cookies)?"
    r"|continuer sans accepter|(?:paramétrer|personnaliser|gérer) (?:les |mes )?(?:cookies|choix|préférences)"
    r"|(?:aceptar|rechazar)(?: todas?)?(?: las)?(?: cookies)?|(?:configurar|gestionar) (?:las )?(?:cookies"
    r"|preferencias)|configuración de (?:cookies|privacidad)", re.I)
_BUTTON_TRAILING = re.compile(r"[\s.!:>»›]+$")

EDGE = 1  # a notice where it stands at the page's edges; a story's line amid the story
ANYWHERE = 2  # a notice wherever it stands


def notice_strength(text: str) -> int:
    """How surely ``text`` is (part of) a consent notice: 0 not one, :data:`EDGE` one if it stands at
    the page's edges (not amid the article's lines), :data:`ANYWHERE` one wherever it stands."""
    if not _topic_cue(text):
        return 0
    topic = {m.lastgroup for m in _TOPIC.finditer(text)}
    if not topic:
        return 0
    site = _SITE.search(text) is not None or _US.search(text) is not None
    reader = _READER.search(text) is not None or _READER_FORMAL.search(text) is not None
    if not (site or reader) or _SPEECH.search(text):
        return 0
    act = {m.lastgroup for m in _ACT.finditer(text)}
    points = len(topic) + len(act) + 2 * site + reader
    if site and reader and len(topic) >= 2 and len(act) >= 2 and points >= 8:
        return ANYWHERE
    if len(topic) >= 2 and act and points >= 6:
        return EDGE
    # Cookies and the reader's consent to them, spoken of to the reader: a notice's own terms.
    if "cookie" in topic and ("consent" in topic or "accept" in act):
        return EDGE
    return 0


def _topic_cue(text: str) -> bool:
    low = text.lower()
    return any(cue in low for cue in _TOPIC_CUES)


def _addresses_reader(text: str) -> bool:
    return (_SITE.search(text) is not None or _US.search(text) is not None or _READER.search(text) is not None
            or _READER_FORMAL.search(text) is not None)


def dialog_like(text: str) -> bool:
    """Whether ``text`` speaks, as the site or to the reader, of cookies, consent or the reader's data,
    as a consent dialog's paragraphs do (what each kind of cookie is for), though not a notice itself."""
    return _topic_cue(text) and _TOPIC.search(text) is not None and _addresses_reader(text)


def is_button(text: str) -> bool:
    """A consent dialog's button or heading on a line of its own ("Accept all", "Alle akzeptieren",
    "Tout refuser", "Aceptar cookies", "Manage preferences", "We value your privacy")."""
    return len(text) <= 60 and _BUTTON.fullmatch(_BUTTON_TRAILING.sub("", text.strip())) is not None
