"""Answers embedded in rendered memos: a PDF attachment, a custom XML part in DOCX.

Every rendered memo carries the answers it was made from, so ``memo check memo.pdf`` and
``memo edit memo.docx`` work on the file a reviewer was sent. This module reads them back;
the renderers in :mod:`memo.render` write them.
"""

from __future__ import annotations

import base64
import logging
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from memo.errors import Location, UserError

PDF_ATTACHMENT = "memo-answers.yaml"
DOCX_PART = "customXml/memo-answers.xml"
DOCX_NAMESPACE = "urn:memo:answers:1"
MAX_ANSWERS_BYTES = 1024 * 1024
MAX_FILE_BYTES = 50 * 1024 * 1024
_HTML_META = re.compile(rb'<meta name="memo-answers" content="([A-Za-z0-9+/=]*)"')


def extract_answers(path: Path | str) -> str:
    """The YAML answers embedded in a rendered .pdf, .docx or .html memo."""
    path = Path(path)
    where = Location(str(path))
    if not path.is_file():
        raise UserError("no such file", location=where)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError("file is over the 50 MiB cap for rendered memos", location=where)
    suffix = path.suffix.lower()
    readers = {".pdf": _from_pdf, ".docx": _from_docx, ".html": _from_html, ".htm": _from_html}
    reader = readers.get(suffix)
    if reader is None:
        raise UserError(f"cannot read embedded answers from a {suffix or 'suffix-less'} file",
                        location=where)
    data = reader(path)
    if data is None:
        raise UserError("no embedded memo answers in this file", location=where,
                        hint="only memos rendered by `memo render` carry their answers; "
                             "check the answers .yaml instead")
    if len(data) > MAX_ANSWERS_BYTES:
        raise UserError("embedded answers are over the 1 MiB cap", location=where)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UserError("embedded answers are not UTF-8 text", location=where) from None


def _from_pdf(path: Path) -> bytes | None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs its repairs of damaged files; the user gets one clear message instead.
    pypdf_log = logging.getLogger("pypdf")
    previous = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(path)
        attachments = reader.attachments
        found = attachments.get(PDF_ATTACHMENT)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"cannot read the PDF: {exc}", location=Location(str(path))) from None
    finally:
        pypdf_log.setLevel(previous)
    return found[0] if found else None


def _from_docx(path: Path) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo(DOCX_PART)
            except KeyError:
                return None
            if info.file_size > MAX_ANSWERS_BYTES * 2:
                raise UserError("embedded answers are over the 1 MiB cap",
                                location=Location(str(path)))
            xml = archive.read(info)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(f"not a readable .docx file: {exc}", location=Location(str(path))) from None
    return decode_docx_part(xml, path)


def encode_docx_part(answers_yaml: str) -> bytes:
    """The custom XML part that carries the answers (base64 keeps any character safe)."""
    payload = base64.b64encode(answers_yaml.encode("utf-8")).decode("ascii")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<answers xmlns="{DOCX_NAMESPACE}" encoding="base64" '
            f'media-type="application/yaml">{payload}</answers>').encode()


def decode_docx_part(xml: bytes, path: Path) -> bytes:
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise UserError("embedded answers part has a DTD; refusing to parse it",
                        location=Location(str(path)))
    try:
        root = ElementTree.fromstring(xml)
        return base64.b64decode((root.text or "").strip(), validate=True)
    except (ElementTree.ParseError, ValueError) as exc:
        raise UserError(f"embedded answers part is damaged: {exc}",
                        location=Location(str(path))) from None


def _from_html(path: Path) -> bytes | None:
    head = path.read_bytes()[:4 * MAX_ANSWERS_BYTES]
    match = _HTML_META.search(head)
    return base64.b64decode(match.group(1)) if match else None


def has_embedded_answers(path: Path) -> bool:
    """Whether a rendered file carries memo answers; used to skip other files in folders."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                return DOCX_PART in archive.namelist()
        if suffix in (".html", ".htm"):
            with path.open("rb") as handle:
                return bool(_HTML_META.search(handle.read(4 * MAX_ANSWERS_BYTES)))
        if suffix == ".pdf":
            return _from_pdf(path) is not None
    except (OSError, zipfile.BadZipFile, UserError):
        return False
    return False
