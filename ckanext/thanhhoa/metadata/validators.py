"""Validators of the metadata model (registered through IValidators by the
names in `VALIDATORS`, all prefixed `thanhhoa_`). Messages are English msgids translated by the suite's
catalogues: a steward reads them in Vietnamese by default, in English under
/en/."""
from __future__ import annotations

import datetime
import json
import re
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError, missing
from ckanext.scheming.validation import scheming_validator

from ckanext.thanhhoa.language import N_
from ckanext.thanhhoa.metadata import stored, text, vocab

_ = tk._
Invalid = tk.Invalid

# ASCII digits only: \d would take full-width or Arabic-Indic digits, a
# second spelling of the same code
AGENCY_CODE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")
# A date, or a date and time as gateways send it; nothing after it
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
                      r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE_CHARS = re.compile(r"^\+?[0-9 .()\-]+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
LANGUAGE = re.compile(r"^[a-z]{2}$")


def _empty(value: Any) -> bool:
    return value is missing or value is None or value == "" or value == [] or value == {}


def _as_list(value: Any) -> list:
    """A list from a list, a JSON list or a comma-separated string."""
    if _empty(value):
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if not _empty(v)]
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            try:
                loaded = json.loads(value)
            except ValueError:
                raise Invalid(_("Not a valid list"))
            return _as_list(loaded)
        return [part.strip() for part in value.split(",") if part.strip()]
    raise Invalid(_("Not a valid list"))


# --- text -------------------------------------------------------------------

def _translated_input(key: tuple, data: dict) -> Any:
    """The {lang: text} value of a translated field, whatever the input shape:
    a dict (API), a JSON string (stored) or `field-lang` form inputs."""
    value = data.get(key, missing)
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    extras = data.get(("__extras",)) or {}
    prefix = key[-1] + "-"
    from_form = {k[len(prefix):]: v for k, v in extras.items() if k.startswith(prefix)}
    if from_form and not isinstance(value, dict):
        value = from_form
    return value


@scheming_validator
def thanhhoa_translated(field, schema):
    """{vi, en} text: the languages of `required_languages` (default vi) must
    be filled; stored as a JSON object."""
    languages = field.get("languages", ["vi", "en"])
    required = field.get("required_languages", ["vi"])

    def validator(key, data, errors, context):
        value = _translated_input(key, data)
        extras = data.get(("__extras",)) or {}
        for lang in languages:
            extras.pop(f"{key[-1]}-{lang}", None)
        if _empty(value):
            value = {}
        if not isinstance(value, dict):
            errors[key].append(_("Expected an object with one text per language, e.g. "
                                 '{"vi": "…", "en": "…"}'))
            return
        unknown = sorted(set(value) - set(languages))
        if unknown:
            errors[key].append(_("Unsupported language: %s") % ", ".join(unknown))
            return
        clean = {}
        for lang in languages:
            item = value.get(lang)
            if _empty(item):
                continue
            if not isinstance(item, str):
                errors[key].append(_("Expected text for language %s") % lang)
                return
            if item.strip():
                clean[lang] = text.nfc(item.strip())
        longest = field.get("max_length")
        for lang, item in clean.items():
            if longest and len(item) > longest:
                errors[key].append(_("At most %d characters") % longest)
                return
        for lang in required:
            if lang not in clean:
                errors[key].append(_("Missing value in Vietnamese") if lang == "vi"
                                   else _("Missing value in language %s") % lang)
        data[key] = json.dumps(clean, ensure_ascii=False)

    return validator


def thanhhoa_translated_output(value: Any) -> Any:
    return stored.translated(value) if isinstance(value, str) else value


@scheming_validator
def thanhhoa_from_translated(field, schema):
    """Fill a core field (title, notes) from the `vi` text of its translated
    field (`translated_field` in the schema)."""
    source = field["translated_field"]

    def validator(key, data, errors, context):
        value = _translated_input((source,), data)
        if isinstance(value, dict) and isinstance(value.get("vi"), str) and value["vi"].strip():
            data[key] = text.nfc(value["vi"].strip())

    return validator


@scheming_validator
def thanhhoa_slug_default(field, schema):
    """When no name is given, make one from the Vietnamese title, unique in
    the portal: 'Đường giao thông' → 'duong-giao-thong' (-2, -3 … if taken)."""
    source = field.get("translated_field", "title_translated")

    def validator(key, data, errors, context):
        if not _empty(data.get(key)):
            return
        title = _translated_input((source,), data)
        vi = title.get("vi") if isinstance(title, dict) else None
        if not isinstance(vi, str) or not text.slugify(vi):
            return
        base = text.name_base(vi)
        current_id = data.get(("id",))
        candidate, n = base, 1
        while True:
            existing = model.Package.get(candidate)
            if existing is None or existing.id == current_id:
                break
            n += 1
            candidate = f"{base}-{n}"
        data[key] = candidate

    return validator


# --- codes and vocabularies -------------------------------------------------

@scheming_validator
def thanhhoa_vocab_code(field, schema):
    """One code of the field's `vocabulary`; `default` when empty."""
    known = vocab.get(field["vocabulary"])
    default = field.get("default")

    def validator(key, data, errors, context):
        value = data.get(key)
        if _empty(value):
            if default:
                data[key] = default
                return
            errors[key].append(_("Missing value"))
            return
        value = text.nfc(str(value)).strip()
        if value.startswith(vocab.EU_FREQUENCY_BASE):
            value = value[len(vocab.EU_FREQUENCY_BASE):]
        if value not in known:
            errors[key].append(_(known.unknown_message) % value)
            return
        data[key] = value

    return validator


@scheming_validator
def thanhhoa_vocab_codes(field, schema):
    """A list of codes of the field's `vocabulary`, at least `min_items`
    (default 1); `default` when empty. Stored as a JSON list."""
    known = vocab.get(field["vocabulary"])
    minimum = field.get("min_items", 1)
    default = field.get("default")

    def validator(key, data, errors, context):
        try:
            codes = [text.nfc(str(c)).strip() for c in _as_list(data.get(key))]
        except Invalid as error:
            errors[key].append(error.error)
            return
        if not codes and default:
            codes = list(default)
        unknown = [c for c in codes if c not in known]
        for code in unknown:
            errors[key].append(_(known.unknown_message) % code)
        if unknown:
            return
        codes = list(dict.fromkeys(codes))
        if len(codes) < minimum:
            errors[key].append(_("Choose at least one value"))
            return
        data[key] = json.dumps(codes)

    return validator


def thanhhoa_tag_string(key, data, errors, context):
    """Tags as text ("a,b") or as a list of texts, before CKAN's own
    tag_string_convert (which would fail on anything else)."""
    value = data.get(key)
    if _empty(value):
        return
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        data[key] = ",".join(value)
    elif not isinstance(value, str):
        errors[key].append(_("Tags must be text, separated by commas"))
        raise StopOnError


def thanhhoa_json_list_output(value: Any) -> Any:
    return stored.as_list(value) if isinstance(value, str) else value


def thanhhoa_language_codes(value: Any) -> Any:
    """ISO 639-1 codes; default ["vi"]. Stored as a JSON list."""
    codes = [str(c).strip().lower() for c in _as_list(value)] or ["vi"]
    bad = [c for c in codes if not LANGUAGE.match(c)]
    if bad:
        raise Invalid(_("Not an ISO 639-1 language code: %s") % ", ".join(bad))
    return json.dumps(list(dict.fromkeys(codes)))


def thanhhoa_text_list(value: Any) -> Any:
    """A list of texts or URLs (conforms_to, applicable_legislation)."""
    items = [text.nfc(str(v)).strip() for v in _as_list(value) if str(v).strip()]
    return json.dumps(items, ensure_ascii=False) if items else missing


def thanhhoa_url_list(value: Any) -> Any:
    items = [str(v).strip() for v in _as_list(value)]
    bad = [v for v in items if not URL.match(v)]
    if bad:
        raise Invalid(_("Not a valid http(s) URL: %s") % ", ".join(bad))
    return json.dumps(items) if items else missing


# --- contact details --------------------------------------------------------

def _matching(name: str, pattern: re.Pattern, message: str):
    """A validator of a text that must match `pattern` (empty passes)."""
    def validator(value: Any) -> Any:
        if _empty(value):
            return value
        value = str(value).strip()
        if not pattern.match(value):
            raise Invalid(_(message))
        return value

    validator.__name__ = name
    return validator


thanhhoa_email = _matching("thanhhoa_email", EMAIL, N_("Not a valid email address"))
thanhhoa_url = _matching("thanhhoa_url", URL, N_("Not a valid http(s) URL"))


def thanhhoa_phone(value: Any) -> Any:
    """Vietnamese numbers: 0237 3852 333, +84 912 345 678 (9 to 11 digits)."""
    if _empty(value):
        return value
    value = str(value).strip()
    digits = re.sub(r"\D", "", value)
    if digits.startswith("84") and value.startswith("+"):
        digits = "0" + digits[2:]
    if not PHONE_CHARS.match(value) or not 9 <= len(digits) <= 11 or not digits.startswith("0"):
        raise Invalid(_("Not a valid phone number"))
    return value


def thanhhoa_agency_code(key, data, errors, context):
    """Electronic code of Decision 20/2020/QĐ-TTg, unique among agencies."""
    value = data.get(key)
    if _empty(value):
        return
    value = str(value).strip().upper()
    if not AGENCY_CODE.match(value):
        errors[key].append(_("The electronic code must look like 000.00.00.H56"))
        return
    group_id = data.get(("id",))
    query = model.Session.query(model.Group.id).filter(
        model.Group.extras["agency_code"].astext == value, model.Group.state != "deleted")
    if group_id and group_id is not missing:
        query = query.filter(model.Group.id != group_id)
    if query.first() is not None:
        errors[key].append(_("Another agency already has this electronic code"))
        return
    data[key] = value


# --- dates, coverage and geometry ---------------------------------------------

def thanhhoa_iso_date(value: Any) -> Any:
    """An ISO date, YYYY-MM-DD."""
    if _empty(value):
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text_value = str(value).strip()
    try:
        if not ISO_DATE.match(text_value):
            raise ValueError(text_value)
        return datetime.date.fromisoformat(text_value[:10]).isoformat()
    except ValueError:
        raise Invalid(_("Not a valid date (YYYY-MM-DD)"))


def thanhhoa_end_after_start(key, data, errors, context):
    """`end` of a temporal coverage period is not before its `start`."""
    start = data.get(key[:-1] + ("start",))
    end = data.get(key)
    if _empty(start) or _empty(end) or errors.get(key) or errors.get(key[:-1] + ("start",)):
        return
    if str(end) < str(start):
        errors[key].append(_("The end date must not be before the start date"))


def thanhhoa_geojson(value: Any) -> Any:
    """A valid GeoJSON geometry in longitude/latitude; stored as JSON."""
    if _empty(value):
        return value
    from shapely.geometry import shape

    try:
        geometry = json.loads(value) if isinstance(value, str) else value
        if not isinstance(geometry, dict) or "type" not in geometry:
            raise ValueError
        shaped = shape(geometry)
    except Exception:  # shapely raises many kinds on bad input
        raise Invalid(_("Not a valid GeoJSON geometry"))
    if not shaped.is_valid or shaped.is_empty:
        raise Invalid(_("Not a valid GeoJSON geometry"))
    west, south, east, north = shaped.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise Invalid(_("GeoJSON coordinates must be longitude and latitude"))
    return json.dumps(geometry)


def thanhhoa_size(value: Any) -> Any:
    if _empty(value):
        return value
    try:
        size = int(str(value).strip())
    except ValueError:
        raise Invalid(_("The size must be a whole number of bytes"))
    if size < 0:
        raise Invalid(_("The size must be a whole number of bytes"))
    return size


def thanhhoa_license(value: Any) -> Any:
    """A licence of the portal's list (CKAN's licence register)."""
    if _empty(value):
        return value
    value = str(value).strip()
    if value not in model.Package.get_license_register():
        raise Invalid(_(vocab.get("licenses").unknown_message) % value)
    return value


def thanhhoa_harvester_only(key, data, errors, context):
    """Fields written by the LGSP harvester only: on other writes the stored
    value is kept, whatever was submitted."""
    if context.get("thanhhoa_harvester"):
        return
    stored = missing
    if len(key) == 1:
        package = context.get("package")
        if package is not None:
            stored = package.extras.get(key[0], missing)
    else:
        resource = model.Resource.get(data.get(key[:-1] + ("id",)) or "")
        if resource is not None:
            stored = resource.extras.get(key[-1], missing)
    data[key] = stored


def thanhhoa_identifier_unique(key, data, errors, context):
    """A dataset identifier given by hand is unique in the portal (stored as
    compared: without surrounding spaces)."""
    value = data.get(key)
    if _empty(value):
        return
    value = data[key] = str(value).strip()
    query = model.Session.query(model.Package.id).filter(
        model.Package.extras["identifier"].astext == value,
        model.Package.state != "deleted")
    package = context.get("package")
    if package is not None:
        query = query.filter(model.Package.id != package.id)
    if query.first() is not None:
        errors[key].append(_("Another dataset already has this identifier"))


def thanhhoa_resource_url(key, data, errors, context):
    """A resource's link is http(s), unless the file was uploaded."""
    value = data.get(key)
    if _empty(value) or data.get(key[:-1] + ("url_type",)) == "upload":
        return
    if not URL.match(str(value).strip()):
        errors[key].append(_("Not a valid http(s) URL"))


# --- the dataset as a whole ---------------------------------------------------

def thanhhoa_dataset_checks(key, data, errors, context):
    """Rules over several fields: an open (`mo`) dataset needs a contact with
    an email address."""
    if data.get(("access_level",)) != "mo" or errors.get(("access_level",)):
        return
    contact_keys = sorted(k for k in data if len(k) == 3 and k[0] == "contact")
    if any(errors.get(k) for k in contact_keys):
        return  # the contact's own errors say what is wrong
    emails = [data[k] for k in contact_keys if k[2] == "email" and not _empty(data[k])]
    if any(EMAIL.match(str(e)) for e in emails):
        return
    message = _("Open data needs at least one contact with a valid email address")
    if contact_keys:  # shown beside the first contact's email
        errors.setdefault(("contact", contact_keys[0][1], "email"), []).append(message)
    else:
        errors.setdefault(("contact",), []).append(message)


VALIDATORS = {fn.__name__: fn for fn in (
    thanhhoa_translated, thanhhoa_translated_output, thanhhoa_from_translated,
    thanhhoa_slug_default, thanhhoa_vocab_code, thanhhoa_vocab_codes, thanhhoa_tag_string,
    thanhhoa_json_list_output, thanhhoa_language_codes, thanhhoa_text_list, thanhhoa_url_list,
    thanhhoa_email, thanhhoa_phone, thanhhoa_url, thanhhoa_agency_code, thanhhoa_iso_date,
    thanhhoa_end_after_start, thanhhoa_geojson, thanhhoa_size, thanhhoa_harvester_only,
    thanhhoa_identifier_unique, thanhhoa_resource_url, thanhhoa_dataset_checks,
    thanhhoa_license,
)}
