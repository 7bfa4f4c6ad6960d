"""Scraped page text: the article is the run of lines worth the most, ended by breakers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.extract.blocks import INVISIBLE_CHARS
from newsradar.extract.text import extract_scraped
from newsradar.extract.textlines import Line

SENTENCE = ("The council voted on Tuesday to rebuild the old river bridge, which has been closed to traffic "
            "since the spring floods damaged two of its piers.")


def page(*lines: str) -> str:
    return "\n".join(lines)


def test_menus_and_footers_around_the_article_are_boilerplate() -> None:
    text = page("The Example Gazette", "Home", "News", "Sport", "Weather", "Bridge to be rebuilt",
                *(f"{i}. {SENTENCE}" for i in range(4)), "Share this", "Facebook Twitter",
                "© 2026 The Example Gazette. All rights reserved.")
    found = extract_scraped(text)
    assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(4)]
    assert "Share this" in found.boilerplate and "Home" in found.boilerplate


def test_a_caption_between_paragraphs_does_not_split_the_article() -> None:
    text = page("Menu", *(f"{i}. {SENTENCE}" for i in range(3)), "(Photo: Jane Doe) The bridge in May.",
                "Advertisement", *(f"{i}. {SENTENCE}" for i in range(3, 6)))
    found = extract_scraped(text)
    assert len(found.paragraphs) == 6
    assert found.images and found.images[0].credit == "Jane Doe"


def test_a_credit_after_the_caption_sentence_makes_the_line_a_caption() -> None:
    captions = ["The bridge in May. Photo: Jane Doe/Reuters",
                "The old piers. Photograph: Max Berg/AFP via Getty Images",
                "Traffic on the detour. Picture: PA", "The council chamber. Credit: Lusa"]
    text = page("Menu", *(f"{i}. {SENTENCE}" for i in range(3)), *captions, *(f"{i}. {SENTENCE}" for i in range(3, 6)))
    found = extract_scraped(text)
    assert len(found.paragraphs) == 6
    assert [(im.caption, im.credit) for im in found.images] == [
        ("The bridge in May.", "Jane Doe/Reuters"), ("The old piers.", "Max Berg/AFP via Getty Images"),
        ("Traffic on the detour.", "PA"), ("The council chamber.", "Lusa")]


def test_a_label_word_inside_prose_is_no_credit() -> None:
    line = "It went well. Picture by picture, the crowd grew louder as the night went on."
    found = extract_scraped(page("Menu", *(f"{i}. {SENTENCE}" for i in range(3)), line))
    assert line in found.paragraphs and not found.images


def thread(*comments: str) -> list[str]:
    """Reader comments as a page shows them: each under its author and date, with a reply link."""
    return [line for i, c in enumerate(comments) for line in (f"Reader{i} says:", f"{i % 27 + 1} May 2012 at 10:15",
                                                              c, "Reply")]


def test_reader_comments_after_a_breaker_are_not_the_article() -> None:
    comments = [f"Reader {i} wrote a long and angry comment about the bridge, the council and the floods."
                for i in range(8)]
    # The rules alone take the run before the header even when nothing marks the comments as such;
    # the stretch chooser (the default) reads the thread's shape as well.
    found = extract_scraped(page(*(f"{i}. {SENTENCE}" for i in range(3)), "12 Comments", *comments), use_model=False)
    assert len(found.paragraphs) == 3 and all("Reader" not in p for p in found.paragraphs)
    found = extract_scraped(page(*(f"{i}. {SENTENCE}" for i in range(3)), "12 Comments", *thread(*comments)))
    assert len(found.paragraphs) == 3 and all("Reader" not in p for p in found.paragraphs)


def test_a_long_comment_thread_does_not_outweigh_the_article_above_it() -> None:
    comments = [f"Reader {i} wrote a long and angry comment about the bridge, the council, the floods, "
                f"the mayor, the budget, the contractors and everything else that came to mind that day."
                for i in range(30)]
    found = extract_scraped(page(*(f"{i}. {SENTENCE}" for i in range(3)), "Comments", *comments), use_model=False)
    assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(3)]
    found = extract_scraped(page(*(f"{i}. {SENTENCE}" for i in range(3)), "Comments", *thread(*comments)))
    assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(3)]


def test_the_first_substantial_run_wins_over_a_longer_one_after_it() -> None:
    teasers = [f"Teaser {i}: another story with a long summary that runs on and on about something else."
               for i in range(6)]
    text = page(*(f"{i}. {SENTENCE}" for i in range(4)), "Related stories", *teasers)
    assert len(extract_scraped(text).paragraphs) == 4


def test_a_subheading_and_a_short_list_between_paragraphs_belong_to_the_article() -> None:
    text = page("Home", "News", *(f"{i}. {SENTENCE}" for i in range(3)), "What the council decided",
                "New piers for the bridge", "A wider footpath", *(f"{i}. {SENTENCE}" for i in range(3, 6)),
                "Share this")
    found = extract_scraped(text)
    assert found.paragraphs[3:6] == ["What the council decided", "New piers for the bridge", "A wider footpath"]
    assert len(found.paragraphs) == 9 and "Home" not in found.paragraphs


def test_a_short_line_the_page_prints_again_below_the_article_is_not_a_subheading() -> None:
    # The site's link back and its box's heading stand amid the last paragraphs and again in the footer;
    # a table of contents above the article repeats the subheadings, which stay. (The rules' choice, which
    # the line model then reads as a feature and may overturn.)
    text = page("Home", "News", "Contents", "What the council decided", "Gazette stories on the bridge",
                *(f"{i}. {SENTENCE}" for i in range(3)), "What the council decided",
                *(f"{i}. {SENTENCE}" for i in range(3, 5)), "Gazette stories on the bridge",
                *(f"{i}. {SENTENCE}" for i in range(5, 7)), "Share this", "Facebook",
                "Gazette stories on the bridge", "Imprint")
    found = extract_scraped(text, use_model=False)
    assert "What the council decided" in found.paragraphs
    assert "Gazette stories on the bridge" not in found.paragraphs
    assert len([p for p in found.paragraphs if p.endswith(SENTENCE)]) == 7


@pytest.mark.parametrize("heading", ["Die meistgelesenen Artikel", "Empfehlungen aus der Redaktion", "Lo más leído",
                                     "You may also like"])
def test_a_box_of_other_articles_ends_the_article_unless_set_inside_it(heading: str) -> None:
    teasers = [f"Teaser {n}: the ferry timetable changes for the summer" for n in range(5)]
    below = page("Home", *(f"{i}. {SENTENCE}" for i in range(3)), heading, *teasers,
                 "A longer teaser paragraph about the ferry timetable, which changes again for the summer season.")
    assert extract_scraped(below, use_model=False).paragraphs == [f"{i}. {SENTENCE}" for i in range(3)]
    inside = page("Home", *(f"{i}. {SENTENCE}" for i in range(3)), heading, *teasers,
                  *(f"{i}. {SENTENCE}" for i in range(3, 6)), "Share this")
    found = extract_scraped(inside, use_model=False)
    assert [p for p in found.paragraphs if p.endswith(SENTENCE)] == [f"{i}. {SENTENCE}" for i in range(6)]
    assert heading not in found.paragraphs


def test_an_inline_related_box_does_not_end_the_article() -> None:
    text = page(*(f"{i}. {SENTENCE}" for i in range(3)), "Related", "Floods close the old river bridge",
                *(f"{i}. {SENTENCE}" for i in range(3, 6)))
    found = extract_scraped(text)
    assert len(found.paragraphs) == 6 and "Related" in found.boilerplate


def test_a_cookie_consent_paragraph_is_not_the_article() -> None:
    consent = ("We use cookies and other tracking technologies to improve your browsing experience on our site, "
               "show personalized content and targeted ads, analyze site traffic, and understand where our "
               "audiences come from. By choosing I Accept, you consent to our use of cookies.")
    text = page(consent, "Menu", "Home", "Sport", "Weather", "Opinion", "Video",
                *(f"{i}. {SENTENCE}" for i in range(2)))
    found = extract_scraped(text)
    assert consent not in found.paragraphs and found.paragraphs == [f"{i}. {SENTENCE}" for i in range(2)]


def test_a_subheading_that_mentions_comments_does_not_end_the_article() -> None:
    text = page(*(f"{i}. {SENTENCE}" for i in range(3)), "What the council made of the residents' comments",
                *(f"{i}. {SENTENCE}" for i in range(3, 6)), "12 Comments", "Reader One wrote something.")
    found = extract_scraped(text)
    assert len(found.paragraphs) == 7
    assert "What the council made of the residents' comments" in found.paragraphs


def test_a_thread_of_dated_short_comments_is_not_joined_to_the_article() -> None:
    comment = "Great piece, thanks for writing about the old bridge."
    comments = [line for i in range(6) for line in (f"Reader {i}", f"{i + 2} May 2026 at 10:15", comment)]
    text = page("Home", *(f"{i}. {SENTENCE}" for i in range(3)), *comments)
    found = extract_scraped(text)
    assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(3)]


def test_a_date_line_between_paragraphs_is_not_kept_as_a_subheading() -> None:
    text = page(*(f"{i}. {SENTENCE}" for i in range(3)), "Updated 4 May 2026, 10:15",
                *(f"{i}. {SENTENCE}" for i in range(3, 6)))
    found = extract_scraped(text)
    assert len(found.paragraphs) == 6 and "Updated 4 May 2026, 10:15" not in found.paragraphs


def test_an_inline_box_of_question_headlines_does_not_end_the_article() -> None:
    text = page(*(f"{i}. {SENTENCE}" for i in range(3)), "Also read", "Is the old bridge safe?",
                "Who pays for the repairs?", *(f"{i}. {SENTENCE}" for i in range(3, 6)))
    found = extract_scraped(text)
    assert len(found.paragraphs) == 6 and "Also read" in found.boilerplate


ZH_SENTENCE = "市议会周二投票决定重建旧河桥，这座桥自春季洪水损坏两个桥墩以来一直禁止通行。"


def test_an_unpunctuated_chinese_menu_is_not_prose_and_a_related_heading_ends_the_article() -> None:
    menu = "时政 地方 法治 高层 人事 理论 国际 军事 访谈 港澳 台湾 华人 财经 汽车 房产 教育 科技 能源 论坛"
    teasers = [f"{ZH_SENTENCE}（{i}）" for i in range(6)]
    text = page(menu, "旧河桥将重建", *(f"{i}、{ZH_SENTENCE}" for i in range(3)), "相关新闻", *teasers)
    found = extract_scraped(text)
    assert found.paragraphs == [f"{i}、{ZH_SENTENCE}" for i in range(3)]
    assert menu in found.boilerplate


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["Home", "Share this", "Related stories", "12 Comments", SENTENCE,
                                            "(Photo: AP)", "By Jane Doe", "March 3, 2024", "", "   "]),
                          st.text(max_size=60)), max_size=40))
def test_any_lines_are_split_without_losing_one(lines: list[str]) -> None:
    text = "\n".join(lines)
    found = extract_scraped(text)
    kept = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # Every non-empty line is accounted for: in the article, in the boilerplate, or read as metadata.
    assert len(found.paragraphs) + len(found.boilerplate) <= len(kept)
    # as the HTML path reads them: no invisible characters, one space between words
    assert set(found.paragraphs) <= {" ".join(INVISIBLE_CHARS.sub("", k).split()) for k in kept}
    assert set(found.boilerplate) <= set(kept)


def test_the_line_model_can_be_left_out_and_the_rules_decide_alone() -> None:
    text = page("Home", "News", *(f"{i}. {SENTENCE}" for i in range(4)), "Share this")
    alone = extract_scraped(text, use_model=False)
    assert alone.paragraphs == [f"{i}. {SENTENCE}" for i in range(4)]
    assert extract_scraped(text).paragraphs == alone.paragraphs


def test_the_line_model_keeps_the_headline_and_byline_as_metadata() -> None:
    text = page("The Example Gazette", "Bridge to be rebuilt after the floods", "By Jane Roe",
                *(f"{i}. {SENTENCE}" for i in range(4)))
    found = extract_scraped(text)
    assert found.title == "Bridge to be rebuilt after the floods"
    assert found.authors == ["Jane Roe"]
    assert all(p.startswith(tuple("0123")) for p in found.paragraphs)


def test_the_headline_wins_over_the_longer_standfirst_below_it() -> None:
    text = page("The Example Gazette", "News", "Bridge to be rebuilt",
                "Councillors back a plan to reopen the river crossing within two years despite doubts over its cost",
                "By Jane Roe", *(f"{i}. {SENTENCE}" for i in range(4)))
    assert extract_scraped(text).title == "Bridge to be rebuilt"
    # the page's address speaks for the line it names
    slugged = extract_scraped(text, url="https://gazette.example/news/councillors-back-plan-to-reopen-river-crossing")
    assert slugged.title is not None and slugged.title.startswith("Councillors back")


def test_a_web_address_kept_above_the_headline_is_no_headline() -> None:
    # scraped corpora often keep the page's address as the first line; shorter than the headline,
    # it looked like one sitting above its standfirst
    for address in ("http://www.gazette.example/news/bridge-rebuilt", "http: / / www. gazette. example / news"):
        text = page(address, "Councillors back a plan to reopen the river crossing within two years",
                    *(f"{i}. {SENTENCE}" for i in range(4)))
        assert extract_scraped(text).title == "Councillors back a plan to reopen the river crossing within two years"


def test_soft_hyphens_and_zero_width_characters_leave_the_kept_text() -> None:
    # a scraper keeps them; they split words ("Bun\u00addes", "John\u200bSmith") as the HTML path does not
    text = ("Harbour News\n\nDock workers in Rotterdam said on Tuesday that the strike would go on for a week.\n"
            "The Bun\u00addes\u00adregierung said the port of Ham\u200bburg lost 4\u200bmillion euros in the strike.\n")
    out = extract_scraped(text)
    assert "Bundesregierung" in " ".join(out.paragraphs) and "Hamburg" in " ".join(out.paragraphs)
    assert not any(c in p for p in out.paragraphs for c in "\u00ad\u200b")


def test_non_breaking_spaces_become_single_spaces_as_in_html() -> None:
    text = page("Home", "Bridge\u00a0to be\u00a0\u00a0rebuilt", *(f"{i}.\u00a0\u00a0{SENTENCE}" for i in range(4)))
    found = extract_scraped(text)
    assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(4)]
    assert found.title == "Bridge to be rebuilt"


KOREAN = ["서울시는 화요일 한강을 가로지르는 오래된 다리를 다시 짓기로 결정했다. 공사는 내년 봄에 시작되며 "
          "약 2년 동안 차량 통행이 제한될 예정이다.",
          "시의회는 찬성 30표, 반대 12표로 계획을 승인했다. 비용은 약 2천억 원으로 추산되며 절반은 "
          "정부 지원금으로 충당된다고 시 관계자가 밝혔다.",
          "시장은 표결 직후 기자들에게 \"시민들의 안전이 무엇보다 중요하다\"며 \"공사 기간 동안 불편을 "
          "최소화하겠다\"고 말했다."]


def test_korean_is_spaced_and_punctuated_prose_not_a_menu() -> None:
    found = extract_scraped(page("Gazette", "World", "Politics", "서울시, 한강 다리 재건축 결정", *KOREAN,
                                 "© 2026 Gazette"))
    assert found.paragraphs == KOREAN
    assert found.title == "서울시, 한강 다리 재건축 결정"


THAI = ["กรุงเทพมหานครประกาศเมื่อวันอังคารว่าจะสร้างสะพานข้ามแม่น้ำเจ้าพระยาแห่งใหม่ ภายในสองปีข้างหน้า "
        "โดยใช้งบประมาณจากกองทุนพัฒนาเมือง และคาดว่าจะเปิดให้ประชาชนใช้งานได้ในปี 2028",
        "สภากรุงเทพมหานครลงมติเห็นชอบด้วยคะแนน 30 ต่อ 12 เสียง หลังจากการอภิปรายยาวนานหลายเดือน "
        "เกี่ยวกับแหล่งเงินทุนของโครงการ และผลกระทบต่อชุมชนริมน้ำ",
        "ฝ่ายค้านแย้งว่ากรอบเวลาไม่สมจริง เพราะโครงการก่อนหน้านี้ล่าช้าหลายปี และใช้งบประมาณเกินกว่าที่วางแผนไว้มาก"]


def test_thai_prose_without_sentence_marks_keeps_its_last_paragraph() -> None:
    found = extract_scraped(page("Gazette", "World", "Politics", "กรุงเทพฯ อนุมัติสร้างสะพานใหม่", *THAI,
                                 "© 2026 Gazette"))
    assert found.paragraphs == THAI



COURIER = ["The Riverside Courier", "Home", "News", "Sport"]
BRIDGE = [
    "The council voted on Tuesday to rebuild the old river bridge, which has been closed to traffic since the spring "
    "floods damaged two of its piers.",
    "Engineers said the work would take eighteen months and cost about twelve million euros, most of it paid by the "
    "regional government.",
    "Residents who live near the crossing have complained for years about the detour, which adds twenty minutes to "
    "the drive into town.",
    "Opposition councillors asked why the repairs had taken so long and called for an inquiry into the way the "
    "contract was awarded.",
]


def test_consent_banners_at_the_top_and_bottom_are_boilerplate_however_long() -> None:
    top = ("We and our partners use cookies and similar technologies to store and access information on your device, "
           "to personalise ads and content, to measure audiences and to improve our services. By clicking "
           '"Accept all" you consent to this; you can manage your preferences or object to processing based on '
           'legitimate interest at any time by clicking "Manage options" or visiting our privacy policy.')
    bottom = ("Nous et nos partenaires utilisons des traceurs pour mesurer l'audience, personnaliser le contenu et "
              "vous proposer des publicités adaptées. En cliquant sur « Accepter », vous consentez à ces usages ; "
              "vous pouvez modifier vos choix à tout moment dans nos paramètres de confidentialité.")
    text = page("We value your privacy", top, "Accept all", "Reject all", "Manage options", *COURIER,
                "Council votes to rebuild the old river bridge", "By Anna Miller", "12 May 2026", *BRIDGE,
                "Share this article", "Facebook", bottom, "Tout accepter", "Continuer sans accepter",
                "© 2026 The Riverside Courier")
    found = extract_scraped(text)
    assert found.paragraphs == BRIDGE
    assert found.title == "Council votes to rebuild the old river bridge"
    assert {top, bottom, "Accept all", "Tout accepter"} <= set(found.boilerplate)


def test_an_article_about_a_cookie_fine_is_kept_whole() -> None:
    story = [
        "France's data protection regulator fined a search company 150 million euros on Thursday for making it "
        "harder for users to refuse cookies than to accept them.",
        "The regulator said visitors to the company's sites could accept all cookies with a single click, while "
        "refusing them took several clicks through menus of settings and partners.",
        '"People must be able to refuse cookies as easily as they accept them. By clicking once you consented to '
        'tracking, but you had to click five times to say no," the regulator\'s president told reporters.',
        "The company said it had already changed its consent banner and would let users reject all cookies with "
        "one button, and that it would study the decision.",
        "Under the European rules, websites must obtain consent before storing most cookies, and may not rely on "
        "legitimate interest to track visitors for advertising.",
        "Privacy campaigners welcomed the fine but said hundreds of smaller sites still used the same design to "
        "push visitors into accepting.",
    ]
    text = page(*COURIER, "Regulator fines search giant over cookie banners", "By Anna Miller", "12 May 2026",
                *story, "Share this article", "© 2026 The Riverside Courier")
    assert extract_scraped(text).paragraphs == story


def test_a_pull_quote_repeated_in_the_body_is_kept_once_where_the_flow_has_it() -> None:
    flow = ('"We cannot leave a town cut in half for another winter," the mayor said after the vote, adding that a '
            "temporary footbridge would open in the autumn.")
    display = "“We cannot leave a town cut in half for another winter”"
    foundations = ("The new bridge will have a wider footpath and a cycle lane, and its piers will stand on deeper "
                   "foundations than the old ones. The engineers expect it to last a century.")
    # The display copy comes after the paragraph it quotes, and another before the one it quotes.
    teaser = "Its piers will stand on deeper foundations than the old ones."
    text = page("The Riverside Courier", "Council votes to rebuild the old river bridge", BRIDGE[0], BRIDGE[1], flow,
                display, BRIDGE[2], teaser, BRIDGE[3], foundations, "Share this article")
    found = extract_scraped(text)
    assert found.paragraphs == [BRIDGE[0], BRIDGE[1], flow, BRIDGE[2], BRIDGE[3], foundations]
    assert display in found.boilerplate and teaser in found.boilerplate


def test_a_heading_the_next_paragraph_repeats_and_a_passage_shown_far_apart_stay() -> None:
    heading = "Deeper foundations for the new piers"
    after = ("Deeper foundations for the new piers will be dug this winter, the engineers said, before the river "
             "rises again in the spring.")
    summary = "Engineers said the work would take eighteen months."
    text = page("Menu", summary, *(f"{i}. {BRIDGE[0]}" for i in range(4)), heading, after,
                *(f"{i}. {BRIDGE[2]}" for i in range(4)), BRIDGE[1], "Share this article")
    found = extract_scraped(text)
    assert heading in found.paragraphs and after in found.paragraphs
    assert summary in found.paragraphs and BRIDGE[1] in found.paragraphs


def test_a_thread_under_a_header_that_names_the_post_is_not_the_article() -> None:
    # Each comment is long, and its author and date lines cost less than its words weigh: only the header
    # that counts them and names the post parts them from the article.
    comments = [f"Reader {i} wrote a long comment about the bridge, the council and the floods, which took the "
                f"old piers and the footpath with them in the spring, and about what the repairs will cost."
                for i in range(6)]
    lines = [line for i, c in enumerate(comments) for line in (f"Reader {i}", f"{i + 2} May 2026 at 10:15", c)]
    for header in ("6 comments to Bridge to be rebuilt after the spring floods",
                   "6 Responses to “Will the bridge be rebuilt?”"):
        found = extract_scraped(page("Home", "Bridge to be rebuilt", *(f"{i}. {SENTENCE}" for i in range(3)),
                                     header, *lines))
        assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(3)], header


def test_a_tag_cloud_is_not_taken_for_a_short_post() -> None:
    cloud = ("Bridges Budget Council Elections Floods Footpaths Harbour History Housing Mayor Museums Parks Piers "
             "Police Railways Rivers Roads Schools Sport Transport Weather Riverside Northgate Old Town Market "
             "Square Elm Street Station Road Canal Quarter Ferries Tram Lines Bus Routes Cycle Lanes")
    post = "The old river bridge will be rebuilt after the spring floods, the council decided on Tuesday evening."
    text = page("Riverside Notes", "Home", "About", "Bridge to be rebuilt", post, "Share this", "Facebook",
                "Categories", "Council", "Floods", "Tags", cloud, "Archives", "May 2026", "April 2026")
    found = extract_scraped(text)
    assert found.paragraphs == [post]


def test_a_short_post_above_its_comments_header_is_found_when_nothing_else_is() -> None:
    # The rules take the sidebar's blurb, the one run of prose, and the line model drops it: the post of
    # one unfinished sentence above "Comments (0)" is all the page has.
    post = "Lovely photographs of the old river bridge by a local photographer! Thanks to Jane for sending them in"
    blurb = ("here or you can add me to your circles here! the riverside notes blog also has its own video channel "
             "that you can follow and a newsletter that you can sign up for")
    text = page("Bridge in the mist", "photos — riversidenotes @ 10:15", post, "Comments (0)", "0 Comments »",
                "Nobody has commented yet.", "Feed for the comments on this post", "Leave a comment",
                "Your name", "Your email (never shown)", "Your website",
                "Hi there, stay in touch :-)", "my page is on the usual networks", blurb, "the riverside notes",
                "Who writes this?", "Send me a photo!", "Categories", "photos", "bridges", "rivers", "mist",
                "Archives", *(f"{m} 2026" for m in ("May", "April", "March", "February", "January")))
    assert extract_scraped(text).paragraphs == [post]


LONG_COMMENTS = [f"Reader {i} wrote at length about the bridge, the council and the floods, which took the old piers "
                 f"and the footpath with them in the spring, and about what the repairs will cost the town."
                 for i in range(5)]


def test_a_dated_thread_without_a_header_is_not_joined_to_the_article() -> None:
    # Each comment outweighs the date above it: only the shape (a date over each of three sentences or
    # more in a row) tells the thread from the article.
    lines = [line for i, c in enumerate(LONG_COMMENTS) for line in (f"Reader {i}", f"{i + 2} May 2026 at 10:15", c)]
    text = page("Home", "Bridge to be rebuilt", *(f"{i}. {SENTENCE}" for i in range(3)), *lines,
                "About us", "Contact")
    found = extract_scraped(text)
    assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(3)]


def test_posts_quoted_in_the_article_with_their_dated_signatures_stay_in_it() -> None:
    quoted = [line for i, c in enumerate(LONG_COMMENTS)
              for line in (c, f"— Reader {i} (@reader{i}) {i + 2} May 2026", f"{i}. {SENTENCE}")]
    text = page("Home", "What readers said about the bridge", *(f"{i}. {SENTENCE}" for i in range(2)), *quoted,
                "About us", "Contact")
    for use_model in (True, False):
        found = extract_scraped(text, use_model=use_model)
        assert all(c in found.paragraphs for c in LONG_COMMENTS), use_model


def test_an_article_wrapped_into_short_lines_is_kept_as_its_paragraphs() -> None:
    paragraphs = [f"{i}. {SENTENCE}" for i in range(3)]
    # nine words a line, each line after a paragraph's first beginning in lower case
    wrapped = [" ".join(p.split()[k:k + 9]) for p in paragraphs for k in range(0, len(p.split()), 9)]
    text = page("Home", "News", "Sport", "Bridge to be rebuilt", *wrapped, "Share this", "Facebook")
    assert extract_scraped(text).paragraphs == paragraphs


REPRINT_TERMS = ("This copy is for your personal, non-commercial use only, and the distribution and use of this "
                 "material are governed by our subscriber agreement and by copyright law; for reprints of this "
                 "story in larger numbers, please contact the syndication desk of the newspaper.")
SITE_BLURB = ("The Example Gazette has covered the river towns since 1881, and its reporters write about "
              "their councils, their schools and their bridges every single day of the week, in print and online.")


def test_a_copyright_notice_under_the_article_ends_it() -> None:
    # The reprint terms and the site's blurb under the footer's notice are prose that outweighs the
    # notice: they joined the article's run.
    text = page("Home", "News", "Bridge to be rebuilt", *(f"{i}. {SENTENCE}" for i in range(3)),
                "Copyright 2026 Example Media, Inc. All Rights Reserved", REPRINT_TERMS, SITE_BLURB)
    for use_model in (True, False):
        found = extract_scraped(text, use_model=use_model)
        assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(3)], use_model


def test_a_photo_credit_inside_the_article_does_not_end_it() -> None:
    # A credit names no year and reserves no rights: it is no notice of the site's.
    paragraphs = [f"{i}. {SENTENCE}" for i in range(5)]
    text = page("Home", "News", "Bridge to be rebuilt", *paragraphs[:3], "© Jane Doe", "Image copyright Reuters",
                *paragraphs[3:], "Share this", "Facebook")
    for use_model in (True, False):
        assert extract_scraped(text, use_model=use_model).paragraphs == paragraphs, use_model


AUTHOR_BOX = ("Jane Doe has reported on the river towns for twenty years, and before that she covered the "
              "state legislature; she lives upstream with two dogs and a boat that rarely floats.")


@pytest.mark.parametrize("filed", [
    "This entry was posted in News and tagged bridge, council. Bookmark the permalink.",
    "Filed under: News, Council, Bridges and Roads in the County",
    # German, French and Spanish blogs file their posts in their own words, and a post's tags line
    # stands where the filing line does.
    "Dieser Beitrag wurde unter Allgemein veröffentlicht. Setze ein Lesezeichen auf den Permalink.",
    "Der Beitrag wurde am Mittwoch, den 2. Mai 2012 um 10:15 Uhr veröffentlicht und wurde unter Brücken abgelegt.",
    "Abgelegt unter Brücken, Gemeinderat | Hinterlasse einen Kommentar",
    "Cette entrée a été publiée dans Actualités. Ajoutez ce permalien à vos favoris.",
    "Esta entrada fue publicada en Noticias. Guarda el enlace permanente.",
    "Tags: bridge, council, river towns, roads in the county",
    "Stichworte: Brücke, Gemeinderat, Flussstädte, Straßen im Landkreis",
    "Etiquetas: puente, concejo, ciudades del río, carreteras del condado",
    "Mots-clés : pont, conseil municipal, villes du fleuve, routes du comté",
    "Schlagworte",
])
def test_the_line_a_blog_files_its_post_under_ends_the_post(filed: str) -> None:
    # The filing line is a sentence, and the author's box under it is prose: both joined the post.
    paragraphs = [f"{i}. {SENTENCE}" for i in range(3)]
    text = page("Home", "Bridge to be rebuilt", *paragraphs, filed, "About Jane Doe", AUTHOR_BOX,
                "Leave a Reply", "Name (required)")
    for use_model in (True, False):
        assert extract_scraped(text, use_model=use_model).paragraphs == paragraphs, (filed, use_model)


@pytest.mark.parametrize("disclaimer", [
    "Disclaimer: The views expressed in the comments below are the readers' own and not those of the Gazette.",
    "Haftungsausschluss: Für die Inhalte der Kommentare unter diesem Beitrag übernimmt die Redaktion keine Haftung.",
])
def test_a_disclaimer_under_its_label_closes_the_article(disclaimer: str) -> None:
    paragraphs = [f"{i}. {SENTENCE}" for i in range(3)]
    text = page("Home", "Bridge to be rebuilt", *paragraphs, disclaimer, "Reader One", AUTHOR_BOX,
                "Reader Two", AUTHOR_BOX.replace("Jane Doe", "John Roe"))
    for use_model in (True, False):
        assert extract_scraped(text, use_model=use_model).paragraphs == paragraphs, (disclaimer, use_model)


def test_a_notice_that_an_article_was_saved_is_no_filing_line() -> None:
    # "Der Beitrag wurde erfolgreich versandt" (the post was sent) says nothing of where it is filed.
    paragraphs = [f"{i}. {SENTENCE}" for i in range(5)]
    text = page("Home", "Bridge to be rebuilt", *paragraphs[:3], "Der Beitrag wurde erfolgreich versandt.",
                *paragraphs[3:], "Share this", "Facebook")
    for use_model in (True, False):
        found = extract_scraped(text, use_model=use_model).paragraphs
        assert [p for p in found if p in paragraphs] == paragraphs, use_model


def test_the_authors_box_under_the_article_is_not_its_last_paragraph() -> None:
    paragraphs = [f"{i}. {SENTENCE}" for i in range(3)]
    for box in ("Jane Doe is a senior writer for the Example Gazette, covering the river towns and their councils.",
                "Max Muster ist Redakteur im Ressort Wirtschaft und schreibt über Brücken, Straßen und Gemeinden."):
        text = page("Home", "Bridge to be rebuilt", *paragraphs, box, "Share this", "Facebook")
        found = extract_scraped(text)
        assert found.paragraphs == paragraphs, box
        assert box in found.boilerplate


def test_a_last_paragraph_about_a_person_in_the_story_stays() -> None:
    # No trade named, or the sentence begins with a pronoun: the story's own last word.
    paragraphs = [f"{i}. {SENTENCE}" for i in range(3)]
    for last in ("John Smith is expected to appear before the council again next month to answer questions.",
                 "This is the third time the writer and engineer has asked the council to rebuild the bridge."):
        text = page("Home", "Bridge to be rebuilt", *paragraphs, last, "Share this", "Facebook")
        assert extract_scraped(text).paragraphs == [*paragraphs, last], last


def doubt(monkeypatch: pytest.MonkeyPatch, doubted: str) -> None:
    """Set the line model's odds: ``doubted`` at -0.5 (doubted, not refused), prose 2, the rest -3."""
    import newsradar.extract.text as text_module

    def odds(lines: list[Line]) -> list[float]:
        return [-0.5 if ln.text == doubted else 2.0 if ln.kind == "prose" else -3.0 for ln in lines]

    monkeypatch.setattr(text_module, "scores", odds)


def test_the_article_ends_on_the_last_line_the_model_finds_likely(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rules keep a reader-feedback appeal under the article (prose); the model doubts it (log-odds
    # -0.5, above the -1 that drops a line inside the article): at the article's end it goes.
    appeal = "If you have remarks on this article, write to the editors by email; we read every message."
    text = page("Home", "Bridge to be rebuilt", *(f"{i}. {SENTENCE}" for i in range(4)), appeal, "Sign in")
    doubt(monkeypatch, appeal)
    found = extract_scraped(text)
    assert found.paragraphs == [f"{i}. {SENTENCE}" for i in range(4)] and appeal in found.boilerplate


def test_a_text_that_is_only_the_article_keeps_its_doubted_last_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # A pasted article has nothing around it: its short last paragraph, which the model doubts, is the
    # article's end, not what follows an article on a page.
    last = "The ferry runs again on Monday."
    text = "\n\n".join([*(f"{i}. {SENTENCE}" for i in range(3)), last])
    doubt(monkeypatch, last)
    assert extract_scraped(text).paragraphs[-1] == last


def test_only_the_doubted_lines_at_the_end_go_and_a_short_post_stays() -> None:
    from newsradar.extract.text import _to_its_end

    lines = [Line(i, f"line {i}", 12, kind="prose", odds=o) for i, o in enumerate([2.0, -0.5, 1.0, -0.2, -0.9])]
    assert [ln.index for ln in _to_its_end(lines)] == [0, 1, 2]  # a doubted line amid the article stays
    assert _to_its_end(lines[3:]) == lines[3:]  # a post of two lines, where the model is least sure


def test_a_lead_set_apart_above_the_article_comes_in_on_the_bar_a_kept_line_stays_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The standfirst stands between the headline and the article's run, parted from it by the byline,
    # the date and share buttons; the model doubts it (log-odds -0.5) as it would a kept line it keeps.
    lead = "The old river bridge will be rebuilt after all, the council decided on Tuesday after a long debate."
    text = page("Home", "News", "Bridge to be rebuilt", lead, "By Jane Doe", "2 May 2026", "Share this",
                "Facebook Twitter", *(f"{i}. {SENTENCE}" for i in range(4)), "Sign in")
    doubt(monkeypatch, lead)
    found = extract_scraped(text)
    assert found.paragraphs == [lead, *(f"{i}. {SENTENCE}" for i in range(4))]
    assert found.title == "Bridge to be rebuilt" and "Facebook Twitter" in found.boilerplate
