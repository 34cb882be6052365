-- Every consent signal with the person it is about today (docs/customer_360.md#consent): the
-- person whose records carry its address, so that all spellings of one person's address
-- (name+shop@gmail.com, name@gmail.com) and all their accounts and contacts share one consent;
-- a signal of an account without an address belongs to the account's person. identity_key is
-- null for an address on nobody's records any more (e.g. erased) or on several persons (a shop's
-- own or test address, junk to identity): such a signal decides nobody's consent.
with

signals as (
    select * from {{ ref('int_consent_signals_unioned') }}
),

addresses as (
    select * from {{ ref('int_email_addresses_resolved_to_persons') }}
),

accounts as (
    select * from {{ ref('int_identities_unioned') }}
    where record_type = 'shop_customer'
),

final as (
    select
        -- ids
        signals.consent_signal_id,
        coalesce(addresses.identity_key, accounts.identity_key) as identity_key,
        signals.source_record_id,

        -- strings
        signals.email,
        signals.channel,
        signals.consent_signal,
        signals.signal_source,

        -- booleans
        signals.is_explicit_choice,
        signals.is_opt_out,

        -- timestamps
        signals.signalled_at
    from signals
    left join addresses on signals.email = addresses.email
    left join accounts
        on
            signals.email is null
            and signals.signal_source = 'shop'
            and signals.source_record_id = accounts.record_id
)

select * from final
