{{
    config(
        materialized=landed_records_materialization(),
        unique_key='review_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_rows_gone_from_source(source('shop', 'reviews'), 'review_id', 'review_id') }}"
    )
}}

with

source as (
    select * from {{ source('shop', 'reviews') }}
    {% if is_incremental() %}
        where _delivered_on >= {{ delivered_since() }}
    {% endif %}
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
        cast(created_at as timestamp) as reviewed_at,

        -- lineage
        _delivered_on

    from source
)

select * from renamed
