with

source as (
    select * from {{ source('shop', 'reviews') }}
),

renamed as (
    select
        -- ids
        review_id,
        sku,
        order_id,

        -- strings
        {{ normalize_email('reviewer_email') }} as reviewer_email,
        title as review_title,
        body as review_body,

        -- numerics
        rating,

        -- timestamps
        cast(created_at as timestamp) as reviewed_at

    from source
)

select * from renamed
