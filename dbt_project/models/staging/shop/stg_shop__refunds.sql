{{
    config(
        materialized=landed_records_materialization(),
        unique_key='refund_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_rows_gone_from_source(source('shop', 'refunds'), 'refund_id', 'refund_id') }}"
    )
}}

with

source as (
    select * from {{ source('shop', 'refunds') }}
    {% if is_incremental() %}
        where _delivered_on >= {{ delivered_since() }}
    {% endif %}
),

renamed as (
    select
        -- ids
        refund_id,
        order_id,

        -- strings
        reason as refund_reason,

        -- numerics
        {{ to_money('amount') }} as refund_amount,

        -- timestamps
        cast(created_at as timestamp) as refunded_at,

        -- lineage
        _delivered_on

    from source
)

select * from renamed
