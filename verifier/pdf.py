"""The court report as PDF, drawn with fpdf2: the verifier's optional `report` extra."""

from __future__ import annotations

import importlib.util
import unicodedata
from typing import TYPE_CHECKING

from ipledger.verifier.statement import (
    FAILED,
    NOT_MADE,
    NOT_REACHED,
    PROVEN,
    ReportError,
    Statement,
)

if TYPE_CHECKING:
    from fpdf import FPDF

INSTALL_HINT = (
    "a PDF report needs the verifier's report extra: pip install 'ipledger-verifier[report]' "
    "(or give --report a .html file)"
)
# The PDF's built-in fonts (Helvetica, Times, Courier) show Latin-1 only; anything else is
# written as [U+XXXX] so nothing is dropped silently, and the report says so.
ESCAPE_NOTE = (
    "Characters the PDF's built-in fonts cannot show are written as [U+XXXX] (their Unicode "
    "code point); the HTML report (--report FILE.html) shows them as given."
)
_GREEN, _AMBER, _RED, _GREY = (26, 107, 47), (138, 109, 0), (170, 17, 17), (90, 90, 90)
_OUTCOME_COLOUR = {FAILED: _RED, NOT_MADE: _AMBER, NOT_REACHED: _AMBER}
_MARGIN = 18.0


def require_fpdf() -> None:
    """Raise ReportError saying how to install fpdf2 when it is missing."""
    if importlib.util.find_spec("fpdf") is None:
        raise ReportError(INSTALL_HINT)


def pdf_text(text: str) -> str:
    """Return `text` with every character outside printable Latin-1 written as [U+XXXX]."""
    out = []
    for char in text:
        code = ord(char)
        printable = code < 256 and unicodedata.category(char)[0] != "C"
        out.append(char if printable or char == "\n" else f"[U+{code:04X}]")
    return "".join(out)


def _escaped(statement: Statement) -> bool:
    texts = [statement.document, statement.sentence, *statement.caveats]
    texts += [v for pair in (*statement.metadata, *statement.summary) for v in pair]
    texts += [c.detail for c in statement.checks]
    return any(pdf_text(t) != t for t in texts)


def render_pdf(statement: Statement) -> bytes:
    """Return the report as PDF bytes: A4, numbered pages, the report id on every page."""
    require_fpdf()
    from fpdf import FPDF

    s = statement
    footer_text = pdf_text(f"Report {s.report_id}  -  ipledger-verify {s.version}  -  ")

    class CourtReportPdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.set_text_color(*_GREY)
            self.cell(0, 5, f"{footer_text}page {self.page_no()} of {{nb}}", align="R")

    pdf = CourtReportPdf(format="A4")
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(pdf_text(f"Evidence report: {s.document}"))
    pdf.set_creator(f"ipledger-verify {s.version}")
    pdf.add_page()
    _first_page(pdf, s)
    if s.metadata:
        _heading(pdf, "The entry's metadata")
        _pairs(pdf, s.metadata)
    if s.warnings:
        _heading(pdf, "Warnings")
        for warning in s.warnings:
            _bullet(pdf, f"{warning}.")
    if s.witnesses:
        _heading(pdf, "Witnesses")
        for line in s.witnesses:
            _bullet(pdf, line)
    if s.clocks:
        _heading(pdf, "Time-stamp tokens (RFC 3161)")
        for line in s.clocks:
            _bullet(pdf, f"{line}.")
        for number, rows in enumerate(s.tokens, 1):
            _paragraph(pdf, f"Token {number}")
            _pairs(pdf, rows)
            pdf.ln(2)
    _heading(pdf, "What this proves, and what it does not")
    _paragraph(pdf, s.proves)
    _heading(pdf, "What remains to be trusted or checked")
    if s.remaining:
        for item in s.remaining:
            _bullet(pdf, item)
    elif s.nothing_remains:
        _bullet(pdf, "Nothing remains to be trusted: every check was made, including the block's "
                "place on the canonical history of a public blockchain.")  # fmt: skip
    else:
        _bullet(pdf, "Nothing can be relied on: the evidence failed a check.")
    _heading(pdf, "Checks, made and not made")
    _checks(pdf, s)
    if s.record:
        _heading(pdf, "The record on the chain")
        _pairs(pdf, s.record)
    for url in s.links:
        _paragraph(pdf, url)
    _heading(pdf, "How to verify this independently")
    for number, step in enumerate(s.how_to, 1):
        _bullet(pdf, step, mark=f"{number}.")
    _heading(pdf, "About this report")
    about = (
        f"Report {s.report_id}, written by ipledger-verify {s.version} on {s.verified_at}. "
        "The report id is derived from the document's digest, the evidence bundle, the options "
        "given and the time of verification. "
        + ("A node was consulted (named above). " if s.node else "No node was consulted. ")
        + ESCAPE_NOTE
    )
    _paragraph(pdf, about)
    return bytes(pdf.output())


def _first_page(pdf: FPDF, s: Statement) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, "Evidence report", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(*_GREY)
    pdf.cell(0, 5, pdf_text(f"Report {s.report_id}, verified on {s.verified_at}"),
             align="L", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    colour = _GREEN if s.status == PROVEN else _RED if s.status.startswith("NOT") else _AMBER
    top = pdf.get_y()
    inner = pdf.epw - 8
    pdf.set_x(_MARGIN + 4)
    pdf.ln(3)
    pdf.set_x(_MARGIN + 4)
    pdf.set_font("Helvetica", "B", 15)
    pdf.set_text_color(*colour)
    pdf.cell(inner, 8, s.status, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Times", "B", 11)
    pdf.set_x(_MARGIN + 4)
    pdf.multi_cell(inner, 5.5, pdf_text(s.sentence), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Times", size=10.5)
    for caveat in s.caveats:
        pdf.ln(1.5)
        pdf.set_x(_MARGIN + 4)
        pdf.multi_cell(inner, 5, pdf_text(caveat), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Times", size=10.5)
    with pdf.table(
        width=inner,
        col_widths=(1, 1.9),
        first_row_as_headings=False,
        borders_layout="NONE",
        text_align="LEFT",
        v_align="TOP",
        line_height=5,
    ) as table:
        for label, value in s.summary:
            row = table.row()
            row.cell(pdf_text(label))
            row.cell(pdf_text(value), style=FontFace(emphasis="BOLD"))
    pdf.ln(2)
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.8)
    pdf.rect(_MARGIN, top, pdf.epw, pdf.get_y() - top)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(4)
    pdf.set_font("Times", size=10.5)
    pdf.cell(22, 5.5, "Document:")
    pdf.set_font("Times", "B", 10.5)
    pdf.multi_cell(0, 5.5, pdf_text(s.document), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Times", size=10.5)
    pdf.cell(22, 5.5, "SHA-256:")
    pdf.set_font("Courier", size=8.5)
    pdf.multi_cell(0, 5.5, pdf_text(s.digest), align="L", new_x="LMARGIN", new_y="NEXT")
    if _escaped(s):
        pdf.set_font("Times", "I", 9.5)
        pdf.multi_cell(0, 5, ESCAPE_NOTE, align="L", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, title: str) -> None:
    if pdf.will_page_break(40):  # a heading never ends a page
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(160, 160, 160)
    pdf.line(_MARGIN, pdf.get_y(), _MARGIN + pdf.epw, pdf.get_y())
    pdf.ln(2)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font("Times", size=10.5)
    pdf.multi_cell(0, 5, pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")


def _bullet(pdf: FPDF, text: str, mark: str = "-") -> None:
    pdf.set_font("Times", size=10.5)
    pdf.cell(6, 5, mark)
    pdf.multi_cell(0, 5, pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _pairs(pdf: FPDF, pairs: tuple[tuple[str, str], ...]) -> None:
    pdf.set_font("Times", size=10)
    with pdf.table(
        col_widths=(1, 2.6),
        first_row_as_headings=False,
        text_align="LEFT",
        v_align="TOP",
        line_height=5,
        padding=1.5,
    ) as table:
        for label, value in pairs:
            row = table.row()
            row.cell(pdf_text(label))
            row.cell(pdf_text(value))


def _checks(pdf: FPDF, s: Statement) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("Times", size=10)
    heading = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    with pdf.table(
        col_widths=(0.5, 1.1, 6),
        text_align="LEFT",
        v_align="TOP",
        line_height=5,
        padding=1.5,
        headings_style=heading,
    ) as table:
        header = table.row()
        for title in ("Step", "Result", "Check"):
            header.cell(title)
        for check in s.checks:
            row = table.row()
            row.cell(str(check.step))
            colour = _OUTCOME_COLOUR.get(check.outcome, _GREEN)
            row.cell(check.outcome, style=FontFace(emphasis="BOLD", color=colour))
            row.cell(pdf_text(f"{check.title}: {check.detail}"))
