-- What winning and keeping each RFM segment costs against what it is worth.
--   acquisition cost — all paid-social spend (social ad_spend), shared equally among the
--                      people whose first touch was social (int_customers_acquired); people who
--                      came in through the shop or email cost no paid acquisition;
--   retention cost   — each email a person was sent, at its campaign's cost per send
--                      (campaign_performance.campaign_cost / sends);
--   CLV              — customer_clv's discounted CLV (buyers with a fitted model).
-- Customers without a purchase are the segment 'No purchase'.
with

customers as (
    select * from {{ ref('int_customer_values_joined') }}
),

acquired as (
    select * from {{ ref('int_customers_acquired') }}
),

ad_spend as (
    select sum(spend_amount) as total_spend from {{ ref('stg_social__ad_spends') }}
),

campaigns as (
    select
        campaign_id,
        campaign_cost / nullif(sends, 0) as cost_per_send
    from {{ ref('campaign_performance') }}
),

sends as (
    select * from {{ ref('stg_email__events') }}
    where event_type = 'send'
),

contacts as (
    select
        record_id as email_contact_id,
        identity_key as customer_id
    from {{ ref('int_identities_unioned') }}
    where record_type = 'email_contact'
),

retention_costs as (
    select
        contacts.customer_id,
        sum(campaigns.cost_per_send) as retention_cost
    from sends
    inner join contacts on sends.email_contact_id = contacts.email_contact_id
    inner join campaigns on sends.campaign_id = campaigns.campaign_id
    group by contacts.customer_id
),

social_acquired as (
    select count(*) as people
    from acquired
    where acquisition_channel = 'social'
),

per_customer as (
    select
        customers.customer_id,
        coalesce(customers.rfm_segment, 'No purchase') as rfm_segment,
        acquired.acquisition_channel,
        customers.clv,
        case
            when acquired.acquisition_channel = 'social'
                then ad_spend.total_spend / nullif(social_acquired.people, 0)
            else 0
        end as acquisition_cost,
        coalesce(retention_costs.retention_cost, 0) as retention_cost
    from customers
    left join acquired on customers.customer_id = acquired.customer_id
    left join retention_costs on customers.customer_id = retention_costs.customer_id
    cross join ad_spend
    cross join social_acquired
),

final as (
    select
        -- strings
        cast(rfm_segment as {{ dbt.type_string() }}) as rfm_segment,

        -- numerics
        cast(count(*) as integer) as customers,
        cast(sum(case when acquisition_channel = 'social' then 1 else 0 end) as integer)
            as acquired_via_social,
        cast(sum(case when acquisition_channel = 'email' then 1 else 0 end) as integer)
            as acquired_via_email,
        cast(sum(case when acquisition_channel like 'shop%' then 1 else 0 end) as integer)
            as acquired_via_shop,
        {{ to_money('sum(acquisition_cost)') }} as acquisition_cost,
        {{ to_money('sum(retention_cost)') }} as retention_cost,
        {{ to_money('sum(acquisition_cost) / count(*)') }} as acquisition_cost_per_customer,
        {{ to_money('sum(retention_cost) / count(*)') }} as retention_cost_per_customer,
        {{ to_money('sum(clv)') }} as total_clv,
        {{ to_money_from_double('avg(clv)') }} as average_clv,
        {{ round_double('cast(sum(clv) / nullif(sum(acquisition_cost), 0) as double)', 6) }}
            as clv_to_acquisition_cost,
        {{ round_double(
            'cast(sum(clv) / nullif(sum(acquisition_cost) + sum(retention_cost), 0) as double)', 6
        ) }} as clv_to_total_cost
    from per_customer
    group by rfm_segment
)

select * from final
