{{
    config(
        materialized=landed_records_materialization(),
        unique_key='email_event_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_rows_gone_from_source(source('email', 'events'), 'event_id', 'email_event_id') }}"
    )
}}

with

source as (
    select * from {{ source('email', 'events') }}
    {% if is_incremental() %}
        where _delivered_on >= {{ delivered_since() }}
    {% endif %}
),

renamed as (
    select
        -- ids
        event_id as email_event_id,
        contact_id as email_contact_id,
        campaign_id,

        -- strings
        event_type,
        url as clicked_url,
        bounce_type,

        -- numerics
        survey_score,

        -- booleans
        event_type = 'bounce' and bounce_type = 'hard' as is_hard_bounce,

        -- timestamps
        cast(occurred_at as timestamp) as occurred_at,

        -- lineage
        _delivered_on

    from source
)

select * from renamed
