-- One row per order with its person, line totals, refunds and whether it counts as a purchase.
with

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

lines_per_order as (
    select
        order_id,
        count(*) as line_count,
        sum(quantity) as item_count,
        sum(line_amount) as lines_amount
    from order_lines
    group by order_id
),

refunds_per_order as (
    select
        order_id,
        count(*) as refund_count,
        sum(refund_amount) as refunded_amount,
        max(refunded_at) as last_refunded_at
    from refunds
    group by order_id
),

identities as (
    select
        record_id as order_id,
        identity_key
    from {{ ref('int_identities_unioned') }}
    where record_type = 'shop_order'
),

-- The order's person from the identity graph (its account, its checkout email); test orders
-- are nobody's.
identified as (
    select
        orders.*,
        identities.identity_key
    from orders
    left join identities on orders.order_id = identities.order_id
),

final as (
    select
        -- ids
        identified.order_id,
        identified.order_name,
        identified.shop_customer_id,
        identified.identity_key,

        -- strings
        identified.currency,
        identified.financial_status,
        identified.sales_channel,

        -- numerics
        identified.order_total,
        identified.discount_amount,
        coalesce(lines_per_order.line_count, 0) as line_count,
        coalesce(lines_per_order.item_count, 0) as item_count,
        coalesce(refunds_per_order.refund_count, 0) as refund_count,
        -- A refund cannot take back more than was paid.
        least(coalesce(refunds_per_order.refunded_amount, 0), identified.order_total)
            as refunded_amount,
        identified.order_total
        - least(coalesce(refunds_per_order.refunded_amount, 0), identified.order_total)
            as net_amount,

        -- booleans
        identified.is_test,
        identified.is_cancelled,
        identified.is_guest_checkout,
        identified.has_discount,
        -- A purchase: real (not a test), not cancelled or voided, and paid. Fully refunded
        -- purchases still count as purchases; their net amount is zero.
        not identified.is_test
        and not identified.is_cancelled
        and identified.financial_status in ('paid', 'partially_refunded', 'refunded')
            as is_purchase,

        -- timestamps
        identified.ordered_at,
        identified.cancelled_at,
        refunds_per_order.last_refunded_at

    from identified
    left join lines_per_order on identified.order_id = lines_per_order.order_id
    left join refunds_per_order on identified.order_id = refunds_per_order.order_id
)

select * from final
