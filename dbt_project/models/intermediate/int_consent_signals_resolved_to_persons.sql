-- Effective email-marketing consent per person, from every signal about any of their addresses
-- and records (int_consent_signals_attributed_to_persons). The rule (docs/customer_360.md#consent):
-- an unsubscribe, complaint, hard bounce or cleaned address on any of the person's addresses
-- withdraws permission for the person, on every address, until a later explicit subscribe by
-- them. The newest deciding signal (an explicit choice or an opt-out) is the person's status; an
-- opt-out beats a subscribe at the same moment; a signal without a time counts as the oldest;
-- pending (double opt-in not confirmed) decides nothing and shows only when nothing else does.
-- The address that may be mailed is the one of the person's newest subscribe after their last
-- opt-out: no opt-out of any kind (so no bounce, no cleaned status) on it is as new.
with

signals as (
    select * from {{ ref('int_consent_signals_attributed_to_persons') }}
    where identity_key is not null
),

opt_outs as (
    select
        identity_key,
        max(signalled_at) as last_opt_out_at
    from signals
    where is_opt_out
    group by identity_key
),

decided as (
    select *
    from (
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
    ) as ranked
    where choice_rank = 1
),

-- Subscribes newer than every opt-out of the person; a subscribe without a time is never newer
-- than an opt-out (it counts as the oldest, and a tie goes to the opt-out).
mailable as (
    select *
    from (
        select
            signals.*,
            row_number() over (
                partition by signals.identity_key
                order by
                    signals.signalled_at desc nulls last,
                    signals.signal_source asc,
                    signals.consent_signal_id asc
            ) as address_rank
        from signals
        left join opt_outs on signals.identity_key = opt_outs.identity_key
        where
            signals.consent_signal = 'subscribed'
            and signals.email is not null
            and (
                opt_outs.identity_key is null
                or signals.signalled_at > opt_outs.last_opt_out_at
                or (signals.signalled_at is not null and opt_outs.last_opt_out_at is null)
            )
    ) as ranked
    where address_rank = 1
),

final as (
    select
        -- ids
        decided.identity_key,
        decided.consent_signal_id as email_consent_signal_id,
        mailable.consent_signal_id as marketing_consent_signal_id,

        -- strings
        case
            when decided.consent_signal in ('hard_bounced', 'cleaned') then 'bounced'
            else decided.consent_signal
        end as email_consent_status,
        decided.signal_source as email_consent_source,
        case when decided.consent_signal = 'subscribed' then mailable.email end
            as marketing_email,
        mailable.signal_source as marketing_consent_source,

        -- booleans
        decided.consent_signal = 'subscribed' and mailable.email is not null
            as is_email_marketable,

        -- timestamps
        decided.signalled_at as email_consent_changed_at,
        mailable.signalled_at as marketing_consented_at
    from decided
    left join mailable on decided.identity_key = mailable.identity_key
)

select * from final
