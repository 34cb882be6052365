{{ config(schema='intermediate') }}

-- Each purchase credited to at most one email campaign: the campaign of the buyer's last email
-- click at or before the order, if the order came within `attribution_window_days` (default 5)
-- of that click. A purchase without such a click is credited to no campaign (and not listed).
with

purchases as (
    select * from {{ ref('int_orders_enriched') }}
    where is_purchase and identity_key is not null
),

clicks as (
    select * from {{ ref('int_touchpoints_unioned') }}
    where channel = 'email_click' and campaign_id is not null
),

candidates as (
    select
        purchases.order_id,
        purchases.identity_key as customer_id,
        purchases.net_amount,
        purchases.ordered_at,
        clicks.campaign_id,
        clicks.occurred_at as clicked_at,
        row_number() over (
            partition by purchases.order_id
            order by clicks.occurred_at desc, clicks.touchpoint_id desc
        ) as click_rank
    from purchases
    inner join clicks
        on
            purchases.identity_key = clicks.customer_id
            and purchases.ordered_at >= clicks.occurred_at
            and purchases.ordered_at
            <= {{ dbt.dateadd('day', var('attribution_window_days'), 'clicks.occurred_at') }}
),

final as (
    select
        order_id,
        customer_id,
        campaign_id,
        net_amount,
        ordered_at,
        clicked_at
    from candidates
    where click_rank = 1
)

select * from final
