"""Images of HTML pages written for these tests: lead image, figures, captions, credits, addresses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.extract.html import extract_html
from newsradar.record import Image

TEXT = ("<p>The harbour authority said on Tuesday that the cranes would stay idle until the dispute over "
        "night-shift pay was settled, and that ships were being sent to other ports along the coast.</p>")


def images(body: str, head: str = "", url: str | None = "https://news.example.org/2024/02/03/strike") -> list[Image]:
    html = f"<html><head>{head}</head><body><article><h1>Dockers vote</h1>{TEXT}{body}{TEXT}</article></body></html>"
    return extract_html(html, url=url).images


def test_figure_with_caption_and_credit_element() -> None:
    found = images("<figure><img src='/media/cranes.jpg' alt='Idle cranes'><figcaption>Cranes stand idle. "
                   "<span class='credit'>Photo: Ana Lind/Reuters</span></figcaption></figure>")
    assert found == [Image(url="https://news.example.org/media/cranes.jpg", alt="Idle cranes",
                           caption="Cranes stand idle.", credit="Ana Lind/Reuters")]


def test_credit_written_in_the_caption() -> None:
    found = images("<figure><img src='a.jpg'><figcaption>(Photo : AFP) Dockers march to the gate.</figcaption>"
                   "</figure><figure><img src='b.jpg'><figcaption>Ships at anchor. © Max Berg</figcaption></figure>")
    assert [(i.caption, i.credit) for i in found] == [("Dockers march to the gate.", "AFP"),
                                                      ("Ships at anchor.", "Max Berg")]


def test_credit_labels_after_the_caption_sentence() -> None:
    found = images("<figure><img src='a.jpg'><figcaption>Dockers at the gate. Photograph: Ana Lind/AFP via Getty "
                   "Images</figcaption></figure><figure><img src='b.jpg'><figcaption>Ships at anchor. Picture: PA"
                   "</figcaption></figure>")
    assert [(i.caption, i.credit) for i in found] == [("Dockers at the gate.", "Ana Lind/AFP via Getty Images"),
                                                      ("Ships at anchor.", "PA")]


def test_lead_image_first_and_merged_with_its_figure() -> None:
    head = "<meta property='og:image' content='https://cdn.example.org/media/cranes-1200x630.jpg'>"
    found = images("<figure><img src='https://cdn.example.org/media/other.jpg'></figure>"
                   "<figure><img src='https://cdn.example.org/media/cranes.jpg' alt='Cranes'>"
                   "<figcaption>Idle cranes.</figcaption></figure>", head)
    assert found[0].url == "https://cdn.example.org/media/cranes.jpg" and found[0].caption == "Idle cranes."
    assert len(found) == 2


def test_declared_lead_image_alone() -> None:
    head = "<meta property='og:image' content='/lead.jpg'><meta property='og:image:alt' content='The port at dawn'>"
    assert images("", head) == [Image(url="https://news.example.org/lead.jpg", alt="The port at dawn")]


def test_lazy_loading_and_srcset() -> None:
    found = images("<figure><img src='data:image/gif;base64,R0lGOD' data-src='//cdn.example.org/real.jpg'></figure>"
                   "<figure><img srcset='s.jpg 320w, l.jpg 1280w, m.jpg 640w'></figure>")
    assert [i.url for i in found] == ["https://cdn.example.org/real.jpg", "https://news.example.org/2024/02/03/l.jpg"]


def test_no_pixels_icons_or_logos() -> None:
    found = images("<img src='https://t.example.com/px.gif' width='1' height='1'>"
                   "<img src='/static/icons/share.png'><img src='/img/site-logo.png'>"
                   "<img src='/avatars/jo.jpg' class='avatar'>"
                   "<img src='/photos/quay.jpg' alt='The quay'>")
    assert [i.url for i in found] == ["https://news.example.org/photos/quay.jpg"]


def test_relative_addresses_without_a_page_url_use_base_or_are_dropped() -> None:
    head = "<base href='https://mirror.example.net/news/'>"
    assert [i.url for i in images("<figure><img src='a.jpg'></figure>", head, url=None)] == [
        "https://mirror.example.net/news/a.jpg"]
    assert images("<figure><img src='a.jpg'><figcaption>Quay.</figcaption></figure>", url=None) == [
        Image(url=None, caption="Quay.")]


def page_images(body: str, head: str = "") -> list[Image]:
    html = (f"<html><head>{head}</head><body><nav><a href='/'>Home</a></nav>{body}<footer>© Port News</footer>"
            "</body></html>")
    return extract_html(html, url="https://news.example.org/2024/02/03/strike").images


HERO = ("<figure class='lead-media'><img src='/img/lead.jpg' alt='Cranes at dawn'><figcaption>Idle cranes. "
        "<span class='credit'>Ana Lind/Reuters</span></figcaption></figure>")


def test_the_lead_figure_in_the_article_header_keeps_caption_credit_and_alt() -> None:
    lead = Image(url="https://news.example.org/img/lead.jpg", alt="Cranes at dawn", caption="Idle cranes.",
                 credit="Ana Lind/Reuters")
    body = f"<article><header><h1>Dockers vote</h1>{HERO}</header><div class='article-body'>{TEXT * 3}</div></article>"
    assert page_images(body) == [lead]
    assert page_images(body, "<meta property='og:image' content='/img/lead.jpg'>") == [lead]


def test_a_lead_figure_between_headline_and_text_without_an_article_element() -> None:
    found = page_images(f"<div class='story'><h1>Dockers vote</h1>{HERO}<div class='text'>{TEXT * 3}</div></div>")
    assert [(i.url, i.credit) for i in found] == [("https://news.example.org/img/lead.jpg", "Ana Lind/Reuters")]


def test_a_gallery_beside_the_text_and_no_teasers_or_share_buttons() -> None:
    gallery = "".join(f"<figure><img src='/img/g{i}.jpg'><figcaption>Quay {i}. Photo: Max Berg</figcaption></figure>"
                      for i in range(3))
    teaser = ("<ul class='more'><li><a href='/2024/02/01/other-story'><img src='/img/other.jpg'></a></li></ul>"
              "<a href='https://twitter.com/share'><img src='/img/tweet-this.jpg'></a>")
    found = page_images(f"<article><h1>In pictures</h1><div class='intro'>{TEXT * 2}</div>"
                        f"<div class='gallery'>{gallery}</div>{teaser}</article>")
    assert [(i.url, i.caption, i.credit) for i in found] == [
        (f"https://news.example.org/img/g{i}.jpg", f"Quay {i}.", "Max Berg") for i in range(3)]


def test_amp_pictures() -> None:
    found = images("<figure><amp-img src='/img/a.jpg' width='1200' height='675' alt='Cranes'></amp-img>"
                   "<figcaption>Idle cranes. Photo: Ana Lind/Reuters</figcaption></figure>"
                   "<amp-carousel><amp-img src='/img/map.jpg' width='400' height='300'></amp-img></amp-carousel>")
    assert [(i.url, i.alt, i.caption, i.credit) for i in found] == [
        ("https://news.example.org/img/a.jpg", "Cranes", "Idle cranes.", "Ana Lind/Reuters"),
        ("https://news.example.org/img/map.jpg", None, None, None)]


def test_captions_outside_a_figure() -> None:
    found = images("<div class='image-wrap'><img src='/img/a.jpg'><p class='img-desc'>Dockers at the gate. "
                   "<span class='credit'>Max Berg/AFP</span></p></div>"
                   "<p><img src='/img/map.png'><br><em>The route of the march.</em></p>")
    assert [(i.caption, i.credit) for i in found] == [("Dockers at the gate.", "Max Berg/AFP"),
                                                      ("The route of the march.", None)]


def test_addresses_resolve_against_the_first_base_with_an_address_and_the_canonical_link() -> None:
    head = ("<base target='_blank'><base href='/static/'><base href='/other/'>"
            "<link rel='stylesheet' href='/site.css'><link rel='canonical'>"
            "<link rel='Canonical' href='https://port.example.net/news/strike'>"
            "<meta name='og:image' content=''><meta property='og:image' content='img/lead.jpg'>"
            "<meta property='og:image' content='img/second.jpg'>")
    # No address given: the page's canonical one, then its <base> under it.
    found = images("<figure><img src='cranes.jpg'></figure>", head, url=None)
    assert [i.url for i in found] == ["https://port.example.net/static/img/lead.jpg",
                                      "https://port.example.net/static/cranes.jpg"]
    # An address given wins over the canonical link.
    found = images("", head)
    assert [i.url for i in found] == ["https://news.example.org/static/img/lead.jpg"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcgiklnoprstxyABGIKLOPSTX01389/._-?:ſ\u212a")), max_size=30))
def test_an_address_is_no_picture_as_the_case_insensitive_patterns_say(text: str) -> None:
    from newsradar.extract.images import _not_a_picture, _words

    pixel = "https://cdn.example.net/" + text
    assert _not_a_picture(pixel) == (_words()["not-a-picture"].search(pixel) is not None)


def test_icons_logos_and_pixels_are_no_pictures_whatever_their_case() -> None:
    from newsradar.extract.images import _not_a_picture

    assert _not_a_picture("https://news.example.org/Static/ICONS/Share.png")
    assert _not_a_picture("https://news.example.org/img/Site-LOGO.png")
    assert _not_a_picture("https://news.example.org/Blank.GIF?v=2")
    assert _not_a_picture("author-Avatar round")
    assert not _not_a_picture("https://news.example.org/media/Harbour-Cranes.JPG")
    assert not _not_a_picture("https://news.example.org/media/Hafenkräne.jpg")
