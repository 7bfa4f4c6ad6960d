"""From bytes to text: any bytes give text or a refusal with a reason."""

from __future__ import annotations

import gzip
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsradar.errors import InputError
from newsradar.extract.decode import control_characters, decode, decompress, sniff_kind


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "iso-8859-15", "shift_jis", "gb18030", "utf-16"])
def test_pages_in_their_declared_encodings_decode(encoding: str) -> None:
    text = "Grüße aus Köln, 東京" if encoding in ("utf-8", "utf-16", "gb18030", "shift_jis") else "Grüße aus Köln"
    if encoding == "shift_jis":
        text = "東京の天気"
    page = f'<html><head><meta charset="{encoding}"></head><body><p>{text}</p></body></html>'
    assert text in decode(page.encode(encoding))


def test_a_page_declaring_utf8_but_written_in_a_legacy_code_page_is_read() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>Müller sagt: „Straße“</p></body></html>'
    assert "Müller sagt: „Straße“" in decode(page.encode("cp1252"))


def test_gzip_pages_are_inflated_and_binaries_refused() -> None:
    assert "hello" in decode(gzip.compress(b"<p>hello</p>"))
    with pytest.raises(InputError, match="PNG"):
        decode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(InputError, match="page limit"):
        decode(b"<p>" + b"x" * 2000, max_bytes=1000)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "latin-1", "no-such-codec"]))
def test_any_bytes_decode_or_are_refused_with_a_reason(raw: bytes, declared: str | None) -> None:
    try:
        text = decode(raw, declared)
    except InputError as exc:
        assert exc.reason
        return
    assert isinstance(text, str) and text.strip()
    assert sniff_kind(text) in ("html", "text")


def test_white_space_and_control_characters_are_refused() -> None:
    for blank in (b" \n\t ", " \u00a0\u3000 ", b"\xef\xbb\xbf \n"):
        with pytest.raises(InputError, match="empty input"):
            decode(blank)
    with pytest.raises(InputError, match="control"):
        decode("<p>" + "\x01\x02\x1f" * 100 + "</p>")
    assert decode("<p>tab\tand\r\nbreaks\x0b\x0c</p>" * 20)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3000) | st.sampled_from(["\x00", "\x1f", "\ud800"])))
def test_control_characters_are_counted_as_the_pattern_counts_them(text: str) -> None:
    assert control_characters(text) == len(re.findall(r"[\x00-\x08\x0e-\x1f]", text))


# Pages with no declared charset. Western European text in Latin-1/windows-1252 used to come out in whichever
# Latin code page the detector ranked first ("Cittŕ", "martedě", "élčves").
ITALIAN = ("Il sindaco di Città ha detto martedì che il comune spenderà più di quanto previsto per la città e "
           "perché il bilancio non basta. La giunta rinvierà il voto a venerdì; però l'assessore è ottimista.")
FRENCH = ("Le maire a déclaré mardi que la ville dépensera plus que prévu. À l'époque, les élèves étaient très "
          "nombreux à la fête, où l'on a mangé des crêpes. Le président s'est dit déçu.")
SPANISH = ("El alcalde aseguró el miércoles que la ciudad invertirá más dinero en vivienda. ¿Será suficiente? "
           "Según la oposición, los niños y las familias no recibirán ayuda hasta el año próximo.")
PORTUGUESE = ("O ministro da Educação disse que as escolas públicas receberão mais verbas. A decisão não agradou "
              "aos sindicatos, que pedem a revisão das negociações e ameaçam greves em março.")
GERMAN = ("Die Bürgermeisterin erklärte am Dienstag, dass die Stadt mehr Geld für Straßen und Brücken ausgeben "
          "wird. »Über die Höhe der Förderung« müssen die Gemeinderäte noch abstimmen.")
DANISH = ("Regeringen vil bruge flere penge på sygehuse, sagde ministeren i går. Især i Århus er ventetiderne for "
          "lange, og lægerne har advaret om, at det går ud over patienterne.")
# Central European and other Latin-script text, in the code pages its writers used.
POLISH = ("Prezydent miasta powiedział we wtorek, że gmina wyda więcej pieniędzy na drogi. Radni opozycji "
          "zarzucają mu, że źle zarządza budżetem, a mieszkańcy żądają szybszej budowy mostu.")
CZECH = ("Předseda vlády v úterý řekl, že město dostane více peněz na opravy silnic. Opozice tvrdí, že rozpočet "
         "je špatně sestavený a že lidé budou čekat na nový most ještě několik let.")
SLOVAK = ("Predseda vlády v utorok povedal, že mesto dostane viac peňazí na opravy ciest. Opozícia tvrdí, že "
          "rozpočet je zle zostavený a ľudia budú čakať na nový most ešte niekoľko rokov.")
HUNGARIAN = ("A polgármester kedden azt mondta, hogy a város több pénzt költ az utak felújítására. Az ellenzék "
             "szerint a költségvetés rossz, és a lakóknak őszig kell várniuk az új hídra, amelyről a "
             "képviselők hűvös hangon vitatkoztak, mert a műszaki tervek még nem készültek el.")
CROATIAN = ("Gradonačelnik je u utorak rekao da će grad potrošiti više novca na ceste. Oporba tvrdi da je "
            "proračun loše sastavljen i da će građani još godinama čekati novi most.")
TURKISH = ("Belediye başkanı salı günü şehrin yollara daha fazla para harcayacağını söyledi. Muhalefet, "
           "bütçenin kötü hazırlandığını ve halkın yeni köprüyü yıllarca bekleyeceğini iddia ediyor.")
LITHUANIAN = ("Miesto meras antradienį pareiškė, kad savivaldybė skirs daugiau pinigų keliams. Opozicija "
              "teigia, kad biudžetas sudarytas blogai, o gyventojai naujo tilto lauks dar daug metų.")
RUSSIAN = ("Мэр города заявил во вторник, что муниципалитет потратит больше денег на ремонт дорог. Оппозиция "
           "утверждает, что бюджет составлен плохо, а жители будут ждать новый мост ещё много лет.")


def _page(text: str) -> str:
    return f"<html><head><title>Local news</title></head><body><article><p>{text}</p></article></body></html>"


@pytest.mark.parametrize("text", [ITALIAN, FRENCH, SPANISH, PORTUGUESE, GERMAN, DANISH],
                         ids=["it", "fr", "es", "pt", "de", "da"])
@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
@pytest.mark.parametrize("as_html", [False, True], ids=["text", "html"])
def test_undeclared_western_pages_are_read_as_windows_1252(text: str, encoding: str, as_html: bool) -> None:
    content = _page(text) if as_html else text
    assert decode(content.encode(encoding)) == content


@pytest.mark.parametrize(("text", "encoding"), [
    (POLISH, "cp1250"), (POLISH, "iso-8859-2"), (CZECH, "cp1250"), (CZECH, "iso-8859-2"), (SLOVAK, "cp1250"),
    (HUNGARIAN, "cp1250"), (CROATIAN, "cp1250"), (TURKISH, "cp1254"), (LITHUANIAN, "cp1257"),
], ids=["pl-1250", "pl-latin2", "cs-1250", "cs-latin2", "sk-1250", "hu-1250", "hr-1250", "tr-1254", "lt-1257"])
@pytest.mark.parametrize("as_html", [False, True], ids=["text", "html"])
def test_undeclared_central_european_baltic_and_turkish_pages_keep_their_code_page(
        text: str, encoding: str, as_html: bool) -> None:
    content = _page(text) if as_html else text
    assert decode(content.encode(encoding)) == content


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_undeclared_russian_pages_are_still_read_as_cyrillic(encoding: str) -> None:
    assert decode(_page(RUSSIAN).encode(encoding)) == _page(RUSSIAN)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_pages_are_unaffected(encoding: str) -> None:
    text = " ".join([ITALIAN, POLISH, RUSSIAN, "東京"])
    assert decode(_page(text).encode(encoding)) == _page(text)
    if encoding == "utf-16":  # both byte orders, each with its byte-order mark
        for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
            assert decode(bom + _page(text).encode(codec)) == _page(text)


def test_one_foreign_letter_does_not_move_a_western_page_to_another_code_page() -> None:
    # Read as windows-1250, "è" and "ø" would both be Czech letters ("Ghesquičre", "Sřren"); one stray
    # letter outside the page's language is a name, not evidence of another code page.
    text = ("The designer Nicolas Ghesquière showed the collection in Paris, and Søren, his assistant, "
            "said Ghesquière had worked on it for a year. Critics loved Ghesquière's coats.")
    assert decode(text.encode("cp1252")) == text


def test_stray_windows_1252_bytes_in_a_page_declaring_utf8_are_read_as_windows_1252() -> None:
    page = ('<html><head><meta charset="utf-8"></head><body><p>PITFALL!\x99 - the app\x92s best level '
            '\x96 \x93new\x94 this week.</p></body></html>').encode("latin-1")
    assert "PITFALL!™ - the app’s best level – “new” this week." in decode(page)


def test_code_pages_are_judged_on_every_byte_of_a_long_page_not_only_the_sample() -> None:
    # The detector reads the first 200 KB only; past it, "ť" (0x9d) is a byte windows-1252 lacks, so the
    # page is read as windows-1250 rather than with a replacement character.
    text = "<p>" + "Filler paragraph without accents. " * 6000 + "</p><p>" + CZECH + " Zaťukal na dveře.</p>"
    decoded = decode(text.encode("cp1250"), max_bytes=1_000_000)
    assert decoded == text and "\ufffd" not in decoded


_VOCABULARY = {
    "cp1252": [
        "città perché più già però così è caffè università martedì venerdì società qualità potrà sarà metà il di "
        "che non la per una sono anche come dopo anno governo della nel presidente",
        "été à où déjà très après élève fête forêt garçon français cœur œuvre être même août déçu le les et des "
        "une pour dans avec sur pas plus président ministre général",
        "año niño español según más también así aquí está región canción ¿qué? ¡hola! el los de que en y por "
        "con una para como gobierno después había",
        "não são ação coração então já só também até você está país mãe pão irmã o os de que em um para com "
        "mais governo presidente",
        "für über schön Straße groß Größe müssen können Mädchen Bürger Öl Äpfel der die und ist mit nicht auch "
        "auf sich dass wird Regierung",
        "på så år også både får går blå først søn øl ærlig være kærlighed og i at det en til er som af med "
        "regeringen",
    ],
    "cp1250": [
        "że się jest już może też który będzie przez jeszcze również według wtorek ciężko źle śmierć łatwo "
        "mówić ważne więcej pieniędzy gmina drogi w i na do z nie to był była było prezydent miasta rząd ludzie",
        "že být který také jeho řekl město více peněz při už než však ještě před měl tři čtyři šest dům úterý "
        "láska v a na se je to o s do vláda lidé",
    ],
}


def _sentences(encoding: str) -> st.SearchStrategy[str]:
    vocabularies = [words.split() for words in _VOCABULARY[encoding]]
    return st.sampled_from(vocabularies).flatmap(
        lambda words: st.lists(st.sampled_from(words), min_size=12, max_size=40, unique=True)).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(_sentences("cp1252"), st.booleans())
def test_western_text_of_any_words_comes_back_as_windows_1252(text: str, as_html: bool) -> None:
    content = _page(text) if as_html else text
    assert decode(content.encode("cp1252")) == content


@settings(max_examples=80, deadline=None)
@given(_sentences("cp1250"), st.booleans())
def test_central_european_text_comes_back_as_windows_1250_given_two_letters_to_tell_it_by(
        text: str, as_html: bool) -> None:
    # Windows-1252 stays the reading unless another is clearly better; with a single letter read
    # differently ("mìsto" for "město") the two are too close to call, and the default stands.
    assume(sum(ch.encode("cp1250").decode("cp1252", "replace") != ch for ch in text) >= 2)
    content = _page(text) if as_html else text
    assert decode(content.encode("cp1250")) == content


# A gzip page cut short used to be taken for the whole page: a fragment of markup, or an article that
# stops mid-sentence.
PAGE = _page(" ".join([GERMAN, FRENCH, ITALIAN] * 5)).encode("utf-8")


def test_a_truncated_gzip_page_is_refused_with_the_reason() -> None:
    packed = gzip.compress(PAGE)
    for cut in (100, len(packed) // 2, len(packed) - 1):
        with pytest.raises(InputError, match="truncated gzip data") as info:
            decode(packed[:cut])
        assert "incomplete" in info.value.reason


def test_complete_gzip_pages_are_inflated_whole() -> None:
    a, b = gzip.compress(PAGE[:1000]), gzip.compress(PAGE[1000:])
    assert decompress(gzip.compress(PAGE)) == PAGE
    assert decompress(a + b) == PAGE  # concatenated members are one gzip file, as gzip(1) reads them
    assert decompress(gzip.compress(PAGE) + b"\x00" * 512) == PAGE  # NUL padding after the end
    with pytest.raises(InputError, match="truncated gzip data"):  # the first byte of a second member
        decompress(a + b"\x1f")


def test_the_inflated_size_limit_still_holds_and_is_checked_before_truncation() -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>")
    with pytest.raises(InputError, match="page limit"):
        decode(bomb, max_bytes=10_000)
    with pytest.raises(InputError, match="page limit"):  # cut short and over the limit: the limit is the reason
        decode(bomb[:-20], max_bytes=10_000)
    with pytest.raises(InputError, match="page limit"):  # the limit counts every member
        decompress(gzip.compress(b"a" * 6_000) + gzip.compress(b"b" * 6_000), 10_000)


def test_corrupt_gzip_data_is_refused() -> None:
    packed = bytearray(gzip.compress(PAGE))
    packed[-6] ^= 0xFF  # the CRC-32 in the trailer
    with pytest.raises(InputError, match="corrupt gzip data"):
        decode(bytes(packed))


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=1, max_size=3000) | st.text(min_size=1, max_size=2000).map(str.encode),
       st.integers(min_value=1, max_value=3), st.data())
def test_every_strict_prefix_of_a_gzip_stream_is_refused_as_truncated(payload: bytes, members: int,
                                                                    data: st.DataObject) -> None:
    # A strict prefix that ends inside a member never holds that member's end (its length and CRC come
    # last), so it is refused; one ending exactly between members is itself a complete gzip file.
    parts = [gzip.compress(payload[i::members]) for i in range(members)]
    packed = b"".join(parts)
    bounds = {sum(len(p) for p in parts[:i]) for i in range(1, members)}
    cut = data.draw(st.integers(min_value=2, max_value=len(packed) - 1).filter(lambda n: n not in bounds))
    with pytest.raises(InputError, match="truncated gzip data"):
        decompress(packed[:cut])
    with pytest.raises(InputError):
        decode(packed[:cut])
    assert decompress(packed) == b"".join(payload[i::members] for i in range(members))


def test_a_utf8_page_with_legacy_strings_pasted_in_keeps_its_utf8_and_reads_them_as_windows_1252() -> None:
    utf8 = "Die Bürger müssen für die Größe der Brücke zahlen, sagte der Bürgermeister. " * 3
    page = b"<p>" + utf8.encode("utf-8") + b"Das App\x92s Level \x96 \x93neu\x94 \x85</p>"
    assert decode(page) == "<p>" + utf8 + "Das App’s Level – “neu” …</p>"


@pytest.mark.parametrize(("text", "encoding"), [
    ("Він сказав, що ціни на хліб і газ зростуть. Вінниця і Київ чекають рішення уряду. " * 4, "cp1251"),
    ("Café für naïve Bürger, déjà vu à Genève. " * 4, "cp1252"),
])
def test_a_legacy_page_with_a_few_chance_utf8_sequences_stays_legacy(text: str, encoding: str) -> None:
    # "Ві" in windows-1251 is C2 B3, a valid UTF-8 sequence ("³"): chance ones must not make it UTF-8
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_told_by_where_its_zero_bytes_fall(codec: str) -> None:
    page = "<html><body><p>Grüße aus Köln: the harbour strike is over.</p></body></html>"
    assert decode(page.encode(codec)) == page


def test_nul_bytes_that_are_not_utf16_are_binary() -> None:
    with pytest.raises(InputError, match="NUL bytes"):
        decode(b"\x00\x00\x00\x01" * 200)


def test_lone_surrogates_in_a_str_page_become_replacement_characters() -> None:
    # what errors="surrogateescape" leaves in a str: no UTF-8 encodes it, so ids and the store failed
    page = "Dock \udcff workers struck on Tuesday in Rotterdam."
    assert decode(page) == page.replace("\udcff", "\ufffd")


def test_a_page_read_in_its_declared_code_page_needs_no_statistical_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    # The guess (a detector's pass over the page) is made only when the declared encoding fails.
    import sys

    module = sys.modules["newsradar.extract.decode"]
    guesses: list[bytes] = []
    monkeypatch.setattr(module, "_guesses", lambda raw: guesses.append(raw) or ["cp1252"])
    page = '<html><head><meta charset="iso-8859-2"></head><body><p>Zażółć gęślą jaźń w Łodzi</p></body></html>'
    assert "Zażółć gęślą jaźń w Łodzi" in decode(page.encode("iso-8859-2"))
    assert guesses == []
    # Undeclared and not UTF-8: the guess is asked for.
    decode("<p>Gr\u00fc\u00dfe aus K\u00f6ln, sch\u00f6ne Stra\u00dfe</p>".encode("cp1252"))
    assert len(guesses) == 1
