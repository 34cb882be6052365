-- Bought together: for every ordered pair of products (sku) and of categories that appear in
-- the same purchase, over all purchases and within each RFM segment's purchases:
--   support    = orders with both / orders in scope
--   confidence = orders with both / orders with item_a       (how often a → b)
--   lift       = support / (support of a × support of b)     (> 1: together more than chance)
-- Only pairs with support of at least `affinity_min_support` (default 0.01) are kept.
with

orders as (
    select
        order_id,
        identity_key as customer_id
    from {{ ref('int_orders_enriched') }}
    where is_purchase and identity_key is not null
),

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

lines as (
    select
        orders.order_id,
        rfm.rfm_segment,
        order_lines.sku,
        order_lines.category
    from order_lines
    inner join orders on order_lines.order_id = orders.order_id
    left join rfm on orders.customer_id = rfm.customer_id
),

-- One row per order, item and scope: every order counts in 'All customers' and in its buyer's
-- segment.
levels as (
    select
        order_id,
        rfm_segment,
        'product' as analysis_level,
        sku as item
    from lines
    union all
    select
        order_id,
        rfm_segment,
        'category' as analysis_level,
        category as item
    from lines
),

items as (
    select distinct
        order_id,
        analysis_level,
        item,
        'All customers' as segment_scope
    from levels
    where item is not null
    union all
    select distinct
        order_id,
        analysis_level,
        item,
        rfm_segment as segment_scope
    from levels
    where item is not null and rfm_segment is not null
),

orders_in_scope as (
    select
        analysis_level,
        segment_scope,
        count(distinct order_id) as scope_orders
    from items
    group by analysis_level, segment_scope
),

item_orders as (
    select
        analysis_level,
        segment_scope,
        item,
        count(distinct order_id) as item_orders
    from items
    group by analysis_level, segment_scope, item
),

pair_orders as (
    select
        item_a.analysis_level,
        item_a.segment_scope,
        item_a.item as item_a,
        item_b.item as item_b,
        count(distinct item_a.order_id) as pair_orders
    from items as item_a
    inner join items as item_b
        on
            item_a.order_id = item_b.order_id
            and item_a.analysis_level = item_b.analysis_level
            and item_a.segment_scope = item_b.segment_scope
            and item_a.item != item_b.item
    group by item_a.analysis_level, item_a.segment_scope, item_a.item, item_b.item
),

measured as (
    select
        pair_orders.analysis_level,
        pair_orders.segment_scope,
        pair_orders.item_a,
        pair_orders.item_b,
        pair_orders.pair_orders,
        orders_in_scope.scope_orders,
        a_orders.item_orders as item_a_orders,
        b_orders.item_orders as item_b_orders,
        cast(pair_orders.pair_orders as double)
        / orders_in_scope.scope_orders as support, -- noqa: RF04
        cast(pair_orders.pair_orders as double) / a_orders.item_orders as confidence,
        cast(pair_orders.pair_orders as double) * orders_in_scope.scope_orders
        / (cast(a_orders.item_orders as double) * b_orders.item_orders) as lift
    from pair_orders
    inner join orders_in_scope
        on
            pair_orders.analysis_level = orders_in_scope.analysis_level
            and pair_orders.segment_scope = orders_in_scope.segment_scope
    inner join item_orders as a_orders
        on
            pair_orders.analysis_level = a_orders.analysis_level
            and pair_orders.segment_scope = a_orders.segment_scope
            and pair_orders.item_a = a_orders.item
    inner join item_orders as b_orders
        on
            pair_orders.analysis_level = b_orders.analysis_level
            and pair_orders.segment_scope = b_orders.segment_scope
            and pair_orders.item_b = b_orders.item
),

final as (
    select
        -- strings
        cast(analysis_level as {{ dbt.type_string() }}) as analysis_level,
        cast(segment_scope as {{ dbt.type_string() }}) as rfm_segment,
        cast(item_a as {{ dbt.type_string() }}) as item_a,
        cast(item_b as {{ dbt.type_string() }}) as item_b,

        -- numerics
        cast(pair_orders as integer) as pair_orders,
        cast(item_a_orders as integer) as item_a_orders,
        cast(item_b_orders as integer) as item_b_orders,
        cast(scope_orders as integer) as scope_orders,
        -- Rounded: a re-run must give the same table, and float division is exact enough.
        {{ round_double('support', 6) }} as support, -- noqa: RF04
        {{ round_double('confidence', 6) }} as confidence,
        {{ round_double('lift', 6) }} as lift
    from measured
    where support >= {{ var('affinity_min_support') }}
)

select * from final
