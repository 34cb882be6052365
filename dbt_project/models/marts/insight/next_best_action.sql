-- One recommended action per customer who may be emailed now (marts.marketable_audience, one
-- row per person: no one without consent, on any of their addresses, is ever listed), the first
-- rule that applies:
--   win_back        — high value (CLV or current-value tertile high; A class where no CLV was
--                     fitted) slipping away (churn risk high, or segment At Risk / Can't Lose
--                     Them / About to Sleep / Hibernating);
--   loyalty_reward  — Champions and Loyal;
--   cross_sell      — a buyer whose favourite category is bought together with another more
--                     often than chance (product_affinity, all customers, lift > 1): the
--                     category of highest lift is recommended;
--   welcome_offer   — someone who never bought;
--   stay_in_touch   — everyone else (the newsletter, no offer).
-- The discount (percent): none to stay in touch; else `nba_base_discount_percent` (5), plus the
-- same again for the price-sensitive (at least `price_sensitive_share` of their orders used a
-- discount) and again for high value, at most `nba_max_discount_percent` (15).
with

audience as (
    select customer_id from {{ ref('marketable_audience') }}
),

customers as (
    select * from {{ ref('customer_360') }}
),

values_joined as (
    select * from {{ ref('int_customer_values_joined') }}
),

category_pairs as (
    select * from {{ ref('product_affinity') }}
    where analysis_level = 'category' and rfm_segment = 'All customers' and lift > 1
),

best_pair as (
    select
        item_a as category,
        item_b as recommended_category
    from (
        select
            *,
            row_number() over (partition by item_a order by lift desc, item_b asc) as pair_rank
        from category_pairs
    ) as ranked
    where pair_rank = 1
),

profiled as (
    select
        audience.customer_id,
        customers.is_buyer,
        values_joined.rfm_segment,
        values_joined.clv_tertile,
        values_joined.churn_risk,
        best_pair.recommended_category,
        cast(customers.discounted_order_count as double)
        / nullif(customers.order_count, 0) as price_sensitivity,
        -- Worth much so far or in future (the value matrix's top row or column); without a
        -- fitted CLV model every buyer shares one tertile: fall back to the A/B/C class.
        coalesce(
            case
                when values_joined.clv is not null
                    then
                        values_joined.clv_tertile = 'high'
                        or values_joined.current_value_tertile = 'high'
            end,
            values_joined.abc_class = 'A',
            false
        ) as is_high_value,
        coalesce(values_joined.churn_risk = 'high', false)
        or coalesce(values_joined.rfm_segment in (
            'At Risk', 'Can''t Lose Them', 'About to Sleep', 'Hibernating'
        ), false) as is_slipping_away
    from audience
    inner join customers on audience.customer_id = customers.customer_id
    left join values_joined on audience.customer_id = values_joined.customer_id
    left join best_pair on customers.favourite_category = best_pair.category
),

actions as (
    select
        *,
        case
            when is_high_value and is_slipping_away then 'win_back'
            when rfm_segment in ('Champions', 'Loyal') then 'loyalty_reward'
            when is_buyer and recommended_category is not null then 'cross_sell'
            when not is_buyer then 'welcome_offer'
            else 'stay_in_touch'
        end as recommended_action
    from profiled
),

final as (
    select
        -- ids
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,

        -- strings
        cast(recommended_action as {{ dbt.type_string() }}) as recommended_action,
        cast(
            case when recommended_action = 'cross_sell' then recommended_category end
            as {{ dbt.type_string() }}
        ) as recommended_category,
        cast(rfm_segment as {{ dbt.type_string() }}) as rfm_segment,
        cast(clv_tertile as {{ dbt.type_string() }}) as clv_tertile,
        cast(churn_risk as {{ dbt.type_string() }}) as churn_risk,

        -- numerics
        {{ round_double('cast(price_sensitivity as double)', 6) }} as price_sensitivity,
        cast(
            case
                when recommended_action = 'stay_in_touch' then 0
                else least(
                    {{ var('nba_max_discount_percent') }},
                    {{ var('nba_base_discount_percent') }} * (
                        1
                        + case
                            when price_sensitivity >= {{ var('price_sensitive_share') }} then 1
                            else 0
                        end
                        + case when is_high_value then 1 else 0 end
                    )
                )
            end as integer
        ) as discount_percent,

        -- booleans
        is_high_value,
        is_slipping_away
    from actions
)

select * from final
