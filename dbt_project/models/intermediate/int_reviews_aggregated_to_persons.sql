-- Product reviews per person (int_reviews_attributed_to_persons says whose each review is).
with

attributed as (
    select * from {{ ref('int_reviews_attributed_to_persons') }}
),

final as (
    select
        identity_key,
        count(*) as review_count,
        avg(rating) as average_review_rating,
        max(reviewed_at) as last_reviewed_at
    from attributed
    where identity_key is not null
    group by identity_key
)

select * from final
