"""Input that cannot be analysed is refused up front with a one-line reason."""

from __future__ import annotations

import pytest

from onrecord.checks import check_page, check_text, decode, detect_language
from onrecord.errors import InputError

ENGLISH = "The minister said on Tuesday that the talks had failed and would not resume soon."


def test_utf8_with_a_byte_order_mark_decodes_without_it() -> None:
    assert decode("\ufeff“Hello,” she said.".encode()) == "“Hello,” she said."


def test_windows_1252_text_is_decoded_by_its_likely_encoding() -> None:
    text = "The café’s owner said: “We are closed.” " * 5
    assert decode(text.encode("cp1252")) == text


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"PK\x03\x04\x00\x00" + bytes(300))


def test_bytes_over_the_limit_are_refused() -> None:
    with pytest.raises(InputError, match="over the 10-byte limit"):
        decode(b"x" * 11, max_bytes=10)


def test_english_text_passes_and_reports_its_language() -> None:
    assert check_text(ENGLISH) == "en"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("\n \t\n", "empty"),
        ("\x01\x02\x03\x04 data \x05\x06\x07\x08", "binary"),
        (
            "Le ministre a déclaré mardi que les négociations avaient échoué et ne reprendraient pas.",
            "not English",
        ),
    ],
)
def test_unusable_text_is_refused(text: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        check_text(text)


def test_the_reason_is_one_line() -> None:
    with pytest.raises(InputError) as caught:
        check_text("Der Minister sagte am Dienstag, die Gespräche seien gescheitert.")
    assert "\n" not in str(caught.value)


def test_a_language_already_found_is_not_detected_again() -> None:
    with pytest.raises(InputError, match="detected language: fr"):
        check_text(ENGLISH, language="fr")


def test_an_english_article_and_a_foreign_one_quoting_english_are_told_apart() -> None:
    english = " ".join([ENGLISH, "It was the third round of talks in the capital this year."] * 5)
    german = (
        "Der Minister sagte am Dienstag in Berlin, die Gespräche seien gescheitert. Auf die "
        "Frage, ob er „the art of the deal“ gelesen habe, antwortete er, das sei nicht der "
        "Punkt. Die Regierung werde die Verhandlungen in diesem Jahr nicht wieder aufnehmen, "
        "und die Opposition im Bundestag kritisierte die Entscheidung als Fehler der Koalition."
    )
    assert detect_language(english) == "en"
    assert detect_language(german) == "de"


def test_text_too_long_to_parse_in_bounded_time_and_memory_is_refused_before_parsing() -> None:
    text = ENGLISH + " " + "The talks went on. " * 53_000  # over a million: spaCy's E088
    with pytest.raises(InputError, match=r"^text is 1,007,082 characters, over the 200,000-"):
        check_text(text, max_bytes=10_000_000)


def test_text_holding_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(InputError, match=r"lone surrogate, U\+D800, at character 4"):
        check_text("The \ud800" + ENGLISH)


def test_the_byte_limit_names_the_text_it_measured() -> None:
    with pytest.raises(InputError, match="^text is 81 bytes, over the 50-byte limit$"):
        check_text(ENGLISH, max_bytes=50)


@pytest.mark.parametrize(
    "text",
    [
        "The café owner, Hans Müller, said it was closed.",
        "Señor Núñez said the Zürich office would stay shut.",
    ],
)
def test_short_latin1_text_decodes_as_western_european(text: str) -> None:
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_with_a_byte_order_mark_decodes_not_binary(encoding: str) -> None:
    text = "“Hello,” she said."
    assert decode(("\ufeff" + text).encode(encoding)) == text


def test_a_page_of_endless_tiny_paragraphs_is_refused_before_extraction() -> None:
    page = "<html><body>" + "<p>x</p>" * 40_000 + "</body></html>"
    with pytest.raises(InputError, match="page has 40,002 elements, over the 30,000-element limit"):
        check_page(page)
    check_page(page.encode()[:50_000])  # a real page's few thousand pass


def test_a_word_too_long_to_tokenize_in_bounded_time_is_refused() -> None:
    with pytest.raises(InputError, match="text has 11,560 characters without a space at character"):
        check_text(ENGLISH + " " + "{" * 11_560 + " " + ENGLISH)
