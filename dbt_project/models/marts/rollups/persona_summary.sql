-- Per persona (every customer, buyers or not): customers, revenue, CLV and churn risk.
with

customer_values as (
    select * from {{ ref('int_customer_values_joined') }}
),

final as (
    select
        persona,
        {{ value_rollup_measures() }}
    from customer_values
    group by persona
)

select * from final
