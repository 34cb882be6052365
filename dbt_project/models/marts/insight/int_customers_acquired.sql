{{ config(schema='intermediate') }}

-- Per person the first touch (the acquisition channel: email covers sign-ups, opens, clicks and
-- surveys, social covers profiles and interactions, shop the order's sales channel), and the way
-- from there to the first purchase.
with

journey as (
    select * from {{ ref('customer_journey') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by customer_id order by occurred_at, touchpoint_id
        ) as touch_rank
    from journey
),

first_touch as (
    select
        customer_id,
        case
            when channel like 'email%' then 'email'
            else channel
        end as acquisition_channel,
        occurred_at as first_touch_at
    from ranked
    where touch_rank = 1
),

first_purchase as (
    select
        customer_id,
        min(occurred_at) as first_purchase_at
    from journey
    where is_purchase
    group by customer_id
),

touches_before as (
    select
        journey.customer_id,
        count(*) as touches_before_first_purchase
    from journey
    inner join first_purchase on journey.customer_id = first_purchase.customer_id
    where journey.occurred_at < first_purchase.first_purchase_at
    group by journey.customer_id
),

final as (
    select
        first_touch.customer_id,
        first_touch.acquisition_channel,
        first_touch.first_touch_at,
        first_purchase.first_purchase_at,
        case
            when first_purchase.first_purchase_at is not null
                then coalesce(touches_before.touches_before_first_purchase, 0)
        end as touches_before_first_purchase,
        {{ dbt.datediff('first_touch.first_touch_at', 'first_purchase.first_purchase_at', 'day') }}
            as days_to_first_purchase
    from first_touch
    left join first_purchase on first_touch.customer_id = first_purchase.customer_id
    left join touches_before on first_touch.customer_id = touches_before.customer_id
)

select * from final
