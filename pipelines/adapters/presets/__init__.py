"""Every preset by name (``preset:`` in klantbeeld.yml)."""

from pipelines.adapters.presets.base import Preset
from pipelines.adapters.presets.generic import GENERIC_ORDER_LINES
from pipelines.adapters.presets.klaviyo import KLAVIYO_EVENTS, KLAVIYO_PROFILES
from pipelines.adapters.presets.mailchimp import MAILCHIMP_ACTIVITY, MAILCHIMP_AUDIENCE
from pipelines.adapters.presets.shopify import SHOPIFY_CUSTOMERS, SHOPIFY_ORDERS

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        SHOPIFY_ORDERS,
        SHOPIFY_CUSTOMERS,
        MAILCHIMP_AUDIENCE,
        MAILCHIMP_ACTIVITY,
        KLAVIYO_PROFILES,
        KLAVIYO_EVENTS,
        GENERIC_ORDER_LINES,
    )
}
