"""Scraped text line by line: cookie and consent notices are chrome by their vocabulary and where they stand."""

from __future__ import annotations

import pytest

from newsradar.extract.consent import ANYWHERE, EDGE, is_button, notice_strength
from newsradar.extract.textlines import scan_lines

NOTICES = {
    "en": ("We and our partners use cookies and similar technologies to store and access information on your device, "
           "to personalise ads and content and to measure audiences. By clicking Accept all you consent to this; "
           "you can manage your preferences or object to processing based on legitimate interest at any time."),
    "de": ("Wir verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen zu personalisieren und die "
           "Zugriffe auf unsere Website zu analysieren. Wenn Sie auf „Alle akzeptieren“ klicken, erteilen Sie Ihre "
           "Einwilligung; Sie können Ihre Einstellungen jederzeit ändern oder die Einwilligung widerrufen."),
    "fr": ("Nous et nos partenaires utilisons des traceurs pour mesurer l'audience et vous proposer des contenus "
           "personnalisés. En cliquant sur « Accepter », vous consentez à ces usages ; vous pouvez modifier vos choix "
           "à tout moment dans nos paramètres de confidentialité."),
    "es": ("Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle publicidad "
           "relacionada con sus preferencias. Si continúa navegando o pulsa en aceptar cookies, consideramos que "
           "acepta su uso. Puede obtener más información en nuestra política de privacidad."),
}

# A story about cookies: the same words, in the third person, quoting what was said.
STORY = [
    "France's data protection regulator fined a search company 150 million euros on Thursday for making it harder "
    "for users to refuse cookies than to accept them.",
    '"People must be able to refuse cookies as easily as they accept them. By clicking once you consented to '
    'tracking, but you had to click five times to say no," the regulator\'s president told reporters.',
    "Under the European rules, websites must obtain consent before storing most cookies, and may not rely on "
    "legitimate interest to track visitors for advertising.",
    "Die Datenschutzbehörde verhängte ein Bußgeld, weil Nutzer der Verwendung von Cookies nicht wirksam "
    "zustimmen konnten, und das Unternehmen kündigte an, die Entscheidung zu prüfen.",
    "« Refuser les cookies doit être aussi simple que de les accepter », a déclaré la présidente de l'autorité, "
    "qui a infligé une amende record à l'entreprise.",
]

BODY = [f"{i}. The council voted on Tuesday to rebuild the old river bridge, which has been closed to traffic since "
        "the spring floods damaged two of its piers." for i in range(4)]


def _kinds(*lines: str) -> dict[str, str]:
    """The kind each line of a page made of ``lines`` is read as, by its text."""
    return {ln.text: ln.kind for ln in scan_lines("\n".join(lines))}


def _kind_amid_body(line: str) -> str:
    """The kind ``line`` is read as between two runs of an article's prose."""
    return _kinds(*BODY, line, *BODY)[line]


@pytest.mark.parametrize("language", sorted(NOTICES))
def test_a_consent_notice_reads_as_one_in_each_language(language: str) -> None:
    assert notice_strength(NOTICES[language]) >= EDGE


@pytest.mark.parametrize("line", STORY)
def test_a_story_about_cookies_does_not_read_as_a_notice(line: str) -> None:
    assert notice_strength(line) == 0


@pytest.mark.parametrize("label", ["Accept all", "Alle akzeptieren", "Tout refuser", "Accepter", "Aceptar cookies",
                                   "Manage preferences", "We value your privacy", "Cookie-Einstellungen"])
def test_a_consent_button_on_its_own_line(label: str) -> None:
    assert is_button(label)


@pytest.mark.parametrize("line", ["Continue reading", "Settings", "Accept the risk, says the minister",
                                  "Les partenaires acceptent l'accord"])
def test_other_short_lines_are_no_buttons(line: str) -> None:
    assert not is_button(line)


def test_notices_at_the_page_edges_are_chrome_and_marked() -> None:
    lines = scan_lines("\n".join([NOTICES["en"], "Accept all", "Home", *BODY, "Share this", NOTICES["de"],
                                  "Alle akzeptieren"]))
    by_text = {ln.text: ln for ln in lines}
    for text in (NOTICES["en"], NOTICES["de"], "Accept all", "Alle akzeptieren"):
        assert by_text[text].notice
    assert by_text[NOTICES["en"]].kind == by_text[NOTICES["de"]].kind == "chrome"
    assert not any(by_text[b].notice for b in BODY)


def test_a_line_read_as_a_notice_only_at_the_edges_stays_amid_a_story() -> None:
    advice = ("If you want to avoid being tracked, you can click 'Reject all' on most cookie banners, and we "
              "recommend checking your browser settings as well.")
    assert notice_strength(advice) == EDGE
    amid = {ln.text: ln for ln in scan_lines("\n".join([*BODY[:2], advice, *BODY[2:]]))}
    assert not amid[advice].notice and amid[advice].kind == "prose"
    last = {ln.text: ln for ln in scan_lines("\n".join([*BODY, "Share this", advice]))}
    assert last[advice].notice


def test_a_notice_that_speaks_as_the_site_to_the_reader_is_one_anywhere() -> None:
    assert notice_strength(NOTICES["en"]) == ANYWHERE
    lines = {ln.text: ln for ln in scan_lines("\n".join([*BODY[:2], NOTICES["en"], *BODY[2:]]))}
    assert lines[NOTICES["en"]].notice


@pytest.mark.parametrize("header", [
    "27 comments to Rebuilding the old river bridge: what the council decided and what it will cost",
    "14 Responses to “Will the old river bridge ever reopen?”",
    "8 thoughtful comments on “Rebuilding the bridge”",
    "There are 12 comments. Add yours.",
    "11 Antworten zu “Wird die alte Brücke je wieder geöffnet?”",
    "Eine Antwort auf „Die Brücke über den Fluss“",
    "3 réponses à « Le pont sera-t-il rouvert ? »",
])
def test_a_comment_count_that_names_the_post_or_ends_as_a_sentence_is_a_comments_header(header: str) -> None:
    kinds = _kinds(*BODY, header, "Reader One says:")
    assert kinds[header] == "breaker"


@pytest.mark.parametrize("line", ["Step 3. Comment on at least one post", "Phase 2. Comments from the public",
                                  "Fünf Antworten auf die Krise der Brücke",
                                  "Der Bürgermeister wollte das Urteil nicht kommentieren"])
def test_a_numbered_step_about_commenting_is_no_comments_header(line: str) -> None:
    assert _kind_amid_body(line) != "breaker"


def test_a_count_of_comments_is_still_a_comments_header() -> None:
    for header in ("3 Comments", "Comments (3)", "1.234 Kommentare", "Jetzt kommentieren", "Kommentieren Sie hier",
                   "Commenter cet article"):
        kinds = _kinds(*BODY, header, "Reader One says:")
        assert kinds[header] == "breaker", header


@pytest.mark.parametrize("line", [
    "300 comments on the draft rules arrived in the first week, most of them from farmers.",
    "Residents sent the council 300 comments on the plans for the old river bridge.",
])
def test_a_sentence_that_counts_comments_is_no_comments_header(line: str) -> None:
    kinds = _kinds(*BODY, line)
    assert kinds[line] == "prose"


@pytest.mark.parametrize("line", [
    "Your email address will not be published. Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Notify me of follow-up comments by email.",
    "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
    "Meinen Namen, E-Mail und Website in diesem Browser speichern, bis ich wieder kommentiere.",
    "Benachrichtige mich über nachfolgende Kommentare via E-Mail.",
    "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
    "Diese Website verwendet Akismet, um Spam zu reduzieren.",
    # the notes around a form: the reCAPTCHA notice, the site's welcome and rules for comments
    "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
    "We welcome reader comments on the Gazette's stories; please keep them civil and on topic.",
    "Bitte beachten Sie beim Kommentieren unsere Netiquette und bleiben Sie beim Thema.",
])
def test_a_comment_forms_lines_end_the_article(line: str) -> None:
    kinds = _kinds(*BODY, line, "Reader One says:")
    assert kinds[line] == "breaker"


@pytest.mark.parametrize("line", [
    "The council said the names of residents who wrote in will not be published in the report.",
    "Die Polizei benachrichtigte die Anwohner über die Sperrung der alten Brücke am Dienstag.",
])
def test_a_sentence_about_publishing_or_notifying_is_no_comment_form(line: str) -> None:
    kinds = _kinds(*BODY, line)
    assert kinds[line] == "prose"


@pytest.mark.parametrize("line", [
    "Never miss the latest news from the river towns by signing up to our newsletter today!",
    "Um neue Beiträge per E-Mail zu erhalten, hier die E-Mail-Adresse eingeben.",
    "To receive these stories once a week by e-mail, sign up for the Riverside Gazette newsletter.",
    "Lust auf mehr? Melde dich hier für unseren Newsletter an und erhalte jede Woche die besten Geschichten.",
    "Get the latest council news and event announcements delivered straight to your inbox every Friday morning.",
    # A promotion box's line longer than other chrome (chrome.tsv's promo patterns, as the HTML path reads them)
    "Support independent journalism: become a member today and help us keep the Gazette free for everyone who "
    "reads it in the river towns.",
])
def test_a_newsletters_or_memberships_appeal_is_chrome(line: str) -> None:
    assert _kind_amid_body(line) == "chrome"


@pytest.mark.parametrize("line", [
    "The council's newsletter, sent by email to 20,000 residents, announced the bridge's closure a week late.",
    "Der Newsletter der Stadt, der per E-Mail an die Anwohner geht, kündigte die Sperrung der Brücke zu spät an.",
])
def test_a_story_about_a_newsletter_is_not_its_appeal(line: str) -> None:
    assert _kind_amid_body(line) == "prose"


@pytest.mark.parametrize("line", [
    "When you buy through links on our site, we may earn an affiliate commission at no cost to you.",
    "Für Links auf dieser Seite erhält der Gazette-Verlag ggf. eine Provision vom Händler.",
    "*Affiliate-Link: Wenn du über diesen Link etwas kaufst, bekomme ich eine kleine Provision.",
    "Zurück zur Übersicht",
    "Back to top",
    "Retour à l'accueil",
    # a teaser in the article's flow under its label
    "MIRA: El puente del río vuelve a abrir tras las inundaciones",
    "Zobacz także: Most na rzece znów otwarty po powodzi",
    "Lire aussi : le pont sur le fleuve rouvre après les crues",
])
def test_an_affiliate_disclosure_or_a_link_back_is_chrome(line: str) -> None:
    assert _kind_amid_body(line) == "chrome"


@pytest.mark.parametrize("line", [
    # a commission with no link named, a commission that is not a payment, a link that earns nothing
    "The broker will receive a commission of three per cent on every flat sold by the river.",
    "The European Commission said the rail links to the port would get more money next year.",
    "Der Makler erhält eine Provision von drei Prozent für jede Wohnung am Fluss.",
])
def test_a_story_about_commissions_or_links_stays_prose(line: str) -> None:
    assert _kind_amid_body(line) == "prose"


@pytest.mark.parametrize("line", ["Zurück zur Normalität", "Back to the drawing board",
                                  "Mira lo que pasó en el puente del río durante la noche"])
def test_a_subheading_about_going_back_is_no_link_back(line: str) -> None:
    assert _kind_amid_body(line) != "chrome"


CLOUD = ("Bridges Budget Council Elections Floods Footpaths Harbour History Housing Mayor Museums Parks Piers "
         "Police Railways Rivers Roads Schools Sport Transport Weather Riverside Northgate Old Town Market Square "
         "Elm Street Station Road Canal Quarter")


def test_a_tag_cloud_on_one_line_is_not_prose() -> None:
    kinds = _kinds(*BODY, "Tags", CLOUD)
    assert kinds[CLOUD] == "short"


@pytest.mark.parametrize("line", [
    # unpunctuated but a sentence: the short words of the language run through it
    "The council said on Tuesday that the old river bridge would be rebuilt in the spring and that the work on "
    "the piers and on the footpath would take two years to finish",
    # a script without case is not judged by its small words
    "قال المجلس البلدي يوم الثلاثاء إن الجسر القديم فوق النهر سيعاد بناؤه في الربيع المقبل وإن العمل على الدعائم "
    "والممر سيستغرق عامين كاملين قبل أن يعاد فتحه أمام حركة المرور في المدينة",
])
def test_a_long_unpunctuated_sentence_is_still_prose(line: str) -> None:
    kinds = _kinds(*BODY, line)
    assert kinds[line] == "prose"


WRAPPED = ["The council voted on Tuesday to rebuild the old river bridge,",
           "which has been closed to traffic since the spring floods damaged",
           "two of its piers, and the work is expected to take two years."]


def test_a_paragraph_wrapped_mid_sentence_is_one_line_again() -> None:
    lines = scan_lines("\n".join(["Home", *WRAPPED, *BODY]))
    assert [ln.text for ln in lines][:2] == ["Home", " ".join(WRAPPED)]
    assert lines[1].kind == "prose"


@pytest.mark.parametrize("block", [
    WRAPPED[:2],  # one break alone: as often a label and its item
    ["Read the council's full report on the bridge and the floods", "next post: what the repairs cost"],
    ["Photos of the old river bridge by our readers in the spring", "bridges", "floods and rivers"],
    ["Jane wrote about the bridge and the council and the floods in", "https://example.org/bridge-and-the-floods",
     "https://example.org/the-council-and-the-floods"],
])
def test_lines_that_do_not_continue_a_sentence_stay_apart(block: list[str]) -> None:
    assert [ln.text for ln in scan_lines("\n".join(block))] == block
