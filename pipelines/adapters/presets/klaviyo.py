"""Klaviyo's profile (list/segment) export CSV and its events API pages. Layouts:
shared/design/export-formats.md section 4. Export date formats are not documented: the default
is ``YYYY-MM-DD HH:MM:SS`` in UTC, and ISO times with an offset are read as such; set
``date_format:`` if your export differs."""

from __future__ import annotations

from pipelines.adapters.conversion import Conversion, SourceRows, normalised_email
from pipelines.adapters.presets.base import Field, Preset
from pipelines.adapters.values import iso_text, stable_id, utc_text

# Suppressions withdraw permission whatever the consent column says.
_BOUNCED = ("HARD_BOUNCE", "INVALID_EMAIL")
_OPTED_OUT = ("UNSUBSCRIBED", "SPAM_COMPLAINT", "USER_SUPPRESSED")
_CONSENT = {"SUBSCRIBED": "subscribed", "UNSUBSCRIBED": "unsubscribed"}
# Klaviyo's email metrics as landing event types; other metrics are no email events.
EVENT_TYPES = {
    "Received Email": "delivered",
    "Opened Email": "open",
    "Clicked Email": "click",
    "Bounced Email": "bounce",
    "Unsubscribed": "unsubscribe",
    "Unsubscribed from Email Marketing": "unsubscribe",
    "Marked Email as Spam": "spam_complaint",
}


def _status(consent: str | None, suppressions: str | None) -> str:
    flags = (suppressions or "").upper()
    if any(reason in flags for reason in _BOUNCED):
        return "cleaned"
    if any(reason in flags for reason in _OPTED_OUT):
        return "unsubscribed"
    # Never subscribed: no opt-in; `pending` decides nothing about consent.
    return _CONSENT.get((consent or "").upper(), "pending")


def convert_profiles(source: SourceRows, conversion: Conversion) -> None:
    for row in conversion.reject_malformed(source):
        try:
            email = normalised_email(source.required(row, "email"))
            if email is None:
                raise ValueError("the email address has no @")
            status = _status(source.get(row, "consent"), source.get(row, "suppressions"))
            consented_at = source.timestamp(row, "consent_at")
            created = source.timestamp(row, "created_at")
        except ValueError as error:
            conversion.reject(source, row, f"profile: {error}")
            continue
        contact_id = source.get(row, "contact_id") or stable_id("klaviyo", email)
        conversion.contact_ids_by_email.setdefault(email, contact_id)
        changed = consented_at or created
        conversion.add(
            "email",
            "contacts",
            {
                "contact_id": contact_id,
                "email": email,
                "first_name": source.get(row, "first_name") or "",
                "last_name": source.get(row, "last_name") or "",
                "phone": source.get(row, "phone") or "",
                "status": status,
                "opted_in_at": utc_text(consented_at)
                if consented_at and status == "subscribed"
                else "",
                "status_changed_at": utc_text(changed) if changed else "",
                "member_rating": "",
                "signup_source": source.get(row, "signup_source") or "",
            },
        )


def convert_events(source: SourceRows, conversion: Conversion) -> None:
    for row in conversion.reject_malformed(source):
        try:
            metric = source.get(row, "metric") or ""
            if metric not in EVENT_TYPES:
                raise ValueError(
                    f"metric {metric[:40]!r} is not an email event "
                    f"({', '.join(EVENT_TYPES)}); orders come from the shop's export"
                )
            event_id = source.required(row, "event_id")
            occurred = source.required_timestamp(row, "occurred_at")
            email = normalised_email(source.get(row, "email"))
            contact_id = source.get(row, "contact_id") or (
                conversion.contact_ids_by_email.get(email) if email else None
            )
            if contact_id is None:
                raise ValueError("the event names no profile")
        except ValueError as error:
            conversion.reject(source, row, f"event: {error}")
            continue
        conversion.add(
            "email",
            "events",
            {
                "event_id": event_id,
                "contact_id": contact_id,
                "campaign_id": source.get(row, "campaign_id") or "",
                "event_type": EVENT_TYPES[metric],
                "occurred_at": iso_text(occurred),
                "url": source.get(row, "url") or "",
            },
        )


KLAVIYO_PROFILES = Preset(
    name="klaviyo_profiles",
    description="Klaviyo's list or segment export (CSV), with the consent columns.",
    landing_source="email",
    tables=("contacts",),
    files="klaviyo/profiles*.csv",
    fields=(
        Field("email", "Email", "Address", True),
        Field("contact_id", "Klaviyo ID", "Klaviyo's profile id; else one made from the address"),
        Field("first_name", "First Name", "Given name"),
        Field("last_name", "Last Name", "Family name"),
        Field("phone", "Phone Number", "Phone"),
        Field("consent", "Email Marketing Consent", "SUBSCRIBED, UNSUBSCRIBED, NEVER_SUBSCRIBED"),
        Field("consent_at", "Email Marketing Consent Timestamp", "When consent last changed"),
        Field("suppressions", "Email Suppressions", "HARD_BOUNCE, UNSUBSCRIBED, … (win)"),
        Field("created_at", "Profile Created On", "When the profile was made"),
        Field("signup_source", "Source", "Where the profile came from"),
    ),
    date_format="%Y-%m-%d %H:%M:%S",
    time_zone="UTC",
    convert=convert_profiles,
    stage=1,
)

KLAVIYO_EVENTS = Preset(
    name="klaviyo_events",
    description="Klaviyo's events API pages (JSON, `include=metric,profile`), one per file.",
    landing_source="email",
    tables=("events",),
    files="klaviyo/events*.json",
    fields=(
        Field("event_id", "id", "Klaviyo's event id", True),
        Field("occurred_at", "datetime", "ISO time with offset", True),
        Field("contact_id", "profile_id", "The profile (Klaviyo ID in the profiles export)"),
        Field("email", "email", "The profile's email (from `included`)"),
        Field("metric", "metric", "The metric's name (from `included`): Opened Email, …", True),
        Field("campaign_id", "message", "`$message`: the campaign or flow message"),
        Field("url", "url", "`URL` of a click"),
    ),
    date_format="%Y-%m-%dT%H:%M:%S%z",
    time_zone="UTC",
    convert=convert_events,
    stage=2,
    reader="klaviyo_events_json",
)
