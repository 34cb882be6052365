-- Every email-marketing consent signal ever seen, one row each, from the shop (account consent),
-- the email platform (contact status) and its events (unsubscribe, complaint, hard bounce).
--
-- Incremental and append-only on purpose: contacts and accounts are snapshot exports whose
-- newest delivery replaces the older version of a row in raw. A stale export re-sending an old
-- "subscribed" would otherwise erase the unsubscribe it was taken before; here a signal once
-- seen stays, so the newer opt-out keeps winning. full_refresh is off for the same reason.
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        full_refresh=false,
    )
}}
with

accounts as (
    select * from {{ ref('stg_shop__customers') }}
),

contacts as (
    select * from {{ ref('stg_email__contacts') }}
),

events as (
    select * from {{ ref('stg_email__events') }}
),

shop_signals as (
    select
        coalesce('email:' || email, 'shop_customer:' || shop_customer_id) as identity_key,
        email,
        'shop' as signal_source,
        shop_customer_id as source_record_id,
        case when accepts_email_marketing then 'subscribed' else 'unsubscribed' end
            as consent_signal,
        coalesce(email_consent_updated_at, created_at) as signalled_at
    from accounts
    -- "no" without a change date is the default, not a choice: no signal.
    where accepts_email_marketing or email_consent_updated_at is not null
),

platform_signals as (
    select
        'email:' || email as identity_key,
        email,
        'email_platform' as signal_source,
        email_contact_id as source_record_id,
        subscription_status as consent_signal,
        -- A subscribe dates from the opt-in; any other status from its last change.
        case subscription_status
            when 'subscribed' then coalesce(opted_in_at, status_changed_at)
            else coalesce(status_changed_at, opted_in_at)
        end as signalled_at
    from contacts
),

event_signals as (
    select
        'email:' || contacts.email as identity_key,
        contacts.email,
        'email_event' as signal_source,
        events.email_event_id as source_record_id,
        case events.event_type
            when 'unsubscribe' then 'unsubscribed'
            when 'spam_complaint' then 'complained'
            else 'hard_bounced'
        end as consent_signal,
        events.occurred_at as signalled_at
    from events
    inner join contacts on events.email_contact_id = contacts.email_contact_id
    where events.event_type in ('unsubscribe', 'spam_complaint') or events.is_hard_bounce
),

unioned as (
    select * from shop_signals
    union all
    select * from platform_signals
    union all
    select * from event_signals
),

final as (
    select
        -- ids: the same signal about the same address has the same id in every run
        {{ dbt.hash(
            "concat_ws('|', signal_source, source_record_id, identity_key, consent_signal, "
            ~ "coalesce(cast(signalled_at as " ~ dbt.type_string() ~ "), ''))"
        ) }} as consent_signal_id,
        identity_key,
        source_record_id,

        -- strings
        email,
        'email' as channel,
        consent_signal,
        signal_source,

        -- booleans
        -- The person's own choice; a bounce or a cleaned address is the platform's finding.
        consent_signal in ('subscribed', 'unsubscribed', 'complained') as is_explicit_choice,
        -- Withdraws permission: beats any older subscribe and a subscribe at the same moment.
        consent_signal in ('unsubscribed', 'complained', 'hard_bounced', 'cleaned')
            as is_opt_out,

        -- timestamps
        signalled_at
    from unioned
)

select * from final
{% if is_incremental() %}
    where consent_signal_id not in (select consent_signal_id from {{ this }})
{% endif %}
