{#- The shop's currency when it is set: KLANTBEELD_SHOP_CURRENCY (the demo and the landing
    format; `currency:` in a bring-your-own-data config sets it for `klantbeeld run`), passed
    by the dbt steps as KLANTBEELD_DBT_SHOP_CURRENCY and read only when executing (as
    as_of_date.sql explains). The var `shop_currency` (dbt unit tests) wins. Empty: not set,
    the currency of most orders is the shop's (int_orders_in_shop_currency). -#}
{% macro shop_currency_setting() -%}
    {%- set from_run = env_var('KLANTBEELD_DBT_SHOP_CURRENCY', '') if execute else '' -%}
    {{- (var('shop_currency', none) or from_run or '') | upper -}}
{%- endmacro %}
