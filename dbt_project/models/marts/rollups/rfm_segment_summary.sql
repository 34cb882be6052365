-- Per RFM segment (all eleven, empty ones too): customers, revenue, CLV and churn risk.
with

customer_values as (
    select * from {{ ref('int_customer_values_joined') }}
    where rfm_segment is not null
),

segments as (
    select * from {{ ref('rfm_segments') }}
),

per_segment as (
    select
        rfm_segment,
        {{ value_rollup_measures() }}
    from customer_values
    group by rfm_segment
),

final as (
    select
        segments.rfm_segment,
        segments.segment_order,
        segments.description,
        segments.suggested_action,
        coalesce(per_segment.customers, 0) as customers,
        coalesce(per_segment.share_of_customers, 0) as share_of_customers,
        coalesce(per_segment.net_revenue, 0) as net_revenue,
        coalesce(per_segment.share_of_revenue, 0) as share_of_revenue,
        per_segment.average_net_revenue_per_buyer,
        per_segment.average_clv,
        coalesce(per_segment.total_clv, 0) as total_clv,
        per_segment.average_probability_alive,
        per_segment.high_churn_risk_share
    from segments
    left join per_segment on segments.rfm_segment = per_segment.rfm_segment
)

select * from final
