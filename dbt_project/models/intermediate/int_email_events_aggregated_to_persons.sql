-- Email engagement per person, across all of the person's contacts.
with

events as (
    select * from {{ ref('stg_email__events') }}
),

contacts as (
    select
        record_id as email_contact_id,
        identity_key
    from {{ ref('int_identities_unioned') }}
    where record_type = 'email_contact'
),

person_events as (
    select
        contacts.identity_key,
        events.*
    from events
    inner join contacts on events.email_contact_id = contacts.email_contact_id
),

latest_survey as (
    select
        identity_key,
        survey_score as last_survey_score
    from (
        select
            *,
            row_number() over (
                partition by identity_key order by occurred_at desc, email_event_id desc
            ) as recency_rank
        from person_events
        where event_type = 'survey_response' and survey_score is not null
    ) as ranked
    where recency_rank = 1
),

engagement as (
    select
        identity_key,
        sum(case when event_type = 'send' then 1 else 0 end) as emails_sent,
        sum(case when event_type = 'delivered' then 1 else 0 end) as emails_delivered,
        -- An open or click proves delivery even when the delivered event itself was lost
        -- (quarantined, or never exported), so rates divide by this, not by delivered events.
        count(distinct case when event_type in ('delivered', 'open', 'click') then campaign_id end)
            as campaigns_delivered,
        count(distinct case when event_type = 'open' then campaign_id end) as campaigns_opened,
        count(distinct case when event_type = 'click' then campaign_id end) as campaigns_clicked,
        sum(case when event_type = 'open' then 1 else 0 end) as email_opens,
        sum(case when event_type = 'click' then 1 else 0 end) as email_clicks,
        sum(case when event_type = 'bounce' then 1 else 0 end) as email_bounces,
        sum(case when is_hard_bounce then 1 else 0 end) as email_hard_bounces,
        sum(case when event_type = 'unsubscribe' then 1 else 0 end) as email_unsubscribes,
        sum(case when event_type = 'spam_complaint' then 1 else 0 end) as email_complaints,
        sum(case when event_type = 'survey_response' then 1 else 0 end) as survey_responses,
        avg(case when event_type = 'survey_response' then survey_score end) as average_survey_score,
        max(case when event_type = 'send' then occurred_at end) as last_email_sent_at,
        max(case when event_type in ('open', 'click') then occurred_at end)
            as last_email_engagement_at
    from person_events
    group by identity_key
),

final as (
    select
        engagement.*,
        latest_survey.last_survey_score
    from engagement
    left join latest_survey on engagement.identity_key = latest_survey.identity_key
)

select * from final
