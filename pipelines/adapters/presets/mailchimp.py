"""Mailchimp's audience export: one CSV per status (subscribed, unsubscribed, cleaned,
nonsubscribed), the status only in the file's name; times in UTC without a zone. And its
campaign email activity (reports API, JSON), whose recipients are found in the audience by
address. Layouts: shared/design/export-formats.md section 3."""

from __future__ import annotations

import re

from pipelines.adapters.conversion import Conversion, SourceRows, normalised_email
from pipelines.adapters.presets.base import Field, Preset
from pipelines.adapters.values import iso_text, stable_id, strip_apostrophe, utc_text

# `subscribed_members_export_<hex>.csv` (older) and
# `subscribed_email_audience_export_<id>.csv` (2024 on); nonsubscribed contacts never opted in:
# landing's `pending`, a status that decides nothing about consent.
_STATUS_IN_NAME = re.compile(r"(?:^|[/_])(nonsubscribed|unsubscribed|subscribed|cleaned)_")
_STATUSES = {"nonsubscribed": "pending"}
# When each status last changed, by file.
_CHANGED_AT = {"unsubscribed": "unsub_time", "cleaned": "clean_time"}


def _status(file: str, mapped: str | None) -> str | None:
    if mapped:
        return _STATUSES.get(mapped.lower(), mapped.lower())
    found = _STATUS_IN_NAME.search(file.rsplit("/", 1)[-1])
    return _STATUSES.get(found.group(1), found.group(1)) if found else None


def convert_audience(source: SourceRows, conversion: Conversion) -> None:
    for row in conversion.reject_malformed(source):
        try:
            email = normalised_email(source.required(row, "email"))
            if email is None:
                raise ValueError("the email address has no @")
            status = _status(row.file, source.get(row, "status"))
            if status is None:
                raise ValueError(
                    "the file name does not say subscribed/unsubscribed/cleaned/nonsubscribed; "
                    "map a `status` column or give it a default"
                )
            opted_in = source.timestamp(row, "confirm_time") or source.timestamp(row, "optin_time")
            changed = (
                (source.timestamp(row, _CHANGED_AT[status]) if status in _CHANGED_AT else None)
                or source.timestamp(row, "last_changed")
                or opted_in
            )
            rating = source.get(row, "member_rating")
            if rating is not None and not rating.isdigit():
                raise ValueError(f"MEMBER_RATING: expected 1 to 5, got {rating[:10]!r}")
        except ValueError as error:
            conversion.reject(source, row, f"audience member: {error}")
            continue
        contact_id = source.get(row, "contact_id") or stable_id("mailchimp", email)
        conversion.contact_ids_by_email.setdefault(email, contact_id)
        ip = source.get(row, "optin_ip")
        conversion.add(
            "email",
            "contacts",
            {
                "contact_id": contact_id,
                "email": email,
                "first_name": source.get(row, "first_name") or "",
                "last_name": source.get(row, "last_name") or "",
                "phone": strip_apostrophe(source.get(row, "phone") or ""),
                "status": status,
                "opted_in_at": utc_text(opted_in) if opted_in and status != "pending" else "",
                "status_changed_at": utc_text(changed) if changed else "",
                "member_rating": rating or "",
                # No opt-in IP (or the local one) means the address was imported.
                "signup_source": "import" if ip in (None, "127.0.0.1") else "",
            },
        )


MAILCHIMP_AUDIENCE = Preset(
    name="mailchimp_audience",
    description="Mailchimp's audience export: the subscribed, unsubscribed, cleaned and "
    "nonsubscribed CSVs from the zip (status from the file name).",
    landing_source="email",
    tables=("contacts",),
    files="mailchimp/*.csv",
    fields=(
        Field("email", "Email Address", "Address", True),
        Field("contact_id", ("EUID", "LEID"), "Mailchimp's id; else one made from the address"),
        Field("first_name", "First Name", "Given name"),
        Field("last_name", "Last Name", "Family name"),
        Field("phone", "Phone Number", "Phone merge field"),
        Field("status", None, "subscribed/unsubscribed/cleaned; default: from the file name"),
        Field("optin_time", "OPTIN_TIME", "When they signed up (UTC)"),
        Field("confirm_time", "CONFIRM_TIME", "When they confirmed (UTC); the opt-in time"),
        Field("unsub_time", "UNSUB_TIME", "When they unsubscribed (unsubscribed file)"),
        Field("clean_time", "CLEAN_TIME", "When they were cleaned (cleaned file)"),
        Field("last_changed", "LAST_CHANGED", "When the member last changed"),
        Field("member_rating", "MEMBER_RATING", "1 to 5 stars"),
        Field("optin_ip", "OPTIN_IP", "Blank or 127.0.0.1: an import"),
    ),
    date_format="%Y-%m-%d %H:%M:%S",
    time_zone="UTC",
    convert=convert_audience,
    stage=1,
)


# Mailchimp's activity actions as landing event types.
_ACTIONS = {"open": "open", "click": "click", "bounce": "bounce"}


def convert_activity(source: SourceRows, conversion: Conversion) -> None:
    for row in conversion.reject_malformed(source):
        try:
            action = (source.get(row, "action") or "").lower()
            if action not in _ACTIONS:
                raise ValueError(f"action {action[:20]!r} is not one of open, click, bounce")
            email = normalised_email(source.required(row, "email"))
            contact_id = conversion.contact_ids_by_email.get(email or "")
            if contact_id is None:
                raise ValueError("the address is not in the audience export")
            campaign_id = source.required(row, "campaign_id")
            occurred = source.required_timestamp(row, "occurred_at")
        except ValueError as error:
            conversion.reject(source, row, f"activity: {error}")
            continue
        bounce = (source.get(row, "bounce_type") or "").lower()
        conversion.add(
            "email",
            "events",
            {
                # Mailchimp gives activity no id: one made from what identifies it.
                "event_id": stable_id("mailchimp", campaign_id, email, action, iso_text(occurred)),
                "contact_id": contact_id,
                "campaign_id": campaign_id,
                "event_type": _ACTIONS[action],
                "occurred_at": iso_text(occurred),
                "url": source.get(row, "url") or "",
                "bounce_type": bounce if bounce in ("hard", "soft") else "",
            },
        )


MAILCHIMP_ACTIVITY = Preset(
    name="mailchimp_activity",
    description="Mailchimp's campaign email activity (reports API `email-activity`, JSON), one "
    "campaign per file; needs the audience export for the contacts.",
    landing_source="email",
    tables=("events",),
    files="mailchimp/activity_*.json",
    fields=(
        Field("campaign_id", "campaign_id", "The campaign", True),
        Field("email", "email_address", "The recipient (must be in the audience export)", True),
        Field("action", "action", "open, click or bounce", True),
        Field("bounce_type", "type", "hard or soft, on bounces"),
        Field("occurred_at", "timestamp", "ISO time with offset", True),
        Field("url", "url", "Clicked link"),
    ),
    date_format="%Y-%m-%dT%H:%M:%S%z",
    time_zone="UTC",
    convert=convert_activity,
    stage=2,
    reader="mailchimp_activity_json",
)
