-- The addresses that may be sent marketing email now: those whose effective consent is an
-- explicit subscribe that no newer (or simultaneous) unsubscribe, complaint or hard bounce
-- overrides (int_consent_signals_resolved_to_persons). Only addresses a current person is known
-- by: one whose records are gone from every export (e.g. erased) drops out even though the
-- ledger remembers their consent.
with

consents as (
    select * from {{ ref('int_consent_signals_resolved_to_persons') }}
),

addresses as (
    select * from {{ ref('int_email_addresses_resolved_to_persons') }}
),

final as (
    select
        -- ids
        cast(addresses.identity_key as {{ dbt.type_string() }}) as customer_id,
        cast(consents.email_consent_signal_id as {{ dbt.type_string() }}) as consent_signal_id,

        -- strings
        cast(consents.email as {{ dbt.type_string() }}) as email,
        cast('email' as {{ dbt.type_string() }}) as channel,
        cast(consents.email_consent_source as {{ dbt.type_string() }}) as consent_source,

        -- timestamps
        cast(consents.email_consent_changed_at as timestamp) as consented_at
    from consents
    -- The person whose records carry the address (any of their addresses, not only the one
    -- customer_360 shows): a junk address on several persons belongs to nobody and is not mailed.
    inner join addresses on consents.email = addresses.email
    where consents.is_email_marketable
)

select * from final
