-- Consent belongs to the person: marketable_audience holds exactly the persons customer_360
-- calls is_email_marketable, mailed at an address of their own. Returns every person on which
-- the two disagree, by customer_id and reason (no address).
{{ config(meta={'dagster': {'ref': {'name': 'marketable_audience'}}}) }}
with

audience as (
    select * from {{ ref('marketable_audience') }}
),

customers as (
    select * from {{ ref('customer_360') }}
),

addresses as (
    select * from {{ ref('int_email_addresses_resolved_to_persons') }}
),

either as (
    select customer_id from audience
    union
    select customer_id from customers
    where is_email_marketable
),

final as (
    select
        either.customer_id,
        case
            when customers.customer_id is null then 'in the audience, not in customer_360'
            when audience.customer_id is null then 'marketable in customer_360, not in the audience'
            when not customers.is_email_marketable then 'in the audience, not marketable'
            else 'mailed at an address that is not theirs'
        end as disagreement
    from either
    left join audience on either.customer_id = audience.customer_id
    left join customers on either.customer_id = customers.customer_id
    left join addresses on audience.email = addresses.email
    where
        audience.customer_id is null
        or customers.customer_id is null
        or not customers.is_email_marketable
        or addresses.identity_key is distinct from audience.customer_id
)

select * from final
