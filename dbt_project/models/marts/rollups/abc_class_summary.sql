-- Per A/B/C class (buyers): customers, revenue, CLV and churn risk.
with

customer_values as (
    select * from {{ ref('int_customer_values_joined') }}
    where abc_class is not null
),

final as (
    select
        abc_class,
        {{ value_rollup_measures() }}
    from customer_values
    group by abc_class
)

select * from final
