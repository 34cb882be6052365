-- Email-marketing consent per person from every source. The newest explicit choice wins, and an
-- opt-out (unsubscribe, spam complaint, hard bounce) beats a subscribe at the same moment.
-- A signal without a time counts as the oldest possible.
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

signals as (
    select
        coalesce('email:' || email, 'shop_customer:' || shop_customer_id) as identity_key,
        'shop' as signal_source,
        case when accepts_email_marketing then 'subscribed' else 'unsubscribed' end
            as consent_signal,
        coalesce(email_consent_updated_at, created_at) as signalled_at
    from accounts
    -- "no" without a change date is the default, not a choice: no signal.
    where accepts_email_marketing or email_consent_updated_at is not null

    union all

    select
        'email:' || email as identity_key,
        'email_platform' as signal_source,
        case subscription_status
            when 'cleaned' then 'bounced'
            else subscription_status
        end as consent_signal,
        case subscription_status
            when 'subscribed' then coalesce(opted_in_at, status_changed_at)
            else coalesce(status_changed_at, opted_in_at)
        end as signalled_at
    from contacts

    union all

    select
        'email:' || contacts.email as identity_key,
        'email_event' as signal_source,
        case events.event_type
            when 'unsubscribe' then 'unsubscribed'
            when 'spam_complaint' then 'complained'
            else 'bounced'
        end as consent_signal,
        events.occurred_at as signalled_at
    from events
    inner join contacts on events.email_contact_id = contacts.email_contact_id
    where events.event_type in ('unsubscribe', 'spam_complaint') or events.is_hard_bounce
),

ranked as (
    select
        *,
        row_number() over (
            partition by identity_key
            order by
                -- pending is no choice: any explicit signal outranks it
                case when consent_signal = 'pending' then 0 else 1 end desc,
                coalesce(signalled_at, cast('1900-01-01' as timestamp)) desc,
                case when consent_signal = 'subscribed' then 0 else 1 end desc,
                signal_source asc
        ) as choice_rank
    from signals
),

final as (
    select
        identity_key,
        consent_signal as email_consent_status,
        signal_source as email_consent_source,
        signalled_at as email_consent_changed_at,
        consent_signal = 'subscribed' and identity_key like 'email:%' as is_email_marketable
    from ranked
    where choice_rank = 1
)

select * from final
