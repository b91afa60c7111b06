"""The printable service-record certificate (志愿服务记录证明), a Chinese document whatever the language of the page
(it is shown to offices that read Chinese): one A4 page drawn with reportlab in its built-in
CID font STSong-Light (Chinese without a font file), with the verification code and a QR code of the public
verification page."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from volunteers.models import Certificate

FONT = "STSong-Light"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _qr(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _hours(value) -> str:
    return f"{value:.2f}"


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """Returns the PDF of ``certificate``: who, the period served, person-times and hours (recorded and declared
    apart, as the national system keeps them), the issue date and the verification code."""
    font = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"志愿服务记录证明 {certificate.code}")
    width, height = A4
    person = certificate.person
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 40 * mm, "志愿服务记录证明")
    pdf.setFont(font, 12)
    issued = timezone.localdate(certificate.created_at)
    if certificate.first_served_on:
        period = f"{certificate.first_served_on:%Y年%m月%d日}至{certificate.last_served_on:%Y年%m月%d日}"
    else:
        period = "（尚无服务记录）"
    lines = [
        f"兹证明 {person.name} 同志参加辽源市先锋共育志愿服务，",
        f"服务期间：{period}。",
        "",
        f"系统记录（扫码签到签退）：{certificate.recorded_times} 人次，{_hours(certificate.recorded_hours)} 小时；",
        f"补录并经审核（组织申报）：{certificate.declared_times} 人次，{_hours(certificate.declared_hours)} 小时。",
        "",
        "两类时长分别统计，不相加。",
    ]
    y = height - 65 * mm
    for line in lines:
        pdf.drawString(25 * mm, y, line)
        y -= 9 * mm
    pdf.drawString(25 * mm, y - 10 * mm, f"出具日期：{issued:%Y年%m月%d日}")
    pdf.drawString(25 * mm, y - 20 * mm, f"验证码：{certificate.code}")
    pdf.setFont(font, 9)
    pdf.drawString(25 * mm, y - 28 * mm, f"扫描右侧二维码或访问 {verify_url} 核验本证明。")
    renderPDF.draw(_qr(verify_url, 32 * mm), pdf, width - 60 * mm, y - 40 * mm)
    pdf.drawCentredString(width / 2, 20 * mm, "辽源市区域化党建联合体 · 先锋共育")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
