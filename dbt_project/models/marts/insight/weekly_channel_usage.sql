{{
    config(
        materialized='incremental',
        incremental_strategy=partition_replacing_strategy(),
        unique_key='week_start',
        partition_by=partitioned_on_engines_that_need_it('week_start'),
        on_schema_change='fail',
        tags=['weekly']
    )
}}

-- Per customer and ISO week (Monday to Sunday, shop-local time): which channels they used, on
-- which weekday and in which band of hours. Built one week at a time by the weekly job: the
-- week's Monday (YYYY-MM-DD, from the Dagster partition) in the environment variable
-- KLANTBEELD_DBT_WEEK_START (read only when executing, so dbt need not re-parse), or the var
-- `week_start` (dbt unit tests, a hand-run build), selects the week, whose rows replace that
-- week's rows; without either (a full refresh, or a plain dbt build) every week is built.
{#- A var set at all, even to null (a unit test of every week), wins over the run's week. #}
{%- set explicit = var('week_start', 'not set') %}
{%- if explicit == 'not set' %}
    {%- set explicit = env_var('KLANTBEELD_DBT_WEEK_START', '') if execute else '' %}
{%- endif %}
{%- set week = explicit or none %}

with

touchpoints as (
    select * from {{ ref('int_touchpoints_unioned') }}
    where
        channel in ('shop_web', 'shop_app', 'shop_store', 'email_open', 'email_click', 'social')
        and touch_type != 'profile_seen'
),

dated as (
    select
        customer_id,
        channel,
        cast({{ dbt.date_trunc('week', 'occurred_at_local') }} as date) as week_start,
        {{ iso_weekday('occurred_at_local') }} as weekday, -- noqa: RF04
        {{ hour_band('occurred_at_local') }} as hour_band
    from touchpoints
),

in_window as (
    select * from dated
    {% if week %}
        where week_start = cast('{{ week }}' as date)
    {% endif %}
),

final as (
    select
        -- ids
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,

        -- dates
        week_start,
        cast({{ iso_week_label('week_start') }} as {{ dbt.type_string() }}) as iso_week,

        -- strings
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(hour_band as {{ dbt.type_string() }}) as hour_band,

        -- numerics
        weekday,
        cast(count(*) as integer) as touches
    from in_window
    group by customer_id, week_start, channel, weekday, hour_band
)

select * from final
