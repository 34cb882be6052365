-- Effective email-marketing consent per identity key (the address; an account without one is
-- its own key), from every signal in int_consent_signals_unioned. The rules (docs/customer_360.md):
-- the newest deciding signal wins, where deciding means an explicit choice or an opt-out (a
-- hard bounce or cleaned address withdraws permission without being the person's choice); an
-- opt-out beats a subscribe at the same moment; a signal without a time counts as the oldest;
-- pending (double opt-in not confirmed) decides nothing and shows only when nothing else does.
with

signals as (
    select * from {{ ref('int_consent_signals_unioned') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by identity_key
            order by
                (is_explicit_choice or is_opt_out) desc,
                signalled_at desc nulls last,
                is_opt_out desc,
                signal_source asc,
                consent_signal_id asc
        ) as choice_rank
    from signals
),

final as (
    select
        -- ids
        identity_key,
        consent_signal_id as email_consent_signal_id,

        -- strings
        email,
        case
            when consent_signal in ('hard_bounced', 'cleaned') then 'bounced'
            else consent_signal
        end as email_consent_status,
        signal_source as email_consent_source,

        -- booleans
        consent_signal = 'subscribed' and email is not null as is_email_marketable,

        -- timestamps
        signalled_at as email_consent_changed_at
    from ranked
    where choice_rank = 1
)

select * from final
