-- Per email campaign: reach (sends, delivered), engagement rates, and the purchases credited to
-- it by last click (int_orders_attributed_to_campaigns), set against the response an untargeted
-- mailing gets (var `untargeted_response_rate`, default 0.02).
--
-- Counts are of distinct contacts. Delivered: any event that proves the mail arrived (delivered,
-- open, click, survey answer, unsubscribe, complaint), as a lost delivered event must not hide a
-- delivery. Open, click and unsubscribe rates are per delivered contact; the bounce rate per send.
with

campaigns as (
    select * from {{ ref('stg_email__campaigns') }}
),

events as (
    select * from {{ ref('stg_email__events') }}
    where campaign_id is not null
),

attributed as (
    select * from {{ ref('int_orders_attributed_to_campaigns') }}
),

reach as (
    select
        campaign_id,
        count(distinct case when event_type = 'send' then email_contact_id end) as sends,
        count(distinct case
            when event_type in (
                'delivered', 'open', 'click', 'survey_response', 'unsubscribe', 'spam_complaint'
            ) then email_contact_id
        end) as delivered,
        count(distinct case when event_type in ('open', 'click') then email_contact_id end)
            as opened,
        count(distinct case when event_type = 'click' then email_contact_id end) as clicked,
        count(distinct case when event_type = 'bounce' then email_contact_id end) as bounced,
        count(distinct case when event_type = 'unsubscribe' then email_contact_id end)
            as unsubscribed,
        count(distinct case when event_type = 'survey_response' then email_contact_id end)
            as survey_responses
    from events
    group by campaign_id
),

credited as (
    select
        campaign_id,
        count(*) as attributed_orders,
        sum(net_amount) as attributed_revenue
    from attributed
    group by campaign_id
),

final as (
    select
        -- ids
        cast(campaigns.campaign_id as {{ dbt.type_string() }}) as campaign_id,

        -- strings
        cast(campaigns.campaign_name as {{ dbt.type_string() }}) as campaign_name,
        cast(campaigns.campaign_type as {{ dbt.type_string() }}) as campaign_type,

        -- dates
        cast(campaigns.sent_at as date) as sent_on,

        -- numerics
        cast(coalesce(reach.sends, 0) as integer) as sends,
        cast(coalesce(reach.delivered, 0) as integer) as delivered,
        cast(coalesce(reach.opened, 0) as integer) as opened,
        cast(coalesce(reach.clicked, 0) as integer) as clicked,
        cast(coalesce(reach.bounced, 0) as integer) as bounced,
        cast(coalesce(reach.unsubscribed, 0) as integer) as unsubscribed,
        cast(coalesce(reach.survey_responses, 0) as integer) as survey_responses,
        {{ round_double(
            'cast(reach.opened as double) / nullif(reach.delivered, 0)', 6
        ) }} as open_rate,
        {{ round_double(
            'cast(reach.clicked as double) / nullif(reach.delivered, 0)', 6
        ) }} as click_rate,
        {{ round_double(
            'cast(reach.bounced as double) / nullif(reach.sends, 0)', 6
        ) }} as bounce_rate,
        {{ round_double('cast(reach.unsubscribed as double) / nullif(reach.delivered, 0)', 6) }}
            as unsubscribe_rate,
        cast(coalesce(credited.attributed_orders, 0) as integer) as attributed_orders,
        cast(coalesce(credited.attributed_revenue, 0) as decimal(18, 2)) as attributed_revenue,
        {{ to_money_from_double(
            'cast(coalesce(credited.attributed_revenue, 0) as double) / nullif(reach.sends, 0)'
        ) }} as revenue_per_send,
        -- The campaign's own cost, or the per-recipient rate for a campaign exported without one.
        cast(
            coalesce(campaigns.campaign_cost, {{ var('email_cost_per_recipient') }} * reach.sends)
            as decimal(18, 2)
        ) as campaign_cost,
        {{ round_double(
            'cast(coalesce(credited.attributed_orders, 0) as double) / nullif(reach.sends, 0)', 6
        ) }} as response_rate,
        cast({{ var('untargeted_response_rate') }} as double) as untargeted_response_rate,
        {{ round_double(
            'cast(coalesce(credited.attributed_orders, 0) as double) / nullif(reach.sends, 0) / '
            ~ var('untargeted_response_rate'),
            6
        ) }} as response_lift_over_untargeted
    from campaigns
    left join reach on campaigns.campaign_id = reach.campaign_id
    left join credited on campaigns.campaign_id = credited.campaign_id
)

select * from final
