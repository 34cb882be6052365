-- RFM per customer as of a date, quintile scores, the named segment and the A/B/C class.
--
-- Scores: a customer's score is 1 + floor(5 × percent_rank) of its value among all buyers,
-- ranked so that better is higher (recent, frequent, high spend); percent_rank gives tied
-- values the same rank, so equal values always get equal scores (the lowest score their tie
-- group reaches), independent of row order. The segment comes from the seed rfm_segment_grid
-- by recency score and the frequency-monetary score (mean of F and M, rounded up).
--
-- A/B/C: customers ranked by net revenue (ties by customer_id); a customer is A while the
-- revenue of everyone ranked above is below the A share (so the customer who crosses the
-- threshold is still A), B below A + B share, C after that and for zero or negative revenue.
with

purchase_days as (
    select * from {{ ref('int_purchases_aggregated_to_customer_days') }}
    where purchase_date <= {{ as_of_date() }}
),

customers as (
    select customer_id from {{ ref('customer_360') }}
),

segment_grid as (
    select * from {{ ref('rfm_segment_grid') }}
),

rfm_values as (
    select
        purchase_days.customer_id,
        min(purchase_days.purchase_date) as first_purchase_date,
        max(purchase_days.purchase_date) as last_purchase_date,
        sum(purchase_days.order_count) as frequency,
        sum(purchase_days.net_amount) as monetary
    from purchase_days
    inner join customers on purchase_days.customer_id = customers.customer_id
    group by purchase_days.customer_id
),

with_as_of as (
    select
        *,
        {{ as_of_date() }} as as_of_date
    from rfm_values
),

with_recency as (
    select
        *,
        {{ dbt.datediff('last_purchase_date', 'as_of_date', 'day') }} as recency_days -- noqa: LT05
    from with_as_of
),

scored as (
    select
        *,
        least(5, 1 + floor(5 * percent_rank() over (order by recency_days desc)))
            as recency_score,
        least(5, 1 + floor(5 * percent_rank() over (order by frequency asc)))
            as frequency_score,
        least(5, 1 + floor(5 * percent_rank() over (order by monetary asc)))
            as monetary_score
    from with_recency
),

ranked_by_revenue as (
    select
        *,
        sum(case when monetary > 0 then monetary else 0 end) over () as total_revenue,
        sum(case when monetary > 0 then monetary else 0 end) over (
            order by monetary desc, customer_id asc
            rows between unbounded preceding and 1 preceding
        ) as revenue_ranked_above
    from scored
),

classified as (
    select
        *,
        ceiling((frequency_score + monetary_score) / 2.0) as frequency_monetary_score,
        case
            when monetary <= 0 then 'C'
            when coalesce(revenue_ranked_above, 0) < {{ var('abc_class_a_share') }} * total_revenue
                then 'A'
            when
                coalesce(revenue_ranked_above, 0)
                < ({{ var('abc_class_a_share') }} + {{ var('abc_class_b_share') }}) * total_revenue
                then 'B'
            else 'C'
        end as abc_class
    from ranked_by_revenue
),

final as (
    select
        -- ids
        cast(classified.customer_id as {{ dbt.type_string() }}) as customer_id,

        -- dates
        classified.as_of_date,
        classified.first_purchase_date,
        classified.last_purchase_date,

        -- values
        cast(classified.recency_days as integer) as recency_days,
        cast(classified.frequency as integer) as frequency,
        {{ to_money('classified.monetary') }} as monetary,

        -- scores
        cast(classified.recency_score as integer) as recency_score,
        cast(classified.frequency_score as integer) as frequency_score,
        cast(classified.monetary_score as integer) as monetary_score,
        cast(classified.frequency_monetary_score as integer) as frequency_monetary_score,
        cast(
            {{ dbt.concat([
                "cast(cast(classified.recency_score as integer) as " ~ dbt.type_string() ~ ")",
                "cast(cast(classified.frequency_score as integer) as " ~ dbt.type_string() ~ ")",
                "cast(cast(classified.monetary_score as integer) as " ~ dbt.type_string() ~ ")",
            ]) }} as {{ dbt.type_string() }}
        ) as rfm_score,
        cast(segment_grid.rfm_segment as {{ dbt.type_string() }}) as rfm_segment,

        -- classes
        cast(classified.abc_class as {{ dbt.type_string() }}) as abc_class,
        cast(
            case
                when classified.monetary > 0
                    then cast(classified.monetary as double) / classified.total_revenue
            end as double
        ) as revenue_share
    from classified
    left join segment_grid
        on
            classified.recency_score = segment_grid.recency_score
            and classified.frequency_monetary_score = segment_grid.frequency_monetary_score
)

select * from final
