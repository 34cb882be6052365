-- How satisfied each group is, per RFM segment × persona × channel:
--   shop   — product review ratings (1–5), each with its person as customer_360 counts them
--            (int_reviews_attributed_to_persons);
--   email  — survey answers (0–10) and their Net Promoter Score: % promoters (9–10) minus
--            % detractors (0–6), from −100 to 100;
--   social — comments and direct messages, and the share that reads as a complaint (text holds
--            a word of the var `complaint_keywords`).
-- Customers without a purchase have the segment 'No purchase'; without a persona 'Unknown'.
with

customers as (
    select * from {{ ref('int_customer_values_joined') }}
),

reviews as (
    select * from {{ ref('int_reviews_attributed_to_persons') }}
),

journey as (
    select * from {{ ref('customer_journey') }}
),

surveys as (
    select * from {{ ref('stg_email__events') }}
    where event_type = 'survey_response' and survey_score is not null
),

interactions as (
    select * from {{ ref('stg_social__interactions') }}
    where interaction_type in ('comment', 'direct_message')
),

shop_signals as (
    select
        identity_key as customer_id,
        'shop' as channel,
        cast(rating as double) as score,
        cast(null as integer) as is_complaint
    from reviews
),

email_signals as (
    select
        journey.customer_id,
        'email' as channel,
        cast(surveys.survey_score as double) as score,
        cast(null as integer) as is_complaint
    from surveys
    inner join journey on journey.touchpoint_id = 'email_event:' || surveys.email_event_id
),

social_signals as (
    select
        journey.customer_id,
        'social' as channel,
        cast(null as double) as score,
        case
            {%- for keyword in var('complaint_keywords') %}
                when lower(interactions.interaction_text) like '%{{ keyword }}%' then 1
            {%- endfor %}
            else 0
        end as is_complaint
    from interactions
    inner join journey
        on journey.touchpoint_id = 'social_interaction:' || interactions.social_interaction_id
),

signals as (
    select * from shop_signals
    union all
    select * from email_signals
    union all
    select * from social_signals
),

grouped as (
    select
        coalesce(customers.rfm_segment, 'No purchase') as rfm_segment,
        coalesce(customers.persona, 'Unknown') as persona,
        signals.channel,
        count(*) as responses,
        count(distinct signals.customer_id) as customers,
        avg(signals.score) as average_score,
        sum(case when signals.score >= 9 then 1 else 0 end) as promoters,
        sum(case when signals.score <= 6 then 1 else 0 end) as detractors,
        avg(cast(signals.is_complaint as double)) as complaint_share
    from signals
    inner join customers on signals.customer_id = customers.customer_id
    group by 1, 2, 3
),

final as (
    select
        -- strings
        cast(rfm_segment as {{ dbt.type_string() }}) as rfm_segment,
        cast(persona as {{ dbt.type_string() }}) as persona,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(
            case channel when 'shop' then '1-5' when 'email' then '0-10' end
            as {{ dbt.type_string() }}
        ) as score_scale,

        -- numerics
        cast(responses as integer) as responses,
        cast(customers as integer) as customers,
        {{ round_double('cast(average_score as double)', 6) }} as average_score,
        case
            when channel = 'email'
                then {{ round_double(
                    'cast(100.0 * (promoters - detractors) as double) / responses', 6
                ) }}
        end as net_promoter_score,
        {{ round_double('cast(complaint_share as double)', 6) }} as complaint_share
    from grouped
)

select * from final
