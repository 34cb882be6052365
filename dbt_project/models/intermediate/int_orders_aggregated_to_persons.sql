-- Shop figures per person: purchases, revenue net of refunds, channels and categories.
with

orders as (
    select * from {{ ref('int_orders_enriched') }}
    where identity_key is not null and not is_test
),

category_amounts as (
    select * from {{ ref('int_category_amounts_aggregated_to_persons') }}
),

favourite_category as (
    select
        identity_key,
        category as favourite_category
    from (
        select
            *,
            row_number() over (
                partition by identity_key order by category_amount desc, category asc
            ) as amount_rank
        from category_amounts
    ) as ranked
    where amount_rank = 1
),

categories as (
    select
        identity_key,
        count(*) as distinct_category_count,
        {{ dbt.listagg('category', "', '", 'order by category') }} as categories_purchased
    from category_amounts
    group by identity_key
),

order_figures as (
    select
        identity_key,
        sum(case when is_purchase then 1 else 0 end) as order_count,
        sum(case when is_purchase then order_total else 0 end) as gross_revenue,
        sum(case when is_purchase then refunded_amount else 0 end) as refunded_amount,
        sum(case when is_purchase then net_amount else 0 end) as net_revenue,
        sum(case when is_purchase then item_count else 0 end) as items_purchased,
        sum(case when is_purchase and refund_count > 0 then 1 else 0 end) as refunded_order_count,
        sum(case when is_cancelled then 1 else 0 end) as cancelled_order_count,
        sum(case when is_purchase and is_guest_checkout then 1 else 0 end) as guest_order_count,
        sum(case when is_purchase and has_discount then 1 else 0 end) as discounted_order_count,
        sum(case when is_purchase and sales_channel = 'web' then 1 else 0 end) as web_order_count,
        sum(case when is_purchase and sales_channel = 'app' then 1 else 0 end) as app_order_count,
        sum(case when is_purchase and sales_channel = 'store' then 1 else 0 end)
            as store_order_count,
        min(case when is_purchase then ordered_at end) as first_order_at,
        max(case when is_purchase then ordered_at end) as last_order_at
    from orders
    group by identity_key
),

final as (
    select
        order_figures.*,
        favourite_category.favourite_category,
        coalesce(categories.distinct_category_count, 0) as distinct_category_count,
        categories.categories_purchased
    from order_figures
    left join favourite_category on order_figures.identity_key = favourite_category.identity_key
    left join categories on order_figures.identity_key = categories.identity_key
)

select * from final
