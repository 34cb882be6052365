-- Each product review with its person: through the reviewed order when known, else the
-- reviewer's email; empty when neither says who wrote it.
with

reviews as (
    select * from {{ ref('stg_shop__reviews') }}
),

orders as (
    select
        order_id,
        identity_key
    from {{ ref('int_orders_enriched') }}
),

addresses as (
    select * from {{ ref('int_email_addresses_resolved_to_persons') }}
),

final as (
    select
        reviews.review_id,
        reviews.rating,
        reviews.reviewed_at,
        coalesce(orders.identity_key, addresses.identity_key) as identity_key
    from reviews
    left join orders on reviews.order_id = orders.order_id
    left join addresses on reviews.reviewer_email = addresses.email
)

select * from final
