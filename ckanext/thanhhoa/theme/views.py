"""The portal's own pages: terms of use and legal notice."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk


pages = Blueprint("thanhhoa_pages", __name__)


def terms():
    return tk.render("thanhhoa/terms.html", {"title": tk._("Terms of use")})


def legal():
    return tk.render("thanhhoa/legal.html", {"title": tk._("Legal notice")})


pages.add_url_rule("/dieu-khoan-su-dung", view_func=terms)
pages.add_url_rule("/thong-bao-phap-ly", view_func=legal)
