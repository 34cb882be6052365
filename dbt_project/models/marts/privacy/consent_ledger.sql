-- One row per email-marketing consent signal, with the person it belongs to today: the audit
-- trail behind every consent decision. Holds email addresses: for the pipeline and privacy
-- requests, not for BI.
with

signals as (
    select * from {{ ref('int_consent_signals_attributed_to_persons') }}
),

final as (
    select
        -- ids
        cast(consent_signal_id as {{ dbt.type_string() }}) as consent_signal_id,
        -- null when no person is known by the address (any more), or several are: the signal
        -- is kept but decides nobody's consent
        cast(identity_key as {{ dbt.type_string() }}) as customer_id,
        cast(source_record_id as {{ dbt.type_string() }}) as source_record_id,

        -- strings
        cast(email as {{ dbt.type_string() }}) as email,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(consent_signal as {{ dbt.type_string() }}) as consent_signal,
        cast(signal_source as {{ dbt.type_string() }}) as signal_source,

        -- booleans
        is_explicit_choice,
        is_opt_out,

        -- timestamps
        cast(signalled_at as timestamp) as signalled_at
    from signals
)

select * from final
