{{
    config(
        materialized=landed_records_materialization(),
        unique_key='social_interaction_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_rows_gone_from_source(source('social', 'interactions'), 'interaction_id', 'social_interaction_id') }}"
    )
}}

with

source as (
    select * from {{ source('social', 'interactions') }}
    {% if is_incremental() %}
        where _delivered_on >= {{ delivered_since() }}
    {% endif %}
),

renamed as (
    select
        -- ids
        interaction_id as social_interaction_id,
        profile_id as social_profile_id,
        post_id,

        -- strings
        platform,
        interaction_type,
        text as interaction_text,

        -- timestamps
        cast(occurred_at as timestamp) as occurred_at,

        -- lineage
        _delivered_on

    from source
)

select * from renamed
