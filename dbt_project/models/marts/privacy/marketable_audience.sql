-- The persons who may be sent marketing email now, one row each, with the one address to mail:
-- their effective consent (int_consent_signals_resolved_to_persons) is an explicit subscribe
-- that no newer (or simultaneous) unsubscribe, complaint, hard bounce or cleaned status on any
-- of their addresses overrides, and the address is that of their newest such subscribe. Only
-- current persons: one whose records are gone from every export (e.g. erased) drops out even
-- though the ledger remembers their consent.
with

consents as (
    select * from {{ ref('int_consent_signals_resolved_to_persons') }}
    where is_email_marketable
),

final as (
    select
        -- ids
        cast(identity_key as {{ dbt.type_string() }}) as customer_id,
        cast(marketing_consent_signal_id as {{ dbt.type_string() }}) as consent_signal_id,

        -- strings
        cast(marketing_email as {{ dbt.type_string() }}) as email,
        cast('email' as {{ dbt.type_string() }}) as channel,
        cast(marketing_consent_source as {{ dbt.type_string() }}) as consent_source,

        -- timestamps
        cast(marketing_consented_at as timestamp) as consented_at
    from consents
)

select * from final
