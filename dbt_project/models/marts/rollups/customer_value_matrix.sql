-- The customer value matrix: current value (net revenue to date) tertile × future value (CLV)
-- tertile, nine cells, empty ones included.
with

customer_values as (
    select * from {{ ref('int_customer_values_joined') }}
    where current_value_tertile is not null and clv_tertile is not null
),

tertiles as (
    select
        'low' as tertile,
        1 as tertile_order
    union all
    select
        'medium' as tertile,
        2 as tertile_order
    union all
    select
        'high' as tertile,
        3 as tertile_order
),

cells as (
    select
        current_value.tertile as current_value_tertile,
        current_value.tertile_order as current_value_order,
        future_value.tertile as clv_tertile,
        future_value.tertile_order as clv_order
    from tertiles as current_value
    cross join tertiles as future_value
),

per_cell as (
    select
        current_value_tertile,
        clv_tertile,
        {{ value_rollup_measures() }}
    from customer_values
    group by current_value_tertile, clv_tertile
),

final as (
    select
        cells.current_value_tertile,
        cells.clv_tertile,
        cells.current_value_order,
        cells.clv_order,
        coalesce(per_cell.customers, 0) as customers,
        coalesce(per_cell.share_of_customers, 0) as share_of_customers,
        coalesce(per_cell.net_revenue, 0) as net_revenue,
        coalesce(per_cell.share_of_revenue, 0) as share_of_revenue,
        per_cell.average_clv,
        coalesce(per_cell.total_clv, 0) as total_clv,
        per_cell.average_probability_alive,
        per_cell.high_churn_risk_share
    from cells
    left join per_cell
        on
            cells.current_value_tertile = per_cell.current_value_tertile
            and cells.clv_tertile = per_cell.clv_tertile
)

select * from final
