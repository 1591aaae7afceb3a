"""The fast paths for PDF names and strings give what pyHanko's own functions give, on any input."""

import random
from io import BytesIO

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_DELIMITERS
from pyhanko.pdf_utils.misc import PDF_WHITESPACE

from sanji.seals import pdf_tokens

NAMES = [
    b"/Type ",
    b"/Annots[",
    b"/Contents<",
    b"/ESIC<<",
    b"/",
    b"/ ",
    b"/2.0/",
    b"/A;B-C_D.E~F",
    b"/A#20B ",  # an escape: pyHanko's
    b"/A#2",  # an unterminated escape: pyHanko's error
    b"/A#zz ",
    "/名称 ".encode(),  # UTF-8 bytes: pyHanko's
    b"/caf\xe9 ",  # Latin-1
    b"/A\x01B ",  # a control byte: pyHanko's error
    b"/A\x7fB ",
    b"/Type",  # at the end of the file
    b"Type ",  # no slash: pyHanko's error
    b"",
]
HEX_STRINGS = [
    b"<ad6b9c3e2b2c7a816e09c4878db70105>",
    b"<FEFF8083>]",
    b"<>",
    b"<abc>",  # odd: a 0 is added
    b"<ab cd>",  # white space: pyHanko's
    b"<ab\ncd>",
    b"<ab%comment\ncd>",
    b"<abx>",  # not a digit: pyHanko's error
    b"<abcd",  # unterminated: pyHanko's error
    b"<FEFF00410042>",
]
LITERALS = [
    rb"(Sanji)",
    rb"()",
    rb"(\376\377\200\203[\201S\277l\021e\077\134\100)",  # UTF-16, escaped as pyHanko writes it
    rb"(D\07220261128100000\05308\04700\047)",
    rb"(ReportLab PDF Library - \(opensource\))",
    rb"(a\nb\rc\td\be\ff\\g\/h\%i\<j\>k\[l\]m\#n\_o\&p\$q)",
    rb"(\0123)",  # three digits, then a digit
    rb"(\12)",  # fewer than three: pyHanko's
    rb"(\7)",
    rb"(\400)",  # over a byte: pyHanko's error
    rb"(\18)",  # not octal: pyHanko's error
    rb"(a (nested) b)",  # balanced parentheses: pyHanko's
    rb"(a\\\\b)",
    b"(line\\\ncontinued)",  # a line continuation: pyHanko's
    b"(line\\\r\ncontinued)",
    rb"(bad \q escape)",  # pyHanko's error
    rb"(unterminated",
    rb"(unterminated\)",
    "(中文 utf-8)".encode(),
]


def outcome(function, data: bytes, start: int = 0):
    """What reading ``data`` from ``start`` gives: the value and its type, the position after, or the error."""
    stream = BytesIO(data)
    stream.seek(start)
    try:
        value = function(stream)
    except Exception as error:  # the error is the outcome compared
        return ("error", type(error), str(error))
    return ("value", type(value), value, stream.tell())


@pytest.mark.parametrize("data", NAMES)
def test_a_name_reads_as_pyhanko_reads_it(data):
    assert outcome(pdf_tokens.read_name, data) == outcome(pdf_tokens._read_name, data)


@pytest.mark.parametrize("data", HEX_STRINGS)
def test_a_hex_string_reads_as_pyhanko_reads_it(data):
    assert outcome(pdf_tokens.read_hex_string, data) == outcome(pdf_tokens._read_hex_string, data)


@pytest.mark.parametrize("data", LITERALS)
def test_a_literal_string_reads_as_pyhanko_reads_it(data):
    assert outcome(pdf_tokens.read_string, data) == outcome(pdf_tokens._read_string, data)


def test_plain_tokens_take_the_fast_path(monkeypatch):
    """pyHanko's functions are not called for a plain name or string: the fast path is the one used."""
    monkeypatch.setattr(pdf_tokens, "_read_name", None)
    monkeypatch.setattr(pdf_tokens, "_read_hex_string", None)
    monkeypatch.setattr(pdf_tokens, "_read_string", None)
    assert outcome(pdf_tokens.read_name, b"<< /Type /Sig >>", 3) == ("value", generic.NameObject, "/Type", 8)
    assert outcome(pdf_tokens.read_hex_string, b"[<0aFF> <>]", 1) == ("value", generic.ByteStringObject, b"\n\xff", 7)
    assert outcome(pdf_tokens.read_string, b"[(\\376\\377\\000A)]", 1) == ("value", generic.TextStringObject, "A", 16)


def test_random_bytes_read_as_pyhanko_reads_them():
    """Names and strings drawn from the bytes that matter to them, at random, read the same both ways."""
    rng = random.Random(20261128)
    name_bytes = b"AZaz09#.-_~\x80\xe4\x01" + PDF_WHITESPACE + PDF_DELIMITERS
    hex_bytes = b"0123456789abcdefABCDEFxg%\n " + b">" * 4
    literal_bytes = b"\\\\\\\\()()0123789nrtbfq/ \n\r\xfe"
    for _ in range(3000):
        name = b"/" + bytes(rng.choice(name_bytes) for _ in range(rng.randrange(8)))
        assert outcome(pdf_tokens.read_name, name) == outcome(pdf_tokens._read_name, name), name
        hex_string = b"<" + bytes(rng.choice(hex_bytes) for _ in range(rng.randrange(10)))
        assert outcome(pdf_tokens.read_hex_string, hex_string) == outcome(pdf_tokens._read_hex_string, hex_string), (
            hex_string
        )
        literal = b"(" + bytes(rng.choice(literal_bytes) for _ in range(rng.randrange(12))) + b")"
        assert outcome(pdf_tokens.read_string, literal) == outcome(pdf_tokens._read_string, literal), literal


def test_a_stream_not_in_memory_is_read_by_pyhanko(tmp_path):
    path = tmp_path / "name.bin"
    path.write_bytes(b"/Type /Sig")
    with path.open("rb") as stream:
        assert pdf_tokens.read_name(stream) == "/Type"
        assert stream.tell() == 5


@pytest.mark.parametrize("name", ["/Type", "/", "/A;B-C_D.E~F", "/A B", "/A#B", "/名称", "/a(b)", "/caf\xe9", "/A\x01"])
def test_a_name_is_written_as_pyhanko_writes_it(name):
    fast, slow = BytesIO(), BytesIO()
    pdf_tokens.write_name(generic.NameObject(name), fast)
    pdf_tokens._write_name(generic.NameObject(name), slow)
    assert fast.getvalue() == slow.getvalue()


def test_a_name_without_its_slash_is_refused_as_pyhanko_refuses_it():
    for write in (pdf_tokens.write_name, pdf_tokens._write_name):
        with pytest.raises(generic.PdfWriteError, match="must start with /"):
            write(generic.NameObject("Type"), BytesIO())


def test_installed_in_pyhanko_once_signing_is_imported():
    """Importing the signing module installs them; installing again keeps pyHanko's own functions behind them."""
    import sanji.seals.pades  # noqa: F401

    pdf_tokens.install()
    assert generic.NameObject.read_from_stream is pdf_tokens.read_name
    assert generic.NameObject.write_to_stream is pdf_tokens.write_name
    assert generic.read_hex_string_from_stream is pdf_tokens.read_hex_string
    assert generic.read_string_from_stream is pdf_tokens.read_string
    assert pdf_tokens._read_name.__module__ == generic.__name__
    assert pdf_tokens._read_hex_string.__module__ == generic.__name__
    assert pdf_tokens._read_string.__module__ == generic.__name__
