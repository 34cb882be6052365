-- One row per email-marketing consent signal, with the person it belongs to today: the audit
-- trail behind every consent decision. Holds email addresses (consent is given per address):
-- for the pipeline and privacy requests, not for BI.
with

signals as (
    select * from {{ ref('int_consent_signals_unioned') }}
),

addresses as (
    select * from {{ ref('int_email_addresses_resolved_to_persons') }}
),

final as (
    select
        -- ids
        cast(signals.consent_signal_id as {{ dbt.type_string() }}) as consent_signal_id,
        -- null when no person is known by the address (any more): the signal still counts
        cast(addresses.identity_key as {{ dbt.type_string() }}) as customer_id,
        cast(signals.source_record_id as {{ dbt.type_string() }}) as source_record_id,

        -- strings
        cast(signals.email as {{ dbt.type_string() }}) as email,
        cast(signals.channel as {{ dbt.type_string() }}) as channel,
        cast(signals.consent_signal as {{ dbt.type_string() }}) as consent_signal,
        cast(signals.signal_source as {{ dbt.type_string() }}) as signal_source,

        -- booleans
        signals.is_explicit_choice,
        signals.is_opt_out,

        -- timestamps
        cast(signals.signalled_at as timestamp) as signalled_at
    from signals
    -- Consent is per address, so it belongs to the person whose records carry that address
    -- (null for an address on nobody's records any more, or on several persons).
    left join addresses on signals.email = addresses.email
)

select * from final
