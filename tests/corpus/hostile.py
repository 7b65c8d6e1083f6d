"""Builders of hostile files: decompression bombs, lying headers, oversized and odd files.

Each builder returns the file's bytes, made in well under a second: a deflate bomb is one
compressed block of zeros repeated (a full flush makes each copy independent), so a 1 GiB
payload costs one MiB of work to build.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO

GIB = 1024 ** 3
MIB = 1024 ** 2


def deflate_bomb(size: int, *, raw: bool) -> bytes:
    """A deflate stream of ``size`` zero bytes (raw for zip members, zlib-wrapped for PDF)."""
    block = MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(b"\0" * block) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = chunk * (size // block) + compressor.flush(zlib.Z_FINISH)
    if raw:
        return body
    checksum = 1  # adler32 of the zeros is not checked before the output cap is reached
    return b"\x78\xda" + body + struct.pack(">I", checksum)


def docx_with_part(payload: bytes, *, declared_size: int | None = None,
                   compress_type: int = zipfile.ZIP_DEFLATED, raw_deflate: bytes | None = None,
                   ) -> bytes:
    """A zip holding memo's answers part; ``raw_deflate`` replaces the compressed bytes and
    ``declared_size`` the size the headers declare (a lie, for a bomb)."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compress_type) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("customXml/memo-answers.xml", payload)
    data = buffer.getvalue()
    if raw_deflate is None:
        return data
    return _replace_member(data, "customXml/memo-answers.xml", raw_deflate,
                           declared_size if declared_size is not None else 1000)


def _replace_member(data: bytes, name: str, compressed: bytes, declared_size: int, *,
                    method: int = zipfile.ZIP_DEFLATED, declared_compressed: int | None = None,
                    ) -> bytes:
    """Rebuild a zip with ``name``'s compressed bytes replaced and its sizes as declared."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    central = []
    for info in source.infolist():
        raw = compressed if info.filename == name else _raw_member(data, info)
        size = declared_size if info.filename == name else info.file_size
        crc = 0 if info.filename == name else info.CRC
        stored = len(raw)
        if info.filename == name and declared_compressed is not None:
            stored = declared_compressed
        offset = out.tell()
        encoded = info.filename.encode()
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0,
                              crc, stored, size, len(encoded), 0))
        out.write(encoded)
        out.write(raw)
        central.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0,
                                   method, 0, 0, crc, stored, size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          len(directory), start, 0))
    return out.getvalue()


def _raw_member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    header = info.header_offset
    name_length, extra_length = struct.unpack("<2H", data[header + 26:header + 30])
    start = header + 30 + name_length + extra_length
    return data[start:start + info.compress_size]


def docx_bomb(size: int = GIB) -> bytes:
    """A few-KB .docx whose answers part inflates to ``size`` bytes; the headers say 1,000."""
    return docx_with_part(b"", raw_deflate=deflate_bomb(size, raw=True), declared_size=1000)


def docx_cut_short() -> bytes:
    """A .docx whose answers part claims 1,000,000 bytes but the file ends first: reading
    it runs out of data (zipfile raises EOFError, which memo once took for Ctrl-D)."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("customXml/memo-answers.xml", b"<answers>")
    data = buffer.getvalue()
    # The part is last in the file and its directory sits before it, so its data runs to EOF.
    body = _replace_member(data, "customXml/memo-answers.xml", b"<answers>QUFB", 1_000_000,
                           method=zipfile.ZIP_STORED, declared_compressed=1_000_000)
    source = zipfile.ZipFile(BytesIO(body))
    info = source.getinfo("customXml/memo-answers.xml")
    local = body[info.header_offset:source.start_dir]
    directory_and_end = body[source.start_dir:]
    # Rebuild: directory first, then the part (its offset moves), then nothing: the part's
    # data is cut short by the end of the file.
    central_size = len(directory_and_end) - 22
    directory = bytearray(directory_and_end[:central_size])
    struct.pack_into("<I", directory, 42, central_size + 22)  # the part's local header offset
    end = bytearray(directory_and_end[central_size:])
    struct.pack_into("<I", end, 16, 0)  # the directory starts the file
    return bytes(directory) + bytes(end) + local


def docx_many_parts(count: int = 200_000) -> bytes:
    """A .docx listing ``count`` empty parts: costly to index, tiny on disk."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index in range(count):
            archive.writestr(zipfile.ZipInfo(f"{index:x}"), b"")
        archive.writestr("customXml/memo-answers.xml", b"<answers/>")
    return buffer.getvalue()


def pdf_with_attachment(stream: bytes, *, filters: str = "/FlateDecode",
                        name: str = "memo-answers.yaml", copies: int = 1) -> bytes:
    """A minimal valid PDF whose EmbeddedFiles name tree lists ``copies`` attachments named
    ``name``, each a stream holding ``stream`` (already encoded with ``filters``)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    first_file = 4
    names = b" ".join(b"(%s) %d 0 R" % (name.encode(), first_file + 2 * i)
                      for i in range(copies))
    objects.append(b"<< /Names [" + names + b"] >>")
    for i in range(copies):
        objects.append(b"<< /Type /Filespec /F (%s) /EF << /F %d 0 R >> >>"
                       % (name.encode(), first_file + 2 * i + 1))
        objects.append(b"<< /Type /EmbeddedFile /Filter " + filters.encode()
                       + b" /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_bomb(size: int = GIB) -> bytes:
    """A small PDF whose embedded answers stream inflates to ``size`` bytes."""
    return pdf_with_attachment(deflate_bomb(size, raw=False))


def pdf_many_bombs(copies: int = 200, size: int = 64 * MIB) -> bytes:
    """Many attachments named like memo's, each a bomb: only the first may be inflated."""
    return pdf_with_attachment(deflate_bomb(size, raw=False), copies=copies)


def big_xref_pdf(entries: int) -> bytes:
    """A PDF whose cross-reference table lists ``entries`` objects (costly for a parser)."""
    body = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    table = b"".join(b"%010d 00000 n \n" % 9 for _ in range(entries))
    return (body + b"xref\n0 %d\n" % entries + table
            + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (entries, len(body)))
