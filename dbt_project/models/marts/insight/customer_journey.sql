-- The touchpoint fact: every contact of a person with the shop across channels, labelled by its
-- place among the person's purchases. A purchase is `transaction`; any other touch within
-- `journey_post_purchase_days` (default 14) after the person's latest purchase before it is
-- `post_purchase` (a review, a survey, the delivery mails); every other touch is `pre_purchase`
-- (it comes before a first or a next purchase, or before one that never came).
with

touchpoints as (
    select * from {{ ref('int_touchpoints_unioned') }}
),

with_previous_purchase as (
    select
        *,
        max(case when is_purchase then occurred_at end) over (
            partition by customer_id
            order by occurred_at, touchpoint_id
            rows between unbounded preceding and current row
        ) as previous_purchase_at,
        sum(case when is_purchase then 1 else 0 end) over (
            partition by customer_id
            order by occurred_at, touchpoint_id
            rows between unbounded preceding and current row
        ) as purchases_so_far
    from touchpoints
),

final as (
    select
        -- ids
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(touchpoint_id as {{ dbt.type_string() }}) as touchpoint_id,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,

        -- strings
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(touch_type as {{ dbt.type_string() }}) as touch_type,
        cast(
            case
                when is_purchase then 'transaction'
                when
                    previous_purchase_at is not null
                    and {{ dbt.datediff('previous_purchase_at', 'occurred_at', 'day') }}
                    <= {{ var('journey_post_purchase_days') }}
                    then 'post_purchase'
                else 'pre_purchase'
            end as {{ dbt.type_string() }}
        ) as journey_phase,

        -- numerics
        cast(purchases_so_far as integer) as purchases_so_far,
        cast(net_amount as decimal(18, 2)) as net_amount,

        -- booleans
        is_purchase,

        -- timestamps
        cast(occurred_at as timestamp) as occurred_at,
        cast(occurred_at_local as timestamp) as occurred_at_local
    from with_previous_purchase
)

select * from final
