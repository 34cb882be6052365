{#- Clock and calendar helpers for the insight marts. Warehouse timestamps are naive UTC; the
    shop's customers live by the shop's clock (var `shop_time_zone`, Europe/Amsterdam), so
    weekdays and hour bands are read in local time. -#}

{% macro shop_local_time(column) -%}
    {{ return(adapter.dispatch('shop_local_time')(column)) }}
{%- endmacro %}

{% macro default__shop_local_time(column) -%}
    (({{ column }} at time zone 'UTC') at time zone '{{ var("shop_time_zone") }}')
{%- endmacro %}

{% macro spark__shop_local_time(column) -%}
    from_utc_timestamp({{ column }}, '{{ var("shop_time_zone") }}')
{%- endmacro %}

{#- ISO weekday, 1 = Monday … 7 = Sunday. -#}
{% macro iso_weekday(column) -%}
    {{ return(adapter.dispatch('iso_weekday')(column)) }}
{%- endmacro %}

{% macro default__iso_weekday(column) -%}
    cast(extract(isodow from {{ column }}) as integer)
{%- endmacro %}

{% macro spark__iso_weekday(column) -%}
    cast(((dayofweek({{ column }}) + 5) % 7) + 1 as integer)
{%- endmacro %}

{#- 'night' 0–6, 'morning' 6–12, 'afternoon' 12–18, 'evening' 18–24 (local hours). -#}
{% macro hour_band(column) -%}
    case
        when extract(hour from {{ column }}) < 6 then 'night'
        when extract(hour from {{ column }}) < 12 then 'morning'
        when extract(hour from {{ column }}) < 18 then 'afternoon'
        else 'evening'
    end
{%- endmacro %}

{#- 'YYYY-Www' of the ISO week starting on Monday `week_start`: the ISO year is the year of the
    week's Thursday, the week number counts Thursdays from that year's first. -#}
{% macro iso_week_label(week_start) -%}
    {%- set thursday = dbt.dateadd('day', 3, week_start) -%}
    {{ dbt.concat([
        "cast(extract(year from " ~ thursday ~ ") as " ~ dbt.type_string() ~ ")",
        "'-W'",
        "lpad(cast(cast(floor(" ~ dbt.datediff(dbt.date_trunc('year', thursday), thursday, 'day')
            ~ " / 7) + 1 as integer) as " ~ dbt.type_string() ~ "), 2, '0')"
    ]) }}
{%- endmacro %}
