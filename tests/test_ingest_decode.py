"""decode(): real bytes in many encodings, declared, undeclared or mislabelled; hostile HTML."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

import pytest

from newsblotter.config import Settings
from newsblotter.ingest import decode, decode_bytes, read_document
from newsblotter.records import RawDocument

# Sentences written for these tests: long enough for statistical detection to be fair.
TEXTS = {
    "english": "Two buses collided near the northern bridge; the council promised a review.",
    "french": (
        "Le maire a déclaré que l’explosion « n’était pas un accident » et a promis une "
        "enquête approfondie – les témoins décrivent une fumée épaisse au-dessus du marché."
    ),
    "german": (
        "Der Bürgermeister erklärte, die Explosion sei kein Unfall gewesen; Zeugen berichteten "
        "von dichtem Rauch über dem Marktplatz und geschlossenen Straßen."
    ),
    "russian": (
        "Вчера вечером в центре города прогремел взрыв. По словам полиции, пострадали "
        "несколько прохожих, а движение транспорта было перекрыто до утра."
    ),
    "japanese": (
        "昨夜、市の中心部で爆発があり、警察によると数人の通行人が負傷した。"
        "交通は翌朝まで規制され、市長は原因の調査を約束した。"
    ),
    "chinese": (
        "昨晚市中心发生爆炸，据警方称，数名路人受伤，交通管制一直持续到第二天早上。"
        "市长表示将彻底调查事故原因。"
    ),
}

CASES = [
    ("english", "utf-8"),
    ("russian", "utf-8"),
    ("japanese", "utf-8"),
    ("french", "windows-1252"),
    ("german", "iso-8859-1"),
    ("russian", "cp1251"),
    ("japanese", "shift_jis"),
    ("chinese", "gb2312"),
]


def raw(data: bytes, media_type: str = "text/html") -> RawDocument:
    return RawDocument(
        hashlib.sha256(data).hexdigest(), "mem://x", data, media_type, dt.datetime.now(dt.UTC)
    )


def page(body: bytes, charset: str | None = None, http_equiv: bool = False) -> bytes:
    meta = b""
    if charset and http_equiv:
        meta = (
            b'<meta http-equiv="Content-Type" content="text/html; charset=%s">' % charset.encode()
        )
    elif charset:
        meta = b'<meta charset="%s">' % charset.encode()
    return (
        b"<!DOCTYPE html><html><head>"
        + meta
        + b"<title>t</title></head><body><p>"
        + body
        + (b"</p></body></html>")
    )


@pytest.mark.parametrize(("language", "encoding"), CASES)
def test_declared_charset(language: str, encoding: str) -> None:
    text = TEXTS[language]
    data = page(text.encode(encoding), charset=encoding)
    assert text in decode(raw(data))


@pytest.mark.parametrize(("language", "encoding"), CASES)
def test_http_equiv_charset(language: str, encoding: str) -> None:
    text = TEXTS[language]
    data = page(text.encode(encoding), charset=encoding, http_equiv=True)
    assert text in decode(raw(data))


@pytest.mark.parametrize(("language", "encoding"), CASES)
def test_undeclared_charset_is_detected(language: str, encoding: str) -> None:
    text = TEXTS[language]
    assert text in decode(raw(text.encode(encoding), "text/plain"))
    assert text in decode(raw(page(text.encode(encoding))))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings_with_and_without_bom(encoding: str) -> None:
    text = TEXTS["russian"] + " " + TEXTS["french"]
    data = page(text.encode("utf-8")).decode("utf-8").encode(encoding)
    decoded = decode(raw(data))
    assert text in decoded
    assert not decoded.startswith("\ufeff")


def test_latin1_label_means_cp1252_as_browsers_read_it() -> None:
    # Curly quotes and the en dash exist in cp1252 only; the page says iso-8859-1.
    text = "Officials said the blast was “deliberate” – not an accident."
    decoded = decode(raw(page(text.encode("cp1252"), charset="iso-8859-1")))
    assert text in decoded


def test_declared_legacy_but_actually_utf8() -> None:
    text = TEXTS["russian"]
    assert text in decode(raw(page(text.encode("utf-8"), charset="windows-1251")))
    german = TEXTS["german"]
    assert german in decode(raw(page(german.encode("utf-8"), charset="iso-8859-1")))


def test_declared_utf8_but_actually_cp1252() -> None:
    text = TEXTS["french"]
    text_out, encoding = decode_bytes(page(text.encode("cp1252"), charset="utf-8"))
    assert text in text_out
    assert encoding == "cp1252"


def test_declared_shift_jis_but_actually_gb2312() -> None:
    text = TEXTS["chinese"]
    assert text in decode(raw(page(text.encode("gb2312"), charset="shift_jis")))


def test_unknown_or_utf16_label_in_ascii_page_falls_back() -> None:
    text = TEXTS["german"]
    assert text in decode(raw(page(text.encode("utf-8"), charset="x-no-such-charset")))
    assert text in decode(raw(page(text.encode("utf-8"), charset="utf-16")))


def test_decode_never_raises_on_garbage() -> None:
    rng = random.Random(11)
    for size in (1, 7, 500, 5000):
        out = decode(raw(rng.randbytes(size)))
        assert isinstance(out, str)
        assert "\x00" not in out


# -- hostile HTML ---------------------------------------------------------------------------------


def hostile_pages() -> dict[str, bytes]:
    story = TEXTS["english"].encode()
    return {
        "unclosed": b"<html><body><div><p>" + story + b"<p><b><i><table><tr><td>" * 200,
        "giant_attribute": b'<html><body><div class="'
        + b"x" * 2_000_000
        + b'">'
        + story
        + b"</div></body></html>",
        "deep_nesting": b"<html><body>" + b"<div>" * 20000 + story + b"</div>" * 20000,
        "nul_bytes": b"<html><body><p>Two buses\x00 collided\x00</p><p>" + story + b"</p></html>",
        "script_in_body": b"<html><body><script>document.write('<p>x</p>'); var s = '</div>';"
        b"</script><p>" + story + b"</p><script>for(;;){}</script></body></html>",
        "meta_in_comment_and_broken": b"<!-- <meta charset=koi8-r> --><html><meta charset=>"
        b"<meta charset='utf-8'<body><p>" + story,
    }


@pytest.mark.parametrize("name", list(hostile_pages()))
def test_hostile_html_reads_and_decodes(tmp_path: Path, name: str) -> None:
    data = hostile_pages()[name]
    path = tmp_path / f"{name}.html"
    path.write_bytes(data)
    document = read_document(path, Settings())
    assert document.status == "ok", document.error
    assert document.media_type == "text/html"
    text = decode(document)
    assert TEXTS["english"] in text
    assert "\x00" not in text
