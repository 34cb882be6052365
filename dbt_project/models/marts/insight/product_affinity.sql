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

-- Both levels from one pass over the lines.
analysis_levels as (
    select 'product' as analysis_level
    union all
    select 'category' as analysis_level
),

-- One row per order, analysis level and item, with the segment of the order's buyer (one per
-- order; null for a buyer without one). Every order counts in 'All customers' and in its
-- buyer's segment, so the counts per segment add up to those of 'All customers'.
order_items as (
    select distinct
        lines.order_id,
        lines.rfm_segment,
        analysis_levels.analysis_level,
        case analysis_levels.analysis_level
            when 'product' then lines.sku else lines.category
        end as item
    from lines
    cross join analysis_levels
    where
        case analysis_levels.analysis_level
            when 'product' then lines.sku else lines.category
        end is not null
),

-- Each order once per level and segment: the pairs, items and orders below are counted per
-- segment once and summed for 'All customers', instead of joining every scope's orders apart.
segment_orders as (
    select
        analysis_level,
        rfm_segment,
        count(distinct order_id) as scope_orders
    from order_items
    group by analysis_level, rfm_segment
),

segment_item_orders as (
    select
        analysis_level,
        rfm_segment,
        item,
        count(*) as item_orders
    from order_items
    group by analysis_level, rfm_segment, item
),

orders_in_scope as (
    select
        analysis_level,
        'All customers' as segment_scope,
        sum(scope_orders) as scope_orders
    from segment_orders
    group by analysis_level
    union all
    select
        analysis_level,
        rfm_segment as segment_scope,
        scope_orders
    from segment_orders
    where rfm_segment is not null
),

item_orders as (
    select
        analysis_level,
        'All customers' as segment_scope,
        item,
        sum(item_orders) as item_orders
    from segment_item_orders
    group by analysis_level, item
    union all
    select
        analysis_level,
        rfm_segment as segment_scope,
        item,
        item_orders
    from segment_item_orders
    where rfm_segment is not null
),

-- A pair's support is at most that of each of its items, so only an item frequent enough in a
-- scope can be in a pair that scope keeps: the pairs are counted from the items frequent in
-- 'All customers' or in their order's segment (a pair left out there could never be kept).
frequent_items as (
    select
        item_orders.analysis_level,
        item_orders.segment_scope,
        item_orders.item
    from item_orders
    inner join orders_in_scope
        on
            item_orders.analysis_level = orders_in_scope.analysis_level
            and item_orders.segment_scope = orders_in_scope.segment_scope
    where
        cast(item_orders.item_orders as double) / orders_in_scope.scope_orders
        >= {{ var('affinity_min_support') }}
),

pair_candidates as (
    select
        order_items.order_id,
        order_items.rfm_segment,
        order_items.analysis_level,
        order_items.item
    from order_items
    left join frequent_items as in_all
        on
            in_all.segment_scope = 'All customers'
            and order_items.analysis_level = in_all.analysis_level
            and order_items.item = in_all.item
    left join frequent_items as in_segment
        on
            order_items.rfm_segment = in_segment.segment_scope
            and order_items.analysis_level = in_segment.analysis_level
            and order_items.item = in_segment.item
    where in_all.item is not null or in_segment.item is not null
),

-- An item is in an order once, so a pair's rows are its orders.
segment_pair_orders as (
    select
        item_a.analysis_level,
        item_a.rfm_segment,
        item_a.item as item_a,
        item_b.item as item_b,
        count(*) as pair_orders
    from pair_candidates as item_a
    inner join pair_candidates as item_b
        on
            item_a.order_id = item_b.order_id
            and item_a.analysis_level = item_b.analysis_level
            and item_a.item != item_b.item
    group by item_a.analysis_level, item_a.rfm_segment, item_a.item, item_b.item
),

pair_orders as (
    select
        analysis_level,
        'All customers' as segment_scope,
        item_a,
        item_b,
        sum(pair_orders) as pair_orders
    from segment_pair_orders
    group by analysis_level, item_a, item_b
    union all
    select
        analysis_level,
        rfm_segment as segment_scope,
        item_a,
        item_b,
        pair_orders
    from segment_pair_orders
    where rfm_segment is not null
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
