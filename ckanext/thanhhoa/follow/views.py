"""/theo-doi: what a signed-in user follows and the e-mails on or off;
following a sector; the Atom feeds of an agency and of a sector."""
from __future__ import annotations

from flask import Blueprint, make_response

import ckan.plugins.toolkit as tk

from ckanext.thanhhoa.follow import feeds
from ckanext.thanhhoa.language import current_lang
from ckanext.thanhhoa.metadata import vocab

follow = Blueprint("thanhhoa_follow", __name__)


def _back():
    """Where a form came from, on this site only; else /theo-doi."""
    target = tk.request.form.get("came_from") or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return tk.redirect_to(target)
    return tk.redirect_to("thanhhoa_follow.index")


def _signed_in():
    return bool(tk.g.user)


def index():
    if not _signed_in():
        return tk.redirect_to("user.login", came_from=tk.url_for("thanhhoa_follow.index"))
    followed = tk.get_action("thanhhoa_followee_list")({}, {})
    following = {s["sector"] for s in followed["sectors"]}
    lang = current_lang()
    others = [{"code": code, "title": vocab.get("sectors").label(code, lang)}
              for code in vocab.get("sectors") if code not in following]
    return tk.render("thanhhoa/follow/index.html", {
        "title": tk._("What you follow"), "followed": followed, "other_sectors": others})


def email():
    if not _signed_in():
        return tk.abort(403, tk._("Sign in to follow."))
    tk.get_action("thanhhoa_email_notifications_update")({}, {"on": tk.request.form.get("on") == "true"})
    tk.h.flash_success(tk._("E-mails about what you follow are on.") if tk.request.form.get("on") == "true"
                       else tk._("E-mails about what you follow are off."))
    return _back()


def sector(code: str | None = None):
    code = code or tk.request.form.get("sector") or ""
    if not _signed_in():
        return tk.abort(403, tk._("Sign in to follow."))
    action = "thanhhoa_sector_unfollow" if tk.request.form.get("unfollow") else "thanhhoa_sector_follow"
    try:
        tk.get_action(action)({}, {"sector": code})
    except tk.ValidationError as error:
        tk.h.flash_error(" ".join(error.error_dict.get("sector", [])))
    return _back()


def _feed(datasets, title, subtitle, page_url, feed_id):
    body = feeds.atom(datasets, title=title, subtitle=subtitle, feed_id=feed_id,
                      self_url=tk.request.url, page_url=page_url, lang=current_lang(),
                      author=tk.config.get("ckan.site_title"))
    response = make_response(body)
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response


def agency_feed(id: str):
    import ckan.model as model

    agency = model.Group.get(id)
    if agency is None or not agency.is_organization or agency.state != "active":
        return tk.abort(404, tk._("Agency not found"))
    lang = current_lang()
    datasets = feeds.open_datasets(f'+owner_org:"{agency.id}"', lang)
    return _feed(datasets, tk._("{site}: open data of {agency}").format(
        site=tk.config.get("ckan.site_title"), agency=agency.title),
        tk._("Open datasets of {agency}, newest change first.").format(agency=agency.title),
        tk.url_for("organization.read", id=agency.name, _external=True), f"urn:uuid:{agency.id}")


def _tag(path: str) -> str:
    """A feed's Atom id (RFC 4151), the same in every language."""
    from urllib.parse import urlsplit

    return f"tag:{urlsplit(tk.config.get('ckan.site_url')).hostname or 'localhost'},2026:{path}"


def sector_feed(code: str):
    sectors = vocab.get("sectors")
    if code not in sectors:
        return tk.abort(404, tk._("No sector has this code."))
    lang = current_lang()
    label = sectors.label(code, lang)
    datasets = feeds.open_datasets(f'+vocab_sectors:"{code}"', lang)
    return _feed(datasets, tk._("{site}: open data on {sector}").format(
        site=tk.config.get("ckan.site_title"), sector=label),
        tk._("Open datasets of the sector {sector}, newest change first.").format(sector=label),
        tk.url_for("dataset.search", vocab_sectors=code, _external=True),
        _tag(f"linh-vuc/{code}"))


follow.add_url_rule("/theo-doi", view_func=index)
follow.add_url_rule("/theo-doi/thu", view_func=email, methods=["POST"])
follow.add_url_rule("/theo-doi/linh-vuc", view_func=sector, methods=["POST"])
follow.add_url_rule("/theo-doi/linh-vuc/<code>", view_func=sector, methods=["POST"])
follow.add_url_rule("/feeds/co-quan/<id>.atom", view_func=agency_feed)
follow.add_url_rule("/feeds/linh-vuc/<code>.atom", view_func=sector_feed)
