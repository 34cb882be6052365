-- Per acquisition channel (a person's first touch): how many people came in that way, how many
-- bought, and for the buyers the average number of touchpoints before and days from first
-- contact to the first purchase.
with

acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

final as (
    select
        cast(acquisition_channel as {{ dbt.type_string() }}) as acquisition_channel,
        cast(count(*) as integer) as customers,
        cast(count(first_purchase_at) as integer) as buyers,
        {{ round_double('cast(count(first_purchase_at) as double) / count(*)', 6) }} as buyer_share,
        {{ round_double('cast(avg(touches_before_first_purchase) as double)', 6) }}
            as average_touches_before_first_purchase,
        {{ round_double(
            'cast(avg(days_to_first_purchase) as double)', 6
        ) }} as average_days_to_first_purchase
    from acquired
    group by acquisition_channel
)

select * from final
