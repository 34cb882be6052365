{{ config(materialized='view', schema='intermediate') }}

-- One row per customer with everything the BI roll-ups group by and sum: revenue, RFM
-- segment and A/B/C class (buyers), CLV and churn risk (buyers), persona (everyone).
with

customers as (
    select * from {{ ref('customer_360') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

clv as (
    select * from {{ source('analytics', 'customer_clv') }}
),

churn as (
    select * from {{ source('analytics', 'customer_churn_signals') }}
),

personas as (
    select * from {{ source('analytics', 'customer_personas') }}
),

final as (
    select
        customers.customer_id,
        customers.is_buyer,
        customers.net_revenue,
        rfm.rfm_segment,
        rfm.abc_class,
        rfm.monetary as net_revenue_as_of,
        clv.probability_alive,
        clv.expected_purchases,
        clv.clv,
        clv.current_value_tertile,
        clv.clv_tertile,
        churn.churn_risk,
        personas.persona
    from customers
    left join rfm on customers.customer_id = rfm.customer_id
    left join clv on customers.customer_id = clv.customer_id
    left join churn on customers.customer_id = churn.customer_id
    left join personas on customers.customer_id = personas.customer_id
)

select * from final
