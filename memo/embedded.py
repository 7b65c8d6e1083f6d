"""Answers embedded in rendered memos: a PDF attachment, a custom XML part in DOCX.

Every rendered memo carries the answers it was made from, so ``memo check memo.pdf`` and
``memo edit memo.docx`` work on the file a reviewer was sent. This module reads them back;
the renderers in :mod:`memo.render` write them.

Rendered files come from people we do not trust, so every limit is enforced while reading and
none is taken from the file's own headers: the file's size before it is read; the number of
parts in a .docx and its compression method; the bytes actually inflated from the answers
part (a stream read that stops at the cap, whatever size the zip header declares); the bytes
pypdf may inflate from any PDF stream. Whatever a parsing library raises on a damaged file
becomes one "cannot read" message naming the file.
"""

from __future__ import annotations

import base64
import io
import logging
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

from memo.errors import Location, UserError
from memo.files import read_regular

PDF_ATTACHMENT = "memo-answers.yaml"
DOCX_PART = "customXml/memo-answers.xml"
DOCX_NAMESPACE = "urn:memo:answers:1"
MAX_ANSWERS_BYTES = 1024 * 1024
# A one-page memo renders to well under 1 MiB (PDF ~35 KB, DOCX ~65 KB); a parser's cost
# grows with the file, so far larger files are refused before they are parsed.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DOCX_PARTS = 1000  # python-docx writes about 20
# The answers part is base64 in a little XML: 4/3 of the answers plus the wrapper.
MAX_DOCX_PART_BYTES = MAX_ANSWERS_BYTES * 3 // 2
# Bytes pypdf may inflate from any one stream (the answers are at most 1 MiB).
MAX_PDF_STREAM_BYTES = 2 * MAX_ANSWERS_BYTES
MAX_HTML_HEAD = 4 * MAX_ANSWERS_BYTES
_HTML_META = re.compile(rb'<meta name="memo-answers" content="([A-Za-z0-9+/=]*)"')
RENDERED_CAP = f"rendered memos are capped at {MAX_FILE_BYTES:,} bytes (8 MiB)"


def read_rendered(path: Path) -> bytes:
    """The bytes of a rendered memo: a regular file, at most MAX_FILE_BYTES."""
    return read_regular(path, MAX_FILE_BYTES, too_big=RENDERED_CAP,
                        folder_message="is a folder, not a rendered memo")


def extract_answers(path: Path | str) -> str:
    """The YAML answers embedded in a rendered .pdf, .docx or .html memo."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise UserError(f"cannot read embedded answers from a {suffix or 'suffix-less'} file",
                        location=Location(str(path)))
    return answers_from_bytes(read_rendered(path), path)


def answers_from_bytes(data: bytes, path: Path) -> str:
    """The answers embedded in ``data``, the content of the rendered memo ``path``."""
    return decode_answers(find_answers(data, path), path)


def decode_answers(found: bytes | None, path: Path) -> str:
    """Found answers as text; a UserError when there are none or they are not UTF-8."""
    where = Location(str(path))
    if found is None:
        raise UserError("no embedded memo answers in this file", location=where,
                        hint="only memos rendered by `memo render` carry their answers; "
                             "check the answers .yaml instead")
    try:
        return found.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UserError("embedded answers are not UTF-8 text", location=where) from None


def find_answers(data: bytes, path: Path) -> bytes | None:
    """The embedded answers' bytes, None when the file carries none, a UserError when it
    cannot be read within the limits."""
    found = _READERS[path.suffix.lower()](data, path)
    if found is not None and len(found) > MAX_ANSWERS_BYTES:
        raise UserError("embedded answers are over the 1 MiB cap", location=Location(str(path)))
    return found


@contextmanager
def _as_input_error(what: str, path: Path) -> Iterator[None]:
    """Any failure of a parsing library on this file is a located input error."""
    try:
        yield
    except UserError:
        raise
    except Exception as exc:  # damaged files make parsers raise anything
        if os.environ.get("MEMO_DEBUG"):
            raise
        if isinstance(exc, EOFError):  # zipfile's word for data that ends too soon
            detail = "the file ends before its data does (cut short?)"
        else:
            detail = str(exc) or type(exc).__name__
        raise UserError(f"{what}: {detail}", location=Location(str(path))) from None


# --- PDF ----------------------------------------------------------------------------------


def _pdf_limits() -> dict[str, int]:
    cap = MAX_PDF_STREAM_BYTES
    return {
        "maximum_declared_stream_length": MAX_FILE_BYTES,
        "array_based_stream_maximum_output_length": cap,
        "zlib_maximum_output_length": cap,
        "lzw_maximum_output_length": cap,
        "run_length_maximum_output_length": cap,
        "brotli_maximum_output_length": cap,
        "jbig2_maximum_output_length": cap,
        "image_maximum_buffer_size": cap,
        "stream_decoding_work_maximum_length": 4 * cap,
        "array_maximum_element_count": 10_000,
        "dictionary_maximum_element_count": 10_000,
    }


def _from_pdf(data: bytes, path: Path) -> bytes | None:
    from pypdf import PdfReader, apply_configuration

    # pypdf logs its repairs of damaged files; the user gets one clear message instead.
    pypdf_log = logging.getLogger("pypdf")
    previous = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)
    try:
        with _as_input_error("cannot read the PDF", path), \
                apply_configuration(**_pdf_limits(), jbig2dec_binary=None):
            reader = PdfReader(io.BytesIO(data))
            # Only the first attachment with memo's name is inflated: a file listing many
            # streams under that name costs no more than one.
            for entry in reader.attachment_list:
                if entry.name == PDF_ATTACHMENT:
                    return entry.content
            return None
    finally:
        pypdf_log.setLevel(previous)


# --- DOCX ---------------------------------------------------------------------------------


def _from_docx(data: bytes, path: Path) -> bytes | None:
    where = Location(str(path))
    with _as_input_error("not a readable .docx file", path):
        _check_zip_directory(data, path)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(DOCX_PART)
            except KeyError:
                return None
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise UserError("the embedded answers part uses a compression memo does not "
                                "write; refusing to inflate it", location=where)
            if info.flag_bits & 0x1:
                raise UserError("the embedded answers part is encrypted", location=where)
            # Read at most the cap plus one byte, whatever the header declares: a part
            # whose header lies about its size cannot inflate past this.
            with archive.open(info) as member:
                xml = member.read(MAX_DOCX_PART_BYTES + 1)
    if len(xml) > MAX_DOCX_PART_BYTES:
        raise UserError("embedded answers are over the 1 MiB cap", location=where)
    return decode_docx_part(xml, path)


_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"


def _check_zip_directory(data: bytes, path: Path) -> None:
    """Refuse, from the end-of-directory record, a zip with more parts than a memo has.

    zipfile builds an object per entry of the central directory before anything else, so a
    small file listing a million empty parts would cost hundreds of MB; the count is read
    from the record first (found the way zipfile finds it).
    """
    where = Location(str(path))
    start = len(data) - 22
    if start < 0 or data[start:start + 4] != _END_OF_DIRECTORY:
        start = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 22 - 65535))
    if start < 0 or len(data) < start + 22:
        raise UserError("not a readable .docx file: File is not a zip file", location=where)
    if data[max(0, start - 20):start].startswith(_ZIP64_LOCATOR):
        raise UserError("not a memo .docx file: a ZIP64 archive", location=where)
    entries, directory_size = struct.unpack("<HI", data[start + 10:start + 16])
    if entries > MAX_DOCX_PARTS or directory_size > len(data):
        raise UserError(f"not a memo .docx file: it lists {entries:,} parts (at most "
                        f"{MAX_DOCX_PARTS:,} are read)", location=where)


def encode_docx_part(answers_yaml: str) -> bytes:
    """The custom XML part that carries the answers (base64 keeps any character safe)."""
    payload = base64.b64encode(answers_yaml.encode("utf-8")).decode("ascii")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<answers xmlns="{DOCX_NAMESPACE}" encoding="base64" '
            f'media-type="application/yaml">{payload}</answers>').encode()


def decode_docx_part(xml: bytes, path: Path) -> bytes:
    where = Location(str(path))
    # memo writes this part as ASCII; refusing anything else also stops a UTF-16 document
    # hiding a DTD from the check below.
    if not xml.isascii():
        raise UserError("embedded answers part is not memo's (not ASCII XML)", location=where)
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise UserError("embedded answers part has a DTD; refusing to parse it", location=where)
    try:
        root = ElementTree.fromstring(xml)
        return base64.b64decode((root.text or "").strip(), validate=True)
    except (ElementTree.ParseError, ValueError) as exc:
        raise UserError(f"embedded answers part is damaged: {exc}", location=where) from None


# --- HTML ---------------------------------------------------------------------------------


def _from_html(data: bytes, path: Path) -> bytes | None:
    match = _HTML_META.search(data, 0, MAX_HTML_HEAD)
    if match is None:
        return None
    payload = match.group(1)
    if len(payload) > MAX_ANSWERS_BYTES * 4 // 3 + 4:
        raise UserError("embedded answers are over the 1 MiB cap", location=Location(str(path)))
    with _as_input_error("embedded answers are damaged", path):
        return base64.b64decode(payload)


_READERS = {".pdf": _from_pdf, ".docx": _from_docx, ".html": _from_html, ".htm": _from_html}


def has_embedded_answers(path: Path) -> bool:
    """Whether a rendered file carries memo answers (False when it cannot be read)."""
    try:
        return find_answers(read_rendered(path), path) is not None
    except UserError:
        return False
