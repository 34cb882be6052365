{#- The measures every BI roll-up shows, over rows of int_customer_values_joined grouped by
    one dimension. Shares are of all customers / all revenue in the table (window over the
    grouped rows). Averages of CLV and P(alive) are over buyers with a fitted model. Ratios are
    rounded to 6 decimals: floating-point sums in parallel differ in the last bits between runs,
    and a re-run must give the same table (round_double: the same on DuckDB and Spark). -#}
{% macro value_rollup_measures() -%}
    count(*) as customers,
    {{ round_double('cast(count(*) as double) / sum(count(*)) over ()', 6) }} as share_of_customers,
    sum(case when is_buyer then 1 else 0 end) as buyers,
    {{ to_money('sum(net_revenue_as_of)') }} as net_revenue,
    {{ round_double(
        'cast(sum(net_revenue_as_of) as double) / nullif(sum(sum(net_revenue_as_of)) over (), 0)', 6
    ) }} as share_of_revenue,
    {{ to_money_from_double('avg(net_revenue_as_of)') }} as average_net_revenue_per_buyer,
    {{ to_money_from_double('avg(clv)') }} as average_clv,
    {{ to_money_from_double('sum(clv)') }} as total_clv,
    {{ round_double('cast(avg(probability_alive) as double)', 6) }} as average_probability_alive,
    {{ round_double(
        "cast(sum(case when churn_risk = 'high' then 1 else 0 end) as double)"
        ~ " / nullif(count(churn_risk), 0)",
        6
    ) }} as high_churn_risk_share
{%- endmacro %}
